package stats

import (
	"cmp"
	"slices"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// blockSize is how many items a block holds.
const blockSize = 1 << 14

// blocks is an append-only list kept in fixed-size blocks, for the per-row
// state of the analyses that score rows after the merge (duplicates,
// outliers). Unlike a growing slice it never holds its items twice nor
// copies them as it grows, and two merge by appending their block lists.
type blocks[T any] struct {
	bs [][]T
}

func (b *blocks[T]) add(v T) {
	if n := len(b.bs); n == 0 || len(b.bs[n-1]) == cap(b.bs[n-1]) {
		b.bs = append(b.bs, make([]T, 0, blockSize))
	}
	last := &b.bs[len(b.bs)-1]
	*last = append(*last, v)
}

// merge moves o's items to b.
func (b *blocks[T]) merge(o *blocks[T]) {
	b.bs = append(b.bs, o.bs...)
	o.bs = nil
}

func (b *blocks[T]) len() int {
	n := 0
	for _, blk := range b.bs {
		n += len(blk)
	}
	return n
}

// flatten returns the items in one slice and empties b, dropping each block
// once copied, so the items are held about once, not twice.
func (b *blocks[T]) flatten() []T {
	out := make([]T, 0, b.len())
	for i, blk := range b.bs {
		out = append(out, blk...)
		b.bs[i] = nil
	}
	b.bs = nil
	return out
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
