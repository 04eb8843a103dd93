package shards

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// This file holds what a shard and a merge do with the analyses' states
// whatever the command: the job's hash key, the run of a shard's pieces,
// and the decoding and merging of state files. The use cases that call
// them (scan and profile, package audit) keep their configurations.

// KeyEnv names the environment variable holding a secret that the
// shards and the merge of a job share, to key the exact duplicates' hash.
const KeyEnv = "DATAAUDIT_SHARD_KEY"

// Key is the exact duplicates' hash key of a job (see
// analysis.Config.DedupKey): the shards of a job must share one, and
// each derives it from what they share, the settings and the inputs, and
// the secret of KeyEnv when set. Without the secret the key can be
// computed by whoever knows the inputs, so that a supplier could craft
// rows whose hashes collide; with it, not.
func Key(settings []byte, inputs []Input) []byte {
	h := sha256.New()
	h.Write([]byte("dataaudit shard key\x00"))
	h.Write([]byte(os.Getenv(KeyEnv)))
	h.Write([]byte{0})
	h.Write(settings)
	for _, in := range inputs {
		fmt.Fprintf(h, "\x00%s\x00%d", in.Path, in.Size)
	}
	return h.Sum(nil)[:dups.KeySize]
}

// Total is the number of bytes the pieces of a shard read.
func Total(inputs []ingest.Input, pieces []Piece) int64 {
	var total int64
	for _, p := range pieces {
		if p.End < 0 {
			total += inputs[p.File].Size
		} else if p.RowGroups {
			total += p.Bytes
		} else {
			total += p.End - p.Start
		}
	}
	return total
}

// Run reads the pieces of a shard, one after the other, into one
// analyser per factory, and returns them (fresh ones for a shard that
// holds nothing).
func Run(ctx context.Context, inputs []ingest.Input, aopts analysis.Options, pieces []Piece, factories []analysis.Factory) ([]analysis.Analyser, error) {
	spans := make([]*ingest.Span, 0, len(pieces))
	for _, p := range pieces {
		span, err := Span(ctx, inputs[p.File], p)
		if err != nil {
			return nil, err
		}
		if span != nil {
			spans = append(spans, span)
		}
	}
	return RunSpans(ctx, inputs, aopts, spans, factories)
}

// RunSpans runs factories' analyses over each span in turn and merges
// them in span order; with no span, it returns fresh analysers, so that
// an empty shard still has a state for every analysis.
func RunSpans(ctx context.Context, inputs []ingest.Input, aopts analysis.Options, spans []*ingest.Span, factories []analysis.Factory) ([]analysis.Analyser, error) {
	var all []analysis.Analyser
	for _, span := range spans {
		aopts.Ingest.Span = span
		got, err := analysis.Run(ctx, inputs, aopts, factories)
		if err != nil {
			return nil, err
		}
		if all == nil {
			all = got
			continue
		}
		for i := range all {
			if err := all[i].Merge(got[i]); err != nil {
				return nil, err
			}
		}
	}
	if all == nil {
		for _, f := range factories {
			a, err := f()
			if err != nil {
				return nil, err
			}
			all = append(all, a)
		}
	}
	return all, nil
}

// AddStates appends the encoded state of all[i], an analyser of
// specs[i], to the file's states, for each i.
func (f *File) AddStates(specs []*analysis.Spec, all []analysis.Analyser) error {
	for i, s := range specs {
		data, err := analysis.Encode(s, all[i])
		if err != nil {
			return err
		}
		f.States = append(f.States, State{Name: s.Name, Data: data})
	}
	return nil
}

// IsStateFile reports whether the file at path is a state file (else,
// say, a JSON profile). Only a regular file is opened: a FIFO or device
// is no state file, and opening a FIFO would wait for its writer.
func IsStateFile(path string) (bool, error) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return false, nil // the profile reader says why it cannot read it
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := f.Read(head)
	return IsState(head[:n]), nil
}

// DecodeStates returns the analysers of specs whose first-pass states
// file holds (name names it), in spec order.
func DecodeStates(specs []*analysis.Spec, cfg *analysis.Config, file *File, name string) ([]analysis.Analyser, error) {
	if len(file.States) != len(specs) {
		return nil, fmt.Errorf("%s holds %d states, the scan runs %d analyses", name, len(file.States), len(specs))
	}
	out := make([]analysis.Analyser, len(specs))
	for i, s := range specs {
		if file.States[i].Name != s.Name {
			return nil, fmt.Errorf("%s: state %d is of %s, want %s", name, i, file.States[i].Name, s.Name)
		}
		a, err := analysis.Decode(s, cfg, file.States[i].Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[i] = a
	}
	return out, nil
}

// MergeStates decodes the first-pass states of every shard and merges
// them, in shard order, into the first shard's: merging into a decoded
// state rather than a fresh one keeps its tables at their size.
func MergeStates(specs []*analysis.Spec, cfg *analysis.Config, files []Named) ([]analysis.Analyser, error) {
	var merged []analysis.Analyser
	for _, f := range files {
		got, err := DecodeStates(specs, cfg, f.File, f.Name)
		if err != nil {
			return nil, err
		}
		if merged == nil {
			merged = got
			continue
		}
		for i := range merged {
			if err := merged[i].Merge(got[i]); err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
		}
	}
	return merged, nil
}

// ProfileSpecs are the analyses of a profile shard, in the order of its
// states: the token summary and the rows per file.
var ProfileSpecs = []*analysis.Spec{stats.Spec, stats.FileRowsSpec}

// MergeProfile decodes the KindProfile shards' states (under cfg) and
// merges them, in shard order, with stats.Summary.Merge; it returns the
// merged token summary and rows per file, and the SHA-256 of each of the
// inputs, from the shard that owns its first byte.
func MergeProfile(files []Named, cfg *analysis.Config, inputs int) (*stats.Summary, *stats.FileRows, []string, error) {
	specs := ProfileSpecs
	merged := make([]analysis.Analyser, len(specs))
	hashes := make([]string, inputs)
	for _, f := range files {
		if len(f.States) != len(specs) {
			return nil, nil, nil, fmt.Errorf("%s holds %d states, a profile shard %d", f.Name, len(f.States), len(specs))
		}
		for i, s := range specs {
			a, err := analysis.Decode(s, cfg, f.States[i].Data)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			if merged[i] == nil {
				merged[i] = a
			} else if err := merged[i].Merge(a); err != nil {
				return nil, nil, nil, fmt.Errorf("%s: %w", f.Name, err)
			}
		}
		for i, h := range f.Hashes {
			if h != "" {
				hashes[i] = h
			}
		}
	}
	return merged[0].(*stats.Summary), merged[1].(*stats.FileRows), hashes, nil
}
