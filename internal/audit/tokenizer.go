package audit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// This file chooses the tokenizer of profile and compare: words, or a
// language model's (internal/llmtok), counted by token id.

// Tokenizer is a tokenizer of profile and compare: how a profile
// describes it, and the model tokenizer that counts by id (nil for
// words).
type Tokenizer struct {
	Desc profile.Tokenizer
	LLM  *llmtok.Tokenizer
}

// LoadTokenizer returns the tokenizer spelled spec: words, cl100k_base,
// o200k_base or hf:PATH.
func LoadTokenizer(spec string) (Tokenizer, error) {
	if spec == "words" {
		return Tokenizer{Desc: WordTokenizer()}, nil
	}
	t, err := llmtok.Load(spec)
	if err != nil {
		return Tokenizer{}, err
	}
	return Tokenizer{Desc: profile.LLMTokenizer(t, spec), LLM: t}, nil
}

// CompareTokenizer returns the tokenizer to compare A with B in; flag
// names how a tokenizer is asked for, in messages. With asked (not ""),
// that tokenizer, and a side that is a profile must have been made with
// it. Without, a side that is a profile decides (A's
// first), so that raw data on the other side is counted in the same
// tokens; with raw data on both sides, words. Profiles on both sides are
// checked against each other later (profile.Comparable).
func CompareTokenizer(asked, flag, argA, argB string) (Tokenizer, error) {
	args := [2]string{argA, argB}
	names := [2]string{"A", "B"}
	var made [2]*profile.Tokenizer
	for i, arg := range args {
		if !IsProfile(arg) {
			continue
		}
		p, err := profile.ReadFile(arg)
		if err != nil {
			return Tokenizer{}, fmt.Errorf("%s: %w", names[i], err)
		}
		t := p.Settings.Tokenizer
		made[i] = &t
	}
	if asked != "" {
		c, err := LoadTokenizer(asked)
		if err != nil {
			return Tokenizer{}, fmt.Errorf("%s: %w", flag, err)
		}
		for i, t := range made {
			if t != nil && !t.Same(c.Desc) {
				return Tokenizer{}, fmt.Errorf("%s (%s) is a profile made with tokenizer %s, but %s %s is %s: token counts made with different tokenizers cannot be compared (leave %s out to use the profile's)",
					names[i], args[i], t, flag, asked, c.Desc, flag)
			}
		}
		return c, nil
	}
	tok := Tokenizer{Desc: WordTokenizer()}
	if made[0] != nil && made[1] != nil {
		return tok, nil // nothing to tokenize
	}
	for i, t := range made {
		if t == nil {
			continue
		}
		c, err := tokenizerOf(*t)
		if err != nil {
			return Tokenizer{}, fmt.Errorf("%s (%s) is a profile made with tokenizer %s: %v; give %s to count %s in the same tokens",
				names[i], args[i], t, err, flag, names[1-i])
		}
		tok = c
	}
	return tok, nil
}

// tokenizerOf loads the tokenizer a profile was made with, from its spec
// (or, for tiktoken, its name), and checks that it is the same vocabulary.
func tokenizerOf(t profile.Tokenizer) (Tokenizer, error) {
	if w := WordTokenizer(); t.Same(w) {
		return Tokenizer{Desc: w}, nil
	}
	spec := t.Spec
	if spec == "" {
		if rest, ok := strings.CutPrefix(t.Name, "tiktoken:"); ok {
			spec, _, _ = strings.Cut(rest, " ")
		}
	}
	if spec == "" {
		return Tokenizer{}, errors.New("the profile does not say how to load it")
	}
	c, err := LoadTokenizer(spec)
	if err != nil {
		return Tokenizer{}, fmt.Errorf("it cannot be loaded here (%v)", err)
	}
	if !c.Desc.Same(t) {
		return Tokenizer{}, fmt.Errorf("%s here is %s, another vocabulary", spec, c.Desc)
	}
	return c, nil
}

// TokenizerInput is the file a tokenizer spelled spec reads (hf:PATH), if
// any, named by flag: an output must not overwrite it.
func TokenizerInput(spec, flag string) outfile.Path {
	if p, ok := strings.CutPrefix(spec, "hf:"); ok {
		return outfile.Path{Flag: flag, Path: p}
	}
	return outfile.Path{}
}
