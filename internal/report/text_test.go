package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/stats"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

func TestShown(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"plain text", 40, "plain text"},
		{"café ΑΘΗΝΑ 日本", 40, "café ΑΘΗΝΑ 日本"},
		{"zero\u200bwidth", 40, `zero\u200bwidth`},
		{"bidi\u202eevil", 40, `bidi\u202eevil`},
		{"nul\x00esc\x1b[31m", 40, `nul\x00esc\x1b[31m`},
		{"tab\tnl\ncr\r", 40, `tab\tnl\ncr\r`},
		{"bad\xffbyte", 40, `bad\xffbyte`},
		{"real \uFFFD kept", 40, "real \uFFFD kept"},
		{`quotes "stay" \ as is`, 40, `quotes "stay" \ as is`},
		{"abcdefghij", 5, "abcd…"},
		{"abcde", 5, "abcde"},
	}
	for _, tt := range tests {
		if got := shown(tt.in, tt.max); got != tt.want {
			t.Errorf("shown(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestTextInputChanged: input_changed stands for no row, so the text
// summary names it on a line of its own instead of "input_changed 0".
func TestTextInputChanged(t *testing.T) {
	for _, tt := range []struct {
		name     string
		bad      map[string]int64
		want     []string
		dontWant []string
	}{
		{"changed and bad", map[string]int64{"input_changed": 0, "invalid_json": 2},
			[]string{"bad: invalid_json 2\n", "CHANGED: an input changed during the scan"}, []string{"input_changed 0", "changed while it was read;"}},
		{"changed only", map[string]int64{"input_changed": 0},
			[]string{"CHANGED: an input changed during the scan"}, []string{"bad: ", "input_changed 0", "changed while it was read;"}},
		{"bad only", map[string]int64{"invalid_json": 1},
			[]string{"bad: invalid_json 1\n"}, []string{"CHANGED"}},
		// file_encoding stands for no row either: the verdict says it.
		{"utf-16 file", map[string]int64{"file_encoding": 0, "invalid_json": 3},
			[]string{"bad: invalid_json 3\n", "input in UTF-16 or UTF-32, not UTF-8: convert it to UTF-8 (see the file_encoding findings)"}, []string{"file_encoding 0"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := &Document{Command: "scan"}
			d.Summary.BadByKind = tt.bad
			var b strings.Builder
			if err := WriteText(&b, d, TextOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("WriteText: no %q in\n%s", w, b.String())
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(b.String(), w) {
					t.Errorf("WriteText: %q in\n%s", w, b.String())
				}
			}
		})
	}
}

// TestSummarySize: the text and Markdown summaries give the inputs' size
// as stored (their files' bytes), as the docs say, not input_bytes, which
// for Parquet is the bytes of the columns read.
func TestSummarySize(t *testing.T) {
	d := &Document{Command: "scan", Inputs: []Input{{Path: "a.parquet", Format: "parquet", Bytes: 21000}, {Path: "b.parquet", Format: "parquet", Bytes: 500}}}
	d.Summary.InputBytes = 81
	for _, tt := range []struct {
		name  string
		write func(*strings.Builder) error
		want  string
	}{
		{"text", func(b *strings.Builder) error { return WriteText(b, d, TextOptions{}) }, "2 files, 21.5 kB (parquet)"},
		{"markdown", func(b *strings.Builder) error { return WriteMarkdown(b, d, TextOptions{}) }, "`b.parquet`, 21.5 kB)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("%s: no %q in\n%s", tt.name, tt.want, b.String())
			}
		})
	}
}

// TestTextShown: TextShown names exactly the findings WriteText prints,
// and the excerpts of the others are never printed.
func TestTextShown(t *testing.T) {
	kinds := []string{finding.KindOutlier, finding.KindExactDuplicate, finding.KindOutlier, finding.KindNearDuplicate, finding.KindOutlier}
	var fs []finding.Finding
	for i := range 40 {
		k := kinds[i%len(kinds)]
		fs = append(fs, finding.Finding{Kind: k, Rows: []finding.Row{{ID: fmt.Sprintf("row-%d", i)}},
			Evidence: fmt.Sprintf("evidence-%d.", i), Excerpt: fmt.Sprintf("excerpt-%d.", i)})
	}
	d := &Document{Findings: fs}
	d.Summary.FindingsByKind = FindingsByKind(fs, nil)
	for _, perKind := range []int{-1, 0, 1, 3, 10, 100} {
		var b strings.Builder
		if err := WriteText(&b, d, TextOptions{ExamplesPerKind: perKind}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		shown := TextShown(fs, perKind)
		for i, f := range fs {
			want := slices.Contains(shown, i)
			if strings.Contains(out, f.Evidence) != want || strings.Contains(out, f.Excerpt) != want {
				t.Errorf("perKind %d: finding %d (%s) printed %v, TextShown says %v", perKind, i, f.Kind, !want, want)
			}
		}
	}
	if got := TextExamples(0); got != 10 {
		t.Errorf("TextExamples(0) = %d, want 10", got)
	}
}

// writeCounter counts the Writes made to it, and fails the one numbered
// failAt (1-based; 0: none).
type writeCounter struct {
	bytes.Buffer
	writes, failAt int
}

func (w *writeCounter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes == w.failAt {
		return 0, errors.New("disk full")
	}
	return w.Buffer.Write(p)
}

// TestWriteTextOneWrite: the summary reaches its writer in one Write
// (one write(2) to stdout, not one per line and cell), byte for byte what
// the unbuffered renderer writes, escaped once whether or not the writer
// escapes already, and a failed Write is still an error.
func TestWriteTextOneWrite(t *testing.T) {
	d := hostileDoc()
	d.Findings[0].Excerpt = "tab\there\x1b[31m"
	var want bytes.Buffer
	if err := writeText(&want, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(want.String(), `\u200b`) || strings.Contains(want.String(), "\x1b") {
		t.Fatalf("the unbuffered summary is not escaped:\n%s", want.String())
	}
	for _, tc := range []struct {
		name string
		wrap func(io.Writer) io.Writer
	}{
		{"raw", func(w io.Writer) io.Writer { return w }},
		{"escaping", func(w io.Writer) io.Writer { return termsafe.NewWriter(w) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got writeCounter
			if err := WriteText(tc.wrap(&got), d, TextOptions{}); err != nil {
				t.Fatal(err)
			}
			if got.writes != 1 {
				t.Errorf("WriteText made %d Writes, want 1", got.writes)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("WriteText (-unbuffered +got):\n%s", diff)
			}
		})
	}
	if err := WriteText(&writeCounter{failAt: 1}, d, TextOptions{}); err == nil {
		t.Errorf("WriteText to a failing writer: no error")
	}
	// A summary longer than the buffer is written whole, in a few Writes.
	for i := range 2000 {
		d.Tokens.Top = append(d.Tokens.Top, stats.TokenCount{Token: fmt.Sprintf("token%d", i), Count: 1})
	}
	want.Reset()
	if err := writeText(&want, d, TextOptions{TopTokens: 2000}); err != nil {
		t.Fatal(err)
	}
	var got writeCounter
	if err := WriteText(&got, d, TextOptions{TopTokens: 2000}); err != nil {
		t.Fatal(err)
	}
	if want.Len() <= textBuffer || got.writes > want.Len()/textBuffer+1 {
		t.Errorf("a %d-byte summary: %d Writes, want at most %d", want.Len(), got.writes, want.Len()/textBuffer+1)
	}
	if got.String() != want.String() {
		t.Errorf("a summary longer than the buffer differs from the unbuffered one")
	}
}

// BenchmarkWriteText writes a summary with 20 top tokens and findings to
// a file (the null device, so each Write is a write(2)), unbuffered as
// before and as WriteText writes it.
func BenchmarkWriteText(b *testing.B) {
	d := hostileDoc()
	for i := range 20 {
		d.Tokens.Top = append(d.Tokens.Top, stats.TokenCount{Token: fmt.Sprintf("token%d", i), Count: uint64(100 - i)})
	}
	for i := range 40 {
		d.Findings = append(d.Findings, finding.Finding{Kind: "near_duplicate", Rows: []finding.Row{{ID: fmt.Sprintf("f.jsonl:%d", i)}}, Evidence: "similar text"})
	}
	d.Summary.FindingsByKind["near_duplicate"] = 40
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	for _, bc := range []struct {
		name  string
		write func(io.Writer, *Document, TextOptions) error
	}{{"unbuffered", writeText}, {"buffered", WriteText}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.write(f, d, TextOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
