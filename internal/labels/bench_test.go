package labels

import (
	"context"
	"testing"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// BenchmarkFeatures measures the per-row hashing of words and pairs, on the
// shipped sample's mails.
func BenchmarkFeatures(b *testing.B) {
	t := &testing.T{}
	rs := readSample(t, 1)
	var n int64
	texts := make([][]byte, len(rs))
	for i, r := range rs {
		texts[i] = []byte(r.Text)
		n += int64(len(r.Text))
	}
	var f featurizer
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			f.features(t)
		}
	}
}

// BenchmarkPasses measures both passes' per-batch work (features, counts,
// sample; then scoring and trigger words), one worker, on the sample's
// mails twice. counts includes allocating its tables (2 MiB a class) and
// the sample's copies, which a long run pays once.
func BenchmarkPasses(b *testing.B) {
	t := &testing.T{}
	rs := readSample(t, 2)
	plant(rs)
	path := writeJSONL(t, rs)
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	opts := ingest.Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 1}
	var batches []*ingest.Batch
	var n int64
	if err := ingest.Run(context.Background(), inputs, opts, func(_ int, bt *ingest.Batch) error {
		batches = append(batches, bt)
		n += bt.Bytes
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	defer func() {
		for _, bt := range batches {
			bt.Record.Release()
		}
	}()
	c := NewCounts(Options{Seed: 1})
	for _, bt := range batches {
		c.Add(bt)
	}
	m := c.Model()
	b.Run("counts", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			c := NewCounts(Options{Seed: 1})
			for _, bt := range batches {
				c.Add(bt)
			}
		}
	})
	b.Run("score", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			sc := m.NewScorer()
			for _, bt := range batches {
				sc.Add(bt)
			}
		}
	})
}

// BenchmarkFold measures a row's fold: normalising its text as the
// exact-duplicate check does, then hashing it; each pass pays it once a
// row, next to BenchmarkFeatures.
func BenchmarkFold(b *testing.B) {
	t := &testing.T{}
	rs := readSample(t, 1)
	var n int64
	texts := make([][]byte, len(rs))
	for i, r := range rs {
		texts[i] = []byte(r.Text)
		n += int64(len(r.Text))
	}
	var z dups.Normalizer
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			fold(1, z.Normalize(t), DefaultFolds)
		}
	}
}
