package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/audit"
)

const tokenizerFlagHelp = "count tokens of `TOKENIZER`: words, cl100k_base, o200k_base, or hf:PATH/tokenizer.json (byte-level BPE); model tokens are counted by id"

// tokenizerFlag declares --tokenizer. compare has no default: it takes a
// profile's tokenizer, else words (audit.CompareTokenizer).
func (o *profileOpts) tokenizerFlag(fs *flag.FlagSet, compare bool) {
	if compare {
		fs.StringVar(&o.tokenizer, "tokenizer", "", tokenizerFlagHelp+" (default: the tokenizer of the side that is a profile, else words; a profile made with another is an error)")
		return
	}
	fs.StringVar(&o.tokenizer, "tokenizer", "words", tokenizerFlagHelp)
}

// compareTokenizer is audit.CompareTokenizer with its errors said in
// terms of --tokenizer.
func compareTokenizer(asked, argA, argB string) (audit.Tokenizer, error) {
	tok, err := audit.CompareTokenizer(asked, argA, argB)
	var (
		load     audit.AskedTokenizerError
		mismatch audit.TokenizerMismatchError
		made     audit.ProfileTokenizerError
	)
	switch {
	case errors.As(err, &load):
		return tok, fmt.Errorf("--tokenizer: %w", load.Err)
	case errors.As(err, &mismatch):
		return tok, fmt.Errorf("%s (%s) is a profile made with tokenizer %s, but --tokenizer %s is %s: token counts made with different tokenizers cannot be compared (leave --tokenizer out to use the profile's)",
			mismatch.Side, mismatch.Arg, mismatch.Made, mismatch.Spec, mismatch.Asked)
	case errors.As(err, &made):
		return tok, fmt.Errorf("%s (%s) is a profile made with tokenizer %s: %v; give --tokenizer to count %s in the same tokens",
			made.Side, made.Arg, made.Made, made.Err, made.Other)
	}
	return tok, err
}
