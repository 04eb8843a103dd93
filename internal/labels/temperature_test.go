package labels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// goldenTemperature is the golden-section search on log t that
// fitTemperature replaced: the reference it must agree with.
func goldenTemperature(scores []float32, y []int32, C int) float64 {
	a, b := math.Log(0.01), math.Log(10000)
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := temperatureNLL(scores, y, C, math.Exp(c)), temperatureNLL(scores, y, C, math.Exp(d))
	for range 60 {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = temperatureNLL(scores, y, C, math.Exp(c))
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = temperatureNLL(scores, y, C, math.Exp(d))
		}
	}
	return math.Exp((a + b) / 2)
}

// temperatureNLL is the negative log-likelihood of y under softmax(s/t).
func temperatureNLL(scores []float32, y []int32, C int, t float64) float64 {
	p := make([]float64, C)
	var s float64
	for i := range y {
		softmax(scores[i*C:(i+1)*C], t, p)
		s -= math.Log(max(p[y[i]], 1e-300))
	}
	return s
}

// TestFitTemperature checks the temperature against a golden-section
// search on rows whose scores are over- or underconfident, and at the
// bounds.
func TestFitTemperature(t *testing.T) {
	cases := []struct {
		name  string
		C     int
		scale float64 // of the scores
		noise float64 // share of rows labelled at random
		want  float64 // 0: the golden-section search's
	}{
		{"two classes, overconfident", 2, 8, 0.1, 0},
		{"two classes, underconfident", 2, 0.3, 0.02, 0},
		{"eight classes", 8, 3, 0.2, 0},
		{"eight classes, calibrated", 8, 1, 0.05, 0},
		{"every row right", 2, 5, 0, 0.01},
		{"labels at random", 3, 2, 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(tc.C)))
			n := 5000
			scores := make([]float32, n*tc.C)
			y := make([]int32, n)
			for i := range n {
				k := rng.IntN(tc.C)
				for j := range tc.C {
					v := rng.NormFloat64()
					if j == k {
						v += 2
					}
					scores[i*tc.C+j] = float32(v * tc.scale)
				}
				y[i] = int32(k)
				if rng.Float64() < tc.noise {
					y[i] = int32(rng.IntN(tc.C))
				}
				if tc.noise == 0 {
					// Every row right by a margin: the best t is the least.
					scores[i*tc.C+k] += 100
				}
			}
			got := fitTemperature(scores, y, tc.C)
			want := tc.want
			if want == 0 {
				want = goldenTemperature(scores, y, tc.C)
			}
			if math.Abs(got-want) > 1e-6*want {
				t.Errorf("fitTemperature(%s) = %v, want %v", tc.name, got, want)
			}
			if tc.want == 0 {
				if g, w := temperatureNLL(scores, y, tc.C, got), temperatureNLL(scores, y, tc.C, want); g > w+1e-9*w {
					t.Errorf("NLL at fitTemperature(%s) = %v, want at most %v", tc.name, g, w)
				}
			}
		})
	}
}
