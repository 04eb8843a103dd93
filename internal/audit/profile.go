package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/tokenizer"
)

// ProfileConfig is what a profile reads and holds.
type ProfileConfig struct {
	Inputs []string // files, directories, globs, "-"
	// Ingest says how to read the inputs (its Notify and Progress come
	// from the hooks).
	Ingest ingest.Options
	// Top tokens are listed with exact counts (0: every token).
	Top int
	// Tokenizer describes the tokens counted; LLM, if set, counts them.
	Tokenizer profile.Tokenizer
	LLM       *llmtok.Tokenizer
	// NoHash leaves the SHA-256 out of the manifest.
	NoHash bool
	// Outputs, Reads: see ScanConfig.
	Outputs, Reads []outfile.Path
	ToolVersion    string
}

// WordTokenizer describes the word tokenizer in profiles (tokenizer.Words).
func WordTokenizer() profile.Tokenizer { return tokenizer.Words() }

// Profile expands the inputs and profiles them. A profile over data that
// was not all usable comes with a DataError from ProfileVerdict.
func Profile(ctx context.Context, cfg *ProfileConfig, hooks Hooks) (*profile.Profile, error) {
	inputs, err := ingest.ExpandContext(ctx, cfg.Inputs)
	if err != nil {
		return nil, err
	}
	defer ingest.Close(inputs)
	if err := checkOutputs(cfg.Outputs, inputs, cfg.Reads...); err != nil {
		return nil, err
	}
	iopts := cfg.Ingest
	iopts.Notify = hooks.notify
	add, done := hooks.progress("reading", progressTotal(inputs))
	iopts.Progress = add
	p, _, _, err := profile.Build(ctx, inputs, profile.Options{
		Ingest: iopts, TopN: cfg.Top, Tokenizer: cfg.Tokenizer, LLM: cfg.LLM, ToolVersion: cfg.ToolVersion, NoHash: cfg.NoHash,
	})
	done()
	return p, err
}

// ProfileVerdict returns the DataError of a profile over data that was
// not all usable, or nil.
func ProfileVerdict(p *profile.Profile) error {
	if p.Counts.UnreadableInputs > 0 {
		return DataError{Err: fmt.Errorf("%s could not be read to the end; the profile covers the rest", report.Plural(int(p.Counts.UnreadableInputs), "input"))}
	}
	if _, ok := p.Counts.BadByKind[ingest.BadInputChanged]; ok {
		return DataError{Err: errors.New("an input changed while it was read; the profile covers what was read")}
	}
	return noUsableRecord(p.Counts.Rows, p.Counts.RecordsRead, p.Counts.BadByKind, true)
}

// MergeConfig is what a merge of profiles reads and writes.
type MergeConfig struct {
	Profiles []string
	// Outputs are checked against the Profiles before any reading.
	Outputs     []outfile.Path
	ToolVersion string
}

// Merge reads the profiles and merges them (profile.Merge: the manifests
// joined, the counts added); profiles that cannot be merged are a
// DataError, an output that is a profile a UsageError.
func Merge(ctx context.Context, cfg *MergeConfig) (*profile.Profile, error) {
	ins := make([]outfile.Path, len(cfg.Profiles))
	for i, p := range cfg.Profiles {
		ins[i] = outfile.Path{Flag: "profile", Path: p}
	}
	if err := outfile.CheckOutputs(cfg.Outputs, ins); err != nil {
		return nil, UsageError{Err: err}
	}
	ps := make([]*profile.Profile, 0, len(cfg.Profiles))
	for _, path := range cfg.Profiles {
		p, err := ReadProfile(ctx, path)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	m, err := profile.Merge(ps)
	if err != nil {
		return nil, DataError{Err: err}
	}
	m.Tool.Version = cfg.ToolVersion
	return m, nil
}
