package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/report"
)

// CheckStdout refuses, before any work, two outputs that both write to
// standard output ("-"): their bytes would interleave into something that
// is neither (two JSON documents, JSON then Markdown). fileOnly are
// outputs that cannot go to standard output at all (a format chosen by
// the file's name, or a file another tool opens).
func CheckStdout(outputs []outfile.Path, fileOnly ...outfile.Path) error {
	for _, o := range fileOnly {
		if toStdout(o.Path) {
			return fmt.Errorf("%s cannot write to standard output (-): name a file", o.Flag)
		}
	}
	first := ""
	for _, o := range outputs {
		if !toStdout(o.Path) {
			continue
		}
		if first != "" {
			return fmt.Errorf("%s - and %s - both write to standard output: only one output may be -", first, o.Flag)
		}
		first = o.Flag
	}
	return nil
}

// WritesStdout reports whether an output is "-", which then takes the
// place of the text summary on stdout.
func WritesStdout(paths ...string) bool {
	for _, p := range paths {
		if toStdout(p) {
			return true
		}
	}
	return false
}

// toStdout reports whether path is "-", or names the pipe or socket that
// standard output is (/dev/stdout, /dev/fd/1): written there, an output
// would share the stream with the text summary ('scan --json /dev/stdout
// | jq' would read the JSON, then the summary), so it counts as "-". A
// terminal, /dev/null or a regular file is left alone: nothing is mixed
// in a stream a program reads (a file is replaced whole).
func toStdout(path string) bool {
	if path == "-" {
		return true
	}
	if path == "" {
		return false
	}
	out, err := os.Stdout.Stat()
	if err != nil || out.Mode()&(os.ModeNamedPipe|os.ModeSocket) == 0 {
		return false
	}
	st, err := os.Stat(path)
	return err == nil && os.SameFile(st, out)
}

// WriteFile writes with write to path, or to stdout for "-". A file is
// written whole or not at all: a failed or interrupted write (ctx done)
// leaves the previous one.
func WriteFile(ctx context.Context, path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	return outfile.WriteFileContext(ctx, path, func(f *outfile.File) error { return write(f) })
}

// Output is a file a command writes (Path "" for none, "-" for stdout)
// and how it is written.
type Output struct {
	Path  string
	Write func(io.Writer) error
}

// WriteOutputs writes each output that has a path, in order (WriteFile),
// and stops at the first error.
func WriteOutputs(ctx context.Context, stdout io.Writer, outs ...Output) error {
	for _, o := range outs {
		if o.Path == "" {
			continue
		}
		if err := WriteFile(ctx, o.Path, stdout, o.Write); err != nil {
			return err
		}
	}
	return nil
}

// WriteFindings writes --findings to its file (JSONL, or Parquet for
// .parquet), or as JSONL to stdout for "-" (then the one output on
// stdout, see CheckStdout).
func WriteFindings(ctx context.Context, path string, stdout io.Writer, fs []finding.Finding) error {
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
