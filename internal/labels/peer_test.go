package labels

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/dataaudit/dataaudit/internal/labels/logreg"
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
	defer func() { logreg.FitHook = nil }()
	logreg.FitHook = func(d *logreg.Design, xs [][]float64, c float64) {
		f, err := os.Create(filepath.Join(*peerOut, "design.svm"))
		if err != nil {
			t.Fatal(err)
		}
		if err := d.WriteSVMLight(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		out, err := json.Marshal(map[string]any{"C": c, "features": d.Features(), "classes": d.Classes(), "probs": d.Probs(xs)})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*peerOut, "ours.json"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkWith(t, *peerIn, 2, Options{})
}
