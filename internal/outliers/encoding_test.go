package outliers_test

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/outliers"
)

func config() *analysis.Config { return &analysis.Config{Label: "label", ID: "id", MaxExamples: 5} }

// TestEncodedShards: the corpus cut into random shards, each encoded,
// decoded and merged, gives the one-process result byte for byte.
func TestEncodedShards(t *testing.T) {
	tests := []struct {
		k    int
		seed uint64
		c    *analysis.Config
	}{
		{1, 1, config()},
		{3, 7, config()},
		{8, 42, config()},
		{5, 3, &analysis.Config{MaxExamples: 1000}},
	}
	for _, tt := range tests {
		states, want := analysistest.EncodedShards(t, outliers.Spec, tt.c, tt.k, tt.seed)
		if len(states) != tt.k || len(want) < 200 {
			t.Errorf("k=%d: %d states, result %.200s: too little to tell anything", tt.k, len(states), want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, outliers.Spec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, outliers.Spec, config(), state)
	})
}
