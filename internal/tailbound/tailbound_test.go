package tailbound

import (
	"math"
	"testing"
)

// TestTails checks each tail against values worked out by hand.
func TestTails(t *testing.T) {
	log10 := math.Log10
	tests := []struct {
		name      string
		got, want float64
	}{
		// 20 of 20 rows in a class of base rate 0.25: the tail is 0.25^20,
		// and the bound is exact when all rows fall in the class.
		{"chernoff all", Chernoff(20, 20, 0.25), 20 * math.Log(0.25)},
		// 15 of 20 at base rate 0.5: -20·KL(0.75 ‖ 0.5).
		{"chernoff", Chernoff(15, 20, 0.5), -20 * (0.75*math.Log(1.5) + 0.25*math.Log(0.5))},
		{"chernoff at the base rate", Chernoff(5, 20, 0.25), 0},
		// P(X >= 2 | Poisson(1)) = 1 - 2/e.
		{"poisson", Poisson(2, 1), log10(1 - 2/math.E)},
		// P(X >= 3 | Poisson(1)) = 1 - 2.5/e.
		{"poisson 3", Poisson(3, 1), log10(1 - 2.5/math.E)},
		// P(X >= 10 | Poisson(0.1)): the first term, 0.1^10 e^-0.1 / 10!,
		// is all but 1% of it.
		{"poisson far", Poisson(10, 0.1), log10(math.Pow(0.1, 10) * math.Exp(-0.1) / 3628800 * (1 + 0.1/11 + 0.01/132 + 0.001/1716))},
		{"poisson at the mean", Poisson(1, 1), 0},
		// P(X >= 2) for 3 drawn of 5 with 2 marked: C(2,2)C(3,1)/C(5,3) = 3/10.
		{"hyper", Hypergeometric(5, 2, 3, 2), log10(0.3)},
		// all of 4 drawn among the 4 marked of 10: 1/C(10,4) = 1/210.
		{"hyper all", Hypergeometric(10, 4, 4, 4), log10(1.0 / 210)},
		{"hyper at expectation", Hypergeometric(100, 10, 10, 1), 0},
		{"hyper impossible", Hypergeometric(10, 2, 3, 3), math.Inf(-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want && math.Abs(tt.got-tt.want) > 1e-6*math.Max(1, math.Abs(tt.want)) {
				t.Errorf("%s = %.8f, want %.8f", tt.name, tt.got, tt.want)
			}
		})
	}
}
