package logreg

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
)

// Row is a sample row to train on: its hash (rows are used in ascending
// hash order), its features (bucket numbers, each once), class and fold.
type Row struct {
	H     uint64
	Feats []uint32
	Label int32
	Fold  int32
}

// Model is a softmax regression per fold over TF-IDF weighted, L2
// normalised hashed features.
type Model struct {
	Idf []float32   // per bucket
	W   [][]float32 // per fold: C × buckets (class k's weights at k*len(Idf))
	B   [][]float64 // per fold: C
	// C is scikit-learn's inverse regularisation strength the inner
	// validation chose (fitCs).
	C float64
}

// softmax64 turns scores into probabilities in place.
func softmax64(p []float64) {
	mx := math.Inf(-1)
	for _, v := range p {
		mx = max(mx, v)
	}
	var sum float64
	for i, v := range p {
		p[i] = math.Exp(v - mx)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
}

// Classes is the number of classes of the design.
func (d *Design) Classes() int { return d.C }

// Features is the number of features the design fits.
func (d *Design) Features() int { return len(d.buckets) }

// WriteSVMLight writes the design in svmlight format, one line per row:
// its class, qid = fold + 1, then its features (1-based local numbers,
// ascending) and values.
func (d *Design) WriteSVMLight(out io.Writer) error {
	w := bufio.NewWriter(out)
	for i := range d.y {
		fmt.Fprintf(w, "%d qid:%d", d.y[i], d.fold[i]+1)
		js := make([]int, 0, d.ptr[i+1]-d.ptr[i])
		for j := d.ptr[i]; j < d.ptr[i+1]; j++ {
			js = append(js, j)
		}
		slices.SortFunc(js, func(a, b int) int { return cmp.Compare(d.col[a], d.col[b]) })
		for _, j := range js {
			fmt.Fprintf(w, " %d:%g", d.col[j]+1, d.val[j])
		}
		w.WriteByte('\n')
	}
	return w.Flush()
}

// Probs returns every design row's probabilities under the parameters of
// its own fold (xs, as FitHook sees them): out of fold.
func (d *Design) Probs(xs [][]float64) [][]float64 {
	probs := make([][]float64, len(d.y))
	s := make([]float64, d.C)
	for i := range d.y {
		d.scores(xs[d.fold[i]], i, s)
		softmax64(s)
		probs[i] = slices.Clone(s)
	}
	return probs
}
