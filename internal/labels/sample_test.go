package labels

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/labels/logreg"
)

// TestSampleKeepsWhatTrainReads: the sample, one worker's or merged from
// several, keeps every row logreg.Train reads (the rows in hash order
// within logreg.MaxEntries entries, out of the SampleRows smallest
// hashes) and drops the rows past that bound.
func TestSampleKeepsWhatTrainReads(t *testing.T) {
	bound := logreg.MaxEntries()
	feats := make([]uint32, 600)
	tests := []struct {
		name         string
		rows         int
		lo, hi       int // features a row
		workers      int
		wantAllFewer bool // the entry bound, not SampleRows, binds
	}{
		{"long rows, one worker", 30000, 200, 400, 1, true},
		{"long rows, three workers", 30000, 200, 400, 3, true},
		{"short rows", 30000, 5, 30, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			type row struct {
				h uint64
				n int
			}
			all := make([]row, tc.rows)
			ws := make([]sample, tc.workers)
			for i := range all {
				all[i] = row{h: rng.Uint64(), n: tc.lo + rng.IntN(tc.hi-tc.lo)}
				ws[i%tc.workers].add(all[i].h, feats[:all[i].n], 0, 0)
			}
			s := &ws[0]
			for w := 1; w < tc.workers; w++ {
				for _, r := range ws[w].rows {
					s.add(r.H, r.Feats, r.Label, r.Fold)
				}
			}
			// What Train reads: the SampleRows smallest hashes, in hash
			// order, while within the bound.
			slices.SortFunc(all, func(a, b row) int { return cmp.Compare(a.h, b.h) })
			all = all[:min(len(all), SampleRows)]
			n, use := 0, 0
			for use < len(all) && (use == 0 || n+all[use].n <= bound) {
				n += all[use].n
				use++
			}
			got := map[uint64]bool{}
			entries := 0
			for _, r := range s.rows {
				got[r.H] = true
				entries += len(r.Feats)
			}
			for _, r := range all[:use] {
				if !got[r.h] {
					t.Fatalf("sample lacks row %x, which Train reads (%d of %d rows read)", r.h, use, len(all))
				}
			}
			if entries != s.entries {
				t.Errorf("sample.entries = %d, want %d", s.entries, entries)
			}
			if tc.wantAllFewer && len(s.rows) > use+1 {
				t.Errorf("sample keeps %d rows, want at most %d (Train reads %d)", len(s.rows), use+1, use)
			}
		})
	}
}

// TestBufClass checks the sample's buffer classes: a class's capacity
// holds its rows with at most 25% to spare, a buffer of that capacity is
// of the same class (give keeps it), and every row fits a class.
func TestBufClass(t *testing.T) {
	for _, n := range append([]int{1, 16, 17, 20, 21, 32, 33, 1000, 4096, 4097, NumBuckets, 2 * NumBuckets}, func() []int {
		var ns []int
		for n := 1; n < 5000; n += 7 {
			ns = append(ns, n)
		}
		return ns
	}()...) {
		c, capacity := bufClass(n)
		if capacity < n || (n > 16 && 4*capacity > 5*n) || c < 0 || c >= spareClasses {
			t.Errorf("bufClass(%d) = %d, %d, want a class below %d holding %d to %d", n, c, capacity, spareClasses, n, max(16, 5*n/4))
		}
		if c2, cap2 := bufClass(capacity); c2 != c || cap2 != capacity {
			t.Errorf("bufClass(%d) = %d, %d, want bufClass(%d)'s %d, %d", capacity, c2, cap2, n, c, capacity)
		}
	}
}
