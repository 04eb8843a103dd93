package main

import (
	"strings"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"

	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestExitCode checks the one place where errors become exit codes and
// messages.
func TestExitCode(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	bg := context.Background()
	tests := []struct {
		name   string
		ctx    context.Context
		err    error
		code   int
		stderr string
	}{
		{"nil", bg, nil, exitOK, ""},
		{"gates", bg, audit.GateError{Reached: []string{"rows<10 (value 3)", "tokens>0 (value 7)"}}, exitFindings,
			"dataaudit scan: gate reached: rows<10 (value 3)\ndataaudit scan: gate reached: tokens>0 (value 7)\n"},
		{"differs", bg, errDiffers, exitFindings, ""},
		{"bad flag", bg, cli.ErrFlagsSaid, exitError, ""},
		{"usage", bg, audit.UsageError{Err: errors.New("--folds must be at least 2")}, exitError, "dataaudit scan: --folds must be at least 2\n"},
		{"usage, help", bg, audit.UsageError{Err: errors.New("no INPUT given"), Hint: hintUsage}, exitError,
			"dataaudit scan: no INPUT given\n\nRun 'dataaudit help scan' for usage.\n"},
		{"data", bg, audit.DataError{Err: errors.New("5 bad records")}, exitError, "dataaudit scan: 5 bad records\n"},
		{"plain", bg, errors.New("x.jsonl: no such file"), exitError, "dataaudit scan: x.jsonl: no such file\n"},
		{"cancelled, ctx live", bg, fmt.Errorf("read: %w", context.Canceled), exitError, "dataaudit scan: read: context canceled\n"},
		{"interrupted", cancelled, fmt.Errorf("read: %w", context.Canceled), exitInterrupted, "dataaudit scan: interrupted\n"},
		{"interrupted, no report", cancelled, audit.NoReportError{Err: fmt.Errorf("read: %w", context.Canceled)}, exitInterrupted,
			"dataaudit scan: interrupted; no report written\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := exitCode(tt.ctx, &stderr, "scan", tt.err); code != tt.code || stderr.String() != tt.stderr {
				t.Errorf("exitCode(%v) = %d, stderr %q; want %d, %q", tt.err, code, stderr.String(), tt.code, tt.stderr)
			}
		})
	}
}

// TestGateDocs: the metric docs come from the specs, with the flag that
// computes each added here, as --help has always shown them.
func TestGateDocs(t *testing.T) {
	docs := audit.GateDocs(cli.ScanFlagFor)
	for metric, want := range map[string]string{
		"bad_record_rate":             "bad_records / records_read",
		"labels":                      "distinct labels (with --label)",
		"duplicate_rate":              "redundant exact-duplicate rows / rows (with --dedup)",
		"near_duplicate_clusters":     "clusters of near duplicates (with --near-dups)",
		"findings":                    "findings of every kind",
		"findings.label_conflict":     "findings of kind label_conflict",
		"findings.cleaning_evasion":   "findings of kind cleaning_evasion",
		"findings.mojibake":           "findings of kind mojibake",
		"findings.encoded_attachment": "findings of kind encoded_attachment",
		"split_overlap_rate":          "split_overlap_rows / rows of evaluation splits (with --splits)",
		"findings.split_overlap":      "findings of kind split_overlap",
		"poison_rows":                 "documents carrying a trigger of poisoned pretraining text (with --poison)",
		"repeated_span_rate":          "rows holding a span of --span-tokens tokens found in another row / rows (with --spans)",
	} {
		if docs[metric] != want {
			t.Errorf("GateDocs[%q] = %q, want %q", metric, docs[metric], want)
		}
	}
	// 34 before the split checks, which add split_overlap_rows,
	// split_overlap_rate and findings.split_overlap; 37 before the
	// poisoned-text check, which adds poison_triggers and poison_rows, and
	// the backdoor scan, which adds findings.payload_candidate.
	// --spans adds repeated_span_rate, repeated_spans and
	// findings.repeated_span; --evasions adds findings.replacement_char,
	// findings.mojibake and findings.encoded_attachment.
	if len(docs) != 46 {
		t.Errorf("GateDocs has %d metrics, want 46", len(docs))
	}
}

// TestCheckFlags: every optional analysis (one that a configuration can
// leave off) has the flag that turns it on, named in the gate docs and in
// the messages of a gate refused.
func TestCheckFlags(t *testing.T) {
	off := &audit.ScanConfig{NoSplits: true}
	for _, s := range audit.Analyses {
		if off.On(s) {
			continue // always runs
		}
		if f := cli.ScanCheckFlags[s.Name]; !strings.HasPrefix(f, "--") {
			t.Errorf("ScanCheckFlags[%q] = %q, want the flag that turns it on", s.Name, f)
		}
	}
}

// TestUnavailable: a gate on a metric whose analysis does not run is
// refused with the flag that runs it.
func TestUnavailable(t *testing.T) {
	tests := []struct {
		name   string
		o      scanOpts
		metric string
		want   string
	}{
		{"run's own", sc(audit.ScanConfig{}), "findings", ""},
		{"summary", sc(audit.ScanConfig{}), "bad_record_rate", ""},
		{"label metric without --label", sc(audit.ScanConfig{}), "null_labels", "--label"},
		{"label metric", sc(audit.ScanConfig{Label: "y"}), "null_labels", ""},
		{"dedup", sc(audit.ScanConfig{}), "duplicate_rate", "--dedup"},
		{"dedup on", sc(audit.ScanConfig{Dedup: true}), "duplicate_rate", ""},
		{"near", sc(audit.ScanConfig{Dedup: true}), "near_duplicate_clusters", "--near-dups"},
		{"evasions", sc(audit.ScanConfig{}), "findings.cleaning_evasion", "--evasions"},
		{"mojibake", sc(audit.ScanConfig{}), "findings.mojibake", "--evasions"},
		{"encoded attachments", sc(audit.ScanConfig{}), "findings.encoded_attachment", "--evasions"},
		{"outliers", sc(audit.ScanConfig{}), "findings.outlier", "--outliers"},
		{"label errors without --label", sc(audit.ScanConfig{LabelChecks: true}), "findings.label_error", "--label"},
		{"label errors without the checks", sc(audit.ScanConfig{Label: "y"}), "findings.label_error", "--label-checks"},
		{"label errors", sc(audit.ScanConfig{Label: "y", LabelChecks: true}), "findings.triggered_row", ""},
		{"label conflicts from near duplicates alone", sc(audit.ScanConfig{Label: "y", NearDups: true}), "findings.label_conflict", ""},
		{"label conflicts without duplicates", sc(audit.ScanConfig{Label: "y"}), "findings.label_conflict", "--dedup"},
		{"split overlap", sc(audit.ScanConfig{}), "split_overlap_rows", ""},
		{"split overlap with --splits=false", sc(audit.ScanConfig{NoSplits: true}), "findings.split_overlap", "--splits"},
		{"poison", sc(audit.ScanConfig{}), "poison_rows", "--poison"},
		{"poison on", sc(audit.ScanConfig{Poison: true}), "poison_triggers", ""},
		{"triggers without a label, from the poison check", sc(audit.ScanConfig{Poison: true}), "findings.trigger_candidate", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if spec, need := tt.o.Unavailable(tt.metric); spec != nil {
				got = cli.ScanFlagFor(spec, need)
			}
			if got != tt.want {
				t.Errorf("unavailable(%q) = %q, want %q", tt.metric, got, tt.want)
			}
		})
	}
}

func sc(c audit.ScanConfig) scanOpts { return scanOpts{ScanFlags: cli.ScanFlags{ScanConfig: c}} }
