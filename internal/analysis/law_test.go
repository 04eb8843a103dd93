package analysis_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/analysis/analysistest"
	"github.com/dataaudit/dataaudit/internal/backdoor"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/evasions"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/outliers"
	"github.com/dataaudit/dataaudit/internal/poison"
	"github.com/dataaudit/dataaudit/internal/repeats"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// specs are every analysis of the project.
var specs = []*analysis.Spec{stats.Spec, dups.ExactSpec, dups.NearSpec, evasions.Spec, outliers.Spec, labels.Spec, poison.Spec, backdoor.Spec, repeats.Spec}

func config() *analysis.Config {
	return &analysis.Config{
		Label: "label", ID: "id", TopN: 50, TopPerLabel: 10, MaxExamples: 1000,
		ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ, CollectDrops: true,
		Folds: labels.DefaultFolds, Seed: 1, LabelMinP: labels.DefaultMinP,
	}
}

// finished runs every analysis over the sample with the workers given,
// each worker fed small chunks in whatever order ingest hands them out,
// and returns each finished Result as JSON, by spec name.
func finished(t *testing.T, workers int) map[string]string {
	return finishedBy(t, workers, false)
}

// finishedBy is finished, by RunFinished when overlapped is set, else
// by RunSpecs and then each analyser's Finish.
func finishedBy(t *testing.T, workers int, overlapped bool) map[string]string {
	t.Helper()
	path, inputs := sampleInputs(t)
	iopts := ingest.Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: workers, ChunkBytes: 8 << 10}
	var passes []int
	opts := analysis.Options{Ingest: iopts, OnPass: func(pass int) (func(int64), func()) {
		passes = append(passes, pass)
		return nil, nil
	}}
	env := &analysis.Env{Files: []string{path}, MaxExamples: 1000}
	var results []*analysis.Result
	var err error
	if overlapped {
		results, err = analysis.RunFinished(context.Background(), inputs, opts, specs, config(), env)
		if err != nil {
			t.Fatal(err)
		}
	} else {
		all, err := analysis.RunSpecs(context.Background(), inputs, opts, specs, config())
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range all {
			r, err := a.Finish(env)
			if err != nil {
				t.Fatalf("%s: Finish: %v", specs[i].Name, err)
			}
			results = append(results, r)
		}
	}
	if want := []int{1, 2}; len(passes) != 2 || passes[0] != 1 || passes[1] != 2 {
		t.Fatalf("read passes %v, want %v (the label checks and the repeated spans read twice)", passes, want)
	}
	out := map[string]string{}
	for i, r := range results {
		b, err := json.Marshal(struct {
			Section  any
			Findings any
			Unlisted map[string]int64
		}{r.Section, r.Findings, r.Unlisted})
		if err != nil {
			t.Fatal(err)
		}
		out[specs[i].Name] = string(b)
	}
	return out
}

// TestLaw checks the law of Analyser for every analysis: however the
// batches are split among workers and merged, the finished result is the
// one of a single worker that saw them all, byte for byte.
func TestLaw(t *testing.T) {
	want := finished(t, 1)
	for _, workers := range []int{2, 5} {
		got := finished(t, workers)
		for _, s := range specs {
			if got[s.Name] != want[s.Name] {
				t.Errorf("%s with %d workers: the result differs from one worker's:\n got %.300s\nwant %.300s", s.Name, workers, got[s.Name], want[s.Name])
			}
			if len(want[s.Name]) < 50 {
				t.Errorf("%s: result %q is too small to tell anything", s.Name, want[s.Name])
			}
		}
	}
}

// TestRunFinished: RunFinished, which merges and finishes the analyses
// concurrently with each other and with the second read, gives every
// analysis the result of RunSpecs then Finish, with one worker or more.
func TestRunFinished(t *testing.T) {
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			want := finishedBy(t, workers, false)
			got := finishedBy(t, workers, true)
			for _, s := range specs {
				if got[s.Name] != want[s.Name] {
					t.Errorf("RunFinished: %s = %.300s, want %.300s", s.Name, got[s.Name], want[s.Name])
				}
			}
		})
	}
}

// TestMergeMismatch: merging another analysis' state is an error, never
// a panic or a silent no-op.
func TestMergeMismatch(t *testing.T) {
	c := config()
	for _, s := range specs {
		for _, o := range specs {
			if s == o {
				continue
			}
			a, err := s.New(c)
			if err != nil {
				t.Fatal(err)
			}
			b, err := o.New(c)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Merge(b); err == nil || !strings.Contains(err.Error(), "cannot merge") {
				t.Errorf("%s.Merge(%s) = %v, want a mismatch error", s.Name, o.Name, err)
			}
		}
	}
}

// TestRegistryOffering: a gate metric is offered by the analyses that
// compute it, with what it needs.
func TestRegistryOffering(t *testing.T) {
	r := analysis.Registry(specs)
	tests := []struct {
		metric string
		want   []string
		needs  analysis.Need
	}{
		{"bad_record_rate", []string{"stats.summary"}, 0},
		{"labels", []string{"stats.summary"}, analysis.NeedLabel},
		{"duplicate_rate", []string{"dups.exact"}, 0},
		{"findings.label_conflict", []string{"dups.exact", "dups.near", "labels.checks"}, analysis.NeedLabel},
		{"findings.label_error", []string{"labels.checks"}, analysis.NeedLabel},
		{"findings", nil, 0},
	}
	for _, tt := range tests {
		offers := r.Offering(tt.metric)
		var got []string
		for _, of := range offers {
			got = append(got, of.Spec.Name)
			if of.Needs != tt.needs {
				t.Errorf("Offering(%q): %s needs %v, want %v", tt.metric, of.Spec.Name, of.Needs, tt.needs)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Offering(%q) = %v, want %v", tt.metric, got, tt.want)
		}
	}
}

// TestRegistryOfferingShared: a finding kind two analyses make is offered
// by each, with its own needs: the label checks' trigger candidates need
// a label, the poisoned-text check's and the backdoor scan's do not.
func TestRegistryOfferingShared(t *testing.T) {
	offers := analysis.Registry(specs).Offering("findings.trigger_candidate")
	var got []string
	for _, of := range offers {
		got = append(got, fmt.Sprintf("%s:%d", of.Spec.Name, of.Needs))
	}
	want := fmt.Sprintf("labels.checks:%d,poison:0,backdoor.instructions:0", analysis.NeedLabel)
	if strings.Join(got, ",") != want {
		t.Errorf("Offering(%q) = %v, want %v", "findings.trigger_candidate", got, want)
	}
}

// trimEach is an Analyser that trims itself after every batch.
type trimEach struct{ analysis.Analyser }

func (a trimEach) Add(b *ingest.Batch) error {
	if err := a.Analyser.Add(b); err != nil {
		return err
	}
	a.Analyser.(analysis.Trimmer).Trim()
	return nil
}

func (a trimEach) Finish(env *analysis.Env) (*analysis.Result, error) { return a.Analyser.Finish(env) }

// untrimmed is an Analyser whose Trim is hidden.
type untrimmed struct{ analysis.Analyser }

// TestTrim: trimming an analysis' scratch after every batch changes
// none of its results (Trimmer), and the analyses that keep scratch
// sized for the longest text can drop it.
func TestTrim(t *testing.T) {
	// The sample and a copy: exact and near duplicates.
	paths := analysistest.Corpus(t)
	inputs, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	opts := analysis.Options{Ingest: ingest.Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 1, ChunkBytes: 8 << 10, LenientJSON: true}}
	env := &analysis.Env{Files: paths, MaxExamples: 1000}
	result := func(s *analysis.Spec, trim bool) string {
		as, err := analysis.Run(context.Background(), inputs, opts, []analysis.Factory{func() (analysis.Analyser, error) {
			a, err := s.New(config())
			if trim {
				return trimEach{a}, err
			}
			return untrimmed{a}, err // not trimmed by Workers either
		}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := as[0].Finish(env)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(struct{ Section, Findings any }{r.Section, r.Findings})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var trimmers []string
	for _, s := range specs {
		a, err := s.New(config())
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := a.(analysis.Trimmer); !ok {
			continue
		}
		trimmers = append(trimmers, s.Name)
		if got, want := result(s, true), result(s, false); got != want {
			t.Errorf("%s trimmed after every batch = %.300s, want %.300s", s.Name, got, want)
		}
	}
	if got, want := strings.Join(trimmers, ","), "stats.summary,dups.exact,dups.near"; got != want {
		t.Errorf("Trimmers = %s, want %s", got, want)
	}
}

// sampleInputs opens testdata/sample.jsonl as the inputs of a run, closed
// when the test ends.
func sampleInputs(t *testing.T) (string, []ingest.Input) {
	t.Helper()
	path := filepath.Join(fixtures.Root(), "testdata", "sample.jsonl")
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ingest.Close(inputs) })
	return path, inputs
}
