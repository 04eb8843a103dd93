package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
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

// TestGzipCutAfterWholeLines cuts a gzip stream right after a flushed run
// of whole lines, so that the read error comes when nothing is left to
// hand over: it must still be reported, not lost.
func TestGzipCutAfterWholeLines(t *testing.T) {
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	for range 10 {
		zw.Write([]byte(`{"text":"` + strings.Repeat("x", 88) + `"}` + "\n"))
	}
	zw.Flush() // every line out, trailer not yet written
	path := filepath.Join(t.TempDir(), "cut.jsonl.gz")
	writeFile(t, path, zb.Bytes())
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []int{100, 1000, 4096} {
		var mu sync.Mutex
		rows, unreadable := 0, 0
		err := Run(t.Context(), inputs, Options{Text: []string{"text"}, Workers: 2, ChunkBytes: chunk}, func(_ int, b *Batch) error {
			defer b.Record.Release()
			mu.Lock()
			defer mu.Unlock()
			rows += int(b.Record.NumRows())
			for _, bad := range b.Bad {
				if bad.Kind == BadUnreadableInput {
					unreadable++
				}
			}
			return nil
		})
		if err != nil || rows != 10 || unreadable != 1 {
			t.Errorf("chunk %d: Run = %v, %d rows, %d unreadable_input, want nil, 10, 1", chunk, err, rows, unreadable)
		}
	}
}

// TestRunReleasesQueuedBatchesOnError: when fn fails, batches already
// queued for analysis are released, also with one worker.
func TestRunReleasesQueuedBatchesOnError(t *testing.T) {
	inputs, err := Expand([]string{filepath.Join(parquetDir, "duckdb.parquet"), filepath.Join(parquetDir, "arrow_large_dict.parquet")})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 8} {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		stop := errors.New("stop")
		err := Run(t.Context(), inputs, Options{Text: []string{"text"}, Workers: workers, BatchRows: 3, Mem: mem}, func(_ int, b *Batch) error {
			b.Record.Release()
			return stop
		})
		if !errors.Is(err, stop) {
			t.Errorf("workers %d: Run = %v, want the error from fn", workers, err)
		}
		mem.AssertSize(t, 0)
	}
}
