package labels

import (
	"github.com/dataaudit/dataaudit/internal/labels/logreg"
)

// SampleRows is how many rows the logistic regression trains on at most:
// the rows whose seeded position hashes are smallest, the same rows for any
// number of workers, and of those only as many as logreg reads
// (logreg.MaxEntries feature entries; see sample.add). A sampled row costs
// 4 bytes per distinct feature (about 2 KB for a 2 KB mail) in each worker
// that holds it: at most 16 MiB of features (about 11,700 mail rows).
const SampleRows = 20000

// sampleRow is a row kept for training: its hash, features, class and fold.
type sampleRow = logreg.Row

// sample keeps the SampleRows rows with the smallest hashes (a max-heap on
// h), so that the union of the workers' samples holds the global one, less
// the rows logreg.Train would not read: the largest-hash row goes whenever
// the others already hold more than logreg.MaxEntries feature entries. The
// rows Train reads are a prefix by hash of the global sample within that
// bound, so such a row is not among them (every row of smaller hash is in
// the global sample, the prefix would exceed the bound), in one worker's
// sample or in the merged one.
type sample struct {
	rows    []sampleRow
	entries int      // Σ len(rows[i].Feats)
	spare   []uint32 // the last dropped row's buffer, for the next row kept
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
	bound := logreg.MaxEntries()
	if len(s.rows) > 0 && h >= s.rows[0].H && (len(s.rows) >= SampleRows || s.entries > bound) {
		// It would be the largest-hash row, evicted at once.
		return
	}
	if len(s.rows) < SampleRows {
		var buf []uint32
		if s.spare != nil {
			buf, s.spare = s.spare[:0], nil
		}
		s.rows = append(s.rows, sampleRow{H: h, Feats: append(buf, feats...), Label: label, Fold: fold})
		s.entries += len(feats)
		s.up(len(s.rows) - 1)
	} else {
		top := &s.rows[0]
		s.entries += len(feats) - len(top.Feats)
		top.H, top.Label, top.Fold = h, label, fold
		top.Feats = append(top.Feats[:0], feats...)
		s.down(0)
	}
	for len(s.rows) > 1 && s.entries-len(s.rows[0].Feats) > bound {
		s.pop()
	}
}

// pop removes the largest-hash row.
func (s *sample) pop() {
	n := len(s.rows) - 1
	s.entries -= len(s.rows[0].Feats)
	s.spare = s.rows[0].Feats
	s.rows[0] = s.rows[n]
	s.rows[n] = sampleRow{}
	s.rows = s.rows[:n]
	s.down(0)
}
