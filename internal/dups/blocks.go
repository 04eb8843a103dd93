package dups

import (
	"cmp"
	"slices"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// sortRefs sorts references by the position pos gives: file, then line or
// row. It sorts copies of the positions beside the references, not the
// references through the items, which would miss the cache on every
// comparison.
func sortRefs(refs []uint32, pos func(uint32) (int32, int64, int64)) {
	type keyed struct {
		file    int32
		ref     uint32
		n, elem int64
	}
	ks := make([]keyed, len(refs))
	for i, r := range refs {
		f, n, e := pos(r)
		ks[i] = keyed{f, r, n, e}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(a.file, b.file); c != 0 {
			return c
		}
		if c := cmp.Compare(a.n, b.n); c != 0 {
			return c
		}
		return cmp.Compare(a.elem, b.elem)
	})
	for i := range ks {
		refs[i] = ks[i].ref
	}
}

// sortPositions sorts positions in input order.
func sortPositions(ps []ingest.Pos) {
	slices.SortFunc(ps, func(a, b ingest.Pos) int {
		if c := cmp.Compare(a.File, b.File); c != 0 {
			return c
		}
		return cmp.Compare(a.N, b.N)
	})
}
