package gate

import (
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/comparison"
)

func fullCompare() *comparison.Report {
	return &comparison.Report{
		Tokens:     comparison.TokenShift{JSDistance: 0.3, PSI: 0.5},
		Vocabulary: comparison.Vocabulary{OOVRate: 0.02, OOVRateMax: 0.05},
		Lengths:    comparison.Lengths{Tokens: comparison.LengthShift{KS: 0.4}},
		Labels:     &comparison.LabelShift{JSDistance: 0.1},
		Overlap:    &comparison.Overlap{RowsB: 3_000_000, Total: 1, Rate: 0},
		Domain:     &comparison.Domain{AUC: 0.7},
	}
}

// TestEveryCompareMetricHasAValue keeps CompareValues and the documented
// metrics in step.
func TestEveryCompareMetricHasAValue(t *testing.T) {
	vals := CompareValues(fullCompare())
	for _, m := range CompareMetrics() {
		if _, ok := vals[m]; !ok {
			t.Errorf("metric %q is documented but has no value", m)
		}
	}
	for m := range vals {
		if _, ok := compareDocs()[m]; !ok {
			t.Errorf("metric %q has a value but is not documented", m)
		}
	}
}

func TestCheckCompare(t *testing.T) {
	tests := []struct {
		expr string
		want bool
	}{
		{"js_distance>0.25", true},
		{"js_distance>0.3", false},
		{"psi>=0.5", true},
		{"oov_rate_max>0.04", true},
		{"length_ks.tokens>0.3", true},
		{"length_ks.bytes>0", false},
		{"label_js_distance<0.2", true},
		{"overlap_rows>0", true},
		{"overlap_rate>0", true}, // 1 row in 3 M: rounded to 0 in the report, not for the gate
		{"domain_auc>0.8", false},
	}
	for _, tt := range tests {
		g, err := ParseCompare(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		res, err := CheckCompare([]Gate{g}, fullCompare())
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Reached != tt.want {
			t.Errorf("CheckCompare(%q) reached = %v (value %v), want %v", tt.expr, res[0].Reached, res[0].Value, tt.want)
		}
	}
}

// TestCheckCompareMissing: a gate on a part the report lacks is an error,
// never a 0 that passes.
func TestCheckCompareMissing(t *testing.T) {
	r := fullCompare()
	r.Labels, r.Overlap, r.Domain = nil, nil, nil
	for _, expr := range []string{"label_psi>0.1", "overlap_rows>0", "domain_auc>0.9"} {
		g, _ := ParseCompare(expr)
		if _, err := CheckCompare([]Gate{g}, r); err == nil || !strings.Contains(err.Error(), "the report has no") {
			t.Errorf("CheckCompare(%q) without that part: error %v", expr, err)
		}
	}
	if _, err := ParseCompare("bad_record_rate>0"); err == nil {
		t.Error("a scan metric parsed as a compare metric")
	}
	if _, err := testSet.Parse("js_distance>0"); err == nil {
		t.Error("a compare metric parsed as a scan metric")
	}
}
