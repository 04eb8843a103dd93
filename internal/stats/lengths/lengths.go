package lengths

import (
	"fmt"
	"math"
	"math/bits"
	"sort"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// Lengths are the distributions of text length per row.
type Lengths struct {
	Bytes  LengthStats `json:"bytes"`
	Chars  LengthStats `json:"chars"`
	Tokens LengthStats `json:"tokens"`
}

// denseLengths is how many small lengths are counted in an array rather
// than a map: most rows of most corpora fall below it.
const denseLengths = 4096

// Dist is an exact distribution of non-negative lengths: a count per
// distinct value. Exact quantiles and histograms follow from it, it merges
// exactly, and its size is the number of distinct lengths, not rows.
type Dist struct {
	small [denseLengths]uint64
	big   map[uint64]uint64
	n     uint64
	sum   uint64
}

// Add counts one length.
func (d *Dist) Add(v uint64) {
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

// Merge adds o's counts to d's.
func (d *Dist) Merge(o *Dist) {
	for i, c := range &o.small { // &: ranging over the array itself copied its 32 KiB onto the stack
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

// ValueCount is one distinct length and how many rows have it.
type ValueCount struct{ V, C uint64 }

// Sorted returns the distinct lengths and their counts, by length.
func (d *Dist) Sorted() []ValueCount {
	var out []ValueCount
	for v, c := range &d.small {
		if c > 0 {
			out = append(out, ValueCount{uint64(v), c})
		}
	}
	big := make([]ValueCount, 0, len(d.big))
	for v, c := range d.big {
		big = append(big, ValueCount{v, c})
	}
	sort.Slice(big, func(i, j int) bool { return big[i].V < big[j].V })
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
	// Bins are equal-width buckets for a chart: about LinearBins of a
	// round width (1, 2 or 5 times a power of ten) from the minimum to the
	// 99th percentile, then one bucket up to the maximum when it lies
	// beyond them.
	Bins []Bucket `json:"bins,omitempty"`
}

// LinearBins is about how many equal-width bins LengthStats.Bins has.
const LinearBins = 20

// roundWidth returns the smallest width of 1, 2 or 5 times a power of ten
// that is at least w.
func roundWidth(w float64) uint64 {
	p := uint64(1)
	for {
		for _, m := range []uint64{1, 2, 5} {
			if float64(m*p) >= w {
				return m * p
			}
		}
		p *= 10
	}
}

// linearBins counts vals (sorted, non-empty) into Bins: see LengthStats.
func linearBins(vals []ValueCount, p99 uint64) []Bucket {
	lo, hi := vals[0].V, p99
	if hi <= lo {
		hi = vals[len(vals)-1].V
	}
	w := roundWidth(float64(hi-lo+1) / LinearBins)
	start := lo / w * w
	n := (hi-start)/w + 1
	bins := make([]Bucket, n)
	for i := range bins {
		bins[i] = Bucket{Lo: start + uint64(i)*w, Hi: start + uint64(i+1)*w}
	}
	end := bins[n-1].Hi
	for _, vc := range vals {
		if vc.V >= end {
			if bins[len(bins)-1].Hi == end {
				bins = append(bins, Bucket{Lo: end, Hi: vals[len(vals)-1].V + 1})
			}
			bins[len(bins)-1].Count += vc.C
			continue
		}
		bins[(vc.V-start)/w].Count += vc.C
	}
	return bins
}

// Bucket is one histogram bucket: lengths in [Lo, Hi).
type Bucket struct {
	Lo    uint64 `json:"lo"`
	Hi    uint64 `json:"hi"`
	Count uint64 `json:"count"`
}

// Stats returns the exact quantiles and the power-of-two histogram.
func (d *Dist) Stats() LengthStats {
	s := LengthStats{Count: d.n, Quantiles: map[string]uint64{}, Histogram: []Bucket{}}
	if d.n == 0 {
		return s
	}
	vals := d.Sorted()
	s.Min, s.Max = vals[0].V, vals[len(vals)-1].V
	s.Mean = finding.Round(float64(d.sum)/float64(d.n), 4)
	var cum uint64
	qi := 0
	for _, vc := range vals {
		cum += vc.C
		for qi < len(quantileLevels) && float64(cum) >= math.Ceil(quantileLevels[qi].q*float64(d.n)) {
			s.Quantiles[quantileLevels[qi].name] = vc.V
			qi++
		}
	}
	// Histogram buckets by bit length: 0 -> [0,1), 1 -> [1,2), 2..3 -> [2,4).
	counts := map[int]uint64{}
	maxB := 0
	for _, vc := range vals {
		b := bits.Len64(vc.V)
		counts[b] += vc.C
		maxB = max(maxB, b)
	}
	for b := 0; b <= maxB; b++ {
		lo, hi := uint64(0), uint64(1)
		if b > 0 {
			lo, hi = 1<<(b-1), 1<<b
		}
		s.Histogram = append(s.Histogram, Bucket{Lo: lo, Hi: hi, Count: counts[b]})
	}
	s.Bins = linearBins(vals, s.Quantiles["p99"])
	return s
}

// Set sets the count of length v, for a decoded state: each length once,
// in increasing order.
func (d *Dist) Set(v, cnt uint64) {
	d.n += cnt
	d.sum += v * cnt
	if v < denseLengths {
		d.small[v] = cnt
		return
	}
	if d.big == nil {
		d.big = map[uint64]uint64{}
	}
	d.big[v] = cnt
}

// HistExactBelow and HistSigBits define the length histograms of a
// profile: a length under HistExactBelow is its own bucket; a larger one
// falls in the bucket of its HistSigBits leading bits, [lo, lo+2^k) with
// k = bits.Len64(lo)-HistSigBits. So a bucket is narrower than 1/512 of
// its lower bound (0.2%), buckets are the same in every profile, and two
// histograms merge exactly by adding counts.
const (
	HistExactBelow = 1 << HistSigBits
	HistSigBits    = 10
)

// HistBucket returns the lower bound of the histogram bucket of v.
func HistBucket(v uint64) uint64 {
	if v < HistExactBelow {
		return v
	}
	k := uint(bits.Len64(v) - HistSigBits)
	return v >> k << k
}

// HistWidth returns the width of the bucket whose lower bound is lo.
func HistWidth(lo uint64) uint64 {
	if lo < HistExactBelow {
		return 1
	}
	return 1 << uint(bits.Len64(lo)-HistSigBits)
}

// LengthHist is a length distribution as a histogram of HistBucket
// buckets, with the exact count, sum, minimum and maximum.
type LengthHist struct {
	Count uint64 `json:"count"`
	Sum   uint64 `json:"sum"`
	Min   uint64 `json:"min"`
	Max   uint64 `json:"max"`
	// Buckets are [lower bound, rows] pairs, by lower bound.
	Buckets [][2]uint64 `json:"buckets"`
}

// Hist returns the distribution as a histogram of HistBucket buckets.
func (d *Dist) Hist() LengthHist {
	h := LengthHist{Count: d.n, Sum: d.sum, Buckets: [][2]uint64{}}
	for _, vc := range d.Sorted() {
		if len(h.Buckets) == 0 {
			h.Min = vc.V
		}
		h.Max = vc.V
		lo := HistBucket(vc.V)
		if n := len(h.Buckets); n > 0 && h.Buckets[n-1][0] == lo {
			h.Buckets[n-1][1] += vc.C
		} else {
			h.Buckets = append(h.Buckets, [2]uint64{lo, vc.C})
		}
	}
	return h
}

// SetHist makes an empty d hold a distribution whose Hist is h: each
// bucket's rows at its lower bound, but the first bucket's at h.Min and
// the last's at h.Max (one at each when both are one bucket), and the sum
// h.Sum. So a profile's histogram (which keeps no exact lengths) decodes
// into a Dist that merges as the histograms would and gives h back. Its
// Stats are not the data's. An empty h (Count 0) leaves d empty.
func (d *Dist) SetHist(h LengthHist) error {
	if h.Count == 0 {
		return nil
	}
	var n uint64
	last := len(h.Buckets) - 1
	for i, b := range h.Buckets {
		lo, c := b[0], b[1]
		switch {
		case c == 0 || HistBucket(lo) != lo || i > 0 && lo <= h.Buckets[i-1][0]:
			return fmt.Errorf("bucket %d (%d, %d rows): empty, out of order or not a bucket's lower bound", i, lo, c)
		case i == 0 && HistBucket(h.Min) != lo, i == last && HistBucket(h.Max) != lo:
			return fmt.Errorf("min %d and max %d do not fit the buckets", h.Min, h.Max)
		case i == 0 && i == last && h.Min != h.Max:
			if c < 2 {
				return fmt.Errorf("min %d and max %d in one row", h.Min, h.Max)
			}
			d.put(h.Min, c-1)
			d.put(h.Max, 1)
		case i == 0:
			d.put(h.Min, c)
		case i == last:
			d.put(h.Max, c)
		default:
			d.put(lo, c)
		}
		n += c
	}
	if n != h.Count {
		return fmt.Errorf("buckets hold %d rows, count is %d", n, h.Count)
	}
	d.sum = h.Sum
	return nil
}

// put counts length v c more times, without its sum.
func (d *Dist) put(v, c uint64) {
	d.n += c
	if v < denseLengths {
		d.small[v] += c
		return
	}
	if d.big == nil {
		d.big = map[uint64]uint64{}
	}
	d.big[v] += c
}
