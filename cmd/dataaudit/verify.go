package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/stats"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

const verifyUsage = `Usage: dataaudit verify [flags] PROFILE INPUT...

Checks files against the integrity manifest of a profile: each file's size
and SHA-256, and for a file that changed, its row count then and now. A
file is matched to the manifest by its path as given, or else by its base
name when that is unique. It reports every file that changed, every file
of the manifest that is missing and every extra file; one line each.

The row count of an unchanged file needs no reading: the same bytes give
the same rows. A changed file is read again (with the profile's text and
label fields) to say how its row count moved.

Examples:
  dataaudit verify corpus.profile.json data/
  dataaudit verify shard0.json 'shards/part-0*.parquet' --quiet

Exit codes: 0 every file matches, 1 a file changed, is missing or is
extra, 2 usage, input or internal error, 130 interrupted.

Flags:
`

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o profileOpts
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (`N`, 0: one per CPU) for recounting rows of changed files")
	quiet := fs.Bool("quiet", false, "print only the files that differ")
	lenientJSONFlag(fs, &o.lenientJSON)
	fs.Int64Var(&o.maxPageBytes, "max-page-bytes", ingest.DefaultMaxPageBytes, "largest Parquet page in `bytes`, compressed or not, that is read; the rows of a larger one are unreadable_rows (lower it to bound the memory a corrupt page header can ask for)")
	pos, done, err := parseCommand(fs, args, stdout, verifyUsage, "")
	if done || err != nil {
		return err
	}
	if len(pos) < 2 {
		return audit.UsageError{Err: errors.New("want a PROFILE and at least one INPUT"), Hint: hintUsage}
	}
	p, err := readProfile(ctx, pos[0])
	if err != nil {
		return err
	}
	inputs, err := ingest.ExpandContext(ctx, pos[1:])
	if err != nil {
		return err
	}
	defer ingest.Close(inputs)
	// A stream is hashed, then perhaps recounted: it is read into a
	// temporary file first.
	if err := ingest.Spool(ctx, inputs, func(msg string) { fmt.Fprintf(stderr, "dataaudit verify: %s\n", msg) }); err != nil {
		return err
	}
	res, err := verify(ctx, p, inputs, ingest.Options{Text: p.Settings.Text, Label: p.Settings.Label, Workers: o.workers, LenientJSON: o.lenientJSON, MaxPageBytes: o.maxPageBytes})
	if err != nil {
		return err
	}
	// Paths come from the command line and the (untrusted) manifest.
	stdout = termsafe.NewWriter(stdout)
	esc := termsafe.Escape
	bad := 0
	for _, r := range res {
		if r.status != "ok" {
			bad++
		} else if *quiet {
			continue
		}
		fmt.Fprintf(stdout, "%-8s %s%s\n", r.status, esc(r.path), esc(r.detail))
	}
	if bad > 0 {
		verb := "differ"
		if bad == 1 {
			verb = "differs"
		}
		fmt.Fprintf(stdout, "%d of %s %s from the manifest of %s\n", bad, report.Plural(len(res), "file"), verb, esc(pos[0]))
		return errDiffers
	}
	if len(res) == 1 {
		fmt.Fprintf(stdout, "the file matches the manifest of %s\n", esc(pos[0]))
		return nil
	}
	fmt.Fprintf(stdout, "all %d files match the manifest of %s\n", len(res), esc(pos[0]))
	return nil
}

// verified is one file's verdict: ok, changed, missing or extra.
type verified struct {
	status, path, detail string
}

// verify checks inputs against p's manifest and returns one verdict per
// file, manifest files first in manifest order, then extra files.
func verify(ctx context.Context, p *profile.Profile, inputs []ingest.Input, iopts ingest.Options) ([]verified, error) {
	byPath := map[string]int{}
	byBase := map[string][]int{}
	for i, in := range inputs {
		byPath[filepath.Clean(in.Path)] = i
		b := filepath.Base(in.Path)
		byBase[b] = append(byBase[b], i)
	}
	used := make([]bool, len(inputs))
	match := make([]int, len(p.Manifest))
	for k, f := range p.Manifest {
		match[k] = -1
		if i, ok := byPath[filepath.Clean(f.Path)]; ok && !used[i] {
			match[k], used[i] = i, true
		}
	}
	for k, f := range p.Manifest {
		if match[k] >= 0 {
			continue
		}
		if c := byBase[filepath.Base(f.Path)]; len(c) == 1 && !used[c[0]] {
			match[k], used[c[0]] = c[0], true
		}
	}
	out := make([]verified, 0, len(p.Manifest))
	var recount []ingest.Input
	recountAt := map[int]int{} // index in out -> index in recount
	for k, f := range p.Manifest {
		if match[k] < 0 {
			out = append(out, verified{"missing", f.Path, fmt.Sprintf(": %s, %s in the manifest", report.Plural(int(f.Bytes), "byte"), report.Plural(int(f.Rows), "row"))})
			continue
		}
		in := inputs[match[k]]
		name := in.Path
		if filepath.Clean(in.Path) != filepath.Clean(f.Path) {
			name = fmt.Sprintf("%s (manifest: %s)", in.Path, f.Path)
		}
		sum, size, err := hashInput(ctx, in)
		if err != nil {
			return nil, err
		}
		if f.SHA256 == "" && size == f.Bytes {
			out = append(out, verified{"ok", name, " (size only: the manifest has no SHA-256)"})
			continue
		}
		if sum == f.SHA256 && size == f.Bytes {
			out = append(out, verified{"ok", name, ""})
			continue
		}
		d := ": sha256 differs"
		if size != f.Bytes {
			d = fmt.Sprintf(": %s, %d in the manifest; sha256 differs", report.Plural(int(size), "byte"), f.Bytes)
		}
		recountAt[len(out)] = len(recount)
		recount = append(recount, in)
		out = append(out, verified{"changed", name, d + fmt.Sprintf("; rows: %d in the manifest", f.Rows)})
	}
	for i, in := range inputs {
		if !used[i] {
			out = append(out, verified{"extra", in.Path, fmt.Sprintf(": %s, not in the manifest", report.Plural(int(in.Bytes()), "byte"))})
		}
	}
	if len(recount) > 0 {
		rows, err := countRows(ctx, recount, iopts)
		if err != nil {
			return nil, err
		}
		for at, j := range recountAt {
			out[at].detail += fmt.Sprintf(", %d now", rows[j])
		}
	}
	return out, nil
}

// readProfile reads the profile at path; waiting for a FIFO's writer or
// bytes ends with ctx.
func readProfile(ctx context.Context, path string) (*profile.Profile, error) {
	f, err := ingest.OpenContext(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := profile.Read(f)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("profile %s: %w", path, err)
	}
	return p, nil
}

// hashInput returns an input's SHA-256 and size: a stream's were
// computed as it was spooled.
func hashInput(ctx context.Context, in ingest.Input) (string, int64, error) {
	if in.IsStream() {
		sum, ok := in.Digest()
		if !ok {
			return "", 0, fmt.Errorf("%s: could not be read to its end", in.Path)
		}
		return sum, in.Bytes(), nil
	}
	return profile.HashFile(ctx, in.Path)
}

// countRows counts the records of each input.
func countRows(ctx context.Context, inputs []ingest.Input, iopts ingest.Options) ([]int64, error) {
	all, err := analysis.Run(ctx, inputs, analysis.Options{Ingest: iopts}, []analysis.Factory{
		func() (analysis.Analyser, error) { return stats.NewFileRows(len(inputs)), nil },
	})
	if err != nil {
		return nil, err
	}
	return all[0].(*stats.FileRows).Rows(), nil
}
