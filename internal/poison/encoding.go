package poison

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"unsafe"

	"github.com/zeebo/xxh3"

	"github.com/dataaudit/dataaudit/internal/analysis"
)

// # Portable state
//
// The first pass (Counts) encodes as:
//
//	+---------+--------+-----+----+----+-------------+---------------------------+
//	| uvarint | uvarint | uni | bi | df | uvarint n   | n × (hash u64 LE, string) |
//	| tokens  | docs    |     |    |    | sample docs | sorted by (hash, text)    |
//	+---------+--------+-----+----+----+-------------+---------------------------+
//
// each sketch as uvarint log2 of its blocks (this version's, or the state
// is refused), then its counters in order as uvarints: an odd x is a run
// of x>>1 zero counters, an even x a counter of x>>1 (never 0), so that
// the mostly empty sketches of a small shard are a few bytes. The merge
// of decoded sketches is exact (saturating counters: see sketch).
//
// The second pass (Scorer) encodes as: the model it was built from
// (uvarint tokens and docs of the first pass, then its levels as float64
// bits, for DecodeSecond to refuse a state of another first pass), then
// uvarint occurrences, scored and dropped, the counts over each level,
// the candidates (uvarint n, then hash u64 LE, text, a uvarint count a
// level; by hash), then the records (uvarint n, then pos, hash u64 LE,
// uvarint offset, score as float64 bits, id).

// AppendState appends the first pass' state (see "Portable state").
func (c *Counts) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(c.tokens))
	dst = binary.AppendUvarint(dst, uint64(c.docs))
	dst = appendSketch(dst, &c.uni)
	dst = appendSketch(dst, &c.bi)
	dst = appendSketch(dst, &c.df)
	dst = binary.AppendUvarint(dst, uint64(len(c.sample)))
	for _, d := range c.sample {
		dst = binary.LittleEndian.AppendUint64(dst, d.hash)
		dst = analysis.AppendString(dst, d.text)
	}
	return dst, nil
}

func appendSketch[T uint16 | uint32](dst []byte, s *sketch[T]) []byte {
	dst = binary.AppendUvarint(dst, uint64(s.logb))
	zeros := uint64(0)
	for _, v := range s.c {
		if v == 0 {
			zeros++
			continue
		}
		if zeros > 0 {
			dst = binary.AppendUvarint(dst, zeros<<1|1)
			zeros = 0
		}
		dst = binary.AppendUvarint(dst, uint64(v)<<1)
	}
	if zeros > 0 {
		dst = binary.AppendUvarint(dst, zeros<<1|1)
	}
	return dst
}

// readSketch reads a sketch appendSketch wrote into s, an empty sketch of
// this version's size; with s.c nil it only checks the encoding.
func readSketch[T uint16 | uint32](r *analysis.Reader, what string, s *sketch[T]) {
	if logb := r.Uvarint(what); r.Err() == nil && logb != uint64(s.logb) {
		r.Failf("%s: 2^%d blocks, want 2^%d", what, logb, s.logb)
		return
	}
	var top, z T
	top--
	n := (blockBytes / int(unsafe.Sizeof(z))) << s.logb
	for i := 0; i < n && r.Err() == nil; {
		x := r.Uvarint(what)
		switch {
		case r.Err() != nil:
		case x == 0 || x == 1:
			r.Failf("%s: empty entry at counter %d", what, i)
		case x&1 == 1:
			if x>>1 > uint64(n-i) {
				r.Failf("%s: a run of %d zeros at counter %d of %d", what, x>>1, i, n)
				break
			}
			i += int(x >> 1)
		case x>>1 > uint64(top):
			r.Failf("%s: counter %d is %d, above %d", what, i, x>>1, top)
		default:
			if s.c != nil {
				s.c[i] = T(x >> 1)
			}
			i++
		}
	}
}

// decodeCounts reads a first pass' state (analysis.Spec.Decode). The
// state is read twice: checked, then into a first pass, so that bytes
// that are not a state cost no 28 MiB of sketches.
func decodeCounts(_ *analysis.Config, state []byte) (analysis.Analyser, error) {
	check := &Counts{uni: sketch[uint32]{logb: uniLogB}, bi: sketch[uint16]{logb: biLogB}, df: sketch[uint16]{logb: dfLogB}}
	if err := readCounts(state, check); err != nil {
		return nil, err
	}
	c := NewCounts()
	if err := readCounts(state, c); err != nil {
		return nil, err
	}
	return c, nil
}

func readCounts(state []byte, c *Counts) error {
	r := analysis.NewReader(state)
	c.tokens = int64(r.Int("tokens", math.MaxInt64))
	c.docs = int64(r.Int("documents", math.MaxInt64))
	readSketch(r, "unigram sketch", &c.uni)
	readSketch(r, "bigram sketch", &c.bi)
	readSketch(r, "document frequency sketch", &c.df)
	n := r.Count("sample", 9)
	if n > sampleDocs {
		r.Failf("sample: %d documents, at most %d", n, sampleDocs)
	}
	for i := range n {
		if r.Err() != nil {
			break
		}
		d := sampleDoc{hash: u64(r, "sample hash"), text: r.String("sample text")}
		switch {
		case r.Err() != nil:
		case len(d.text) > sampleBytes:
			r.Failf("sample document %d: %d bytes, at most %d", i, len(d.text), sampleBytes)
		case len(d.text) < sampleBytes && d.hash != xxh3.HashString(d.text):
			r.Failf("sample document %d: hash %#x is not its text's", i, d.hash)
		case i > 0 && compareSample(c.sample[i-1], d) > 0:
			r.Failf("sample document %d: out of order", i)
		}
		c.sample = append(c.sample, d)
	}
	return r.Close()
}

func compareSample(a, b sampleDoc) int {
	return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.text, b.text))
}

// appendModel appends what identifies the first pass a second was built
// from.
func appendModel(dst []byte, m *model) []byte {
	dst = binary.AppendUvarint(dst, uint64(m.c.tokens))
	dst = binary.AppendUvarint(dst, uint64(m.c.docs))
	for _, l := range m.levels {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(l))
	}
	return dst
}

// AppendState appends the second pass' state (see "Portable state").
func (s *Scorer) AppendState(dst []byte) ([]byte, error) {
	dst = appendModel(dst, s.m)
	for _, v := range []int64{s.occ, s.scored, s.dropped} {
		dst = binary.AppendUvarint(dst, uint64(v))
	}
	for _, v := range s.exceed {
		dst = binary.AppendUvarint(dst, uint64(v))
	}
	hs := make([]uint64, 0, len(s.cands))
	for h := range s.cands {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	dst = binary.AppendUvarint(dst, uint64(len(hs)))
	for _, h := range hs {
		c := s.cands[h]
		dst = binary.LittleEndian.AppendUint64(dst, h)
		dst = analysis.AppendString(dst, c.text)
		for _, k := range c.k {
			dst = binary.AppendUvarint(dst, uint64(k))
		}
	}
	dst = binary.AppendUvarint(dst, uint64(len(s.recs)))
	for _, rec := range s.recs {
		dst = analysis.AppendPos(dst, rec.pos)
		dst = binary.LittleEndian.AppendUint64(dst, rec.cand)
		dst = binary.AppendUvarint(dst, uint64(rec.off))
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(rec.score))
		dst = analysis.AppendString(dst, rec.id)
	}
	return dst, nil
}

// u64 reads 8 little-endian bytes.
func u64(r *analysis.Reader, what string) uint64 {
	var b [8]byte
	for j := range b {
		b[j] = r.Byte(what)
	}
	return binary.LittleEndian.Uint64(b[:])
}

// decodeScorer reads a second pass' state built from first, the merged
// first pass (analysis.Spec.DecodeSecond).
func decodeScorer(first analysis.Analyser, c *analysis.Config, state []byte) (analysis.Analyser, error) {
	fc, ok := first.(*Counts)
	if !ok {
		return nil, analysis.Mismatch(&Counts{}, first)
	}
	m := fc.model()
	if !m.usable() {
		return nil, fmt.Errorf("the first pass has no second: too little text to calibrate on")
	}
	r := analysis.NewReader(state)
	want := appendModel(nil, m)
	got := make([]byte, 0, len(want))
	got = binary.AppendUvarint(got, r.Uvarint("model tokens"))
	got = binary.AppendUvarint(got, r.Uvarint("model documents"))
	for range m.levels {
		got = binary.LittleEndian.AppendUint64(got, u64(r, "model level"))
	}
	if r.Err() == nil && string(got) != string(want) {
		r.Failf("a state of the second pass of another first pass")
	}
	s := newScorer(m)
	for _, v := range []*int64{&s.occ, &s.scored, &s.dropped} {
		*v = int64(r.Int("counts", math.MaxInt64))
	}
	for l := range s.exceed {
		s.exceed[l] = int64(r.Int("counts over a level", math.MaxInt64))
	}
	n := r.Count("candidates", 8+1+nLevels)
	prev := uint64(0)
	for i := range n {
		h := u64(r, "candidate hash")
		cd := &candidate{text: r.String("candidate text")}
		for l := range cd.k {
			cd.k[l] = int64(r.Int("candidate count", math.MaxInt64))
		}
		if r.Err() != nil {
			break
		}
		if i > 0 && h <= prev {
			r.Failf("candidate %d: out of order", i)
			break
		}
		prev = h
		s.cands[h] = cd
	}
	n = r.Count("records", 2+8+1+8+1)
	for i := range n {
		rec := record{pos: r.Pos("record position", c.Files), cand: u64(r, "record candidate"), off: int64(r.Int("record offset", math.MaxInt64))}
		rec.score = math.Float64frombits(u64(r, "record score"))
		rec.id = r.String("record id")
		if r.Err() != nil {
			break
		}
		if math.IsNaN(rec.score) {
			r.Failf("record %d: score NaN", i)
		} else if s.cands[rec.cand] == nil {
			r.Failf("record %d: candidate %#x not in the state", i, rec.cand)
		}
		s.recs = append(s.recs, rec)
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return s, nil
}
