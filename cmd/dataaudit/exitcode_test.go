package main

import (
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
		{"gates", bg, gateError{[]string{"rows<10 (value 3)", "tokens>0 (value 7)"}}, exitFindings,
			"dataaudit scan: gate reached: rows<10 (value 3)\ndataaudit scan: gate reached: tokens>0 (value 7)\n"},
		{"differs", bg, errDiffers, exitFindings, ""},
		{"bad flag", bg, errFlagsSaid, exitError, ""},
		{"usage", bg, usageError{errors.New("--folds must be at least 2")}, exitError, "dataaudit scan: --folds must be at least 2\n"},
		{"data", bg, dataError{errors.New("5 bad records")}, exitError, "dataaudit scan: 5 bad records\n"},
		{"plain", bg, errors.New("x.jsonl: no such file"), exitError, "dataaudit scan: x.jsonl: no such file\n"},
		{"cancelled, ctx live", bg, fmt.Errorf("read: %w", context.Canceled), exitError, "dataaudit scan: read: context canceled\n"},
		{"interrupted", cancelled, fmt.Errorf("read: %w", context.Canceled), exitInterrupted, "dataaudit scan: interrupted\n"},
		{"interrupted, no report", cancelled, noReportError{fmt.Errorf("read: %w", context.Canceled)}, exitInterrupted,
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
