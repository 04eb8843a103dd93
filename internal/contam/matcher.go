package contam

import (
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/spans"
)

var _ analysis.Analyser = (*Matcher)(nil)

// hit is one indexed k-gram found in a training row.
type hit struct {
	entry int32
	train int32 // first token in the training row
}

// trainRow is a training row with at least one hit.
type trainRow struct {
	pos        ingest.Pos
	id         string
	start, end int // its hits in Matcher.hits
}

// Matcher is the training side of a contamination check: a mergeable
// accumulator (analysis.Analyser) of the hits of training rows in an
// Index. Many Matchers share one Index.
type Matcher struct {
	ix     *Index
	tz     spans.Tokenizer
	rows   []trainRow
	hits   []hit
	df     []int32 // per entry: training rows holding it
	stamp  []int32 // per entry: the local row that last counted it, +1
	nrow   int32
	Rows   int64 // training rows read (valid texts)
	Tokens int64 // their tokens
	Bad    int64 // records that could not be read (each is listed by ingest)
}

// NewMatcher returns an empty Matcher over ix, which must be built.
func NewMatcher(ix *Index) *Matcher {
	n := ix.Entries()
	return &Matcher{ix: ix, df: make([]int32, n), stamp: make([]int32, n)}
}

// Add looks up every k-gram of every row of b.
func (m *Matcher) Add(b *ingest.Batch) error {
	m.Bad += int64(len(b.Bad))
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	ids := finding.IDColumn(b)
	ix := m.ix
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		m.Rows++
		m.nrow++
		stamp := m.nrow
		n := m.tz.Tokens(t)
		m.Tokens += int64(n)
		m.tz.Prefix()
		start := len(m.hits)
		for ki, k := range ix.ks {
			pow := ix.pows[ki]
			for p := 0; p+k <= n; p++ {
				e := ix.lookup(m.tz.Gram(p, k, pow))
				if e < 0 {
					continue
				}
				m.hits = append(m.hits, hit{e, int32(p)})
				if m.stamp[e] != stamp {
					m.stamp[e] = stamp
					m.df[e]++
				}
			}
		}
		if len(m.hits) > start {
			m.rows = append(m.rows, trainRow{pos: b.Pos(i), id: finding.RowID(ids, i), start: start, end: len(m.hits)})
		}
	})
}

// Merge adds other's rows and counts, a *Matcher's over the same Index.
func (m *Matcher) Merge(other analysis.Analyser) error {
	o, ok := other.(*Matcher)
	if !ok || o.ix != m.ix {
		return analysis.Mismatch(m, other)
	}
	base := len(m.hits)
	m.hits = append(m.hits, o.hits...)
	for _, r := range o.rows {
		r.start += base
		r.end += base
		m.rows = append(m.rows, r)
	}
	for e, n := range o.df {
		m.df[e] += n
	}
	m.Rows += o.Rows
	m.Tokens += o.Tokens
	m.Bad += o.Bad
	return nil
}

// Finish returns the matcher itself: Judge makes the result.
func (m *Matcher) Finish(*analysis.Env) (*analysis.Result, error) {
	return &analysis.Result{Section: m}, nil
}

// Pair is a contaminated (training row, eval item) pair.
type Pair struct {
	Train   ingest.Pos
	TrainID string
	Item    int // index of the item
	// Coverage is the share of the item's tokens its hits cover;
	// FirstCoverage that of its first field alone (0: no such segment).
	Coverage, FirstCoverage float64
	// Spans are the item's token ranges covered [from, to), and
	// TrainFrom, TrainTo the training row's tokens they came from.
	Spans              [][2]int32
	TrainFrom, TrainTo int32
	// Ignored counts the hits left out as common in the training rows.
	Ignored int
}

// segHit is a hit placed in a segment.
type segHit struct {
	seg, pos, train, k, entry int32
}

// judge is Judge's scratch.
type judge struct {
	sh               []segHit
	own, explained   []bool
	claimed, pending []bool // training tokens claimed by judged items, and by the current group
	cands            []cand
}

// cand is an item a row has hits of: sh[from:to], and its best plain
// coverage.
type cand struct {
	item     int32
	from, to int
	best     float64
}

// Judge returns the contaminated pairs, by training row position then
// item, and the number of k-grams ignored as common in the training rows.
//
// Within a row, items are judged from the best covered down, and an item
// judged contaminated claims its k-grams: a later item's tokens covered
// only by hits on claimed training tokens are explained by the first (the
// passage that five MMLU questions share, a short question inside a
// longer one) and left out of its coverage, which is then the share of
// its remaining tokens that its own hits cover. Items of equal coverage
// are judged together (two identical items are both contaminated).
func (m *Matcher) Judge() (pairs []Pair, trainCommon int) {
	ix := m.ix
	for _, n := range m.df {
		if int(n) > ix.MaxTrainDF {
			trainCommon++
		}
	}
	slices.SortFunc(m.rows, func(a, b trainRow) int {
		switch {
		case a.pos.Less(b.pos):
			return -1
		case b.pos.Less(a.pos):
			return 1
		}
		return 0
	})
	j := &judge{}
	for _, r := range m.rows {
		pairs = j.row(ix, m, r, pairs)
	}
	return pairs, trainCommon
}

// row judges one training row's hits, appending its pairs.
func (j *judge) row(ix *Index, m *Matcher, r trainRow, pairs []Pair) []Pair {
	j.sh = j.sh[:0]
	ignored := 0
	for _, h := range m.hits[r.start:r.end] {
		if int(m.df[h.entry]) > ix.MaxTrainDF {
			ignored++
			continue
		}
		for _, p := range ix.posts[ix.start[h.entry]:ix.start[h.entry+1]] {
			j.sh = append(j.sh, segHit{p.seg, p.pos, h.train, ix.segs[p.seg].k, h.entry})
		}
	}
	sh := j.sh
	slices.SortFunc(sh, func(a, b segHit) int {
		if d := ix.segs[a.seg].item - ix.segs[b.seg].item; d != 0 {
			return int(d)
		}
		if a.seg != b.seg {
			return int(a.seg - b.seg)
		}
		return int(a.pos - b.pos)
	})
	j.cands = j.cands[:0]
	for i := 0; i < len(sh); {
		itm := ix.segs[sh[i].seg].item
		e := i
		for e < len(sh) && ix.segs[sh[e].seg].item == itm {
			e++
		}
		c := cand{item: itm, from: i, to: e}
		for a := i; a < e; {
			b := a
			for b < e && sh[b].seg == sh[a].seg {
				b++
			}
			cov, _, _ := j.cover(ix, sh[a:b], false)
			c.best = max(c.best, cov)
			a = b
		}
		j.cands = append(j.cands, c)
		i = e
	}
	slices.SortStableFunc(j.cands, func(a, b cand) int {
		switch {
		case a.best > b.best:
			return -1
		case a.best < b.best:
			return 1
		}
		return int(a.item - b.item)
	})
	rowTokens := int32(0)
	for _, x := range sh {
		rowTokens = max(rowTokens, x.train+x.k)
	}
	j.claimed = slices.Grow(j.claimed[:0], int(rowTokens))[:rowTokens]
	j.pending = slices.Grow(j.pending[:0], int(rowTokens))[:rowTokens]
	clear(j.claimed)
	clear(j.pending)
	start := len(pairs)
	for ci, c := range j.cands {
		if ci > 0 && c.best != j.cands[ci-1].best {
			for t, v := range j.pending {
				j.claimed[t] = j.claimed[t] || v
			}
		}
		pair := Pair{Train: r.pos, TrainID: r.id, Item: int(c.item), TrainFrom: -1, Ignored: ignored}
		dirty := false
		// Segments in order: the whole item first.
		for a := c.from; a < c.to; {
			b := a
			for b < c.to && sh[b].seg == sh[a].seg {
				b++
			}
			sg := ix.segs[sh[a].seg]
			plain, spans, _ := j.cover(ix, sh[a:b], false)
			_, _, ok := j.cover(ix, sh[a:b], true)
			dirty = dirty || ok
			if !sg.first {
				pair.Coverage, pair.Spans = plain, spans
			} else {
				pair.FirstCoverage = plain
				if pair.Spans == nil {
					pair.Spans = spans
				}
			}
			if !sg.first || pair.TrainFrom < 0 {
				for _, x := range sh[a:b] {
					if pair.TrainFrom < 0 || x.train < pair.TrainFrom {
						pair.TrainFrom = x.train
					}
					pair.TrainTo = max(pair.TrainTo, x.train+x.k)
				}
			}
			a = b
		}
		if !dirty {
			continue
		}
		for _, x := range sh[c.from:c.to] {
			for t := x.train; t < x.train+x.k; t++ {
				j.pending[t] = true
			}
		}
		pairs = append(pairs, pair)
	}
	slices.SortFunc(pairs[start:], func(a, b Pair) int { return a.Item - b.Item })
	return pairs
}

// isClaimed reports whether all the training tokens of a hit are claimed.
func (j *judge) isClaimed(x segHit) bool {
	for t := x.train; t < x.train+x.k; t++ {
		if !j.claimed[t] {
			return false
		}
	}
	return true
}

// cover returns the share of a segment's tokens that hits (all of one
// segment) cover, the covered runs, and whether that makes the pair
// contaminated. With claims, tokens covered only by claimed k-grams are
// left out of the segment, and only unclaimed hits count as covering.
func (j *judge) cover(ix *Index, hits []segHit, claims bool) (float64, [][2]int32, bool) {
	sg := ix.segs[hits[0].seg]
	n := int(sg.tokens)
	j.own = slices.Grow(j.own[:0], n)[:n]
	j.explained = slices.Grow(j.explained[:0], n)[:n]
	clear(j.own)
	clear(j.explained)
	for _, x := range hits {
		dst := j.own
		if claims && j.isClaimed(x) {
			dst = j.explained
		}
		for t := x.pos; t < x.pos+x.k; t++ {
			dst[t] = true
		}
	}
	numeric := ix.items[sg.item].numeric
	c, total, num, numC := 0, 0, 0, 0
	for t, v := range j.own {
		if !v && j.explained[t] {
			continue // explained by a better item
		}
		total++
		if v {
			c++
		}
		if t < len(numeric) && numeric[t] {
			num++
			if v {
				numC++
			}
		}
	}
	if total == 0 {
		return 0, nil, false
	}
	share := float64(c) / float64(n)
	ok := float64(c) >= ix.MinCoverage*float64(total) && (num == 0 || float64(numC) >= ix.MinCoverage*float64(num))
	if claims {
		return share, nil, ok
	}
	return share, runs(j.own), ok
}

// runs returns the runs of true in covered as [from, to) ranges.
func runs(covered []bool) [][2]int32 {
	var out [][2]int32
	for i := 0; i < len(covered); {
		if !covered[i] {
			i++
			continue
		}
		j := i
		for j < len(covered) && covered[j] {
			j++
		}
		out = append(out, [2]int32{int32(i), int32(j)})
		i = j
	}
	return out
}
