// Package rowstore keeps the per-row state of the analyses that decide
// after the merge (duplicates, outliers, label checks): an append-only
// list in fixed-size blocks, and the rows' ids in one byte arena. Both
// merge by appending, never copy their items as they grow, and allocate
// nothing per row. The bytes of the blocks are counted (Held), so that
// the garbage collector's slack can be kept off them (PaceGC).
package rowstore

import "github.com/apache/arrow-go/v18/arrow/array"

// blockShift sets how many items a block holds: 1 << blockShift.
const (
	blockShift = 14
	blockSize  = 1 << blockShift
)

// Blocks is an append-only list kept in fixed-size blocks. Unlike a
// growing slice it never holds its items twice nor copies them as it
// grows, and two merge by appending their block lists. The zero value is
// empty and ready to use.
type Blocks[T any] struct {
	bs [][]T
}

// Add appends v.
func (b *Blocks[T]) Add(v T) {
	if n := len(b.bs); n == 0 || len(b.bs[n-1]) == cap(b.bs[n-1]) {
		blk := make([]T, 0, blockSize)
		hold(blk)
		b.bs = append(b.bs, blk)
	}
	last := &b.bs[len(b.bs)-1]
	*last = append(*last, v)
}

// Merge moves o's items to b, after b's.
func (b *Blocks[T]) Merge(o *Blocks[T]) {
	b.bs = append(b.bs, o.bs...)
	o.bs = nil
}

// Len returns the number of items.
func (b *Blocks[T]) Len() int {
	n := 0
	for _, blk := range b.bs {
		n += len(blk)
	}
	return n
}

// Chunks returns the blocks, in order, for a caller to read or update
// the items in place. After a merge they are not all full.
func (b *Blocks[T]) Chunks() [][]T { return b.bs }

// Refs returns a reference to every item, in block order: the block's
// index above blockShift bits, the item's offset in the block below. It
// lets a result sort and reach the items without copying them; at 224
// bytes a row, a copy of the near-duplicate rows was 280 MB of a 2 GB
// corpus. Blocks are not full after a merge, hence references rather than
// plain indices. At most 2^18 blocks (4 G items) can be referenced.
func (b *Blocks[T]) Refs() []uint32 {
	out := make([]uint32, 0, b.Len())
	for i, blk := range b.bs {
		for j := range blk {
			out = append(out, b.RefOf(i, j))
		}
	}
	return out
}

// RefOf returns the reference of item j of block i of Chunks, as Refs
// gives it.
func (b *Blocks[T]) RefOf(i, j int) uint32 { return uint32(i)<<blockShift | uint32(j) }

// Positions returns a function giving a reference's position in block
// order: its index in what Refs returned.
func (b *Blocks[T]) Positions() func(uint32) int {
	starts := make([]int, len(b.bs))
	k := 0
	for i, blk := range b.bs {
		starts[i] = k
		k += len(blk)
	}
	return func(r uint32) int { return starts[r>>blockShift] + int(r&(blockSize-1)) }
}

// At returns the item of a reference from Refs.
func (b *Blocks[T]) At(r uint32) *T { return &b.bs[r>>blockShift][r&(blockSize-1)] }

// Flatten returns the items in one slice and empties b, dropping each
// block once copied, so the items are held about once, not twice.
func (b *Blocks[T]) Flatten() []T {
	out := make([]T, 0, b.Len())
	for i, blk := range b.bs {
		out = append(out, blk...)
		b.bs[i] = nil
	}
	b.bs = nil
	return out
}

// IDs keeps the ids of rows (the --id column) in one byte arena, so that
// keeping a row's id allocates nothing: the row keeps an IDRef.
type IDs struct {
	b []byte
}

// IDRef is a row's id in an IDs: its bytes' offset and length, or no id.
type IDRef struct {
	off int64
	n   int32 // -1: no id
}

// NoID is the IDRef of a row without an id.
var NoID = IDRef{n: -1}

// Add keeps the id of row i of the id column ids (nil: there is none).
func (s *IDs) Add(ids *array.String, i int) IDRef {
	if ids == nil || !ids.IsValid(i) {
		return NoID
	}
	id := ids.Value(i)
	r := IDRef{off: int64(len(s.b)), n: int32(len(id))}
	s.b = append(s.b, id...)
	return r
}

// AddBytes keeps id, an id read back from a portable state.
func (s *IDs) AddBytes(id []byte) IDRef {
	r := IDRef{off: int64(len(s.b)), n: int32(len(id))}
	s.b = append(s.b, id...)
	return r
}

// Valid reports whether r is an id, not NoID.
func (r IDRef) Valid() bool { return r.n >= 0 }

// Bytes returns the id of r, in s's memory, or nil for NoID.
func (s *IDs) Bytes(r IDRef) []byte {
	if r.n < 0 {
		return nil
	}
	return s.b[r.off : r.off+int64(r.n)]
}

// String returns the id of r, or "" for NoID.
func (s *IDs) String(r IDRef) string {
	if r.n < 0 {
		return ""
	}
	return string(s.b[r.off : r.off+int64(r.n)])
}

// Merge moves o's ids after s's and returns the offset by which the
// references into o must be moved (Rebase); o must not be used afterwards.
func (s *IDs) Merge(o *IDs) int64 {
	base := int64(len(s.b))
	s.b = append(s.b, o.b...)
	o.b = nil
	return base
}

// Rebase moves r by base, for an id merged from another IDs.
func (r *IDRef) Rebase(base int64) {
	if r.n >= 0 {
		r.off += base
	}
}
