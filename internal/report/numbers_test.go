package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/outliers"
)

// TestNumbersSayWhatTheyCount: every number a reader sees is of what its
// words name: findings of bad records next to the records they stand for,
// an outlier rate of the rows scored, evasion findings as findings.
func TestNumbersSayWhatTheyCount(t *testing.T) {
	// A UTF-16 file: a file_encoding record of no rows beside 3 bad lines.
	utf16 := func() *Document {
		d := &Document{Command: "scan"}
		d.Summary.RecordsRead, d.Summary.BadRecords = 3, 3
		d.Summary.BadByKind = map[string]int64{"file_encoding": 0, "invalid_json": 3}
		d.Summary.FindingsByKind = map[string]int64{finding.KindBadRecord: 4}
		return d
	}
	// 100 rows, 40 scored for outliers, 4 outliers: 10% of those scored.
	scored := func() *Document {
		d := &Document{Command: "scan"}
		d.Summary.RecordsRead, d.Summary.Rows = 100, 100
		d.Outliers = &outliers.Result{Threshold: 10, Rows: 40, Outliers: 4}
		return d
	}
	// 3 cleaning-evasion findings over 100 rows: 3 per 100 rows, whether
	// one row or three carry them.
	evasions := func() *Document {
		d := &Document{Command: "scan"}
		d.Summary.RecordsRead, d.Summary.Rows = 100, 100
		d.Summary.FindingsByKind = map[string]int64{finding.KindCleaningEvasion: 3}
		return d
	}
	for _, tt := range []struct {
		name     string
		doc      func() *Document
		markdown bool
		want     []string
		dontWant []string
	}{
		{"bad_record heading, text", utf16, false,
			[]string{"  bad_record: 4 findings for 3 bad records\n"}, []string{"  bad_record: 4\n"}},
		{"bad_record heading, markdown", utf16, true,
			[]string{"| bad\\_record | 4 findings for 3 bad records |"}, []string{"| bad\\_record | 4 |"}},
		{"outlier rate, markdown", scored, true,
			[]string{"| outliers (of 40 rows scored) | 4 | 10.00% |"}, []string{"| 4.00% |"}},
		{"evasion verdict, text", evasions, false,
			[]string{"cleaning evasions: 3 findings of text a rule-based cleaner lets through, 3.00% of rows, counting a row once per category (warn from 1%)"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			write := WriteText
			if tt.markdown {
				write = WriteMarkdown
			}
			if err := write(&b, tt.doc(), TextOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("no %q in\n%s", w, b.String())
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(b.String(), w) {
					t.Errorf("%q in\n%s", w, b.String())
				}
			}
		})
	}
}

// TestCompareTextCommas: the counts of compare's text summary (rows,
// tokens, distinct tokens, bins, overlap, sampled rows) have thousands
// separators, as every count of the scan's text summary and of compare's
// Markdown.
func TestCompareTextCommas(t *testing.T) {
	r := hostileCompare()
	r.A.Rows, r.A.Tokens, r.A.Distinct = 8000, 1613257, 85827
	r.B.Rows, r.B.Tokens, r.B.Distinct = 2302, 517661, 31527
	r.Tokens.TopN, r.Tokens.Bins, r.Vocabulary.Shared = 10000, 7009, 23852
	r.Labels.Classes[0].RowsA, r.Labels.Classes[0].RowsB = 4000, 1200
	r.Overlap.RowsB, r.Overlap.Total, r.Overlap.Exact, r.Overlap.Near = 2302, 1084, 1019, 65
	r.Domain.RowsA, r.Domain.RowsB = 8000, 2302
	var b bytes.Buffer
	if err := WriteCompareText(&b, r, 0); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"8,000 rows, 1,613,257 tokens, 85,827 distinct", "2,302 rows, 517,661 tokens, ~31,527 distinct",
		"top 10,000: 7,009 tokens", "23,852 tokens shared", "4,000", "1,200",
		"Overlap: 1,084 of B's 2,302 rows", "1,019 exact", "65 near duplicates", "and 1,082 more", "8,000 + 2,302 sampled rows"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("WriteCompareText: no %q in\n%s", w, b.String())
		}
	}
}

// TestHTMLBadRecordHeading: the HTML's findings heading says the bad
// records its bad_record findings stand for, as the text's does.
func TestHTMLBadRecordHeading(t *testing.T) {
	d := &Document{Command: "scan"}
	d.Summary.RecordsRead, d.Summary.BadRecords = 3, 3
	d.Summary.BadByKind = map[string]int64{"file_encoding": 0, "invalid_json": 3}
	d.Summary.FindingsByKind = map[string]int64{finding.KindBadRecord: 4}
	var b bytes.Buffer
	if err := WriteHTML(&b, d); err != nil {
		t.Fatal(err)
	}
	if w := `bad_record <span class="meta">(4 findings for 3 bad records)</span>`; !strings.Contains(b.String(), w) {
		t.Errorf("WriteHTML: no %q in the page", w)
	}
}

// TestCompareBasisCommas: the OOV line's basis, "top N tokens" when A's
// vocabulary is its listed top, has the thousands separators of the other
// counts in the text and in Markdown; the JSON's basis_a is unchanged.
func TestCompareBasisCommas(t *testing.T) {
	r := hostileCompare()
	r.Vocabulary.BasisA = "top 10000 tokens"
	var text, md bytes.Buffer
	if err := WriteCompareText(&text, r, 0); err != nil {
		t.Fatal(err)
	}
	if err := WriteCompareMarkdown(&md, r, CompareOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "Markdown": md.String()} {
		if !strings.Contains(out, "top 10,000 tokens") || strings.Contains(out, "top 10000 tokens") {
			t.Errorf("%s: the OOV basis is not \"top 10,000 tokens\" in\n%s", name, out)
		}
	}
	if r.Vocabulary.BasisA != "top 10000 tokens" {
		t.Errorf("BasisA changed to %q", r.Vocabulary.BasisA)
	}
	for in, want := range map[string]string{"all tokens": "all tokens", "top 999 tokens": "top 999 tokens", "top 1234567 tokens": "top 1,234,567 tokens",
		"top 01000 tokens": "top 01000 tokens", "top -1000 tokens": "top -1000 tokens", "top x tokens": "top x tokens", "top 1000": "top 1000", "1000 tokens": "1000 tokens"} {
		if got := basisText(in); got != want {
			t.Errorf("basisText(%q) = %q, want %q", in, got, want)
		}
	}
}
