// Package rowstore keeps the per-row state of the analyses that decide
// after the merge (duplicates, outliers, label checks): an append-only
// list in fixed-size blocks, and the rows' ids in one byte arena. Both
// merge by appending, never copy their items as they grow, and allocate
// nothing per row. The bytes of the blocks are counted (Held), so that
// the garbage collector's slack can be kept off them (PaceGC).
package rowstore

import (
	"encoding/binary"

	"github.com/apache/arrow-go/v18/arrow/array"
)

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
//
// Tried and not kept (session 18): faulting each block after a list's
// first in with one madvise(MADV_POPULATE_WRITE) as it is made (the
// block will be filled; a microbenchmark gave 1.1-1.3 us of CPU per 4
// KiB that way against 1.5-1.8 through faults). On the default audit of
// the 200 MB JSONL it populated 38 MB in 30 calls and the near
// duplicates' blocks' faults fell from 5,036 to 1,280, but the run's
// total (26,300-34,800 faults in four runs, 31,500-36,300 in three
// without) and CPU stayed within the noise: most of a fresh page's cost
// is the host backing it, which a prefault pays too.
func (b *Blocks[T]) Add(v T) {
	if n := len(b.bs); n == 0 || len(b.bs[n-1]) == cap(b.bs[n-1]) {
		blk := make([]T, 0, blockSize)
		hold(blk)
		b.bs = append(b.bs, blk)
	}
	last := &b.bs[len(b.bs)-1]
	*last = append(*last, v)
}

// Push appends v and returns where it is kept, which stays valid: a
// block never moves its items.
func (b *Blocks[T]) Push(v T) *T {
	b.Add(v)
	last := b.bs[len(b.bs)-1]
	return &last[len(last)-1]
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

// IDRef is a row's id in an IDs, packed into one word: the offset of its
// bytes in the arena above idLenBits bits, its length below. A length
// field of longID says the id is longID bytes or more, its length the 8
// bytes at the offset, before the id; noID says the row has no id. The
// zero IDRef is an empty id at offset 0.
//
// # Why one word (session 16)
//
// Every row of the exact and near duplicates (and of the label checks'
// second pass) keeps one, with or without an id column: an int64 offset
// and an int32 length took 16 bytes with the padding, 8 more a row in
// each of two analyses, about 21 MB of the default audit's peak on the 2
// GB corpus. The offset's 40 bits address a terabyte of ids, more than
// the memory of any machine this runs on; an id of 16 MiB or more
// (longer than any key a row would have) still round-trips, its length
// kept in the arena.
type IDRef struct{ v uint64 }

const (
	idLenBits = 24
	idLenMask = 1<<idLenBits - 1
	noID      = idLenMask     // NoID's length field
	longID    = idLenMask - 1 // the id's length is in the arena
	maxIDOff  = 1<<(64-idLenBits) - 1
)

// NoID is the IDRef of a row without an id.
var NoID = IDRef{v: noID}

// Add keeps the id of row i of the id column ids (nil: there is none).
func (s *IDs) Add(ids *array.String, i int) IDRef {
	if ids == nil || !ids.IsValid(i) {
		return NoID
	}
	return addID(s, ids.Value(i))
}

// AddBytes keeps id, an id read back from a portable state.
func (s *IDs) AddBytes(id []byte) IDRef { return addID(s, id) }

// addID appends id to s's arena and returns its reference.
func addID[T string | []byte](s *IDs, id T) IDRef {
	off := uint64(len(s.b))
	if off > maxIDOff {
		panic("rowstore: more than 1 TiB of row ids")
	}
	if len(id) < longID {
		s.b = append(s.b, id...)
		return IDRef{v: off<<idLenBits | uint64(len(id))}
	}
	s.b = binary.LittleEndian.AppendUint64(s.b, uint64(len(id)))
	s.b = append(s.b, id...)
	return IDRef{v: off<<idLenBits | longID}
}

// Valid reports whether r is an id, not NoID.
func (r IDRef) Valid() bool { return r.v&idLenMask != noID }

// Bytes returns the id of r, in s's memory, or nil for NoID.
func (s *IDs) Bytes(r IDRef) []byte {
	if !r.Valid() {
		return nil
	}
	off, n := r.v>>idLenBits, r.v&idLenMask
	if n == longID {
		n = binary.LittleEndian.Uint64(s.b[off:])
		off += 8
	}
	return s.b[off : off+n]
}

// String returns the id of r, or "" for NoID.
func (s *IDs) String(r IDRef) string { return string(s.Bytes(r)) }

// Merge moves o's ids after s's and returns the offset by which the
// references into o must be moved (Rebase); o must not be used afterwards.
func (s *IDs) Merge(o *IDs) int64 {
	base := int64(len(s.b))
	if uint64(base)+uint64(len(o.b)) > maxIDOff {
		panic("rowstore: more than 1 TiB of row ids")
	}
	s.b = append(s.b, o.b...)
	o.b = nil
	return base
}

// Rebase moves r by base, for an id merged from another IDs.
func (r *IDRef) Rebase(base int64) {
	if r.Valid() {
		r.v += uint64(base) << idLenBits
	}
}
