package backdoor

// countMap counts 64-bit gram hashes exactly: open addressing with
// linear probing over parallel arrays of keys and counts (12 bytes a
// slot, grown to twice the size at 3/4 full, so 16 to 32 bytes an
// entry, against about 20 to 40 for a Go map), with no pointer for the
// collector to scan. The hash 0 marks an empty slot; its count is kept
// apart.
type countMap struct {
	keys  []uint64
	cnt   []uint32
	n     int    // keys in the slots
	zero  uint32 // the count of hash 0
	shift uint8  // 64 - log2(len(keys))
}

const minCountSlots = 1 << 12

// slot is h's home slot: the high bits of h times the golden ratio, so
// that hashes of any quality spread.
func (m *countMap) slot(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> m.shift }

// add adds d to h's count.
func (m *countMap) add(h uint64, d uint32) {
	if h == 0 {
		m.zero += d
		return
	}
	if 4*(m.n+1) > 3*len(m.keys) {
		m.grow()
	}
	mask := uint64(len(m.keys) - 1)
	for i := m.slot(h); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case h:
			m.cnt[i] += d
			return
		case 0:
			m.keys[i], m.cnt[i] = h, d
			m.n++
			return
		}
	}
}

// get returns h's count (0 for a hash never added).
func (m *countMap) get(h uint64) uint32 {
	if h == 0 {
		return m.zero
	}
	if m.n == 0 {
		return 0
	}
	mask := uint64(len(m.keys) - 1)
	for i := m.slot(h); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case h:
			return m.cnt[i]
		case 0:
			return 0
		}
	}
}

// len is the number of distinct hashes counted.
func (m *countMap) len() int {
	if m.zero > 0 {
		return m.n + 1
	}
	return m.n
}

// each calls f with every hash and its count, in slot order (hash 0
// last).
func (m *countMap) each(f func(h uint64, n uint32)) {
	for i, k := range m.keys {
		if k != 0 {
			f(k, m.cnt[i])
		}
	}
	if m.zero > 0 {
		f(0, m.zero)
	}
}

// merge adds o's counts.
func (m *countMap) merge(o *countMap) {
	for i, k := range o.keys {
		if k != 0 {
			m.add(k, o.cnt[i])
		}
	}
	m.zero += o.zero
}

func (m *countMap) grow() {
	size := max(minCountSlots, 2*len(m.keys))
	keys, cnt := m.keys, m.cnt
	m.keys, m.cnt, m.n = make([]uint64, size), make([]uint32, size), 0
	m.shift = uint8(64 - bitsLen(size-1))
	mask := uint64(size - 1)
	for i, k := range keys {
		if k == 0 {
			continue
		}
		j := m.slot(k)
		for m.keys[j] != 0 {
			j = (j + 1) & mask
		}
		m.keys[j], m.cnt[j] = k, cnt[i]
		m.n++
	}
}

// bitsLen is the number of bits of x.
func bitsLen(x int) int {
	n := 0
	for ; x > 0; x >>= 1 {
		n++
	}
	return n
}
