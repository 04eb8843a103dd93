package outliers

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// BenchmarkResult scores the 30 MB mail corpus's rows, repeated seven
// times (about the 200 MB corpus's 137,265 rows): Result after the
// merge, the finish of the outlier check.
func BenchmarkResult(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	o := NewScorer()
	var n int64
	for range 7 {
		for _, t := range texts {
			r := outlierRow{at: o.place(ingest.Pos{N: n, Line: true})}
			o.scratch.features(t, &r.f)
			o.rows.Add(r)
			n++
		}
	}
	defer fixtures.ThreadCPU(b)()
	for b.Loop() {
		o.Result([]string{"corpus.jsonl"}, 100)
	}
}
