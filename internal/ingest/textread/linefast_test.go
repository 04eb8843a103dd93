package textread

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
)

// decodeBoth decodes data (whole lines of a file, the first being line
// firstLine) with lines cut by the parser (lineFast) and by a newline
// search first, and returns what each batch holds.
func decodeBoth(t testing.TB, opts *batch.Options, data []byte, firstLine int64) (fast, slow string) {
	t.Helper()
	saved := lineFast
	defer func() { lineFast = saved }()
	for _, on := range []bool{true, false} {
		lineFast = on
		d := NewDecoder(opts)
		if on && !d.lineFast && len(opts.Text) == 1 {
			t.Fatalf("decoder of %+v does not cut lines by parsing", opts)
		}
		// Twice, so that a second batch reuses the decoder's buffers.
		var sb strings.Builder
		for range 2 {
			b := d.DecodeLines(0, data, firstLine, firstLine == 1)
			sb.WriteString(describeBatch(b))
			b.Record.Release()
		}
		if on {
			fast = sb.String()
		} else {
			slow = sb.String()
		}
	}
	return fast, slow
}

// describeBatch prints everything a batch of JSONL lines holds.
func describeBatch(b *batch.Batch) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "rows %d lines %v blank %d shapes %v labels %v first %v turns %v whole %v\n",
		b.Record.NumRows(), b.Lines, b.Blank, b.Shapes, b.LabelKinds, b.FirstLabel, b.Turns, b.WholeTurns)
	for _, r := range b.Bad {
		fmt.Fprintf(&sb, "bad %+v\n", r)
	}
	for i, f := range b.Record.Schema().Fields() {
		col := b.Record.Column(i).(*array.String)
		for j := range col.Len() {
			if col.IsNull(j) {
				fmt.Fprintf(&sb, "%s[%d] null\n", f.Name, j)
			} else {
				fmt.Fprintf(&sb, "%s[%d] %q\n", f.Name, j, col.Value(j))
			}
		}
	}
	return sb.String()
}

// lineFastCases are JSONL chunks that cut lines in every way the parser
// could get wrong: values that go on past a newline, space and carriage
// returns around it, blank lines, a byte-order mark, bad lines of every
// kind, escapes and text at the 64-byte blocks of the text kernel.
func lineFastCases() []string {
	lines := []string{
		`{"text":"a"}`, `{"text":"a","label":"spam"}`, `{"label":1,"text":"b\nc","id":7}`,
		` {"text":"lead"}`, `{"text":"trail"}  `, `{"text":"cr"}` + "\r", `{"text":"crcr"}` + "\r\r", "\t{\"text\":\"tab\"}\t",
		``, ` `, "\r", "\t \r",
		`{"text":`, `{"text":"open`, `{"text":"a"`, `{"text":"a",`, `{"text":"a"} x`, `{"text":"a"}{}`, `{"text":"a"}}`,
		`[1,2]`, `"str"`, `42`, `null`, `{}`, `{"other":"x"}`, `{"text":null}`, `{"text":5}`, `{"text":["a","b"]}`,
		`{"text":"a","text":"b"}`, `{"text":"\u00e9\ud83d\ude00 \ud800 \x"}`, `{"text":"bad \q"}`, `{"text":"ctl ` + "\x01" + `"}`,
		`{"text":"a","label":[1]}`, `{"text":"a","id":{"x":1}}`, `{"text":"a","label":true,"id":"i"}`,
		`{"text":"` + strings.Repeat("x", 63) + `\n"}`, `{"text":"` + strings.Repeat(`ab\ncd\"e`, 30) + `"}`,
		`{"text":"` + strings.Repeat("y", 200) + `","label":"ham"}`, `{"a":{"b":[1,{"c":"d"}]},"text":"deep"}`,
		"\xef\xbb\xbf{\"text\":\"bom\"}", `{"text":"nul after"}` + "\x00", `{"text":"x"} ` + "\x00",
		`{"text":"tru"}`, `{"text":"t","n":-0.5e+3}`, `{"text":"t","b":tru`, `{"text":"t","n":1.}`,
		`{"messages":[{"role":"user","content":"hi\nthere"},{"role":"assistant","content":"yo"}]}`,
		`{"instruction":"do","input":"x","output":"y"}`, `{"text":"t","p":"q","r":"s"}`, `{"p":"only prompt"}`,
		`{"messages":[{"role":"user","content":"hi"}` + "\n" + `]}`,
	}
	var cases []string
	// Each line alone, with and without the final newline, and with a
	// newline inside its whitespace (two lines: both bad).
	for _, ln := range lines {
		cases = append(cases, ln, ln+"\n", ln+"\n"+`{"text":"next"}`+"\n")
		if i := strings.Index(ln, ":"); i >= 0 {
			cases = append(cases, ln[:i+1]+"\n"+ln[i+1:]+"\n", ln[:i]+"\n"+ln[i:]+"\n")
		}
	}
	// Every line followed by every other, as a chunk.
	var all strings.Builder
	for _, ln := range lines {
		all.WriteString(ln)
		all.WriteByte('\n')
	}
	cases = append(cases, all.String(), "\n\n"+all.String())
	return cases
}

// TestLineFast: lines cut by strictjson.ParseLine decode to the same
// batch (rows, text, labels, ids, line numbers, bad records and their
// reasons, blank lines) as lines cut at their newline first, with and
// without a label and an id, from the file's first line or a later one.
func TestLineFast(t *testing.T) {
	optss := []*batch.Options{
		{Text: []string{"text"}},
		{Text: []string{"text"}, Label: "label", ID: "id"},
		{Text: []string{"text"}, Label: "label", MaxLineBytes: 40},
		{Text: []string{"a.b.1.c"}},
		{Text: []string{"text"}, DetectShape: true},
		{Text: []string{"text"}, Prompt: "p", Response: "r"},
	}
	for oi, opts := range optss {
		for ci, c := range lineFastCases() {
			for _, first := range []int64{1, 5} {
				fast, slow := decodeBoth(t, opts, []byte(c), first)
				if fast != slow {
					t.Errorf("options %d, case %d %q from line %d:\nparsed lines:\n%s\nlines cut first:\n%s", oi, ci, c, first, fast, slow)
				}
			}
		}
	}
}

// TestLineFastSample: the sample's mail (every line, then as chunks cut
// anywhere) decodes alike both ways.
func TestLineFastSample(t *testing.T) {
	data, err := os.ReadFile("../../../testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	opts := &batch.Options{Text: []string{"text"}, Label: "label"}
	fast, slow := decodeBoth(t, opts, data, 1)
	if fast != slow {
		t.Fatalf("sample.jsonl decodes differently with lines cut by the parser")
	}
	// Chunks of whole lines starting anywhere in the file.
	lines := bytes.SplitAfter(data, []byte("\n"))
	for start := 0; start < len(lines); start += 37 {
		end := min(len(lines), start+50)
		chunk := bytes.Join(lines[start:end], nil)
		if fast, slow := decodeBoth(t, opts, chunk, int64(start+1)); fast != slow {
			t.Fatalf("lines %d to %d of sample.jsonl decode differently with lines cut by the parser", start+1, end)
		}
	}
}

// FuzzLineFast: any chunk decodes alike with lines cut by the parser and
// cut at their newline first.
func FuzzLineFast(f *testing.F) {
	for _, c := range lineFastCases() {
		f.Add([]byte(c), false)
	}
	f.Add([]byte(`{"text":"a"}`+"\n"+`{"text":"b","label":"x"}`), true)
	f.Fuzz(func(t *testing.T, data []byte, label bool) {
		opts := &batch.Options{Text: []string{"text"}}
		if label {
			opts.Label, opts.ID = "label", "id"
		}
		for _, first := range []int64{1, 2} {
			if fast, slow := decodeBoth(t, opts, data, first); fast != slow {
				t.Errorf("decode(%q) from line %d:\nparsed lines:\n%s\nlines cut first:\n%s", data, first, fast, slow)
			}
		}
	})
}

// BenchmarkDecodeLines decodes the sample's mail in chunks of 512 KiB,
// with lines cut at their newline first and cut by the parser.
func BenchmarkDecodeLines(b *testing.B) {
	data, err := os.ReadFile("../../../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	for _, on := range []bool{false, true} {
		name := "cut"
		if on {
			name = "parse"
		}
		b.Run(name, func(b *testing.B) {
			saved := lineFast
			defer func() { lineFast = saved }()
			lineFast = on
			d := NewDecoder(&batch.Options{Text: []string{"text"}, Label: "label"})
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				batch := d.DecodeLines(0, data, 1, true)
				batch.Record.Release()
			}
		})
	}
}
