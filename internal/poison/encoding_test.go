package poison_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/poison"
)

func config() *analysis.Config { return &analysis.Config{ID: "id"} }

// TestEncodedShards: the corpus cut into random shards, each pass'
// shards encoded, decoded and merged, gives the one-process result byte
// for byte: the first pass' (through the second pass built from it), and
// the second pass' built from a first pass merged from decoded shards.
func TestEncodedShards(t *testing.T) {
	for _, k := range []int{1, 3, 8} {
		states, want := analysistest.EncodedShards(t, poison.Spec, config(), k, uint64(k))
		if len(states) != k || !bytes.Contains(want, []byte(`"levels"`)) {
			t.Errorf("first pass, %d shards: %d states, result %.300s: want %d and a calibrated second pass", k, len(states), want, k)
		}
	}
	var first analysis.Analyser
	for _, k := range []int{1, 4} {
		states, want, f := analysistest.EncodedSecondShards(t, poison.Spec, config(), first, k, uint64(k))
		first = f
		if len(states) != k || !bytes.Contains(want, []byte(`"candidate_occurrences"`)) {
			t.Errorf("second pass, %d shards: %d states, result %.300s", k, len(states), want)
		}
	}
}

// TestDecodeRefuses: a second-pass state decoded against another first
// pass, and a state of one pass read as the other's, are refused.
func TestDecodeRefuses(t *testing.T) {
	files := len(analysistest.Corpus(t))
	c := config()
	c.Files = files
	firstState := analysistest.Cut(t, poison.Spec, config(), 2, 1)[0]
	if _, err := analysis.Decode(poison.Spec, c, firstState); err != nil {
		t.Fatalf("Decode of its own state: %v", err)
	}
	second, _, first := analysistest.EncodedSecondShards(t, poison.Spec, config(), nil, 2, 1)
	// Another first pass: the whole corpus twice, so other counts.
	other, err := analysis.Decode(poison.Spec, c, firstState)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Merge(first); err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.DecodeSecond(poison.Spec, c, other, second[0]); err == nil {
		t.Errorf("DecodeSecond against another first pass: no error")
	}
	if _, err := analysis.DecodeSecond(poison.Spec, c, first, slices.Clone(second[0])); err != nil {
		t.Errorf("DecodeSecond against its own first pass: %v", err)
	}
	if _, err := analysis.Decode(poison.Spec, c, second[0]); err == nil {
		t.Errorf("Decode of a second-pass state as a first: no error")
	}
	if _, err := analysis.DecodeSecond(poison.Spec, c, first, firstState); err == nil {
		t.Errorf("DecodeSecond of a first-pass state: no error")
	}
}

func FuzzDecodeCounts(f *testing.F) {
	states := analysistest.Cut(f, poison.Spec, config(), 64, 1)
	slices.SortStableFunc(states, func(a, b []byte) int { return len(a) - len(b) })
	for _, s := range states[:4] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, poison.Spec, config(), state)
	})
}

func FuzzDecodeScorer(f *testing.F) {
	seeds, first := analysistest.FuzzSecondSeeds(f, poison.Spec, config(), 4)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecodeSecond(t, poison.Spec, config(), first, state)
	})
}
