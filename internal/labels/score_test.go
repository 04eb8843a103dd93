package labels

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// modelBatches reads rs as batches (one worker) and returns them with the
// model of their first pass; the caller releases the batches.
func modelBatches(t *testing.T, rs []sampleRecord) (*Model, []*ingest.Batch) {
	t.Helper()
	path := writeJSONL(t, rs)
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	opts := ingest.Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 1, ChunkBytes: 20000}
	var batches []*ingest.Batch
	if err := ingest.Run(context.Background(), inputs, opts, func(_ int, b *ingest.Batch) error {
		batches = append(batches, b)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	c := NewCounts(Options{Seed: 1})
	for _, b := range batches {
		if err := c.Add(b); err != nil {
			t.Fatal(err)
		}
	}
	return c.Model(), batches
}

// TestScore2 checks that the two-class scoring (score2) gives the bits
// the general one (scoreMany) gives: scores, scores before normalisation,
// Σ idf² and the row vector, for every row of the mail sample under every
// fold's model.
func TestScore2(t *testing.T) {
	rs := readSample(t, 1)
	plant(rs)
	m, batches := modelBatches(t, rs)
	defer func() {
		for _, b := range batches {
			b.Record.Release()
		}
	}()
	if len(m.Names) != 2 || !m.Usable() {
		t.Fatalf("model of the mail sample: %d classes, usable %v; want 2, true", len(m.Names), m.Usable())
	}
	sc := m.NewScorer()
	sc.cf.reset(2)
	rows := 0
	for _, b := range batches {
		ingest.ForEachText(b.Column(ingest.ColText), func(i int, text []byte, valid bool) {
			if !valid {
				return
			}
			fs := sc.f.features(text)
			rows++
			for fd := range m.folds {
				sc.score2(fs, fd, true)
				s, u, ss, x := slices.Clone(sc.s), slices.Clone(sc.cf.u), sc.cf.ss, slices.Clone(sc.x)
				sc.scoreMany(fs, fd, true)
				if !sameBits(s, sc.s) || !sameBits(u, sc.cf.u) || math.Float64bits(ss) != math.Float64bits(sc.cf.ss) || !slices.Equal(x, sc.x) {
					t.Fatalf("row %d fold %d: score2 = %v, %v, %v; want scoreMany's %v, %v, %v", rows, fd, s, u, ss, sc.s, sc.cf.u, sc.cf.ss)
				}
			}
		})
	}
	if rows == 0 {
		t.Fatal("no rows scored")
	}
}

func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
