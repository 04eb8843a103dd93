package analysis_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// split is a way of handing a read's batches to k analysers, merged left
// to right afterwards, as k workers would get them.
type split struct {
	name string
	k    int
	pick func(batch int) int
}

// splits are the worker splits TestEncodingCanonical compares: one
// worker, batches dealt round-robin to three, and at random to five.
func splits() []split {
	rng := rand.New(rand.NewPCG(5, 13))
	return []split{
		{"one worker", 1, func(int) int { return 0 }},
		{"3 round-robin", 3, func(b int) int { return b % 3 }},
		{"5 at random", 5, func(int) int { return rng.IntN(5) }},
	}
}

// readSplit reads inputs in small batches, in file order, hands each to
// the analyser of factory f that sp picks and returns them merged.
func readSplit(t *testing.T, inputs []ingest.Input, sp split, f analysis.Factory) analysis.Analyser {
	t.Helper()
	as := make([]analysis.Analyser, sp.k)
	for i := range as {
		a, err := f()
		if err != nil {
			t.Fatal(err)
		}
		as[i] = a
	}
	iopts := ingest.Options{Text: []string{"text"}, LenientJSON: true, Label: "label", ID: "id", Workers: 1, ChunkBytes: 4 << 10}
	n := 0
	err := ingest.Run(context.Background(), inputs, iopts, func(_ int, b *ingest.Batch) error {
		defer b.Record.Release()
		i := sp.pick(n)
		n++
		return as[i].Add(b)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range as[1:] {
		if err := as[0].Merge(o); err != nil {
			t.Fatal(err)
		}
	}
	return as[0]
}

// TestEncodingCanonical: a state is the same bytes however the input was
// split among workers, for every analysis of scan --all, the rows per
// file of a profile, and every second pass (scan --shard --pass1): the
// README promises a shard's state file "a deterministic binary encoding",
// and a state's bytes are what a job compares and checksums.
func TestEncodingCanonical(t *testing.T) {
	inputs, err := ingest.Expand(analysistest.Corpus(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	c := config()
	c.Files = len(inputs)
	c.Splits = []string{"train", "val", "test"}
	for _, s := range append(slices.Clone(audit.Analyses), stats.FileRowsSpec) {
		t.Run(s.Name, func(t *testing.T) {
			var want, want2 []byte
			var first analysis.Analyser
			for _, sp := range splits() {
				a := readSplit(t, inputs, sp, func() (analysis.Analyser, error) { return s.New(c) })
				got, err := analysis.Encode(s, a)
				if err != nil {
					t.Fatal(err)
				}
				if want == nil {
					want, first = got, a
					continue
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: the state differs from one worker's (%d bytes, want %d; first difference at byte %s)", sp.name, len(got), len(want), firstDiff(got, want))
				}
			}
			if s.Second == nil {
				return
			}
			f, err := s.Second(first, c)
			if err != nil {
				t.Fatal(err)
			}
			if f == nil {
				return // the corpus builds no second pass (backdoor: no instructions)
			}
			for _, sp := range splits() {
				got, err := analysis.EncodeSecond(s, readSplit(t, inputs, sp, f))
				if err != nil {
					t.Fatal(err)
				}
				if want2 == nil {
					want2 = got
					continue
				}
				if !bytes.Equal(got, want2) {
					t.Errorf("second pass, %s: the state differs from one worker's (%d bytes, want %d; first difference at byte %s)", sp.name, len(got), len(want2), firstDiff(got, want2))
				}
			}
		})
	}
}

// firstDiff is the index of the first byte where a and b differ.
func firstDiff(a, b []byte) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprint(i)
		}
	}
	return fmt.Sprint(min(len(a), len(b)))
}
