package stats_test

import (
	"bytes"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/stats"
)

func config() *analysis.Config {
	return &analysis.Config{Label: "label", ID: "id", MaxExamples: 5, TopN: 50, TopPerLabel: 10}
}

// TestEncodedShards: the corpus cut into random shards, each encoded,
// decoded and merged, gives the one-process result byte for byte.
func TestEncodedShards(t *testing.T) {
	tok, err := llmtok.Load("cl100k_base")
	if err != nil {
		t.Fatal(err)
	}
	llm := config()
	llm.LLM = tok
	analysistest.Shards(t, stats.Spec, config(), &analysis.Config{MaxExamples: 1000}, llm)
}

// TestFileRowsEncodedShards: the record counts of decoded shards add up
// to the one-process counts, for every cut.
func TestFileRowsEncodedShards(t *testing.T) {
	for _, k := range []int{1, 3, 8} {
		_, want := analysistest.EncodedShards(t, stats.FileRowsSpec, &analysis.Config{}, k, uint64(k))
		if !bytes.Contains(want, []byte(`"Section":[305,`)) {
			t.Errorf("%d shards: the one-process counts are %s, want 305 rows in the sample first", k, want)
		}
	}
}

func FuzzDecodeSummary(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, stats.Spec, config(), 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, stats.Spec, config(), state)
	})
}

// TestSummaryRefusesTokenizer: a state counted with words is refused by a
// run counting LLM tokens.
func TestSummaryRefusesTokenizer(t *testing.T) {
	tok, err := llmtok.Load("cl100k_base")
	if err != nil {
		t.Fatal(err)
	}
	states, _ := analysistest.EncodedShards(t, stats.Spec, config(), 2, 1)
	c := config()
	c.LLM, c.Files = tok, len(analysistest.Corpus(t))
	if _, err := analysis.Decode(stats.Spec, c, states[0]); err == nil {
		t.Errorf("Decode of a word-count state with an LLM tokenizer: no error")
	}
}

func FuzzDecodeFileRows(f *testing.F) {
	for _, s := range analysistest.FuzzSeeds(f, stats.FileRowsSpec, &analysis.Config{}, 4) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		analysistest.FuzzDecode(t, stats.FileRowsSpec, &analysis.Config{}, state)
	})
}
