package poison

import "unsafe"

// sketch is a count-min sketch of two rows whose counters for one key lie
// in one 64-byte block: the key's hash picks the block, and in each half
// of the block (a row) one counter, from other bits of the hash. A count
// is the least of its two counters, so never below the true count and
// above it by the collisions; keeping both in one cache line makes an
// update or a look-up one memory access instead of two, which is most of
// the first pass' cost. (In each half of its block a key shares its
// counter with the block's other keys, as in a row it would with the
// row's: a count is overestimated about as often as with two independent
// rows of the same size, a little more for the variance of a block's
// load; the benchmark's floors hold with it.)
//
// Counters saturate at their maximum instead of wrapping. Saturating
// addition is associative and commutative, so a sketch of any split of
// the input, merged counter by counter, is the sketch of the whole: the
// law of analysis.Analyser holds exactly, not within a bound, and so does
// a merge of decoded states. (Conservative update would be more accurate
// but is not mergeable that way: it depends on the order of the adds.)
type sketch[T uint16 | uint32] struct {
	logb int // log2 of the number of blocks
	c    []T // blocks of blockBytes, rows interleaved by halves
}

const blockBytes = 64

func newSketch[T uint16 | uint32](logb int) sketch[T] {
	var z T
	return sketch[T]{logb: logb, c: make([]T, (blockBytes/int(unsafe.Sizeof(z)))<<logb)}
}

// slots returns the indexes of h's two counters; h is a mixed hash.
func (s *sketch[T]) slots(h uint64) (int, int) {
	var z T
	half := blockBytes / 2 / uint64(unsafe.Sizeof(z)) // counters a row in a block
	base := h >> (64 - s.logb) * 2 * half
	return int(base + h&(half-1)), int(base + half + h>>8&(half-1))
}

// add adds one to h's counters.
func (s *sketch[T]) add(h uint64) {
	i, j := s.slots(h)
	var top T
	top--
	if s.c[i] != top {
		s.c[i]++
	}
	if s.c[j] != top {
		s.c[j]++
	}
}

// get returns h's count: at least the number of add(h).
func (s *sketch[T]) get(h uint64) uint64 {
	i, j := s.slots(h)
	return uint64(min(s.c[i], s.c[j]))
}

// merge adds o's counters to s's, saturating.
func (s *sketch[T]) merge(o *sketch[T]) {
	var top T
	top--
	for i, v := range o.c {
		if s.c[i] > top-v {
			s.c[i] = top
		} else {
			s.c[i] += v
		}
	}
}

func (s *sketch[T]) bytes() int64 {
	var z T
	return int64(len(s.c)) * int64(unsafe.Sizeof(z))
}

// mix is splitmix64's finaliser: FNV hashes of short strings differ in few
// high bits, the sketches take their blocks from the high bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
