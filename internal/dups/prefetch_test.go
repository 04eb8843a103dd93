package dups

import (
	"slices"
	"testing"
)

// FuzzPrefetchSigs: prefetchSigs changes no memory and does not fault,
// whatever the indexes into the signatures, plain or complemented (a
// bucket's first row), as the Go path (no prefetch) does not. Its effect,
// fewer cache misses, is measured, not tested (BenchmarkNearResult);
// TestNearResultMatchesReference runs the finish with and without it.
func FuzzPrefetchSigs(f *testing.F) {
	f.Add([]byte{0, 1, 2, 255, 7})
	f.Add([]byte{})
	f.Add([]byte{255, 255, 0, 0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		sigs := make([]nearSig, 256)
		for i := range sigs {
			for k := range sigs[i] {
				sigs[i][k] = byte(i + 3*k)
			}
		}
		want := slices.Clone(sigs)
		idx := make([]int32, len(raw))
		for i, b := range raw {
			idx[i] = int32(b)
			if i%2 == 1 {
				idx[i] = ^idx[i]
			}
		}
		prefetchSigs(&sigs[0], idx)
		if !slices.Equal(sigs, want) {
			t.Errorf("prefetchSigs(%v) changed the signatures", idx)
		}
	})
}
