package evasions

import (
	"strings"
	"testing"
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
