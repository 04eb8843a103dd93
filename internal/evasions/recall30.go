package evasions

import (
	"fmt"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Session 31 (benchmarks/evplant13.py, the blind planter: its hard miss
// in control_char).
//
// Form feeds alone on their line (plainFormFeed): form_feed_pages
// inserts 2 to 4 lines holding only a form feed (^L, U+000C) at random
// lines of a mail, and every one of its 30 rows a seed was missed:
// plainControl took a form feed alone on its line as a page break, as
// the GNU licenses (GPL-1, LGPL-2, LGPL-2.1 end their pages with one:
// 4 to 9 each) and the old controls of benchmarks/evasions.sh had
// them (14 of 189 rows of /usr/share/common-licenses). Real mail has
// none: corpus-200MB has 20 rows with a form feed (of 137,265), every
// one a byte inside binary read as text (three SpamAssassin spams,
// spam-1/00116, spam-2/01065 and spam-2/01376, repeated), none alone on
// its line; SpamAssassin's 12,107 files have 3 form feeds, the same
// three. So a form feed alone on its line is a control_char finding
// now (with its own evidence, formFeedEvidence), unless the text holds
// only white space before it or only white space after it: Python's
// str.strip and Go's strings.TrimSpace remove it there (session 17's
// rule for a form feed ending a text), so the most basic cleaning does
// not let it through. A license or a paged document (RFCs end each page
// with one) pasted into a mail is flagged: a cleaner keeps its form
// feeds, and the hidden check is of mail. The kernel stops at a form
// feed already (a C0 control, ccControl); scan took it as plain
// (plainControls) and now gives the text to the full check, which finds
// it. No stop is new.

// plainFormFeed reports whether the form feed at t[i] is plain: alone
// on its line (line feeds or carriage returns, or the text's ends, on
// both sides) with only white space before it or only white space after
// it in the text.
func plainFormFeed(t []byte, i int) bool {
	if !formFeedLine(t, i) {
		return false
	}
	return onlySpace(t[:i]) || onlySpace(t[i+1:])
}

// formFeedLine reports whether the form feed at t[i] is alone on its
// line.
func formFeedLine(t []byte, i int) bool {
	return (i == 0 || t[i-1] == '\n' || t[i-1] == '\r') && (i+1 == len(t) || t[i+1] == '\n' || t[i+1] == '\r')
}

// onlySpace reports whether b is ASCII white space only (space, tab,
// line breaks, vertical tab, form feed), as str.strip removes it.
func onlySpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
			return false
		}
	}
	return true
}

// formFeedEvidence is the control_char evidence of the form feed alone
// on its line at t[i]: what it is and how many such lines the text has.
// A form feed inside a line keeps a control's evidence.
func formFeedEvidence(t []byte, i int) string {
	ctx := quoteVisible(t[contextStart(t, i):], 24)
	n := 0
	for j := range t {
		if t[j] == '\f' && formFeedLine(t, j) {
			n++
		}
	}
	return fmt.Sprintf("form feed (^L, U+000C) alone on its line at byte %d, %d such line(s) inside the text (page breaks a cleaner keeps): %s", i, n, ctx)
}

// Rows without a text (addNoText): json_null_text and
// missing_text_field write a JSONL record whose text is null or whose
// text field is missing. The readers make those bad records (null_text,
// missing_text: not audited, the read summary counts them), named by
// file:line, and a user who asks which rows have no text looked for
// them among the empty texts: 0 of 30 each a seed were found. The check
// now lists each such bad record (a JSONL or JSON array object's,
// chat and instruction shapes' with their fields null or missing, a CSV
// row's with its text columns empty, a Parquet row's with its text null)
// as an empty_text finding too, named by its --id when it has one
// (ingest.BadRecord.ID) and by its position otherwise, with the
// reader's reason in its evidence (noTextEvidence; it starts with
// finding.NoTextEvidence, by which the reports know a finding about a
// bad record and show its place beside its id) and "(no text)" as its
// excerpt; it counts in the section's empty_text. The bad records
// stay bad records: the read summary's counts do not change. A bad
// record standing for a stretch of rows (unreadable Parquet pages)
// holds no row to list.

// noTextEvidence returns the empty_text evidence of the bad record bad
// when its text is null or missing, or "".
func noTextEvidence(bad *ingest.BadRecord) string {
	if bad.Rows != 1 || bad.Kind != ingest.BadNullText && bad.Kind != ingest.BadMissingText {
		return ""
	}
	return finding.NoTextEvidence + bad.Reason
}

// addNoText counts and lists the bad records of b whose text is null or
// missing as empty texts (see noTextEvidence).
func (e *Checker) addNoText(b *ingest.Batch) {
	for k := range b.Bad {
		bad := &b.Bad[k]
		reason := noTextEvidence(bad)
		if reason == "" {
			continue
		}
		e.counts[Empty]++
		if l := e.items[Empty]; l.Takes(bad.Pos) {
			l.Add(finding.Item{Pos: bad.Pos, ID: bad.ID, Kind: Empty, Reason: reason})
		}
	}
}

// noTextExcerpt is the excerpt of the finding of category kind with
// evidence reason: finding.NoTextExcerpt for a row without a text (there
// is none to read again), "" for any other (read from the row).
func noTextExcerpt(kind, reason string) string {
	if kind == Empty && strings.HasPrefix(reason, finding.NoTextEvidence) {
		return finding.NoTextExcerpt
	}
	return ""
}
