package analysis_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// TestDecodeRefuses: a state of another analysis or version, or bytes
// that are not a state, are refused.
func TestDecodeRefuses(t *testing.T) {
	c := &analysis.Config{Files: 2}
	s := stats.FileRowsSpec
	a, _ := s.New(c)
	good, err := analysis.Encode(s, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.Decode(s, c, good); err != nil {
		t.Fatalf("Decode(its own state) = %v", err)
	}
	other := *s
	other.Version++
	tests := []struct {
		name string
		spec *analysis.Spec
		c    *analysis.Config
		data []byte
		want string
	}{
		{"another version", &other, c, good, "state of stats.file_rows version 1 cannot be read as stats.file_rows version 2"},
		{"another analysis", &analysis.Spec{Name: "dups.exact", Version: 1, Decode: s.Decode}, c, good, "cannot be read as dups.exact"},
		{"not a state", s, c, []byte(`{"json": true}`), "not an encoded analysis state"},
		{"truncated", s, c, good[:len(good)-1], "stats.file_rows state"},
		{"another file table", s, &analysis.Config{Files: 3}, good, "counts for 2 files, want 3"},
		{"trailing bytes", s, c, append(slices.Clone(good), 0), "bytes after the counts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := analysis.Decode(tt.spec, tt.c, tt.data); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	h := analysis.Header{Name: "stats.file_rows", Version: 7}
	got, rest, err := analysis.ReadHeader(append(h.AppendHeader(nil), 'x'))
	if err != nil || got != h || string(rest) != "x" {
		t.Errorf("ReadHeader(AppendHeader(%v)) = %v, %q, %v", h, got, rest, err)
	}
}

// TestEveryAnalysisEncodes: every analysis of scan's registry and of
// this package's tests, and every second pass, has a portable encoding.
func TestEveryAnalysisEncodes(t *testing.T) {
	for _, s := range append(append(slices.Clone(specs), audit.Analyses...), stats.FileRowsSpec) {
		if s.Decode == nil {
			t.Errorf("%s: no Decode", s.Name)
		}
		if s.Second != nil && s.DecodeSecond == nil {
			t.Errorf("%s: a second pass without DecodeSecond", s.Name)
		}
	}
}
