package dups

import (
	"bytes"
	"testing"

	"github.com/zeebo/xxh3"

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

// BenchmarkDupHash measures the exact-duplicate hash on the sample's
// normalised mails, alone and after the normalisation (a row's whole cost
// in Exact.Add but for appending it): the keyed HighwayHash-128 the check
// uses, and the unkeyed XXH3-128 it used before, for the ratio.
func BenchmarkDupHash(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	var z Normalizer
	norm := make([][]byte, len(texts))
	for i, t := range texts {
		norm[i] = bytes.Clone(z.Normalize(t))
	}
	d, err := NewExact(NormalizeDefault)
	if err != nil {
		b.Fatal(err)
	}
	hashes := []struct {
		name string
		hash func([]byte) (uint64, uint64)
	}{
		{"highwayhash-128", d.dupHash},
		{"xxh3-128", func(t []byte) (uint64, uint64) { h := xxh3.Hash128(t); return h.Hi, h.Lo }},
	}
	for _, h := range hashes {
		want := 0
		for _, t := range norm {
			if h1, _ := h.hash(t); h1 != 0 {
				want++
			}
		}
		if want < len(norm)-1 {
			b.Fatalf("%s: %d of %d hashes are zero", h.name, len(norm)-want, len(norm))
		}
		b.Run(h.name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range norm {
					h.hash(t)
				}
			}
		})
		b.Run("normalize+"+h.name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					h.hash(z.Normalize(t))
				}
			}
		})
	}
}
