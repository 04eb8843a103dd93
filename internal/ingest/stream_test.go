//go:build unix

package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dataaudit/dataaudit/internal/source"
)

// rowsJSONL returns n JSONL records {"text":"row i"}, i from 1.
func rowsJSONL(n int) []byte {
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "{\"text\":\"row %d\"}\n", i)
	}
	return b.Bytes()
}

// withStdin makes os.Stdin a pipe that gives data, for the length of the
// test. Tests that use it must not run in parallel.
func withStdin(t *testing.T, data []byte) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = r
	go func() {
		w.Write(data) // more than a pipe holds: written as it is read
		w.Close()
	}()
	t.Cleanup(func() {
		os.Stdin = old
		r.Close()
	})
}

// checkEveryRowOnce wants rows "row 1" to "row n", each once, at its line,
// and no bad record.
func checkEveryRowOnce(t *testing.T, name string, got result, n int) {
	t.Helper()
	if len(got.Bad) != 0 {
		t.Errorf("%s: bad records %+v, want none", name, got.Bad)
	}
	seen := make([]bool, n+1)
	for _, r := range got.Rows {
		want := fmt.Sprintf("row %d", r.N)
		if r.N < 1 || r.N > int64(n) || r.Text != want || seen[r.N] {
			t.Errorf("%s: row %+v: want each of lines 1 to %d once, with text %q", name, r, n, want)
			continue
		}
		seen[r.N] = true
	}
	if len(got.Rows) != n {
		t.Errorf("%s: %d rows, want %d", name, len(got.Rows), n)
	}
}

// TestStdin reads standard input ("-") in every format, and wants every row
// exactly once: the format sniffing and the field probe must not take
// bytes from the scan.
func TestStdin(t *testing.T) {
	const n = 5000
	plain := rowsJSONL(n)
	tests := []struct {
		name string
		data []byte
		comp source.Compression
		rows int
	}{
		{"plain", plain, source.None, n},
		{"gzip", gzipBytes(t, plain), source.Gzip, n},
		{"zstd", zstdBytes(t, plain), source.Zstd, n},
		{"plain, larger than the probe", rowsJSONL(200_000), source.None, 200_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			withStdin(t, tt.data)
			inputs, err := ExpandContext(t.Context(), []string{"-", "-"})
			if err != nil {
				t.Fatal(err)
			}
			defer Close(inputs)
			if len(inputs) != 1 || inputs[0].Path != StdinName || !inputs[0].IsStream() || inputs[0].Compression != tt.comp {
				t.Fatalf("ExpandContext(-, -) = %+v, want one stream %s, compression %v", inputs, StdinName, tt.comp)
			}
			got, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2, ChunkBytes: 4096})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			checkEveryRowOnce(t, tt.name, got, tt.rows)
			if inputs[0].Bytes() != int64(len(tt.data)) {
				t.Errorf("Bytes() = %d, want %d", inputs[0].Bytes(), len(tt.data))
			}
			sum := sha256.Sum256(tt.data)
			if d, ok := inputs[0].Digest(); !ok || d != hex.EncodeToString(sum[:]) {
				t.Errorf("Digest() = %q, %v, want %x, true", d, ok, sum)
			}
			// Without a copy, a second pass is refused.
			_, err = collect(t, inputs, Options{Text: []string{"text"}})
			if err == nil || !strings.Contains(err.Error(), "read only once") {
				t.Errorf("second Run without Spool: %v, want an error saying a stream is read only once", err)
			}
		})
	}
}

// TestStdinMissingField checks that the probe of a stream still names a
// misspelt --text, before any batch.
func TestStdinMissingField(t *testing.T) {
	withStdin(t, rowsJSONL(10))
	inputs, err := ExpandContext(t.Context(), []string{"-"})
	if err != nil {
		t.Fatal(err)
	}
	defer Close(inputs)
	_, err = collect(t, inputs, Options{Text: []string{"body"}})
	if err == nil || !strings.Contains(err.Error(), `no field "body"`) {
		t.Errorf("Run(--text body) on stdin: %v, want no field \"body\"", err)
	}
}

// TestStreamSpool reads a stream with Spool, then reads it again from the
// copy (Run, OpenJSONL), and wants the same rows; Close removes the copy.
func TestStreamSpool(t *testing.T) {
	const n = 3000
	data := gzipBytes(t, rowsJSONL(n))
	withStdin(t, data)
	inputs, err := ExpandContext(t.Context(), []string{"-"})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	opts := Options{Text: []string{"text"}, Workers: 3, ChunkBytes: 1000, Spool: true, Notify: func(m string) { notes = append(notes, m) }}
	first, err := collect(t, inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkEveryRowOnce(t, "first pass", first, n)
	if len(notes) != 1 || !strings.Contains(notes[0], "keeping a copy") {
		t.Errorf("Notify got %q, want one note about the copy", notes)
	}
	second, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2})
	if err != nil {
		t.Fatalf("second Run: %v", err)
	}
	checkEveryRowOnce(t, "second pass", second, n)
	r, err := OpenJSONL(inputs[0])
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(all, rowsJSONL(n)) {
		t.Errorf("OpenJSONL after the scan: %d bytes, %v; want the %d bytes of the stream", len(all), err, len(rowsJSONL(n)))
	}
	f, err := inputs[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	spool := f.Name()
	f.Close()
	if _, err := os.Stat(spool); err != nil {
		t.Fatalf("the copy %s: %v", spool, err)
	}
	Close(inputs)
	if _, err := os.Stat(spool); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Close, the copy %s: %v, want it removed", spool, err)
	}
}

// TestStreamParquet reads a Parquet file from a pipe: it is copied whole
// first (Parquet needs random access), and reads as the file does.
func TestStreamParquet(t *testing.T) {
	data, err := os.ReadFile("../../testdata/parquet/duckdb.parquet")
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Text: []string{"text"}, Label: "label", Workers: 2}
	files, err := Expand([]string{"../../testdata/parquet/duckdb.parquet"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := collect(t, files, opts)
	if err != nil {
		t.Fatal(err)
	}
	withStdin(t, data)
	inputs, err := ExpandContext(t.Context(), []string{"-"})
	if err != nil {
		t.Fatal(err)
	}
	defer Close(inputs)
	if inputs[0].Format != Parquet {
		t.Fatalf("format of a Parquet stream: %v, want parquet", inputs[0].Format)
	}
	notes := 0
	opts.Notify = func(string) { notes++ }
	got, err := collect(t, inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) == 0 || len(got.Rows) != len(want.Rows) || len(got.Bad) != len(want.Bad) || notes != 1 {
		t.Errorf("Parquet from a pipe: %d rows, %d bad, %d notes; want %d rows, %d bad as the file, 1 note", len(got.Rows), len(got.Bad), notes, len(want.Rows), len(want.Bad))
	}
}

// TestFIFO reads a named pipe: every row exactly once.
func TestFIFO(t *testing.T) {
	const n = 20000
	data := rowsJSONL(n)
	fifo := filepath.Join(t.TempDir(), "in.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			done <- err
			return
		}
		_, err = w.Write(data)
		w.Close()
		done <- err
	}()
	inputs, err := ExpandContext(t.Context(), []string{fifo, fifo})
	if err != nil {
		t.Fatal(err)
	}
	defer Close(inputs)
	if len(inputs) != 1 || inputs[0].Path != fifo || !inputs[0].IsStream() {
		t.Fatalf("ExpandContext(fifo, fifo) = %+v, want the FIFO once, as a stream", inputs)
	}
	got, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2, ChunkBytes: 8192})
	if err != nil {
		t.Fatal(err)
	}
	checkEveryRowOnce(t, "fifo", got, n)
	if err := <-done; err != nil {
		t.Errorf("writer: %v", err)
	}
}

// TestFIFOInDirectory: a FIFO found in a directory is skipped, with why,
// not opened (which waited for a writer forever); named, it is read.
func TestFIFOInDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), rowsJSONL(3), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "b.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // the bug waited for ever
	defer cancel()
	inputs, skipped, err := ExpandSkipped(ctx, []string{dir})
	if err != nil {
		t.Fatalf("ExpandSkipped(dir with a FIFO) = %v", err)
	}
	defer Close(inputs)
	if len(inputs) != 1 || inputs[0].Path != filepath.Join(dir, "a.jsonl") || len(skipped) != 1 || skipped[0].Path != fifo {
		t.Errorf("ExpandSkipped(dir with a FIFO) = %+v, skipped %+v; want a.jsonl, the FIFO skipped", inputs, skipped)
	}
}

// TestFIFOCancel cancels while Expand waits for a FIFO's writer, and while
// Run waits for the writer's next bytes: both return ctx's error.
func TestFIFOCancel(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "in.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Run("open", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		go func() { time.Sleep(50 * time.Millisecond); cancel() }() // no writer ever comes
		inputs, err := ExpandContext(ctx, []string{fifo})
		if !errors.Is(err, context.Canceled) {
			Close(inputs)
			t.Errorf("ExpandContext on a FIFO without a writer, cancelled: %v, want context.Canceled", err)
		}
	})
	t.Run("read", func(t *testing.T) {
		const n = 1500 // past the probe's 1000 lines: the scan is the one blocked
		w := make(chan *os.File, 1)
		go func() {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				t.Error(err)
				w <- nil
				return
			}
			f.Write(append(rowsJSONL(n), `{"text":"sec`...)) // then nothing
			w <- f
		}()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		inputs, err := ExpandContext(ctx, []string{fifo})
		if err != nil {
			t.Fatal(err)
		}
		defer Close(inputs)
		if f := <-w; f != nil {
			defer f.Close() // the writer stays open: the read of the last line blocks
		}
		var once sync.Once
		err = Run(ctx, inputs, Options{Text: []string{"text"}, Workers: 2, ChunkBytes: 4096}, func(_ int, b *Batch) error {
			defer b.Record.Release()
			// By the time this fires the reader has long been waiting for
			// bytes that do not come; if it were not, cancelling would end
			// the run all the same.
			once.Do(func() { time.AfterFunc(50*time.Millisecond, cancel) })
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run: %v, want context.Canceled", err)
		}
	})
}

// TestStdinLongFirstLine: a first line longer than what the probe holds in
// memory is read whole by the scan all the same.
func TestStdinLongFirstLine(t *testing.T) {
	long := `{"text":"` + strings.Repeat("x", 12<<20) + `"}` + "\n"
	data := append([]byte(long), rowsJSONL(10)...)
	withStdin(t, data)
	inputs, err := ExpandContext(t.Context(), []string{"-"})
	if err != nil {
		t.Fatal(err)
	}
	defer Close(inputs)
	got, err := collect(t, inputs, Options{Text: []string{"text"}})
	if err != nil {
		t.Fatal(err)
	}
	whole := 0
	for _, r := range got.Rows {
		if r.N == 1 && len(r.Text) == 12<<20 {
			whole++
		}
	}
	if len(got.Rows) != 11 || whole != 1 || len(got.Bad) != 0 {
		t.Errorf("stdin with a 12 MiB first line: %d rows, %d bad; want 11 rows (the first whole), none bad", len(got.Rows), len(got.Bad))
	}
}
