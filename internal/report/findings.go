package report

import (
	"context"
	"io"

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
