package gate

import (
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/evasions"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/outliers"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// testSet is the set of scan metrics the analyses' specs offer, as the
// command builds it (without its flags in the docs).
var testSet = func() *Set {
	docs := map[string]string{"findings": "findings of every kind"}
	for _, s := range []*analysis.Spec{stats.Spec, dups.ExactSpec, dups.NearSpec, evasions.Spec, outliers.Spec, labels.Spec} {
		for _, m := range s.Metrics {
			docs[m.Name] = m.Doc
		}
		for _, k := range s.Kinds {
			docs["findings."+k.Name] = "findings of kind " + k.Name
		}
	}
	return NewSet(docs)
}()

func TestParse(t *testing.T) {
	tests := []struct {
		expr    string
		want    Gate
		wantErr string
	}{
		{expr: "bad_record_rate>0.01", want: Gate{Expr: "bad_record_rate>0.01", Metric: "bad_record_rate", Op: ">", Value: 0.01}},
		{expr: " rows >= 10 ", want: Gate{Expr: "rows >= 10", Metric: "rows", Op: ">=", Value: 10}},
		{expr: "findings.invalid_utf8!=0", want: Gate{Expr: "findings.invalid_utf8!=0", Metric: "findings.invalid_utf8", Op: "!=", Value: 0}},
		{expr: "tokens<1e6", want: Gate{Expr: "tokens<1e6", Metric: "tokens", Op: "<", Value: 1e6}},
		{expr: "bad_rate>0.01", wantErr: `unknown metric "bad_rate"; the metrics are: bad_record_rate,`},
		{expr: "rows>many", wantErr: `"many" is not a number`},
		{expr: "rows>NaN", wantErr: `is not a number`},
		{expr: "rows", wantErr: "want METRIC OP NUMBER"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			got, err := testSet.Parse(tt.expr)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(%q) error = %v, want one containing %q", tt.expr, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %+v, %v, want %+v", tt.expr, got, err, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	// The gates read the metrics the token summary offers.
	sum := &stats.Result{Counts: stats.Counts{RecordsRead: 105, Rows: 100, BadRecords: 5, EmptyTexts: 10}}
	d := &report.Document{Summary: report.Summary{
		Counts:         sum.Counts,
		BadRecordRate:  5.0 / 105,
		FindingsByKind: map[string]int64{"bad_record": 5},
	}, Metrics: sum.Metrics()}
	tests := []struct {
		expr string
		want bool
	}{
		{"bad_record_rate>0.01", true},
		{"bad_record_rate>0.05", false},
		{"empty_text_rate>=0.1", true},
		{"empty_text_rate>0.1", false},
		{"findings.bad_record==5", true},
		{"findings>5", false},
		{"findings.invalid_utf8>0", false}, // a kind with no finding is 0
		{"labels<2", true},                 // no --label: 0
		{"rows<=100", true},
		{"rows!=100", false},
	}
	for _, tt := range tests {
		g, err := testSet.Parse(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		res := testSet.Check([]Gate{g}, d)
		if res[0].Reached != tt.want {
			t.Errorf("Check(%q) reached = %v (value %v), want %v", tt.expr, res[0].Reached, res[0].Value, tt.want)
		}
	}
}

// TestEveryMetricHasAValue keeps Values and the documented metrics in step.
func TestEveryMetricHasAValue(t *testing.T) {
	sum := &stats.Result{Labels: &stats.LabelStats{Distinct: 2}}
	vals := testSet.Values(&report.Document{Metrics: sum.Metrics()})
	for _, m := range testSet.Metrics() {
		if _, ok := vals[m]; !ok {
			t.Errorf("metric %q is documented but has no value", m)
		}
	}
	for m := range vals {
		if _, ok := testSet.docs()[m]; !ok {
			t.Errorf("metric %q has a value but is not documented", m)
		}
	}
}

// TestRateFromCounts: one bad record in two million rounds to a rate of 0
// in the summary, but the gate must see it.
func TestRateFromCounts(t *testing.T) {
	sum := &stats.Result{Counts: stats.Counts{RecordsRead: 2000001, Rows: 2000000, BadRecords: 1}}
	d := &report.Document{Summary: report.Summary{Counts: sum.Counts, BadRecordRate: 0}, Metrics: sum.Metrics()}
	g, _ := testSet.Parse("bad_record_rate>0")
	if res := testSet.Check([]Gate{g}, d); !res[0].Reached {
		t.Errorf("bad_record_rate>0 with 1 bad record in 2000001: not reached (value %v)", res[0].Value)
	}
}

// TestLazySet: a lazy set builds its metrics on first use, once, and not
// to check no gates (a scan without --fail-on); it answers as NewSet's.
func TestLazySet(t *testing.T) {
	calls := 0
	docs := func() map[string]string {
		calls++
		return map[string]string{"findings": "findings of every kind", "bad_record_rate": "bad records / records"}
	}
	s := NewLazySet(docs)
	doc := &report.Document{Metrics: map[string]float64{"bad_record_rate": 0.5}}
	if got := s.Check(nil, doc); got == nil || len(got) != 0 {
		t.Fatalf("Check of no gates = %#v, want an empty slice", got)
	}
	if calls != 0 {
		t.Fatalf("docs called %d times before a metric was asked for, want 0", calls)
	}
	eager := NewSet(docs())
	calls = 0
	if s.Describe() != eager.Describe() || !slices.Equal(s.Metrics(), eager.Metrics()) {
		t.Errorf("lazy set describes %q, eager %q", s.Describe(), eager.Describe())
	}
	g, err := s.Parse("bad_record_rate > 0.1")
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Check([]Gate{g}, doc); len(r) != 1 || !r[0].Reached || r[0].Value != 0.5 {
		t.Errorf("Check = %+v, want bad_record_rate 0.5 reached", r)
	}
	if _, err := s.Parse("no_such_metric > 1"); err == nil {
		t.Errorf("Parse of an unknown metric: no error")
	}
	if calls != 1 {
		t.Errorf("docs called %d times, want once", calls)
	}
}
