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
//  1. Fingerprints: the row's k-grams (k = L-10, at least 13: gramK) are
//     winnowed with a window of w = L-k+1, so every span of L tokens holds
//     one fingerprint that any other copy of it holds at the same offset
//     (package spans). The pass counts, in a filter of fixed size
//     (seenFilter), the rows holding each fingerprint's slot: once, or two
//     and more. After the merge, the fingerprints whose slot is in two or
//     more rows are the shared ones (every fingerprint really in two rows,
//     and a few in one row whose slot another row's fingerprint shares).
//  2. Spans: around each shared fingerprint at token p, the L-grams that
//     contain it (starts p+k-L to p) are hashed whole. An L-gram whose
//     hash is in two or more rows is a repeated span of L tokens: the
//     check is exact (up to 64-bit hash collisions) and sees every one,
//     as a brute-force search of all L-grams would, at a fraction of its
//     memory. Consecutive repeated L-grams with the same rows make one
//     finding, whose length is the maximal span's.
//
// Pass 2 keeps at most a budget of L-gram starts (2^21). Past it, it
// looks around a sample of the shared fingerprints, chosen by hash, so
// that every copy of a span is kept or none; the result then says so
// (Result.Approximate) with its recall bound (see Second). Spans found
// are still exact; rows are missed, with a stated probability.
//
// # Memory
//
// Fixed, whatever the input: pass 1 keeps its filter, 2^26 slots of 2
// bits (16 MiB per worker, allocated 8 KiB at a time as slots are
// used); pass 2 keeps up to the budget of L-gram starts, 32 bytes each,
// and their quotes (up to 80 bytes a start, about 18 bytes a start on
// the mail corpus of benchmarks/README.md), so about 75 MiB of starts
// and 40 MiB of text per worker at most; and the ids of the rows with
// starts. Nothing is kept per row but those ids; per worker, 24 bytes
// per token of its longest row. The result does not depend on the
// number of workers: every list is sorted by hash and position after the
// merge, and the sampling level is the input's (see Second).
package repeats

import (
	"cmp"
	"fmt"
	"math"
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

// budget is the most L-gram starts the second pass keeps (a variable
// for the tests): past it, the fingerprints are sampled (see Second).
var budget = 1 << 21

// Spec describes the repeated spans.
var Spec = &analysis.Spec{
	Name: "spans.repeated", Version: 2, Report: "repeated_spans", PerRow: true,
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
		print := f.print()
		return func() (analysis.Analyser, error) { return newSecond(f, print), nil }, nil
	},
	Decode:       decodeFirst,
	DecodeSecond: decodeSecond,
}

// newSecond returns a second pass' analyser built from the merged first
// pass f, whose print is print (First.print).
func newSecond(f *First, print uint64) *Second {
	s := &Second{L: f.L, k: f.k, seen: &f.seen, print: print, rows: f.rows, budget: budget}
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

// First is the first pass: which fingerprints are found in two or more
// rows, counted in a filter of fixed size (seenFilter).
type First struct {
	L, k  int
	seen  seenFilter
	rows  int64
	tz    spans.Tokenizer
	grams []uint64
	pos   []int32
	dq    []int32
	slots []uint32
	// printed is print's value once printDone.
	printed   uint64
	printDone bool
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
	f := &First{L: L, k: gramK(L), seen: newFilter(filterBits)}
	f.tz.Words = true
	return f, nil
}

// Add counts the fingerprints of every row of b of at least L tokens.
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
		f.grams = spans.HashGrams(f.grams, f.tz.Hashes, f.k)
		f.pos, f.dq = spans.Winnow(f.pos[:0], f.grams, f.L-f.k+1, f.dq)
		f.slots = f.slots[:0]
		for _, p := range f.pos {
			f.slots = append(f.slots, f.seen.slot(f.grams[p]))
		}
		// A row counts once per slot: a fingerprint repeated inside one row
		// is not shared.
		slices.Sort(f.slots)
		f.slots = slices.Compact(f.slots)
		f.seen.addRow(f.slots)
	})
}

// Merge adds other's counts, a *First's.
func (f *First) Merge(other analysis.Analyser) error {
	o, ok := other.(*First)
	if !ok {
		return analysis.Mismatch(f, other)
	}
	f.seen.merge(&o.seen)
	f.rows += o.rows
	return nil
}

// Finish is not called: the second pass finishes.
func (f *First) Finish(*analysis.Env) (*analysis.Result, error) {
	return nil, fmt.Errorf("%s: the first pass does not finish", Spec.Name)
}

// Second is the second pass: the L-grams around shared fingerprints.
//
// It keeps at most budget L-gram starts. Past that, it samples the
// fingerprints by their hash: at level l it looks only around the shared
// fingerprints of level l or more (level: 2^-l of them), raising l, and
// dropping the starts of lower levels, until its starts fit. The level
// is that of the whole input whatever the split among workers: a worker
// raises it only when its own starts, hence the input's, are over the
// budget at the level below, and a merge raises it until the merged
// starts fit. Sampling by hash keeps every copy of a span or none: the
// copies of an L-token span hold the same fingerprint at the same offset
// (winnowing), so a repeated L-gram found is found in every row holding
// it, and a finding is exact. What sampling loses is recall: a span of
// L+j tokens holds 1+floor(j/w) distinct fingerprints of those windows (w = L-k+1), so its rows are
// found with probability at least 1-(1-2^-l)^(1+floor(j/w)); and a long
// span may be reported as several shorter ones.
type Second struct {
	L, k   int
	seen   *seenFilter // the merged first pass' (read-only, shared by the workers)
	print  uint64      // the first pass' (First.print)
	rows   int64
	level  uint8
	budget int
	grams  []gram
	ids    map[rowKey]string // the ids of rows with grams, when there is an id field
	texts  []byte            // quotes: the text of each stretch of starts
	tz     spans.Tokenizer
	hashes []uint64
	pos    []int32
	dq     []int32
}

// gram is one L-gram start around a shared fingerprint.
//
// After the merge, Finish turns the first gram of each repeated L-gram
// into its summary in place: h becomes the hash of its rows and rows
// their offset in the row arena (their count, then the rows).
type gram struct {
	h     uint64
	row   rowKey
	start int32 // token
	quote int32 // offset in texts of its quote (quoteBytes at most, to its L-gram's end)
	rows  int32 // in a summary: offset of its rows in the arena
	qlen  uint8 // quote length
	lvl   uint8 // the highest level of the shared fingerprints it is around
}

// quoteBytes is how much of a span's start a finding quotes.
const quoteBytes = 80

// Add hashes the L-grams around the shared fingerprints of every row of b.
func (s *Second) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil || s.seen.empty() {
		return nil
	}
	ids := finding.IDColumn(b)
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
		first := len(s.grams)
		prefix := false
		pow := uint64(0)
		for _, p := range s.pos {
			h := s.hashes[p]
			lv := level(h)
			if lv < s.level || !s.seen.shared(h) {
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
			from := max(p+int32(s.k)-int32(s.L), 0)
			to := min(p, int32(n-s.L))
			// The starts already added around an earlier fingerprint take
			// this one's level if higher: a start is kept at every level
			// of a fingerprint it is around.
			for g := len(s.grams) - 1; g >= first && s.grams[g].start >= from; g-- {
				s.grams[g].lvl = max(s.grams[g].lvl, lv)
			}
			from = max(from, next)
			if from > to {
				continue
			}
			// The stretch's text: the quotes of its starts, overlapping
			// quotes once (the text between two starts further apart than a
			// quote is not kept).
			s.grow(int(to-from) + 1)
			segEnd, segBase := int32(-1), int32(0) // end in t of the quotes kept, offset of t[0] in texts
			for st := from; st <= to; st++ {
				a := s.tz.Starts[st]
				e := a + min(quoteBytes, s.tz.Ends[int(st)+s.L-1]-a)
				if a >= segEnd {
					segBase = int32(len(s.texts)) - a
					s.texts = append(s.texts, t[a:e]...)
					segEnd = e
				} else if e > segEnd {
					s.texts = append(s.texts, t[segEnd:e]...)
					segEnd = e
				}
				s.grams = append(s.grams, gram{h: s.tz.Gram(int(st), s.L, pow), row: key, start: st, quote: segBase + a, qlen: uint8(e - a), lvl: lv})
			}
			next = to + 1
		}
		if len(s.grams) > s.budget {
			s.thin()
		}
	})
}

// thin raises the level until the starts fit the budget.
func (s *Second) thin() {
	for len(s.grams) > s.budget && s.level < 63 {
		s.level++
		s.keep()
	}
}

// keep drops the starts under the level, the text only they quote and the
// ids of rows left without a start. The starts' quotes are in increasing
// order of offset (as Add and Merge append them, and as decodeSecond
// checks), so the text is compacted in place.
func (s *Second) keep() {
	w, wpos := 0, int32(0)
	segFrom, segTo, segNew := int32(-1), int32(-1), int32(0) // the last old range kept, and where it went
	for _, g := range s.grams {
		if g.lvl < s.level {
			continue
		}
		q, end := g.quote, g.quote+int32(g.qlen)
		if q >= segTo {
			copy(s.texts[wpos:], s.texts[q:end])
			segFrom, segTo, segNew = q, end, wpos
			wpos += end - q
		} else if end > segTo {
			copy(s.texts[wpos:], s.texts[segTo:end])
			wpos += end - segTo
			segTo = end
		}
		g.quote = segNew + q - segFrom
		s.grams[w] = g
		w++
	}
	clear(s.grams[w:])
	s.grams, s.texts = s.grams[:w], s.texts[:wpos]
	if s.ids != nil {
		kept := make(map[rowKey]bool, len(s.ids))
		for _, g := range s.grams {
			kept[g.row] = true
		}
		for k := range s.ids {
			if !kept[k] {
				delete(s.ids, k)
			}
		}
	}
}

// Merge adds other's L-grams, a *Second's, at the higher of their
// levels, raised until both fit the budget together: the merged starts
// are never more than the budget.
func (s *Second) Merge(other analysis.Analyser) error {
	o, ok := other.(*Second)
	if !ok {
		return analysis.Mismatch(s, other)
	}
	s.level = max(s.level, o.level)
	o.level = s.level
	s.keep()
	o.keep()
	for len(s.grams)+len(o.grams) > s.budget && s.level < 63 {
		s.level++
		o.level = s.level
		s.keep()
		o.keep()
	}
	base := int32(len(s.texts))
	s.texts = append(s.texts, o.texts...)
	for k, id := range o.ids {
		if s.ids == nil {
			s.ids = map[rowKey]string{}
		}
		s.ids[k] = id
	}
	s.grow(len(o.grams))
	for _, g := range o.grams {
		g.quote += base
		s.grams = append(s.grams, g)
	}
	o.grams, o.texts, o.ids = nil, nil, nil
	return nil
}

// grow makes room for n more starts, doubling the capacity up to the
// budget and an eighth (which then holds a row's starts past the budget
// until thin): the starts are never copied to a slice larger than that.
func (s *Second) grow(n int) {
	if len(s.grams)+n <= cap(s.grams) {
		return
	}
	s.grams = slices.Grow(s.grams, max(n, min(2*cap(s.grams), s.budget+s.budget/8)-len(s.grams)))
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
	// Sampled, set when the L-gram starts around shared fingerprints were
	// over the second pass' budget, is the share of the fingerprints looked
	// around (2^-level), and Approximate says what that costs: no false
	// span, but a lower recall, stated as a bound.
	Sampled     float64 `json:"fingerprints_sampled,omitempty"`
	Approximate string  `json:"approximate,omitempty"`
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
	s.keep()
	g := s.grams
	slices.SortFunc(g, func(a, b gram) int {
		return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.row, b.row), cmp.Compare(a.start, b.start))
	})
	// A repeated L-gram: its first occurrence, which orders the
	// findings, and its rows (distinct, sorted) in rowArena after their
	// count, with a hash of them to group by, written over g's front: no
	// allocation per L-gram, of which there are as many as tokens repeated.
	var rowArena []rowKey
	rowSet := map[rowKey]bool{}
	sets := map[uint64]int32{} // row-set hash -> its count and rows in the arena
	w := 0
	for i := 0; i < len(g); {
		j := i
		from := len(rowArena)
		rowArena = append(rowArena, 0)
		for j < len(g) && g[j].h == g[i].h {
			if len(rowArena) == from+1 || rowArena[len(rowArena)-1] != g[j].row {
				rowArena = append(rowArena, g[j].row)
			}
			j++
		}
		n := len(rowArena) - from - 1
		if n >= 2 && from+1+n < math.MaxInt32 {
			rowArena[from] = rowKey(n)
			sig := uint64(n)
			for _, r := range rowArena[from+1:] {
				sig = spansMix(sig ^ uint64(r))
			}
			// The L-grams of one span share their rows: keep them once.
			if at, ok := sets[sig]; ok && slices.Equal(rowArena[at:int(at)+1+n], rowArena[from:]) {
				rowArena = rowArena[:from]
				from = int(at)
			} else {
				sets[sig] = int32(from)
				for _, r := range rowArena[from+1:] {
					rowSet[r] = true
				}
			}
			r := g[i]
			r.h, r.rows = sig, int32(from)
			g[w] = r
			w++
		} else {
			rowArena = rowArena[:from]
		}
		i = j
	}
	reps := g[:w]
	s.grams, g = nil, nil
	rowsOf := func(r gram) []rowKey { return rowArena[r.rows+1 : int(r.rows)+1+int(rowArena[r.rows])] }
	same := func(a, b gram) bool { return a.h == b.h && slices.Equal(rowsOf(a), rowsOf(b)) }
	slices.SortFunc(reps, func(a, b gram) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.h, b.h), cmp.Compare(a.start, b.start))
	})
	res := &Result{Tokens: s.L, Tokenizer: Tokenizer}
	if s.level > 0 {
		res.Sampled, res.Approximate = s.bound()
	}
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
		q := strings.Join(strings.Fields(strings.ToValidUTF8(string(s.texts[r.quote:r.quote+int32(r.qlen)]), "")), " ")
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

// bound states the recall of the second pass at its level (see Second).
func (s *Second) bound() (float64, string) {
	p := math.Ldexp(1, -int(s.level))
	w := s.L - s.k + 1
	at := func(j int) float64 { return finding.Round(1-math.Pow(1-p, float64(1+j/w)), 3) }
	return p, fmt.Sprintf("approximate: more than %d L-gram starts around shared fingerprints, so 1 in %d fingerprints was looked around; "+
		"every span listed is repeated, but a row holding a repeated span of %d+j tokens is found with probability at least 1-(1-1/%d)^(1+floor(j/%d)): "+
		"%.3g at j=0, %.3g at j=%d, %.3g at j=%d; span counts and lengths are lower bounds",
		s.budget, 1<<s.level, s.L, 1<<s.level, w, at(0), at(4*w), 4*w, at(16*w), 16*w)
}
