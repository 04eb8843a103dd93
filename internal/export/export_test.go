package export

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/klauspost/compress/gzip"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWriteJSONL(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.jsonl")
	// CRLF, a bad line, and a last line without a newline: kept as they are.
	write(t, a, "{\"text\":\"one\"}\r\n{\"text\":\"two\"}\r\nnot json\r\n{\"text\":\"three\"}")
	write(t, b, "{\"text\":\"ONE\"}\n{\"text\":\"four\"}\n")
	inputs, err := ingest.Expand([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	drop := []ingest.Pos{{File: 0, N: 2, Line: true}, {File: 1, N: 1, Line: true}}
	for _, name := range []string{"out.jsonl", "out.jsonl.gz"} {
		out := filepath.Join(dir, name)
		st, err := Write(context.Background(), out, inputs, drop)
		if err != nil {
			t.Fatal(err)
		}
		if st != (Stats{Kept: 4, Dropped: 2}) {
			t.Errorf("%s: stats = %+v, want 4 kept, 2 dropped", name, st)
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if raw, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		want := "{\"text\":\"one\"}\r\nnot json\r\n{\"text\":\"three\"}\n{\"text\":\"four\"}\n"
		if string(raw) != want {
			t.Errorf("%s = %q, want %q", name, raw, want)
		}
		if _, err := os.Stat(out + ".tmp"); err == nil {
			t.Errorf("%s.tmp left behind", name)
		}
	}
	if _, err := Write(context.Background(), filepath.Join(dir, "out.parquet"), inputs, drop); err == nil || !strings.Contains(err.Error(), "the inputs are jsonl") {
		t.Errorf("JSONL inputs to a .parquet: error %v, want one saying the inputs are jsonl", err)
	}
}

func TestWriteParquet(t *testing.T) {
	src := "../../testdata/parquet/arrow_large_dict.parquet"
	dir := t.TempDir()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(dir, "second.parquet")
	write(t, second, string(data))
	inputs, err := ingest.Expand([]string{src, second})
	if err != nil {
		t.Fatal(err)
	}
	// Drop rows across batch and file boundaries: the last row of the
	// first file, the first rows of the second.
	drop := []ingest.Pos{{File: 0, N: 0}, {File: 0, N: 17}, {File: 0, N: 39}, {File: 1, N: 0}, {File: 1, N: 1}}
	out := filepath.Join(dir, "out.parquet")
	st, err := Write(context.Background(), out, inputs, drop)
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Kept: 75, Dropped: 5}) {
		t.Errorf("stats = %+v, want 75 kept, 5 dropped", st)
	}
	rdr, err := file.OpenParquetFile(out, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	if rdr.NumRows() != 75 {
		t.Errorf("written file has %d rows, want 75", rdr.NumRows())
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := fr.Schema()
	srdr, _ := file.OpenParquetFile(src, false)
	defer srdr.Close()
	sfr, _ := pqarrow.NewFileReader(srdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	want, _ := sfr.Schema()
	if !got.Equal(want) {
		t.Errorf("schema = %s, want the input's %s", got, want)
	}
}

// cancelAfter is a context whose Err says Canceled from its n+1st call on:
// a SIGINT that arrives while Write is copying.
type cancelAfter struct {
	context.Context
	n int
}

func (c *cancelAfter) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

func TestWriteCancelled(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.jsonl")
	var sb strings.Builder
	for i := range 20000 {
		sb.WriteString(`{"text":"row ` + strings.Repeat("x", i%7) + `"}` + "\n")
	}
	write(t, big, sb.String())
	pq := "../../testdata/parquet/arrow_large_dict.parquet"
	tests := []struct {
		name, in, out string
		calls         int // ctx.Err calls that pass before the cancel
	}{
		{"jsonl, cancelled while copying", big, "out.jsonl", 1},
		{"jsonl.zst, cancelled while copying", big, "out.jsonl.zst", 1},
		{"jsonl, cancelled before", big, "out.jsonl", 0},
		{"parquet, cancelled before", pq, "out.parquet", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := ingest.Expand([]string{tt.in})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, tt.out)
			write(t, out, "previous export\n")
			ctx := &cancelAfter{Context: context.Background(), n: tt.calls}
			if _, err := Write(ctx, out, inputs, nil); !errors.Is(err, context.Canceled) {
				t.Errorf("Write(cancelled) = %v, want context.Canceled", err)
			}
			if got, _ := os.ReadFile(out); string(got) != "previous export\n" {
				t.Errorf("after a cancelled Write, %s holds %d bytes, want the previous export", tt.out, len(got))
			}
			es, _ := os.ReadDir(dir)
			for _, e := range es {
				if strings.Contains(e.Name(), ".tmp") {
					t.Errorf("%s left behind", e.Name())
				}
			}
		})
	}
}
