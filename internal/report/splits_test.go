package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/splits"
)

// TestSplitsViews: every view shows the splits section when the report
// has one (hostile split and label names escaped) and says nothing of
// splits when it has none.
func TestSplitsViews(t *testing.T) {
	sp := &splits.Result{
		Splits: []splits.Split{
			{Name: "train", Role: splits.RoleTrain, Files: 2, Rows: 1000, Tokens: 50000, Labels: []splits.LabelCount{{Label: "ham", Rows: 700}, {Label: "sp|am", Rows: 300}}},
			{Name: "test", Role: splits.RoleEval, Files: 1, Rows: 100, Tokens: 5000, OverlapRows: 7},
			{Name: "<b>x</b>", Role: splits.RoleOther, Files: 1, Rows: 3, Tokens: 9},
		},
		Overlap: splits.Overlap{EvalRows: 100, Rows: 7, Exact: 5, Near: 2, Rate: 0.07},
	}
	views := []struct {
		name  string
		write func(*bytes.Buffer, *Document) error
		want  []string
	}{
		{"text", func(b *bytes.Buffer, d *Document) error { return WriteText(b, d, TextOptions{}) },
			[]string{"Splits: train, test, <b>x</b>; 7 of 100 evaluation rows copy training rows (5 exact, 2 near; 7.00%)", "  test      evaluation  1      100"}},
		{"markdown", func(b *bytes.Buffer, d *Document) error { return WriteMarkdown(b, d, TextOptions{}) },
			[]string{"**Splits**", "| `train` | train | 2 | 1,000 | 0 | 50,000 | - | `ham` 700, `sp\\|am` 300 |", "| `test` | evaluation | 1 | 100 | 0 | 5,000 | 7 |"}},
		{"html", func(b *bytes.Buffer, d *Document) error { return WriteHTML(b, d) },
			[]string{"<h2>Splits</h2>", "<code>&lt;b&gt;x&lt;/b&gt;</code>", `<td class="num">7</td>`}},
	}
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			var with, without bytes.Buffer
			if err := v.write(&with, &Document{Command: "scan", Splits: sp}); err != nil {
				t.Fatal(err)
			}
			if err := v.write(&without, &Document{Command: "scan"}); err != nil {
				t.Fatal(err)
			}
			for _, want := range v.want {
				if !strings.Contains(with.String(), want) {
					t.Errorf("%s view lacks %q:\n%s", v.name, want, with.String())
				}
			}
			if strings.Contains(strings.ToLower(without.String()), "split") {
				t.Errorf("%s view of a report without splits mentions splits", v.name)
			}
		})
	}
}
