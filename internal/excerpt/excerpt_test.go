package excerpt

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// TestSharedPositions: rows that share a position (the elements of a JSON
// array on one line are all at line 1) are found once: Add returns no
// error (the count of positions left went below zero, and the stop once
// all were found was taken for a failure), and, since which of them a
// finding meant is not known, give it no excerpt rather than the text of
// whichever a worker read first; an array whose elements each start a
// line keeps its excerpts.
func TestSharedPositions(t *testing.T) {
	dir := t.TempDir()
	var elems []string
	for i := range 3000 {
		elems = append(elems, fmt.Sprintf(`{"text":"element %d"}`, i))
	}
	tests := []struct {
		name, file, data string
		line             int64
		want             string // the excerpt's start; "" for none
	}{
		{"one-line array", "a.json", "[" + strings.Join(elems, ",") + "]", 1, ""},
		{"array on its second line", "b.json", "[\n" + strings.Join(elems, ",") + "\n]\n", 2, ""},
		{"one element a line", "c.json", "[\n" + strings.Join(elems, ",\n") + "\n]\n", 2001, "element 1999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			inputs, err := ingest.Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			defer ingest.Close(inputs)
			fs := []finding.Finding{{Kind: finding.KindOutlier, Rows: []finding.Row{{File: path, Line: tt.line}}}}
			opts := ingest.Options{Text: []string{"text"}, Workers: 4, ChunkBytes: 1024}
			if err := Add(context.Background(), inputs, []string{path}, opts, fs); err != nil {
				t.Fatalf("Add(%s) = %v, want no error", tt.name, err)
			}
			if got := fs[0].Excerpt; tt.want == "" && got != "" || !strings.HasPrefix(got, tt.want) {
				t.Errorf("Add(%s): excerpt %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}
