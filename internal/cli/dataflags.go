package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/dataaudit/dataaudit/internal/audit"
)

const tokenizerFlagHelp = "count tokens of `TOKENIZER`: words, cl100k_base, o200k_base, or hf:PATH/tokenizer.json (byte-level BPE); model tokens are counted by id"

// TokenizerFlag declares --tokenizer of profile and compare. compare has
// no default: it takes a profile's tokenizer, else words
// (audit.CompareTokenizer).
func TokenizerFlag(fs *flag.FlagSet, tokenizer *string, compare bool) {
	if compare {
		fs.StringVar(tokenizer, "tokenizer", "", tokenizerFlagHelp+" (default: the tokenizer of the side that is a profile, else words; a profile made with another is an error)")
		return
	}
	fs.StringVar(tokenizer, "tokenizer", "words", tokenizerFlagHelp)
}

// SplitFlag declares scan's --split NAME=PATH, repeated: each appends a
// split to splits.
func SplitFlag(fs *flag.FlagSet, splits *[]audit.SplitInput) {
	fs.Func("split", "read `NAME=PATH` (a file, directory or glob) as dataset split NAME (train, test, validation, dev, or another name, counted but not compared); repeat for each split; the other inputs' splits are detected", func(v string) error {
		name, path, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(name) == "" || path == "" {
			return fmt.Errorf("want NAME=PATH, as in train=data/train.jsonl")
		}
		*splits = append(*splits, audit.SplitInput{Name: name, Path: path})
		return nil
	})
}
