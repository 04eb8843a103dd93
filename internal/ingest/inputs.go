package ingest

import (
	"context"
	"io"
	"os"

	"github.com/dataaudit/dataaudit/internal/ingest/textread"
	"github.com/dataaudit/dataaudit/internal/source"
)

// The inputs Run reads are internal/source's; ingest re-exports the names
// its callers use, so that a command needs one import to find and read
// its inputs.

// Input is one file or stream to read (see internal/source).
type Input = source.Input

// Format is the format of an input.
type Format = source.Format

// The input formats.
const (
	JSONL     = source.JSONL
	Parquet   = source.Parquet
	JSONArray = source.JSONArray
	CSV       = source.CSV
	TSV       = source.TSV
	Arrow     = source.Arrow
)

// Skipped is a file a directory walk found and did not read, with why.
type Skipped = source.Skipped

// ExpandSkipped is ExpandContext that also returns the files of
// directories it did not read: see source.ExpandSkipped.
func ExpandSkipped(ctx context.Context, args []string) ([]Input, []Skipped, error) {
	return source.ExpandSkipped(ctx, args)
}

// StdinName is the Path of standard input ("-" on the command line).
const StdinName = source.StdinName

// Expand resolves arguments to inputs: see source.Expand.
func Expand(args []string) ([]Input, error) { return source.Expand(args) }

// ExpandContext is Expand whose waits on streams end with ctx: see
// source.ExpandContext.
func ExpandContext(ctx context.Context, args []string) ([]Input, error) {
	return source.ExpandContext(ctx, args)
}

// Close closes the streams among inputs and removes the copies kept of
// them: see source.Close.
func Close(inputs []Input) error { return source.Close(inputs) }

// Spool reads every stream among inputs into a temporary file, so that
// they can be read several times: see source.Spool.
func Spool(ctx context.Context, inputs []Input, notify func(string)) error {
	return source.Spool(ctx, inputs, notify)
}

// OpenJSONL opens a JSONL input for reading, decompressing it if needed:
// see source.OpenJSONL.
func OpenJSONL(in Input) (io.ReadCloser, error) { return source.OpenJSONL(in) }

// ArrayElements calls fn with the index and bytes of each element of the
// JSON array r (as OpenJSONL returns it), in order, until fn returns
// false: see textread.Elements.
func ArrayElements(r io.Reader, path string, opts *Options, fn func(index int64, raw []byte) bool) error {
	return textread.Elements(r, path, opts, fn)
}

// OpenContext opens path as os.Open does, with waits that end with ctx:
// see source.OpenContext.
func OpenContext(ctx context.Context, path string) (*os.File, error) {
	return source.OpenContext(ctx, path)
}

// IsURL reports whether arg names a bucket object or prefix rather than
// a local path: see source.IsURL.
func IsURL(arg string) bool { return source.IsURL(arg) }
