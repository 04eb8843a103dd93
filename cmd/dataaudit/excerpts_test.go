package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestExcerpts: every listed finding that names a row carries an excerpt
// of its text (a bad record, of its raw line), in the report and in the
// --findings export, from a file or from standard input; an excerpt
// shows zero-width, bidi and control characters as escapes and is at most
// 160 characters, escapes counted once.
func TestExcerpts(t *testing.T) {
	dir := t.TempDir()
	faulty := faultySample(t, dir)
	hostile := filepath.Join(dir, "hostile.jsonl")
	pad := strings.Repeat("plain words here ", 20)
	rows := []string{
		pad + "pay\u200bpal " + pad,
		pad + "abc\u202edef " + pad,
		pad + "clear\x1b[2Jscreen " + pad,
		pad,
	}
	var b strings.Builder
	for i, r := range rows {
		line, _ := json.Marshal(map[string]any{"id": i, "text": r})
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(hostile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sampleData, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin []byte
		args  []string
		kinds []string // kinds that must be listed
		holds []string // what the excerpts must show, escaped
	}{
		{"sample --all --label", nil, []string{"--all", "--label", "label", sample},
			[]string{"bad_record", "encoded_attachment", "label_error", "near_duplicate", "outlier", "repeated_span", "replacement_char"}, nil},
		{"faulty --all --label", nil, []string{"--all", "--label", "label", "--id", "id", faulty},
			[]string{"exact_duplicate", "label_conflict", "label_error", "trigger_candidate", "triggered_row"}, []string{"cf mn"}},
		{"stdin --all", sampleData, []string{"--all", "-"},
			[]string{"bad_record", "encoded_attachment", "near_duplicate", "repeated_span"}, nil},
		{"parquet --all --label", nil, []string{"--all", "--label", "label", "../../testdata/parquet/duckdb.parquet"},
			[]string{"bad_record", "cleaning_evasion", "exact_duplicate", "label_conflict"}, []string{"(no text)", "(empty text)"}},
		{"hostile --evasions", nil, []string{"--evasions", hostile},
			[]string{"cleaning_evasion"}, []string{`pay\u200bpal`, `abc\u202edef`, `clear\x1b[2Jscreen`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.stdin != nil {
				withStdin(t, tt.stdin)
			}
			export := filepath.Join(t.TempDir(), "findings.jsonl")
			doc, code, stderr := scanJSON(t, append([]string{"--findings", export}, tt.args...)...)
			if doc == nil {
				t.Fatalf("scan %v: exit %d, no report: %s", tt.args, code, stderr)
			}
			listed := map[string]bool{}
			var all string
			for _, f := range doc["findings"].([]any) {
				f := f.(map[string]any)
				kind := f["kind"].(string)
				listed[kind] = true
				if len(f["rows"].([]any)) == 0 || kind == "unreadable_input" {
					continue
				}
				ex, _ := f["excerpt"].(string)
				if ex == "" {
					t.Errorf("%s finding at %v has no excerpt", kind, f["rows"].([]any)[0])
				}
				if n := shownChars(ex); n > 160 {
					t.Errorf("%s excerpt %q: %d characters, want at most 160", kind, ex, n)
				}
				for _, r := range ex {
					if r == '\u200b' || r == '\u202e' || r < 0x20 {
						t.Errorf("%s excerpt %q holds %U raw", kind, ex, r)
					}
				}
				all += ex + "\n"
			}
			for _, k := range tt.kinds {
				if !listed[k] {
					t.Errorf("no %s finding listed; the test needs one", k)
				}
			}
			for _, h := range tt.holds {
				if !strings.Contains(all, h) {
					t.Errorf("no excerpt holds %q; excerpts:\n%s", h, all)
				}
			}
			data, err := os.ReadFile(export)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				var r struct{ Kind, Excerpt string }
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				if r.Excerpt == "" && r.Kind != "unreadable_input" && r.Kind != "label_imbalance" && r.Kind != "labels_too_many" && r.Kind != "label_mixed_types" {
					t.Errorf("--findings row %s has no excerpt", line)
				}
			}
		})
	}
}

// shownChars counts the characters of an escaped excerpt, an escape
// (\x1b, \u200b, \U000e0001, \n) as one.
func shownChars(s string) int {
	n := 0
	for i := 0; i < len(s); n++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 'x':
				i += 4
				continue
			case 'u':
				i += 6
				continue
			case 'U':
				i += 10
				continue
			case 'n', 't', 'r':
				i += 2
				continue
			}
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return n
}
