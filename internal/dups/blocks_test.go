package dups

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
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
			if name == "equal merged" {
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
