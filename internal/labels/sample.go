package labels

import (
	"math"
	"slices"
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
	// C is scikit-learn's inverse regularisation strength the inner
	// validation chose (fitCs).
	C float64
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
