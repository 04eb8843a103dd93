package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// splitsDir writes the sample cut into train.jsonl (its first 200 lines)
// and validation.jsonl (the rest), with two training rows planted in
// validation: line 11 verbatim and line 21 with two words deleted. The
// validation file sorts after the training one, so its copies come last
// by position. It returns the directory and the two planted lines.
func splitsDir(t *testing.T) (dir string, planted []string) {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	edit := func(line string, fn func(string) string) string {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		rec["text"] = fn(rec["text"].(string))
		b, _ := json.Marshal(rec)
		return string(b)
	}
	planted = []string{
		edit(lines[10], strings.ToUpper),
		edit(lines[20], func(s string) string { w := strings.Fields(s); return strings.Join(append(w[:5:5], w[7:]...), " ") }),
	}
	dir = t.TempDir()
	write := func(name string, ls []string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(ls, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("train.jsonl", lines[:200])
	write("validation.jsonl", append(append([]string{}, lines[200:]...), planted...))
	return dir, planted
}

// TestScanSplits: a split directory gets its split table, per-split
// counts and one split_overlap finding per planted copy (the validation
// row, then the training row); --splits=false reads one corpus.
func TestScanSplits(t *testing.T) {
	dir, _ := splitsDir(t)
	doc, code, stderr := scanJSON(t, dir, "--label", "label")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []string
	for _, in := range doc["inputs"].([]any) {
		in := in.(map[string]any)
		got = append(got, filepath.Base(in["path"].(string))+"="+in["split"].(string))
	}
	if want := "train.jsonl=train validation.jsonl=validation"; strings.Join(got, " ") != want {
		t.Errorf("inputs = %q, want %q", strings.Join(got, " "), want)
	}
	sp := doc["splits"].(map[string]any)
	var rows float64
	for _, s := range sp["splits"].([]any) {
		rows += s.(map[string]any)["rows"].(float64)
	}
	if want := doc["summary"].(map[string]any)["rows"].(float64); rows != want {
		t.Errorf("rows per split sum to %v, want %v", rows, want)
	}
	var overlaps []string
	for _, f := range doc["findings"].([]any) {
		f := f.(map[string]any)
		if f["kind"] != "split_overlap" {
			continue
		}
		r := f["rows"].([]any)
		overlaps = append(overlaps, f["subkind"].(string)+" "+r[0].(map[string]any)["id"].(string)+" "+r[1].(map[string]any)["id"].(string))
	}
	want := []string{"exact validation.jsonl:106 train.jsonl:11", "near validation.jsonl:107 train.jsonl:21"}
	if len(overlaps) != len(want) {
		t.Fatalf("split_overlap findings %q, want %q", overlaps, want)
	}
	for i, o := range overlaps {
		if o = strings.ReplaceAll(o, dir+string(filepath.Separator), ""); o != want[i] {
			t.Errorf("split_overlap %d = %q, want %q", i, o, want[i])
		}
	}
	if o := sp["overlap"].(map[string]any); o["rows"].(float64) != 2 || o["exact"].(float64) != 1 || o["near"].(float64) != 1 {
		t.Errorf("overlap = %v, want 2 rows, 1 exact and 1 near", o)
	}

	// With --id, both rows are named by it (the copies kept their ids).
	byID, _, _ := scanJSON(t, dir, "--id", "id")
	for _, f := range byID["findings"].([]any) {
		if f := f.(map[string]any); f["kind"] == "split_overlap" {
			r := f["rows"].([]any)
			if a, b := r[0].(map[string]any)["id"], r[1].(map[string]any)["id"]; a != b || strings.Contains(a.(string), ".jsonl:") {
				t.Errorf("--id: split_overlap rows named %v and %v, want the same id", a, b)
			}
		}
	}
	if code, _, _ := runCmd(t, "scan", "--quiet", dir, "--fail-on", "split_overlap_rows>1"); code != exitFindings {
		t.Errorf("--fail-on split_overlap_rows>1: exit %d, want %d", code, exitFindings)
	}
	off, _, _ := scanJSON(t, dir, "--splits=false")
	if _, ok := off["splits"]; ok {
		t.Error("--splits=false: the report has a splits section")
	}
	if in := off["inputs"].([]any)[0].(map[string]any); in["split"] != nil {
		t.Errorf("--splits=false: input %v has a split", in)
	}
}

// TestExportKeepsEvaluationRows: --export-dedup over a split directory
// drops the training copies of the planted rows and keeps the validation
// copies, though the training rows come first.
func TestExportKeepsEvaluationRows(t *testing.T) {
	dir, planted := splitsDir(t)
	data, _ := os.ReadFile(sample)
	lines := strings.Split(string(data), "\n")
	out := filepath.Join(t.TempDir(), "dedup.jsonl")
	if _, code, stderr := scanJSON(t, dir, "--all", "--export-dedup", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(out)
	kept := "\n" + string(got)
	for i, want := range []struct{ keep, drop string }{{planted[0], lines[10]}, {planted[1], lines[20]}} {
		if strings.Count(kept, "\n"+want.keep+"\n") != 1 {
			t.Errorf("planted copy %d: the export should keep the validation row once", i)
		}
		if strings.Contains(kept, "\n"+want.drop+"\n") {
			t.Errorf("planted copy %d: the export should drop the training row", i)
		}
	}
}

// TestSplitFlag: --split names the splits of files whose names say
// nothing; a file in two splits, or --split with --splits=false, is a
// usage error.
func TestSplitFlag(t *testing.T) {
	dir, _ := splitsDir(t)
	sft, heldout := filepath.Join(dir, "sft.jsonl"), filepath.Join(dir, "heldout.jsonl")
	if err := os.Rename(filepath.Join(dir, "train.jsonl"), sft); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "validation.jsonl"), heldout); err != nil {
		t.Fatal(err)
	}
	if doc, _, _ := scanJSON(t, dir); doc["splits"] != nil {
		t.Error("sft.jsonl and heldout.jsonl: a splits section without --split")
	}
	doc, code, stderr := scanJSON(t, "--split", "train="+sft, "--split", "val="+heldout)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	o := doc["splits"].(map[string]any)["overlap"].(map[string]any)
	if o["rows"].(float64) != 2 {
		t.Errorf("--split train=sft.jsonl --split val=heldout.jsonl: overlap %v, want the 2 planted rows", o)
	}
	for _, args := range [][]string{
		{"scan", "--quiet", "--split", "train=" + sft, "--split", "test=" + dir},
		{"scan", "--quiet", "--splits=false", "--split", "train=" + sft},
		{"scan", "--quiet", "--split", sft},
	} {
		if code, _, _ := runCmd(t, args...); code != exitError {
			t.Errorf("%q: exit %d, want %d", args, code, exitError)
		}
	}
}
