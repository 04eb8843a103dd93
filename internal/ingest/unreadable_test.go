package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// TestTruncatedGzip cuts a compressed JSONL file in half: the lines before
// the cut are read, the cut is an unreadable_input record at the line where
// reading stopped, and the next input is still read.
func TestTruncatedGzip(t *testing.T) {
	sample, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(sample)
	zw.Close()
	dir := t.TempDir()
	cut := filepath.Join(dir, "cut.jsonl.gz")
	writeFile(t, cut, zb.Bytes()[:zb.Len()/2])
	next := filepath.Join(dir, "next.jsonl")
	writeFile(t, next, []byte(`{"text":"still read"}`+"\n"))

	inputs, err := Expand([]string{cut, next})
	if err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []int{0, 4096} {
		var bads []BadRecord
		rows := map[int]int{}
		var lastLine int64
		var mu sync.Mutex // fn runs on every worker at once
		err = Run(t.Context(), inputs, Options{Text: []string{"text"}, Workers: 2, ChunkBytes: chunk}, func(_ int, b *Batch) error {
			defer b.Record.Release()
			mu.Lock()
			defer mu.Unlock()
			rows[b.File] += int(b.Record.NumRows())
			for _, l := range b.Lines {
				if b.File == 0 && l > lastLine {
					lastLine = l
				}
			}
			bads = append(bads, b.Bad...)
			return nil
		})
		if err != nil {
			t.Fatalf("chunk %d: Run: %v, want no error", chunk, err)
		}
		if rows[1] != 1 {
			t.Errorf("chunk %d: the file after the cut one gave %d rows, want 1", chunk, rows[1])
		}
		if rows[0] < 100 {
			t.Errorf("chunk %d: %d rows read before the cut, want most of the first half (>= 100)", chunk, rows[0])
		}
		var found bool
		for _, b := range bads {
			if b.Kind == BadUnreadableInput {
				found = true
				if b.Pos.File != 0 || b.Pos.N <= lastLine || !strings.Contains(b.Reason, "unexpected EOF") {
					t.Errorf("chunk %d: unreadable record %+v, want file 0, a line after %d, unexpected EOF", chunk, b, lastLine)
				}
			}
		}
		if !found {
			t.Errorf("chunk %d: no unreadable_input record for the cut file; bad records: %+v", chunk, bads)
		}
	}
}
