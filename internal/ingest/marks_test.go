package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest/textread"
)

// TestRunOnlyRanges reads some lines again with Options.Only and the
// Marks of a first read: each decoder reads byte ranges of the file by
// itself, starting at the marks, and leaves out the chunks holding no
// line wanted. The rows are those of the first read. To show that the
// ranges are used, a line break in a chunk holding no line wanted is
// then removed (size and time kept): a read from the start would number
// every later line one less.
func TestRunOnlyRanges(t *testing.T) {
	const lines = 3000
	data, path, inputs := writeLines(t, lines, 'x', 97)
	marks := &Marks{}
	opts := Options{Text: []string{"text"}, Workers: 3, ChunkBytes: 2048, Marks: marks}
	whole, err := collect(t, inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[int64]string{}
	for _, r := range whole.Rows {
		texts[r.N] = r.Text
	}
	if len(texts) != lines {
		t.Fatalf("first read: %d rows, want %d", len(texts), lines)
	}
	var wanted []int64
	for n := int64(1); n <= 700; n += 7 {
		wanted = append(wanted, n)
	}
	for n := int64(2000); n <= lines; n += 13 {
		wanted = append(wanted, n)
	}
	wanted = append(wanted, lines)
	check := func(t *testing.T) {
		t.Helper()
		for _, workers := range []int{1, 3} {
			o := opts
			o.Workers = workers
			o.Only = map[int][]int64{0: wanted}
			got, err := collect(t, inputs, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Bad) > 0 {
				t.Errorf("Run(Only, Marks, %d workers): bad records %v, want none", workers, got.Bad)
			}
			read := map[int64]string{}
			for _, r := range got.Rows {
				read[r.N] = r.Text
			}
			for _, n := range wanted {
				if read[n] != texts[n] {
					t.Errorf("Run(Only, Marks, %d workers): line %d = %q, want %q", workers, n, read[n], texts[n])
				}
			}
			for n := range read {
				if n > 700 && n < 2000 {
					t.Errorf("Run(Only, Marks, %d workers): line %d read, its chunk holds no line wanted", workers, n)
				}
			}
		}
	}
	t.Run("as written", check)

	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	b := data.Bytes()
	mid := bytes.Index(b, []byte("\"line 1300 "))
	cut := bytes.IndexByte(b[mid:], '\n') + mid
	b[cut] = ' ' // lines 1300 and 1301 are one now
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	t.Run("a line break gone where no line is wanted", check)
}

// TestMarksInsideChunks: a first read of plain JSONL in chunks of 512 KiB
// marks where lines start about every textread.MarkBytes inside them, so
// that reading one line again reads about that much, not its whole chunk;
// every mark is a line start with its line number, and the lines read
// again are those of the first read.
func TestMarksInsideChunks(t *testing.T) {
	const lines = 30000
	data, _, inputs := writeLines(t, lines, 'y', 61)
	marks := &Marks{}
	opts := Options{Text: []string{"text"}, Workers: 2, ChunkBytes: 512 << 10, Marks: marks}
	whole, err := collect(t, inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[int64]string{}
	for _, r := range whole.Rows {
		texts[r.N] = r.Text
	}
	in := inputs[0]
	for _, n := range []int64{1, 4321, 17000, lines} {
		t.Run(fmt.Sprint("line ", n), func(t *testing.T) {
			rs := marks.Ranges(in.Path, in.Size, in.ModTime(), []int64{n}, 1)
			if len(rs) != 1 {
				t.Fatalf("Ranges(line %d) = %v, want one range", n, rs)
			}
			r := rs[0]
			if r.End-r.Start > 2*textread.MarkBytes {
				t.Errorf("Ranges(line %d) = %d bytes (%v), want at most %d", n, r.End-r.Start, r, 2*textread.MarkBytes)
			}
			b := data.Bytes()
			if r.Start > 0 && b[r.Start-1] != '\n' || int64(bytes.Count(b[:r.Start], []byte{'\n'}))+1 != r.FirstLine {
				t.Errorf("Ranges(line %d) = %v: not the start of line %d", n, r, r.FirstLine)
			}
			o := opts
			o.Only = map[int][]int64{0: {n}}
			got, err := collect(t, inputs, o)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, row := range got.Rows {
				if row.N == n {
					found = true
					if row.Text != texts[n] {
						t.Errorf("Run(Only line %d) = %q, want %q", n, row.Text, texts[n])
					}
				}
			}
			if !found {
				t.Errorf("Run(Only line %d): not read", n)
			}
		})
	}
}

// writeLines writes n JSONL lines, line i holding "line i" and i%mod
// copies of pad, and returns their bytes, the file and its inputs.
func writeLines(t *testing.T, n int, pad byte, mod int) (*bytes.Buffer, string, []Input) {
	t.Helper()
	var data bytes.Buffer
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&data, "{\"text\":\"line %d %s\"}\n", i, bytes.Repeat([]byte{pad}, i%mod))
	}
	path := filepath.Join(t.TempDir(), "lines.jsonl")
	if err := os.WriteFile(path, data.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	return &data, path, inputs
}
