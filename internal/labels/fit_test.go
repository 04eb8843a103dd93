package labels

import (
	"math"
	"slices"
	"testing"
)

// synthRows makes sample rows of C classes: each class has its own
// words, plus words shared by all, and a few rows carry another class's
// label.
func synthRows(C, n int) []sampleRow {
	var rows []sampleRow
	for i := range n {
		y := i % C
		fs := []uint32{uint32(1000 + y), uint32(2000 + (i/C)%7), uint32(3000 + y*10 + i%3)}
		if i%17 == 0 {
			y = (y + 1) % C
		}
		rows = append(rows, sampleRow{h: mix(uint64(i)), feats: fs, label: int32(y), fold: int32(i % 5)})
	}
	return rows
}

// TestFitConverges checks that each fold's fit reaches a point where the
// objective's gradient is below the tolerance (the optimum of the
// regularised log loss), and that two fits give the same bits.
func TestFitConverges(t *testing.T) {
	for _, C := range []int{2, 3, 8} {
		t.Run(map[int]string{2: "two classes", 3: "three classes", 8: "eight classes"}[C], func(t *testing.T) {
			idf := make([]float32, NumBuckets)
			for i := range idf {
				idf[i] = 1
			}
			var got [][][]float64
			var lambdas []float64
			var designs []*design
			for range 2 {
				fitHook = func(d *design, xs [][]float64, c float64) {
					got = append(got, xs)
					designs = append(designs, d)
					lambdas = append(lambdas, c)
				}
				trainLR(synthRows(C, 400), idf, C, 5)
				fitHook = nil
			}
			if lambdas[0] != lambdas[1] || !slices.EqualFunc(got[0], got[1], slices.Equal) {
				t.Fatalf("trainLR(%d classes) differs between two runs", C)
			}
			d := designs[0]
			for f, x := range got[0] {
				var rows []int32
				for i, fd := range d.fold {
					if int(fd) != f {
						rows = append(rows, int32(i))
					}
				}
				p := &problem{d: d, rows: rows, lambda: 1 / (lambdas[0] * float64(len(rows)))}
				p.eval(x)
				var g float64
				for _, v := range p.lastG {
					g = max(g, math.Abs(v))
				}
				if g > fitGradTol {
					t.Errorf("fold %d: max |gradient| = %g, want <= %g", f, g, fitGradTol)
				}
			}
		})
	}
}
