package source

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestSniff: the format and compression come from the first bytes, the
// name deciding only for a file that claims to be Parquet.
func TestSniff(t *testing.T) {
	tests := []struct {
		head, path string
		format     Format
		comp       Compression
	}{
		{"PAR1\x15\x04", "data.bin", Parquet, None},
		{"{\"text\":1}", "data.parquet", Parquet, None}, // named Parquet: the reader says it is not
		{"{\"text\":1}", "DATA.PQ", Parquet, None},
		{"\x1f\x8b\x08\x00", "data.txt", JSONL, Gzip},
		{"\x28\xb5\x2f\xfd\x00", "data.jsonl", JSONL, Zstd},
		{"\x1f\x8b\x08\x00", "data.jsonl.zst", JSONL, Gzip}, // content over name
		{"{\"text\":1}", "data.jsonl.gz", JSONL, None},
		{"", "empty.jsonl", JSONL, None},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			f, c := sniff([]byte(tt.head), tt.path)
			if f != tt.format || c != tt.comp {
				t.Errorf("sniff(%q, %q) = %v, %v; want %v, %v", tt.head, tt.path, f, c, tt.format, tt.comp)
			}
		})
	}
}

// TestDataExt: a directory contributes only files of a known extension.
func TestDataExt(t *testing.T) {
	for name, want := range map[string]bool{
		"a.jsonl": true, "a.NDJSON": true, "a.jsonl.gz": true, "a.ndjson.zstd": true, "a.parquet": true,
		"a.pq": true, "a.json": false, "README": false, "a.jsonl.bak": false, "a.gz": false,
	} {
		if got := dataExt(name); got != want {
			t.Errorf("dataExt(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestCountingReaderAndDecompress: OpenJSONL decompresses a gzip file
// named .txt, and CountingReader counts the raw bytes read.
func TestCountingReaderAndDecompress(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	gz := buf.Bytes()
	path := filepath.Join(t.TempDir(), "x.txt")
	if err := os.WriteFile(path, gz, 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, err := Expand([]string{path})
	if err != nil || len(inputs) != 1 || inputs[0].Compression != Gzip {
		t.Fatalf("Expand(%s) = %+v, %v; want one gzip input", path, inputs, err)
	}
	r, err := OpenJSONL(inputs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, err := io.ReadAll(r); err != nil || string(got) != "{}\n" {
		t.Errorf("OpenJSONL read %q, %v; want %q", got, err, "{}\n")
	}
	cr := &CountingReader{R: bytes.NewReader(gz)}
	if _, err := io.Copy(io.Discard, cr); err != nil || cr.N != int64(len(gz)) {
		t.Errorf("CountingReader counted %d, %v; want %d", cr.N, err, len(gz))
	}
}

// TestUnsupportedCompression: a file compressed or archived in a format
// the reader does not decompress (bzip2, xz, lz4, zip, 7z) is an input
// that cannot be read, saying so, whatever its name; before, its bytes
// were read as JSONL (or CSV), hundreds of invalid_json bad records of
// binary garbage that counted as records read. Text that merely starts
// with the same letters is still read.
func TestUnsupportedCompression(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, head, want string
	}{
		{"a.jsonl.bz2", "BZh91AY&SY", "bzip2"},
		{"b.jsonl", "BZh91AY&SY", "bzip2"},
		{"c.jsonl.xz", "\xfd7zXZ\x00\x00", "xz"},
		{"d.zip", "PK\x03\x04\x14\x00", "zip"},
		{"e.csv", "PK\x03\x04\x14\x00", "zip"},
		{"f.jsonl.lz4", "\x04\x22\x4d\x18\x64", "lz4"},
		{"g.7z", "7z\xbc\xaf\x27\x1c", "7z"},
		{"text.jsonl", "BZh is not a header\n", ""},
		{"text.tsv", "PK\tid\n1\t2\n", ""},
	} {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, []byte(tt.head+"\n{\"text\":\"x\"}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := detect(path).Err()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v, want it read", tt.name, err)
		case tt.want != "" && (err == nil || !bytes.Contains([]byte(err.Error()), []byte(tt.want))):
			t.Errorf("%s: error %v, want one naming %s", tt.name, err, tt.want)
		}
	}
}
