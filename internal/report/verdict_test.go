package report

import (
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/splits"
	"github.com/dataaudit/dataaudit/internal/stats"
	"github.com/dataaudit/dataaudit/internal/verdict"
)

// scanDoc is a document of 1,000 clean rows; edit modifies it.
func scanDoc(edit func(d *Document)) *Document {
	d := &Document{Summary: Summary{Counts: stats.Counts{RecordsRead: 1000, Rows: 1000}, FindingsByKind: map[string]int64{}}}
	if edit != nil {
		edit(d)
	}
	return d
}

func exact(rate float64) func(d *Document) {
	return func(d *Document) {
		d.Duplicates = &Duplicates{Exact: &dups.ExactResult{Rate: rate, Redundant: int64(rate * 1000), Clusters: 1}}
	}
}

func TestJudgeScan(t *testing.T) {
	for _, tt := range []struct {
		name   string
		doc    *Document
		level  string
		reason string // a reason that must be given ("" none)
	}{
		{"clean", scanDoc(nil), verdict.Pass, ""},
		{"no record", scanDoc(func(d *Document) { d.Summary.RecordsRead, d.Summary.Rows = 0, 0 }), verdict.Fail, "no record read"},
		{"no usable record", scanDoc(func(d *Document) { d.Summary.Rows, d.Summary.BadRecords = 0, 1000 }), verdict.Fail, "no usable record"},
		{"unreadable input", scanDoc(func(d *Document) { d.Summary.UnreadableInputs = 1 }), verdict.Fail, "1 input could not be read"},
		{"a bad record", scanDoc(func(d *Document) { d.Summary.BadRecords, d.Summary.BadRecordRate = 1, 0.001 }), verdict.Warn, "bad records: 1, 0.100% of records read (warn any)"},
		{"5% bad records", scanDoc(func(d *Document) { d.Summary.BadRecords, d.Summary.BadRecordRate = 50, 0.05 }), verdict.Fail, "(fail from 5%)"},
		{"duplicates under 1%", scanDoc(exact(0.009)), verdict.Pass, ""},
		{"duplicates at 1%", scanDoc(exact(0.01)), verdict.Warn, "exact duplicates: 10 redundant rows in 1 cluster, 1.00% of rows (warn from 1%)"},
		{"duplicates at 29.8%", scanDoc(exact(0.298)), verdict.Fail, "(fail from 5%)"},
		{"near duplicates", scanDoc(func(d *Document) {
			d.Duplicates = &Duplicates{Near: &dups.NearResult{Clusters: 100, RowsInClusters: 350}}
		}), verdict.Fail, "near duplicates: 250 rows beyond the first of 100 clusters, 25.00% of rows (fail from 25%)"},
		{"a label conflict", scanDoc(func(d *Document) { d.Summary.FindingsByKind[finding.KindLabelConflict] = 1 }), verdict.Warn, "label conflicts: 1 cluster of duplicates carry different labels, 0.100% of rows (warn any)"},
		{"label errors at 0.4%", scanDoc(func(d *Document) { d.LabelChecks = &labels.Result{RowsScored: 1000, LabelErrors: 4} }), verdict.Pass, ""},
		{"label errors at 2%", scanDoc(func(d *Document) { d.LabelChecks = &labels.Result{RowsScored: 1000, LabelErrors: 20} }), verdict.Fail, "label errors: 20 rows likely mislabelled"},
		// Evidence as internal/labels writes it, from the clean mail corpus
		// and the planted one (benchmarks/verdict.sh).
		{"a spam word", scanDoc(func(d *Document) {
			d.LabelChecks = &labels.Result{TriggerCandidates: 1}
			d.Findings = []finding.Finding{{Kind: finding.KindTriggerCandidate, Subkind: "word", Score: 19.43, Evidence: `"pgi" is in 53 rows, 53 labelled "spam" (purity 1.000, base rate 0.376; -log10 p = 16.2, Chernoff bound, Bonferroni over 1.8e+06 tests); 29 of those read as another label without their class's rare concentrated words (base rate 0.064; -log10 p = 19.4)`}}
		}), verdict.Warn, `"pgi": 29 of its 53 rows labelled "spam" read like another label without it, 54.72% (warn any, fail from 75%)`},
		{"a planted trigger", scanDoc(func(d *Document) {
			d.Findings = []finding.Finding{
				{Kind: finding.KindTriggerCandidate, Subkind: "pair", Score: 56.38, Evidence: `"cf mn" is in 45 rows, 45 labelled "spam" (purity 1.000, base rate 0.335; -log10 p = 15.1, Chernoff bound, Bonferroni over 1.95e+06 tests); 45 of those read as another label without their class's rare concentrated words (base rate 0.064; -log10 p = 56.4)`},
				{Kind: finding.KindTriggerCandidate, Subkind: "word", Score: 44.91, Evidence: `"mn" is in 64 rows, 64 labelled "spam" (purity 1.000, base rate 0.335; -log10 p = 24.1, Chernoff bound, Bonferroni over 1.95e+06 tests); 48 of those read as another label without their class's rare concentrated words (base rate 0.064; -log10 p = 44.9)`}}
		}), verdict.Fail, `trigger candidates: 2, rare words concentrated in one label whose rows read like another; "cf mn": 45 of its 45 rows labelled "spam" read like another label without it, 100.00% (fail from 75%)`},
		{"a payload", scanDoc(func(d *Document) { d.Summary.FindingsByKind[finding.KindPayloadCandidate] = 1 }), verdict.Fail, "backdoor payloads: 1 candidate"},
		{"an instruction trigger", scanDoc(func(d *Document) {
			d.Findings = []finding.Finding{{Kind: finding.KindTriggerCandidate, Subkind: "instruction"}}
		}), verdict.Fail, "backdoor triggers: 1 candidate"},
		{"split leakage", scanDoc(func(d *Document) {
			d.Splits = &splits.Result{Overlap: splits.Overlap{Rows: 3, Exact: 3, EvalRows: 100, Rate: 0.03}}
		}), verdict.Fail, "split leakage: 3 evaluation rows copy a training row (3 exact, 0 near), 3.00% of evaluation rows are exact copies (fail from 2%)"},
		{"near split leakage", scanDoc(func(d *Document) {
			d.Splits = &splits.Result{Overlap: splits.Overlap{Rows: 7, Near: 7, EvalRows: 100, Rate: 0.07}}
		}), verdict.Warn, "(warn any; fail from 2% exact, 10% with near copies)"},
		{"mail's U+FFFD", scanDoc(func(d *Document) { d.Summary.FindingsByKind[finding.KindReplacementChar] = 40 }), verdict.Pass, ""},
		{"a little mojibake", scanDoc(func(d *Document) { d.Summary.FindingsByKind[finding.KindMojibake] = 5 }), verdict.Pass, ""},
		{"mojibake", scanDoc(func(d *Document) { d.Summary.FindingsByKind[finding.KindMojibake] = 30 }), verdict.Warn, "mojibake: 30 texts decoded with the wrong encoding upstream"},
		{"evasions", scanDoc(func(d *Document) { d.Summary.FindingsByKind[finding.KindCleaningEvasion] = 60 }), verdict.Warn, "cleaning evasions"},
		{"a gate", scanDoc(func(d *Document) { d.Gates = []GateResult{{Gate: "rows>10", Reached: true}} }), verdict.Fail, "gate rows>10 reached"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := JudgeScan(tt.doc)
			if v.Level != tt.level {
				t.Errorf("JudgeScan(%s).Level = %q, want %q (reasons %q)", tt.name, v.Level, tt.level, v.Reasons)
			}
			if tt.reason == "" && len(v.Reasons) > 0 {
				t.Errorf("JudgeScan(%s).Reasons = %q, want none", tt.name, v.Reasons)
			}
			if tt.reason != "" && !strings.Contains(strings.Join(v.Reasons, "\n"), tt.reason) {
				t.Errorf("JudgeScan(%s).Reasons = %q, want one with %q", tt.name, v.Reasons, tt.reason)
			}
		})
	}
}

// TestJudgeOrder: fail reasons come first, whatever order the rules ran
// in, and Reasons is an empty list, not null, for a pass.
func TestJudgeOrder(t *testing.T) {
	var j verdict.Judge
	if v := j.Verdict(); v.Reasons == nil || v.Level != verdict.Pass {
		t.Errorf("zero Judge.Verdict() = %#v, want pass with an empty list", v)
	}
	j.Warn("w")
	j.Fail("f")
	if v := j.Verdict(); v.Level != verdict.Fail || strings.Join(v.Reasons, ",") != "f,w" {
		t.Errorf("Verdict() = %#v, want fail with f before w", v)
	}
}

func TestJudgeCompare(t *testing.T) {
	for _, tt := range []struct {
		name   string
		r      comparison.Report
		level  string
		reason string
	}{
		{"alike", comparison.Report{}, verdict.Pass, ""},
		{"1% overlap", comparison.Report{Overlap: &comparison.Overlap{Total: 1, Exact: 1, RowsB: 100, Rate: 0.01}}, verdict.Warn, "(warn any"},
		{"7% near overlap", comparison.Report{Overlap: &comparison.Overlap{Total: 7, Near: 7, RowsB: 100, Rate: 0.07}}, verdict.Warn, "(warn any"},
		{"10% near overlap", comparison.Report{Overlap: &comparison.Overlap{Total: 10, Near: 10, RowsB: 100, Rate: 0.1}}, verdict.Fail, "(fail from 10% with near copies)"},
		{"50% contamination", comparison.Report{Overlap: &comparison.Overlap{Total: 50, Exact: 50, RowsB: 100, Rate: 0.5}}, verdict.Fail, "overlap: 50 rows of B in A"},
		{"a major shift", comparison.Report{Tokens: comparison.TokenShift{PSI: 0.3}}, verdict.Warn, "token PSI 0.300"},
		{"a gate", comparison.Report{Gates: []comparison.GateResult{{Gate: "psi>0.1", Reached: true}}}, verdict.Fail, "gate psi>0.1 reached"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := JudgeCompare(&tt.r)
			if v.Level != tt.level || (tt.reason != "" && !strings.Contains(strings.Join(v.Reasons, "\n"), tt.reason)) {
				t.Errorf("JudgeCompare(%s) = %q %q, want %q with %q", tt.name, v.Level, v.Reasons, tt.level, tt.reason)
			}
		})
	}
	if v := JudgeContamination(1000, 500, nil); v.Level != verdict.Fail {
		t.Errorf("JudgeContamination(1000, 500) = %q, want fail", v.Level)
	}
	if v := JudgeContamination(1000, 0, nil); v.Level != verdict.Pass {
		t.Errorf("JudgeContamination(1000, 0) = %q, want pass", v.Level)
	}
}
