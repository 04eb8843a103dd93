package dups

import (
	"math/rand/v2"
	"testing"
)

// TestBandWorkCut: a band list's parts cover it in order, each starts a
// bucket, each but the last holds at least partMin entries, and there
// are at most about partsPerBand of them.
func TestBandWorkCut(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	defer func(m, p int) { partMin, partsPerBand = m, p }(partMin, partsPerBand)
	for _, c := range []struct{ min, per, n, most int }{
		{1, 1 << 20, 50, 8}, {1, 1 << 20, 1000, 3}, {5, 1 << 20, 1000, 40}, {512, 16, 100000, 30},
		{512, 16, 0, 2}, {512, 16, 300, 2}, {1, 4, 1000, 100}, {3, 3, 2, 2},
	} {
		partMin, partsPerBand = c.min, c.per
		var w bandWork
		for i := 0; i < c.n; {
			size := 2 + rng.IntN(c.most)
			w.list = append(w.list, ^int32(i))
			for k := 1; k < size && i+k < c.n; k++ {
				w.list = append(w.list, int32(i+k))
			}
			i += size
		}
		w.guess = append(w.guess, 1, 2, 3)
		w.cut()
		n := len(w.list)
		size := max(c.min, n/c.per, 1)
		k := len(w.parts) - 1
		if w.parts[0] != 0 || int(w.parts[k]) != n {
			t.Fatalf("%+v: parts %v do not cover a list of %d", c, w.parts, n)
		}
		for i := range k {
			lo, hi := w.parts[i], w.parts[i+1]
			if hi <= lo && n > 0 {
				t.Fatalf("%+v: part %d empty: %v", c, i, w.parts)
			}
			if n > 0 && w.list[lo] >= 0 {
				t.Fatalf("%+v: part %d starts at %d, inside a bucket", c, i, lo)
			}
			if i < k-1 && int(hi-lo) < size {
				t.Fatalf("%+v: part %d holds %d entries, fewer than %d", c, i, hi-lo, size)
			}
		}
		if n > 0 && k > n/size+1 {
			t.Fatalf("%+v: %d parts of a list of %d, parts of %d", c, k, n, size)
		}
		if len(w.taken) != k || w.front != 0 || w.back != k || len(w.guess) != n {
			t.Fatalf("%+v: taken %d, front %d, back %d, guess %d, want %d, 0, %d, %d", c, len(w.taken), w.front, w.back, len(w.guess), k, k, n)
		}
		for i, g := range w.taken {
			if g != partFree {
				t.Fatalf("%+v: part %d taken %d", c, i, g)
			}
		}
	}
}
