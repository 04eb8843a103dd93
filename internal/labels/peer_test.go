package labels

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var (
	peerIn  = flag.String("peer-in", "", "TestPeerDesign: a JSONL corpus (id, text, label)")
	peerOut = flag.String("peer-out", "", "TestPeerDesign: directory for design.svm and ours.json")
)

// TestPeerDesign writes the design the classifier is fitted on (the
// sample's TF-IDF rows over the buckets it fits, svmlight, qid = fold) and
// the out-of-fold probabilities of the fitted models on those rows, for
// benchmarks/lr_peer.py to compare with scikit-learn's LogisticRegression
// on the same folds and features. Skipped without -peer-in and -peer-out.
func TestPeerDesign(t *testing.T) {
	if *peerIn == "" || *peerOut == "" {
		t.Skip("needs -peer-in and -peer-out")
	}
	defer func() { fitHook = nil }()
	fitHook = func(d *design, xs [][]float64, c float64) {
		f, err := os.Create(filepath.Join(*peerOut, "design.svm"))
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		probs := make([][]float64, len(d.y))
		s := make([]float64, d.C)
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
			d.scores(xs[d.fold[i]], i, s)
			softmax64(s)
			probs[i] = append([]float64(nil), s...)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		out, err := json.Marshal(map[string]any{"C": c, "features": len(d.buckets), "classes": d.C, "probs": probs})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*peerOut, "ours.json"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkWith(t, *peerIn, 2, Options{})
}
