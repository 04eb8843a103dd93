package main

import (
	"strings"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/outfile"
)

// checkOutputs refuses, before anything is read, outputs that would
// overwrite an input (the data, a profile, a --policy or --tokenizer
// file) or each other. See outfile.CheckOutputs.
func checkOutputs(outputs []outfile.Path, inputs []ingest.Input, more ...outfile.Path) error {
	ins := make([]outfile.Path, 0, len(inputs)+len(more))
	for _, in := range inputs {
		ins = append(ins, outfile.Path{Flag: "input", Path: in.Path})
	}
	return outfile.CheckOutputs(outputs, append(ins, more...))
}

// tokenizerInput is the file --tokenizer hf:PATH reads, if any.
func tokenizerInput(spec string) outfile.Path {
	if p, ok := strings.CutPrefix(spec, "hf:"); ok {
		return outfile.Path{Flag: "--tokenizer", Path: p}
	}
	return outfile.Path{}
}
