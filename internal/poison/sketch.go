package poison

// sketch is a count-min sketch: rows of counters, each token hash adding
// to one counter of every row; a count is the least of its counters, so
// never below the true count and above it by the collisions. Counters
// saturate at their maximum instead of wrapping. Saturating addition is
// associative and commutative, so a sketch of any split of the input,
// merged, is the sketch of the whole: the law of analysis.Analyser holds
// exactly, not within a bound.
type sketch[T uint16 | uint32] struct {
	logw int
	c    []T // rows × 1<<logw counters
}

// rowMul are odd multipliers that take a mixed hash to each row's column.
var rowMul = [...]uint64{0x9e3779b97f4a7c15, 0xc2b2ae3d27d4eb4f, 0x165667b19e3779f9, 0xd6e8feb86659fd93}

func newSketch[T uint16 | uint32](rows, logw int) sketch[T] {
	return sketch[T]{logw: logw, c: make([]T, rows<<logw)}
}

func (s *sketch[T]) rows() int { return len(s.c) >> s.logw }

// add adds one to h's counters.
func (s *sketch[T]) add(h uint64) {
	h = mix(h)
	var top T
	top--
	for r := range s.rows() {
		i := r<<s.logw | int(h*rowMul[r]>>(64-s.logw))
		if s.c[i] != top {
			s.c[i]++
		}
	}
}

// get returns h's count: at least the number of add(h).
func (s *sketch[T]) get(h uint64) uint64 {
	h = mix(h)
	var m T
	m--
	for r := range s.rows() {
		m = min(m, s.c[r<<s.logw|int(h*rowMul[r]>>(64-s.logw))])
	}
	return uint64(m)
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
	size := int64(2)
	if any(z) == any(uint32(0)) {
		size = 4
	}
	return int64(len(s.c)) * size
}

// mix is splitmix64's finaliser: FNV hashes of short strings differ in few
// high bits, the rows take their columns from the high bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
