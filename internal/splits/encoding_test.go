package splits_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/splits"
)

// config reads analysistest's corpus (the sample, the messy fixture, a
// copy of the sample with label noise) as a training split, a file in no
// split and a test split: every row of the copy is in the training
// split.
func config() *analysis.Config {
	return &analysis.Config{
		Label: "label", ID: "id", MaxExamples: 5, Splits: []string{splits.Train, splits.Other, splits.Test},
		ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
	}
}

// TestEncodedShards: the corpus cut into random shards, each encoded,
// decoded and merged, gives the one-process result byte for byte.
func TestEncodedShards(t *testing.T) {
	plain := &analysis.Config{MaxExamples: 1000, Splits: []string{splits.Test, "unsupervised", splits.Train},
		ExactNormalize: dups.NormalizeNone, NearWordJ: 0.9, NearPairJ: 0.7,
		DedupKey: bytes.Repeat([]byte{3}, dups.KeySize)} // a configured key: fresh and decoded records share it
	for i, want := range analysistest.Shards(t, splits.Spec, config(), plain) {
		if !strings.Contains(string(want), `"kind":"split_overlap"`) {
			t.Errorf("cut %d: no split_overlap in %.300s", i, want)
		}
	}
}

// TestRefusesOtherTable: a state of other splits than the table's is
// refused.
func TestRefusesOtherTable(t *testing.T) {
	states, _ := analysistest.EncodedShards(t, splits.Spec, config(), 2, 1)
	c := config()
	c.Splits, c.Files = []string{splits.Train, splits.Validation, splits.Test}, 3
	if _, err := analysis.Decode(splits.Spec, c, states[0]); err == nil {
		t.Error("Decode of a state of train, test, other with a table of train, validation, test: no error")
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, splits.Spec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, splits.Spec, config(), state)
	})
}
