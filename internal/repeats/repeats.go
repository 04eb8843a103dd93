// Package repeats finds spans of at least L word tokens that occur in two
// or more rows (licences, boilerplate, signatures, copied passages): what
// whole-row deduplication cannot see. It is scan --spans.
//
// # Method
//
// Rows are tokenized by package spans in its Words mode: tokens are
// scan's words (runs of letters and digits), so that a span's length is
// counted as scan counts tokens. Two passes:
//
//  1. Fingerprints: the row's k-grams (k = L-10, at least 13: gramK) are winnowed with a
//     window of w = L-k+1, so every span of L tokens holds one fingerprint
//     that any other copy of it holds at the same offset (package spans).
//     The pass keeps (hash, row) for each fingerprint; after the merge,
//     the fingerprints found in two or more rows are the shared ones.
//  2. Spans: around each shared fingerprint at token p, the L-grams that
//     contain it (starts p+k-L to p) are hashed whole. An L-gram whose
//     hash is in two or more rows is a repeated span of L tokens: the
//     check is exact (up to 64-bit hash collisions) and sees every one,
//     as a brute-force search of all L-grams would, at a fraction of its
//     memory. Consecutive repeated L-grams with the same rows make one
//     finding, whose length is the maximal span's.
//
// # Memory
//
// Pass 1 keeps 16 bytes per fingerprint, about 2/(w+1) of the tokens
// (2.7 bytes a token at L = 50); pass 2 keeps the shared fingerprints
// (8 bytes each), 32 bytes per start of an L-gram around them and the
// text of those stretches (so roughly 40 bytes per token of text that
// is repeated, nothing for the rest). Per worker, 24 bytes per token of
// its longest row. The result does not depend on the number of workers:
// every list is sorted by hash and position after the merge.
package repeats

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/spans"
)

// DefaultTokens is the default span length, as Lee et al. 2022.
const DefaultTokens = 50

// gramK returns the k-gram length winnowed for spans of L tokens: L-10
// (so w = 11), at least 13 (the match unit of package contam), at most L.
// A long k makes a shared fingerprint rarer where only short phrases are
// shared (mail headers, markup): on the mail corpus of benchmarks/README.md
// k = 40 kept 355 MB where k = 13 kept 596 MB, for the same findings,
// while pass 1 keeps 2.7 bytes a token instead of 0.8.
func gramK(L int) int { return min(L, max(13, L-10)) }

// Spec describes the repeated spans.
var Spec = &analysis.Spec{
	Name: "spans.repeated", Version: 1, Report: "repeated_spans", PerRow: true,
	Kinds: []analysis.Kind{{Name: finding.KindRepeatedSpan}},
	Metrics: []analysis.Metric{
		{Name: "repeated_span_rate", Doc: "rows holding a span of --span-tokens tokens found in another row / rows"},
		{Name: "repeated_spans", Doc: "maximal repeated spans found"},
	},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return newFirst(c)
	},
	Second: func(first analysis.Analyser, c *analysis.Config) (analysis.Factory, error) {
		f, ok := first.(*First)
		if !ok {
			return nil, fmt.Errorf("first pass is a %T", first)
		}
		shared := f.shared()
		return func() (analysis.Analyser, error) { return newSecond(f, shared), nil }, nil
	},
	Decode:       decodeFirst,
	DecodeSecond: decodeSecond,
}

// newSecond returns a second pass' analyser built from the merged first
// pass f, whose shared fingerprints are shared.
func newSecond(f *First, shared []uint64) *Second {
	s := &Second{L: f.L, k: f.k, shared: shared, rows: f.rows}
	s.tz.Words = true
	return s
}

var (
	_ analysis.Analyser = (*First)(nil)
	_ analysis.Analyser = (*Second)(nil)
)

// rowKey packs a position: file (15 bits), row or line (47 bits), line flag.
type rowKey uint64

func keyOf(p ingest.Pos) rowKey {
	k := rowKey(p.File)<<48 | rowKey(p.N)<<1
	if p.Line {
		k |= 1
	}
	return k
}

func (k rowKey) pos() ingest.Pos {
	return ingest.Pos{File: int(k >> 48), N: int64(k>>1) & (1<<47 - 1), Line: k&1 == 1}
}

// First is the first pass: the rows' fingerprints.
type First struct {
	L, k  int
	fps   []fp
	rows  int64
	tz    spans.Tokenizer
	grams []uint64
	pos   []int32
	dq    []int32
	// sharedFPs are the shared fingerprints once sharedDone.
	sharedFPs  []uint64
	sharedDone bool
}

type fp struct {
	h   uint64
	row rowKey
}

func newFirst(c *analysis.Config) (*First, error) {
	L := c.SpanTokens
	if L == 0 {
		L = DefaultTokens
	}
	if L < 2 {
		return nil, fmt.Errorf("--span-tokens %d: want at least 2", L)
	}
	if c.Files >= 1<<15 {
		return nil, fmt.Errorf("--spans: %d inputs, at most %d", c.Files, 1<<15-1)
	}
	f := &First{L: L, k: gramK(L)}
	f.tz.Words = true
	return f, nil
}

// Add keeps the fingerprints of every row of b of at least L tokens.
func (f *First) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		f.rows++
		if f.tz.Tokens(t) < f.L {
			return
		}
		key := keyOf(b.Pos(i))
		f.grams = spans.HashGrams(f.grams, f.tz.Hashes, f.k)
		f.pos, f.dq = spans.Winnow(f.pos[:0], f.grams, f.L-f.k+1, f.dq)
		for _, p := range f.pos {
			f.fps = append(f.fps, fp{f.grams[p], key})
		}
	})
}

// Merge adds other's fingerprints, a *First's.
func (f *First) Merge(other analysis.Analyser) error {
	o, ok := other.(*First)
	if !ok {
		return analysis.Mismatch(f, other)
	}
	f.fps = append(f.fps, o.fps...)
	f.rows += o.rows
	return nil
}

// Finish is not called: the second pass finishes.
func (f *First) Finish(*analysis.Env) (*analysis.Result, error) {
	return nil, fmt.Errorf("%s: the first pass does not finish", Spec.Name)
}

// shared returns the fingerprints found in two or more rows, sorted,
// computed once: the first pass' fingerprints are dropped then, and a
// second-pass state is checked against them (decodeSecond).
func (f *First) shared() []uint64 {
	if f.sharedDone {
		return f.sharedFPs
	}
	f.sharedFPs, f.sharedDone = f.computeShared(), true
	return f.sharedFPs
}

// computeShared is shared's work.
func (f *First) computeShared() []uint64 {
	slices.SortFunc(f.fps, func(a, b fp) int {
		if a.h != b.h {
			if a.h < b.h {
				return -1
			}
			return 1
		}
		return int(a.row>>1) - int(b.row>>1)
	})
	var out []uint64
	for i := 0; i < len(f.fps); {
		j := i + 1
		multi := false
		for j < len(f.fps) && f.fps[j].h == f.fps[i].h {
			multi = multi || f.fps[j].row != f.fps[i].row
			j++
		}
		if multi {
			out = append(out, f.fps[i].h)
		}
		i = j
	}
	f.fps = nil
	return out
}

// Second is the second pass: the L-grams around shared fingerprints.
type Second struct {
	L, k   int
	shared []uint64
	rows   int64
	grams  []gram
	ids    map[rowKey]string // the ids of rows with grams, when there is an id field
	texts  []byte            // quotes: the text of each stretch of starts
	tz     spans.Tokenizer
	hashes []uint64
	pos    []int32
	dq     []int32
	// isShared indexes shared for Add, built by each worker's first Add
	// (however the Second was made: Spec.Second or a decoded state).
	isShared *spans.Sorted
}

// gram is one L-gram start around a shared fingerprint.
//
// After the merge, Finish turns the first gram of each repeated L-gram
// into its summary in place: h becomes the hash of its rows, rows their
// offset in the row arena and qlen holds their count above its low byte.
type gram struct {
	h     uint64
	row   rowKey
	start int32 // token
	quote int32 // offset in texts of its quote (quoteBytes at most, to the stretch's end)
	qlen  int32 // quote length (at most quoteBytes); in a summary, | rows<<8
	rows  int32 // in a summary: offset of its rows in the arena
}

// quoteBytes is how much of a span's start a finding quotes.
const quoteBytes = 80

// Add hashes the L-grams around the shared fingerprints of every row of b.
func (s *Second) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil || len(s.shared) == 0 {
		return nil
	}
	ids := finding.IDColumn(b)
	if s.isShared == nil {
		s.isShared = spans.NewSorted(s.shared)
	}
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		n := s.tz.Tokens(t)
		if n < s.L {
			return
		}
		s.hashes = spans.HashGrams(s.hashes, s.tz.Hashes, s.k)
		s.pos, s.dq = spans.Winnow(s.pos[:0], s.hashes, s.L-s.k+1, s.dq)
		key := rowKey(0)
		next := int32(0) // first start not yet added
		prefix := false
		pow := uint64(0)
		for _, p := range s.pos {
			if !s.isShared.Has(s.hashes[p]) {
				continue
			}
			if !prefix {
				s.tz.Prefix()
				pow = spans.Pow(s.L)
				key = keyOf(b.Pos(i))
				prefix = true
				if id := finding.RowID(ids, i); id != "" {
					if s.ids == nil {
						s.ids = map[rowKey]string{}
					}
					s.ids[key] = id
				}
			}
			from := max(next, p+int32(s.k)-int32(s.L), 0)
			to := min(p, int32(n-s.L))
			if from > to {
				continue
			}
			// The stretch's text: from its first start to the end of its
			// last L-gram's quote.
			tFrom := s.tz.Starts[from]
			tTo := min(int(s.tz.Starts[to])+quoteBytes, int(s.tz.Ends[int(to)+s.L-1]))
			base := int32(len(s.texts))
			s.texts = append(s.texts, t[tFrom:tTo]...)
			for st := from; st <= to; st++ {
				off := s.tz.Starts[st] - tFrom
				ql := min(int32(quoteBytes), int32(tTo)-s.tz.Starts[st])
				s.grams = append(s.grams, gram{h: s.tz.Gram(int(st), s.L, pow), row: key, start: st, quote: base + off, qlen: ql})
			}
			next = to + 1
		}
	})
}

// Merge adds other's L-grams, a *Second's.
func (s *Second) Merge(other analysis.Analyser) error {
	o, ok := other.(*Second)
	if !ok {
		return analysis.Mismatch(s, other)
	}
	base := int32(len(s.texts))
	s.texts = append(s.texts, o.texts...)
	for k, id := range o.ids {
		if s.ids == nil {
			s.ids = map[rowKey]string{}
		}
		s.ids[k] = id
	}
	s.grams = slices.Grow(s.grams, len(o.grams))
	for _, g := range o.grams {
		g.quote += base
		s.grams = append(s.grams, g)
	}
	return nil
}

// Result is the repeated spans' part of the report.
type Result struct {
	// Tokens is the least span length, in tokens (--span-tokens).
	Tokens int `json:"span_tokens"`
	// Spans is the number of maximal repeated spans, RowsWithSpan the
	// rows holding at least one, Rate their share of the rows.
	Spans        int64   `json:"spans"`
	RowsWithSpan int64   `json:"rows_with_span"`
	Rate         float64 `json:"rate"`
	// Tokenizer names the tokens counted (package spans).
	Tokenizer string `json:"tokenizer"`
	// Rows are the rows holding a repeated span, sorted (for an export;
	// not in the report).
	Rows []ingest.Pos `json:"-"`
}

// spansMix is MurmurHash3's finaliser.
func spansMix(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

// Tokenizer names the tokens of package spans in reports.
const Tokenizer = spans.WordsName

// Finish finds the repeated L-grams and joins them into maximal spans.
func (s *Second) Finish(env *analysis.Env) (*analysis.Result, error) {
	g := s.grams
	slices.SortFunc(g, func(a, b gram) int {
		return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.row, b.row), cmp.Compare(a.start, b.start))
	})
	// A repeated L-gram: its first occurrence, which orders the
	// findings, and its rows (distinct, sorted) in rowArena, with a hash of
	// them to group by, written over g's front: no allocation per L-gram,
	// of which there are as many as tokens repeated.
	var rowArena []rowKey
	rowSet := map[rowKey]bool{}
	sets := map[uint64]int32{} // row-set hash -> its rows in the arena
	w := 0
	for i := 0; i < len(g); {
		j := i
		from := len(rowArena)
		for j < len(g) && g[j].h == g[i].h {
			if len(rowArena) == from || rowArena[len(rowArena)-1] != g[j].row {
				rowArena = append(rowArena, g[j].row)
			}
			j++
		}
		n := len(rowArena) - from
		if n >= 2 && n < 1<<23 {
			sig := uint64(n)
			for _, r := range rowArena[from:] {
				sig = spansMix(sig ^ uint64(r))
			}
			// The L-grams of one span share their rows: keep them once.
			if at, ok := sets[sig]; ok && slices.Equal(rowArena[at:at+int32(n)], rowArena[from:]) {
				rowArena = rowArena[:from]
				from = int(at)
			} else {
				sets[sig] = int32(from)
				for _, r := range rowArena[from:] {
					rowSet[r] = true
				}
			}
			r := g[i]
			r.h, r.rows, r.qlen = sig, int32(from), r.qlen|int32(n)<<8
			g[w] = r
			w++
		} else {
			rowArena = rowArena[:from]
		}
		i = j
	}
	reps := g[:w]
	s.grams, g = nil, nil
	rowsOf := func(r gram) []rowKey { return rowArena[r.rows : int(r.rows)+int(r.qlen>>8)] }
	same := func(a, b gram) bool { return a.h == b.h && slices.Equal(rowsOf(a), rowsOf(b)) }
	slices.SortFunc(reps, func(a, b gram) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.h, b.h), cmp.Compare(a.start, b.start))
	})
	res := &Result{Tokens: s.L, Tokenizer: Tokenizer}
	out := &analysis.Result{Section: res}
	for i := 0; i < len(reps); {
		j := i + 1
		for j < len(reps) && reps[j].row == reps[i].row && same(reps[j], reps[i]) && reps[j].start == reps[j-1].start+1 {
			j++
		}
		res.Spans++
		if len(out.Findings) >= env.MaxExamples {
			if out.Unlisted == nil {
				out.Unlisted = map[string]int64{}
			}
			out.Unlisted[finding.KindRepeatedSpan]++
			i = j
			continue
		}
		r := reps[i]
		length := int(reps[j-1].start-r.start) + s.L
		q := strings.Join(strings.Fields(strings.ToValidUTF8(string(s.texts[r.quote:r.quote+r.qlen&0xff]), "")), " ")
		rows := rowsOf(r)
		f := finding.Finding{
			Kind: finding.KindRepeatedSpan, Severity: finding.Info, Score: float64(length), Needle: q,
			Evidence: fmt.Sprintf("%q…: %d tokens in %d rows", q, length, len(rows)),
		}
		for _, k := range rows {
			f.Rows = append(f.Rows, finding.NewRow(env.Files, k.pos(), s.ids[k]))
		}
		out.Findings = append(out.Findings, f)
		i = j
	}
	for k := range rowSet {
		res.Rows = append(res.Rows, k.pos())
	}
	slices.SortFunc(res.Rows, func(a, b ingest.Pos) int {
		switch {
		case a.Less(b):
			return -1
		case b.Less(a):
			return 1
		}
		return 0
	})
	res.RowsWithSpan = int64(len(res.Rows))
	if s.rows > 0 {
		res.Rate = finding.Round(float64(res.RowsWithSpan)/float64(s.rows), 6)
	}
	out.Metrics = map[string]float64{"repeated_spans": float64(res.Spans), "repeated_span_rate": 0}
	if s.rows > 0 {
		out.Metrics["repeated_span_rate"] = float64(res.RowsWithSpan) / float64(s.rows)
	}
	return out, nil
}
