package analysis_test

import (
	"context"
	"sync"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// TestRunFinishedHook: Options.Finished is called once for every spec,
// those that read once and those that read twice, with the result
// RunFinished returns for it, before RunFinished returns; what it writes
// into a result's findings is in the result returned.
func TestRunFinishedHook(t *testing.T) {
	path, inputs := sampleInputs(t)
	var mu sync.Mutex
	got := map[int]*analysis.Result{}
	calls := 0
	opts := analysis.Options{
		Ingest: ingest.Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 2, ChunkBytes: 8 << 10},
		Finished: func(i int, r *analysis.Result) {
			mu.Lock()
			defer mu.Unlock()
			calls++
			got[i] = r
			for j := range r.Findings {
				r.Findings[j].Excerpt = "marked"
			}
		},
	}
	env := &analysis.Env{Files: []string{path}, MaxExamples: 1000}
	results, err := analysis.RunFinished(context.Background(), inputs, opts, specs, config(), env)
	if err != nil {
		t.Fatal(err)
	}
	if calls != len(specs) {
		t.Errorf("Finished called %d times, want once for each of the %d specs", calls, len(specs))
	}
	marked := 0
	for i, r := range results {
		if got[i] != r {
			t.Errorf("%s: Finished got another result than RunFinished returned", specs[i].Name)
		}
		for _, f := range r.Findings {
			if f.Excerpt != "marked" {
				t.Errorf("%s: a finding returned without what Finished wrote", specs[i].Name)
				break
			}
			marked++
		}
	}
	if marked == 0 {
		t.Error("no finding to check")
	}
}
