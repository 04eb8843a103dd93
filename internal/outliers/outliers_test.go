package outliers

import (
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

func TestOutliers(t *testing.T) {
	var rows []fixtures.Row
	prose := []string{
		"The meeting moved to Friday at ten, in the usual room on the second floor.",
		"Please bring the notes from last week and the draft of the report.",
		"We will go over the budget first and then the schedule for the spring.",
		"Lunch is provided, so let me know if you have any dietary needs.",
	}
	for i := range 400 {
		rows = append(rows, fixtures.Row{Text: prose[i%len(prose)] + strings.Repeat(" More words here.", i%5)})
	}
	blob := strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVm", 3)
	rows[123] = fixtures.Row{Text: blob}
	rows[321] = fixtures.Row{Text: "1234567890 0987654321 1122334455 6677889900 5544332211"}
	o := NewScorer()
	b := fixtures.Batch(t, rows, 1)
	defer b.Record.Release()
	if err := o.Add(b); err != nil {
		t.Fatal(err)
	}
	r, fs, unlisted := o.Result([]string{"f.jsonl"}, 10)
	if r.Outliers != 2 || len(fs) != 2 || unlisted != 0 {
		t.Fatalf("outliers = %d, findings %d, unlisted %d; want the 2 planted rows: %+v", r.Outliers, len(fs), unlisted, fs)
	}
	got := map[int64]string{}
	for _, f := range fs {
		got[f.Rows[0].Line] = f.Subkind
	}
	if got[124] != "mean_word_len" || got[322] == "" {
		t.Errorf("flagged %v, want line 124 (base64, mean_word_len) and line 322 (digits)", got)
	}
}
