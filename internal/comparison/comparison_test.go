package comparison

import (
	"math"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// prof makes a complete profile from token counts.
func prof(counts map[string]uint64) *profile.Profile {
	p := &profile.Profile{}
	for t, c := range counts {
		p.Tokens.Top = append(p.Tokens.Top, profile.Token{Token: t, Count: c})
		p.Tokens.Total += c
	}
	// Highest count first, ties by token, as profiles are.
	ts := p.Tokens.Top
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && (ts[j].Count > ts[j-1].Count || ts[j].Count == ts[j-1].Count && ts[j].Token < ts[j-1].Token); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	p.Tokens.Complete = true
	return p
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestJSDivergence(t *testing.T) {
	tests := []struct {
		p, q []float64
		want float64
	}{
		{[]float64{0.5, 0.5}, []float64{0.5, 0.5}, 0},
		{[]float64{1, 0}, []float64{0, 1}, 1},
		// m = (0.75, 0.25): 0.5·log2(1/0.75) + 0.5·(0.5·log2(0.5/0.75) + 0.5·log2(0.5/0.25))
		{[]float64{1, 0}, []float64{0.5, 0.5}, 0.5*math.Log2(1/0.75) + 0.25*math.Log2(0.5/0.75) + 0.25*math.Log2(2)},
	}
	for _, tt := range tests {
		if got := JSDivergence(tt.p, tt.q); !near(got, tt.want) {
			t.Errorf("JSDivergence(%v, %v) = %v, want %v", tt.p, tt.q, got, tt.want)
		}
	}
}

func TestDivergenceCut(t *testing.T) {
	a := prof(map[string]uint64{"the": 50, "of": 30, "god": 15, "lord": 5})
	b := prof(map[string]uint64{"the": 40, "free": 30, "of": 20, "click": 10})
	// All tokens: bins the, of, god, lord, free, click (+ an empty rest).
	full := Divergence(a, b, 100)
	want := JSDivergence([]float64{.5, .3, .15, .05, 0, 0, 0}, []float64{.4, .2, 0, 0, .3, .1, 0})
	if !near(full.JSDivergence, round(want, 6)) || full.Bins != 6 {
		t.Errorf("Divergence(all) = %+v, want divergence %v over 6 bins", full, want)
	}
	// Cut to 2: A lists the, of; B lists the, free. Known on both: the
	// only ("of" is unknown in B, "free" in A): bins the + rest.
	cut := Divergence(a, b, 2)
	want = JSDivergence([]float64{.5, .5}, []float64{.4, .6})
	if !near(cut.JSDivergence, round(want, 6)) || cut.Bins != 1 {
		t.Errorf("Divergence(2) = %+v, want divergence %v over 1 bin", cut, want)
	}
	// Cutting a side first changes nothing: that is what makes a profile
	// compare like its data.
	if got := Divergence(profile.Truncate(a, 2), b, 2); got != cut {
		t.Errorf("Divergence(Truncate(a, 2), b, 2) = %+v, want %+v", got, cut)
	}
}

func TestDrivers(t *testing.T) {
	a := prof(map[string]uint64{"the": 1000, "god": 300, "free": 2, "and": 700})
	b := prof(map[string]uint64{"the": 500, "free": 200, "click": 100, "and": 350})
	overB, overA := Drivers(a, b, 100, 10)
	if len(overB) < 2 || overB[0].Token != "free" || overB[1].Token != "click" {
		t.Fatalf("over-represented in B = %+v, want free then click", overB)
	}
	if len(overA) < 1 || overA[0].Token != "god" {
		t.Fatalf("over-represented in A = %+v, want god first", overA)
	}
	// The formula by hand for "free".
	na, nb, a0 := 2002.0, 1150.0, 100.0
	ya, yb := 2.0, 200.0
	al := a0 * (ya + yb) / (na + nb)
	d := math.Log((yb+al)/(nb+a0-yb-al)) - math.Log((ya+al)/(na+a0-ya-al))
	z := d / math.Sqrt(1/(yb+al)+1/(ya+al))
	if !near(overB[0].Z, round(z, 4)) || !near(overB[0].LogOdds, round(d, 4)) {
		t.Errorf("free: z %v log-odds %v, want %v %v", overB[0].Z, overB[0].LogOdds, z, d)
	}
	// A token B does not list lies between 0 and B's bound: each list
	// takes the end against it.
	b = prof(map[string]uint64{"the": 500, "free": 200, "click": 100, "and": 350, "x": 5, "y": 1})
	bt := profile.Truncate(b, 4) // the, and, free, click listed; bound 5 (x)
	_, overA = Drivers(a, bt, 100, 10)
	found := false
	for _, d := range overA {
		if d.Token == "god" {
			found = true
			if !d.AtMostB || d.CountB != 5 {
				t.Errorf("god against a cut B: %+v, want count_b 5 as a bound", d)
			}
		}
	}
	if !found {
		t.Errorf("god is not over-represented in A against a cut B: %+v", overA)
	}
}

func TestLengthDrift(t *testing.T) {
	h := func(vals ...uint64) stats.LengthHist {
		var out stats.LengthHist
		for _, v := range vals {
			out.Count++
			out.Sum += v
			if n := len(out.Buckets); n > 0 && out.Buckets[n-1][0] == v {
				out.Buckets[n-1][1]++
			} else {
				out.Buckets = append(out.Buckets, [2]uint64{v, 1})
			}
		}
		return out
	}
	same := LengthDrift(h(1, 2, 3, 4), h(1, 2, 3, 4))
	if same.KS != 0 || same.Wasserstein != 0 || same.PSI != 0 {
		t.Errorf("LengthDrift of equal histograms = %+v, want zeros", same)
	}
	// Shifted by 10: KS 1, Wasserstein 10.
	shifted := LengthDrift(h(1, 2, 3, 4), h(11, 12, 13, 14))
	if shifted.KS != 1 || shifted.Wasserstein != 10 {
		t.Errorf("LengthDrift shifted by 10 = %+v, want KS 1 and Wasserstein 10", shifted)
	}
	var hundred []uint64
	for v := uint64(1); v <= 100; v++ {
		hundred = append(hundred, v)
	}
	q := LengthDrift(h(hundred...), h(7)).QuantilesA
	want := []uint64{1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100}
	if !slices.Equal(q, want) {
		t.Errorf("quantiles of 1..100 = %v, want %v", q, want)
	}
	if q := LengthDrift(h(1), h(7, 7, 9)).QuantilesB; len(q) != LengthQuantileSteps+1 || q[0] != 7 || q[13] != 7 || q[14] != 9 || q[20] != 9 {
		t.Errorf("quantiles of 7, 7, 9 = %v, want 7 up to 2/3 of the rows (step 13), then 9", q)
	}
	// Half the mass moved: KS 0.5.
	half := LengthDrift(h(1, 1, 5, 5), h(1, 1, 9, 9))
	if half.KS != 0.5 || half.Wasserstein != 2 {
		t.Errorf("LengthDrift = %+v, want KS 0.5, Wasserstein 2", half)
	}
}

func TestDomainAUC(t *testing.T) {
	var a, b, c [][]uint32
	for i := range 200 {
		a = append(a, []uint32{1, 2, uint32(3 + i%5)})
		b = append(b, []uint32{10, 11, uint32(3 + i%5)})
		c = append(c, a[i])
	}
	if d := DomainAUC(a, b, 64, 5); d.AUC != 1 {
		t.Errorf("AUC of disjoint vocabularies = %v, want 1", d.AUC)
	}
	if d := DomainAUC(a, c, 64, 5); d.AUC < 0.4 || d.AUC > 0.6 {
		t.Errorf("AUC of the same rows = %v, want about 0.5", d.AUC)
	}
}
