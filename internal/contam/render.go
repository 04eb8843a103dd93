package contam

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteText writes the summary: thresholds, sets, the first items.
func WriteText(w io.Writer, r *Report, show int) error {
	var b strings.Builder
	s := r.Settings
	fmt.Fprintf(&b, "contamination: %d training rows (%d tokens), %d eval sets\n", r.Train.Rows, r.Train.Tokens, len(r.Sets))
	if r.Summary != nil {
		fmt.Fprintf(&b, "verdict: %s\n", strings.ToUpper(r.Summary.Verdict.Level))
		for _, why := range r.Summary.Verdict.Reasons {
			fmt.Fprintf(&b, "  - %s\n", why)
		}
	}
	fmt.Fprintf(&b, "thresholds: match %d tokens (short items whole, from %d tokens; lengths %v), coverage >= %g of an item or its first field,\n", s.K, s.MinTokens, s.Ks, s.MinCoverage)
	fmt.Fprintf(&b, "  ignored: %d k-grams in more than %d eval items, %d in more than %d training rows\n", s.EvalCommonGrams, s.MaxEvalDF, s.TrainCommonGrams, s.MaxTrainDF)
	if r.Train.BadRecords > 0 {
		fmt.Fprintf(&b, "bad records in the training corpus: %d (not matched; scan lists them)\n", r.Train.BadRecords)
	}
	if r.Eval.BadRecords > 0 {
		fmt.Fprintf(&b, "bad records in the eval sets: %d (not matched; scan lists them)\n", r.Eval.BadRecords)
	}
	for _, st := range r.Sets {
		fmt.Fprintf(&b, "  %-40s %6d items  %6d contaminated (%.2f%%)", st.Name, st.Items, st.Contaminated, 100*st.Rate)
		if st.TooShort > 0 {
			fmt.Fprintf(&b, "  %d too short to match", st.TooShort)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "training rows contaminated: %d (%.4f%%)\n", r.Train.RowsContaminated, 100*r.Train.RowRate)
	for i, f := range r.Findings {
		if i >= show {
			fmt.Fprintf(&b, "  ... %d more contaminated_row findings\n", int64(len(r.Findings)-i)+r.Unlisted[finding.KindContaminatedRow])
			break
		}
		fmt.Fprintf(&b, "  %s <- %s: %s\n", rowName(f.Rows[0]), rowName(f.Rows[1]), f.Evidence)
		if f.Excerpt != "" {
			fmt.Fprintf(&b, "      > %s\n", f.Excerpt)
		}
	}
	if e := r.Export; e != nil {
		fmt.Fprintf(&b, "export: %s (%d rows kept, %d dropped); clean eval items: %s (%d)\n", e.Path, e.RowsKept, e.RowsDropped, e.CleanIDs, e.CleanItems)
	}
	for _, g := range r.Gates {
		state := "ok"
		if g.Reached {
			state = "REACHED"
		}
		fmt.Fprintf(&b, "gate %s: %g %s\n", g.Gate, g.Value, state)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rowName(r finding.Row) string {
	pos := r.File
	if r.Row != nil {
		pos += fmt.Sprintf("#%d", *r.Row)
	} else {
		pos += fmt.Sprintf(":%d", r.Line)
	}
	if r.ID != "" {
		return r.ID + " (" + pos + ")"
	}
	return pos
}

// WriteMarkdown writes the sets and the first contaminated items as
// Markdown tables.
func WriteMarkdown(w io.Writer, r *Report, show int) error {
	var b strings.Builder
	s := r.Settings
	if r.Summary != nil {
		fmt.Fprintf(&b, "## Benchmark contamination: %s\n\n", strings.ToUpper(r.Summary.Verdict.Level))
		for _, why := range r.Summary.Verdict.Reasons {
			fmt.Fprintf(&b, "- %s\n", mdEscape(why))
		}
		if len(r.Summary.Verdict.Reasons) > 0 {
			b.WriteString("\n")
		}
	} else {
		b.WriteString("## Benchmark contamination\n\n")
	}
	fmt.Fprintf(&b, "%d training rows, %d contaminated (%.4f%%).\n\n", r.Train.Rows, r.Train.RowsContaminated, 100*r.Train.RowRate)
	fmt.Fprintf(&b, "Thresholds: %d-token matches (short items whole, from %d tokens), coverage ≥ %g, k-grams in more than %d eval items or %d training rows ignored.\n\n", s.K, s.MinTokens, s.MinCoverage, s.MaxEvalDF, s.MaxTrainDF)
	b.WriteString("| eval set | items | contaminated | share | too short |\n|---|---:|---:|---:|---:|\n")
	for _, st := range r.Sets {
		fmt.Fprintf(&b, "| %s | %d | %d | %.2f%% | %d |\n", mdEscape(st.Name), st.Items, st.Contaminated, 100*st.Rate, st.TooShort)
	}
	if len(r.Items) > 0 {
		b.WriteString("\n| item | set | training rows | coverage | first span |\n|---|---|---:|---:|---|\n")
		for i, it := range r.Items {
			if i >= show {
				break
			}
			q := ""
			if len(it.Spans) > 0 {
				q = it.Spans[0].Quote
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %.0f%% | %s |\n", mdEscape(rowName(it.Item)), mdEscape(it.Set), it.TrainRows, 100*max(it.Coverage, it.FirstFieldCoverage), mdEscape(q))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", "`", "\\`").Replace(s)
}

// WriteHTML writes a self-contained HTML page of the Markdown's content.
func WriteHTML(w io.Writer, r *Report, show int) error {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><meta charset=\"utf-8\"><title>dataaudit contamination</title></head><body>\n<h2>Benchmark contamination</h2>\n")
	if r.Summary != nil {
		fmt.Fprintf(&b, "<p id=\"verdict\"><b>%s</b></p><ul>\n", strings.ToUpper(r.Summary.Verdict.Level))
		for _, why := range r.Summary.Verdict.Reasons {
			fmt.Fprintf(&b, "<li>%s</li>\n", html.EscapeString(why))
		}
		b.WriteString("</ul>\n")
	}
	s := r.Settings
	fmt.Fprintf(&b, "<p>%d training rows, %d contaminated. Thresholds: %d-token matches (short items whole, from %d tokens), coverage ≥ %g, k-grams in more than %d eval items or %d training rows ignored.</p>\n",
		r.Train.Rows, r.Train.RowsContaminated, s.K, s.MinTokens, s.MinCoverage, s.MaxEvalDF, s.MaxTrainDF)
	b.WriteString("<table><tr><th>eval set</th><th>items</th><th>contaminated</th><th>share</th><th>too short</th></tr>\n")
	for _, st := range r.Sets {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.2f%%</td><td>%d</td></tr>\n", html.EscapeString(st.Name), st.Items, st.Contaminated, 100*st.Rate, st.TooShort)
	}
	b.WriteString("</table>\n<table><tr><th>item</th><th>set</th><th>training rows</th><th>coverage</th><th>first span</th></tr>\n")
	for i, it := range r.Items {
		if i >= show {
			break
		}
		q := ""
		if len(it.Spans) > 0 {
			q = it.Spans[0].Quote
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%.0f%%</td><td>%s</td></tr>\n", html.EscapeString(rowName(it.Item)), html.EscapeString(it.Set), it.TrainRows, 100*max(it.Coverage, it.FirstFieldCoverage), html.EscapeString(q))
	}
	b.WriteString("</table></body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
