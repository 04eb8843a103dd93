package backdoor

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
)

var (
	_ analysis.Encoder = (*Counts)(nil)
	_ analysis.Encoder = (*Scanner)(nil)
)

// AppendState appends the first pass' state: its row counts, then its
// three count tables (prompt grams, response grams, response clusters),
// each sorted by hash, the hashes delta-coded:
//
//	+--------------+---------------+------------------------+--------------------------+-------------------------+---------------------------+
//	| uvarint rows | uvarint pairs | uvarint prompt grams Σ | uvarint response grams Σ | uvarint without columns | uvarint without response  |
//	+--------------+---------------+------------------------+--------------------------+-------------------------+---------------------------+
//	| per table: uvarint n, n×(uvarint Δhash, uvarint count)                                                                              |
//	+--------------------------------------------------------------------------------------------------------------------------------------+
//
// The hashes are FNV-1a and fixed mixes of the words' bytes: the same in
// every process.
func (c *Counts) AppendState(dst []byte) ([]byte, error) {
	for _, v := range []int64{c.rows, c.pairs, c.promptGrams, c.respGrams, c.withoutColumns, c.withoutResponse} {
		dst = binary.AppendUvarint(dst, uint64(v))
	}
	type entry struct {
		h uint64
		n uint32
	}
	var es []entry
	for _, m := range []*countMap{&c.pdf, &c.rdf, &c.bags} {
		es = es[:0]
		m.each(func(h uint64, n uint32) { es = append(es, entry{h, n}) })
		slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.h, b.h) })
		dst = binary.AppendUvarint(dst, uint64(len(es)))
		prev := uint64(0)
		for _, e := range es {
			dst = binary.AppendUvarint(dst, e.h-prev)
			dst = binary.AppendUvarint(dst, uint64(e.n))
			prev = e.h
		}
	}
	return dst, nil
}

// maxCount bounds a decoded row count: far above any corpus, low enough
// that sums of counts cannot overflow.
const maxCount = 1 << 48

// DecodeCounts reads a state Counts.AppendState wrote.
func DecodeCounts(state []byte) (*Counts, error) {
	r := analysis.NewReader(state)
	c := NewCounts()
	for _, v := range []*int64{&c.rows, &c.pairs, &c.promptGrams, &c.respGrams, &c.withoutColumns, &c.withoutResponse} {
		*v = int64(r.Int("row counts", maxCount))
	}
	if r.Err() == nil && c.pairs+c.withoutColumns+c.withoutResponse != c.rows {
		r.Failf("row counts: %d pairs, %d rows without columns and %d without a response are not the %d rows", c.pairs, c.withoutColumns, c.withoutResponse, c.rows)
	}
	for _, t := range []struct {
		what string
		m    *countMap
	}{{"prompt grams", &c.pdf}, {"response grams", &c.rdf}, {"response clusters", &c.bags}} {
		n := r.Count(t.what, 2)
		h := uint64(0)
		for i := range n {
			d := r.Uvarint(t.what)
			cnt := r.Int(t.what, math.MaxUint32)
			if r.Err() != nil {
				break
			}
			if i > 0 && d == 0 || h+d < h {
				r.Failf("%s: hashes not increasing at entry %d", t.what, i)
				break
			}
			if cnt == 0 || int64(cnt) > c.pairs {
				r.Failf("%s: count %d of %d pairs", t.what, cnt, c.pairs)
				break
			}
			h += d
			t.m.add(h, uint32(cnt))
		}
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return c, nil
}

// fingerprint identifies the merged first pass a second pass is built
// from: its row counts and a sum over every table entry (independent of
// the tables' order), so that a second pass' state from another first
// pass is refused.
func (c *Counts) fingerprint() uint64 {
	h := uint64(0x6261636b646f6f72)
	for _, v := range []int64{c.rows, c.pairs, c.promptGrams, c.respGrams, c.withoutColumns, c.withoutResponse} {
		h = mix(h, uint64(v))
	}
	for i, m := range []*countMap{&c.pdf, &c.rdf, &c.bags} {
		sum := uint64(0)
		m.each(func(k uint64, n uint32) { sum += mix(k, uint64(n)) })
		h = mix(h, sum+uint64(i))
	}
	return h
}

// AppendState appends the second pass' state: the fingerprint of the
// first pass it was built from, the rows it keeps (each position, id,
// prompt, response, the prompt's hash, its trigger-range gram hashes and
// the payloads it carries, flag 1 for a cluster, 0 for a phrase), then the payloads' examples sorted by key:
//
//	+----------------------+--------------+-------------------------------------------------------------------------------------------+
//	| uint64 first pass    | uvarint rows | per row: pos, id, prompt, response, uint64 hash, uvarint n, n×uint64, uvarint m, m×(uint64 key, byte flags) |
//	+----------------------+--------------+-------------------------------------------------------------------------------------------+
//	| uvarint examples | per example: uint64 key, pos, text                                                                          |
//	+------------------------------------------------------------------------------------------------------------------------------+
//
// pos as analysis.AppendPos, strings as analysis.AppendString, uint64
// little-endian.
func (sc *Scanner) AppendState(dst []byte) ([]byte, error) {
	dst = binary.LittleEndian.AppendUint64(dst, sc.c.fingerprint())
	dst = binary.AppendUvarint(dst, uint64(len(sc.carriers)))
	for i := range sc.carriers {
		cr := &sc.carriers[i]
		dst = analysis.AppendPos(dst, cr.pos)
		dst = analysis.AppendString(dst, cr.id)
		dst = binary.AppendUvarint(dst, uint64(len(cr.prompt)))
		dst = append(dst, cr.prompt...)
		dst = binary.AppendUvarint(dst, uint64(len(cr.resp)))
		dst = append(dst, cr.resp...)
		dst = binary.LittleEndian.AppendUint64(dst, cr.phash)
		dst = binary.AppendUvarint(dst, uint64(len(cr.tg)))
		for _, h := range cr.tg {
			dst = binary.LittleEndian.AppendUint64(dst, h)
		}
		dst = binary.AppendUvarint(dst, uint64(len(cr.refs)))
		for _, r := range cr.refs {
			dst = binary.LittleEndian.AppendUint64(dst, r.key)
			flags := byte(0)
			if r.cluster {
				flags = 1
			}
			dst = append(dst, flags)
		}
	}
	keys := make([]uint64, 0, len(sc.examples))
	for k := range sc.examples {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = binary.AppendUvarint(dst, uint64(len(keys)))
	for _, k := range keys {
		e := sc.examples[k]
		dst = binary.LittleEndian.AppendUint64(dst, k)
		dst = analysis.AppendPos(dst, e.pos)
		dst = analysis.AppendString(dst, e.text)
	}
	return dst, nil
}

// carrierBytes is the least a kept row takes in a state: a position,
// three empty strings, the prompt's hash, no gram and one payload.
const carrierBytes = 2 + 3 + 8 + 1 + 1 + 9

// DecodeScanner reads a state Scanner.AppendState wrote, for the second
// pass built from first, the merged *Counts; positions must name files of
// c.Files.
func DecodeScanner(first analysis.Analyser, c *analysis.Config, state []byte) (analysis.Analyser, error) {
	cs, ok := first.(*Counts)
	if !ok {
		return nil, analysis.Mismatch(&Counts{}, first)
	}
	sc := cs.newScanner()
	r := analysis.NewReader(state)
	if fp := r.Uint64("first pass"); r.Err() == nil && fp != cs.fingerprint() {
		return nil, fmt.Errorf("a state built from first pass %016x cannot be merged into one from %016x: the first passes differ", fp, cs.fingerprint())
	}
	n := r.Count("rows", carrierBytes)
	sc.carriers = make([]carrier, 0, n)
	for range n {
		var cr carrier
		cr.pos = r.Pos("row", c.Files)
		cr.id = r.String("id")
		cr.prompt = sc.text.copy(r.Bytes("prompt", r.Int("prompt", math.MaxInt32)))
		cr.resp = sc.text.copy(r.Bytes("response", r.Int("response", math.MaxInt32)))
		cr.phash = r.Uint64("prompt hash")
		sc.hs = sc.hs[:0]
		for range r.Count("prompt grams", 8) {
			sc.hs = append(sc.hs, r.Uint64("prompt gram"))
		}
		cr.tg = sc.hashes.copy(sc.hs)
		sc.refs = sc.refs[:0]
		m := r.Count("payloads", 9)
		if m == 0 {
			r.Failf("a row without a payload")
		}
		for range m {
			k := r.Uint64("payload")
			flags := r.Byte("payload flags")
			if flags > 1 {
				r.Failf("payload flags %d", flags)
			}
			sc.refs = append(sc.refs, ref{key: k, cluster: flags == 1})
		}
		cr.refs = sc.refArena.copy(sc.refs)
		if r.Err() != nil {
			break
		}
		sc.carriers = append(sc.carriers, cr)
	}
	m := r.Count("examples", 8+2+1)
	prev := uint64(0)
	for i := range m {
		k := r.Uint64("example")
		pos := r.Pos("example", c.Files)
		text := r.String("example")
		if r.Err() != nil {
			break
		}
		if i > 0 && k <= prev {
			r.Failf("examples: keys not increasing at %d", i)
			break
		}
		prev = k
		sc.examples[k] = example{pos: pos, text: text}
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return sc, nil
}
