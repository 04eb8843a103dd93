package repeats_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/repeats"
)

func config() *analysis.Config { return &analysis.Config{ID: "id", SpanTokens: 20} }

// TestEncodedShards: the corpus cut into random shards, each pass'
// shards encoded, decoded and merged, gives the one-process result byte
// for byte: the first pass' (through the second pass built from it), and
// the second pass' built from a first pass merged from decoded shards.
func TestEncodedShards(t *testing.T) {
	for _, k := range []int{1, 3, 8} {
		t.Run(fmt.Sprintf("first/shards=%d", k), func(t *testing.T) {
			states, want := analysistest.EncodedShards(t, repeats.Spec, config(), k, uint64(k))
			if len(states) != k || !bytes.Contains(want, []byte(`"repeated_span"`)) {
				t.Errorf("first pass, %d shards: %d states, result %.300s: want %d and repeated spans", k, len(states), want, k)
			}
		})
	}
	var first analysis.Analyser
	for _, k := range []int{1, 4} {
		t.Run(fmt.Sprintf("second/shards=%d", k), func(t *testing.T) {
			states, want, f := analysistest.EncodedSecondShards(t, repeats.Spec, config(), first, k, uint64(k))
			first = f
			if len(states) != k || !bytes.Contains(want, []byte(`"repeated_span"`)) {
				t.Errorf("second pass, %d shards: %d states, result %.300s", k, len(states), want)
			}
		})
	}
}

// TestDecodeRefuses: a state of another span length, a second-pass state
// decoded against another first pass, and a state of one pass read as
// the other's, are refused.
func TestDecodeRefuses(t *testing.T) {
	c := config()
	c.Files = len(analysistest.Corpus(t))
	firstState := analysistest.Cut(t, repeats.Spec, config(), 2, 1)[0]
	if _, err := analysis.Decode(repeats.Spec, c, firstState); err != nil {
		t.Fatalf("Decode of its own state: %v", err)
	}
	other := *c
	other.SpanTokens = 30
	if _, err := analysis.Decode(repeats.Spec, &other, firstState); err == nil {
		t.Errorf("Decode of a state of spans of 20 tokens as one of 30: no error")
	}
	second, _, first := analysistest.EncodedSecondShards(t, repeats.Spec, config(), nil, 2, 1)
	if _, err := analysis.DecodeSecond(repeats.Spec, c, first, slices.Clone(second[0])); err != nil {
		t.Errorf("DecodeSecond against its own first pass: %v", err)
	}
	half, err := analysis.Decode(repeats.Spec, c, firstState)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.DecodeSecond(repeats.Spec, c, half, second[0]); err == nil {
		t.Errorf("DecodeSecond against another first pass: no error")
	}
	if _, err := analysis.Decode(repeats.Spec, c, second[0]); err == nil {
		t.Errorf("Decode of a second-pass state as a first: no error")
	}
	if _, err := analysis.DecodeSecond(repeats.Spec, c, first, firstState); err == nil {
		t.Errorf("DecodeSecond of a first-pass state: no error")
	}
}

func FuzzDecodeFirst(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, repeats.Spec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, repeats.Spec, config(), state)
	})
}

func FuzzDecodeSecond(f *testing.F) {
	states, first := analysistest.FuzzSecondSeeds(f, repeats.Spec, config(), 4)
	for _, s := range states {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecodeSecond(t, repeats.Spec, config(), first, state)
	})
}

// TestEncodedShardsSampled: over the second pass' budget, the sampled
// result is the same whatever the shards, through encoded states.
func TestEncodedShardsSampled(t *testing.T) {
	defer repeats.SetBudget(150)()
	var first analysis.Analyser
	for _, k := range []int{1, 3, 8} {
		t.Run(fmt.Sprintf("shards=%d", k), func(t *testing.T) {
			states, want, f := analysistest.EncodedSecondShards(t, repeats.Spec, config(), first, k, uint64(k))
			first = f
			if len(states) != k || !bytes.Contains(want, []byte(`approximate`)) || !bytes.Contains(want, []byte(`"repeated_span"`)) {
				t.Errorf("second pass, %d shards: %d states, result %.300s: want an approximate result with spans", k, len(states), want)
			}
		})
	}
}
