package dups

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// TestPreferKeepsEvaluationRows: with Prefer marking file 1 (an
// evaluation split), a cluster keeps its first row there and drops the
// training copies, even when one comes first.
func TestPreferKeepsEvaluationRows(t *testing.T) {
	long := "the quick brown fox jumps over the lazy dog again and again today"
	files := [][]string{
		{"alpha", long, "beta"},    // file 0: train
		{"Alpha ", "beta", long},   // file 1: test
		{"ALPHA", "gamma", "Beta"}, // file 2: train
	}
	line := func(f int, n int64) ingest.Pos { return ingest.Pos{File: f, N: n, Line: true} }
	tests := []struct {
		name   string
		prefer []bool
		exact  []ingest.Pos
		near   []ingest.Pos
	}{
		{"no splits", nil,
			[]ingest.Pos{line(1, 1), line(1, 2), line(1, 3), line(2, 1), line(2, 3)},
			[]ingest.Pos{line(1, 3)}},
		{"test preferred", []bool{false, true, false},
			[]ingest.Pos{line(0, 1), line(0, 2), line(0, 3), line(2, 1), line(2, 3)},
			[]ingest.Pos{line(0, 2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, _ := NewExact(NormalizeDefault)
			nr := NewNear()
			ex.CollectDrops, nr.CollectDrops = true, true
			ex.Prefer, nr.Prefer = tt.prefer, tt.prefer
			for f, texts := range files {
				b := dupBatch(t, f, texts, 1)
				if err := ex.Add(b); err != nil {
					t.Fatal(err)
				}
				if err := nr.Add(b); err != nil {
					t.Fatal(err)
				}
				b.Record.Release()
			}
			er, _, _ := ex.Result(nil, 10)
			if diff := cmp.Diff(tt.exact, er.Drop); diff != "" {
				t.Errorf("Exact.Result().Drop: (-want +got)\n%s", diff)
			}
			nres, _, _ := nr.Result(nil, 10)
			if diff := cmp.Diff(tt.near, nres.Drop); diff != "" {
				t.Errorf("Near.Result().Drop: (-want +got)\n%s", diff)
			}
		})
	}
}
