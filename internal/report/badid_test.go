package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// TestBadRecordNamedByID: every report names a bad record, and a finding
// about one (the empty_text of a null or missing text), by its id and,
// when that is not its place, by its place too (file:line or file#row);
// one without an id by its place alone, whole however long its path
// (cut, it would lose its line). A finding about a good row names it by
// its id alone. Sessions 31 and 32.
func TestBadRecordNamedByID(t *testing.T) {
	row := int64(7)
	long := strings.Repeat("very-long-directory-name/", 4) + "c.jsonl" // 107 characters
	d := hostileDoc()
	d.Findings = []finding.Finding{
		{Kind: finding.KindBadRecord, Subkind: "null_text", Rows: []finding.Row{{ID: "r00271", File: "a.jsonl", Line: 272}}, Evidence: "text field \"text\" is null"},
		{Kind: finding.KindBadRecord, Subkind: "null_text", Rows: []finding.Row{{ID: "id-7", File: "b.parquet", Row: &row}}, Evidence: "text is null"},
		{Kind: finding.KindBadRecord, Subkind: "missing_text", Rows: []finding.Row{{ID: "a.jsonl:9", File: "a.jsonl", Line: 9}}, Evidence: "text field \"text\" is missing"},
		{Kind: finding.KindBadRecord, Subkind: "invalid_json", Rows: []finding.Row{{ID: long + ":12345", File: long, Line: 12345}}, Evidence: "invalid JSON at byte 3"},
		{Kind: finding.KindCleaningEvasion, Subkind: "empty_text", Rows: []finding.Row{{ID: "r00271", File: "a.jsonl", Line: 272}}, Evidence: finding.NoTextEvidence + "text field \"text\" is null"},
		{Kind: finding.KindCleaningEvasion, Subkind: "empty_text", Rows: []finding.Row{{ID: "id-7", File: "b.parquet", Row: &row}}, Evidence: finding.NoTextEvidence + "text is null"},
		{Kind: finding.KindCleaningEvasion, Subkind: "whitespace_only", Rows: []finding.Row{{ID: "good-1", File: "a.jsonl", Line: 3}}, Evidence: "only white space"},
	}
	d.Summary.FindingsByKind = map[string]int64{finding.KindBadRecord: 4, finding.KindCleaningEvasion: 3}
	var text, md, html bytes.Buffer
	if err := WriteText(&text, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, d); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		format string
		out    *bytes.Buffer
		want   []string
	}{
		{"WriteText", &text, []string{
			"    r00271 (a.jsonl:272)  [null_text]", "    id-7 (b.parquet#7)  [null_text]", "    a.jsonl:9  [missing_text]",
			"    " + long + ":12345  [invalid_json]",
			"    r00271 (a.jsonl:272)  [empty_text]", "    id-7 (b.parquet#7)  [empty_text]", "    good-1  [whitespace_only]",
		}},
		{"WriteMarkdown", &md, []string{
			"`r00271` (`a.jsonl:272`) [null\\_text]", "`id-7` (`b.parquet#7`) [null\\_text]", "<br>`a.jsonl:9` [missing\\_text]",
			"<br>`" + long + ":12345` [invalid\\_json]",
			"`r00271` (`a.jsonl:272`) [empty\\_text]", "`id-7` (`b.parquet#7`) [empty\\_text]", "<br>`good-1` [whitespace\\_only]",
		}},
		{"WriteHTML", &html, []string{
			"<code>r00271 (a.jsonl:272)</code></td><td>null_text<", "<code>id-7 (b.parquet#7)</code></td><td>null_text<", "<code>a.jsonl:9</code></td><td>missing_text<",
			"<code>" + long + ":12345</code></td><td>invalid_json<",
			"<code>r00271 (a.jsonl:272)</code></td><td>empty_text<", "<code>id-7 (b.parquet#7)</code></td><td>empty_text<", "<code>good-1</code></td><td>whitespace_only<",
		}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.out.String(), w) {
				t.Errorf("%s(...) lacks %q:\n%s", c.format, w, c.out)
			}
		}
	}
}

// TestRowNameCutsIDs: an id is data of any length, cut in the Markdown
// and HTML reports; a place is not.
func TestRowNameCutsIDs(t *testing.T) {
	long := strings.Repeat("x", 100)
	for _, tt := range []struct {
		r    finding.Row
		want string
	}{
		{finding.Row{ID: long, File: "a.jsonl", Line: 3}, strings.Repeat("x", 79) + "…"},
		{finding.Row{ID: long + ":3", File: long, Line: 3}, long + ":3"},
		{finding.Row{ID: "tab\there", File: "a.jsonl", Line: 3}, `tab\there`},
	} {
		if got := rowName(tt.r, 80); got != tt.want {
			t.Errorf("rowName(%+v, 80) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

// TestMoreFindingsWhere: the text report sends a reader for the findings
// it does not show to the JSON report only for those the JSON report
// lists; those past --max-examples are only in the --findings export.
// Session 32: it said "17,804 more in the JSON report" of the 200 MB
// corpus's near duplicates, of which the JSON report lists 990.
func TestMoreFindingsWhere(t *testing.T) {
	d := hostileDoc()
	d.Findings = nil
	for i := range 12 {
		d.Findings = append(d.Findings, finding.Finding{Kind: "near_duplicate", Rows: []finding.Row{{ID: "r" + string(rune('a'+i))}}, Evidence: "similar"})
		d.Findings = append(d.Findings, finding.Finding{Kind: "outlier", Rows: []finding.Row{{ID: "o" + string(rune('a'+i))}}, Evidence: "long"})
	}
	d.Findings = append(d.Findings, finding.Finding{Kind: "repeated_span", Rows: []finding.Row{{ID: "s"}}, Evidence: "span"})
	SortFindings(d.Findings)
	d.Unlisted = map[string]int64{"near_duplicate": 100, "repeated_span": 5}
	d.Summary.FindingsByKind = FindingsByKind(d.Findings, d.Unlisted)
	var b bytes.Buffer
	if err := WriteText(&b, d, TextOptions{ExamplesPerKind: 10}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"    … 102 more: 2 in the JSON report (--json), all in the --findings export\n",         // near_duplicate: 112, 12 listed, 10 shown
		"    … 2 more in the JSON report (--json)\n",                                            // outlier: 12, all listed
		"    … 5 more in the --findings export (past --max-examples: not in the JSON report)\n", // repeated_span: 6, 1 listed and shown
	} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("WriteText(...) lacks %q:\n%s", w, b.String())
		}
	}
}
