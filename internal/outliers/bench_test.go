package outliers

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

func BenchmarkFeatures(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	b.SetBytes(n)
	b.ReportAllocs()
	var f [numFeatures]float32
	for b.Loop() {
		for _, t := range texts {
			features(t, &f)
		}
	}
}
