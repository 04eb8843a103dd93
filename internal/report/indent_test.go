package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// indentRef is what encoding/json writes for compact: an Encoder with
// SetIndent("", "  ") indents its marshalled bytes with json.Indent.
func indentRef(t testing.TB, compact []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, compact, "", "  "); err != nil {
		t.Fatalf("json.Indent(%q): %v", compact, err)
	}
	return buf.Bytes()
}

// smallWriter takes at most n bytes a call, so that every piece boundary
// of writeIndented is exercised by short inputs too.
type smallWriter struct {
	buf bytes.Buffer
	n   int
}

func (s *smallWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), s.n)
		s.buf.Write(p[:k])
		p = p[k:]
	}
	return n, nil
}

func checkIndent(t *testing.T, compact []byte) {
	t.Helper()
	want := indentRef(t, compact)
	var got bytes.Buffer
	if err := writeIndented(&got, compact); err != nil {
		t.Fatalf("writeIndented(%.80q): %v", compact, err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		i := 0
		for i < min(got.Len(), len(want)) && got.Bytes()[i] == want[i] {
			i++
		}
		t.Fatalf("writeIndented(%.80q) differs from json.Indent at byte %d: got %.60q, want %.60q", compact, i, got.Bytes()[i:], want[i:])
	}
}

func TestWriteIndented(t *testing.T) {
	long := strings.Repeat(`a\"b\\`, 30000) // a string longer than a piece
	many := "[" + strings.Repeat(`{"k":[1,{},[]],"s":"x,y:{z}"},`, 5000) + `0]`
	for _, tc := range []struct{ name, in string }{
		{"empty object", `{}`},
		{"empty array", `[]`},
		{"empties nested", `{"a":{},"b":[],"c":[{}],"d":[[]]}`},
		{"scalars", `[1,-2.5e-7,true,false,null,"s"]`},
		{"top-level string", `"x"`},
		{"top-level number", `42`},
		{"escaped quote", `{"a\"b":"c\"d\"","e":1}`},
		{"escaped backslash before quote", `{"a\\":"b\\\\","c":"\\\"\\"}`},
		{"punctuation in strings", `{"{[,:]}":"},{:[\u003c\u2028"}`},
		{"deep", strings.Repeat(`{"a":[`, 50) + `1` + strings.Repeat(`]}`, 50)},
		{"trailing newline", "{\"a\":[1,2]}\n"},
		{"long string", `{"s":"` + long + `","t":1}`},
		{"many pieces", many},
	} {
		t.Run(tc.name, func(t *testing.T) { checkIndent(t, []byte(tc.in)) })
	}
}

// TestWriteIndentedFiles checks the JSON files under testdata (reports,
// profiles, reference results) compacted and indented again.
func TestWriteIndentedFiles(t *testing.T) {
	files, _ := filepath.Glob("../../cmd/dataaudit/testdata/golden/*.json")
	more, _ := filepath.Glob("../../testdata/*/*.json")
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no JSON files found under testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := json.Compact(&buf, raw); err != nil {
				t.Skipf("not one JSON value: %v", err)
			}
			buf.WriteByte('\n')
			checkIndent(t, buf.Bytes())
		})
	}
}

// TestWriteJSONEncoder holds WriteJSON to the Encoder it replaced.
func TestWriteJSONEncoder(t *testing.T) {
	d := &Document{Schema: "s<&>", Command: "scan \"x\"", Inputs: []Input{{Path: "a\\b.jsonl", Format: "jsonl", Bytes: 3}}}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 7, 1 << 20} {
		w := &smallWriter{n: n}
		if err := WriteJSON(w, d); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w.buf.Bytes(), want.Bytes()) {
			t.Fatalf("WriteJSON(writes of %d) = %q, want %q", n, w.buf.Bytes(), want.Bytes())
		}
	}
}

func FuzzWriteIndented(f *testing.F) {
	for _, s := range []string{`{}`, `[[],{}]`, `{"a\"":"\\"}`, `[1,"x,y",{"k":null}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var buf bytes.Buffer
		if json.Compact(&buf, in) != nil {
			return
		}
		checkIndent(t, buf.Bytes())
	})
}

func BenchmarkWriteIndented(b *testing.B) {
	raw, err := os.ReadFile(benchFile())
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		b.Fatal(err)
	}
	compact := buf.Bytes()
	b.Run("encoding/json", func(b *testing.B) {
		b.SetBytes(int64(len(compact)))
		b.ReportAllocs()
		var dst bytes.Buffer
		for b.Loop() {
			dst.Reset()
			_ = json.Indent(&dst, compact, "", "  ")
		}
	})
	b.Run("writeIndented", func(b *testing.B) {
		b.SetBytes(int64(len(compact)))
		b.ReportAllocs()
		var dst bytes.Buffer
		for b.Loop() {
			dst.Reset()
			_ = writeIndented(&dst, compact)
		}
	})
}

// benchFile is the report BenchmarkWriteIndented indents: the sample
// scan's golden, or $DATAAUDIT_INDENT_BENCH (a large report, say).
func benchFile() string {
	if f := os.Getenv("DATAAUDIT_INDENT_BENCH"); f != "" {
		return f
	}
	return "../../cmd/dataaudit/testdata/golden/scan_sample.json"
}
