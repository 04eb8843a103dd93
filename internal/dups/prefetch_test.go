package dups

import (
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
		// Two blocks: indexes from 0 to 255<<7 reach both.
		sigs := sigTable{new([sigSize]nearSig), new([sigSize]nearSig)}
		for b := range sigs {
			for i := range sigs[b] {
				for k := range sigs[b][i] {
					sigs[b][i][k] = byte(b + i + 3*k)
				}
			}
		}
		want := [2][sigSize]nearSig{*sigs[0], *sigs[1]}
		idx := make([]int32, len(raw))
		for i, b := range raw {
			idx[i] = int32(b) << 7
			if i%2 == 1 {
				idx[i] = ^idx[i]
			}
		}
		prefetchSigs(&sigs[0], idx)
		for b := range sigs {
			if *sigs[b] != want[b] {
				t.Errorf("prefetchSigs(%v) changed the signatures", idx)
			}
		}
	})
}
