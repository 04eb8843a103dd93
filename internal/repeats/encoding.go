package repeats

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
)

var (
	_ analysis.Encoder = (*First)(nil)
	_ analysis.Encoder = (*Second)(nil)
)

// # Portable state
//
// Hashes are of the normalised tokens only (package spans: FNV and fixed
// multipliers, no seed), and rows are positions in the run's file table,
// so both passes' states mean the same in every process.
//
// The first pass (First.AppendState) is its span length, the rows it
// read, the filter's log2 size and its non-zero pairs of words (seenFilter),
// each after the gap from the previous one:
//
//	+-----------+--------------+---------------+-----------+---------------------------------------------+
//	| uvarint L | uvarint rows | uvarint bits  | uvarint n | (uvarint gap, 8-byte LE once, 8-byte LE two)… |
//	+-----------+--------------+---------------+-----------+---------------------------------------------+
//
// The second pass (Second.AppendState) is the span length, the
// fingerprint of the first pass it was built from (First.print: its rows
// and filter), its sampling level, the quoted text, the L-gram starts
// and the ids of their rows, sorted by position:
//
//	+-----------+------------------+---------------+------------------------------+
//	| uvarint L | 8-byte LE print  | uvarint level | uvarint len(texts), texts    |
//	+-----------+------------------+---------------+------------------------------+
//	| grams: uvarint n, (8-byte LE hash, pos, uvarint start,                      |
//	|        uvarint quote offset, uvarint quote length, uvarint level)…          |
//	+-----------------------------------------------------------------------------+
//	| ids: uvarint n, (pos, id string)… by position                               |
//	+-----------------------------------------------------------------------------+
//
// Decoding refuses another span length or filter size, a slot counted in
// two rows but not in one, a second-pass state of another first pass, a
// quote outside the text or before the previous one, and a row past 2^47.

// AppendState appends the first pass' state (see above).
func (f *First) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(f.L))
	dst = binary.AppendUvarint(dst, uint64(f.rows))
	dst = binary.AppendUvarint(dst, uint64(f.seen.bits))
	n := 0
	f.seen.pairs(func(int, uint64, uint64) { n++ })
	dst = binary.AppendUvarint(dst, uint64(n))
	last := 0
	f.seen.pairs(func(at int, once, two uint64) {
		dst = binary.AppendUvarint(dst, uint64(at-last))
		dst = binary.LittleEndian.AppendUint64(dst, once)
		dst = binary.LittleEndian.AppendUint64(dst, two)
		last = at
	})
	return dst, nil
}

// readKey reads a position as a rowKey, refusing one it cannot hold.
func readKey(r *analysis.Reader, what string, files int) rowKey {
	p := r.Pos(what, files)
	if p.N >= 1<<47 || p.N < 0 {
		r.Failf("%s: row %d past 2^47", what, p.N)
	}
	return keyOf(p)
}

// decodeFirst reads a first pass' state (analysis.Spec.Decode).
func decodeFirst(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	f, err := newFirst(c)
	if err != nil {
		return nil, err
	}
	r := analysis.NewReader(state)
	if L := r.Int("span length", math.MaxInt32); r.Err() == nil && L != f.L {
		return nil, fmt.Errorf("a state of spans of %d tokens cannot be merged with spans of %d", L, f.L)
	}
	f.rows = int64(r.Int("rows", 1<<62))
	if b := r.Int("filter bits", 64); r.Err() == nil && b != int(f.seen.bits) {
		return nil, fmt.Errorf("a state of a filter of 2^%d slots cannot be merged with one of 2^%d", b, f.seen.bits)
	}
	pairs := len(f.seen.chunks) * f.seen.pairsPerChunk()
	n := r.Count("filter words", 1+16)
	at := -1
	for i := range n {
		gap := r.Int("filter gap", uint64(pairs))
		once, two := r.Uint64("filter word"), r.Uint64("filter word")
		if r.Err() != nil {
			break
		}
		if i > 0 && gap == 0 || at+gap >= pairs || i == 0 && gap >= pairs {
			return nil, fmt.Errorf("filter word %d: gap %d past the %d words or out of order", i, gap, pairs)
		}
		if i == 0 {
			at = gap
		} else {
			at += gap
		}
		if once == 0 || two&^once != 0 {
			return nil, fmt.Errorf("filter word %d: %#x seen in two rows, %#x in one: want a non-empty word and the first within the second", at, two, once)
		}
		f.seen.setPair(at, once, two)
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return f, nil
}

// print identifies the merged first pass a second is built from: its
// rows and filter, mixed; computed once (the first pass is not changed
// once a second pass is built from it).
func (f *First) print() uint64 {
	if !f.printDone {
		f.printed, f.printDone = spansMix(uint64(f.rows)^f.seen.digest()), true
	}
	return f.printed
}

// AppendState appends the second pass' state (see above).
func (s *Second) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(s.L))
	dst = binary.LittleEndian.AppendUint64(dst, s.print)
	dst = binary.AppendUvarint(dst, uint64(s.level))
	grams, texts := s.canonical()
	dst = binary.AppendUvarint(dst, uint64(len(texts)))
	dst = append(dst, texts...)
	dst = binary.AppendUvarint(dst, uint64(len(grams)))
	for _, g := range grams {
		dst = binary.LittleEndian.AppendUint64(dst, g.h)
		dst = analysis.AppendPos(dst, g.row.pos())
		dst = binary.AppendUvarint(dst, uint64(g.start))
		dst = binary.AppendUvarint(dst, uint64(g.quote))
		dst = binary.AppendUvarint(dst, uint64(g.qlen))
		dst = binary.AppendUvarint(dst, uint64(g.lvl))
	}
	keys := make([]rowKey, 0, len(s.ids))
	for k := range s.ids {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = binary.AppendUvarint(dst, uint64(len(keys)))
	for _, k := range keys {
		dst = analysis.AppendPos(dst, k.pos())
		dst = analysis.AppendString(dst, s.ids[k])
	}
	return dst, nil
}

// canonical returns the L-grams sorted by row and start and their quotes
// written anew in that order: the order the starts were added in, and
// how their quotes share text (a stretch's quotes once, those of
// stretches merged when Merge or thinning compacted them), depend on how
// the input was split among workers, and the state is the same bytes for
// any split. A quote shares the text of the previous start's quote of its
// row from the first offset where the two agree; its bytes are what
// counts, whatever they share. Computed at encode time only.
func (s *Second) canonical() ([]gram, []byte) {
	grams := slices.Clone(s.grams)
	slices.SortFunc(grams, func(a, b gram) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.start, b.start))
	})
	texts := make([]byte, 0, len(s.texts))
	prev := -1 // the previous start's quote in texts
	for i := range grams {
		g := &grams[i]
		q := s.texts[g.quote : g.quote+int32(g.qlen)]
		at := -1
		if prev >= 0 && grams[i-1].row == g.row {
			for d := prev; d <= len(texts); d++ {
				tail := texts[d:]
				if n := min(len(tail), len(q)); bytes.Equal(tail[:n], q[:n]) {
					at = d
					texts = append(texts, q[n:]...)
					break
				}
			}
		}
		if at < 0 {
			at = len(texts)
			texts = append(texts, q...)
		}
		g.quote, prev = int32(at), at
	}
	return grams, texts
}

// decodeSecond reads a second pass' state built from first, the merged
// first pass (analysis.Spec.DecodeSecond).
func decodeSecond(first analysis.Analyser, c *analysis.Config, state []byte) (analysis.Analyser, error) {
	f, ok := first.(*First)
	if !ok {
		return nil, analysis.Mismatch(&First{}, first)
	}
	s := newSecond(f, f.print())
	r := analysis.NewReader(state)
	if L := r.Int("span length", math.MaxInt32); r.Err() == nil && L != s.L {
		return nil, fmt.Errorf("a state of spans of %d tokens cannot be merged with spans of %d", L, s.L)
	}
	if p := r.Uint64("first pass"); r.Err() == nil && p != s.print {
		return nil, fmt.Errorf("a state of the second pass of another first pass")
	}
	s.level = uint8(r.Int("sampling level", 63))
	s.texts = append([]byte(nil), r.Bytes("quotes", r.Int("quotes", math.MaxInt32))...)
	n := r.Count("L-grams", 8+2+4)
	s.grams = make([]gram, 0, n)
	last := int32(0)
	for range n {
		g := gram{h: r.Uint64("L-gram")}
		g.row = readKey(r, "L-gram row", c.Files)
		g.start = int32(r.Int("L-gram start", math.MaxInt32))
		g.quote = int32(r.Int("L-gram quote", math.MaxInt32))
		g.qlen = uint8(r.Int("L-gram quote length", quoteBytes))
		g.lvl = uint8(r.Int("L-gram level", 63))
		if r.Err() != nil {
			break
		}
		if int(g.quote)+int(g.qlen) > len(s.texts) || g.quote < last {
			return nil, fmt.Errorf("quote of an L-gram [%d, +%d) outside %d bytes of text or before the previous one at %d", g.quote, g.qlen, len(s.texts), last)
		}
		last = g.quote
		s.grams = append(s.grams, g)
	}
	n = r.Count("ids", 3)
	lastKey := rowKey(0)
	for i := range n {
		k := readKey(r, "id row", c.Files)
		id := r.String("id")
		if r.Err() != nil {
			break
		}
		if i > 0 && k <= lastKey {
			return nil, fmt.Errorf("id of %v out of order", k.pos())
		}
		lastKey = k
		if s.ids == nil {
			s.ids = map[rowKey]string{}
		}
		s.ids[k] = id
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return s, nil
}
