package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/stats"
)

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ in, text, code string }{
		{"plain", "plain", "`plain`"},
		{"a|b", `a\|b`, "`a\\|b`"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "`<script>alert(1)</script>`"},
		{"**bold** _it_", `\*\*bold\*\* \_it\_`, "`**bold** _it_`"},
		{"tick`s", "tick\\`s", "``tick`s``"},
		{"pay\u200bpal", `pay\\u200bpal`, "`pay\\u200bpal`"},
		{"", "", "`  `"},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.text {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := mdCode(tt.in); got != tt.code {
			t.Errorf("mdCode(%q) = %q, want %q", tt.in, got, tt.code)
		}
	}
}

// TestMarkdownTables: every table line has as many cells as its header,
// even with hostile data in tokens, labels and evidence.
func TestMarkdownTables(t *testing.T) {
	d := &Document{
		Command: "scan", Inputs: []Input{{Path: "a|b.jsonl"}},
		Tokens:   stats.TokenStats{Total: 3, Distinct: 2, Top: []stats.TokenCount{{Token: "x|y", Count: 2, Freq: 0.5}, {Token: "`", Count: 1}}},
		Labels:   &stats.LabelStats{Distinct: 1, Classes: []stats.LabelClass{{Label: "spam|ham", Rows: 3, Top: []stats.TokenCount{{Token: "a|b"}}}}},
		Findings: []finding.Finding{{Kind: "bad_record", Subkind: "invalid_json", Rows: []finding.Row{{ID: "f|1"}}, Evidence: "junk | <b>x</b>\x00"}},
		Summary:  Summary{FindingsByKind: map[string]int64{"bad_record": 1}},
		Settings: Settings{Label: "label", Tokenizer: "words/v1: rule"},
	}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	cells := func(line string) int {
		// Pipes that separate cells: not escaped, not an entity.
		n := 0
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '|' {
				n++
			}
		}
		return n
	}
	want := 0
	for _, line := range strings.Split(buf.String(), "\n") {
		if !strings.HasPrefix(line, "|") {
			want = 0
			continue
		}
		if want == 0 {
			want = cells(line)
			continue
		}
		if got := cells(line); got != want {
			t.Errorf("table line %q has %d separators, want %d like its header", line, got, want)
		}
	}
	if strings.Contains(buf.String(), "<b>") || strings.Contains(buf.String(), "\x00") {
		t.Errorf("raw HTML or a NUL byte got through:\n%s", buf.String())
	}
}

// TestMarkdownRenders renders the summary with a GFM renderer (goldmark,
// the one Hugo and others use) and checks that the tables come out as
// tables, every row with its header's number of cells, and that nothing
// from the data becomes HTML.
func TestMarkdownRenders(t *testing.T) {
	d := &Document{
		Command: "scan", Inputs: []Input{{Path: "a|b.jsonl"}},
		Tokens: stats.TokenStats{Total: 3, Distinct: 2, Top: []stats.TokenCount{{Token: "x|y", Count: 2, Freq: 0.5}, {Token: "`", Count: 1}}},
		Labels: &stats.LabelStats{Distinct: 1, Classes: []stats.LabelClass{{Label: "spam|ham", Rows: 3, Top: []stats.TokenCount{{Token: "a|b"}}}}},
		Findings: []finding.Finding{{Kind: "bad_record", Subkind: "invalid_json", Rows: []finding.Row{{ID: "f|1"}}, Evidence: "junk | <script>alert(1)</script> pay\u200bpal",
			Excerpt: "a | <script>alert(2)</script> ``b`"}},
		Summary:  Summary{FindingsByKind: map[string]int64{"bad_record": 1}},
		Settings: Settings{Label: "label", Tokenizer: "words/v1: rule"},
	}
	var md, html bytes.Buffer
	if err := WriteMarkdown(&md, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert(md.Bytes(), &html); err != nil {
		t.Fatal(err)
	}
	out := html.String()
	if strings.Contains(out, "<script>") {
		t.Errorf("data became HTML:\n%s", out)
	}
	tables := strings.Split(out, "<table>")[1:]
	if len(tables) < 4 {
		t.Fatalf("%d tables rendered, want the summary, tokens, lengths, labels and findings:\n%s", len(tables), out)
	}
	checkCells(t, tables)
	for _, want := range []string{"<code>x|y</code>", "<code>spam|ham</code>", `pay\u200bpal`, "<code>a | &lt;script&gt;alert(2)&lt;/script&gt; ``b`</code>"} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered HTML lacks %q:\n%s", want, out)
		}
	}
}

// checkCells checks that every row of each rendered table has as many
// cells as its header.
func checkCells(t *testing.T, tables []string) {
	t.Helper()
	for _, tb := range tables {
		tb = tb[:strings.Index(tb, "</table>")]
		rows := strings.Split(tb, "<tr>")[1:]
		want := strings.Count(rows[0], "<th")
		for _, r := range rows[1:] {
			if got := strings.Count(r, "<td"); got != want {
				t.Errorf("row %q has %d cells, want %d", r, got, want)
			}
		}
	}
}

// TestMarkdownNoLiveLinks: an address in a finding's evidence or excerpt
// (spam is full of them) stays text when a GFM renderer with autolinks
// (goldmark's Linkify, like GitHub's cmark-gfm) renders the report: a
// reader of a pull request's comment cannot click through to it. The same
// Markdown through cmark-gfm 0.29.0.gfm.6 (Debian's, -e table -e autolink)
// gave no link either (not run here: it is not on every machine).
func TestMarkdownNoLiveLinks(t *testing.T) {
	d := &Document{
		Command: "scan", Inputs: []Input{{Path: "a.jsonl"}},
		Findings: []finding.Finding{{Kind: "cleaning_evasion", Subkind: "mixed_script", Rows: []finding.Row{{ID: "r1"}},
			Evidence: `"pаypal" at http://evil.example/login, HTTPS://EVIL.EXAMPLE and www.evil.example/x`,
			Excerpt:  "write to bob@evil.example or see https://evil.example/?a=b&c=d and Www.evil.example"}},
		Summary:  Summary{FindingsByKind: map[string]int64{"cleaning_evasion": 1}},
		Settings: Settings{Tokenizer: "words/v1: rule"},
	}
	var md, html bytes.Buffer
	if err := WriteMarkdown(&md, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(md.Bytes(), &html); err != nil {
		t.Fatal(err)
	}
	out := html.String()
	if strings.Contains(out, "<a ") {
		t.Errorf("an address became a link:\n%s\nfrom\n%s", out, md.String())
	}
	for _, want := range []string{"http://evil.example/login", "HTTPS://EVIL.EXAMPLE", "www.evil.example/x", "bob@evil.example", "Www.evil.example"} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered HTML lacks %q:\n%s", want, out)
		}
	}
}
