package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/comparison"
)

// TestShownName: a row name longer than the limit is cut in the middle,
// so that a place keeps its file name and line; escapes and bytes that
// are not UTF-8 stay whole.
func TestShownName(t *testing.T) {
	dir := strings.Repeat("d", 100) + "/"
	for _, tt := range []struct {
		in   string
		max  int
		want string
	}{
		{"a.jsonl:3", 80, "a.jsonl:3"},
		{dir + "a.jsonl:12345", 20, "ddddddddd…sonl:12345"},
		{dir + "a.jsonl:12345", 0, dir + "a.jsonl:12345"},
		{"ab\x00cd\xffefghij", 7, `ab\x00…hij`},
		{"é\u200bxyzuvw\u00e9", 5, `é\u200b…wé`},
	} {
		if got := shownName(tt.in, tt.max); got != tt.want {
			t.Errorf("shownName(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// TestLongPathsWhole: the Markdown and HTML reports show a long input
// path, and the rows of compare's overlap, with their file name and line.
func TestLongPathsWhole(t *testing.T) {
	long := strings.Repeat("very-long-directory-name/", 5) + "train.jsonl" // 136 characters
	d := hostileDoc()
	d.Inputs = []Input{{Path: long}}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "1 input (`" + long + "`,"; !strings.Contains(md.String(), want) {
		t.Errorf("WriteMarkdown(...) lacks %q:\n%s", want, md.String())
	}

	r := hostileCompare()
	r.A.Source = long
	r.Overlap.Rows = []comparison.OverlapRow{{B: "eval.jsonl:7", A: long + ":123456", Kind: "exact"}}
	var cmd, chtml bytes.Buffer
	if err := WriteCompareMarkdown(&cmd, r, CompareOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteCompareHTML(&chtml, r, CompareOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		format, out string
		want        []string
	}{
		{"WriteCompareMarkdown", cmd.String(), []string{"`" + long + "` (data)", "| `eval.jsonl:7` | `very-long-directory-name/very-long-dire…y-long-directory-name/train.jsonl:123456` | exact |"}},
		{"WriteCompareHTML", chtml.String(), []string{"-directory-name/train.jsonl:123456</code>"}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.out, w) {
				t.Errorf("%s(...) lacks %q:\n%s", c.format, w, c.out)
			}
		}
	}
}
