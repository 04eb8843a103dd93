package export

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// TestWriteInputChanged: an input that is not the version the scan read
// (a line inserted, the file rewritten or touched) is refused, and nothing
// is written. The rows to drop are positions in the version scanned:
// copied from another, the export dropped other rows than the duplicates
// and kept a duplicate, without a word.
func TestWriteInputChanged(t *testing.T) {
	pq, err := os.ReadFile("../../testdata/parquet/arrow_large_dict.parquet")
	if err != nil {
		t.Fatal(err)
	}
	const jsonl = "{\"text\":\"a\"}\n{\"text\":\"a\"}\n{\"text\":\"b\"}\n"
	tests := []struct {
		name, in, out string
		before, after string // the input as scanned, as exported
	}{
		{"jsonl, a line inserted", "in.jsonl", "out.jsonl", jsonl, "{\"text\":\"new\"}\n" + jsonl},
		{"jsonl, rewritten", "in.jsonl", "out.jsonl", jsonl, strings.Replace(jsonl, "b", "c", 1)},
		{"parquet, rewritten", "in.parquet", "out.parquet", string(pq), string(pq)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, tt.in)
			write(t, in, tt.before)
			inputs, err := ingest.Expand([]string{in})
			if err != nil {
				t.Fatal(err)
			}
			write(t, in, tt.after)
			later := time.Now().Add(time.Hour) // a rewrite within the clock's tick
			if err := os.Chtimes(in, later, later); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, tt.out)
			drop := []ingest.Pos{{File: 0, N: 2, Line: tt.in == "in.jsonl"}}
			_, err = Write(context.Background(), out, inputs, drop)
			if err == nil || !strings.Contains(err.Error(), "changed since it was scanned") {
				t.Errorf("Write(%s) = %v, want an error saying it changed since it was scanned", tt.name, err)
			}
			if _, serr := os.Stat(out); serr == nil {
				t.Errorf("Write(%s) wrote %s", tt.name, tt.out)
			}
		})
	}
}
