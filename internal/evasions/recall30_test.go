package evasions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/google/go-cmp/cmp"
)

// recall30Cases are form feeds alone on their lines (plainFormFeed):
// inside a text a control, before or after nothing but white space
// plain.
var recall30Cases = []ruleCase{
	{"form feed lines inside a mail (form_feed_pages)", "Subject: hello\n\f\nHi Ann,\nthe report is attached.\n\f\nBob\n", []string{Control}},
	{"a form feed line inside CRLF mail", "Subject: hello\r\n\f\r\nHi Ann,\r\nsee you.\r\n", []string{Control}},
	{"a form feed line between CRLF lines, LF after", "Hi Ann,\r\n\f\nsee you.\r\n", []string{Control}},
	{"a form feed line after CRs", "Hi Ann,\r\f\rsee you.", []string{Control}},
	{"a form feed line ending a text", "Hi Ann,\nsee you.\n\f\n", nil},
	{"form feed lines and white space ending a text", "Hi Ann,\nsee you.\n\f\n \n\f\r\n\t", nil},
	{"a form feed ending a text", "Hi Ann,\nsee you.\n\f", nil},
	{"form feeds after a line's text", "see you.\f\nBob", []string{Control}},
	{"a form feed before a line's text", "Hi Ann,\n\fsee you.", []string{Control}},
	{"a form feed line after spaces", "Hi Ann,\n  \f\nsee you.", []string{Control}},
}

func TestRecall30(t *testing.T) {
	checkCasesAtOffsets(t, recall30Cases)
}

// TestFormFeedEvidence pins a page break's evidence and keeps a form
// feed inside a line a control's.
func TestFormFeedEvidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"Hi Ann,\n\f\nsee you.\n\f\nBob", `form feed (^L, U+000C) alone on its line at byte 8, 2 such line(s) inside the text (page breaks a cleaner keeps): "Hi Ann,\u000a\u000c\u000asee you.\u000a\u000c\u000aBob"`},
		{"see\fyou", `control character U+000C at byte 3: "see\u000cyou"`},
	})
}

// TestPlainFormFeed holds plainFormFeed to its doc on short texts (a
// form feed line starting a text among them, which recall30Cases, put
// after other text, cannot hold).
func TestPlainFormFeed(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"\f", true},
		{"\n\f\n", true},
		{"a\n\f\nb", false},
		{"a\n\f", true},
		{"\f\nb", true},
		{" \n\f\nb", true},
		{"a\n\f\n ", true},
		{"a\f\nb", false},
		{"a\n\fb", false},
	} {
		i := strings.IndexByte(tt.text, '\f')
		if got := plainFormFeed([]byte(tt.text), i); got != tt.want {
			t.Errorf("plainFormFeed(%q, %d) = %v, want %v", tt.text, i, got, tt.want)
		}
	}
}

// TestNoTextRows: bad records whose text is null or missing are
// empty_text findings, named by their id (by position without one),
// with "(no text)" as their excerpt and counted in the section; other
// bad records are not; and the list is the same whichever worker took
// which batch (Merge, either order).
func TestNoTextRows(t *testing.T) {
	batchOf := func(first int64, bad ...ingest.BadRecord) *ingest.Batch {
		b := fixtures.Batch(t, []fixtures.Row{{Text: "a clean row of words", ID: fmt.Sprintf("r%d", first)}}, first)
		b.Bad = bad
		return b
	}
	at := func(line int64) ingest.Pos { return ingest.Pos{N: line, Line: true} }
	b1 := batchOf(1,
		ingest.BadRecord{Pos: at(2), Kind: ingest.BadNullText, Rows: 1, Reason: `text field "text" is null`, ID: "r2"},
		ingest.BadRecord{Pos: at(3), Kind: ingest.BadJSON, Rows: 1, Reason: "invalid JSON"},
	)
	b2 := batchOf(4,
		ingest.BadRecord{Pos: at(5), Kind: ingest.BadMissingText, Rows: 1, Reason: `text field "text" is missing`},
		ingest.BadRecord{Pos: at(6), Kind: ingest.BadTextType, Rows: 1, Reason: "a number", ID: "r6"},
	)
	defer b1.Record.Release()
	defer b2.Record.Release()
	want := []string{
		`r2 x.jsonl:2 no text, a bad record not audited: text field "text" is null (no text)`,
		`x.jsonl:5 x.jsonl:5 no text, a bad record not audited: text field "text" is missing (no text)`,
	}
	for _, order := range [][2]*ingest.Batch{{b1, b2}, {b2, b1}} {
		a, o := NewChecker(10), NewChecker(10)
		if err := a.Add(order[0]); err != nil {
			t.Fatal(err)
		}
		if err := o.Add(order[1]); err != nil {
			t.Fatal(err)
		}
		if err := a.Merge(o); err != nil {
			t.Fatal(err)
		}
		counts, fs, _ := a.Result([]string{"x.jsonl"})
		var got []string
		for _, f := range fs {
			if f.Subkind == Empty {
				got = append(got, fmt.Sprintf("%s %s %s %s", f.Rows[0].ID, f.Rows[0].Place(), f.Evidence, f.Excerpt))
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("empty_text findings (-want +got):\n%s", diff)
		}
		if counts[Empty] != 2 {
			t.Errorf("counts[%s] = %d, want 2", Empty, counts[Empty])
		}
	}
}
