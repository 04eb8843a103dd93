package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/report"
)

// TestEarlyExcerpts: the excerpts a text summary shows, of the analyses
// that finish before the last read while it finishes (earlyExcerpts),
// are those read once every analysis has finished, and so are the row
// ids read with them and the summary, on JSONL with ids read and rows
// named by position, on Parquet and on a gzipped copy (row starts kept),
// for several numbers of examples shown; and when the early read fails,
// every excerpt is read at the end as before.
func TestEarlyExcerpts(t *testing.T) {
	dir := t.TempDir()
	gz := gzipSample(t, dir)
	config := func(input, id string, shown int) *ScanConfig {
		return &ScanConfig{
			Inputs: []string{input}, Text: []string{"text"}, Label: "label", ID: id, Top: 10, TopPerLabel: 5,
			MaxExamples: 1000, ExcerptsShown: shown, Dedup: true, NearDups: true, Evasions: true, Outliers: true,
			ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
			Folds: 5, Seed: 1, LabelMinP: labels.DefaultMinP,
		}
	}
	text := func(doc *report.Document, shown int) string {
		var b bytes.Buffer
		if err := report.WriteText(&b, doc, report.TextOptions{ExamplesPerKind: shown}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	scan := func(cfg *ScanConfig, off bool, fail error) *report.Document {
		earlyOff, testEarlyError = off, fail
		defer func() { earlyOff, testEarlyError = false, nil }()
		doc, err := Scan(context.Background(), cfg, Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		doc.Run = report.Run{}
		return doc
	}
	for _, tt := range []struct {
		name, input, id string
	}{
		{"jsonl with ids", sample, "id"},
		{"jsonl by position", sample, ""},
		{"gzip", gz, "id"},
		{"parquet", "../../testdata/parquet/duckdb.parquet", ""},
	} {
		// Some excerpt is read early for each input, over the numbers
		// shown: not for each number, since which analysis finishes last
		// (its excerpts are read at the end) is the scheduler's, and with
		// one shown a kind's first finding may need no read (the Parquet
		// sample's first cleaning_evasion is a null text's empty_text,
		// "(no text)"), so that with one shown the early read may have
		// nothing to give.
		applied := earlyApplied.Load()
		for _, shown := range []int{1, 2, 5} {
			cfg := config(tt.input, tt.id, shown)
			late := scan(cfg, true, nil)
			early := scan(cfg, false, nil)
			failed := scan(cfg, false, errors.New("test"))
			for _, got := range []*report.Document{early, failed} {
				if !reflect.DeepEqual(got.Findings, late.Findings) {
					for i := range late.Findings {
						if i < len(got.Findings) && !reflect.DeepEqual(got.Findings[i], late.Findings[i]) {
							t.Errorf("%s, %d shown: finding %d %+v, want %+v", tt.name, shown, i, got.Findings[i], late.Findings[i])
							break
						}
					}
					t.Fatalf("%s, %d shown: the findings differ", tt.name, shown)
				}
				if g, w := text(got, shown), text(late, shown); g != w {
					t.Errorf("%s, %d shown: the summary differs:\n%s\nwant:\n%s", tt.name, shown, g, w)
				}
			}
		}
		if earlyApplied.Load() == applied {
			t.Errorf("%s: no excerpt read early", tt.name)
		}
	}
}

// TestEarlyApply: apply gives the excerpts and ids read early to the
// findings a summary shows alone, not to those of a kind an earlier
// analysis fills the summary with, nor to a finding that has its
// excerpt; none at all when a finding read is not where it was.
func TestEarlyApply(t *testing.T) {
	mk := func(kinds ...string) *analysis.Result {
		r := &analysis.Result{}
		for i, k := range kinds {
			r.Findings = append(r.Findings, finding.Finding{Kind: k, Rows: []finding.Row{{ID: fmt.Sprint(k, i)}}})
		}
		return r
	}
	setup := func() (*earlyExcerpts, []*analysis.Result, []finding.Finding) {
		results := []*analysis.Result{mk("a", "a", "a"), mk("b", "a", "a", "b")}
		results[1].Findings[3].Excerpt = "had"
		e := &earlyExcerpts{run: &scanRun{o: &ScanConfig{ExcerptsShown: 2}}, ctx: context.Background(), perKind: 2, left: 3}
		e.finished(0, results[0])
		e.finished(1, results[1])
		var fs []finding.Finding
		for _, r := range results {
			fs = append(fs, r.Findings...)
		}
		// What the read would have given the copies.
		for i := range e.read {
			x := &e.read[i]
			x.f.Excerpt = "read " + x.f.Rows[0].ID
			x.f.Rows[0].ID = "id " + x.f.Rows[0].ID
		}
		return e, results, fs
	}
	e, results, fs := setup()
	e.apply(results, fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Rows[0].ID+": "+f.Excerpt)
	}
	want := []string{
		"id a0: read a0", "id a1: read a1", "a2: ", // the first two of kind a
		"id b0: read b0", "a1: ", "a2: ", "b3: had",
	}
	if !slices.Equal(got, want) {
		t.Errorf("applied %q, want %q", got, want)
	}
	e, results, fs = setup()
	fs[1].Rows = []finding.Row{{ID: "moved"}}
	e.apply(results, fs)
	for i, f := range fs {
		if f.Excerpt != "" && f.Excerpt != "had" {
			t.Errorf("a finding read moved, yet finding %d got %q", i, f.Excerpt)
		}
	}
}
