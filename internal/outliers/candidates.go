package outliers

import (
	"cmp"
	"math"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// candidates are, when the run reads the excerpts of the first few
// findings of each kind alone (a text summary's: ingest.Kept.Few), the
// rows that may be the strongest few outliers, with the start of each
// one's text (the bytes its excerpt is made from), handed to the Kept
// by Finish: the excerpts of the outliers shown then need no second
// read of their rows, which lie anywhere in the input (the benchmark
// Parquet's lie in three of its nine row groups, up to 76% into their
// 21.8 MB zstd pages).
//
// The findings are ordered by robust z, |x - median| / spread of the
// feature that deviates most, and then by position, and the median is
// known only once every row is: but a row whose best feature is k, above
// the median, comes after every row with a greater value of k (its z
// on k is no smaller), and after every row with the same value before
// it. So a row shown is among the few first by value of its best
// feature in its direction (greatest first, or least first below the
// median), ties by position, of those its worker read: those are the
// candidates, few for each of the 8 features and 2 directions a worker,
// merged to few of each. One that a rounding of z ties with a row of a
// smaller value, or that was not kept, is read again as before.
//
// With an id column (--id) each candidate keeps its row's id too
// (Kept.PutID), which the findings name it by: only then does the
// excerpts' read skip it (session 25).
//
// Memory: 16*few starts of at most finding.ExcerptChars characters and
// one byte (4 bytes each at most) a worker, reused as rows are pushed
// out: 10 of each (the default) of ASCII text is 16*10*161, 26 KB; the
// Kept then holds at most 160 of them.
type candidates struct {
	kept  *ingest.Kept
	few   int
	named bool // the rows have an id column: give hands their ids over too
	// by[k][0] are the rows with the greatest values of feature k,
	// by[k][1] those with the least, best first.
	by [numFeatures][2][]candidate
	// edge[k][d] is the value a row needs to be offered to by[k][d]:
	// at least edge[k][0] (the least of a full by[k][0], -Inf before),
	// at most edge[k][1]. A NaN is offered to none.
	edge [numFeatures][2]float32
}

// candidate is a row's value of one feature, its position, the start
// of its text and its id (finding.RowID's, "" without an id column).
type candidate struct {
	v     float32
	pos   ingest.Pos
	start []byte
	id    string
}

// newCandidates returns the candidates of a worker whose batches carry
// kept, or nil when the run reads the excerpts of every listed finding.
func newCandidates(kept *ingest.Kept) *candidates {
	if kept.Few() <= 0 {
		return nil
	}
	c := &candidates{kept: kept, few: kept.Few()}
	for k := range c.edge {
		c.edge[k] = [2]float32{float32(math.Inf(-1)), float32(math.Inf(1))}
	}
	return c
}

// offer takes the row at pos, row i of a batch whose id column is ids
// (nil without one) and whose text t has the features f, where it is
// among the first few of a feature and direction. The id is copied out
// of the batch once, for a row taken.
//
// Most rows are taken nowhere: it first compares the features with the
// edges, sixteen compares of values side by side (session 25: the lists'
// last values, read through their slices, made offer about 5 ms of the
// default audit's CPU).
func (c *candidates) offer(f *[numFeatures]float32, pos ingest.Pos, t []byte, ids *array.String, i int) {
	if !c.wanted(f) {
		return
	}
	id := ""
	if ids != nil {
		id, c.named = finding.RowID(ids, i), true
	}
	for k, v := range f {
		if v >= c.edge[k][0] {
			c.add(k, 0, v, pos, t, nil, id)
		}
		if v <= c.edge[k][1] {
			c.add(k, 1, v, pos, t, nil, id)
		}
	}
}

// wanted says whether a row with the features f is offered to any list.
func (c *candidates) wanted(f *[numFeatures]float32) bool {
	for k, v := range f {
		if v >= c.edge[k][0] || v <= c.edge[k][1] {
			return true
		}
	}
	return false
}

// before says whether a row of value v at pos comes before x in
// direction d.
func before(d int, v float32, pos ingest.Pos, x *candidate) bool {
	if v != x.v {
		return (d == 0) == (v > x.v)
	}
	if c := cmp.Compare(pos.File, x.pos.File); c != 0 {
		return c < 0
	}
	return pos.N < x.pos.N
}

// add puts the row of value v at pos into the list of feature k and
// direction d if it is among the first few there: its start is cut from
// the text t, or is start when t is nil (a merge's, taken as is); id is
// the row's id.
func (c *candidates) add(k, d int, v float32, pos ingest.Pos, t, start []byte, id string) {
	l := c.by[k][d]
	i := len(l)
	for i > 0 && before(d, v, pos, &l[i-1]) {
		i--
	}
	if i >= c.few {
		return
	}
	var buf []byte
	if len(l) < c.few {
		l = append(l, candidate{})
	} else {
		buf = l[len(l)-1].start[:0] // pushed out: its buffer is reused
	}
	copy(l[i+1:], l[i:len(l)-1])
	if t != nil {
		_, hi := termsafe.WindowBytes(unsafe.String(unsafe.SliceData(t), len(t)), 0, c.kept.Chars())
		start = append(buf, t[:hi]...)
	}
	l[i] = candidate{v: v, pos: pos, start: start, id: id}
	c.by[k][d] = l
	if len(l) == c.few {
		c.edge[k][d] = l[len(l)-1].v
	}
}

// merge adds the candidates of o, another worker's, to c.
func (c *candidates) merge(o *candidates) {
	c.named = c.named || o.named
	for k := range o.by {
		for d := range o.by[k] {
			for _, x := range o.by[k][d] {
				c.add(k, d, x.v, x.pos, nil, x.start, x.id)
			}
		}
	}
}

// give hands the starts of the candidates to the Kept, whose excerpts
// of those rows (at byte 0) they are, and their ids with an id column.
func (c *candidates) give() {
	for k := range c.by {
		for _, l := range c.by[k] {
			for _, x := range l {
				c.kept.Put(x.pos, 0, 0, x.start)
				if c.named {
					c.kept.PutID(x.pos, x.id)
				}
			}
		}
	}
}
