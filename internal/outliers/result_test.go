package outliers

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// refMedian is the median by a sort: the middle value, or the mean of the
// two middle ones.
func refMedian(vals []float32) float64 {
	s := slices.Clone(vals)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return (float64(s[n/2-1]) + float64(s[n/2])) / 2
}

// TestResultStats holds Result's medians, MADs and outliers to a sort
// per feature over rows whose features differ in scale (so a value of
// one feature taken for another's shows), spread over the blocks of
// three merged scorers (blocks not full), for odd and even row counts.
func TestResultStats(t *testing.T) {
	for _, n := range []int{1, 2, 7, 1000, 40001, 40002} {
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		var all []outlierRow
		parts := [3]*Scorer{NewScorer(), NewScorer(), NewScorer()}
		for i := range n {
			var r outlierRow
			for k := range r.f {
				r.f[k] = float32(k+1)*10 + float32(rng.NormFloat64())*float32(k+1)
			}
			if i%997 == 5 {
				r.f[i%numFeatures] += 1e4 // an outlier on one feature
			}
			p := parts[i*3/n]
			r.at = p.place(ingest.Pos{N: int64(i)})
			all = append(all, r)
			p.rows.Add(r)
		}
		o := parts[0]
		for _, p := range parts[1:] {
			if err := o.Merge(p); err != nil {
				t.Fatal(err)
			}
		}
		res, fs, unlisted := o.Result([]string{"f"}, n)
		if res.Rows != int64(n) {
			t.Fatalf("n=%d: rows %d", n, res.Rows)
		}
		var med, spread [numFeatures]float64
		for k, feat := range outlierFeatures {
			vals := make([]float32, n)
			for i, r := range all {
				vals[i] = r.f[k]
			}
			m := refMedian(vals)
			for i, v := range vals {
				vals[i] = float32(math.Abs(float64(v) - m))
			}
			mad := refMedian(vals)
			med[k], spread[k] = m, max(1.4826*mad, feat.floor)
			want := FeatureStats{Median: finding.Round(m, 4), MAD: finding.Round(mad, 4)}
			if got := res.Features[feat.name]; got != want {
				t.Errorf("n=%d: %s = %+v, want %+v", n, feat.name, got, want)
			}
		}
		var hits int64
		for _, r := range all {
			for k := range outlierFeatures {
				if math.Abs(float64(r.f[k])-med[k])/spread[k] >= ThresholdZ {
					hits++
					break
				}
			}
		}
		if res.Outliers != hits || int64(len(fs))+unlisted != hits {
			t.Errorf("n=%d: outliers %d, findings %d + %d unlisted, want %d", n, res.Outliers, len(fs), unlisted, hits)
		}
	}
}

// TestFlagFar: a row that flagFar leaves unflagged (Result's shortcut)
// is under ThresholdZ on every feature, for values at and around
// ThresholdZ and 9.99 spreads from the median, medians small and large
// against their spreads, spreads from tiny to huge, and NaN; and a row
// at ThresholdZ or beyond is flagged.
func TestFlagFar(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for range 2000 {
		spread := math.Exp(rng.NormFloat64() * 3)
		med := rng.NormFloat64() * spread * math.Pow(10, float64(rng.IntN(9)))
		bound := devBound(spread)
		vals := make([]float32, 50)
		devs := make([]uint32, len(vals))
		for i := range vals {
			d := []float64{0, 9.99, 9.995, 10, 10.01, rng.Float64() * 12}[rng.IntN(6)]
			if rng.IntN(2) == 0 {
				d = -d
			}
			v := float32(med + d*spread)
			switch rng.IntN(4) {
			case 0:
				v = math.Nextafter32(v, float32(math.Inf(1)))
			case 1:
				v = math.Nextafter32(v, float32(math.Inf(-1)))
			}
			if rng.IntN(500) == 0 {
				v = float32(math.NaN())
			}
			vals[i] = v
			devs[i] = floatKey(float32(math.Abs(float64(keyFloat(floatKey(v))) - med))) // as medianMAD leaves them
		}
		far := make([]uint8, len(vals))
		flagFar(far, devs, bound)
		for i, v := range vals {
			z := math.Abs(float64(v)-med) / spread
			if far[i] == 0 && !(z < ThresholdZ) {
				t.Fatalf("flagFar left %v unflagged with median %v, spread %v: z %v", v, med, spread, z)
			}
			if far[i] == 1 && z < 9.98 {
				t.Errorf("flagFar flagged %v with median %v, spread %v: z %v", v, med, spread, z)
			}
		}
	}
}
