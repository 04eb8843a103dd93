package labels

import (
	"math/bits"

	"github.com/dataaudit/dataaudit/internal/labels/logreg"
)

// SampleRows is how many rows the logistic regression trains on at most:
// the rows whose seeded position hashes are smallest, the same rows for any
// number of workers, and of those only as many as logreg reads
// (logreg.MaxEntries feature entries; see sample.add). A sampled row costs
// 4 bytes per distinct feature (about 2 KB for a 2 KB mail) in each worker
// that holds it, in buffers up to 25% larger: at most 16 MiB of features
// (about 11,700 mail rows), 20 MiB of buffers, and 4 MiB of buffers of
// dropped rows kept for the next ones.
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
//
// A kept row's features are copied into a buffer of the capacity class of
// their count (four classes an octave: at most 25% more than the row
// needs), and a dropped row's buffer waits in spare for the next row of
// its class, so that once the sample is full a row kept costs a copy, not
// an allocation (rows of every length come and go at the same rate).
type sample struct {
	rows    []sampleRow
	entries int // Σ len(rows[i].Feats)
	// spare[c] holds dropped rows' buffers of capacity class c (bufClass),
	// spareCap their total capacity, at most maxSpare.
	spare    [spareClasses][][]uint32
	spareCap int
}

// Capacity classes of the sample's buffers (bufClass).
const (
	spareClasses = 80      // bufClass of 2·NumBuckets features is 76
	maxSpare     = 1 << 20 // entries (4 MiB) of spare buffers at most
)

// bufClass returns the capacity class of a buffer for n features and its
// capacity: 16 for up to 16, then four classes an octave, (q+1)·2^e for
// n-1 = q·2^e + r with q in 4..7.
func bufClass(n int) (class, capacity int) {
	if n <= 16 {
		return 0, 16
	}
	e := bits.Len(uint(n-1)) - 3
	q := (n - 1) >> e
	return 4*e + q - 3, (q + 1) << e
}

// take returns an empty buffer for n features.
func (s *sample) take(n int) []uint32 {
	c, capacity := bufClass(n)
	if k := len(s.spare[c]); k > 0 {
		buf := s.spare[c][k-1]
		s.spare[c][k-1] = nil
		s.spare[c] = s.spare[c][:k-1]
		s.spareCap -= cap(buf)
		return buf[:0]
	}
	return make([]uint32, 0, capacity)
}

// give keeps a dropped row's buffer for a later row of its class: one
// take made (another capacity would not be its class's), while the spare
// buffers hold less than maxSpare entries.
func (s *sample) give(buf []uint32) {
	c, capacity := bufClass(cap(buf))
	if cap(buf) != capacity || s.spareCap+capacity > maxSpare {
		return
	}
	s.spare[c] = append(s.spare[c], buf)
	s.spareCap += capacity
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

// add offers a row; feats is copied only when the row is kept, into a
// dropped row's buffer when one of its class waits.
func (s *sample) add(h uint64, feats []uint32, label, fold int32) {
	bound := logreg.MaxEntries()
	if len(s.rows) > 0 && h >= s.rows[0].H && (len(s.rows) >= SampleRows || s.entries > bound) {
		// It would be the largest-hash row, evicted at once.
		return
	}
	if len(s.rows) < SampleRows {
		s.rows = append(s.rows, sampleRow{H: h, Feats: append(s.take(len(feats)), feats...), Label: label, Fold: fold})
		s.entries += len(feats)
		s.up(len(s.rows) - 1)
	} else {
		top := &s.rows[0]
		s.entries += len(feats) - len(top.Feats)
		top.H, top.Label, top.Fold = h, label, fold
		s.give(top.Feats)
		top.Feats = append(s.take(len(feats)), feats...)
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
	s.give(s.rows[0].Feats)
	s.rows[0] = s.rows[n]
	s.rows[n] = sampleRow{}
	s.rows = s.rows[:n]
	s.down(0)
}
