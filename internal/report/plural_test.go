package report

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/outliers"
	"github.com/dataaudit/dataaudit/internal/stats"
)

func TestNouns(t *testing.T) {
	tests := []struct {
		n    int64
		noun string
		want string
	}{
		{0, "row", "0 rows"},
		{1, "row", "1 row"},
		{2, "likely label error", "2 likely label errors"},
		{1, "likely label error", "1 likely label error"},
		{1234, "cluster", "1,234 clusters"},
	}
	for _, tt := range tests {
		if got := nouns(tt.n, tt.noun); got != tt.want {
			t.Errorf("nouns(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}

// onePlural finds a count of 1 before a plural noun ("1 rows", "1 likely
// label errors") and the "(s)" that dodges the question.
var onePlural = regexp.MustCompile(`(?:^|[^\d.,])1 (?:[a-z-]+ ){0,2}(?:rows|errors|candidates|clusters|lines|inputs|tokens|records|files|labels)\b|\(s\)`)

// TestPluralsInRenderers renders a report in which every count is 1 in
// text, Markdown and HTML: none says "1 rows".
func TestPluralsInRenderers(t *testing.T) {
	d := &Document{
		Command: "scan", SchemaVersion: SchemaVersion, Tool: Tool{Version: "test"},
		Inputs:   []Input{{Path: "one.jsonl", Format: "jsonl"}},
		Settings: Settings{Label: "label", Tokenizer: "words/v1: rule"},
		Tokens:   stats.TokenStats{Total: 1, Distinct: 1, Top: []stats.TokenCount{{Token: "a", Count: 1, Freq: 1}}},
		Labels:   &stats.LabelStats{Distinct: 1, NullLabels: 1, Classes: []stats.LabelClass{{Label: "x", Rows: 1, Share: 1}}},
		Duplicates: &Duplicates{
			Exact:  &dups.ExactResult{Clusters: 1, RowsInClusters: 2, Redundant: 1, Largest: 2},
			Near:   &dups.NearResult{Clusters: 1, RowsInClusters: 1, RowsScored: 1},
			Export: &Export{Path: "out.jsonl", RowsKept: 1, RowsDropped: 1},
		},
		Outliers:    &outliers.Result{Outliers: 1, Rows: 1, Threshold: 10},
		LabelChecks: &labels.Result{Folds: 5, RowsScored: 1, LabelErrors: 1, TriggerCandidates: 1, TriggeredRows: 1, TriggeredOther: 1},
		Findings:    []finding.Finding{{Kind: finding.KindExactDuplicate, Rows: []finding.Row{{ID: "one.jsonl:1"}, {ID: "one.jsonl:2"}}, Evidence: "same text"}},
		Summary: Summary{Counts: stats.Counts{Rows: 1, RecordsRead: 1, BlankLines: 1, UnreadableInputs: 1},
			FindingsByKind: map[string]int64{finding.KindExactDuplicate: 1}},
	}
	for _, r := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"text", func(b *bytes.Buffer) error { return WriteText(b, d, TextOptions{TopTokens: 5, ExamplesPerKind: 5}) }},
		{"markdown", func(b *bytes.Buffer) error { return WriteMarkdown(b, d, TextOptions{TopTokens: 5, ExamplesPerKind: 5}) }},
		{"html", func(b *bytes.Buffer) error { return WriteHTML(b, d) }},
	} {
		t.Run(r.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := r.write(&b); err != nil {
				t.Fatal(err)
			}
			if m := onePlural.FindAllString(b.String(), -1); len(m) > 0 {
				t.Errorf("%s says %q:\n%s", r.name, m, b.String())
			}
		})
	}
}
