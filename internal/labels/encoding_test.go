package labels_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/labels"
)

func config() *analysis.Config {
	return &analysis.Config{Label: "label", ID: "id", Folds: labels.DefaultFolds, Seed: 1, LabelConflicts: true}
}

// otherConfig has other folds, seed and floor than config.
func otherConfig() *analysis.Config {
	c := config()
	c.Folds, c.Seed, c.LabelMinP = 3, 7, 1e-9
	return c
}

// TestEncodedShards: the corpus cut into random shards, each pass'
// shards encoded, decoded and merged, gives the one-process result byte
// for byte: the first pass' through the second pass built from it, the
// second pass' built from the one-process first, as analysis.RunSpecs
// builds it. Every cut of the first pass trains two models (seconds
// each), so it is cut once, not in Shards' four cuts; the cuts of the
// second pass share one.
func TestEncodedShards(t *testing.T) {
	states, want := analysistest.EncodedShards(t, labels.Spec, config(), 4, 1)
	if len(states) != 4 || !bytes.Contains(want, []byte(`"kind":"label_error"`)) {
		t.Errorf("first pass: %d states, result %.300s: want 4 and label errors", len(states), want)
	}
	for _, c := range []*analysis.Config{config(), otherConfig()} {
		var first analysis.Analyser
		for _, k := range []int{1, 3, 8} {
			states, want, f := analysistest.EncodedSecondShards(t, labels.Spec, c, first, k, uint64(k))
			first = f
			if len(states) != k || !bytes.Contains(want, []byte(`"kind":"label_error"`)) {
				t.Errorf("second pass, %d folds, %d shards: %d states, result %.300s: want label errors", c.Folds, k, len(states), want)
			}
		}
	}
}

// TestDecodeRefuses: a first-pass state of other folds or another seed,
// a second-pass state decoded against another first pass, and a state of
// one pass read as the other's are refused.
func TestDecodeRefuses(t *testing.T) {
	files := len(analysistest.Corpus(t))
	withFiles := func(c *analysis.Config) *analysis.Config { c.Files = files; return c }
	firstState := analysistest.Cut(t, labels.Spec, config(), 2, 1)[0]
	other := withFiles(otherConfig())
	other.Seed = config().Seed
	seeded := withFiles(config())
	seeded.Seed = 2
	for _, c := range []*analysis.Config{other, seeded} {
		if _, err := analysis.Decode(labels.Spec, c, firstState); err == nil {
			t.Errorf("Decode of a 5-fold state seeded 1 in a run of %d folds seeded %d: no error", c.Folds, c.Seed)
		}
	}
	if _, err := analysis.Decode(labels.Spec, withFiles(config()), firstState); err != nil {
		t.Fatalf("Decode of its own state: %v", err)
	}
	second, _, first := analysistest.EncodedSecondShards(t, labels.Spec, config(), nil, 2, 1)
	// Another first pass: the same rows but one shard's, so another model.
	fewer, err := analysis.Decode(labels.Spec, withFiles(config()), firstState)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.DecodeSecond(labels.Spec, withFiles(config()), fewer, second[0]); err == nil {
		t.Errorf("DecodeSecond against another first pass: no error")
	}
	if _, err := analysis.DecodeSecond(labels.Spec, withFiles(config()), first, slices.Clone(second[0])); err != nil {
		t.Errorf("DecodeSecond against its own first pass: %v", err)
	}
	if _, err := analysis.Decode(labels.Spec, withFiles(config()), second[0]); err == nil {
		t.Errorf("Decode of a second-pass state as a first: no error")
	}
	if _, err := analysis.DecodeSecond(labels.Spec, withFiles(config()), first, firstState); err == nil {
		t.Errorf("DecodeSecond of a first-pass state: no error")
	}
}

func FuzzDecodeCounts(f *testing.F) {
	states := analysistest.Cut(f, labels.Spec, config(), 64, 1)
	slices.SortStableFunc(states, func(a, b []byte) int { return len(a) - len(b) })
	for _, s := range states[:4] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, labels.Spec, config(), state)
	})
}

func FuzzDecodeScorer(f *testing.F) {
	seeds, first := analysistest.FuzzSecondSeeds(f, labels.Spec, config(), 4)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecodeSecond(t, labels.Spec, config(), first, state)
	})
}
