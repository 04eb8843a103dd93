package cli

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/audit"
)

// TestApplyChecks: the lists --checks takes, and those it refuses rather
// than run fewer checks than asked (an empty list, none with others).
func TestApplyChecks(t *testing.T) {
	tests := []struct {
		list    string
		want    []string // checks on
		wantErr string   // in the error; "" for none
	}{
		{"default", []string{"dedup", "near-dups", "evasions", "outliers"}, ""},
		{"none", nil, ""},
		{" none ", nil, ""},
		{"dedup, spans", []string{"dedup", "spans"}, ""},
		{"all", []string{"dedup", "near-dups", "evasions", "outliers", "poison", "backdoors", "spans"}, ""},
		{"", nil, "write --checks none"},
		{"  ", nil, "write --checks none"},
		{"dedup,", nil, "an empty name"},
		{",dedup", nil, "an empty name"},
		{"default,none", nil, "none with other checks"},
		{"all,none", nil, "none with other checks"},
		{"none,dedup", nil, "none with other checks"},
		{"none,none", nil, "none with other checks"},
		{"nope", nil, `unknown check "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			var c audit.ScanConfig
			fs := flag.NewFlagSet("scan", flag.ContinueOnError)
			err := ApplyChecks(&c, tt.list, fs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ApplyChecks(%q) = %v, want an error with %q", tt.list, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ApplyChecks(%q) = %v, want nil", tt.list, err)
			}
			var got []string
			for _, k := range checks {
				if *k.on(&c) {
					got = append(got, k.name)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ApplyChecks(%q) = %q, want %q", tt.list, got, tt.want)
			}
		})
	}
}
