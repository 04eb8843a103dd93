package audit

import (
	"path/filepath"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// TestKeepFor: a run that lists no finding keeps nothing for excerpts;
// one whose text summary shows a few keeps what the analyses keep of
// their first few findings of each kind, but no row starts of a local
// Parquet file or a plain JSONL (excerpt.KeepFew), and one that lists
// every finding keeps the evasion windows (excerpt.Keep).
func TestKeepFor(t *testing.T) {
	inputs, err := ingest.Expand([]string{filepath.Join("..", "..", "testdata", "parquet", "duckdb.parquet"), filepath.Join("..", "..", "testdata", "sample.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	if k := keepFor(inputs, 0, 0); k != nil {
		t.Error("keepFor(none listed) keeps texts")
	}
	if k := keepFor(inputs, 20, 5); k == nil || k.Few() != 5 || k.Wants(&ingest.Batch{File: 0}) || k.Wants(&ingest.Batch{File: 1}) {
		t.Errorf("keepFor(a text summary's 5, local Parquet and plain JSONL) = %v, want a Kept of Few 5 keeping no rows", k)
	}
	if k := keepFor(inputs, 20, 0); k == nil || k.Few() != 0 {
		t.Error("keepFor(every finding listed) keeps nothing, or only the first few's")
	}
}
