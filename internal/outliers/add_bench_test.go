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

// BenchmarkAddCorpus measures Scorer.Add over the 30 MB mail corpus when
// this machine has it, in batches of 1,000 rows, into a new Scorer each
// time (thread CPU: the features and their logarithms, rows' blocks
// included).
func BenchmarkAddCorpus(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var batches []*ingest.Batch
	var n int64
	for lo := 0; lo < len(texts); lo += 1000 {
		var rows []fixtures.Row
		for _, t := range texts[lo:min(lo+1000, len(texts))] {
			rows = append(rows, fixtures.Row{Text: string(t)})
			n += int64(len(t))
		}
		batches = append(batches, fixtures.Batch(b, rows, int64(lo+1)))
	}
	defer func() {
		for _, bt := range batches {
			bt.Record.Release()
		}
	}()
	defer fixtures.ThreadCPU(b)()
	b.SetBytes(n)
	for b.Loop() {
		o := NewScorer()
		for _, bt := range batches {
			if err := o.Add(bt); err != nil {
				b.Fatal(err)
			}
		}
	}
}
