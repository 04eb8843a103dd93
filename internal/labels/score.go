package labels

import (
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// chunk is how many items a chunk of a chunked list holds.
const chunk = 1 << 14

// chunked is an append-only list in fixed-size chunks: it never copies its
// items as it grows, and two lists merge by appending chunk lists.
type chunked[T any] struct{ cs [][]T }

func (l *chunked[T]) add(v T) {
	if n := len(l.cs); n == 0 || len(l.cs[n-1]) == cap(l.cs[n-1]) {
		l.cs = append(l.cs, make([]T, 0, chunk))
	}
	last := &l.cs[len(l.cs)-1]
	*last = append(*last, v)
}

func (l *chunked[T]) merge(o *chunked[T]) { l.cs = append(l.cs, o.cs...); o.cs = nil }

func (l *chunked[T]) len() int {
	n := 0
	for _, c := range l.cs {
		n += len(c)
	}
	return n
}

// flatten returns the items in one slice, dropping each chunk once copied.
func (l *chunked[T]) flatten() []T {
	out := make([]T, 0, l.len())
	for i, c := range l.cs {
		out = append(out, c...)
		l.cs[i] = nil
	}
	l.cs = nil
	return out
}

// rowState is what pass 2 keeps of a row: 32 bytes, plus its id's bytes
// and 2×K float32 scores.
type rowState struct {
	n     int64
	idOff int64
	idLen int32
	file  int32
	label int32
	line  bool
}

// carry says that a row carries a candidate gram.
type carry struct {
	row  uint32 // the row's index in the Scorer
	gram uint32 // the gram's index in the Scorer
}

// gramStat counts a candidate gram's rows exactly.
type gramStat struct {
	text string
	rows []int64 // per class
	// other counts, per class, the rows of that class that read like
	// another class once the candidate features of their class are taken
	// out.
	other   []int64
	lastRow int64 // the last row counted, so a row counts once
}

// Scorer is the second pass: it scores every labelled row with the model
// of the folds it was not in, and counts the candidate grams exactly. Add,
// Merge in a fixed order, then Model.Result.
type Scorer struct {
	m      *Model
	rows   chunked[rowState]
	scores chunked[float32] // 2K per row: with, then without, its class's candidate features
	ids    []byte
	grams  []gramStat
	gidx   map[string]uint32
	carry  chunked[carry]
	f      featurizer
	s, s2  []float64
	x      []float32
	n      int // rows added
}

// NewScorer returns an empty second-pass accumulator for m.
func (m *Model) NewScorer() *Scorer {
	C := len(m.Names)
	sc := &Scorer{m: m, gidx: map[string]uint32{}, s: make([]float64, C), s2: make([]float64, C)}
	sc.f.cand = m.cand
	return sc
}

// Add scores every labelled row of a batch.
func (sc *Scorer) Add(b *ingest.Batch) error {
	m := sc.m
	labels := labelColumn(b)
	text := b.Column(ingest.ColText)
	if labels == nil || text == nil || !m.Usable() {
		return nil
	}
	ids := idColumn(b)
	C := len(m.Names)
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid || labels.IsNull(i) {
			return
		}
		y, ok := m.idx[labels.Value(i)]
		if !ok {
			return
		}
		pos := b.Pos(i)
		fd := fold(m.opts.Seed, pos, m.folds)
		fs := sc.f.features(t)
		// The row's score by class, and again without the trigger
		// candidate features concentrated in its own class.
		lr := m.lr
		sc.x = lr.rowVector(fs, sc.x)
		anyCand := false
		for k := range C {
			if C == 2 && k == 0 {
				// One logistic model: class 0 scores 0; but its candidate
				// features still count for the trigger scan.
				sc.s[0], sc.s2[0] = 0, 0
				if !anyCand {
					for _, f := range fs {
						if m.cand[f] >= 0 {
							anyCand = true
							break
						}
					}
				}
				continue
			}
			w := lr.w[fd][k*NumBuckets : (k+1)*NumBuckets]
			s := lr.b[fd][k]
			s2 := s
			for j, f := range fs {
				v := float64(w[f] * sc.x[j])
				s += v
				if c := m.cand[f]; c < 0 {
					s2 += v
				} else {
					anyCand = true
					if int32(c) != y {
						s2 += v
					}
				}
			}
			sc.s[k], sc.s2[k] = s, s2
		}
		trigOther := argmax(sc.s2) != int(y)
		r := rowState{n: pos.N, file: int32(pos.File), label: y, line: pos.Line, idLen: -1}
		if ids != nil && ids.IsValid(i) {
			id := ids.Value(i)
			r.idOff, r.idLen = int64(len(sc.ids)), int32(len(id))
			sc.ids = append(sc.ids, id...)
		}
		row := sc.n
		sc.n++
		sc.rows.add(r)
		for k := range C {
			sc.scores.add(float32(sc.s[k]))
		}
		for k := range C {
			sc.scores.add(float32(sc.s2[k]))
		}
		if anyCand {
			sc.countGrams(row, y, trigOther)
		}
	})
}

func argmax(s []float64) int {
	best := 0
	for k, v := range s {
		if v > s[best] {
			best = k
		}
	}
	return best
}

// countGrams counts the candidate grams of one row, as features found
// them.
func (sc *Scorer) countGrams(row int, y int32, other bool) {
	C := len(sc.m.Names)
	start := 0
	for _, end := range sc.f.hits {
		gram := sc.f.hitBuf[start:end]
		start = end
		g, ok := sc.gidx[string(gram)]
		if !ok {
			g = uint32(len(sc.grams))
			sc.grams = append(sc.grams, gramStat{text: string(gram), rows: make([]int64, C), other: make([]int64, C), lastRow: -1})
			sc.gidx[sc.grams[g].text] = g
		}
		st := &sc.grams[g]
		if st.lastRow == int64(row) {
			continue
		}
		st.lastRow = int64(row)
		st.rows[y]++
		if other {
			st.other[y]++
		}
		sc.carry.add(carry{row: uint32(row), gram: g})
	}
}

// Merge adds o's rows and grams to sc; o must not be used afterwards.
func (sc *Scorer) Merge(o *Scorer) {
	base := uint32(sc.n)
	sc.n += o.n
	idBase := int64(len(sc.ids))
	sc.ids = append(sc.ids, o.ids...)
	for _, c := range o.rows.cs {
		for i := range c {
			if c[i].idLen >= 0 {
				c[i].idOff += idBase
			}
		}
	}
	sc.rows.merge(&o.rows)
	sc.scores.merge(&o.scores)
	remap := make([]uint32, len(o.grams))
	for i, g := range o.grams {
		k, ok := sc.gidx[g.text]
		if !ok {
			k = uint32(len(sc.grams))
			sc.grams = append(sc.grams, gramStat{text: g.text, rows: g.rows, other: g.other, lastRow: -1})
			sc.gidx[g.text] = k
		} else {
			for c := range g.rows {
				sc.grams[k].rows[c] += g.rows[c]
				sc.grams[k].other[c] += g.other[c]
			}
		}
		remap[i] = k
	}
	for _, c := range o.carry.cs {
		for i := range c {
			c[i].row += base
			c[i].gram = remap[c[i].gram]
		}
	}
	sc.carry.merge(&o.carry)
	o.ids, o.grams, o.gidx = nil, nil, nil
}
