package stats

import (
	"math"
	"math/bits"
	"sort"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// denseLengths is how many small lengths are counted in an array rather
// than a map: most rows of most corpora fall below it.
const denseLengths = 4096

// lengthDist is an exact distribution of non-negative lengths: a count per
// distinct value. Exact quantiles and histograms follow from it, it merges
// exactly, and its size is the number of distinct lengths, not rows.
type lengthDist struct {
	small [denseLengths]uint64
	big   map[uint64]uint64
	n     uint64
	sum   uint64
}

func (d *lengthDist) add(v uint64) {
	d.n++
	d.sum += v
	if v < denseLengths {
		d.small[v]++
		return
	}
	if d.big == nil {
		d.big = map[uint64]uint64{}
	}
	d.big[v]++
}

func (d *lengthDist) merge(o *lengthDist) {
	for i, c := range o.small {
		d.small[i] += c
	}
	for v, c := range o.big {
		if d.big == nil {
			d.big = map[uint64]uint64{}
		}
		d.big[v] += c
	}
	d.n += o.n
	d.sum += o.sum
}

// valueCount is one distinct length and how many rows have it.
type valueCount struct{ v, c uint64 }

func (d *lengthDist) sorted() []valueCount {
	var out []valueCount
	for v, c := range d.small {
		if c > 0 {
			out = append(out, valueCount{uint64(v), c})
		}
	}
	big := make([]valueCount, 0, len(d.big))
	for v, c := range d.big {
		big = append(big, valueCount{v, c})
	}
	sort.Slice(big, func(i, j int) bool { return big[i].v < big[j].v })
	return append(out, big...)
}

// Quantiles reported for every length distribution.
var quantileLevels = []struct {
	name string
	q    float64
}{{"p1", 0.01}, {"p5", 0.05}, {"p25", 0.25}, {"p50", 0.50}, {"p75", 0.75}, {"p95", 0.95}, {"p99", 0.99}}

// LengthStats describes a distribution of lengths exactly.
type LengthStats struct {
	Count uint64  `json:"count"`
	Min   uint64  `json:"min"`
	Max   uint64  `json:"max"`
	Mean  float64 `json:"mean"`
	// Quantiles are exact, by the nearest-rank rule: the smallest length
	// with at least q of the rows at or below it.
	Quantiles map[string]uint64 `json:"quantiles"`
	// Histogram has power-of-two buckets: [0,1), [1,2), [2,4), [4,8), ...
	Histogram []Bucket `json:"histogram"`
}

// Bucket is one histogram bucket: lengths in [Lo, Hi).
type Bucket struct {
	Lo    uint64 `json:"lo"`
	Hi    uint64 `json:"hi"`
	Count uint64 `json:"count"`
}

func (d *lengthDist) result() LengthStats {
	s := LengthStats{Count: d.n, Quantiles: map[string]uint64{}, Histogram: []Bucket{}}
	if d.n == 0 {
		return s
	}
	vals := d.sorted()
	s.Min, s.Max = vals[0].v, vals[len(vals)-1].v
	s.Mean = finding.Round(float64(d.sum)/float64(d.n), 4)
	var cum uint64
	qi := 0
	for _, vc := range vals {
		cum += vc.c
		for qi < len(quantileLevels) && float64(cum) >= math.Ceil(quantileLevels[qi].q*float64(d.n)) {
			s.Quantiles[quantileLevels[qi].name] = vc.v
			qi++
		}
	}
	// Histogram buckets by bit length: 0 -> [0,1), 1 -> [1,2), 2..3 -> [2,4).
	counts := map[int]uint64{}
	maxB := 0
	for _, vc := range vals {
		b := bits.Len64(vc.v)
		counts[b] += vc.c
		maxB = max(maxB, b)
	}
	for b := 0; b <= maxB; b++ {
		lo, hi := uint64(0), uint64(1)
		if b > 0 {
			lo, hi = 1<<(b-1), 1<<b
		}
		s.Histogram = append(s.Histogram, Bucket{Lo: lo, Hi: hi, Count: counts[b]})
	}
	return s
}
