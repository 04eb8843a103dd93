package outliers

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// BenchmarkAdd measures Scorer.Add on a batch of the sample's rows, added
// again and again to one accumulator: the per-row cost of the check in a
// scan, its allocations (amortised growth of the row store, and the
// evidence of flagged rows) included.
func BenchmarkAdd(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	rows := make([]fixtures.Row, len(texts))
	for i, t := range texts {
		rows[i] = fixtures.Row{Text: string(t)}
	}
	batch := fixtures.Batch(b, rows, 1)
	defer batch.Record.Release()
	d := NewScorer()
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		if err := d.Add(batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rows)), "ns/row")
}
