package evasions

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

func BenchmarkCheckText(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	b.SetBytes(n)
	b.ReportAllocs()
	var found [numEvasionKinds]string
	for b.Loop() {
		for _, t := range texts {
			found = [numEvasionKinds]string{}
			checkText(t, &found)
		}
	}
}
