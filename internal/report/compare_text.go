package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// WriteCompareJSON writes the compare report as indented JSON.
func WriteCompareJSON(w io.Writer, rep *comparison.Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteCompareText writes the human summary. Paths, tokens, labels and
// row names come from the data: each is escaped (termsafe), and w is
// guarded as well. It returns the first write error: a summary lost to a
// full disk or a closed pipe must not pass for written.
func WriteCompareText(w io.Writer, r *comparison.Report, show int) error {
	ew := &ErrWriter{W: termsafe.NewWriter(w)}
	w = ew
	esc := termsafe.Escape
	vp := &printer{w: w}
	writeVerdictText(vp, compareVerdictOf(r))
	vp.f("\n")
	fmt.Fprintf(w, "A (reference): %s [%s] %s, %s, %s distinct\n", esc(r.A.Source), r.A.Kind, nouns(r.A.Rows, "row"), nouns(int64(r.A.Tokens), "token"), distinct(r.A))
	fmt.Fprintf(w, "B (compared):  %s [%s] %s, %s, %s distinct\n\n", esc(r.B.Source), r.B.Kind, nouns(r.B.Rows, "row"), nouns(int64(r.B.Tokens), "token"), distinct(r.B))
	if len(r.A.Text)+len(r.B.Text) > 0 {
		fmt.Fprintf(w, "Text fields: A %s, B %s\n\n", esc(strings.Join(r.A.Text, ",")), esc(strings.Join(r.B.Text, ",")))
	}
	t := r.Tokens
	fmt.Fprintf(w, "Token distribution (%s; each side's top %s: %s whose counts both sides know, %.1f%% of A's and %.1f%% of B's tokens, and the rest as one bin)\n",
		esc(r.Settings.Tokenizer), commas(int64(t.TopN)), nouns(int64(t.Bins), "token"), 100*t.MassA, 100*t.MassB)
	fmt.Fprintf(w, "  Jensen-Shannon distance %.4f (0 same, 1 disjoint)   PSI %.4f\n", t.JSDistance, t.PSI)
	v := r.Vocabulary
	fmt.Fprintf(w, "  OOV: %.2f%% of B's tokens are not in A's vocabulary (%s)", 100*v.OOVRate, esc(basisText(v.BasisA)))
	if v.OOVRateMax != v.OOVRate {
		fmt.Fprintf(w, ", at most %.2f%% counting B's unlisted tail", 100*v.OOVRateMax)
	}
	fmt.Fprintf(w, "; %.1f%% of B's distinct tokens; %s shared (Jaccard %.3f)\n\n", 100*v.OOVTypes, nouns(int64(v.Shared), "token"), v.Jaccard)

	drivers := func(title string, ds []comparison.Driver) {
		fmt.Fprintln(w, title)
		if len(ds) == 0 {
			fmt.Fprintln(w, "  (none)")
			return
		}
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  token\tz\tlog-odds\tper M in A\tper M in B\t")
		for _, d := range ds[:min(show, len(ds))] {
			pa, pb := fmt.Sprintf("%.1f", d.PerMillionA), fmt.Sprintf("%.1f", d.PerMillionB)
			if d.AtMostA {
				pa = "<=" + pa
			}
			if d.AtMostB {
				pb = "<=" + pb
			}
			fmt.Fprintf(tw, "  %s\t%.1f\t%.2f\t%s\t%s\t\n", compareDriverToken(d, 24), d.Z, d.LogOdds, pa, pb)
		}
		tw.Flush()
	}
	drivers("Over-represented in B (what B adds; for a subset selected from A: what the selection favours):", r.OverInB)
	drivers("Over-represented in A (what B lacks; for a selected subset: what the selection leaves out):", r.OverInA)
	fmt.Fprintln(w)

	fmt.Fprintln(w, "Length drift (A -> B)")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  \tmean A\tmean B\tKS\tWasserstein/sd(A)\tPSI\t")
	for _, l := range []struct {
		name string
		s    comparison.LengthShift
	}{{"bytes", r.Lengths.Bytes}, {"chars", r.Lengths.Chars}, {"tokens", r.Lengths.Tokens}} {
		fmt.Fprintf(tw, "  %s\t%.1f\t%.1f\t%.3f\t%.3f\t%.3f\t\n", l.name, l.s.MeanA, l.s.MeanB, l.s.KS, l.s.WassersteinNorm, l.s.PSI)
	}
	tw.Flush()
	if l := r.Labels; l != nil {
		fmt.Fprintf(w, "\nLabel shift: Jensen-Shannon distance %.4f, PSI %.4f, total variation %.4f\n", l.JSDistance, l.PSI, l.TotalVariation)
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  label\trows A\tshare A\trows B\tshare B\t")
		for _, c := range l.Classes {
			fmt.Fprintf(tw, "  %s\t%s\t%.2f%%\t%s\t%.2f%%\t\n", clip(c.Label, 24), commas(c.RowsA), 100*c.ShareA, commas(c.RowsB), 100*c.ShareB)
		}
		tw.Flush()
	}
	if ov := r.Overlap; ov != nil {
		fmt.Fprintf(w, "\nOverlap: %s of B's %s appear in A (%.2f%%): %s exact (%s), %s (word Jaccard >= %.2f, word-pair >= %.2f)\n",
			commas(ov.Total), nouns(ov.RowsB, "row"), 100*ov.Rate, commas(ov.Exact), ov.Normalization, nouns(ov.Near, "near duplicate"), ov.WordJaccard, ov.PairJaccard)
		for _, row := range ov.Rows[:min(5, len(ov.Rows))] {
			j := ""
			if row.Kind == "near" {
				j = fmt.Sprintf(" %.2f", row.Jaccard)
			}
			fmt.Fprintf(w, "  %s = %s (%s%s)\n", esc(row.B), esc(row.A), row.Kind, j)
		}
		if more := ov.Total - int64(min(5, len(ov.Rows))); more > 0 {
			fmt.Fprintf(w, "  ... and %s more (--json lists --overlap-rows of them)\n", commas(more))
		}
	}
	if d := r.Domain; d != nil {
		fmt.Fprintf(w, "\nSeparability: a naive Bayes classifier on words tells B from A with AUC %.3f (%d-fold cross-validated, %s + %s sampled rows; 0.5: indistinguishable)\n",
			d.AUC, d.Folds, commas(int64(d.RowsA)), commas(int64(d.RowsB)))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nNote: %s\n", esc(n))
	}
	return ew.Err
}

func distinct(s comparison.Side) string {
	if s.DistinctIsEstimate {
		return "~" + commas(int64(s.Distinct))
	}
	return commas(int64(s.Distinct))
}

// clip shows at most n characters of a value from the data, escaped for
// a terminal (termsafe.Clip).
func clip(s string, n int) string {
	return termsafe.Clip(s, n)
}

// compareDriverToken shows a driver's token in at most n characters: a word as it
// is, a model token's text quoted (its leading spaces are part of it), as
// scan shows its top tokens.
func compareDriverToken(d comparison.Driver, n int) string {
	if d.Text == "" && d.Hex == "" {
		return clip(d.Token, n) // escaped
	}
	return DriverToken(d, n)
}
