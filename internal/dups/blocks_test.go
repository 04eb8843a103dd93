package dups

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/rowstore"
)

// TestSortRefs: sortRefs orders references as a comparison sort of their
// full positions does, whether the positions pack into a word (merged
// runs, or sorted when there are many) or not (a JSON array element, a
// line past 2^40, a file past 2^23).
func TestSortRefs(t *testing.T) {
	type position struct {
		file    int32
		n, elem int64
	}
	// runs deals n rows in input order to parts workers, batches of size
	// in turn, and returns their positions in block order.
	runs := func(n, parts, size int, at func(i int) position) []position {
		ws := make([][]position, parts)
		for i := range n {
			w := i / size % parts
			ws[w] = append(ws[w], at(i))
		}
		var out []position
		for _, w := range ws {
			out = append(out, w...)
		}
		return out
	}
	rng := rand.New(rand.NewPCG(3, 7))
	lines := func(i int) position { return position{file: int32(i / 700), n: int64(i%700)*3 + 1} }
	cases := map[string][]position{
		"empty":        nil,
		"one":          {{0, 5, 0}},
		"sorted":       runs(5000, 1, 97, lines),
		"two runs":     runs(5000, 2, 97, lines),
		"seven runs":   runs(5000, 7, 13, lines),
		"many runs":    runs(5000, 3, 1, lines), // one row a batch: runs of one
		"shuffled":     runs(5000, 1, 1, func(i int) position { return position{n: int64(rng.IntN(1 << 30))} }),
		"elements":     runs(3000, 2, 50, func(i int) position { return position{n: int64(i / 4), elem: int64(i % 4)} }),
		"long lines":   runs(3000, 2, 50, func(i int) position { return position{n: 1<<40 - 1500 + int64(i)} }),
		"many files":   runs(3000, 2, 50, func(i int) position { return position{file: 1<<23 - 1500 + int32(i)} }),
		"equal merged": runs(3000, 2, 50, func(i int) position { return position{file: 1, n: int64(i / 100)} }),
		// One file's lines, dense (placeRefs): as a default scan's
		// workers leave them, and with gaps, in a later file, and
		// around an equal pair (which leaves them to the merge).
		"dense runs":     runs(5000, 37, 13, func(i int) position { return position{n: int64(i) + 1} }),
		"dense gaps":     runs(5000, 5, 40, func(i int) position { return position{file: 3, n: int64(i)*3 + 7} }),
		"dense too wide": runs(5000, 5, 40, func(i int) position { return position{n: int64(i) * 4} }),
		"dense equal": runs(5000, 5, 40, func(i int) position {
			return position{n: int64(min(i, 2500)) + 1}
		}),
	}
	for name, ps := range cases {
		t.Run(fmt.Sprintf("%s %d rows", name, len(ps)), func(t *testing.T) {
			refs := make([]uint32, len(ps))
			for i := range refs {
				refs[i] = uint32(i) * 3 // not their indexes
			}
			at := func(r uint32) position { return ps[r/3] }
			want := slices.Clone(refs)
			slices.SortStableFunc(want, func(a, b uint32) int {
				pa, pb := at(a), at(b)
				if c := cmp.Compare(pa.file, pb.file); c != 0 {
					return c
				}
				if c := cmp.Compare(pa.n, pb.n); c != 0 {
					return c
				}
				return cmp.Compare(pa.elem, pb.elem)
			})
			got := slices.Clone(refs)
			sortRefs(got, func(r uint32) (int32, int64, int64) { p := at(r); return p.file, p.n, p.elem })
			if name == "equal merged" || name == "dense equal" {
				// Equal positions never come from one input; the
				// comparison sort may order them either way. Compare
				// the positions only.
				for i := range got {
					if at(got[i]) != at(want[i]) {
						t.Fatalf("sortRefs: position %d = %+v, want %+v", i, at(got[i]), at(want[i]))
					}
				}
				return
			}
			if !slices.Equal(got, want) {
				t.Errorf("sortRefs(%d refs) = %v..., want %v...", len(refs), got[:min(8, len(got))], want[:min(8, len(want))])
			}
		})
	}
}

// TestPlaceRefs: placeRefs sorts distinct dense keys by placing them, and
// leaves keys it cannot place (equal, too sparse, none) unsorted and
// refs untouched, for the merge.
func TestPlaceRefs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	for _, tc := range []struct {
		name string
		keys []uint64
		ok   bool
	}{
		{"none", nil, false},
		{"one", []uint64{1 << 40}, true},
		{"permuted", func() []uint64 {
			k := make([]uint64, 1000)
			for i, j := range rng.Perm(1000) {
				k[i] = 2<<40 | uint64(j)*3 + 5
			}
			return k
		}(), true},
		{"equal", []uint64{7, 9, 8, 9}, false},
		{"sparse", []uint64{1, 2, 3, 17}, false}, // 17 slots for 4 rows
		{"just dense", []uint64{1, 2, 3, 16}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ks := make([]packedRef, len(tc.keys))
			refs := make([]uint32, len(tc.keys))
			lo, hi := uint64(math.MaxUint64), uint64(0)
			for i, k := range tc.keys {
				ks[i] = packedRef{k, uint32(i)*7 + 1}
				refs[i] = ks[i].ref
				lo, hi = min(lo, k), max(hi, k)
			}
			before := slices.Clone(refs)
			if ok := placeRefs(refs, ks, lo, hi); ok != tc.ok {
				t.Fatalf("placeRefs = %v, want %v", ok, tc.ok)
			}
			want := slices.Clone(before)
			if tc.ok {
				slices.SortFunc(ks, func(a, b packedRef) int { return cmp.Compare(a.key, b.key) })
				for i := range ks {
					want[i] = ks[i].ref
				}
			}
			if !slices.Equal(refs, want) {
				t.Errorf("refs = %v, want %v", refs[:min(8, len(refs))], want[:min(8, len(want))])
			}
		})
	}
}

// BenchmarkSortRefs sorts the references of 134,250 rows of 168 bytes
// whose lines are dealt in batches of 500 to 37 worker states, as a
// default scan of the 200 MB mail leaves its near duplicates.
func BenchmarkSortRefs(b *testing.B) {
	const n, parts, size = 134250, 37, 500
	rows := make([]nearRow, n)
	var d Near
	var order []uint32
	for w := range parts {
		for i := range n {
			if i/size%parts == w {
				order = append(order, uint32(i))
			}
		}
	}
	for k, i := range order {
		rows[k] = d.newRow(ingest.Pos{N: int64(i) + 1, Line: true}, 0, rowstore.IDRef{}, -1)
	}
	pos := func(r uint32) (int32, int64, int64) { x := d.spot(&rows[r]); return x.File, x.N, x.Elem }
	refs := make([]uint32, n)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	own := threadCPUTime()
	for b.Loop() {
		for i := range refs {
			refs[i] = uint32(i)
		}
		sortRefs(refs, pos)
	}
	b.ReportMetric(float64(threadCPUTime()-own)/float64(b.N), "cpu-ns/op")
}
