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

// writeFindings writes --findings to its file, or as JSONL to stdout for
// "-" (then the one output on stdout, see checkStdout).
func writeFindings(ctx context.Context, path string, stdout io.Writer, fs []finding.Finding) error {
	var err error
	if path == "-" {
		err = report.WriteFindingsJSONL(stdout, fs)
	} else {
		err = report.WriteFindings(ctx, path, fs)
	}
	if err != nil {
		return fmt.Errorf("--findings %s: %w", path, err)
	}
	return nil
}
