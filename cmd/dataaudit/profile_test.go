package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/profile"
)

// runCmd runs the command line and returns its exit code and outputs.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// mustProfile writes the profile of args to a temporary file and returns
// its path and bytes.
func mustProfile(t *testing.T, dir, name string, args ...string) (string, []byte) {
	t.Helper()
	out := filepath.Join(dir, name)
	code, _, stderr := runCmd(t, append([]string{"profile", "--quiet", "-o", out}, args...)...)
	if code != exitOK {
		t.Fatalf("profile %v: exit %d: %s", args, code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return out, b
}

// splitSample writes the sample's lines into two files in dir.
func splitSample(t *testing.T, dir string) (string, string) {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	h1, h2 := filepath.Join(dir, "half1.jsonl"), filepath.Join(dir, "half2.jsonl")
	mid := len(lines) / 2
	if err := os.WriteFile(h1, []byte(strings.Join(lines[:mid], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h2, []byte(strings.Join(lines[mid:], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return h1, h2
}

func TestProfileWorkersDeterministic(t *testing.T) {
	dir := t.TempDir()
	inputs := []string{sample, "../../testdata/parquet/duckdb.parquet", "../../testdata/parquet/parquetgo.parquet", "--label", "label"}
	for _, top := range []string{"0", "25"} {
		_, one := mustProfile(t, dir, "one.json", append([]string{"--workers", "1", "--top", top}, inputs...)...)
		_, eight := mustProfile(t, dir, "eight.json", append([]string{"--workers", "8", "--chunk-bytes", "5000", "--batch-size", "7", "--top", top}, inputs...)...)
		if !bytes.Equal(one, eight) {
			t.Errorf("--top %s: profile with 8 workers differs from 1 worker:\n%s", top, cmp.Diff(string(one), string(eight)))
		}
	}
}

func TestProfileContent(t *testing.T) {
	path, _ := mustProfile(t, t.TempDir(), "p.json", sample, "--label", "label", "--top", "10")
	p, err := profile.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Scan's report of the same file is the reference for the counts.
	doc, _, _ := scanJSON(t, sample, "--label", "label", "--top", "11")
	tok := doc["tokens"].(map[string]any)
	if got, want := float64(p.Tokens.Total), tok["total"].(float64); got != want {
		t.Errorf("tokens.total = %v, want %v (scan)", got, want)
	}
	if got, want := float64(*p.Tokens.Distinct.Exact), tok["distinct"].(float64); got != want {
		t.Errorf("distinct.exact = %v, want %v (scan)", got, want)
	}
	top := tok["top"].([]any)
	for i, tc := range p.Tokens.Top {
		w := top[i].(map[string]any)
		if tc.Token != w["token"] || float64(tc.Count) != w["count"].(float64) {
			t.Errorf("top[%d] = %v, want %v (scan)", i, tc, w)
		}
	}
	if got, want := float64(p.Tokens.Tail.MaxCount), top[10].(map[string]any)["count"].(float64); got != want {
		t.Errorf("tail.max_count = %v, want the 11th token's count %v", got, want)
	}
	if d := p.Tokens.Distinct; float64(*d.Exact) < float64(d.Lower) || float64(*d.Exact) > float64(d.Upper) {
		t.Errorf("distinct estimate %d [%d, %d] does not cover the exact %d", d.Estimate, d.Lower, d.Upper, *d.Exact)
	}
	if len(p.Manifest) != 1 || p.Manifest[0].Rows != 305 || len(p.Manifest[0].SHA256) != 64 {
		t.Errorf("manifest = %+v, want one file of 305 records with a SHA-256", p.Manifest)
	}
	if p.Labels == nil || len(p.Labels.Classes) != 2 {
		t.Errorf("labels = %+v, want ham and spam", p.Labels)
	}
	if p.Settings.Tokenizer.Name != "words/v1" || p.Settings.Tokenizer.TokenEncoding != "text" {
		t.Errorf("tokenizer = %+v", p.Settings.Tokenizer)
	}
}

// TestMergeHalves: the profiles of two halves merge into the profile of the
// whole: byte for byte when every token is listed, and in every exact
// field (the top list an exact head of the whole's) when lists are cut.
func TestMergeHalves(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	for _, top := range []string{"0", "200"} {
		t.Run("top"+top, func(t *testing.T) {
			p1, _ := mustProfile(t, dir, "p1.json", h1, "--label", "label", "--top", top)
			p2, _ := mustProfile(t, dir, "p2.json", h2, "--label", "label", "--top", top)
			wholePath, whole := mustProfile(t, dir, "whole.json", h1, h2, "--label", "label", "--top", top)
			merged := filepath.Join(dir, "merged.json")
			if code, _, stderr := runCmd(t, "merge", p1, p2, "-o", merged); code != exitOK {
				t.Fatalf("merge: exit %d: %s", code, stderr)
			}
			got, _ := os.ReadFile(merged)
			w, _ := profile.ReadFile(wholePath)
			m, _ := profile.ReadFile(merged)
			if top == "0" {
				// Every token listed: identical but for the shard count
				// and the distinct-token sketch, whose bytes (and HIP
				// bounds) depend on how it was built; its estimate must
				// cover the exact count.
				w.Shards = 2
				if d := m.Tokens.Distinct; float64(*d.Exact) < float64(d.Lower) || float64(*d.Exact) > float64(d.Upper) {
					t.Errorf("merged distinct estimate %d [%d, %d] does not cover the exact %d", d.Estimate, d.Lower, d.Upper, *d.Exact)
				}
				if *w.Tokens.Distinct.Exact != *m.Tokens.Distinct.Exact {
					t.Errorf("merged distinct.exact = %d, want %d", *m.Tokens.Distinct.Exact, *w.Tokens.Distinct.Exact)
				}
				w.Tokens.Distinct = m.Tokens.Distinct
				var want bytes.Buffer
				profile.Write(&want, w)
				if diff := cmp.Diff(want.String(), string(got)); diff != "" {
					t.Errorf("merged profile differs from the whole's (-whole +merged):\n%s", diff)
				}
				return
			}
			_ = whole
			if diff := cmp.Diff(w.Counts, m.Counts); diff != "" {
				t.Errorf("counts differ (-whole +merged):\n%s", diff)
			}
			if diff := cmp.Diff(w.Lengths, m.Lengths); diff != "" {
				t.Errorf("lengths differ (-whole +merged):\n%s", diff)
			}
			if diff := cmp.Diff(w.Labels, m.Labels); diff != "" {
				t.Errorf("labels differ (-whole +merged):\n%s", diff)
			}
			if diff := cmp.Diff(w.Manifest, m.Manifest); diff != "" {
				t.Errorf("manifests differ (-whole +merged):\n%s", diff)
			}
			if w.Tokens.Total != m.Tokens.Total {
				t.Errorf("tokens.total = %d, want %d", m.Tokens.Total, w.Tokens.Total)
			}
			n := len(m.Tokens.Top)
			if n < 20 || n > len(w.Tokens.Top) {
				t.Fatalf("merged top lists %d tokens; want at least 20 and at most the whole's %d", n, len(w.Tokens.Top))
			}
			if diff := cmp.Diff(w.Tokens.Top[:n], m.Tokens.Top); diff != "" {
				t.Errorf("merged top is not the head of the whole's (-whole +merged):\n%s", diff)
			}
			if m.Tokens.Tail.MaxCount < w.Tokens.Top[n].Count && n < len(w.Tokens.Top) {
				t.Errorf("merged tail bound %d is below the count %d of an unlisted token", m.Tokens.Tail.MaxCount, w.Tokens.Top[n].Count)
			}
			exact := float64(*w.Tokens.Distinct.Exact)
			if d := m.Tokens.Distinct; exact < float64(d.Lower) || exact > float64(d.Upper) {
				t.Errorf("merged distinct estimate %d [%d, %d] does not cover the exact %v", d.Estimate, d.Lower, d.Upper, exact)
			}
		})
	}
}

func TestMergeRejects(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	p1, _ := mustProfile(t, dir, "p1.json", h1)
	p2, b2 := mustProfile(t, dir, "p2.json", h2)
	if code, _, stderr := runCmd(t, "merge", p1, p1, "-o", filepath.Join(dir, "m.json")); code != exitError || !strings.Contains(stderr, "must not share files") {
		t.Errorf("merge of a profile with itself: exit %d, %q; want 2 and a shared-file error", code, stderr)
	}
	other := filepath.Join(dir, "other.json")
	os.WriteFile(other, bytes.Replace(b2, []byte(`"name": "words/v1"`), []byte(`"name": "tiktoken/cl100k_base"`), 1), 0o644)
	if code, _, stderr := runCmd(t, "merge", p1, other, "-o", filepath.Join(dir, "m.json")); code != exitError || !strings.Contains(stderr, "different tokenizers") {
		t.Errorf("merge across tokenizers: exit %d, %q; want 2 and a tokenizer error", code, stderr)
	}
	_ = p2
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	p, _ := mustProfile(t, dir, "p.json", h1, h2)
	if code, out, stderr := runCmd(t, "verify", p, h1, h2); code != exitOK {
		t.Fatalf("verify of unchanged files: exit %d\n%s%s", code, out, stderr)
	}
	// One byte changed, same size.
	data, _ := os.ReadFile(h2)
	i := bytes.Index(data, []byte("Subject"))
	data[i] = 's'
	os.WriteFile(h2, data, 0o644)
	code, out, _ := runCmd(t, "verify", p, h1, h2)
	if code != exitFindings || !strings.Contains(out, "changed  "+h2) || strings.Contains(out, "changed  "+h1) {
		t.Errorf("verify after a one-byte change: exit %d\n%s\nwant 1 and only %s changed", code, out, h2)
	}
	// A changed row count is reported: drop the last line.
	lines := bytes.SplitAfter(data, []byte("\n"))
	os.WriteFile(h2, bytes.Join(lines[:len(lines)-2], nil), 0o644)
	_, out, _ = runCmd(t, "verify", p, h1, h2)
	if m := regexp.MustCompile(`rows: (\d+) in the manifest, (\d+) now`).FindStringSubmatch(out); m == nil || atoi(m[1]) != atoi(m[2])+1 {
		t.Errorf("verify after dropping a row:\n%s\nwant the row counts", out)
	}
	// Missing and extra files: a directory is a set, so a manifest file
	// not in it is missing.
	set := filepath.Join(dir, "set")
	os.Mkdir(set, 0o755)
	b1, _ := os.ReadFile(h1)
	os.WriteFile(filepath.Join(set, "half1.jsonl"), b1, 0o644)
	extra := filepath.Join(set, "extra.jsonl")
	os.WriteFile(extra, []byte(`{"text":"x"}`+"\n"), 0o644)
	code, out, _ = runCmd(t, "verify", p, set)
	if code != exitFindings || !strings.Contains(out, "missing  "+h2) || !strings.Contains(out, "extra    "+extra) {
		t.Errorf("verify with a missing and an extra file: exit %d\n%s", code, out)
	}
}

// TestVerifyNamedFiles: files named one by one are checked against their
// own entries; the manifest's other files are not missing, only counted
// as not checked on the last line.
func TestVerifyNamedFiles(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	p, _ := mustProfile(t, dir, "p.json", h1, h2)
	extra := filepath.Join(dir, "extra.jsonl")
	os.WriteFile(extra, []byte(`{"text":"x"}`+"\n"), 0o644)
	for _, tc := range []struct {
		name    string
		args    []string
		code    int
		want    []string
		wantNot []string
	}{
		{"one file", []string{h1}, exitOK,
			[]string{"ok       " + h1, "the file matches the manifest of " + p + " (1 other file of the manifest not checked: name it, its directory, or no INPUT)"},
			[]string{"missing"}},
		{"every file", []string{h1, h2}, exitOK,
			[]string{"all 2 files match the manifest of " + p + "\n"}, []string{"not checked"}},
		{"one file and an extra", []string{h1, extra}, exitFindings,
			[]string{"extra    " + extra, "1 of 2 files differs from the manifest of " + p + " (1 other file of the manifest not checked"},
			[]string{"missing"}},
		{"a directory", []string{dir}, exitFindings,
			[]string{"extra    " + extra}, []string{"not checked"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, append([]string{"verify", p}, tc.args...)...)
			if code != tc.code {
				t.Errorf("verify %q = exit %d, want %d\n%s%s", tc.args, code, tc.code, out, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("verify %q = %q, want %q in it", tc.args, out, w)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("verify %q = %q, want no %q", tc.args, out, w)
				}
			}
		})
	}
}

// compareJSON runs compare and returns the report.
func compareJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out := filepath.Join(t.TempDir(), "cmp.json")
	code, _, stderr := runCmd(t, append([]string{"compare", "--quiet", "--json", out}, args...)...)
	if code != exitOK {
		t.Fatalf("compare %v: exit %d: %s", args, code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestCompareProfileSameAsRaw: the token divergence against a profile is
// the divergence against the data it was made from.
func TestCompareProfileSameAsRaw(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	for _, top := range []string{"30", "10000"} {
		p1, _ := mustProfile(t, dir, "p1.json", h1, "--top", top, "--label", "label")
		p2, _ := mustProfile(t, dir, "p2.json", h2, "--top", top, "--label", "label")
		raw := compareJSON(t, h1, h2, "--top", top, "--label", "label")
		tok := raw["tokens"].(map[string]any)
		if tok["js_distance"].(float64) <= 0 {
			t.Fatalf("--top %s: js_distance of two different halves = %v, want > 0", top, tok["js_distance"])
		}
		for _, pair := range [][2]string{{p1, h2}, {h1, p2}, {p1, p2}} {
			got := compareJSON(t, pair[0], pair[1], "--top", top, "--label", "label")
			if diff := cmp.Diff(tok, got["tokens"]); diff != "" {
				t.Errorf("--top %s: compare %s %s: token divergence differs from raw vs raw (-raw +got):\n%s", top, pair[0], pair[1], diff)
			}
			if diff := cmp.Diff(raw["lengths"], got["lengths"]); diff != "" {
				t.Errorf("--top %s: compare %s %s: length drift differs (-raw +got):\n%s", top, pair[0], pair[1], diff)
			}
			if diff := cmp.Diff(raw["labels"], got["labels"]); diff != "" {
				t.Errorf("--top %s: compare %s %s: label shift differs (-raw +got):\n%s", top, pair[0], pair[1], diff)
			}
		}
	}
}

// TestCompareOverlap: B made of rows of A, some edited, is found in A.
func TestCompareOverlap(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile(sample)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var b strings.Builder
	var copied int
	for i, ln := range lines {
		var row map[string]any
		if json.Unmarshal([]byte(ln), &row) != nil {
			continue
		}
		text, ok := row["text"].(string)
		if !ok || i%10 != 0 {
			continue
		}
		if i%20 == 0 {
			// Edit one word in 50: a near duplicate.
			w := strings.Fields(text)
			if len(w) < 100 {
				continue
			}
			for k := 0; k < len(w); k += 50 {
				w[k] = "edited"
			}
			text = strings.Join(w, " ")
		}
		out, _ := json.Marshal(map[string]string{"text": text})
		b.Write(out)
		b.WriteByte('\n')
		copied++
	}
	b.WriteString(`{"text":"a row that is in no mail of the sample at all, not even close to one of them"}` + "\n")
	bpath := filepath.Join(dir, "b.jsonl")
	os.WriteFile(bpath, []byte(b.String()), 0o644)
	doc := compareJSON(t, sample, bpath, "--workers", "3")
	ov := doc["overlap"].(map[string]any)
	if got := int(ov["total"].(float64)); got != copied {
		t.Errorf("overlap.total = %d, want the %d copied rows\n%v", got, copied, ov)
	}
	if ov["exact"].(float64) == 0 || ov["near"].(float64) == 0 {
		t.Errorf("overlap = %v, want exact and near matches", ov)
	}
	one := compareJSON(t, sample, bpath, "--workers", "1")
	eight := compareJSON(t, sample, bpath, "--workers", "8", "--chunk-bytes", "5000")
	if diff := cmp.Diff(one, eight); diff != "" {
		t.Errorf("compare with 8 workers differs from 1 (-1 +8):\n%s", diff)
	}
	d := doc["domain"].(map[string]any)
	if auc := d["auc"].(float64); auc < 0 || auc > 1 {
		t.Errorf("domain AUC = %v", auc)
	}
}

func TestNewCommandsHelp(t *testing.T) {
	for _, c := range []string{"profile", "merge", "compare", "verify"} {
		code, out, _ := runCmd(t, "help", c)
		if code != exitOK || !strings.Contains(out, "Usage: dataaudit "+c) || !strings.Contains(out, "Examples:") || !strings.Contains(out, "Exit codes:") {
			t.Errorf("help %s: exit %d\n%s", c, code, out)
		}
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestCompareTooFewRowsForAUC: with fewer rows than folds on a side, the
// domain classifier is not run and the report says so, instead of an AUC
// of 0; a gate on it is refused.
func TestCompareTooFewRowsForAUC(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte("{\"text\":\"one row of words\"}\n{\"text\":\"and another row\"}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := runCmd(t, "compare", a, b, "--quiet", "--json", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["domain"]; ok {
		t.Errorf("domain = %v, want none with 2 rows a side", doc["domain"])
	}
	if !strings.Contains(fmt.Sprint(doc["notes"]), "separability not computed") {
		t.Errorf("notes = %v, want one saying separability was not computed", doc["notes"])
	}
	if code, _, _ := runCmd(t, "compare", a, b, "--quiet", "--fail-on", "domain_auc>0.9"); code != exitError {
		t.Errorf("gate on a missing AUC: exit %d, want %d", code, exitError)
	}
}
