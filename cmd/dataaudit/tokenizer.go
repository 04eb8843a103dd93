package main

import (
	"flag"
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
