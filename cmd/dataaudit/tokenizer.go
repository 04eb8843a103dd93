package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// This file chooses the tokenizer of profile and compare: words, or a
// language model's (internal/llmtok), counted by token id.

// tokChoice is a tokenizer: how a profile describes it, and the model
// tokenizer that counts by id (nil for words).
type tokChoice struct {
	desc profile.Tokenizer
	llm  *llmtok.Tokenizer
}

// loadTokenizer returns the tokenizer spelled spec as scan's --tokenizer
// spells it: words, cl100k_base, o200k_base or hf:PATH.
func loadTokenizer(spec string) (tokChoice, error) {
	if spec == "words" {
		return tokChoice{desc: audit.WordTokenizer()}, nil
	}
	t, err := llmtok.Load(spec)
	if err != nil {
		return tokChoice{}, fmt.Errorf("--tokenizer: %w", err)
	}
	return tokChoice{desc: profile.LLMTokenizer(t, spec), llm: t}, nil
}

const tokenizerFlagHelp = "count tokens of `TOKENIZER`: words, cl100k_base, o200k_base, or hf:PATH/tokenizer.json (byte-level BPE); model tokens are counted by id"

// tokenizerFlag declares --tokenizer. compare has no default: it takes a
// profile's tokenizer, else words (see compareTokenizer).
func (o *profileOpts) tokenizerFlag(fs *flag.FlagSet, compare bool) {
	if compare {
		fs.StringVar(&o.tokenizer, "tokenizer", "", tokenizerFlagHelp+" (default: the tokenizer of the side that is a profile, else words; a profile made with another is an error)")
		return
	}
	fs.StringVar(&o.tokenizer, "tokenizer", "words", tokenizerFlagHelp)
}

// compareTokenizer sets o.tok for comparing A with B. With --tokenizer,
// that tokenizer, and a side that is a profile must have been made with
// it. Without, a side that is a profile decides (A's first), so that raw
// data on the other side is counted in the same tokens; with raw data on
// both sides, words. Profiles on both sides are checked against each other
// later (profile.Comparable).
func (o *profileOpts) compareTokenizer(argA, argB string) error {
	args := [2]string{argA, argB}
	names := [2]string{"A", "B"}
	var made [2]*profile.Tokenizer
	for i, arg := range args {
		if !audit.IsProfile(arg) {
			continue
		}
		p, err := profile.ReadFile(arg)
		if err != nil {
			return fmt.Errorf("%s: %w", names[i], err)
		}
		t := p.Settings.Tokenizer
		made[i] = &t
	}
	if o.tokenizer != "" {
		c, err := loadTokenizer(o.tokenizer)
		if err != nil {
			return err
		}
		for i, t := range made {
			if t != nil && !t.Same(c.desc) {
				return fmt.Errorf("%s (%s) is a profile made with tokenizer %s, but --tokenizer %s is %s: token counts made with different tokenizers cannot be compared (leave --tokenizer out to use the profile's)",
					names[i], args[i], t, o.tokenizer, c.desc)
			}
		}
		o.tok = c
		return nil
	}
	o.tok = tokChoice{desc: audit.WordTokenizer()}
	if made[0] != nil && made[1] != nil {
		return nil // nothing to tokenize
	}
	for i, t := range made {
		if t == nil {
			continue
		}
		c, err := tokenizerOf(*t)
		if err != nil {
			return fmt.Errorf("%s (%s) is a profile made with tokenizer %s: %v; give --tokenizer to count %s in the same tokens",
				names[i], args[i], t, err, names[1-i])
		}
		o.tok = c
	}
	return nil
}

// tokenizerOf loads the tokenizer a profile was made with, from its spec
// (or, for tiktoken, its name), and checks that it is the same vocabulary.
func tokenizerOf(t profile.Tokenizer) (tokChoice, error) {
	if w := audit.WordTokenizer(); t.Same(w) {
		return tokChoice{desc: w}, nil
	}
	spec := t.Spec
	if spec == "" {
		if rest, ok := strings.CutPrefix(t.Name, "tiktoken:"); ok {
			spec, _, _ = strings.Cut(rest, " ")
		}
	}
	if spec == "" {
		return tokChoice{}, fmt.Errorf("the profile does not say how to load it")
	}
	c, err := loadTokenizer(spec)
	if err != nil {
		return tokChoice{}, fmt.Errorf("it cannot be loaded here (%v)", err)
	}
	if !c.desc.Same(t) {
		return tokChoice{}, fmt.Errorf("%s here is %s, another vocabulary", spec, c.desc)
	}
	return c, nil
}
