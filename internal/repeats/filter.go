package repeats

import (
	"math/bits"
)

// filterBits is log2 of the slots of the first pass' filter: 2^26 slots
// of 2 bits, 16 MiB per worker whatever the corpus (a variable for the
// tests, which use small ones to make slots collide).
var filterBits uint = 26

// seenFilter counts, for each of its slots, the rows holding a
// fingerprint that hashes to it: none, one, or two and more. A
// fingerprint whose slot is seen in two or more rows is shared: every
// fingerprint really found in two rows is, and a fingerprint found in one
// row is with the probability that another row's fingerprint shares its
// slot (about the fraction of slots in use: 4% for the 2.8 million
// distinct fingerprints of corpus-200MB, 34% for ten times as many). A
// false shared fingerprint costs the second pass the hashing of the
// L-grams around it, which it then finds in one row only: never a false
// finding.
//
// The counts depend on the set of rows only (each row counts once per
// slot, whatever the order or the split among workers): merged counts are
// those of one filter fed every row.
//
// Its words are allocated a chunk of 2^15 slots (8 KiB) at a time, when a
// slot of the chunk is first counted: a small input (or a shard of one)
// costs little.
type seenFilter struct {
	bits uint
	// chunks hold the slots in pairs of words: chunk[2i] has the bit of
	// each slot 64i..64i+63 of the chunk seen in a row, chunk[2i+1] the bit
	// of each seen in two; a nil chunk has none seen.
	chunks [][]uint64
}

// chunkBits is log2 of the slots of a chunk.
const chunkBits = 15

func newFilter(b uint) seenFilter {
	return seenFilter{bits: b, chunks: make([][]uint64, 1<<b>>min(b, chunkBits))}
}

// chunkWords is the length of a chunk.
func (f *seenFilter) chunkWords() int { return 2 << min(f.bits, chunkBits) >> 6 }

// at returns the chunk of slot s (allocated if new when alloc is set, nil
// otherwise) and the index of its pair of words and its bit.
func (f *seenFilter) at(s uint32, alloc bool) ([]uint64, uint32, uint64) {
	c := f.chunks[s>>chunkBits]
	if c == nil && alloc {
		c = make([]uint64, max(f.chunkWords(), 2))
		f.chunks[s>>chunkBits] = c
	}
	s &= 1<<chunkBits - 1
	return c, s >> 6 << 1, uint64(1) << (s & 63)
}

// slot is the slot of fingerprint h: the top bits of its remix (winnowed
// fingerprints are the smallest of their windows: their own top bits are
// mostly zeros).
func (f *seenFilter) slot(h uint64) uint32 { return uint32(spansMix(h) >> (64 - f.bits)) }

// addRow counts one row whose fingerprints' slots are slots, sorted and
// without repeats.
func (f *seenFilter) addRow(slots []uint32) {
	for _, s := range slots {
		c, i, b := f.at(s, true)
		if c[i]&b != 0 {
			c[i+1] |= b
		} else {
			c[i] |= b
		}
	}
}

// shared reports whether the slot of h is seen in two or more rows.
func (f *seenFilter) shared(h uint64) bool {
	c, i, b := f.at(f.slot(h), false)
	return c != nil && c[i+1]&b != 0
}

// merge adds o's counts (of other rows).
func (f *seenFilter) merge(o *seenFilter) {
	for ci, oc := range o.chunks {
		if oc == nil {
			continue
		}
		c := f.chunks[ci]
		if c == nil {
			f.chunks[ci] = append([]uint64(nil), oc...)
			continue
		}
		for i := 0; i < len(c); i += 2 {
			c[i+1] |= oc[i+1] | c[i]&oc[i]
			c[i] |= oc[i]
		}
	}
}

// empty reports whether no slot is counted.
func (f *seenFilter) empty() bool {
	for _, c := range f.chunks {
		if c != nil {
			return false
		}
	}
	return true
}

// digest mixes the filter's counts, to tell its second pass from
// another's.
func (f *seenFilter) digest() uint64 {
	h := spansMix(uint64(f.bits))
	for ci, c := range f.chunks {
		for i, x := range c {
			if x != 0 {
				h = spansMix(h ^ spansMix(uint64(ci)<<32|uint64(i)) ^ x)
			}
		}
	}
	return h
}

// level is the sampling level of fingerprint h: the second pass at level
// l keeps the fingerprints of level l or more, 2^-l of them. It is read
// from the low bits of the remix, which the slot does not use.
func level(h uint64) uint8 { return uint8(min(bits.TrailingZeros64(spansMix(h)), 63)) }

// pairsPerChunk is the pairs of words of a chunk.
func (f *seenFilter) pairsPerChunk() int { return max(f.chunkWords(), 2) / 2 }

// pairs calls fn for each pair of words with a slot counted, in order of
// their index.
func (f *seenFilter) pairs(fn func(at int, once, two uint64)) {
	per := f.pairsPerChunk()
	for ci, c := range f.chunks {
		for i := 0; i < len(c); i += 2 {
			if c[i] != 0 {
				fn(ci*per+i/2, c[i], c[i+1])
			}
		}
	}
}

// setPair sets the pair of words at (pairs' index).
func (f *seenFilter) setPair(at int, once, two uint64) {
	per := f.pairsPerChunk()
	ci := at / per
	if f.chunks[ci] == nil {
		f.chunks[ci] = make([]uint64, 2*per)
	}
	f.chunks[ci][2*(at%per)], f.chunks[ci][2*(at%per)+1] = once, two
}
