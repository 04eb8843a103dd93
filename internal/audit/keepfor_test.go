package audit

import (
	"path/filepath"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// TestKeepFor: a run that lists no finding keeps nothing for excerpts;
// one whose text summary shows a few reads them again from a local
// Parquet file and a plain JSONL (excerpt.KeepFew: nothing kept), and
// one that lists every finding keeps the evasion windows (excerpt.Keep).
func TestKeepFor(t *testing.T) {
	inputs, err := ingest.Expand([]string{filepath.Join("..", "..", "testdata", "parquet", "duckdb.parquet"), filepath.Join("..", "..", "testdata", "sample.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	if k := keepFor(inputs, 0, false); k != nil {
		t.Error("keepFor(none listed) keeps texts")
	}
	if k := keepFor(inputs, 20, true); k != nil {
		t.Error("keepFor(a text summary's few, local Parquet and plain JSONL) keeps texts")
	}
	if k := keepFor(inputs, 20, false); k == nil {
		t.Error("keepFor(every finding listed) keeps nothing")
	}
}
