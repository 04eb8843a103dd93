package dups

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// BenchmarkNormalize measures the default normalization on the sample's
// mails (mostly ASCII, a few rows not).
func BenchmarkNormalize(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	var z Normalizer
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			z.Normalize(t)
		}
	}
}
