package gate

import (
	"fmt"
	"sync"

	"github.com/dataaudit/dataaudit/internal/comparison"
)

// lengthUnits are the units of the length-drift metrics (length_ks.UNIT, …).
var lengthUnits = []string{"bytes", "chars", "tokens"}

// compareDocs names every metric of a compare report with what it is:
// built on first use, not at every run's init.
var compareDocs = sync.OnceValue(func() map[string]string {
	docs := map[string]string{
		"js_distance":           "Jensen-Shannon distance of the token distributions (0 same, 1 disjoint)",
		"js_divergence":         "Jensen-Shannon divergence of the token distributions in bits (js_distance squared)",
		"psi":                   "population stability index of the token distributions",
		"oov_rate":              "share of B's tokens not in A's vocabulary",
		"oov_rate_max":          "oov_rate counting B's unlisted tail as out of it (a profile's bound)",
		"oov_types":             "share of B's distinct tokens not in A's vocabulary",
		"vocabulary_jaccard":    "shared tokens / tokens of either vocabulary",
		"label_js_distance":     "Jensen-Shannon distance of the label shares (labels on both sides)",
		"label_psi":             "PSI of the label shares (labels on both sides)",
		"label_total_variation": "total variation distance of the label shares (labels on both sides)",
		"overlap_rows":          "rows of B found in A, exact or near (raw data on both sides)",
		"overlap_exact":         "rows of B equal to a row of A after normalisation (raw data on both sides)",
		"overlap_near":          "rows of B that are near duplicates of a row of A (raw data on both sides)",
		"overlap_rate":          "overlap_rows / rows of B (raw data on both sides)",
		"domain_auc":            "AUC of the classifier telling B's rows from A's, 0.5 to 1 (raw data on both sides)",
	}
	for _, u := range lengthUnits {
		docs["length_ks."+u] = "Kolmogorov-Smirnov statistic of the length in " + u
		docs["length_psi."+u] = "PSI of the length in " + u + " over A's deciles"
		docs["length_wasserstein_norm."+u] = "Wasserstein distance of the length in " + u + " / sd of A's"
	}
	return docs
})

// CompareMetrics lists the metric names of compare reports in order.
func CompareMetrics() []string { return names(compareDocs()) }

// DescribeCompare returns one line per compare metric, for --help.
func DescribeCompare() string { return describe(compareDocs()) }

// ParseCompare reads a gate on a compare report, as Parse does.
func ParseCompare(expr string) (Gate, error) { return parse(expr, compareDocs()) }

// CompareNeeds says what a compare metric needs beyond any two inputs:
// "labels" (per-label counts on both sides), "raw" (raw data on both sides
// and no --no-overlap), or "".
func CompareNeeds(metric string) string {
	switch metric {
	case "label_js_distance", "label_psi", "label_total_variation":
		return "labels"
	case "overlap_rows", "overlap_exact", "overlap_near", "overlap_rate", "domain_auc":
		return "raw"
	}
	return ""
}

// CompareValues returns the value of every metric the report holds: the
// label, overlap and domain metrics only when the report has those parts.
func CompareValues(r *comparison.Report) map[string]float64 {
	v := map[string]float64{
		"js_distance":        r.Tokens.JSDistance,
		"js_divergence":      r.Tokens.JSDivergence,
		"psi":                r.Tokens.PSI,
		"oov_rate":           r.Vocabulary.OOVRate,
		"oov_rate_max":       r.Vocabulary.OOVRateMax,
		"oov_types":          r.Vocabulary.OOVTypes,
		"vocabulary_jaccard": r.Vocabulary.Jaccard,
	}
	for i, s := range []comparison.LengthShift{r.Lengths.Bytes, r.Lengths.Chars, r.Lengths.Tokens} {
		v["length_ks."+lengthUnits[i]] = s.KS
		v["length_psi."+lengthUnits[i]] = s.PSI
		v["length_wasserstein_norm."+lengthUnits[i]] = s.WassersteinNorm
	}
	if l := r.Labels; l != nil {
		v["label_js_distance"] = l.JSDistance
		v["label_psi"] = l.PSI
		v["label_total_variation"] = l.TotalVariation
	}
	if o := r.Overlap; o != nil {
		v["overlap_rows"] = float64(o.Total)
		v["overlap_exact"] = float64(o.Exact)
		v["overlap_near"] = float64(o.Near)
		v["overlap_rate"] = 0
		if o.RowsB > 0 {
			v["overlap_rate"] = float64(o.Total) / float64(o.RowsB) // from counts, not the rounded rate
		}
	}
	if d := r.Domain; d != nil {
		v["domain_auc"] = d.AUC
	}
	return v
}

// CheckCompare evaluates the gates against a compare report, in the order
// given. A metric the report does not hold (label shift without labels on
// both sides, say) is an error, not a 0 that passes every "> x" gate.
func CheckCompare(gates []Gate, r *comparison.Report) ([]comparison.GateResult, error) {
	vals := CompareValues(r)
	out := make([]comparison.GateResult, len(gates))
	for i, g := range gates {
		v, ok := vals[g.Metric]
		if !ok {
			return nil, MissingError{Expr: g.Expr, Metric: g.Metric, Needs: CompareNeeds(g.Metric)}
		}
		out[i] = comparison.GateResult{Gate: g.Expr, Value: v, Reached: g.Reached(v)}
	}
	return out, nil
}

// MissingError is CheckCompare's error for a gate on a metric the report
// does not hold; Needs (CompareNeeds) says what the metric takes: "raw"
// data on both sides and the overlap checks run, or "labels" on both.
type MissingError struct {
	Expr, Metric, Needs string
}

func (e MissingError) Error() string {
	why := "raw data on both sides and the overlap checks"
	if e.Needs == "labels" {
		why = "per-label counts on both sides"
	}
	return fmt.Sprintf("%q: the report has no %s: it needs %s", e.Expr, e.Metric, why)
}
