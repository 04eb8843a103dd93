package poison

// seen is a set of token hashes for one text at a time: open addressing
// over a power-of-two table, emptied for the next text by bumping a
// generation instead of clearing, so that a long text does not make every
// later one pay for its table.
type seen struct {
	keys []uint64
	gen  []uint32
	cur  uint32
	mask uint64
}

// reset empties the set for a text of n tokens.
func (s *seen) reset(n int) {
	size := 64
	for size < 2*n {
		size *= 2
	}
	if size > len(s.keys) {
		s.keys, s.gen, s.cur = make([]uint64, size), make([]uint32, size), 0
		s.mask = uint64(size - 1)
	}
	s.cur++
	if s.cur == 0 { // wrapped: old generations could match
		clear(s.gen)
		s.cur = 1
	}
}

// add adds h, a mixed hash, and reports whether it was not in the set.
func (s *seen) add(h uint64) bool {
	for i := h & s.mask; ; i = (i + 1) & s.mask {
		if s.gen[i] != s.cur {
			s.gen[i], s.keys[i] = s.cur, h
			return true
		}
		if s.keys[i] == h {
			return false
		}
	}
}
