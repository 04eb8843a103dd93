package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
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
