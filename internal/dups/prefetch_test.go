package dups

import (
	"testing"
)

// FuzzPrefetchSigs: prefetchSigs, prefetchFlat, prefetchUint64 and
// prefetchInt32 change no memory and do not fault,
// whatever the indexes into the signatures, plain or complemented (a
// bucket's first row), as the Go path (no prefetch) does not. Its effect,
// fewer cache misses, is measured, not tested (BenchmarkNearResult);
// TestNearResultMatchesReference runs the finish with and without it.
func FuzzPrefetchSigs(f *testing.F) {
	f.Add([]byte{0, 1, 2, 255, 7})
	f.Add([]byte{})
	f.Add([]byte{255, 255, 0, 0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		// Two blocks: indexes from 0 to 255<<7 reach both; and the same
		// signatures in one array.
		blocks := []*[sigSize]nearSig{new([sigSize]nearSig), new([sigSize]nearSig)}
		for b := range blocks {
			for i := range blocks[b] {
				for k := range blocks[b][i] {
					blocks[b][i][k] = byte(b + i + 3*k)
				}
			}
		}
		flat := make([]nearSig, 0, 2*sigSize)
		flat = append(append(flat, blocks[0][:]...), blocks[1][:]...)
		want := [2][sigSize]nearSig{*blocks[0], *blocks[1]}
		idx := make([]int32, len(raw))
		for i, b := range raw {
			idx[i] = int32(b) << 7
			if i%2 == 1 {
				idx[i] = ^idx[i]
			}
		}
		low := make([]uint64, 2*sigSize)
		for i := range low {
			low[i] = uint64(i) * 0x9e3779b97f4a7c15
		}
		prefetchSigs(&blocks[0], idx)
		prefetchFlat(&flat[0], idx)
		prefetchUint64(&low[0], idx)
		snap := make([]int32, 2*sigSize)
		for i := range snap {
			snap[i] = int32(i) * 7
		}
		prefetchInt32(&snap[0], idx)
		for i, x := range snap {
			if x != int32(i)*7 {
				t.Fatalf("prefetchInt32(%v) changed snap[%d]", idx, i)
			}
		}
		for i, x := range low {
			if x != uint64(i)*0x9e3779b97f4a7c15 {
				t.Fatalf("prefetchUint64(%v) changed low[%d]", idx, i)
			}
		}
		for b := range blocks {
			if *blocks[b] != want[b] || [sigSize]nearSig(flat[b*sigSize:]) != want[b] {
				t.Errorf("prefetchSigs(%v) or prefetchFlat changed the signatures", idx)
			}
		}
	})
}
