package labels

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLabelConflicts puts copies of sample mails with the other label
// among the rows (one copy re-punctuated, one with a copy of the same
// label too) and checks that the label checks report each conflict once,
// every member named, the same with 1 and 3 workers, and none without
// Options.Conflicts.
func TestLabelConflicts(t *testing.T) {
	rs := readSample(t, 1)
	other := map[string]string{"spam": "ham", "ham": "spam"}
	add := func(i int, id, text, label string) {
		rs = append(rs, sampleRecord{ID: id, Text: text, Label: label})
	}
	add(3, "c3", rs[3].Text, other[rs[3].Label])
	add(10, "c10", strings.ReplaceAll(rs[10].Text, ".", " . "), other[rs[10].Label])
	add(20, "s20", rs[20].Text, rs[20].Label) // a copy, no conflict alone
	add(20, "c20", rs[20].Text, other[rs[20].Label])
	add(30, "s30", strings.ToUpper(rs[30].Text), rs[30].Label) // same label: no conflict
	path := writeJSONL(t, rs)
	want := [][]string{
		{rs[3].ID, "c3"},
		{rs[10].ID, "c10"},
		{rs[20].ID, "s20", "c20"},
	}
	// The same rows as one JSON array on one line: rows are named by
	// their element since session 10, so no two share a position. Before,
	// every element but the first was left out of the conflicts, and the
	// report said nothing.
	data, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	array := filepath.Join(t.TempDir(), "rows.json")
	if err := os.WriteFile(array, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var first string
	for _, run := range []struct {
		path    string
		workers int
	}{{path, 1}, {path, 3}, {array, 1}, {array, 3}} {
		workers := run.workers
		res, fs := checkWith(t, run.path, workers, Options{Seed: 1, Conflicts: true})
		var got [][]string
		var evidence []string
		for _, f := range fs.Conflicts {
			var ids []string
			for _, r := range f.Rows {
				ids = append(ids, r.ID)
			}
			got = append(got, ids)
			evidence = append(evidence, f.Kind+"/"+f.Subkind+": "+f.Evidence)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("label conflicts of %s, %d workers (-want +got):\n%s", filepath.Base(run.path), workers, diff)
		}
		if res.LabelConflicts != int64(len(want)) {
			t.Errorf("Result.LabelConflicts = %d, want %d", res.LabelConflicts, len(want))
		}
		if len(evidence) == 0 || !strings.HasPrefix(evidence[0], `label_conflict/exact: 2 copies (the same words once normalised) carry 2 labels (`) {
			t.Errorf("evidence = %q, want label_conflict/exact: 2 copies ...", evidence)
		}
		if run.path == array {
			continue // the evidence names rows by element
		}
		if workers == 1 {
			first = strings.Join(evidence, "\n")
		} else if got := strings.Join(evidence, "\n"); got != first {
			t.Errorf("evidence with %d workers = %q, want %q (1 worker)", workers, got, first)
		}
	}
	if res, fs := checkWith(t, path, 2, Options{Seed: 1}); len(fs.Conflicts) != 0 || res.LabelConflicts != 0 {
		t.Errorf("without Options.Conflicts: %d conflicts listed, %d counted, want none", len(fs.Conflicts), res.LabelConflicts)
	}
}
