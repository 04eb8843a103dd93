package audit

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
)

// TestScanInputChangedBetweenReads: an input rewritten after the first
// read, before a later read of it (the label checks' second pass, the
// excerpts of the findings), is an input_changed record and a DataError,
// as a change during the first read is. Before, the label checks scored
// a mix of two versions, and excerpts showed rows of the new one, in a
// report that passed with exit 0.
func TestScanInputChangedBetweenReads(t *testing.T) {
	orig, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		phase string // the change is made as this phase starts
		label bool
	}{
		{"before the label checks' read", "label checks", true},
		{"before the excerpts' read", "finishing", false},
		{"no change", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(t.TempDir(), "in.jsonl")
			if err := os.WriteFile(in, orig, 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := &ScanConfig{
				Inputs: []string{in}, Text: []string{"text"}, Top: 10, MaxExamples: 5,
				ExactNormalize: dups.NormalizeDefault, Dedup: true, Evasions: true, NoSplits: true,
			}
			if tt.label {
				cfg.Label, cfg.TopPerLabel, cfg.LabelChecks, cfg.Folds, cfg.Seed, cfg.LabelMinP = "label", 5, true, 5, 1, labels.DefaultMinP
			}
			doc, err := Scan(context.Background(), cfg, Hooks{
				Progress: func(phase string, _ int64) (func(int64), func()) {
					if phase == tt.phase {
						// Another version: labels swapped, a row more at the top.
						b := bytes.ReplaceAll(orig, []byte(`"spam"`), []byte(`"hamX"`))
						b = append([]byte(`{"id":"new","text":"a new first row"}`+"\n"), b...)
						if err := os.WriteFile(in, b, 0o644); err != nil {
							t.Fatal(err)
						}
						later := time.Now().Add(time.Hour)
						os.Chtimes(in, later, later)
					}
					return func(int64) {}, func() {}
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			_, flagged := doc.Summary.BadByKind[ingest.BadInputChanged]
			var de DataError
			verr := Verdict(doc, -1, "--max-bad-records")
			if changed := tt.phase != ""; flagged != changed || errors.As(verr, &de) != changed {
				t.Errorf("Scan(input changed %s): input_changed recorded %v, Verdict %v; want %v and a DataError %v", tt.phase, flagged, verr, changed, changed)
			}
			n := 0
			for _, f := range doc.Findings {
				if f.Kind == finding.KindBadRecord && f.Subkind == ingest.BadInputChanged {
					n++
				}
			}
			if want := map[bool]int{true: 1}[tt.phase != ""]; n != want {
				t.Errorf("Scan(input changed %s): %d input_changed findings, want %d", tt.phase, n, want)
			}
		})
	}
}
