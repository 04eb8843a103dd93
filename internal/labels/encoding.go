package labels

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

var (
	_ analysis.Encoder = (*Counts)(nil)
	_ analysis.Encoder = (*Scorer)(nil)
)

// AppendState appends the first pass' state: the folds and their seed
// (a state is refused by a run with others), whether there were too many
// classes, the classes in this state's numbering with each one's row
// count and its non-zero buckets (delta-coded), the fold table's blocks
// (sorted by file and block, each non-zero entry delta-coded with its
// fold+1), then the training sample by hash (each row's position
// hash, class, fold and features in the order the row met them, which is
// the order training adds them in):
//
//	+---------------+--------------+------------+-----------------+------------------------------------------+
//	| uvarint folds | uvarint seed | byte many  | uvarint classes | name, uvarint docs, uvarint n, n×(Δb, c) |
//	+---------------+--------------+------------+-----------------+------------------------------------------+
//	| uvarint blocks | per block: uvarint file, uvarint block, uvarint n, n×(uvarint Δi, byte fold+1)         |
//	+-------------------------------------------------------------------------------------------------------+
//	| uvarint rows | per row: uint64 hash (LE), uvarint class, uvarint fold, uvarint n, n×uvarint bucket    |
//	+-------------------------------------------------------------------------------------------------------+
//	| byte conflicts | with 1: uvarint keys, per row: uint64 text key (LE), uvarint file, uvarint n, uvarint class |
//	+-------------------------------------------------------------------------------------------------------+
//
// The last part is there with Options.Conflicts (conflicts.go): every
// labelled row's text key, position and class.
//
// Buckets and folds are the same in every process (stats.StableHash
// features, a seeded hash of the normalised text's words for folds, of
// the position for the sample).
func (c *Counts) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(c.folds))
	dst = binary.AppendUvarint(dst, c.opts.Seed)
	many := byte(0)
	if c.tooMany {
		many = 1
	}
	dst = append(dst, many)
	if c.counts == nil && len(c.names) > 0 {
		return nil, fmt.Errorf("labels: the first pass' counts were taken by its model")
	}
	// The state is the same bytes however the input was split among
	// workers: classes by name (c's numbering is the order they were
	// met in), sample rows by hash (c's are in heap order) and conflict
	// keys by key and position (c's in the order rows came). Decoding
	// depends on none of these orders.
	byName := make([]int32, len(c.names)) // byName[j] is c's number of the state's class j
	for k := range byName {
		byName[k] = int32(k)
	}
	slices.SortFunc(byName, func(a, b int32) int { return strings.Compare(c.names[a], c.names[b]) })
	class := make([]int32, len(c.names)) // class[k] is the state's number of c's class k
	for j, k := range byName {
		class[k] = int32(j)
	}
	dst = binary.AppendUvarint(dst, uint64(len(c.names)))
	for _, k := range byName {
		name := c.names[k]
		dst = analysis.AppendString(dst, name)
		dst = binary.AppendUvarint(dst, uint64(c.docs[k]))
		n := 0
		for _, v := range c.counts[k] {
			if v != 0 {
				n++
			}
		}
		dst = binary.AppendUvarint(dst, uint64(n))
		last := -1
		for b, v := range c.counts[k] {
			if v != 0 {
				dst = binary.AppendUvarint(dst, uint64(b-last))
				dst = binary.AppendUvarint(dst, uint64(v))
				last = b
			}
		}
	}
	blocks := make([]foldKey, 0, len(c.tab.blocks))
	for k := range c.tab.blocks {
		blocks = append(blocks, k)
	}
	slices.SortFunc(blocks, func(a, b foldKey) int {
		if d := cmp.Compare(a.file, b.file); d != 0 {
			return d
		}
		return cmp.Compare(a.blk, b.blk)
	})
	dst = binary.AppendUvarint(dst, uint64(len(blocks)))
	for _, k := range blocks {
		blk := c.tab.blocks[k]
		dst = binary.AppendUvarint(dst, uint64(k.file))
		dst = binary.AppendUvarint(dst, uint64(k.blk))
		n := 0
		for _, v := range blk {
			if v != 0 {
				n++
			}
		}
		dst = binary.AppendUvarint(dst, uint64(n))
		last := -1
		for i, v := range blk {
			if v != 0 {
				dst = binary.AppendUvarint(dst, uint64(i-last))
				dst = append(dst, v)
				last = i
			}
		}
	}
	rows := make([]*sampleRow, len(c.sample.rows))
	for i := range rows {
		rows[i] = &c.sample.rows[i]
	}
	slices.SortFunc(rows, func(a, b *sampleRow) int {
		return cmp.Or(cmp.Compare(a.H, b.H), cmp.Compare(class[a.Label], class[b.Label]), cmp.Compare(a.Fold, b.Fold))
	})
	dst = binary.AppendUvarint(dst, uint64(len(rows)))
	for _, r := range rows {
		dst = binary.LittleEndian.AppendUint64(dst, r.H)
		dst = binary.AppendUvarint(dst, uint64(class[r.Label]))
		dst = binary.AppendUvarint(dst, uint64(r.Fold))
		dst = binary.AppendUvarint(dst, uint64(len(r.Feats)))
		for _, f := range r.Feats {
			dst = binary.AppendUvarint(dst, uint64(f))
		}
	}
	if !c.opts.Conflicts {
		return append(dst, 0), nil
	}
	dst = append(dst, 1)
	keys := slices.Clone(c.keys)
	slices.SortFunc(keys, func(a, b conflictKey) int {
		return cmp.Or(cmp.Compare(a.fh, b.fh), cmp.Compare(a.file, b.file), cmp.Compare(a.n, b.n), cmp.Compare(class[a.class], class[b.class]))
	})
	dst = binary.AppendUvarint(dst, uint64(len(keys)))
	for _, k := range keys {
		dst = binary.LittleEndian.AppendUint64(dst, k.fh)
		dst = binary.AppendUvarint(dst, uint64(k.file))
		dst = binary.AppendUvarint(dst, uint64(k.n))
		dst = binary.AppendUvarint(dst, uint64(class[k.class]))
	}
	return dst, nil
}

// bucketCount is one non-zero count of a decoded state, kept until the
// whole state has been read.
type bucketCount struct {
	b uint32
	v uint32
}

// foldEntry is one row's fold+1 of a decoded state, kept until the whole
// state has been read.
type foldEntry struct {
	key  foldKey
	i    uint16
	fold uint8
}

// decodeCounts reads a state Counts.AppendState wrote. The counts are
// read into lists first and spread into their tables (2 MiB a class,
// 64 KiB a fold block) only once the whole state has been read, so that a truncated or forged state costs
// memory in proportion to its bytes.
func decodeCounts(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	cs := newCounts(c)
	r := analysis.NewReader(state)
	folds := r.Int("folds", math.MaxInt32)
	seed := r.Uvarint("seed")
	if r.Err() == nil && (folds != cs.folds || seed != cs.opts.Seed) {
		return nil, fmt.Errorf("a state of %d folds seeded %d cannot be merged with %d folds seeded %d", folds, seed, cs.folds, cs.opts.Seed)
	}
	switch r.Byte("classes") {
	case 0:
	case 1:
		cs.tooMany = true
	default:
		r.Failf("too many classes: not a boolean")
	}
	classes := r.Count("classes", 3)
	if classes > MaxClasses {
		r.Failf("%d classes, at most %d", classes, MaxClasses)
	}
	var nonzero [][]bucketCount
	for k := range classes {
		name := r.String("class")
		docs := r.Int("docs", math.MaxInt64)
		n := r.Count("buckets", 2)
		if r.Err() != nil {
			break
		}
		if _, ok := cs.idx[name]; ok {
			return nil, fmt.Errorf("class %q listed twice", name)
		}
		cs.idx[name] = int32(k)
		cs.names = append(cs.names, name)
		cs.docs = append(cs.docs, int64(docs))
		bs := make([]bucketCount, 0, n)
		b := -1
		for range n {
			b += r.Int("bucket", NumBuckets)
			v := r.Int("count", math.MaxUint32)
			if r.Err() != nil {
				break
			}
			if b >= NumBuckets || v == 0 || len(bs) > 0 && uint32(b) == bs[len(bs)-1].b {
				return nil, fmt.Errorf("class %q: bucket %d counted %d", name, b, v)
			}
			bs = append(bs, bucketCount{uint32(b), uint32(v)})
		}
		nonzero = append(nonzero, bs)
	}
	blocks := r.Count("fold blocks", 4)
	var entries []foldEntry
	seen := map[foldKey]bool{}
	for range blocks {
		key := foldKey{file: int32(r.Int("file", uint64(max(c.Files-1, 0)))), blk: int64(r.Int("block", math.MaxInt64>>foldBlockBits))}
		n := r.Count("folds", 2)
		if r.Err() != nil {
			break
		}
		if key.file >= int32(c.Files) {
			return nil, fmt.Errorf("fold block of file %d, a table of %d", key.file, c.Files)
		}
		if seen[key] || n == 0 {
			return nil, fmt.Errorf("fold block %d of file %d: listed twice or empty", key.blk, key.file)
		}
		seen[key] = true
		i := -1
		for range n {
			d := r.Int("row", 1<<foldBlockBits)
			i += d
			v := r.Byte("fold")
			if r.Err() != nil {
				break
			}
			if d == 0 || i >= 1<<foldBlockBits || v == 0 || int(v) > cs.folds {
				return nil, fmt.Errorf("fold block %d of file %d: row %d, fold %d", key.blk, key.file, i, int(v)-1)
			}
			entries = append(entries, foldEntry{key, uint16(i), v})
		}
	}
	rows := r.Count("sample rows", 11)
	if rows > SampleRows {
		r.Failf("%d sample rows, at most %d", rows, SampleRows)
	}
	var feats []uint32
	for range rows {
		h := r.Uint64("sample hash")
		label := r.Int("sample class", uint64(max(len(cs.names)-1, 0)))
		fd := r.Int("sample fold", uint64(cs.folds-1))
		n := r.Count("sample features", 1)
		feats = feats[:0]
		for range n {
			feats = append(feats, uint32(r.Int("feature", NumBuckets-1)))
		}
		if r.Err() != nil {
			break
		}
		if len(cs.names) == 0 {
			return nil, fmt.Errorf("a sample row with no class")
		}
		cs.sample.add(h, feats, int32(label), int32(fd))
	}
	switch r.Byte("conflicts") {
	case 0:
	case 1:
		cs.opts.Conflicts = true
		keys := r.Count("conflict keys", 11)
		for range keys {
			k := conflictKey{fh: r.Uint64("text key")}
			k.file = int32(r.Int("file", uint64(max(c.Files-1, 0))))
			k.n = int64(r.Int("row", math.MaxInt64))
			k.class = int32(r.Int("class", uint64(max(len(cs.names)-1, 0))))
			if r.Err() != nil {
				break
			}
			if len(cs.names) == 0 || int(k.file) >= c.Files {
				return nil, fmt.Errorf("a conflict key of file %d with %d classes, a table of %d files", k.file, len(cs.names), c.Files)
			}
			cs.keys = append(cs.keys, k)
		}
	default:
		r.Failf("conflicts: not a boolean")
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	for _, e := range entries {
		if cs.tab.blocks == nil {
			cs.tab.blocks = map[foldKey][]uint8{}
		}
		blk := cs.tab.blocks[e.key]
		if blk == nil {
			blk = make([]uint8, 1<<foldBlockBits)
			cs.tab.blocks[e.key] = blk
		}
		blk[e.i] = e.fold
	}
	for _, bs := range nonzero {
		tab := make([]uint32, NumBuckets)
		for _, e := range bs {
			tab[e.b] = e.v
		}
		cs.counts = append(cs.counts, tab)
	}
	return cs, nil
}

// scoreRowBytes is the least a row takes in a Scorer state.
const scoreRowBytes = 2 + 1 + 1

// AppendState appends the second pass' state: the fingerprint of the
// model it scored with (Model.Fingerprint: a state is refused by a
// second pass built from another first), every row by position (its position, its id as analysis.AppendID writes it, its class in
// the model's numbering, its C scores as little-endian float32 bits),
// the candidate grams (text, then per class the rows and the rows that
// read like another class without the gram) and which rows carry which
// gram (indexes into the two lists), with the best class other than the
// row's label without the gram and that class's score margin over the
// label (below zero, possibly an upper bound on it: carry.margin):
//
//	+-------------------+--------------+-----+----+---------------+-------------+-----
//	| uint64 model (LE) | uvarint rows | pos | id | uvarint class | C float32   | ...
//	+-------------------+--------------+-----+----+---------------+-------------+-----
//	| uvarint grams | per gram: text, C×uvarint rows, C×uvarint other                 |
//	| uvarint carries | per carry: uvarint row, uvarint gram, byte class, float32 margin |
//	+---------------------------------------------------------------------------------+
func (sc *Scorer) AppendState(dst []byte) ([]byte, error) {
	dst = binary.LittleEndian.AppendUint64(dst, sc.m.Fingerprint())
	C := len(sc.m.Names)
	// The state is the same bytes however the input was split among
	// workers: rows by position, grams by text and carries by row and
	// gram (sc's are in the order they came). Rows of one position
	// (elements of a JSON array line) come from one batch, so the stable
	// sort keeps them in their order. Decoding depends on none of these
	// orders.
	rows := make([]*rowState, 0, sc.n)
	for _, blk := range sc.rows.Chunks() {
		for i := range blk {
			rows = append(rows, &blk[i])
		}
	}
	scores := make([]float32, 0, len(rows)*C)
	for _, blk := range sc.scores.Chunks() {
		scores = append(scores, blk...)
	}
	byPos := make([]uint32, len(rows)) // byPos[j] is sc's index of the state's row j
	for i := range byPos {
		byPos[i] = uint32(i)
	}
	slices.SortStableFunc(byPos, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(rows[a].file, rows[b].file), cmp.Compare(rows[a].n, rows[b].n))
	})
	rowAt := make([]uint32, len(rows)) // rowAt[i] is the state's index of sc's row i
	for j, i := range byPos {
		rowAt[i] = uint32(j)
	}
	dst = binary.AppendUvarint(dst, uint64(len(rows)))
	for _, i := range byPos {
		r := rows[i]
		dst = analysis.AppendPos(dst, ingest.Pos{File: int(r.file), N: r.n, Line: r.line})
		dst = analysis.AppendID(dst, &sc.ids, r.id)
		dst = binary.AppendUvarint(dst, uint64(r.label))
		for _, f := range scores[int(i)*C : int(i+1)*C] {
			dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(f))
		}
	}
	byText := make([]uint32, len(sc.grams))
	for g := range byText {
		byText[g] = uint32(g)
	}
	slices.SortFunc(byText, func(a, b uint32) int { return strings.Compare(sc.grams[a].text, sc.grams[b].text) })
	gramAt := make([]uint32, len(sc.grams))
	for j, g := range byText {
		gramAt[g] = uint32(j)
	}
	dst = binary.AppendUvarint(dst, uint64(len(byText)))
	for _, gi := range byText {
		g := &sc.grams[gi]
		dst = analysis.AppendString(dst, g.text)
		for k := range C {
			dst = binary.AppendUvarint(dst, uint64(g.rows[k]))
		}
		for k := range C {
			dst = binary.AppendUvarint(dst, uint64(g.other[k]))
		}
	}
	carries := make([]carry, 0, sc.carry.Len())
	for _, blk := range sc.carry.Chunks() {
		for _, c := range blk {
			c.row, c.gram = rowAt[c.row], gramAt[c.gram]
			carries = append(carries, c)
		}
	}
	slices.SortFunc(carries, func(a, b carry) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.gram, b.gram), cmp.Compare(a.as, b.as), cmp.Compare(math.Float32bits(a.margin), math.Float32bits(b.margin)))
	})
	dst = binary.AppendUvarint(dst, uint64(len(carries)))
	for _, c := range carries {
		dst = binary.AppendUvarint(dst, uint64(c.row))
		dst = binary.AppendUvarint(dst, uint64(c.gram))
		dst = append(dst, byte(c.as))
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(c.margin))
	}
	return dst, nil
}

// decodeScorer reads a state Scorer.AppendState wrote, for the second
// pass built from first, the merged *Counts.
func decodeScorer(first analysis.Analyser, c *analysis.Config, state []byte) (analysis.Analyser, error) {
	cs, ok := first.(*Counts)
	if !ok {
		return nil, analysis.Mismatch(&Counts{}, first)
	}
	m := cs.model()
	if !m.Usable() {
		return nil, fmt.Errorf("the first pass has no usable model: %s", m.Note)
	}
	sc := m.NewScorer()
	C := len(m.Names)
	r := analysis.NewReader(state)
	if fp := r.Uint64("model"); r.Err() == nil && fp != m.Fingerprint() {
		return nil, fmt.Errorf("a state scored with model %016x cannot be merged with model %016x: the first passes differ", fp, m.Fingerprint())
	}
	n := r.Count("rows", scoreRowBytes+4*C)
	if n > math.MaxUint32 {
		r.Failf("%d rows", n)
	}
	for range n {
		p := r.Pos("row", c.Files)
		id := r.ID(&sc.ids)
		label := r.Int("class", uint64(C-1))
		for range C {
			sc.scores.Add(math.Float32frombits(r.Uint32("score")))
		}
		if r.Err() != nil {
			break
		}
		sc.rows.Add(rowState{n: p.N, id: id, file: int32(p.File), label: int32(label), line: p.Line})
		sc.n++
	}
	grams := r.Count("grams", 1+2*C)
	for range grams {
		g := gramStat{text: r.String("gram"), rows: make([]int64, C), other: make([]int64, C)}
		for k := range C {
			g.rows[k] = int64(r.Int("gram rows", math.MaxInt64))
		}
		for k := range C {
			g.other[k] = int64(r.Int("gram rows", math.MaxInt64))
		}
		if r.Err() != nil {
			break
		}
		if _, ok := sc.gidx[g.text]; ok {
			return nil, fmt.Errorf("gram %q listed twice", g.text)
		}
		sc.gidx[g.text] = uint32(len(sc.grams))
		sc.grams = append(sc.grams, g)
	}
	carries := r.Count("carries", 7)
	for range carries {
		row := r.Int("carry row", uint64(max(sc.n-1, 0)))
		gram := r.Int("carry gram", uint64(max(len(sc.grams)-1, 0)))
		as := r.Byte("carry class")
		margin := math.Float32frombits(r.Uint32("carry margin"))
		if r.Err() != nil {
			break
		}
		if sc.n == 0 || len(sc.grams) == 0 {
			return nil, fmt.Errorf("a carry with no row or gram")
		}
		if int(as) >= C {
			return nil, fmt.Errorf("carry class %d of %d classes", as, C)
		}
		sc.carry.Add(carry{row: uint32(row), gram: uint32(gram), as: int8(as), margin: margin})
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return sc, nil
}

// Fingerprint identifies the model: a hash of its settings, classes,
// document frequencies, trigger candidates, trained weights and fold
// table, computed once. Two first passes over the same rows, however
// split, give models with the same fingerprint; a second-pass state
// carries it so that it is never merged into a pass scored by another
// model.
func (m *Model) Fingerprint() uint64 {
	m.fpOnce.Do(func() {
		h := xxhash.New()
		var buf []byte
		put := func(v uint64) { buf = binary.LittleEndian.AppendUint64(buf[:0], v); h.Write(buf) }
		put(uint64(m.folds))
		put(m.opts.Seed)
		for _, n := range m.Names {
			put(uint64(len(n)))
			h.WriteString(n)
		}
		for _, d := range m.docs {
			put(uint64(d))
		}
		writeU32(h, m.df)
		buf = buf[:0]
		for _, c := range m.cand {
			buf = append(buf, byte(c))
		}
		h.Write(buf)
		if m.lr != nil {
			for f := range m.lr.W {
				writeF32(h, m.lr.W[f])
				for _, b := range m.lr.B[f] {
					put(math.Float64bits(b))
				}
			}
		}
		keys := make([]foldKey, 0, len(m.tab.blocks))
		for k := range m.tab.blocks {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b foldKey) int {
			if d := cmp.Compare(a.file, b.file); d != 0 {
				return d
			}
			return cmp.Compare(a.blk, b.blk)
		})
		for _, k := range keys {
			put(uint64(k.file))
			put(uint64(k.blk))
			h.Write(m.tab.blocks[k])
		}
		m.fp = h.Sum64()
	})
	return m.fp
}

// writeU32 and writeF32 hash a table's values, little-endian, a block at
// a time.
func writeU32(h *xxhash.Digest, vs []uint32) {
	buf := make([]byte, 0, 4096)
	for i, v := range vs {
		buf = binary.LittleEndian.AppendUint32(buf, v)
		if len(buf) == cap(buf) || i == len(vs)-1 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
}

func writeF32(h *xxhash.Digest, vs []float32) {
	buf := make([]byte, 0, 4096)
	for i, v := range vs {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
		if len(buf) == cap(buf) || i == len(vs)-1 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
}
