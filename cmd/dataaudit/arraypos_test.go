package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestArrayPositions checks that the rows of a JSON array are named by
// their element (0-based, as "row", like a Parquet row), in every finding
// kind, the bad-record list and the findings file, whatever the array's
// layout: on one line, every element used to be "line 1", so a finding
// could not say which row it meant.
func TestArrayPositions(t *testing.T) {
	elems := []string{
		`{"text":"the quick brown fox jumps over the lazy dog"}`, // 0
		`{"text":5}`, // 1: bad, text_not_string
		`{"text":"The quick brown fox jumps over the lazy dog"}`,     // 2: exact duplicate of 0
		`{"text":"pay\u200bload hidden in a zero width space here"}`, // 3: evasion
		`{"title":"no text"}`, // 4: bad, no text field
		`{"text":"another ordinary sentence about weather and rain"}`,  // 5
		`{"text":"a third ordinary sentence about gardens and trees"}`, // 6
	}
	dir := t.TempDir()
	layouts := map[string]string{
		"one-line": "[" + strings.Join(elems, ",") + "]",
		"pretty":   "[\n  " + strings.Join(elems, ",\n  ") + "\n]\n",
	}
	wantExcerpt := map[int64]string{1: `{"text":5}`, 4: `{"title":"no text"}`} // bad records: their raw element
	want := map[string][]int64{                                                // kind: the elements its findings name, in order
		"bad_record":       {1, 4},
		"exact_duplicate":  {0, 2},
		"cleaning_evasion": {3, 4}, // 4: no text, an empty_text finding too (session 31)
	}
	var reports []map[string]any
	for _, name := range []string{"one-line", "pretty"} {
		t.Run(name, func(t *testing.T) {
			sub := filepath.Join(dir, name)
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(sub, "a.json")
			if err := os.WriteFile(path, []byte(layouts[name]), 0o644); err != nil {
				t.Fatal(err)
			}
			findings := filepath.Join(sub, "findings.jsonl")
			doc, _, stderr := scanJSON(t, path, "--dedup", "--evasions", "--findings", findings)
			if doc == nil {
				t.Fatalf("no report: %s", stderr)
			}
			got := map[string][]int64{}
			fs, _ := doc["findings"].([]any)
			for _, f := range fs {
				f := f.(map[string]any)
				kind := f["kind"].(string)
				if _, ok := want[kind]; !ok {
					continue
				}
				for _, r := range f["rows"].([]any) {
					r := r.(map[string]any)
					if l, ok := r["line"]; ok {
						t.Errorf("%s row %v names line %v, want an element", kind, r, l)
					}
					n, ok := r["row"].(float64)
					if !ok {
						t.Errorf("%s row %v names no element", kind, r)
						continue
					}
					if id, want := r["id"], fmt.Sprintf("%s#%d", path, int64(n)); id != want {
						t.Errorf("%s row id = %v, want %v", kind, id, want)
					}
					got[kind] = append(got[kind], int64(n))
					if kind == "bad_record" && f["excerpt"] != wantExcerpt[int64(n)] {
						t.Errorf("bad record %v: excerpt %q, want %q", n, f["excerpt"], wantExcerpt[int64(n)])
					}
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("elements named by kind (-want +got):\n%s", diff)
			}
			b, err := os.ReadFile(findings)
			if err != nil {
				t.Fatal(err)
			}
			for line := range bytes.Lines(b) {
				var r map[string]any
				if err := json.Unmarshal(line, &r); err != nil {
					t.Fatal(err)
				}
				if _, ok := want[r["kind"].(string)]; ok && (r["line"] != nil || r["row"] == nil) {
					t.Errorf("findings file row %s names no element", line)
				}
			}
			// The text summary names the element too.
			var stdout, errb bytes.Buffer
			run(context.Background(), []string{"scan", "--quiet", "--dedup", "--evasions", path}, &stdout, &errb)
			if !strings.Contains(stdout.String(), path+"#4") {
				t.Errorf("text summary does not name %s#4:\n%s", path, stdout.String())
			}
			delete(doc, "inputs")
			delete(doc["summary"].(map[string]any), "input_bytes")
			reports = append(reports, doc)
		})
	}
	// Apart from the file's name, the layout changes nothing.
	if len(reports) == 2 {
		one, _ := json.Marshal(reports[0])
		pretty, _ := json.Marshal(reports[1])
		if a, b := strings.ReplaceAll(string(one), "one-line", "X"), strings.ReplaceAll(string(pretty), "pretty", "X"); a != b {
			t.Errorf("one-line and pretty-printed arrays give different reports:\n%s\n%s", a, b)
		}
	}
}

// TestExportDedupArrayRefused: --export-dedup copies JSONL lines and
// Parquet rows; a JSON array (whose rows used to share line 1, so a
// dropped duplicate would have dropped the line) is refused before
// anything is read or written, with the file named.
func TestExportDedupArrayRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.json")
	if err := os.WriteFile(path, []byte(`[{"text":"same"},{"text":"same"},{"text":"other"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dedup.jsonl")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"scan", "--quiet", "--export-dedup", out, path}, &stdout, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), path) {
		t.Errorf("scan --export-dedup of a JSON array = exit %d, %q; want %d naming %s", code, stderr.String(), exitError, path)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("scan --export-dedup of a JSON array wrote %s", out)
	}
}

// TestExportDedupUTF16Refused: a JSONL file in UTF-16 (or UTF-32) is all
// bad records, which --export-dedup would copy as lines, adding a "\n"
// after the last lone NUL byte: the export is refused with the
// file_encoding advice, alone or beside a UTF-8 file, and nothing is
// written.
func TestExportDedupUTF16Refused(t *testing.T) {
	dir := t.TempDir()
	var u16 []byte
	for _, c := range `{"text":"same"}` + "\n" + `{"text":"same"}` + "\n" {
		u16 = append(u16, byte(c), 0)
	}
	wide := filepath.Join(dir, "wide.jsonl")
	if err := os.WriteFile(wide, u16, 0o644); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.jsonl")
	if err := os.WriteFile(plain, []byte(`{"text":"same"}`+"\n"+`{"text":"same"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		inputs []string
	}{
		{"utf-16 alone", []string{wide}},
		{"beside utf-8", []string{plain, wide}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "dedup.jsonl")
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"scan", "--quiet", "--export-dedup", out}, tt.inputs...), &stdout, &stderr)
			if code != exitError || !strings.Contains(stderr.String(), wide) || !strings.Contains(stderr.String(), "iconv -f UTF-16LE -t UTF-8") {
				t.Errorf("scan --export-dedup of %s = exit %d, %q; want %d naming %s and the iconv command", tt.inputs, code, stderr.String(), exitError, wide)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("scan --export-dedup of %s wrote %s", tt.inputs, out)
			}
		})
	}
}

// TestExportDedupHelpSaysUTF8: scan's help of --export-dedup says that it
// refuses JSONL in UTF-16 or UTF-32 (TestExportDedupUTF16Refused), so a
// user learns it before a run.
func TestExportDedupHelpSaysUTF8(t *testing.T) {
	var stdout, stderr bytes.Buffer
	run(context.Background(), []string{"scan", "--help"}, &stdout, &stderr)
	help := stdout.String() + stderr.String()
	i := strings.Index(help, "--export-dedup FILE\n")
	if i < 0 {
		t.Fatalf("scan --help has no --export-dedup:\n%s", help)
	}
	flag, _, _ := strings.Cut(help[i:], "\n  -")
	if !strings.Contains(flag, "refuses JSONL in UTF-16 or UTF-32") {
		t.Errorf("--export-dedup's help does not say it refuses UTF-16 and UTF-32 JSONL:\n%s", flag)
	}
}
