// Package gate checks a finished report against thresholds such as
// "bad_record_rate>0.01", for --fail-on: CI and data pipelines stop on a
// dataset that breaks a rule. Scan reports and compare reports
// (ParseCompare, CheckCompare) have their own sets of metrics. It reads the report and computes nothing new:
// every metric is a number the report already holds.
package gate

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/report"
)

// Gate is one threshold: Metric Op Value.
type Gate struct {
	Expr   string
	Metric string
	Op     string
	Value  float64
}

// ops in the order they must be tried: two-character ones first.
var ops = []string{">=", "<=", "==", "!=", ">", "<"}

// metricDocs names every metric with what it is; findings.KIND metrics are
// added for each finding kind.
var metricDocs = map[string]string{
	"records_read":            "records met, usable or not",
	"rows":                    "records with a usable text",
	"bad_records":             "records that could not be used",
	"bad_record_rate":         "bad_records / records_read",
	"unreadable_inputs":       "inputs that could not be read to the end",
	"empty_texts":             "texts of zero bytes",
	"empty_text_rate":         "empty_texts / rows",
	"whitespace_only_texts":   "texts of only whitespace",
	"no_token_texts":          "non-empty texts without a letter or digit",
	"invalid_utf8_texts":      "texts that are not valid UTF-8",
	"invalid_utf8_rate":       "invalid_utf8_texts / rows",
	"tokens":                  "tokens in all",
	"distinct_tokens":         "distinct tokens",
	"labels":                  "distinct labels (with --label)",
	"null_labels":             "rows without a label (with --label)",
	"findings":                "findings of every kind",
	"duplicate_rate":          "redundant exact-duplicate rows / rows (with --dedup)",
	"duplicate_clusters":      "clusters of exact duplicates (with --dedup)",
	"near_duplicate_clusters": "clusters of near duplicates (with --near-dups)",
}

func init() {
	for _, k := range []string{finding.KindBadRecord, finding.KindUnreadableInput, finding.KindInvalidUTF8,
		finding.KindLabelMixedTypes, finding.KindLabelsTooMany, finding.KindLabelImbalance, finding.KindLabelEmpty, finding.KindExactDuplicate, finding.KindCleaningEvasion, finding.KindOutlier, finding.KindNearDuplicate, finding.KindLabelConflict,
		finding.KindLabelError, finding.KindTriggerCandidate, finding.KindTriggeredRow} {
		metricDocs["findings."+k] = "findings of kind " + k
	}
}

// Metrics lists the metric names in order, for help and error messages.
func Metrics() []string { return names(metricDocs) }

func names(docs map[string]string) []string {
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Describe returns one line per metric, for --help.
func Describe() string { return describe(metricDocs) }

func describe(docs map[string]string) string {
	var b strings.Builder
	w := 24
	for n := range docs {
		w = max(w, len(n))
	}
	for _, n := range names(docs) {
		fmt.Fprintf(&b, "  %-*s %s\n", w, n, docs[n])
	}
	return b.String()
}

// Parse reads "metric op value", spaces allowed, op one of > >= < <= == !=.
// An unknown metric is an error that lists the known ones.
func Parse(expr string) (Gate, error) { return parse(expr, metricDocs) }

func parse(expr string, docs map[string]string) (Gate, error) {
	e := strings.TrimSpace(expr)
	for _, op := range ops {
		i := strings.Index(e, op)
		if i < 0 {
			continue
		}
		g := Gate{Expr: e, Metric: strings.TrimSpace(e[:i]), Op: op}
		if _, ok := docs[g.Metric]; !ok {
			return Gate{}, fmt.Errorf("--fail-on %q: unknown metric %q; the metrics are: %s", expr, g.Metric, strings.Join(names(docs), ", "))
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(e[i+len(op):]), 64)
		if err != nil || math.IsNaN(v) {
			return Gate{}, fmt.Errorf("--fail-on %q: %q is not a number", expr, strings.TrimSpace(e[i+len(op):]))
		}
		g.Value = v
		return g, nil
	}
	return Gate{}, fmt.Errorf("--fail-on %q: want METRIC OP NUMBER with OP one of %s, as in bad_record_rate>0.01", expr, strings.Join(ops, " "))
}

// Needs returns the flag without which a metric is not computed ("--label",
// "--dedup"), or "".
func Needs(metric string) string {
	switch metric {
	case "labels", "null_labels", "findings." + finding.KindLabelMixedTypes, "findings." + finding.KindLabelsTooMany,
		"findings." + finding.KindLabelImbalance, "findings." + finding.KindLabelEmpty,
		"findings." + finding.KindLabelError, "findings." + finding.KindTriggerCandidate, "findings." + finding.KindTriggeredRow:
		return "--label"
	case "duplicate_rate", "duplicate_clusters", "findings." + finding.KindExactDuplicate:
		return "--dedup"
	case "findings." + finding.KindCleaningEvasion:
		return "--evasions"
	case "findings." + finding.KindOutlier:
		return "--outliers"
	case "near_duplicate_clusters", "findings." + finding.KindNearDuplicate:
		return "--near-dups"
	}
	return ""
}

// Values returns every metric's value in a report.
func Values(d *report.Document) map[string]float64 {
	s := d.Summary
	rate := func(n, of int64) float64 {
		if of == 0 {
			return 0
		}
		return float64(n) / float64(of)
	}
	v := map[string]float64{
		"records_read":          float64(s.RecordsRead),
		"rows":                  float64(s.Rows),
		"bad_records":           float64(s.BadRecords),
		"bad_record_rate":       rate(s.BadRecords, s.RecordsRead), // not the rounded summary rate: 1 bad in 2 M must count
		"unreadable_inputs":     float64(s.UnreadableInputs),
		"empty_texts":           float64(s.EmptyTexts),
		"empty_text_rate":       rate(s.EmptyTexts, s.Rows),
		"whitespace_only_texts": float64(s.WhitespaceOnlyTexts),
		"no_token_texts":        float64(s.NoTokenTexts),
		"invalid_utf8_texts":    float64(s.InvalidUTF8Texts),
		"invalid_utf8_rate":     rate(s.InvalidUTF8Texts, s.Rows),
		"tokens":                float64(s.Tokens),
		"distinct_tokens":       float64(s.DistinctTokens),
	}
	if dd := d.Duplicates; dd != nil && dd.Exact != nil {
		v["duplicate_rate"] = rate(dd.Exact.Redundant, s.Rows) // from counts, not the rounded rate
		v["duplicate_clusters"] = float64(dd.Exact.Clusters)
	}
	if dd := d.Duplicates; dd != nil && dd.Near != nil {
		v["near_duplicate_clusters"] = float64(dd.Near.Clusters)
	}
	if d.Labels != nil {
		v["labels"] = float64(d.Labels.Distinct)
		v["null_labels"] = float64(d.Labels.NullLabels)
	}
	var all int64
	for k, n := range s.FindingsByKind {
		v["findings."+k] = float64(n)
		all += n
	}
	v["findings"] = float64(all)
	for n := range metricDocs {
		if _, ok := v[n]; !ok {
			v[n] = 0 // a kind with no finding, or labels without --label
		}
	}
	return v
}

// Reached reports whether the gate's condition holds for value.
func (g Gate) Reached(value float64) bool {
	switch g.Op {
	case ">":
		return value > g.Value
	case ">=":
		return value >= g.Value
	case "<":
		return value < g.Value
	case "<=":
		return value <= g.Value
	case "==":
		return value == g.Value
	case "!=":
		return value != g.Value
	}
	panic("gate: unknown op " + g.Op)
}

// Check evaluates the gates against a report and returns their results in
// the order given.
func Check(gates []Gate, d *report.Document) []report.GateResult {
	vals := Values(d)
	out := make([]report.GateResult, len(gates))
	for i, g := range gates {
		v := vals[g.Metric]
		out[i] = report.GateResult{Gate: g.Expr, Value: v, Reached: g.Reached(v)}
	}
	return out
}
