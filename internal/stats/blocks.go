package stats

import (
	"cmp"
	"slices"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// blockSize is how many items a block holds.
const (
	blockShift = 14
	blockSize  = 1 << blockShift
)

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

// refs returns a reference to every item, in block order: the block's
// index above blockShift bits, the item's offset in the block below. It
// lets a result sort and reach the items without copying them; at 208
// bytes a row, a copy of the near-duplicate rows was 280 MB of a 2 GB
// corpus. Blocks are not full after a merge, hence references rather than
// plain indices. At most 2^18 blocks (4 G items) can be referenced.
func (b *blocks[T]) refs() []uint32 {
	out := make([]uint32, 0, b.len())
	for i, blk := range b.bs {
		for j := range blk {
			out = append(out, uint32(i)<<blockShift|uint32(j))
		}
	}
	return out
}

// positions returns a function giving a reference's position in block
// order: its index in what refs returned.
func (b *blocks[T]) positions() func(uint32) int {
	starts := make([]int, len(b.bs))
	k := 0
	for i, blk := range b.bs {
		starts[i] = k
		k += len(blk)
	}
	return func(r uint32) int { return starts[r>>blockShift] + int(r&(blockSize-1)) }
}

// at returns the item of a reference from refs.
func (b *blocks[T]) at(r uint32) *T { return &b.bs[r>>blockShift][r&(blockSize-1)] }

// sortRefs sorts references by the position pos gives: file, then line or
// row. It sorts copies of the positions beside the references, not the
// references through the items, which would miss the cache on every
// comparison.
func sortRefs(refs []uint32, pos func(uint32) (int32, int64)) {
	type keyed struct {
		file int32
		ref  uint32
		n    int64
	}
	ks := make([]keyed, len(refs))
	for i, r := range refs {
		f, n := pos(r)
		ks[i] = keyed{f, r, n}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(a.file, b.file); c != 0 {
			return c
		}
		return cmp.Compare(a.n, b.n)
	})
	for i := range ks {
		refs[i] = ks[i].ref
	}
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
