package audit

import (
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/tokenizer"
)

// This file names the tokenizers of profile and compare for the command
// (package tokenizer chooses them).

// Tokenizer is a tokenizer of profile and compare (tokenizer.Tokenizer).
type Tokenizer = tokenizer.Tokenizer

// LoadTokenizer returns the tokenizer spelled spec (tokenizer.Load).
func LoadTokenizer(spec string) (Tokenizer, error) { return tokenizer.Load(spec) }

// CompareTokenizer returns the tokenizer to compare A with B in
// (tokenizer.ForCompare); flag names how a tokenizer is asked for.
func CompareTokenizer(asked, flag, argA, argB string) (Tokenizer, error) {
	return tokenizer.ForCompare(asked, flag, argA, argB, IsProfile)
}

// TokenizerInput is the file a tokenizer spelled spec reads (hf:PATH), if
// any, named by flag (tokenizer.Input).
func TokenizerInput(spec, flag string) outfile.Path { return tokenizer.Input(spec, flag) }
