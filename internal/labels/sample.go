package labels

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// SampleRows is how many rows the logistic regression trains on: the rows
// whose seeded position hashes are smallest, the same rows for any number
// of workers. A sampled row costs 4 bytes per distinct feature (about
// 2 KB for a 2 KB mail) in each worker that holds it.
const SampleRows = 20000

// sampleRow is a row kept for training: its features, class and fold.
type sampleRow struct {
	h     uint64
	feats []uint32
	label int32
	fold  int32
}

// sample keeps the SampleRows rows with the smallest hashes (a max-heap on
// h), so that the union of the workers' samples holds the global one.
type sample struct {
	rows []sampleRow
}

func (s *sample) less(i, j int) bool { return s.rows[i].h > s.rows[j].h }

func (s *sample) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s.rows[i], s.rows[p] = s.rows[p], s.rows[i]
		i = p
	}
}

func (s *sample) down(i int) {
	n := len(s.rows)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.rows[i], s.rows[m] = s.rows[m], s.rows[i]
		i = m
	}
}

// add offers a row; feats is copied only when the row is kept, into the
// evicted row's buffer when there is one.
func (s *sample) add(h uint64, feats []uint32, label, fold int32) {
	if len(s.rows) < SampleRows {
		s.rows = append(s.rows, sampleRow{h: h, feats: slices.Clone(feats), label: label, fold: fold})
		s.up(len(s.rows) - 1)
		return
	}
	top := &s.rows[0]
	if h >= top.h {
		return
	}
	top.h, top.label, top.fold = h, label, fold
	top.feats = append(top.feats[:0], feats...)
	s.down(0)
}

// lrModel is a softmax regression per fold over TF-IDF weighted, L2
// normalised hashed features.
type lrModel struct {
	idf []float32   // per bucket
	w   [][]float32 // per fold: C × NumBuckets
	b   [][]float64 // per fold: C
}

// LR training settings, chosen by measurement on SpamAssassin mail with
// injected label noise (benchmarks/README.md): a larger rate or more epochs
// fit the noisy labels and lose precision. Small samples get more epochs
// (about lrUpdates updates in all, at most 30 epochs), or they underfit.
const (
	lrMinEpochs = 3
	lrMaxEpochs = 30
	lrUpdates   = 15000
	lrRate      = 0.02
)

// rate is the Adagrad rate: two classes train one logistic model instead
// of two softmax rows, whose score difference moved twice as fast.
func rate(C int) float64 {
	if C == 2 {
		return 2 * lrRate
	}
	return lrRate
}

// rowVector fills x with the row's feature weights: idf, L2-normalised.
func (lr *lrModel) rowVector(fs []uint32, x []float32) []float32 {
	x = x[:0]
	var ss float64
	for _, f := range fs {
		v := lr.idf[f]
		x = append(x, v)
		ss += float64(v) * float64(v)
	}
	if ss > 0 {
		inv := float32(1 / math.Sqrt(ss))
		for i := range x {
			x[i] *= inv
		}
	}
	return x
}

// trainLR fits one model per fold on the sample rows outside that fold,
// with Adagrad over the rows in hash order; folds train in parallel, each
// deterministically.
func trainLR(rows []sampleRow, idf []float32, C, folds int) *lrModel {
	slices.SortFunc(rows, func(a, b sampleRow) int { return cmp.Compare(a.h, b.h) })
	lr := &lrModel{idf: idf, w: make([][]float32, folds), b: make([][]float64, folds)}
	epochs := min(lrMaxEpochs, max(lrMinEpochs, lrUpdates/max(len(rows), 1)))
	lrRate := rate(C)
	var wg sync.WaitGroup
	for f := range folds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := make([]float32, C*NumBuckets)
			g := make([]float32, C*NumBuckets)
			b := make([]float64, C)
			gb := make([]float64, C)
			var x []float32
			p := make([]float64, C)
			for range epochs {
				for i := range rows {
					r := &rows[i]
					if int(r.fold) == f {
						continue
					}
					x = lr.rowVector(r.feats, x)
					for c := range C {
						if C == 2 && c == 0 {
							p[c] = 0 // two classes: one logistic model, class 0's scores stay 0
							continue
						}
						s := b[c]
						wc := w[c*NumBuckets : (c+1)*NumBuckets]
						for j, ft := range r.feats {
							s += float64(wc[ft] * x[j])
						}
						p[c] = s
					}
					softmax64(p)
					for c := range C {
						if C == 2 && c == 0 {
							continue
						}
						gr := p[c]
						if int32(c) == r.label {
							gr--
						}
						gb[c] += gr * gr
						b[c] -= lrRate * gr / math.Sqrt(gb[c]+1e-8)
						wc := w[c*NumBuckets : (c+1)*NumBuckets]
						gc := g[c*NumBuckets : (c+1)*NumBuckets]
						for j, ft := range r.feats {
							d := float32(gr) * x[j]
							gc[ft] += d * d
							wc[ft] -= float32(lrRate) * d / float32(math.Sqrt(float64(gc[ft])+1e-8))
						}
					}
				}
			}
			lr.w[f], lr.b[f] = w, b
		}()
	}
	wg.Wait()
	return lr
}

// softmax64 turns scores into probabilities in place.
func softmax64(p []float64) {
	mx := math.Inf(-1)
	for _, v := range p {
		mx = max(mx, v)
	}
	var sum float64
	for i, v := range p {
		p[i] = math.Exp(v - mx)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
}
