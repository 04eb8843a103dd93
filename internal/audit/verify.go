package audit

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

// VerifyConfig is what a verification checks.
type VerifyConfig struct {
	// Profile is the path of the profile whose manifest the Inputs
	// (files, directories, globs, "-") are checked against.
	Profile string
	Inputs  []string
	// Ingest says how to read changed files to recount their rows; its
	// Text and Label are the profile's.
	Ingest ingest.Options
}

// Verify checks the inputs against the profile's manifest and returns one
// verdict per file, manifest files first in manifest order, then extra
// files. A stream is spooled first (said with hooks.Notify): it is hashed,
// then perhaps recounted.
func Verify(ctx context.Context, cfg *VerifyConfig, hooks Hooks) ([]report.Verified, error) {
	p, err := ReadProfile(ctx, cfg.Profile)
	if err != nil {
		return nil, err
	}
	inputs, err := ingest.ExpandContext(ctx, cfg.Inputs)
	if err != nil {
		return nil, err
	}
	defer ingest.Close(inputs)
	if err := ingest.Spool(ctx, inputs, hooks.notify); err != nil {
		return nil, err
	}
	iopts := cfg.Ingest
	iopts.Text, iopts.Label = p.Settings.Text, p.Settings.Label
	return verify(ctx, p, inputs, iopts)
}

// verify checks inputs against p's manifest and returns one verdict per
// file, manifest files first in manifest order, then extra files.
func verify(ctx context.Context, p *profile.Profile, inputs []ingest.Input, iopts ingest.Options) ([]report.Verified, error) {
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
		if filepath.Clean(in.Path) != filepath.Clean(f.Path) {
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

// ReadProfile reads the profile at path; waiting for a FIFO's writer or
// bytes ends with ctx.
func ReadProfile(ctx context.Context, path string) (*profile.Profile, error) {
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
