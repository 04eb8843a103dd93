package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dataaudit/dataaudit/internal/splits"
)

// The views of the splits section (Document.Splits), which a report has
// only when its inputs were laid out as dataset splits.

// splitsHeadline says the splits and how many evaluation rows copy
// training rows.
func splitsHeadline(r *splits.Result) string {
	var names []string
	for _, s := range r.Splits {
		names = append(names, s.Name)
	}
	o := r.Overlap
	return fmt.Sprintf("%s; %s of %s copy training rows (%s exact, %s near; %s)",
		strings.Join(names, ", "), commas(o.Rows), nouns(o.EvalRows, "evaluation row"), commas(o.Exact), commas(o.Near), pct(o.Rate))
}

// splitLabels says a split's labels, the largest first, n at most.
func splitLabels(s splits.Split, n int, quote func(string) string) string {
	if s.LabelsTooMany {
		return "too many to list"
	}
	var parts []string
	for i, l := range s.Labels {
		if i == n {
			parts = append(parts, fmt.Sprintf("… %d more", len(s.Labels)-n))
			break
		}
		parts = append(parts, quote(l.Label)+" "+commas(l.Rows))
	}
	if s.NullLabels > 0 {
		parts = append(parts, "none "+commas(s.NullLabels))
	}
	return strings.Join(parts, ", ")
}

// overlapCell is a split's copies of training rows, or "-" for a split
// that is not an evaluation split.
func overlapCell(s splits.Split) string {
	if s.Role != splits.RoleEval {
		return "-"
	}
	return commas(s.OverlapRows)
}

// writeSplitsText writes the splits table of the terminal summary.
func writeSplitsText(p *printer, w io.Writer, r *splits.Result) {
	p.f("\nSplits: %s\n", splitsHeadline(r))
	if p.err != nil {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  split\trole\tfiles\trows\tbad\ttokens\tcopies of train\tlabels\n")
	for _, s := range r.Splits {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", shown(s.Name, 24), s.Role, s.Files, commas(s.Rows), commas(s.BadRecords),
			commas(int64(s.Tokens)), overlapCell(s), shown(splitLabels(s, 6, func(l string) string { return l }), 80))
	}
	p.err = tw.Flush()
}

// writeSplitsMarkdown writes the splits table of the Markdown report.
func writeSplitsMarkdown(p *printer, r *splits.Result) {
	p.f("**Splits**: %s\n\n", mdText(splitsHeadline(r)))
	p.f("| split | role | files | rows | bad | tokens | copies of train | labels |\n|---|---|---:|---:|---:|---:|---:|---|\n")
	for _, s := range r.Splits {
		p.f("| %s | %s | %d | %s | %s | %s | %s | %s |\n", mdCode(s.Name), s.Role, s.Files, commas(s.Rows), commas(s.BadRecords),
			commas(int64(s.Tokens)), overlapCell(s), splitLabels(s, 6, mdCode))
	}
	p.f("\n")
}

// splitRow is one row of the HTML report's splits table.
type splitRow struct {
	Name, Role, Files, Rows, Bad, Tokens, Overlap, Labels string
}

// htmlSplits is the HTML view of the splits section.
type htmlSplits struct {
	Headline string
	Rows     []splitRow
}

func newHTMLSplits(r *splits.Result) *htmlSplits {
	if r == nil {
		return nil
	}
	v := &htmlSplits{Headline: splitsHeadline(r)}
	for _, s := range r.Splits {
		v.Rows = append(v.Rows, splitRow{shown(s.Name, 40), s.Role, commas(int64(s.Files)), commas(s.Rows), commas(s.BadRecords),
			commas(int64(s.Tokens)), overlapCell(s), shown(splitLabels(s, 10, func(l string) string { return l }), 200)})
	}
	return v
}
