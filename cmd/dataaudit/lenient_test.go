package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLenientJSONFlag checks that a duplicated key and a leading zero are bad
// records by default and rows with --lenient-json, which the report's
// settings then say.
func TestLenientJSONFlag(t *testing.T) {
	in := filepath.Join(t.TempDir(), "dup.jsonl")
	data := `{"text":"clean text","text":"toxic payload"}` + "\n" + `{"text":"ok","n":01}` + "\n" + `{"text":"fine"}` + "\n"
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lenient bool
		rows    float64
		bad     map[string]any
	}{
		{false, 1, map[string]any{"duplicate_key": 1.0, "invalid_json": 1.0}},
		{true, 3, nil},
	} {
		args := []string{in}
		if tc.lenient {
			args = append(args, "--lenient-json")
		}
		doc, _, stderr := scanJSON(t, args...)
		if doc == nil {
			t.Fatalf("scan %v: no report\n%s", args, stderr)
		}
		summary := doc["summary"].(map[string]any)
		if got := summary["rows"]; got != tc.rows {
			t.Errorf("scan %v: rows = %v, want %v", args, got, tc.rows)
		}
		bad, _ := summary["bad_records_by_kind"].(map[string]any)
		if len(bad) != len(tc.bad) || bad["duplicate_key"] != tc.bad["duplicate_key"] || bad["invalid_json"] != tc.bad["invalid_json"] {
			t.Errorf("scan %v: bad_records_by_kind = %v, want %v", args, bad, tc.bad)
		}
		got, ok := doc["settings"].(map[string]any)["lenient_json"]
		if ok != tc.lenient || tc.lenient && got != true {
			t.Errorf("scan %v: settings.lenient_json = %v (present %v), want present only with --lenient-json", args, got, ok)
		}
	}
}
