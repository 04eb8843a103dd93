package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/report"
)

// tokenizerInput is the file --tokenizer hf:PATH reads, if any.
func tokenizerInput(spec string) outfile.Path {
	if p, ok := strings.CutPrefix(spec, "hf:"); ok {
		return outfile.Path{Flag: "--tokenizer", Path: p}
	}
	return outfile.Path{}
}

// checkStdout refuses, before any work, two outputs that both write to
// standard output ("-"): their bytes would interleave into something that
// is neither (two JSON documents, JSON then Markdown). fileOnly are
// outputs that cannot go to standard output at all (a format chosen by
// the file's name, or a file another tool opens).
func checkStdout(outputs []outfile.Path, fileOnly ...outfile.Path) error {
	for _, o := range fileOnly {
		if o.Path == "-" {
			return fmt.Errorf("%s cannot write to standard output (-): name a file", o.Flag)
		}
	}
	first := ""
	for _, o := range outputs {
		if o.Path != "-" {
			continue
		}
		if first != "" {
			return fmt.Errorf("%s - and %s - both write to standard output: only one output may be -", first, o.Flag)
		}
		first = o.Flag
	}
	return nil
}

// writesStdout reports whether an output is "-", which then takes the
// place of the text summary on stdout.
func writesStdout(paths ...string) bool {
	for _, p := range paths {
		if p == "-" {
			return true
		}
	}
	return false
}

// writeFindings writes --findings to its file, or as JSONL to stdout for
// "-" (then the one output on stdout, see checkStdout).
func writeFindings(ctx context.Context, path string, stdout io.Writer, fs []finding.Finding) error {
	if path == "-" {
		if err := report.WriteFindingsJSONL(stdout, fs); err != nil {
			return fmt.Errorf("--findings -: %w", err)
		}
		return nil
	}
	return report.WriteFindings(ctx, path, fs)
}
