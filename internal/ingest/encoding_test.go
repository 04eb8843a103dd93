package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16, little- or big-endian, with or without
// a byte-order mark.
func utf16Bytes(s string, bigEndian, mark bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(s))
	if mark {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// TestEncodingHint: UTF-16 or UTF-32 lines after a UTF-8 one (a file
// that does not start in them: TestFileEncoding), or CR-only line ends,
// say so in the bad records' reasons; other bad lines do not.
func TestEncodingHint(t *testing.T) {
	const lines = `{"text":"hello there"}` + "\r\n" + `{"text":"world"}` + "\r\n"
	after := func(b []byte) []byte { return append([]byte(`{"text":"ok"}`+"\n"), b...) }
	const crOnly = `{"text":"a"}` + "\r" + `{"text":"b"}` + "\r" + `{"text":"c"}` + "\r"
	for _, tc := range []struct {
		name    string
		data    []byte
		maxLine int
		chunk   int
		kind    string
		want    string // in every bad record's reason; "": neither hint
	}{
		{"utf16le bom", after(utf16Bytes(lines, false, true)), 0, 0, BadJSON, "UTF-16"},
		{"utf16be bom", after(utf16Bytes(lines, true, true)), 0, 0, BadJSON, "UTF-16"},
		{"utf16le no bom", after(utf16Bytes(lines, false, false)), 0, 0, BadJSON, "UTF-16"},
		{"utf16be no bom", after(utf16Bytes(lines, true, false)), 0, 0, BadJSON, "UTF-16"},
		{"utf32le bom", after(utf32Bytes(lines, false, true)), 0, 0, BadJSON, "UTF-32"},
		{"utf32be no bom", after(utf32Bytes(lines, true, false)), 0, 0, BadJSON, "UTF-32"},
		{"cr only", []byte(crOnly), 0, 0, BadJSON, "carriage return"},
		{"cr only over the line limit", []byte(strings.Repeat(`{"text":"some words here"}`+"\r", 20)), 100, 0, BadLongLine, "carriage return"},
		{"cr only over the chunk", []byte(strings.Repeat(`{"text":"some words here"}`+"\r", 20)), 100, 64, BadLongLine, "carriage return"},
		{"plain bad json", []byte(`{"text": nope}` + "\n"), 0, 0, BadJSON, ""},
		{"raw cr in a string", []byte(`{"text":"a` + "\r" + `b"}` + "\n"), 0, 0, BadJSON, ""},
		{"long plain line", []byte(`{"text":"` + strings.Repeat("x", 200) + `"}` + "\n"), 100, 0, BadLongLine, ""},
		{"long plain line over the chunk", []byte(`{"text":"` + strings.Repeat("x", 200) + `"}` + "\n"), 100, 64, BadLongLine, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "in.jsonl"), tc.data)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var bad []BadRecord
			err = Run(context.Background(), inputs, Options{Text: []string{"text"}, MaxLineBytes: tc.maxLine, ChunkBytes: tc.chunk}, func(_ int, b *Batch) error {
				defer b.Record.Release()
				mu.Lock()
				bad = append(bad, b.Bad...)
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(bad) == 0 {
				t.Fatalf("Run(%q) = no bad records, want %s", tc.data, tc.kind)
			}
			for _, r := range bad {
				if r.Pos.N > 3 {
					continue // the lone NULs after a little-endian last '\n'
				}
				if r.Kind != tc.kind {
					t.Errorf("Run(%q) bad record kind = %q, want %q", tc.data, r.Kind, tc.kind)
				}
				hinted := strings.Contains(r.Reason, "UTF-16") || strings.Contains(r.Reason, "UTF-32") || strings.Contains(r.Reason, "carriage return")
				if tc.want == "" && hinted || tc.want != "" && !strings.Contains(r.Reason, tc.want) {
					t.Errorf("Run(%q) line %d reason = %q, want %q in it", tc.data, r.Pos.N, r.Reason, tc.want)
				}
			}
		})
	}
}

// utf32Bytes encodes s as UTF-32, little- or big-endian, with or without
// a byte-order mark.
func utf32Bytes(s string, bigEndian, mark bool) []byte {
	var out []byte
	rs := []rune(s)
	if mark {
		rs = append([]rune{0xFEFF}, rs...)
	}
	for _, r := range rs {
		u := uint32(r)
		if bigEndian {
			out = append(out, byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8), byte(u>>16), byte(u>>24))
		}
	}
	return out
}

// TestFileEncoding: a JSONL file in UTF-16 or UTF-32 says so once, in a
// file_encoding record of no rows at its first line that names the
// encoding and the iconv command; each line is still a bad record of its
// own (the records are counted), and none of them repeats the hint. A
// UTF-8 file has no such record. Of a compressed file, the command
// decompresses first.
func TestFileEncoding(t *testing.T) {
	const lines = `{"text":"hello there"}` + "\n" + `{"text":"world"}` + "\n" + `{"text":"again"}` + "\n"
	for _, tc := range []struct {
		name  string
		data  []byte
		chunk int
		want  string // in the file_encoding record; "": none
	}{
		{"utf16le bom", utf16Bytes(lines, false, true), 0, "UTF-16LE"},
		{"utf16be bom", utf16Bytes(lines, true, true), 0, "UTF-16BE"},
		{"utf16le no bom", utf16Bytes(lines, false, false), 0, "UTF-16LE"},
		{"utf16be no bom", utf16Bytes(lines, true, false), 0, "UTF-16BE"},
		{"utf32le bom", utf32Bytes(lines, false, true), 0, "UTF-32LE"},
		{"utf32be bom", utf32Bytes(lines, true, true), 0, "UTF-32BE"},
		{"utf32le no bom", utf32Bytes(lines, false, false), 0, "UTF-32LE"},
		{"utf32be no bom", utf32Bytes(lines, true, false), 0, "UTF-32BE"},
		{"utf16le small chunks", utf16Bytes(lines, false, true), 40, "UTF-16LE"},
		{"utf16le no bom, CJK text", utf16Bytes(`{"text":"中文的文本，没有字节顺序标记"}`+"\n"+`{"text":"第二行"}`+"\n"+`{"text":"三"}`+"\n", false, false), 0, "UTF-16LE"},
		{"utf8", []byte(lines), 0, ""},
		{"utf8 bad lines", []byte("{nope}\n\x00{\x00\"\x00t\x00e\x00x\x00t\x00\"\x00:\x00\"\x00a\x00\"\x00}\x00\n"), 0, ""},
		// A compressed file is decompressed before iconv reads it.
		{"utf16le gzip", gzipBytes(t, utf16Bytes(lines, false, true)), 0, "UTF-16LE"},
		{"utf32be zstd", zstdBytes(t, utf32Bytes(lines, true, false)), 0, "UTF-32BE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name, decompress := "in.jsonl", ""
			switch {
			case strings.HasSuffix(tc.name, " gzip"):
				name, decompress = "in.jsonl.gz", "gzip -dc | "
			case strings.HasSuffix(tc.name, " zstd"):
				name, decompress = "in.jsonl.zst", "zstd -dc | "
			}
			path := writeFile(t, filepath.Join(t.TempDir(), name), tc.data)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var bad []BadRecord
			rows := 0
			err = Run(context.Background(), inputs, Options{Text: []string{"text"}, ChunkBytes: tc.chunk}, func(_ int, b *Batch) error {
				defer b.Record.Release()
				mu.Lock()
				bad = append(bad, b.Bad...)
				rows += int(b.Record.NumRows())
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var files, lineRecs int
			for _, r := range bad {
				if r.Kind == BadFileEncoding {
					files++
					if r.Rows != 0 || r.Pos.N != 1 || !r.Pos.Line {
						t.Errorf("Run(%q) file_encoding record = %+v, want no rows at line 1", tc.name, r)
					}
					if !strings.Contains(r.Reason, tc.want) || !strings.Contains(r.Reason, " with "+decompress+"iconv -f "+tc.want+" -t UTF-8") {
						t.Errorf("Run(%q) file_encoding reason = %q, want %q and its command (%siconv) in it", tc.name, r.Reason, tc.want, decompress)
					}
					continue
				}
				lineRecs++
				if tc.want != "" && (strings.Contains(r.Reason, "UTF-16") || strings.Contains(r.Reason, "UTF-32")) {
					t.Errorf("Run(%q) line %d reason = %q, want the encoding said once, not per line", tc.name, r.Pos.N, r.Reason)
				}
			}
			wantFiles := 0
			if tc.want != "" {
				wantFiles = 1
				if rows != 0 || lineRecs < 3 {
					t.Errorf("Run(%q) = %d rows, %d bad lines, want 0 rows and every line bad", tc.name, rows, lineRecs)
				}
			}
			if files != wantFiles {
				t.Errorf("Run(%q) file_encoding records = %d, want %d (bad: %+v)", tc.name, files, wantFiles, bad)
			}
		})
	}
}

// TestCSVEncoding: a CSV or TSV file in UTF-16 or UTF-32 fails on its
// header (the column is not found) with an error that says the encoding
// and how to convert it; a UTF-8 one's error does not.
func TestCSVEncoding(t *testing.T) {
	const csv = "id,text\n1,hello world\n"
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string // in the error; "": no encoding named
	}{
		{"utf16le bom", "in.csv", utf16Bytes(csv, false, true), "UTF-16LE"},
		{"utf16be", "in.csv", utf16Bytes(csv, true, false), "UTF-16BE"},
		{"utf32le bom tsv", "in.tsv", utf32Bytes("id\ttext\n1\thello\n", false, true), "UTF-32LE"},
		{"utf8, wrong column", "in.csv", []byte("id,body\n1,hello world\n"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), tc.file), tc.data)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			err = Run(context.Background(), inputs, Options{Text: []string{"text"}}, func(_ int, b *Batch) error {
				b.Record.Release()
				return nil
			})
			if err == nil {
				t.Fatalf("Run(%q) = nil error, want one", tc.data)
			}
			named := strings.Contains(err.Error(), "UTF-16") || strings.Contains(err.Error(), "UTF-32")
			if tc.want == "" && named || tc.want != "" && !strings.Contains(err.Error(), "iconv -f "+tc.want+" -t UTF-8") {
				t.Errorf("Run(%q) error = %v, want %q and its iconv command in it", tc.data, err, tc.want)
			}
		})
	}
}
