package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dataaudit/dataaudit/internal/comparison"
)

// CompareOptions shape the Markdown and HTML renderings of a compare
// report.
type CompareOptions struct {
	// Tokens is how many over-represented tokens to show each way;
	// OverlapRows how many overlap rows. 0 means the default, 20; a
	// negative number, none.
	Tokens      int
	OverlapRows int
}

func (o CompareOptions) withDefaults() CompareOptions {
	def := func(n int) int {
		switch {
		case n == 0:
			return 20
		case n < 0:
			return 0
		}
		return n
	}
	o.Tokens, o.OverlapRows = def(o.Tokens), def(o.OverlapRows)
	return o
}

// headline is one headline number of a comparison with a plain-English
// reading of it.
type headline struct {
	Name, Value, Reading string
}

// compareHeadlines are the numbers a reader looks at first, each with what
// it means, in the order they are shown. The label, overlap and domain
// ones only when the report has them.
func compareHeadlines(r *comparison.Report) []headline {
	t, v := r.Tokens, r.Vocabulary
	bound := ""
	if !r.A.Complete || !r.B.Complete {
		bound = ", a lower bound"
	}
	hs := []headline{
		{"token JS distance", fmt.Sprintf("%.4f", t.JSDistance), fmt.Sprintf(
			"0: the same token distribution, 1: no token in common. Over the %s tokens both sides count (%s of A's tokens, %s of B's) and one bin for the rest%s.",
			commas(int64(t.Bins)), pct(t.MassA), pct(t.MassB), bound)},
		{"token PSI", fmt.Sprintf("%.4f", t.PSI), psiReading(t.PSI) + " (the usual rule of thumb: under 0.1 stable, 0.1 to 0.25 moderate, over 0.25 major)."},
	}
	oov := fmt.Sprintf("%s of B's tokens never occur in A (A's vocabulary: %s)", pct(v.OOVRate), basisText(v.BasisA))
	if v.OOVRateMax != v.OOVRate {
		oov += fmt.Sprintf("; up to %s counting B's unlisted tail", pct(v.OOVRateMax))
	}
	hs = append(hs, headline{"OOV rate", pct(v.OOVRate), oov + fmt.Sprintf(". %s of B's distinct tokens are new.", pct(v.OOVTypes))})
	if l := r.Labels; l != nil {
		hs = append(hs, headline{"label JS distance", fmt.Sprintf("%.4f", l.JSDistance), fmt.Sprintf(
			"The label mix moved by a total variation of %s: the share of B's labelled rows that would have to change label to match A's mix.", pct(l.TotalVariation))})
	}
	if o := r.Overlap; o != nil {
		hs = append(hs, headline{"overlap rate", pct(o.Rate), fmt.Sprintf(
			"%s of B's %s are in A (%s exact, %s near-duplicate): contamination or leakage.",
			commas(o.Total), nouns(o.RowsB, "row"), commas(o.Exact), commas(o.Near))})
	}
	if d := r.Domain; d != nil {
		hs = append(hs, headline{"domain AUC", fmt.Sprintf("%.3f", d.AUC), fmt.Sprintf(
			"Given a random row of each, a classifier on words picks out the row of B %.1f%% of the time (50%%: the sets look alike, 100%%: every row can be told apart).", 100*d.AUC)})
	}
	return hs
}

func psiReading(psi float64) string {
	switch {
	case psi < 0.1:
		return "Stable"
	case psi <= 0.25:
		return "A moderate shift"
	}
	return "A major shift"
}

// compareGates turns the gates of a compare report into a scan report's,
// so both are shown by the same code.
func compareGates(gs []comparison.GateResult) []GateResult {
	out := make([]GateResult, len(gs))
	for i, g := range gs {
		out[i] = GateResult(g)
	}
	return out
}

// reachedGates names the gates reached.
func reachedGates(gs []GateResult) []string {
	var reached []string
	for _, g := range gs {
		if g.Reached {
			reached = append(reached, g.Gate)
		}
	}
	return reached
}

// writeGatesMarkdown writes the gates as a table, if there are any.
func writeGatesMarkdown(p *printer, gs []GateResult) {
	if len(gs) == 0 {
		return
	}
	p.f("**Gates**\n\n| gate | value | |\n|---|---:|---|\n")
	for _, g := range gs {
		verdict := "ok"
		if g.Reached {
			verdict = "**reached**"
		}
		p.f("| %s | %.4g | %s |\n", mdCode(g.Gate), g.Value, verdict)
	}
	p.f("\n")
}

func sideLine(s comparison.Side) string {
	d := commas(s.Distinct)
	if s.DistinctIsEstimate {
		d = "~" + d
	}
	return fmt.Sprintf("%s (%s) · %s · %s · %s distinct", mdCodeMax(s.Source, 0), mdText(s.Kind), nouns(s.Rows, "row"), nouns(int64(s.Tokens), "token"), d)
}

// perMillion formats a driver's rate, "≤" when it is a profile's bound.
func perMillion(x float64, bound bool) string {
	s := fmt.Sprintf("%.1f", x)
	if bound {
		s = "≤" + s
	}
	return s
}

// median reads the median off a side's length quantiles ("" without them).
func median(q []uint64) string {
	if len(q) != comparison.LengthQuantileSteps+1 {
		return ""
	}
	return commas(int64(q[comparison.LengthQuantileSteps/2]))
}

// lengthRows are the length-drift rows in the order shown.
func lengthRows(l comparison.Lengths) []struct {
	Name string
	S    comparison.LengthShift
} {
	return []struct {
		Name string
		S    comparison.LengthShift
	}{{"bytes", l.Bytes}, {"characters", l.Chars}, {"tokens", l.Tokens}}
}

// WriteCompareMarkdown renders a compare report as GitHub-flavoured
// Markdown, for a pull-request comment or a dataset card: the headline
// numbers with what each means, the gates, the tokens over-represented
// each way, length drift, label shift and the rows of B found in A.
// Every value from the data is escaped as in WriteMarkdown.
func WriteCompareMarkdown(w io.Writer, r *comparison.Report, o CompareOptions) error {
	o = o.withDefaults()
	p := &printer{w: w}
	v := compareVerdictOf(r)
	p.f("## dataaudit compare: %s\n\n", verdictWord(v))
	writeVerdictMarkdown(p, v)
	p.f("**A** (reference): %s  \n**B** (compared): %s  \n", sideLine(r.A), sideLine(r.B))
	p.f("tool %s · report schema %d · tokenizer %s · top %s\n\n", mdText(r.Tool.Version), r.SchemaVersion,
		mdText(strings.SplitN(r.Settings.Tokenizer, ":", 2)[0]), nouns(int64(r.Settings.TopN), "token"))

	p.f("| | value | what it means |\n|---|---:|---|\n")
	for _, h := range compareHeadlines(r) {
		p.f("| %s | %s | %s |\n", h.Name, h.Value, mdText(h.Reading))
	}
	p.f("\n")
	writeGatesMarkdown(p, compareGates(r.Gates))

	drivers := func(title string, ds []comparison.Driver) {
		p.f("**%s**\n\n", title)
		if len(ds) == 0 {
			p.f("none\n\n")
			return
		}
		p.f("| token | z | log-odds | per M in A | per M in B |\n|---|---:|---:|---:|---:|\n")
		for _, d := range ds[:min(o.Tokens, len(ds))] {
			p.f("| %s | %.1f | %.2f | %s | %s |\n", mdCode(DriverToken(d, 80)), d.Z, d.LogOdds, perMillion(d.PerMillionA, d.AtMostA), perMillion(d.PerMillionB, d.AtMostB))
		}
		if more := len(ds) - o.Tokens; more > 0 {
			p.f("| … %d more in the JSON report | | | | |\n", more)
		}
		p.f("\n")
	}
	drivers("Over-represented in B (what B adds; for a subset selected from A: what the selection favours)", r.OverInB)
	drivers("Over-represented in A (what B lacks; for a selected subset: what the selection leaves out)", r.OverInA)

	p.f("**Length drift (A → B)**\n\n| per row | mean A | mean B | median A | median B | KS | Wasserstein / sd(A) | PSI |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, l := range lengthRows(r.Lengths) {
		p.f("| %s | %.1f | %.1f | %s | %s | %.3f | %.3f | %.3f |\n", l.Name, l.S.MeanA, l.S.MeanB, median(l.S.QuantilesA), median(l.S.QuantilesB), l.S.KS, l.S.WassersteinNorm, l.S.PSI)
	}
	p.f("\n")

	if l := r.Labels; l != nil {
		p.f("**Label shift**: Jensen-Shannon distance %.4f, PSI %.4f, total variation %.4f\n\n", l.JSDistance, l.PSI, l.TotalVariation)
		p.f("| label | rows A | share A | rows B | share B |\n|---|---:|---:|---:|---:|\n")
		for _, c := range l.Classes {
			p.f("| %s | %s | %s | %s | %s |\n", mdCode(c.Label), commas(c.RowsA), pct(c.ShareA), commas(c.RowsB), pct(c.ShareB))
		}
		p.f("\n")
	}

	if ov := r.Overlap; ov != nil {
		p.f("**Overlap**: %s\n\n", mdText(overlapSentence(ov)))
		if len(ov.Rows) > 0 {
			n := min(o.OverlapRows, len(ov.Rows))
			p.f("<details><summary>Rows of B found in A (%d listed)</summary>\n\n", n)
			p.f("| row of B | row of A | match |\n|---|---|---|\n")
			for _, row := range ov.Rows[:n] {
				p.f("| %s | %s | %s |\n", mdCodeMax(shownName(row.B, 80), 0), mdCodeMax(shownName(row.A, 80), 0), mdText(overlapKind(row)))
			}
			if more := ov.Total - int64(n); more > 0 {
				p.f("| … %s more | | |\n", commas(more))
			}
			p.f("\n</details>\n\n")
		}
	}
	for _, n := range r.Notes {
		p.f("_Note: %s_\n\n", mdText(n))
	}
	return p.err
}

// overlapSentence says how many rows of B are in A, and how they match.
func overlapSentence(ov *comparison.Overlap) string {
	return fmt.Sprintf("%s of B's %s are in A (%s): %s exact (%s), %s (word Jaccard ≥ %.2f, word-pair ≥ %.2f)",
		commas(ov.Total), nouns(ov.RowsB, "row"), pct(ov.Rate), commas(ov.Exact), ov.Normalization, nouns(ov.Near, "near duplicate"), ov.WordJaccard, ov.PairJaccard)
}

func overlapKind(row comparison.OverlapRow) string {
	if row.Kind == "near" {
		return fmt.Sprintf("near (Jaccard %.2f)", row.Jaccard)
	}
	return row.Kind
}

// basisText is a vocabulary's basis (comparison.Vocabulary's BasisA, "all
// tokens" or "top N tokens") as the text and Markdown print it: N with
// the thousands separators of their other numbers ("top 10,000 tokens").
// The JSON keeps the string as it is.
func basisText(basis string) string {
	n, top := strings.CutPrefix(basis, "top ")
	n, tokens := strings.CutSuffix(n, " tokens")
	if !top || !tokens {
		return basis
	}
	v, err := strconv.ParseInt(n, 10, 64)
	if err != nil || v < 0 || strconv.FormatInt(v, 10) != n {
		return basis
	}
	return "top " + commas(v) + " tokens"
}
