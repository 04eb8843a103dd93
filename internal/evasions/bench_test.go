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

// BenchmarkTextGatesHot runs each of checkText's text-level gates alone
// over BenchmarkCheckTextHot's texts (the first megabyte of the 30 MB
// mail corpus, in the second-level cache as they are right after
// checkText): the line gate (lineGate), the long phrases' (longGate),
// looks37's deeper quote marks (no quoted-printable look) and its
// quoted-printable windows ungated (other at len(t), no hints), and
// keyRun ungated. Session 33 put their loops in assembly on the
// kernel's CPUs; "hits" counts what passed, the same on both paths.
func BenchmarkTextGatesHot(b *testing.B) {
	texts, n := hotTexts(b)
	for _, gate := range []string{"line", "long", "deep", "qp", "key"} {
		b.Run(gate, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			hits := 0
			for b.Loop() {
				for _, t := range texts {
					var pass bool
					switch gate {
					case "line":
						pass = lineGate(t)
					case "long":
						pass = longGate(t)
					case "deep":
						var h groupHints
						looks37(t, 0, &h)
						pass = h.n > 0
					case "qp":
						pass = looks37(t, len(t), nil) != ""
					case "key":
						var found [numEvasionKinds]string
						keyRun(t, len(t), &found)
						pass = found[iNonText] != ""
					}
					if pass {
						hits++
					}
				}
			}
			b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
		})
	}
}
