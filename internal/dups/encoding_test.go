package dups_test

import (
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/dups"
)

func config() *analysis.Config {
	return &analysis.Config{
		Label: "label", ID: "id", MaxExamples: 5, CollectDrops: true,
		ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
	}
}

// TestEncodedShards: the corpus cut into random shards, each encoded,
// decoded and merged, gives the one-process result byte for byte.
func TestEncodedShards(t *testing.T) {
	plain := &analysis.Config{MaxExamples: 1000, ExactNormalize: dups.NormalizeNone, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ}
	tests := []struct {
		spec *analysis.Spec
		k    int
		seed uint64
		c    *analysis.Config
	}{
		{dups.ExactSpec, 1, 1, config()},
		{dups.ExactSpec, 3, 7, config()},
		{dups.ExactSpec, 8, 42, config()},
		{dups.ExactSpec, 5, 3, plain},
		{dups.NearSpec, 1, 1, config()},
		{dups.NearSpec, 3, 7, config()},
		{dups.NearSpec, 8, 42, config()},
		{dups.NearSpec, 5, 3, plain},
	}
	for _, tt := range tests {
		states, want := analysistest.EncodedShards(t, tt.spec, tt.c, tt.k, tt.seed)
		if len(states) != tt.k || len(want) < 200 || tt.c.Label != "" && !strings.Contains(string(want), `"kind":"label_conflict"`) {
			t.Errorf("%s k=%d: %d states, result %.200s: too little to tell anything", tt.spec.Name, tt.k, len(states), want)
		}
	}
}

// TestExactRefusesNormalization: a state normalised otherwise is refused.
func TestExactRefusesNormalization(t *testing.T) {
	states, _ := analysistest.EncodedShards(t, dups.ExactSpec, config(), 2, 1)
	c := config()
	c.ExactNormalize, c.Files = dups.NormalizeNone, len(analysistest.Corpus(t))
	if _, err := analysis.Decode(dups.ExactSpec, c, states[0]); err == nil {
		t.Errorf("Decode of a %s state with %s: no error", dups.NormalizeDefault, dups.NormalizeNone)
	}
}

func FuzzDecodeExact(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, dups.ExactSpec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, dups.ExactSpec, config(), state)
	})
}

func FuzzDecodeNear(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, dups.NearSpec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, dups.NearSpec, config(), state)
	})
}
