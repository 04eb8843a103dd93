package main

import (
	"strings"
	"testing"
)

func TestAddressSpaceNote(t *testing.T) {
	const gib = 1 << 30
	for _, tc := range []struct {
		name  string
		limit uint64
		cgo   bool
		want  []string // "": no note
	}{
		{"unlimited", ^uint64(0), true, nil},
		{"generous", 8 * gib, true, nil},
		{"tight", 1500000 << 10, false, []string{"ulimit -v", "1.4 GiB", "reserves about 1.2 GiB", "raise it"}},
		{"tight cgo", 1500000 << 10, true, []string{"1.4 GiB", "CGO_ENABLED=0", "MALLOC_ARENA_MAX=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asked := false
			got := addressSpaceNote(tc.limit, func() bool { asked = true; return tc.cgo })
			if asked != (tc.limit < 4*gib) {
				t.Errorf("addressSpaceNote(%d, ...) asked whether cgo = %v, want %v (only under a limit)", tc.limit, asked, tc.limit < 4*gib)
			}
			if tc.want == nil && got != "" {
				t.Errorf("addressSpaceNote(%d, %v) = %q, want none", tc.limit, tc.cgo, got)
			}
			if tc.want != nil && got == "" {
				t.Errorf("addressSpaceNote(%d, %v) = %q, want a note", tc.limit, tc.cgo, got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("addressSpaceNote(%d, %v) = %q, want %q in it", tc.limit, tc.cgo, got, w)
				}
			}
			if !tc.cgo && strings.Contains(got, "cgo") {
				t.Errorf("addressSpaceNote(%d, %v) = %q, want no cgo advice for a pure-Go build", tc.limit, tc.cgo, got)
			}
		})
	}
}
