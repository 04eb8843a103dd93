package labels

import (
	"math"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/rowstore"
)

// rowState is what pass 2 keeps of a row: 32 bytes, plus its id's bytes
// and K float32 scores.
type rowState struct {
	n     int64
	id    rowstore.IDRef
	file  int32
	label int32
	line  bool
}

// carry says that a row carries a candidate gram, and how the row reads
// without it.
type carry struct {
	row  uint32 // the row's index in the Scorer
	gram uint32 // the gram's index in the Scorer
	// margin is the row's score for class as less its score for its
	// label once the gram's features are taken out: above zero, the row
	// reads like class as without the gram. Below zero it may be an upper
	// bound on that instead (two classes: Scorer.clearlyOwn).
	margin float32
	as     int8 // the best class other than the row's label, without the gram
}

// gramStat counts a candidate gram's rows exactly.
type gramStat struct {
	text string
	rows []int64 // per class
	// other counts, per class, the rows of that class that read like
	// another class once this gram's features are taken out.
	other []int64
}

// Scorer is the second pass: it scores every labelled row with the model
// of the folds it was not in, and counts the candidate grams exactly. Add,
// Merge in a fixed order, then Model.Result.
type Scorer struct {
	m      *Model
	rows   rowstore.Blocks[rowState]
	scores rowstore.Blocks[float32] // K per row
	ids    rowstore.IDs
	grams  []gramStat
	gidx   map[string]uint32
	// gcache finds a gram's index from its 64-bit hash and its text
	// (a miss falls back to gidx): cheaper than hashing the text.
	gcache gramCache
	carry  rowstore.Blocks[carry]
	f      featurizer
	cf     counterfactual
	tab    foldTable // the model's, with a cache of this worker's
	norm   dups.Normalizer
	s      []float64
	x      []float32
	n      int // rows added
}

// NewScorer returns an empty second-pass accumulator for m.
func (m *Model) NewScorer() *Scorer {
	C := len(m.Names)
	sc := &Scorer{m: m, gidx: map[string]uint32{}, s: make([]float64, C)}
	sc.f.setCand(m.cand)
	sc.tab = m.tab.reader()
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
		fs := sc.f.features(t)
		fd, ok := 0, false
		if b.Elem(i) == 0 { // rows of a JSON array sharing a line: not kept
			fd, ok = sc.tab.get(pos)
		}
		if !ok { // more than 254 folds, or not kept: as pass 1 did
			fd = normFold(&sc.f, &sc.norm, m.opts.Seed, t, m.folds)
		}
		// A row carrying a candidate gram also gets its scores before
		// normalisation, for the counterfactual (countGrams), from the
		// same reads of the weights.
		cfRow := len(sc.f.occ) > 0
		cf := &sc.cf
		if cfRow {
			cf.reset(C)
		}
		if C == 2 {
			sc.score2(fs, fd, cfRow)
		} else {
			sc.scoreMany(fs, fd, cfRow)
		}
		r := rowState{n: pos.N, file: int32(pos.File), label: y, line: pos.Line, id: sc.ids.Add(ids, i)}
		row := sc.n
		sc.n++
		sc.rows.Add(r)
		for k := range C {
			sc.scores.Add(float32(sc.s[k]))
		}
		if cfRow {
			sc.countGrams(fs, fd, row, y)
		}
	})
}

// score2 is scoreMany for two classes: one logistic model, whose weights
// are read with the idf in one loop (a feature's two reads miss the
// cache together, not one after the other), so that the second loop
// finds them in cache. The same bits as scoreMany (TestScore2).
func (sc *Scorer) score2(fs []uint32, fd int, cfRow bool) {
	lr, cf := sc.m.lr, &sc.cf
	idf := lr.Idf[:NumBuckets]
	w := lr.W[fd][NumBuckets : 2*NumBuckets]
	x := sc.x[:0]
	var ss, u float64
	for _, f := range fs {
		f &= NumBuckets - 1
		v, wf := idf[f], w[f]
		x = append(x, v)
		ss += float64(v) * float64(v)
		u += float64(wf) * float64(v)
	}
	// As logreg.Model.RowVectorSS normalises.
	if ss > 0 {
		inv := float32(1 / math.Sqrt(ss))
		for i := range x {
			x[i] *= inv
		}
	}
	s := lr.B[fd][1]
	for j, f := range fs {
		s += float64(w[f&(NumBuckets-1)] * x[j])
	}
	sc.x, cf.ss = x, ss
	sc.s[0], sc.s[1] = 0, s
	if cfRow {
		cf.u[0], cf.u[1] = 0, u
	}
}

// scoreMany scores the row whose features are fs with the model of fold
// fd: sc.s, and for a row carrying a candidate gram (cfRow) cf.u, its
// scores before normalisation and the bias, and cf.ss, its Σ idf².
func (sc *Scorer) scoreMany(fs []uint32, fd int, cfRow bool) {
	lr, cf := sc.m.lr, &sc.cf
	C := len(sc.m.Names)
	sc.x, cf.ss = lr.RowVectorSS(fs, sc.x)
	for k := range C {
		if C == 2 && k == 0 {
			sc.s[0] = 0 // one logistic model: class 0 scores 0
			if cfRow {
				cf.u[0] = 0
			}
			continue
		}
		w := lr.W[fd][k*NumBuckets : (k+1)*NumBuckets]
		s := lr.B[fd][k]
		if cfRow {
			idf := lr.Idf
			var u float64
			for j, f := range fs {
				wf := w[f]
				s += float64(wf * sc.x[j])
				u += float64(wf) * float64(idf[f])
			}
			cf.u[k] = u
		} else {
			for j, f := range fs {
				s += float64(w[f] * sc.x[j])
			}
		}
		sc.s[k] = s
	}
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

// Merge adds the rows and grams of other, a *Scorer of the same Model, to
// sc; other must not be used afterwards (the law of analysis.Analyser).
func (sc *Scorer) Merge(other analysis.Analyser) error {
	o, ok := other.(*Scorer)
	if !ok || o.m != sc.m {
		return analysis.Mismatch(sc, other)
	}
	base := uint32(sc.n)
	sc.n += o.n
	idBase := sc.ids.Merge(&o.ids)
	for _, c := range o.rows.Chunks() {
		for i := range c {
			c[i].id.Rebase(idBase)
		}
	}
	sc.rows.Merge(&o.rows)
	sc.scores.Merge(&o.scores)
	remap := make([]uint32, len(o.grams))
	for i, g := range o.grams {
		k, ok := sc.gidx[g.text]
		if !ok {
			k = uint32(len(sc.grams))
			sc.grams = append(sc.grams, gramStat{text: g.text, rows: g.rows, other: g.other})
			sc.gidx[g.text] = k
		} else {
			for c := range g.rows {
				sc.grams[k].rows[c] += g.rows[c]
				sc.grams[k].other[c] += g.other[c]
			}
		}
		remap[i] = k
	}
	for _, c := range o.carry.Chunks() {
		for i := range c {
			c[i].row += base
			c[i].gram = remap[c[i].gram]
		}
	}
	sc.carry.Merge(&o.carry)
	o.grams, o.gidx = nil, nil
	return nil
}
