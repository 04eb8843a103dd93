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
	analysistest.Shards(t, outliers.Spec, config(), &analysis.Config{MaxExamples: 1000})
}

func FuzzDecode(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, outliers.Spec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, outliers.Spec, config(), state)
	})
}
