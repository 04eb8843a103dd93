package ingest

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/dataaudit/dataaudit/internal/source"
)

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zstdBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	zw, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	return zw.EncodeAll(data, nil)
}

// TestRunCompressed reads gzip and zstd copies of the messy fixture, and a
// plain copy with an extension Expand does not know, and wants exactly what
// the plain file gives.
func TestRunCompressed(t *testing.T) {
	plain, err := os.ReadFile(messyPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opts := Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 3, ChunkBytes: 64}
	inputs, err := Expand([]string{messyPath})
	if err != nil {
		t.Fatal(err)
	}
	want, err := collect(t, inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	want.Batches = 0

	tests := []struct {
		name string
		data []byte
		comp source.Compression
	}{
		{"messy.jsonl.gz", gzipBytes(t, plain), source.Gzip},
		{"messy.jsonl.zst", zstdBytes(t, plain), source.Zstd},
		{"messy.jsonl.zstd", zstdBytes(t, plain), source.Zstd},
		// Compression is found from the content, not the name.
		{"gzip-named.txt", gzipBytes(t, plain), source.Gzip},
		{"messy.txt", plain, source.None},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(dir, tt.name), tt.data)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			wantIn := Input{Path: path, Format: JSONL, Compression: tt.comp, Size: int64(len(tt.data))}
			if diff := cmp.Diff([]Input{wantIn}, inputs, cmpopts.IgnoreUnexported(Input{})); diff != "" {
				t.Fatalf("Expand(%q) mismatch (-want +got):\n%s", path, diff)
			}
			for _, workers := range []int{1, 3} {
				o := opts
				o.Workers = workers
				var read int64
				o.Progress = func(n int64) { read += n } // fn and Progress run on the worker; 1 worker only below
				if workers > 1 {
					o.Progress = nil
				}
				got, err := collect(t, inputs, o)
				if err != nil {
					t.Fatalf("Run(%s, workers %d): %v", tt.name, workers, err)
				}
				got.Batches = 0
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Run(%s, workers %d) mismatch with the plain file (-want +got):\n%s", tt.name, workers, diff)
				}
				if workers == 1 && read != int64(len(tt.data)) {
					t.Errorf("Run(%s): Progress added up to %d bytes, want the %d bytes of the file", tt.name, read, len(tt.data))
				}
			}
		})
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	line := []byte(`{"text":"x"}` + "\n")
	pq, err := os.ReadFile("../../testdata/parquet/duckdb.parquet")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"b.jsonl":              line,
		"a.jsonl.gz":           gzipBytes(t, line),
		"c.NDJSON":             line,
		"sub/d.json":           line,
		"sub/deeper/e.jsonl":   line,
		"sub/f.jsonl.zst":      zstdBytes(t, line),
		"sub/g.parquet":        pq,
		"sub/h.pq":             pq,
		"README":               []byte("not data\n"),
		"README.md":            []byte("# not data\n"),
		"SHA256SUMS":           []byte("abc  b.jsonl\n"),
		"notes.txt":            line,
		"sub/jsonl":            line, // no extension, only a name
		"parquet-as-data.bin":  pq,
		"empty/.keep":          nil,
		"other/only-readme.md": nil,
	}
	for name, data := range files {
		writeFile(t, filepath.Join(dir, name), data)
	}
	p := func(name string) string { return filepath.Join(dir, name) }

	tests := []struct {
		name    string
		args    []string
		want    []Input // Size is filled in from files
		wantErr string
	}{
		{
			name: "directory is walked recursively, sorted, data files only",
			args: []string{dir},
			want: []Input{
				{Path: p("a.jsonl.gz"), Compression: source.Gzip},
				{Path: p("b.jsonl")},
				{Path: p("c.NDJSON")},
				// not sub/d.json: .json in a directory is taken for metadata
				{Path: p("sub/deeper/e.jsonl")},
				{Path: p("sub/f.jsonl.zst"), Compression: source.Zstd},
				{Path: p("sub/g.parquet"), Format: Parquet},
				{Path: p("sub/h.pq"), Format: Parquet},
			},
		},
		{
			name: "glob, sorted",
			args: []string{filepath.Join(dir, "*.jsonl*")},
			want: []Input{
				{Path: p("a.jsonl.gz"), Compression: source.Gzip},
				{Path: p("b.jsonl")},
			},
		},
		{
			name: "glob over directories",
			args: []string{filepath.Join(dir, "sub", "*", "*.jsonl")},
			want: []Input{{Path: p("sub/deeper/e.jsonl")}},
		},
		{
			name: "explicit files in the order given, any extension, each once",
			args: []string{p("notes.txt"), p("README"), p("b.jsonl"), p("notes.txt"), p("parquet-as-data.bin")},
			want: []Input{
				{Path: p("notes.txt")},
				{Path: p("README")},
				{Path: p("b.jsonl")},
				{Path: p("parquet-as-data.bin"), Format: Parquet},
			},
		},
		{
			name: "a file named and found in its directory is read once",
			args: []string{p("sub/d.json"), p("sub")},
			want: []Input{
				{Path: p("sub/d.json")},
				{Path: p("sub/deeper/e.jsonl")},
				{Path: p("sub/f.jsonl.zst"), Compression: source.Zstd},
				{Path: p("sub/g.parquet"), Format: Parquet},
				{Path: p("sub/h.pq"), Format: Parquet},
			},
		},
		{name: "directory without data", args: []string{p("other")}, wantErr: "no .jsonl"},
		{name: "glob without match", args: []string{filepath.Join(dir, "*.csv")}, wantErr: "no files match"},
		{name: "bad glob", args: []string{filepath.Join(dir, "[")}, wantErr: "bad pattern"},
		{name: "missing file", args: []string{p("nope.jsonl")}, wantErr: "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Expand(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Expand(%q) error = %v, want one containing %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Expand(%q): %v", tt.args, err)
			}
			for i := range tt.want {
				rel, _ := filepath.Rel(dir, tt.want[i].Path)
				tt.want[i].Size = int64(len(files[filepath.ToSlash(rel)]))
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(Input{})); diff != "" {
				t.Errorf("Expand(%q) mismatch (-want +got):\n%s", tt.args, diff)
			}
		})
	}

	t.Run("missing file error is fs.ErrNotExist", func(t *testing.T) {
		if _, err := Expand([]string{p("nope.jsonl")}); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Expand(missing) error = %v, want fs.ErrNotExist", err)
		}
	})

	// Everything Expand finds in the directory can be read in one run.
	t.Run("run on the directory", func(t *testing.T) {
		inputs, err := Expand([]string{dir})
		if err != nil {
			t.Fatal(err)
		}
		got, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		// 5 JSONL files of one line, 2 Parquet files of 40 rows.
		if len(got.Rows) != 5+2*40 || len(got.Bad) != 2*3 {
			t.Errorf("Run on %s: %d rows and %d bad records, want %d and %d", dir, len(got.Rows), len(got.Bad), 5+2*40, 6)
		}
		for i, in := range inputs {
			n := 0
			for _, r := range got.Rows {
				if r.File == i {
					n++
				}
			}
			if want := map[Format]int{JSONL: 1, Parquet: 40}[in.Format]; n != want {
				t.Errorf("file %d (%s): %d rows, want %d", i, in.Path, n, want)
			}
		}
	})
}
