package evasions

import (
	"fmt"
	"testing"
)

// BenchmarkCheckTextShort measures checkTextLazy (lazy as Add's rows
// past the lists) on plain prose of a few lengths, 64 texts a length:
// ns/text is a text's cost, most of it fixed for short texts (the
// scan's set-up, a kernel call, the bytes past the last whole block,
// judge). Session 26: see asciiQuick.
func BenchmarkCheckTextShort(b *testing.B) {
	prose := []byte("the quick brown fox jumps over the lazy dog and then some more words follow here to fill it up nicely, again and again and over; ")
	for len(prose) < 4096 {
		prose = append(prose, prose...)
	}
	for _, n := range []int{0, 1, 7, 8, 15, 64, 71, 200, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var texts [][]byte
			for off := 1; off+n <= len(prose) && len(texts) < 64; off += 61 {
				texts = append(texts, prose[off:off+n:off+n])
			}
			var found [numEvasionKinds]string
			for b.Loop() {
				for _, t := range texts {
					found = [numEvasionKinds]string{}
					checkTextLazy(t, &found, lazyReplacement|lazyBlob|lazyAttachment)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
		})
	}
}
