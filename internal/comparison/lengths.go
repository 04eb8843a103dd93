package comparison

import (
	"math"
	"slices"

	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// LengthShift is how a length distribution moved from A to B. The
// histograms are exact for lengths under 1024 and in buckets 0.2% wide
// above (stats.HistBucket); each bucket is taken at its lower bound.
type LengthShift struct {
	MeanA float64 `json:"mean_a"`
	MeanB float64 `json:"mean_b"`
	// KS is the Kolmogorov-Smirnov statistic: the largest gap between the
	// two cumulative distributions (0 to 1).
	KS float64 `json:"ks"`
	// Wasserstein is the earth mover's distance in length units, and
	// WassersteinNorm is it divided by A's standard deviation.
	Wasserstein     float64 `json:"wasserstein"`
	WassersteinNorm float64 `json:"wasserstein_norm"`
	// PSI is over ten bins cut at A's deciles.
	PSI float64 `json:"psi"`
	// QuantilesA and QuantilesB are each side's lengths at 0%, 5%, …,
	// 100% of its rows (LengthQuantileSteps steps; the lower bound of the
	// bucket holding that rank, so within 0.2% above 1024), for plotting
	// the two cumulative distributions and reading medians.
	QuantilesA []uint64 `json:"quantiles_a,omitempty"`
	QuantilesB []uint64 `json:"quantiles_b,omitempty"`
}

// LengthQuantileSteps is the number of steps of LengthShift's quantiles:
// every 5% of the rows.
const LengthQuantileSteps = 20

// quantiles returns, for k = 0 … LengthQuantileSteps, the smallest length
// x with at least k/LengthQuantileSteps of the rows at or under x (k = 0
// gives the minimum).
func quantiles(h stats.LengthHist) []uint64 {
	out := make([]uint64, 0, LengthQuantileSteps+1)
	var cum uint64
	for _, bk := range h.Buckets {
		cum += bk[1]
		for len(out) <= LengthQuantileSteps && cum*LengthQuantileSteps >= uint64(len(out))*h.Count {
			out = append(out, bk[0])
		}
	}
	return out
}

// LengthDrift compares two length histograms.
func LengthDrift(a, b stats.LengthHist) LengthShift {
	var s LengthShift
	if a.Count == 0 || b.Count == 0 {
		return s
	}
	s.MeanA = round(float64(a.Sum)/float64(a.Count), 4)
	s.MeanB = round(float64(b.Sum)/float64(b.Count), 4)
	// Walk the union of bucket bounds.
	var xs []uint64
	for _, bk := range a.Buckets {
		xs = append(xs, bk[0])
	}
	for _, bk := range b.Buckets {
		xs = append(xs, bk[0])
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
	na, nb := float64(a.Count), float64(b.Count)
	var i, j int
	var ca, cb float64
	var ks, w float64
	for k, x := range xs {
		for i < len(a.Buckets) && a.Buckets[i][0] <= x {
			ca += float64(a.Buckets[i][1])
			i++
		}
		for j < len(b.Buckets) && b.Buckets[j][0] <= x {
			cb += float64(b.Buckets[j][1])
			j++
		}
		gap := math.Abs(ca/na - cb/nb)
		ks = max(ks, gap)
		if k+1 < len(xs) {
			w += gap * float64(xs[k+1]-x)
		}
	}
	s.KS = round(ks, 6)
	s.Wasserstein = round(w, 4)
	if sd := histSD(a); sd > 0 {
		s.WassersteinNorm = round(w/sd, 6)
	}
	s.PSI = round(decilePSI(a, b), 6)
	s.QuantilesA, s.QuantilesB = quantiles(a), quantiles(b)
	return s
}

// histSD is the standard deviation of a histogram, buckets at their lower
// bounds.
func histSD(h stats.LengthHist) float64 {
	mean := float64(h.Sum) / float64(h.Count)
	var ss float64
	for _, bk := range h.Buckets {
		d := float64(bk[0]) - mean
		ss += d * d * float64(bk[1])
	}
	return math.Sqrt(ss / float64(h.Count))
}

// decilePSI is the PSI of b against a over bins cut at a's deciles (ties
// merge bins, so there may be fewer than ten).
func decilePSI(a, b stats.LengthHist) float64 {
	var cuts []uint64 // upper bounds (inclusive) of the bins
	var cum float64
	next := 1
	for _, bk := range a.Buckets {
		cum += float64(bk[1])
		for next < 10 && cum >= float64(next)/10*float64(a.Count) {
			if len(cuts) == 0 || cuts[len(cuts)-1] != bk[0] {
				cuts = append(cuts, bk[0])
			}
			next++
		}
	}
	bin := func(h stats.LengthHist) []float64 {
		out := make([]float64, len(cuts)+1)
		for _, bk := range h.Buckets {
			k, _ := slices.BinarySearch(cuts, bk[0])
			out[k] += float64(bk[1]) / float64(h.Count)
		}
		return out
	}
	return psiFloor(bin(a), bin(b), 1e-4)
}

func psiFloor(p, q []float64, floor float64) float64 {
	var s float64
	for i := range p {
		x, y := max(p[i], floor), max(q[i], floor)
		s += (y - x) * math.Log(y/x)
	}
	return s
}

// Lengths compares the three length distributions.
type Lengths struct {
	Bytes  LengthShift `json:"bytes"`
	Chars  LengthShift `json:"chars"`
	Tokens LengthShift `json:"tokens"`
}

// LengthsDrift compares the length distributions of two profiles.
func LengthsDrift(a, b *profile.Profile) Lengths {
	return Lengths{
		Bytes:  LengthDrift(a.Lengths.Bytes, b.Lengths.Bytes),
		Chars:  LengthDrift(a.Lengths.Chars, b.Lengths.Chars),
		Tokens: LengthDrift(a.Lengths.Tokens, b.Lengths.Tokens),
	}
}

// LabelShift is how the label distribution moved.
type LabelShift struct {
	Classes []LabelShare `json:"classes"`
	// JSDistance, PSI and TotalVariation compare the label shares.
	JSDistance     float64 `json:"js_distance"`
	PSI            float64 `json:"psi"`
	TotalVariation float64 `json:"total_variation"`
}

// LabelShare is one label's share of the labelled rows on each side.
type LabelShare struct {
	Label  string  `json:"label"`
	RowsA  int64   `json:"rows_a"`
	RowsB  int64   `json:"rows_b"`
	ShareA float64 `json:"share_a"`
	ShareB float64 `json:"share_b"`
}

// Labels compares the label distributions; nil unless both profiles have
// per-label counts.
func Labels(a, b *profile.Profile) *LabelShift {
	if a.Labels == nil || b.Labels == nil || a.Labels.TooMany || b.Labels.TooMany {
		return nil
	}
	rows := map[string][2]int64{}
	var ta, tb int64
	for _, c := range a.Labels.Classes {
		r := rows[c.Label]
		r[0] = c.Rows
		rows[c.Label] = r
		ta += c.Rows
	}
	for _, c := range b.Labels.Classes {
		r := rows[c.Label]
		r[1] = c.Rows
		rows[c.Label] = r
		tb += c.Rows
	}
	if ta == 0 || tb == 0 {
		return nil
	}
	var names []string
	for k := range rows {
		names = append(names, k)
	}
	slices.Sort(names)
	s := &LabelShift{Classes: []LabelShare{}}
	var p, q []float64
	var tv float64
	for _, k := range names {
		r := rows[k]
		x, y := float64(r[0])/float64(ta), float64(r[1])/float64(tb)
		s.Classes = append(s.Classes, LabelShare{Label: k, RowsA: r[0], RowsB: r[1], ShareA: round(x, 6), ShareB: round(y, 6)})
		p, q = append(p, x), append(q, y)
		tv += math.Abs(x-y) / 2
	}
	s.JSDistance = round(math.Sqrt(JSDivergence(p, q)), 6)
	s.PSI = round(psiFloor(p, q, 1e-4), 6)
	s.TotalVariation = round(tv, 6)
	return s
}
