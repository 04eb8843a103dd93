package outliers

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// BenchmarkAdd measures Scorer.Add on a batch of the sample's rows, added
// again and again to one accumulator (fixtures.BenchAdd).
func BenchmarkAdd(b *testing.B) {
	fixtures.BenchAdd(b, NewScorer().Add)
}

// BenchmarkAddKeptFew is BenchmarkAdd in a run that reads the excerpts
// of a text summary's first 10 outliers: Add offers every row to the
// candidates too (offer).
func BenchmarkAddKeptFew(b *testing.B) {
	kept := ingest.NewKeptFew(finding.ExcerptChars, nil, 1<<20, 10)
	o := NewScorer()
	fixtures.BenchAdd(b, func(bt *ingest.Batch) error {
		bt.Kept = kept
		return o.Add(bt)
	})
}
