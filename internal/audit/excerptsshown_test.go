package audit

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/report"
)

// TestExcerptsShown: with ExcerptsShown, the findings a text summary
// shows get the excerpts and row ids of a scan that fills every
// finding's, the others none, and the summary is the same byte for
// byte; with the Findings hook every finding still gets its excerpt.
// With --id the outliers' rows are read again for their ids; without,
// the bytes the first read kept of their candidates give most excerpts
// (excerpt.KeepFew).
func TestExcerptsShown(t *testing.T) {
	for _, id := range []string{"id", ""} {
		t.Run("id="+id, func(t *testing.T) { testExcerptsShown(t, id) })
	}
}

func testExcerptsShown(t *testing.T, id string) {
	config := func(shown int) *ScanConfig {
		return &ScanConfig{
			Inputs: []string{sample}, Text: []string{"text"}, Label: "label", ID: id, Top: 10, TopPerLabel: 5,
			MaxExamples: 1000, ExcerptsShown: shown,
			Dedup: true, NearDups: true, Evasions: true, Outliers: true, LabelChecks: true, Spans: true,
			ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
			Folds: 5, Seed: 1, LabelMinP: labels.DefaultMinP, SpanTokens: 8,
		}
	}
	full, err := Scan(context.Background(), config(0), Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	withExcerpt := 0
	for _, f := range full.Findings {
		if f.Excerpt != "" {
			withExcerpt++
		}
	}
	if withExcerpt < 20 {
		t.Fatalf("the full scan gives %d findings an excerpt: too few to test with", withExcerpt)
	}
	text := func(doc *report.Document, shown int) string {
		var b bytes.Buffer
		if err := report.WriteText(&b, doc, report.TextOptions{ExamplesPerKind: shown}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, shown := range []int{1, 2, 5} {
		doc, err := Scan(context.Background(), config(shown), Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Findings) != len(full.Findings) {
			t.Fatalf("shown %d: %d findings, want %d", shown, len(doc.Findings), len(full.Findings))
		}
		idx := report.TextShown(doc.Findings, shown)
		without := 0
		for i := range doc.Findings {
			got, want := doc.Findings[i], full.Findings[i]
			if slices.Contains(idx, i) {
				if !reflect.DeepEqual(got, want) {
					t.Errorf("shown %d: finding %d shown, got %+v, want %+v", shown, i, got, want)
				}
				continue
			}
			if got.Excerpt != "" && got.Kind != finding.KindBadRecord && want.Excerpt != "" && got.Excerpt != finding.NoTextExcerpt { // a row without text: its excerpt is never read (evasions' noTextExcerpt)
				t.Errorf("shown %d: finding %d (%s) not shown has excerpt %q: read for nothing", shown, i, got.Kind, got.Excerpt)
			}
			if got.Excerpt != want.Excerpt {
				without++
			}
		}
		if without == 0 {
			t.Errorf("shown %d: every finding got its excerpt", shown)
		}
		doc.Run = full.Run // the time taken differs
		if got, want := text(doc, shown), text(full, shown); got != want {
			t.Errorf("shown %d: the text summary differs:\n%s\nwant:\n%s", shown, got, want)
		}
	}
	// The Findings hook gets every finding: all are filled.
	hooked := func(shown int) []finding.Finding {
		var all []finding.Finding
		_, err := Scan(context.Background(), config(shown), Hooks{Findings: func(fs []finding.Finding) error {
			all = slices.Clone(fs)
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		return all
	}
	if got, want := hooked(1), hooked(0); !reflect.DeepEqual(got, want) {
		t.Errorf("with the Findings hook, ExcerptsShown left findings without their excerpts")
	}
}

// TestSmallTail: the collection of hugepages.KeepHeap is skipped only
// when a text summary alone follows the finishes: no other report (all
// excerpts), no Findings hook, no export.
func TestSmallTail(t *testing.T) {
	hook := Hooks{Findings: func([]finding.Finding) error { return nil }}
	for _, tt := range []struct {
		name   string
		shown  int
		export string
		hooks  Hooks
		want   bool
	}{
		{"summary alone", 10, "", Hooks{}, true},
		{"a report besides", 0, "", Hooks{}, false},
		{"findings hook", 10, "", hook, false},
		{"export", 10, "out.jsonl", Hooks{}, false},
	} {
		r := &scanRun{o: &ScanConfig{ExcerptsShown: tt.shown, ExportDedup: outfile.Path{Path: tt.export}}}
		if got := r.smallTail(tt.hooks); got != tt.want {
			t.Errorf("%s: smallTail = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestExcerptEarly: the excerpts read as each analysis finishes
// (excerptEarly) are those read once every analysis has finished, on
// JSONL with ids read and rows named by position, on Parquet, on a
// gzipped copy and with the Findings hook; a run with a second read, or
// the summary's few excerpts, reads them at the end.
func TestExcerptEarly(t *testing.T) {
	dir := t.TempDir()
	gz := gzipSample(t, dir)
	base := func(input, id string) *ScanConfig {
		return &ScanConfig{
			Inputs: []string{input}, Text: []string{"text"}, Label: "label", ID: id, Top: 10, TopPerLabel: 5,
			MaxExamples: 1000, Dedup: true, NearDups: true, Evasions: true, Outliers: true, Spans: true,
			ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ, SpanTokens: 8,
			Folds: 5, Seed: 1, LabelMinP: labels.DefaultMinP,
		}
	}
	hook := func(all *[]finding.Finding) Hooks {
		return Hooks{Findings: func(fs []finding.Finding) error { *all = slices.Clone(fs); return nil }}
	}
	for _, tt := range []struct {
		name   string
		cfg    *ScanConfig
		listed bool // with the Findings hook
	}{
		{"jsonl with ids", base(sample, "id"), false},
		{"jsonl by position", base(sample, ""), false},
		{"gzip", base(gz, "id"), false},
		{"parquet", base("../../testdata/parquet/duckdb.parquet", ""), false},
		{"findings hook", base(sample, "id"), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			scan := func(late bool) (*report.Document, []finding.Finding) {
				excerptsLate = late
				defer func() { excerptsLate = false }()
				var all []finding.Finding
				hooks := Hooks{}
				if tt.listed {
					hooks = hook(&all)
				}
				doc, err := Scan(context.Background(), tt.cfg, hooks)
				if err != nil {
					t.Fatal(err)
				}
				return doc, all
			}
			early, earlyAll := scan(false)
			late, lateAll := scan(true)
			if !reflect.DeepEqual(early.Findings, late.Findings) || !reflect.DeepEqual(earlyAll, lateAll) {
				for i := range late.Findings {
					if i < len(early.Findings) && !reflect.DeepEqual(early.Findings[i], late.Findings[i]) {
						t.Errorf("finding %d read early %+v, at the end %+v", i, early.Findings[i], late.Findings[i])
						break
					}
				}
				t.Fatalf("the findings differ (%d early, %d at the end)", len(early.Findings), len(late.Findings))
			}
			n := 0
			for _, f := range late.Findings {
				if f.Excerpt != "" {
					n++
				}
			}
			if n == 0 {
				t.Errorf("no excerpt to compare")
			}
		})
	}
	for _, tt := range []struct {
		name  string
		cfg   ScanConfig
		hooks Hooks
		want  bool
	}{
		{"every listed finding", ScanConfig{MaxExamples: 10}, Hooks{}, true},
		{"none listed", ScanConfig{}, Hooks{}, false},
		{"the summary's few", ScanConfig{MaxExamples: 10, ExcerptsShown: 10}, Hooks{}, false},
		{"findings hook", ScanConfig{MaxExamples: 10, ExcerptsShown: 10}, hook(new([]finding.Finding)), true},
		{"second read", ScanConfig{MaxExamples: 10, Label: "label", LabelChecks: true}, Hooks{}, false},
	} {
		tt.cfg.NoSplits = true
		r := tt.cfg.newRun(nil, nil, nil, tt.hooks.Findings != nil)
		if got := r.excerptEarly(tt.hooks); got != tt.want {
			t.Errorf("%s: excerptEarly = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// gzipSample writes a gzipped copy of the sample into dir and returns its
// path (TestExcerptEarly, TestEarlyExcerpts).
func gzipSample(t *testing.T, dir string) string {
	t.Helper()
	gz := filepath.Join(dir, "sample.jsonl.gz")
	raw, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(raw)
	zw.Close()
	if err := os.WriteFile(gz, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return gz
}
