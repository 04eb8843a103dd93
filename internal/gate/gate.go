// Package gate checks a finished report against thresholds such as
// "bad_record_rate>0.01", for --fail-on: CI and data pipelines stop on a
// dataset that breaks a rule. Scan reports and compare reports
// (ParseCompare, CheckCompare) have their own sets of metrics. It reads the report and computes nothing new:
// every metric is a number the report already holds.
package gate

import (
	"fmt"
	"maps"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

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

// Set is the metrics of scan reports, each with what it is. The command
// builds it from its analyses' specs (analysis.Spec.Metrics and Kinds),
// so that this package knows no analysis and no flag: it only reads the
// numbers a finished report holds.
type Set struct {
	docs func() map[string]string
}

// NewSet returns the set of metrics named by docs (metric: what it is).
func NewSet(docs map[string]string) *Set {
	return &Set{docs: func() map[string]string { return docs }}
}

// NewLazySet returns the set of metrics named by what docs returns, called
// once, when the set is first asked for a metric: a command's set is
// built from every analysis' spec, which a run without --fail-on or
// --help never needs (0.4% of the CPU samples of a one-row scan, every run).
func NewLazySet(docs func() map[string]string) *Set { return &Set{docs: sync.OnceValue(docs)} }

// Metrics lists the metric names in order, for help and error messages.
func (s *Set) Metrics() []string { return names(s.docs()) }

func names(docs map[string]string) []string {
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Describe returns one line per metric, for --help.
func (s *Set) Describe() string { return describe(s.docs()) }

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
// An unknown metric is an error that lists the known ones. An error
// starts with the quoted expr, for the caller to say where it came from.
func (s *Set) Parse(expr string) (Gate, error) { return parse(expr, s.docs()) }

func parse(expr string, docs map[string]string) (Gate, error) {
	e := strings.TrimSpace(expr)
	for _, op := range ops {
		i := strings.Index(e, op)
		if i < 0 {
			continue
		}
		g := Gate{Expr: e, Metric: strings.TrimSpace(e[:i]), Op: op}
		if _, ok := docs[g.Metric]; !ok {
			return Gate{}, fmt.Errorf("%q: unknown metric %q; the metrics are: %s", expr, g.Metric, strings.Join(names(docs), ", "))
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(e[i+len(op):]), 64)
		if err != nil || math.IsNaN(v) {
			return Gate{}, fmt.Errorf("%q: %q is not a number", expr, strings.TrimSpace(e[i+len(op):]))
		}
		g.Value = v
		return g, nil
	}
	return Gate{}, fmt.Errorf("%q: want METRIC OP NUMBER with OP one of %s, as in bad_record_rate>0.01", expr, strings.Join(ops, " "))
}

// Values returns every metric's value in a report: the metrics its
// analyses offered (report.Document.Metrics), the findings of each kind
// and in all, and 0 for a metric of the set that the report does not hold
// (an analysis that did not run, a kind with no finding).
func (set *Set) Values(d *report.Document) map[string]float64 {
	docs := set.docs()
	v := make(map[string]float64, len(docs))
	maps.Copy(v, d.Metrics)
	var all int64
	for k, n := range d.Summary.FindingsByKind {
		v["findings."+k] = float64(n)
		all += n
	}
	v["findings"] = float64(all)
	for n := range docs {
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
func (s *Set) Check(gates []Gate, d *report.Document) []report.GateResult {
	out := make([]report.GateResult, len(gates))
	if len(gates) == 0 {
		return out // the set's metrics are not needed
	}
	vals := s.Values(d)
	for i, g := range gates {
		v := vals[g.Metric]
		out[i] = report.GateResult{Gate: g.Expr, Value: v, Reached: g.Reached(v)}
	}
	return out
}
