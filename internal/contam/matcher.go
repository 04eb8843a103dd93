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

// Judge returns the contaminated pairs, by training row position then
// item, and the number of k-grams ignored as common in the training rows.
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
	type segHit struct {
		seg, pos, train, k int32
	}
	var sh []segHit
	var covered []bool
	for _, r := range m.rows {
		sh = sh[:0]
		ignored := 0
		for _, h := range m.hits[r.start:r.end] {
			if int(m.df[h.entry]) > ix.MaxTrainDF {
				ignored++
				continue
			}
			for _, p := range ix.posts[ix.start[h.entry]:ix.start[h.entry+1]] {
				sh = append(sh, segHit{p.seg, p.pos, h.train, ix.segs[p.seg].k})
			}
		}
		slices.SortFunc(sh, func(a, b segHit) int {
			if d := ix.segs[a.seg].item - ix.segs[b.seg].item; d != 0 {
				return int(d)
			}
			if a.seg != b.seg {
				return int(a.seg - b.seg)
			}
			return int(a.pos - b.pos)
		})
		for i := 0; i < len(sh); {
			itm := ix.segs[sh[i].seg].item
			j := i
			for j < len(sh) && ix.segs[sh[j].seg].item == itm {
				j++
			}
			pair := Pair{Train: r.pos, TrainID: r.id, Item: int(itm), TrainFrom: -1, Ignored: ignored}
			dirty := false
			// Segments in order: the whole item first.
			for a := i; a < j; {
				seg := sh[a].seg
				b := a
				for b < j && sh[b].seg == seg {
					b++
				}
				sg := ix.segs[seg]
				covered = slices.Grow(covered[:0], int(sg.tokens))[:sg.tokens]
				clear(covered)
				for _, x := range sh[a:b] {
					for t := x.pos; t < x.pos+x.k; t++ {
						covered[t] = true
					}
				}
				c, num, numC := 0, 0, 0
				numeric := ix.items[itm].numeric
				for t, v := range covered {
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
				share := float64(c) / float64(sg.tokens)
				if share >= ix.MinCoverage && (num == 0 || float64(numC) >= ix.MinCoverage*float64(num)) {
					dirty = true
				}
				if !sg.first {
					pair.Coverage = share
					pair.Spans = runs(covered)
					for _, x := range sh[a:b] {
						if pair.TrainFrom < 0 || x.train < pair.TrainFrom {
							pair.TrainFrom = x.train
						}
						pair.TrainTo = max(pair.TrainTo, x.train+x.k)
					}
				} else {
					pair.FirstCoverage = share
					if pair.Spans == nil {
						pair.Spans = runs(covered)
					}
					if pair.TrainFrom < 0 {
						for _, x := range sh[a:b] {
							if pair.TrainFrom < 0 || x.train < pair.TrainFrom {
								pair.TrainFrom = x.train
							}
							pair.TrainTo = max(pair.TrainTo, x.train+x.k)
						}
					}
				}
				a = b
			}
			if dirty {
				pairs = append(pairs, pair)
			}
			i = j
		}
	}
	return pairs, trainCommon
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
