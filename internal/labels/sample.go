package labels

import (
	"slices"

	"github.com/dataaudit/dataaudit/internal/labels/logreg"
)

// SampleRows is how many rows the logistic regression trains on: the rows
// whose seeded position hashes are smallest, the same rows for any number
// of workers. A sampled row costs 4 bytes per distinct feature (about
// 2 KB for a 2 KB mail) in each worker that holds it.
const SampleRows = 20000

// sampleRow is a row kept for training: its hash, features, class and fold.
type sampleRow = logreg.Row

// sample keeps the SampleRows rows with the smallest hashes (a max-heap on
// h), so that the union of the workers' samples holds the global one.
type sample struct {
	rows []sampleRow
}

func (s *sample) less(i, j int) bool { return s.rows[i].H > s.rows[j].H }

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
		s.rows = append(s.rows, sampleRow{H: h, Feats: slices.Clone(feats), Label: label, Fold: fold})
		s.up(len(s.rows) - 1)
		return
	}
	top := &s.rows[0]
	if h >= top.H {
		return
	}
	top.H, top.Label, top.Fold = h, label, fold
	top.Feats = append(top.Feats[:0], feats...)
	s.down(0)
}
