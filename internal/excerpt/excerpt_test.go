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

// TestSharedPositions: the elements of a JSON array on one line (all at
// line 1) are found by their element, as those of an array with one
// element a line: Add returns no error (the count of positions left went
// below zero when rows shared a position, and the stop once all were found
// was taken for a failure) and gives the finding its row's text.
func TestSharedPositions(t *testing.T) {
	dir := t.TempDir()
	var elems []string
	for i := range 3000 {
		elems = append(elems, fmt.Sprintf(`{"text":"element %d"}`, i))
	}
	tests := []struct {
		name, file, data string
	}{
		{"one-line array", "a.json", "[" + strings.Join(elems, ",") + "]"},
		{"array on its second line", "b.json", "[\n" + strings.Join(elems, ",") + "\n]\n"},
		{"one element a line", "c.json", "[\n" + strings.Join(elems, ",\n") + "\n]\n"},
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
			elem := int64(1999)
			fs := []finding.Finding{{Kind: finding.KindOutlier, Rows: []finding.Row{{File: path, Row: &elem}}}}
			opts := ingest.Options{Text: []string{"text"}, Workers: 4, ChunkBytes: 1024}
			if err := Add(context.Background(), inputs, []string{path}, opts, fs); err != nil {
				t.Fatalf("Add(%s) = %v, want no error", tt.name, err)
			}
			if got, want := fs[0].Excerpt, "element 1999"; got != want {
				t.Errorf("Add(%s): excerpt %q, want %q", tt.name, got, want)
			}
		})
	}
}
