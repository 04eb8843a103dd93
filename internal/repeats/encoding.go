package repeats

import (
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
// read and its fingerprints in the order it kept them:
//
//	+-------------+--------------+-----------+---------------------------------------+
//	| uvarint L   | uvarint rows | uvarint n | (8-byte LE hash, pos (AppendPos))…    |
//	+-------------+--------------+-----------+---------------------------------------+
//
// The second pass (Second.AppendState) is the span length, the
// fingerprint of the first pass it was built from (firstPrint: its rows
// and shared fingerprints), the quoted text, the L-gram starts and the
// ids of their rows, sorted by position:
//
//	+-----------+------------------+------------------------------+
//	| uvarint L | 8-byte LE print  | uvarint len(texts), texts    |
//	+-----------+------------------+------------------------------+
//	| grams: uvarint n, (8-byte LE hash, pos, uvarint start,      |
//	|        uvarint quote offset, uvarint quote length)…         |
//	+-------------------------------------------------------------+
//	| ids: uvarint n, (pos, id string)… by position               |
//	+-------------------------------------------------------------+
//
// Decoding refuses another span length, a second-pass state of another
// first pass, a quote outside the text and a row past 2^47.

// AppendState appends the first pass' state (see above).
func (f *First) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(f.L))
	dst = binary.AppendUvarint(dst, uint64(f.rows))
	dst = binary.AppendUvarint(dst, uint64(len(f.fps)))
	for _, p := range f.fps {
		dst = binary.LittleEndian.AppendUint64(dst, p.h)
		dst = analysis.AppendPos(dst, p.row.pos())
	}
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
	n := r.Count("fingerprints", 8+2)
	f.fps = make([]fp, 0, n)
	for range n {
		h := r.Uint64("fingerprint")
		k := readKey(r, "fingerprint row", c.Files)
		if r.Err() != nil {
			break
		}
		f.fps = append(f.fps, fp{h, k})
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return f, nil
}

// firstPrint identifies the first pass a second was built from: its
// rows and shared fingerprints, mixed.
func firstPrint(rows int64, shared []uint64) uint64 {
	h := spansMix(uint64(rows) ^ uint64(len(shared))<<32)
	for _, s := range shared {
		h = spansMix(h ^ s)
	}
	return h
}

// AppendState appends the second pass' state (see above).
func (s *Second) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(s.L))
	dst = binary.LittleEndian.AppendUint64(dst, firstPrint(s.rows, s.shared))
	dst = binary.AppendUvarint(dst, uint64(len(s.texts)))
	dst = append(dst, s.texts...)
	dst = binary.AppendUvarint(dst, uint64(len(s.grams)))
	for _, g := range s.grams {
		dst = binary.LittleEndian.AppendUint64(dst, g.h)
		dst = analysis.AppendPos(dst, g.row.pos())
		dst = binary.AppendUvarint(dst, uint64(g.start))
		dst = binary.AppendUvarint(dst, uint64(g.quote))
		dst = binary.AppendUvarint(dst, uint64(g.qlen))
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

// decodeSecond reads a second pass' state built from first, the merged
// first pass (analysis.Spec.DecodeSecond).
func decodeSecond(first analysis.Analyser, c *analysis.Config, state []byte) (analysis.Analyser, error) {
	f, ok := first.(*First)
	if !ok {
		return nil, analysis.Mismatch(&First{}, first)
	}
	s := newSecond(f, f.shared())
	r := analysis.NewReader(state)
	if L := r.Int("span length", math.MaxInt32); r.Err() == nil && L != s.L {
		return nil, fmt.Errorf("a state of spans of %d tokens cannot be merged with spans of %d", L, s.L)
	}
	if p := r.Uint64("first pass"); r.Err() == nil && p != firstPrint(s.rows, s.shared) {
		return nil, fmt.Errorf("a state of the second pass of another first pass")
	}
	s.texts = append([]byte(nil), r.Bytes("quotes", r.Int("quotes", math.MaxInt32))...)
	n := r.Count("L-grams", 8+2+3)
	s.grams = make([]gram, 0, n)
	for range n {
		g := gram{h: r.Uint64("L-gram")}
		g.row = readKey(r, "L-gram row", c.Files)
		g.start = int32(r.Int("L-gram start", math.MaxInt32))
		g.quote = int32(r.Int("L-gram quote", math.MaxInt32))
		g.qlen = int32(r.Int("L-gram quote length", quoteBytes))
		if r.Err() != nil {
			break
		}
		if int(g.quote)+int(g.qlen) > len(s.texts) {
			return nil, fmt.Errorf("quote of an L-gram [%d, +%d) outside %d bytes of text", g.quote, g.qlen, len(s.texts))
		}
		s.grams = append(s.grams, g)
	}
	n = r.Count("ids", 3)
	last := rowKey(0)
	for i := range n {
		k := readKey(r, "id row", c.Files)
		id := r.String("id")
		if r.Err() != nil {
			break
		}
		if i > 0 && k <= last {
			return nil, fmt.Errorf("id of %v out of order", k.pos())
		}
		last = k
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
