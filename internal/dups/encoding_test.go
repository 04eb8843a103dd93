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
	for _, s := range []*analysis.Spec{dups.ExactSpec, dups.NearSpec} {
		// The labelled cuts (all but the last) must carry label conflicts.
		results := analysistest.Shards(t, s, config(), plain)
		for i, want := range results[:len(results)-1] {
			if !strings.Contains(string(want), `"kind":"label_conflict"`) {
				t.Errorf("%s, cut %d: no label_conflict in %.200s", s.Name, i, want)
			}
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
