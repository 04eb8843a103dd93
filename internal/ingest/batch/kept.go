package batch

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// Kept holds, from the first read of the inputs, the bytes of their texts
// that the excerpts of findings are made from (termsafe.WindowBytes), so
// that the excerpts' read (internal/excerpt) can leave out the rows found
// here, and skip inputs, Parquet row groups and JSONL chunks holding no
// other: where a second read is dear (a Parquet text page decompressed
// again for a few rows), this is most of its cost.
//
// It keeps two things. The start of the text of every row of the inputs
// Keep names (Rows, called by ingest.Run for every batch): what the
// excerpt of a finding without an offset shows (duplicates, outliers),
// the first chars characters and one byte more, so chars+1 bytes of
// ASCII, plus 12 bytes of position and offset (20 for JSONL), a row,
// and with an id column (--id) the row's id and 4 bytes more, so that an
// analysis that keeps no id (outliers) has its rows named without a
// second read.
// And the bytes around an offset of one row (Window, called by an
// analysis that flags a row at a byte: the evasion check), at most
// 4*chars+(4*chars/3)+16 bytes. Both stop at budget bytes; what is not
// kept is read again as before.
//
// And, in a run that reads the excerpts of the first few findings of
// each kind alone (NewKeptFew: a text summary's), the bytes an analysis
// keeps of the rows that may be those: Window for the evasion check's
// first few rows of each category, Put for the outliers' candidates,
// handed over once the read has ended.
//
// Rows, Window and Put are safe for concurrent use and do nothing on a
// nil *Kept, Rows and Window after Seal too; Text is called after the
// read.
type Kept struct {
	chars  int    // the excerpt's limit, in characters
	few    int    // Few: the findings of each kind whose excerpts are read, 0 for all listed
	keep   []bool // the inputs whose rows' starts are kept (Rows)
	sealed atomic.Bool
	full   atomic.Bool

	mu     sync.Mutex
	budget int64 // bytes left
	rows   []*keptRows
	at     map[Pos][]keptAt
	ids    map[Pos]string      // ids handed over by PutID, nil until one is
	index  map[int][]*keptRows // by input, sorted by first position; built by Text
	mixed  map[int]bool        // inputs whose kept positions overlap: not used
}

// keptRows are the starts of the texts of one batch's rows.
type keptRows struct {
	file  int
	line  bool    // positions are lines (JSONL)
	first int64   // the first row's position, when ns is nil
	ns    []int64 // each row's position (lines, JSON array elements), or nil: first+i
	off   []uint32
	buf   []byte
	nulls []int32 // rows with a null text: not kept
	// With an id column (ColID): each row's id, ids[idOff[i]:idOff[i+1]],
	// empty when null (finding.RowID's ""); idOff is nil without one.
	idOff []uint32
	ids   []byte
}

func (r *keptRows) pos(i int) int64 {
	if r.ns != nil {
		return r.ns[i]
	}
	return r.first + int64(i)
}

func (r *keptRows) last() int64 { return r.pos(len(r.off) - 2) }

// keptAt is the bytes text[lo:lo+len(b)] of one row, kept for the excerpt
// at byte at.
type keptAt struct {
	at, lo int
	b      []byte
}

// NewKept returns a Kept for excerpts of at most chars characters
// (finding.ExcerptChars) that keeps the rows of the inputs keep names
// (by index) and at most budget bytes in all.
func NewKept(chars int, keep []bool, budget int64) *Kept {
	return &Kept{chars: chars, keep: keep, budget: budget, at: map[Pos][]keptAt{}}
}

// NewKeptFew is NewKept for a run whose excerpts are those of the first
// few findings of each kind alone (a text summary's): Few returns few,
// and an analysis that flags rows keeps the bytes of its first few
// findings' excerpts (or of the rows that may be those), not of every
// finding it lists.
func NewKeptFew(chars int, keep []bool, budget int64, few int) *Kept {
	k := NewKept(chars, keep, budget)
	k.few = few
	return k
}

// Few returns how many findings of each kind have their excerpts read
// (NewKeptFew), 0 when every finding listed does, or on a nil *Kept.
func (k *Kept) Few() int {
	if k == nil {
		return 0
	}
	return k.few
}

// Chars returns the excerpt's limit in characters (NewKept's chars).
func (k *Kept) Chars() int { return k.chars }

// Seal ends keeping: later Rows and Window calls (a second read) do
// nothing.
func (k *Kept) Seal() {
	if k != nil {
		k.sealed.Store(true)
	}
}

// Wants says whether Rows would keep anything of b: b's input is one
// Kept keeps, and neither Seal nor the budget has ended keeping.
func (k *Kept) Wants(b *Batch) bool {
	return k != nil && !k.sealed.Load() && !k.full.Load() && b.File < len(k.keep) && k.keep[b.File]
}

// Batches returns how many batches' row starts Rows has kept.
func (k *Kept) Batches() int {
	if k == nil {
		return 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.rows)
}

// Rows keeps the start of the text of every row of b, if b's input is
// one Kept keeps and the budget allows. It copies the bytes: b may be
// released afterwards.
//
// Run calls it on the worker after the analyses of b (session 15): their
// passes over the text have brought it into that CPU's cache, where
// the first touch of each row's start (termsafe.asciiPrefix) before
// them waited on bytes the reader wrote on the other CPU, a miss per
// row that the analyses' sequential passes do not pay (hardware
// prefetch). asciiPrefix fell from 41-66 to 13-17 samples of about
// 3,900 (perf record -g, 200 MB Parquet's default audit, two rounds
// each, alternated), countShortASCII and lowerBits unchanged (563-575,
// 79-82). Tried and rejected (session 14): calling it from the Parquet
// reader as each batch is made, while its bytes are in that CPU's cache.
// asciiPrefix fell from 82-85 to 41-48 samples (perf record -g, two
// rounds each, alternated), but countASCII, the worker's first pass over
// the text, rose from 1996-2047 to 2204-2215: the miss moved, it did not
// go away.
//
// What it costs (session 20, pq2, from the lead's perf record -g -F 2000
// of the benchmark Parquet's default audit, main 60bea37): Rows 1.65% of
// the samples inclusive (its page faults, the copy, WindowBytes 0.44%),
// Window 0.52%; the read's fault profile puts 3,681 of about 41,000
// faults in Rows. So no layout of the row starts can take more than
// about 1.7% off that audit's CPU, and keeping none costs the excerpt
// pass 62-80 ms (internal/excerpt's Keep). Not built, by the same
// arithmetic: compressing each batch's starts (22 MB at about 1 GB/s is
// 20-40 ms of the workers' CPU, for about half of the 3,681 faults,
// some 13 ms), 7-bit packing of ASCII starts (an eighth of them), and
// the rows of the first part of each row group left to a second read
// that stops at the last row wanted (the summary's 20 or so rows lie in
// 4-5 row groups, each 21.8 MB decompressed up to its row).
//
// Session 21 (mem3): the row starts are why the benchmark Parquet's
// default audit peaks about 30 MB above the JSONL's. A heap profile
// right after rowstore.CollectAfterRead: 105 MB in use on the Parquet,
// 82 on the JSONL, the difference Rows' buffers (24.8 MB; Window's 3.5
// on both). Not keeping them (the excerpts read again) took the Parquet
// to 166-173 MB and 34,300-35,600 faults against 194-206 MB and
// 41,400-44,600 (3 rounds): the JSONL's. They cost more faults than
// their own 4,222 (perf record -e page-faults -c 1): live through the
// finishes, they leave fewer freed pages for them.
// Tried and not kept: the starts copied into 4 MiB slabs taken for
// exactly the bytes kept (ends found first, then the copy), not one
// buffer a batch sized n*(chars+1), so that they are not spread among
// the read's transient buffers. Benchmark Parquet, default audit, 3 s
// apart, load under 1.3: 7 rounds alternated with main, CPU 1.124
// against 1.123 s, peak RSS 187.3 against 187.8 MB, faults 40,919
// against 41,104; 6 more, 1.160 against 1.135, 186.4 against 191.2 MB,
// 40,910 against 42,457. With MADV_POPULATE_WRITE on each new slab (see
// package hugepages): no better. Front coding against the previous
// rows' starts would save 0.9% of the bytes (1.97% against the best of
// the last 8), so nothing cheap shrinks them.
//
// Session 22: internal/excerpt's Keep no longer keeps them for a local
// Parquet file (see Keep there: faults 41,529 to 34,264, peak RSS 188.6
// to 161.0 MB, CPU unchanged, the second read through pageText).
func (k *Kept) Rows(b *Batch) {
	if !k.Wants(b) {
		return
	}
	col := b.Column(ColText)
	if col == nil || col.Len() == 0 {
		return
	}
	n := col.Len()
	r := &keptRows{file: b.File, first: b.FirstRow, off: make([]uint32, n+1)}
	switch {
	case b.Elems != nil:
		r.ns = slices.Clone(b.Elems[:n])
	case b.Lines != nil:
		r.ns, r.line = slices.Clone(b.Lines[:n]), true
	}
	size := n * (k.chars + 1)
	switch c := col.(type) { // no more than the batch's text
	case *array.String:
		size = min(size, len(c.ValueBytes()))
	case *array.LargeString:
		size = min(size, len(c.ValueBytes()))
	}
	buf := make([]byte, 0, size)
	err := ForEachText(col, func(i int, t []byte, valid bool) {
		if !valid {
			r.nulls = append(r.nulls, int32(i))
		} else if len(t) > 0 {
			_, hi := termsafe.WindowBytes(unsafe.String(&t[0], len(t)), 0, k.chars)
			buf = append(buf, t[:hi]...)
		}
		r.off[i+1] = uint32(len(buf))
	})
	if err != nil {
		return
	}
	r.buf = buf
	if ids, ok := b.Column(ColID).(*array.String); ok && ids.Len() == n {
		r.idOff = make([]uint32, n+1)
		r.ids = make([]byte, 0, len(ids.ValueBytes()))
		for i := range n {
			if ids.IsValid(i) {
				r.ids = append(r.ids, ids.Value(i)...)
			}
			r.idOff[i+1] = uint32(len(r.ids))
		}
	}
	kept := int64(cap(buf) + 4*len(r.off) + 8*len(r.ns) + cap(r.ids) + 4*len(r.idOff))
	k.mu.Lock()
	defer k.mu.Unlock()
	if kept > k.budget {
		k.full.Store(true)
		return
	}
	k.budget -= kept
	k.rows = append(k.rows, r)
}

// Window keeps the bytes of text, the text of the row at p, that its
// excerpt at byte at is made from.
func (k *Kept) Window(p Pos, text []byte, at int) {
	if k == nil || k.sealed.Load() || len(text) == 0 {
		return
	}
	lo, hi := termsafe.WindowBytes(unsafe.String(&text[0], len(text)), at, k.chars)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.room(p, at, hi-lo) {
		k.keepLocked(p, keptAt{at: at, lo: lo, b: slices.Clone(text[lo:hi])})
	}
}

// room reports whether k, locked, keeps a window of n bytes at byte at
// of the row at p: its budget holds it and no window at at is kept.
func (k *Kept) room(p Pos, at, n int) bool {
	if int64(n+64) > k.budget {
		return false
	}
	for _, w := range k.at[p] {
		if w.at == at {
			return false
		}
	}
	return true
}

// keepLocked keeps w for the row at p, k locked, charging its bytes to
// the budget (room said it fits).
func (k *Kept) keepLocked(p Pos, w keptAt) {
	k.budget -= int64(len(w.b) + 64)
	k.at[p] = append(k.at[p], w)
}

// Put keeps b, the bytes text[lo:lo+len(b)] of the text of the row at
// p that its excerpt at byte at is made from (termsafe.WindowBytes of
// the text, at and Chars), which an analysis copied from the first read
// and hands over once it knows which of its rows its findings name
// (outliers' candidates, see there). Kept owns b afterwards. Unlike
// Window it keeps after Seal: it is no read's.
func (k *Kept) Put(p Pos, at, lo int, b []byte) {
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.room(p, at, len(b)) {
		k.keepLocked(p, keptAt{at: at, lo: lo, b: b})
	}
}

// PutID keeps id, the id of the row at p (finding.RowID's: "" when it
// is null), which an analysis that keeps no id per row copied from the
// first read for a row its findings may name (outliers' candidates,
// with Put), so that ID finds it without a second read. Like Put it
// keeps after Seal.
//
// Why (session 25): with --id, a text summary's outliers named by
// position had their excerpts kept (Put) but not their ids, so their
// rows were read again for the ids alone: on the benchmark Parquet,
// readWanted was 3% of the default audit's CPU samples with --id id
// (pprof, 3 runs), none without.
func (k *Kept) PutID(p Pos, id string) {
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.ids[p]; ok || int64(len(id)+64) > k.budget {
		return
	}
	if k.ids == nil {
		k.ids = map[Pos]string{}
	}
	k.budget -= int64(len(id) + 64)
	k.ids[p] = id
}

// Text returns the bytes kept of the text of the row at p for its excerpt
// at byte at, and the offset of those bytes in the text: the excerpt is
// termsafe.Window(b, at-lo, chars). ok is false when that row's text was
// not kept.
func (k *Kept) Text(p Pos, at int) (b []byte, lo int, ok bool) {
	if k == nil {
		return nil, 0, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, w := range k.at[p] {
		if w.at == at {
			return w.b, w.lo, true
		}
	}
	if at > 0 {
		return nil, 0, false // the start of the text may not hold it
	}
	r, i, ok := k.row(p)
	if !ok {
		return nil, 0, false
	}
	return r.buf[r.off[i]:r.off[i+1]], 0, true
}

// ID returns the id of the row at p, kept by Rows from the batch's id
// column or by PutID, "" when it was null or empty (as finding.RowID).
// ok is false when the row, or its id, was not kept: its id must be read
// again.
func (k *Kept) ID(p Pos) (id string, ok bool) {
	if k == nil {
		return "", false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if id, ok := k.ids[p]; ok {
		return id, true
	}
	r, i, ok := k.row(p)
	if !ok || r.idOff == nil {
		return "", false
	}
	return string(r.ids[r.idOff[i]:r.idOff[i+1]]), true
}

// row finds the kept rows holding the row at p with a text, and its index
// there. k.mu is held.
func (k *Kept) row(p Pos) (*keptRows, int, bool) {
	if k.index == nil {
		k.buildIndex()
	}
	rs := k.index[p.File]
	if k.mixed[p.File] || len(rs) == 0 || rs[0].line != p.Line {
		return nil, 0, false
	}
	j := sort.Search(len(rs), func(j int) bool { return rs[j].last() >= p.N })
	if j == len(rs) || rs[j].pos(0) > p.N {
		return nil, 0, false
	}
	r := rs[j]
	i := sort.Search(len(r.off)-1, func(i int) bool { return r.pos(i) >= p.N })
	if i == len(r.off)-1 || r.pos(i) != p.N {
		return nil, 0, false
	}
	if _, null := slices.BinarySearch(r.nulls, int32(i)); null {
		return nil, 0, false
	}
	return r, i, true
}

// buildIndex sorts the kept rows of each input by position, and marks the
// inputs whose batches overlap (positions read twice, or out of order
// within a batch) as not to be used: which row a position meant would
// not be known.
func (k *Kept) buildIndex() {
	k.index, k.mixed = map[int][]*keptRows{}, map[int]bool{}
	for _, r := range k.rows {
		k.index[r.file] = append(k.index[r.file], r)
		for j := 1; j < len(r.ns); j++ {
			if r.ns[j] <= r.ns[j-1] {
				k.mixed[r.file] = true
			}
		}
	}
	for f, rs := range k.index {
		slices.SortFunc(rs, func(a, b *keptRows) int {
			switch {
			case a.pos(0) < b.pos(0):
				return -1
			case a.pos(0) > b.pos(0):
				return 1
			}
			return 0
		})
		for j := 1; j < len(rs); j++ {
			if rs[j].pos(0) <= rs[j-1].last() || rs[j].line != rs[0].line {
				k.mixed[f] = true
			}
		}
	}
}
