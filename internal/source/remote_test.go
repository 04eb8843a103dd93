package source_test

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/source"
)

// TestExpandURL: an object, a glob and a prefix expand as a file, a glob
// and a directory do, with formats sniffed from the objects' bytes.
func TestExpandURL(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(big, make([]byte, 10), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := blobtest.Serve(t, map[string]string{
		"c/a.jsonl":        "../../testdata/sample.jsonl",
		"c/b.parquet":      "../../testdata/parquet/duckdb.parquet",
		"c/sub/d.jsonl":    "../../testdata/sample.jsonl",
		"c/README.md":      "../../testdata/parquet/README.md",
		"c/.cache/e.jsonl": "../../testdata/sample.jsonl",
		"c/plain":          big,
		"other/x.jsonl":    "../../testdata/sample.jsonl",
	})
	sample, err := os.Stat("../../testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, arg   string
		want        string // path:format per input
		wantSkipped string
		wantErr     string
	}{
		{"object", "c/a.jsonl", "c/a.jsonl:jsonl", "", ""},
		{"object without extension", "c/plain", "c/plain:jsonl", "", ""},
		{"glob", "c/*.*", "c/README.md:jsonl c/a.jsonl:jsonl c/b.parquet:parquet", "", ""}, // sorted bytewise, as filepath.Glob
		{"glob, one level", "c/*.jsonl", "c/a.jsonl:jsonl", "", ""},
		{"prefix", "c/", "c/a.jsonl:jsonl c/b.parquet:parquet c/sub/d.jsonl:jsonl", "c/.cache/ c/README.md c/plain", ""},
		{"prefix without slash", "c", "c/a.jsonl:jsonl c/b.parquet:parquet c/sub/d.jsonl:jsonl", "c/.cache/ c/README.md c/plain", ""},
		{"missing", "nope.jsonl", "", "", "file does not exist"},
		{"glob matching nothing", "c/*.csv", "", "", "no objects match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins, skipped, err := source.ExpandSkipped(context.Background(), []string{srv.URL(tt.arg)})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ExpandSkipped(%q) error = %v, want %q", tt.arg, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ExpandSkipped(%q): %v", tt.arg, err)
			}
			trim := func(p string) string {
				return strings.TrimPrefix(p, "s3://"+blobtest.Bucket+"/")
			}
			var got []string
			for _, in := range ins {
				if in.Err() != nil {
					t.Errorf("%s: %v", in.Path, in.Err())
				}
				if !in.IsObject() {
					t.Errorf("%s: IsObject() = false, want true", in.Path)
				}
				if want := in.Path + srv.Query; in.URL() != want {
					t.Errorf("%s: URL() = %q, want %q", in.Path, in.URL(), want)
				}
				if strings.HasSuffix(in.Path, "a.jsonl") && in.Size != sample.Size() {
					t.Errorf("%s: Size = %d, want %d", in.Path, in.Size, sample.Size())
				}
				got = append(got, trim(in.Path)+":"+in.Format.String())
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("ExpandSkipped(%q) = %q, want %q", tt.arg, g, tt.want)
			}
			var sk []string
			for _, s := range skipped {
				sk = append(sk, trim(s.Path))
			}
			if g := strings.Join(sk, " "); g != tt.wantSkipped {
				t.Errorf("ExpandSkipped(%q) skipped %q, want %q", tt.arg, g, tt.wantSkipped)
			}
		})
	}
}

// TestObjectReads: Read, ReadAt and Section of an object give the bytes of
// the file, across block boundaries and at the end; small reads near each
// other cost one request.
func TestObjectReads(t *testing.T) {
	data := make([]byte, 2*1<<20+12345)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	path := filepath.Join(t.TempDir(), "blob.bin")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := blobtest.Serve(t, map[string]string{"blob.bin": path})
	ins, err := source.Expand([]string{srv.URL("blob.bin")})
	if err != nil {
		t.Fatal(err)
	}
	f, err := ins[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	all, err := io.ReadAll(f)
	if err != nil || !bytes.Equal(all, data) {
		t.Fatalf("ReadAll = %d bytes, %v; want the %d bytes of the file", len(all), err, len(data))
	}
	reads := []struct {
		name    string
		off, n  int64
		wantEOF bool
	}{
		{"head", 0, 4, false},
		{"across a block boundary", 1<<20 - 10, 20, false},
		{"one block or more", 100, 1<<20 + 7, false},
		{"tail", int64(len(data)) - 8, 8, false},
		{"past the end", int64(len(data)) - 8, 16, true},
	}
	for _, rd := range reads {
		t.Run(rd.name, func(t *testing.T) {
			p := make([]byte, rd.n)
			n, err := f.ReadAt(p, rd.off)
			end := min(rd.off+rd.n, int64(len(data)))
			if (err == io.EOF) != rd.wantEOF || (err != nil && err != io.EOF) {
				t.Errorf("ReadAt(%d bytes at %d) error = %v, want EOF %v", rd.n, rd.off, err, rd.wantEOF)
			}
			if !bytes.Equal(p[:n], data[rd.off:end]) {
				t.Errorf("ReadAt(%d bytes at %d) = %d bytes not the file's", rd.n, rd.off, n)
			}
			sec, err := io.ReadAll(source.Section(f, rd.off, end-rd.off))
			if err != nil || !bytes.Equal(sec, data[rd.off:end]) {
				t.Errorf("Section(%d, %d) = %d bytes, %v; want the file's", rd.off, end-rd.off, len(sec), err)
			}
		})
	}

	// Footer-like small reads at the end of the object: one request.
	f, err = ins[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := srv.Gets()
	p := make([]byte, 8)
	for off := int64(len(data)) - 5000; off < int64(len(data))-8; off += 500 {
		if _, err := f.ReadAt(p, off); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.Gets() - before; got != 1 {
		t.Errorf("10 small ReadAts in one block made %d requests, want 1", got)
	}
}
