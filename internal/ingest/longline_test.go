package ingest

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunLongLine puts a 5 MB record between normal lines. It is read whole
// under the default limit, whatever the chunk size, and is a bad record at
// its own line under a smaller --max-line-bytes, whether the line is longer
// than a chunk (the chunker skips it) or fits in one (the decoder does).
func TestRunLongLine(t *testing.T) {
	const bodyLen = 5 << 20
	body := strings.Repeat("0123456789abcdef", bodyLen/16)
	long := `{"id":2,"text":"` + body + `"}`
	var data bytes.Buffer
	data.WriteString(`{"id":1,"text":"before"}` + "\n")
	data.WriteString(long + "\n")
	data.WriteString(`{"id":3,"text":"after"}` + "\n")
	data.WriteString(`{"id":4,"text":"and one more"}`)
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "long.jsonl"), data.Bytes())
	// The same long line last, with no newline after it.
	lastPath := writeFile(t, filepath.Join(dir, "long-last.jsonl"), []byte(`{"id":1,"text":"before"}`+"\n"+long))

	row := func(n int64, id, text string) gotRow { return gotRow{N: n, Text: text, ID: strp(id)} }
	intact := result{Rows: []gotRow{row(1, "1", "before"), row(2, "2", body), row(3, "3", "after"), row(4, "4", "and one more")}}
	skipped := result{
		Rows: []gotRow{row(1, "1", "before"), row(3, "3", "after"), row(4, "4", "and one more")},
		Bad:  []gotBad{{N: 2, Kind: BadLongLine, Rows: 1}},
	}
	lastSkipped := result{Rows: []gotRow{row(1, "1", "before")}, Bad: []gotBad{{N: 2, Kind: BadLongLine, Rows: 1}}}

	tests := []struct {
		name    string
		path    string
		chunk   int
		maxLine int
		want    result
	}{
		{"default chunk", path, 0, 0, intact},
		{"64 KiB chunks", path, 64 << 10, 0, intact},
		{"64 B chunks", path, 64, 0, intact},
		{"limit exactly the line", path, 64 << 10, len(long), intact},
		{"limit one byte short, line longer than chunks", path, 64 << 10, len(long) - 1, skipped},
		{"limit 1 MiB, 64 B chunks", path, 64, 1 << 20, skipped},
		{"limit 1 MiB, default chunk", path, 0, 1 << 20, skipped},
		{"limit 1 MiB, line fits in a chunk", path, 8 << 20, 1 << 20, skipped},
		{"last line without newline, limit 1 MiB", lastPath, 64 << 10, 1 << 20, lastSkipped},
		{"last line without newline, intact", lastPath, 64 << 10, 0, result{Rows: []gotRow{row(1, "1", "before"), row(2, "2", body)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Expand([]string{tt.path})
			if err != nil {
				t.Fatal(err)
			}
			got, err := collect(t, inputs, Options{Text: []string{"text"}, ID: "id", Workers: 2, ChunkBytes: tt.chunk, MaxLineBytes: tt.maxLine})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			got.Batches = 0
			// Check the 5 MB text apart, so that a diff does not print it.
			for i := range got.Rows {
				if got.Rows[i].N == 2 {
					if got.Rows[i].Text != body {
						t.Errorf("line 2: text of %d bytes is not the 5 MB body", len(got.Rows[i].Text))
					}
					got.Rows[i].Text = "<body>"
				}
			}
			want := tt.want
			want.Rows = append([]gotRow(nil), want.Rows...)
			for i := range want.Rows {
				if want.Rows[i].N == 2 {
					want.Rows[i].Text = "<body>"
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Run(%s) mismatch (-want +got):\n%s", filepath.Base(tt.path), diff)
			}
		})
	}

	t.Run("reason gives the line's length", func(t *testing.T) {
		for _, chunk := range []int{64 << 10, 8 << 20} {
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			var reason string
			err = Run(t.Context(), inputs, Options{Text: []string{"text"}, Workers: 1, ChunkBytes: chunk, MaxLineBytes: 1 << 20}, func(_ int, b *Batch) error {
				defer b.Record.Release()
				for _, bad := range b.Bad {
					reason = bad.Reason
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("line is %d bytes, over the limit of %d", len(long), 1<<20); !strings.Contains(reason, want) {
				t.Errorf("chunk %d: reason %q, want it to contain %q", chunk, reason, want)
			}
		}
	})
}
