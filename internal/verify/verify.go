// Package verify checks files against a profile's manifest, as
// sha256sum -c checks a list: each manifest file found (by path, or by
// base name when unambiguous) is hashed, and a changed one has its
// records counted again. The use case (which files, the profile read)
// is audit.Verify.
package verify

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// Check checks inputs against p's manifest and returns one verdict per
// file, manifest files first in manifest order, then extra files. With
// at (the manifest's own files checked), a manifest file is the input at
// at(its path) and named by its path, never matched by base name.
func Check(ctx context.Context, p *profile.Profile, inputs []ingest.Input, iopts ingest.Options, at func(string) string) ([]report.Verified, error) {
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
		key := f.Path
		if at != nil {
			key = at(f.Path)
		}
		if i, ok := byPath[filepath.Clean(key)]; ok && !used[i] {
			match[k], used[i] = i, true
		}
	}
	for k, f := range p.Manifest {
		if match[k] >= 0 || at != nil {
			continue
		}
		if c := byBase[filepath.Base(f.Path)]; len(c) == 1 && !used[c[0]] {
			match[k], used[c[0]] = c[0], true
		}
	}
	out := make([]report.Verified, 0, len(p.Manifest))
	var recount []ingest.Input
	recountAt := map[int]int{} // index in out -> index in recount
	for k, f := range p.Manifest {
		if match[k] < 0 {
			out = append(out, report.Verified{Status: "missing", Path: f.Path, Detail: fmt.Sprintf(": %s, %s in the manifest", report.Plural(int(f.Bytes), "byte"), report.Plural(int(f.Rows), "row"))})
			continue
		}
		in := inputs[match[k]]
		name := in.Path
		if at != nil {
			name = f.Path
		} else if filepath.Clean(in.Path) != filepath.Clean(f.Path) {
			name = fmt.Sprintf("%s (manifest: %s)", in.Path, f.Path)
		}
		sum, size, err := hashInput(ctx, in)
		if err != nil {
			return nil, err
		}
		if f.SHA256 == "" && size == f.Bytes {
			out = append(out, report.Verified{Status: "ok", Path: name, Detail: " (size only: the manifest has no SHA-256)"})
			continue
		}
		if sum == f.SHA256 && size == f.Bytes {
			out = append(out, report.Verified{Status: "ok", Path: name, Detail: ""})
			continue
		}
		d := ": sha256 differs"
		if size != f.Bytes {
			d = fmt.Sprintf(": %s, %d in the manifest; sha256 differs", report.Plural(int(size), "byte"), f.Bytes)
		}
		recountAt[len(out)] = len(recount)
		recount = append(recount, in)
		out = append(out, report.Verified{Status: "changed", Path: name, Detail: d + fmt.Sprintf("; rows: %d in the manifest", f.Rows)})
	}
	for i, in := range inputs {
		if !used[i] {
			out = append(out, report.Verified{Status: "extra", Path: in.Path, Detail: fmt.Sprintf(": %s, not in the manifest", report.Plural(int(in.Bytes()), "byte"))})
		}
	}
	if len(recount) > 0 {
		rows, err := countRows(ctx, recount, iopts)
		if err != nil {
			return nil, err
		}
		for at, j := range recountAt {
			out[at].Detail += fmt.Sprintf(", %d now", rows[j])
		}
	}
	return out, nil
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
	return profile.HashInput(ctx, in)
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
