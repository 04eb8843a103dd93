package logreg

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
)

// numBuckets is internal/labels' number of feature buckets.
const numBuckets = 1 << 19

// mix is internal/labels' hash finaliser (splitmix64's), for test rows.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

// synthRows makes sample rows of C classes: each class has its own
// words, plus words shared by all, and a few rows carry another class's
// label.
func synthRows(C, n int) []Row {
	var rows []Row
	for i := range n {
		y := i % C
		fs := []uint32{uint32(1000 + y), uint32(2000 + (i/C)%7), uint32(3000 + y*10 + i%3)}
		if i%17 == 0 {
			y = (y + 1) % C
		}
		rows = append(rows, Row{H: mix(uint64(i)), Feats: fs, Label: int32(y), Fold: int32(i % 5)})
	}
	return rows
}

// TestFitConverges checks that each fold's fit reaches a point where the
// objective's gradient is below the tolerance (the optimum of the
// regularised log loss), and that two fits give the same bits.
func TestFitConverges(t *testing.T) {
	for _, C := range []int{2, 3, 8} {
		t.Run(map[int]string{2: "two classes", 3: "three classes", 8: "eight classes"}[C], func(t *testing.T) {
			idf := make([]float32, numBuckets)
			for i := range idf {
				idf[i] = 1
			}
			var got [][][]float64
			var lambdas []float64
			var designs []*Design
			for range 2 {
				FitHook = func(d *Design, xs [][]float64, c float64) {
					got = append(got, xs)
					designs = append(designs, d)
					lambdas = append(lambdas, c)
				}
				Train(synthRows(C, 400), idf, C, 5)
				FitHook = nil
			}
			if lambdas[0] != lambdas[1] || !slices.EqualFunc(got[0], got[1], slices.Equal) {
				t.Fatalf("Train(%d classes) differs between two runs", C)
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
				if d.K == 1 {
					// The dual fit penalises the bias as a feature of value dualBias.
					p.lastG[len(x)-1] += p.lambda * x[len(x)-1] / (dualBias * dualBias)
				}
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

// wideRows makes n sample rows of C classes with perRow features each:
// one word of the row's class and others drawn from a wide range, so the
// design has many row and feature chunks.
func wideRows(C, n, perRow int) []Row {
	rows := make([]Row, n)
	for i := range rows {
		y := i % C
		fs := []uint32{uint32(1 + y)}
		for j := 1; j < perRow; j++ {
			fs = append(fs, uint32(100+mix(uint64(i*perRow+j))%30000))
		}
		slices.Sort(fs)
		fs = slices.Compact(fs)
		rows[i] = Row{H: mix(uint64(i) + 1e9), Feats: fs, Label: int32(y), Fold: int32(mix(uint64(i)) % 5)}
	}
	return rows
}

// TestFitSameBitsAnyProcs checks that the fitted weights do not depend on
// how many goroutines evaluate the objective: the chunks and the order
// their sums are added in are fixed.
func TestFitSameBitsAnyProcs(t *testing.T) {
	idf := make([]float32, numBuckets)
	for i := range idf {
		idf[i] = 1
	}
	for _, C := range []int{2, 5} {
		t.Run(fmt.Sprintf("%d classes", C), func(t *testing.T) {
			var got [][][]float64
			var cs []float64
			FitHook = func(d *Design, xs [][]float64, c float64) {
				if len(d.y) <= fitRowChunk || len(d.buckets) <= fitColChunk {
					t.Fatalf("design of %d rows, %d features: want more than one chunk of each", len(d.y), len(d.buckets))
				}
				got, cs = append(got, xs), append(cs, c)
			}
			defer func() { FitHook = nil }()
			for _, procs := range []int{1, 4} {
				old := runtime.GOMAXPROCS(procs)
				Train(wideRows(C, 3000, 12), idf, C, 5)
				runtime.GOMAXPROCS(old)
			}
			if cs[0] != cs[1] || !slices.EqualFunc(got[0], got[1], slices.Equal) {
				t.Errorf("Train(%d classes) with GOMAXPROCS 1 and 4 differs (C %v)", C, cs)
			}
		})
	}
}

// TestDesignBudget checks that the design holds the sample rows with the
// smallest hashes up to fitMaxEntries feature entries, and that its
// transpose holds the same entries.
func TestDesignBudget(t *testing.T) {
	idf := make([]float32, numBuckets)
	for i := range idf {
		idf[i] = 1
	}
	defer func(n int) { fitMaxEntries = n }(fitMaxEntries)
	fitMaxEntries = 50000
	const perRow = 100
	n := fitMaxEntries/perRow + 500
	rows := make([]Row, n)
	for i := range rows {
		fs := make([]uint32, perRow)
		for j := range fs {
			fs[j] = uint32((i*7 + j*13) % 50000)
		}
		slices.Sort(fs)
		rows[i] = Row{H: mix(uint64(i)), Feats: slices.Compact(fs), Label: int32(i % 3), Fold: int32(i % 5)}
	}
	var hs []uint64
	entries := 0
	for _, r := range rows {
		hs = append(hs, r.H)
	}
	slices.Sort(hs)
	lens := map[uint64]int{}
	for _, r := range rows {
		lens[r.H] = len(r.Feats)
	}
	want := 0
	for _, h := range hs {
		if entries+lens[h] > fitMaxEntries {
			break
		}
		entries += lens[h]
		want++
	}
	d := newDesign(rows, &Model{Idf: idf}, 3)
	if len(d.y) != want {
		t.Fatalf("newDesign(%d rows of %d features) kept %d rows, want %d (%d entries at most)", n, perRow, len(d.y), want, fitMaxEntries)
	}
	byCol := map[[2]int32]float32{}
	for i := range d.y {
		for j := d.ptr[i]; j < d.ptr[i+1]; j++ {
			byCol[[2]int32{d.col[j], int32(i)}] = d.val[j]
		}
	}
	if len(d.crow) != len(d.col) {
		t.Fatalf("transpose has %d entries, want %d", len(d.crow), len(d.col))
	}
	for c := range d.buckets {
		for e := d.cptr[c]; e < d.cptr[c+1]; e++ {
			if v, ok := byCol[[2]int32{int32(c), d.crow[e]}]; !ok || v != d.cval[e] || (e > d.cptr[c] && d.crow[e] <= d.crow[e-1]) {
				t.Fatalf("transpose entry (feature %d, row %d) = %v, want %v, rows ascending", c, d.crow[e], d.cval[e], v)
			}
		}
	}
}
