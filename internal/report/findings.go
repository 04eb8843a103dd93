package report

import (
	"context"
	"io"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/report/findingfile"
)

// FindingRow is one row of the --findings export (package findingfile).
type FindingRow = findingfile.Row

// WriteFindings writes every finding to path: findingfile.Write.
func WriteFindings(ctx context.Context, path string, fs []finding.Finding) error {
	return findingfile.Write(ctx, path, fs)
}

// WriteFindingsJSONL writes every finding to w as JSONL: findingfile.WriteJSONL.
func WriteFindingsJSONL(w io.Writer, fs []finding.Finding) error {
	return findingfile.WriteJSONL(w, fs)
}

// TrimFindings keeps at most max findings of each kind, in order, and
// counts the rest in Unlisted: the report lists examples, the --findings
// export has them all.
func TrimFindings(d *Document, max int) {
	seen := map[string]int{}
	kept := d.Findings[:0]
	for _, f := range d.Findings {
		if seen[f.Kind] < max {
			kept = append(kept, f)
		} else {
			if d.Unlisted == nil {
				d.Unlisted = map[string]int64{}
			}
			d.Unlisted[f.Kind]++
		}
		seen[f.Kind]++
	}
	d.Findings = kept
}

// rowName is the name the reports give a finding's row r: its id, cut
// to max characters (an id is data, of any length) unless it is the
// row's place (no id column, or a record bad before its id was read),
// which is shown whole, since a path cut short loses its line;
// escaped as termsafe escapes it.
func rowName(r finding.Row, max int) string {
	if r.ID == r.Place() {
		max = 0
	}
	return shown(r.ID, max)
}

// badPlace is the place (file:line or file#row) the reports show beside
// the id of f's first row, when f is about a bad record
// (finding.OfBadRecord) and that row is named by an id: a user fixes a
// bad record at its line or row of the source. It is "" for any other
// finding, whose rows the reports name by id alone (the JSON report and
// the --findings export give every row's place), and for a row named
// by its place already. It is not escaped.
func badPlace(f *finding.Finding) string {
	if len(f.Rows) == 0 || !f.OfBadRecord() {
		return ""
	}
	r := f.Rows[0]
	if place := r.Place(); r.File != "" && place != r.ID {
		return place
	}
	return ""
}

// shownName is shown for the name of a row that may be its place
// (compare's overlap rows name a row by its id or its file:line, and do
// not say which): one of more than max characters (max > 0; a byte not
// UTF-8 counted as one) is cut in the middle, not at the end, so that a
// place keeps its file name and line.
func shownName(s string, max int) string {
	n := utf8.RuneCountInString(s)
	if max <= 0 || n <= max {
		return shown(s, 0)
	}
	// head characters, "…", tail characters: max in all.
	head := (max - 1) / 2
	tail := max - 1 - head
	i, j := 0, len(s)
	for range head {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	for range tail {
		_, w := utf8.DecodeLastRuneInString(s[:j])
		j -= w
	}
	return shown(s[:i], 0) + "…" + shown(s[j:], 0)
}
