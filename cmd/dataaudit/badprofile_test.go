package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMalformedProfiles: a profile is untrusted input. merge, compare and
// verify refuse a malformed one with exit 2 and the field at fault, never
// a panic or a merge of negative counts.
func TestMalformedProfiles(t *testing.T) {
	dir := t.TempDir()
	half1, half2 := splitSample(t, dir)
	good, _ := mustProfile(t, dir, "good.json", half1, "--top", "5")
	_, b := mustProfile(t, dir, "other.json", half2, "--top", "5")
	s := string(b)
	i := strings.Index(s, `"sketch": "`) + len(`"sketch": "`)
	tests := []struct {
		name, doc, want string
	}{
		{"truncated sketch", s[:i] + "AgEHDgMIAwg=" + s[strings.Index(s[i:], `"`)+i:], "tokens.distinct.sketch"},
		{"negative count", strings.Replace(s, `"total": `, `"total": -`, 1), "tokens.total: negative count"},
		{"negative rows", strings.Replace(s, `"rows": `, `"rows": -`, 1), "counts.rows: negative count -"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := filepath.Join(dir, "bad.json")
			if err := os.WriteFile(bad, []byte(tt.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"merge", good, bad, "-o", "-"},
				{"compare", "--quiet", bad, sample},
				{"compare", "--quiet", good, bad},
				{"verify", bad, sample},
			} {
				code, _, stderr := runCmd(t, args...)
				if code != exitError || !strings.Contains(stderr, "profile "+bad+": "+tt.want) {
					t.Errorf("%s: exit %d, %q; want exit 2 and %q", args[0], code, stderr, tt.want)
				}
			}
		})
	}
}
