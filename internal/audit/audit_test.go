package audit

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/report"
)

const sample = "../../testdata/sample.jsonl"

// TestAnalyses: the configuration picks the analyses, in registry order,
// and leaves out those whose needs it does not give.
func TestAnalyses(t *testing.T) {
	tests := []struct {
		name string
		cfg  ScanConfig
		want string
	}{
		// The split checks are on unless NoSplits; a scan drops them when
		// its inputs are not splits.
		{"summary only", ScanConfig{NoSplits: true}, "stats.summary chat.summary"},
		{"splits by default", ScanConfig{}, "stats.summary splits chat.summary"},
		{"label checks without a label", ScanConfig{LabelChecks: true, NoSplits: true}, "stats.summary chat.summary"},
		{"every check", ScanConfig{Label: "y", Dedup: true, NearDups: true, Evasions: true, Outliers: true, LabelChecks: true},
			"stats.summary dups.exact dups.near evasions outliers labels.checks splits chat.summary"},
		{"near before outliers", ScanConfig{Outliers: true, NearDups: true, NoSplits: true}, "stats.summary dups.near outliers chat.summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			for _, s := range tt.cfg.Analyses() {
				names = append(names, s.Name)
			}
			if got := strings.Join(names, " "); got != tt.want {
				t.Errorf("Analyses() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestUnavailable: a metric whose analysis does not run names that
// analysis and the need it lacks.
func TestUnavailable(t *testing.T) {
	tests := []struct {
		name     string
		cfg      ScanConfig
		metric   string
		wantSpec string
		wantNeed analysis.Need
	}{
		{"run's own", ScanConfig{}, "findings", "", 0},
		{"summary", ScanConfig{}, "bad_record_rate", "", 0},
		{"label metric without a label", ScanConfig{}, "null_labels", "stats.summary", analysis.NeedLabel},
		{"dedup off", ScanConfig{}, "duplicate_rate", dups.ExactSpec.Name, 0},
		{"dedup on", ScanConfig{Dedup: true}, "duplicate_rate", "", 0},
		{"label errors without the checks", ScanConfig{Label: "y"}, "findings.label_error", labels.Spec.Name, 0},
		{"conflicts from near duplicates", ScanConfig{Label: "y", NearDups: true}, "findings.label_conflict", "", 0},
		{"conflicts without a label", ScanConfig{Dedup: true}, "findings.label_conflict", dups.ExactSpec.Name, analysis.NeedLabel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, need := tt.cfg.Unavailable(tt.metric)
			name := ""
			if spec != nil {
				name = spec.Name
			}
			if name != tt.wantSpec || need != tt.wantNeed {
				t.Errorf("Unavailable(%q) = %q, %v; want %q, %v", tt.metric, name, need, tt.wantSpec, tt.wantNeed)
			}
		})
	}
}

// rows returns d with n usable rows.
func rows(n int64, d report.Document) report.Document {
	d.Summary.Rows, d.Summary.RecordsRead = n, n
	return d
}

// TestVerdict: data that was not all usable comes before gates.
func TestVerdict(t *testing.T) {
	reached := []report.GateResult{{Gate: "rows>1", Value: 3, Reached: true}}
	tests := []struct {
		name   string
		doc    report.Document
		maxBad int64
		want   any // nil, DataError, DataGateError or GateError
		msg    string
	}{
		{"clean", rows(1, report.Document{}), -1, nil, ""},
		{"gate", rows(1, report.Document{Gates: reached}), -1, GateError{}, "gate reached: rows>1 (value 3)"},
		{"empty", report.Document{Gates: reached}, -1, DataError{}, "no record read: the inputs are empty"},
		{"no usable record", func() report.Document {
			d := report.Document{Gates: reached}
			d.Summary.RecordsRead, d.Summary.BadRecords = 3, 3
			d.Summary.BadByKind = map[string]int64{"missing_text": 2, "invalid_json": 1}
			return d
		}(), 5, DataError{}, "no usable record: all 3 records are bad (invalid_json 1, missing_text 2): check the input's format and --text"},
		{"no usable record, one read", func() report.Document {
			d := report.Document{Gates: reached}
			d.Summary.RecordsRead, d.Summary.BadRecords = 1, 1
			d.Summary.BadByKind = map[string]int64{"invalid_json": 1}
			return d
		}(), -1, DataError{}, "no usable record: the only record is bad (invalid_json 1): check the input's format and --text"},
		{"no usable record, utf-16", func() report.Document {
			d := report.Document{}
			d.Summary.RecordsRead, d.Summary.BadRecords = 3, 3
			d.Summary.BadByKind = map[string]int64{ingest.BadFileEncoding: 0, "invalid_json": 3}
			return d
		}(), -1, DataError{}, "no usable record: all 3 records are bad (invalid_json 3): input in UTF-16 or UTF-32, not UTF-8: convert it to UTF-8 (see the file_encoding findings)"},
		{"unreadable first", func() report.Document {
			d := report.Document{Gates: reached}
			d.Summary.UnreadableInputs = 2
			return d
		}(), -1, DataError{}, "2 inputs could not be read to the end; the report covers the rest (see the unreadable_input findings)"},
		{"changed", func() report.Document {
			var d report.Document
			d.Summary.BadByKind = map[string]int64{ingest.BadInputChanged: 1}
			return d
		}(), -1, DataError{}, "an input changed during the scan; the report covers what was read (see the input_changed records)"},
		{"too many bad", func() report.Document {
			var d report.Document
			d.Summary.Rows, d.Summary.BadRecords = 1, 5
			return d
		}(), 4, DataGateError{}, "5 bad records, more than --max 4"},
		{"bad within the limit", func() report.Document {
			var d report.Document
			d.Summary.Rows, d.Summary.BadRecords = 1, 5
			return d
		}(), 5, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verdict(&tt.doc, tt.maxBad, "--max")
			var data DataError
			var limit DataGateError
			var gates GateError
			switch tt.want.(type) {
			case nil:
				if err != nil {
					t.Fatalf("Verdict = %v, want nil", err)
				}
				return
			case DataError:
				if !errors.As(err, &data) {
					t.Fatalf("Verdict = %#v, want a DataError", err)
				}
			case DataGateError:
				if !errors.As(err, &limit) {
					t.Fatalf("Verdict = %#v, want a DataGateError", err)
				}
			case GateError:
				if !errors.As(err, &gates) {
					t.Fatalf("Verdict = %#v, want a GateError", err)
				}
			}
			if err.Error() != tt.msg {
				t.Errorf("Verdict = %q, want %q", err, tt.msg)
			}
		})
	}
}

// TestScanHooks: the Findings hook gets every finding while the report
// keeps MaxExamples of each kind; Progress is called once per read (the
// label checks read twice); an input that is an output is refused before
// any reading.
func TestScanHooks(t *testing.T) {
	cfg := &ScanConfig{
		Inputs: []string{sample}, Text: []string{"text"}, Label: "label", Top: 10, TopPerLabel: 5,
		MaxExamples: 1, LabelChecks: true, Folds: 5, Seed: 1, LabelMinP: labels.DefaultMinP,
		ExactNormalize: dups.NormalizeDefault, Dedup: true, Evasions: true,
	}
	var all []finding.Finding
	var phases []string
	doc, err := Scan(context.Background(), cfg, Hooks{
		Findings: func(fs []finding.Finding) error { all = append(all, fs...); return nil },
		Progress: func(phase string, _ int64) (func(int64), func()) {
			phases = append(phases, phase)
			return func(int64) {}, func() {}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"reading", "preparing the label checks", "label checks", "finishing"}; !slices.Equal(phases, want) {
		t.Errorf("Progress called for phases %q, want %q (the label checks read twice; the work between and after the reads are phases too)", phases, want)
	}
	perKind := map[string]int{}
	for _, f := range doc.Findings {
		perKind[f.Kind]++
		if perKind[f.Kind] > 1 {
			t.Errorf("report lists %d findings of kind %s, want at most MaxExamples 1", perKind[f.Kind], f.Kind)
		}
	}
	if len(all) <= len(doc.Findings) {
		t.Errorf("Findings hook got %d findings, the report %d: want every finding in the hook", len(all), len(doc.Findings))
	}
	if doc.Duplicates == nil || doc.Duplicates.Exact == nil || doc.LabelChecks == nil || doc.Evasions == nil {
		t.Errorf("report sections missing: duplicates %v, label checks %v, evasions %v", doc.Duplicates, doc.LabelChecks != nil, doc.Evasions != nil)
	}

	cfg.Outputs = []outfile.Path{{Flag: "--json", Path: sample}}
	_, err = Scan(context.Background(), cfg, Hooks{})
	var noReport NoReportError
	if !errors.As(err, &noReport) || !strings.Contains(err.Error(), "--json") {
		t.Errorf("Scan with an output that is its input: %v, want a NoReportError naming --json", err)
	}
}

// TestScanMetrics: every analysis that runs gives the gate metrics its
// spec offers, and no other, so that gates read what the specs document.
func TestScanMetrics(t *testing.T) {
	cfg := &ScanConfig{
		Text: []string{"text"}, Label: "label", Top: 10, TopPerLabel: 5,
		MaxExamples: 1, LabelChecks: true, Folds: 5, Seed: 1, LabelMinP: labels.DefaultMinP,
		ExactNormalize: dups.NormalizeDefault, NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ,
		Dedup: true, NearDups: true, Evasions: true, Outliers: true, Poison: true, Backdoors: true, Spans: true,
		// Read as splits, so that the split checks run too.
		SplitInputs: []SplitInput{{Name: "train", Path: sample}, {Name: "test", Path: "../../testdata/jsonl/messy.jsonl"}},
	}
	if n, all := len(cfg.Analyses()), len(Analyses); n != all {
		t.Fatalf("the configuration runs %d of the %d analyses: turn every one on here", n, all)
	}
	doc, err := Scan(context.Background(), cfg, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	offered := map[string]string{}
	for _, s := range Analyses {
		for _, m := range s.Metrics {
			offered[m.Name] = s.Name
			if _, ok := doc.Metrics[m.Name]; !ok {
				t.Errorf("%s offers %s, but the report's Metrics do not hold it", s.Name, m.Name)
			}
		}
	}
	for name, v := range doc.Metrics {
		if _, ok := offered[name]; !ok {
			t.Errorf("Metrics[%q] = %v, but no spec offers it", name, v)
		}
	}
	if got, want := doc.Metrics["rows"], float64(doc.Summary.Rows); got != want {
		t.Errorf(`Metrics["rows"] = %v, want %v`, got, want)
	}
}

// TestReportKeys: every analysis but the token summary has its own place
// in the report.
func TestReportKeys(t *testing.T) {
	seen := map[string]string{}
	for _, s := range Analyses[1:] {
		if s.Report == "" {
			t.Errorf("%s has no Report key: its section has no place in the report", s.Name)
		}
		if other, ok := seen[s.Report]; ok {
			t.Errorf("%s and %s both place their section at %q", other, s.Name, s.Report)
		}
		seen[s.Report] = s.Name
	}
}
