// Package tokenizer chooses the tokenizer of profile and compare: words,
// or a language model's (internal/llmtok), counted by token id.
package tokenizer

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// WordsName names the word tokenizer in reports, so that profiles made
// with different ones are never compared.
const WordsName = `words/v1: Unicode simple lowercase, split on [^\p{L}\p{N}]+ (as DuckDB regexp_split_to_array(lower(text), '[^\p{L}\p{N}]+'))`

// Words describes the word tokenizer in profiles: WordsName split into
// its name and description.
func Words() profile.Tokenizer {
	name, desc, _ := strings.Cut(WordsName, ": ")
	return profile.Tokenizer{Name: name, Description: desc, TokenEncoding: "text"}
}

// Tokenizer is a tokenizer of profile and compare: how a profile
// describes it, and the model tokenizer that counts by id (nil for
// words).
type Tokenizer struct {
	Desc profile.Tokenizer
	LLM  *llmtok.Tokenizer
}

// Load returns the tokenizer spelled spec: words, cl100k_base,
// o200k_base or hf:PATH.
func Load(spec string) (Tokenizer, error) {
	if spec == "words" {
		return Tokenizer{Desc: Words()}, nil
	}
	t, err := llmtok.Load(spec)
	if err != nil {
		return Tokenizer{}, err
	}
	return Tokenizer{Desc: profile.LLMTokenizer(t, spec), LLM: t}, nil
}

// ForCompare returns the tokenizer to compare A with B in; flag names
// how a tokenizer is asked for, in messages, and isProfile says whether
// an argument names a profile. With asked (not ""),
// that tokenizer, and a side that is a profile must have been made with
// it. Without, a side that is a profile decides (A's
// first), so that raw data on the other side is counted in the same
// tokens; with raw data on both sides, words. Profiles on both sides are
// checked against each other later (profile.Comparable).
func ForCompare(asked, flag, argA, argB string, isProfile func(string) bool) (Tokenizer, error) {
	args := [2]string{argA, argB}
	names := [2]string{"A", "B"}
	var made [2]*profile.Tokenizer
	for i, arg := range args {
		if !isProfile(arg) {
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
		c, err := Load(asked)
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
	tok := Tokenizer{Desc: Words()}
	if made[0] != nil && made[1] != nil {
		return tok, nil // nothing to tokenize
	}
	for i, t := range made {
		if t == nil {
			continue
		}
		c, err := of(*t)
		if err != nil {
			return Tokenizer{}, fmt.Errorf("%s (%s) is a profile made with tokenizer %s: %v; give %s to count %s in the same tokens",
				names[i], args[i], t, err, flag, names[1-i])
		}
		tok = c
	}
	return tok, nil
}

// of loads the tokenizer a profile was made with, from its spec
// (or, for tiktoken, its name), and checks that it is the same vocabulary.
func of(t profile.Tokenizer) (Tokenizer, error) {
	if w := Words(); t.Same(w) {
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
	c, err := Load(spec)
	if err != nil {
		return Tokenizer{}, fmt.Errorf("it cannot be loaded here (%v)", err)
	}
	if !c.Desc.Same(t) {
		return Tokenizer{}, fmt.Errorf("%s here is %s, another vocabulary", spec, c.Desc)
	}
	return c, nil
}

// Input is the file a tokenizer spelled spec reads (hf:PATH), if
// any, named by flag: an output must not overwrite it.
func Input(spec, flag string) outfile.Path {
	if p, ok := strings.CutPrefix(spec, "hf:"); ok {
		return outfile.Path{Flag: flag, Path: p}
	}
	return outfile.Path{}
}
