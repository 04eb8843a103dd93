package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShortFlags: -q, -j and -o are the short forms of --quiet, --workers
// and profile's output, for every command that has them.
func TestShortFlags(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "p.json")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // contained
	}{
		{"scan -q -j", []string{"scan", "-q", "-j", "1", "--top", "3", sample}, exitOK, "Records"},
		{"profile -q -j -o", []string{"profile", "-q", "-j", "2", sample, "-o", prof}, exitOK, "1 file, 301 rows"},
		{"compare -q -j", []string{"compare", "-q", "-j", "1", "--no-overlap", sample, sample}, exitOK, ""},
		{"verify -q -j", []string{"verify", "-q", "-j", "1", prof, sample}, exitOK, ""},
		{"help shows both", []string{"help", "scan"}, exitOK, "  -j, --workers N\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) {
				t.Errorf("run(%q) = %d, stdout %.200q; want %d and %q\nstderr: %s", tt.args, code, stdout, tt.code, tt.stdout, stderr)
			}
		})
	}
}

// TestProfileNeedsOutput: profile and merge write their JSON only where
// -o says (it used to flood the terminal by default), with a one-line
// summary on whichever of stdout and stderr the JSON does not take.
func TestProfileNeedsOutput(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "p.json")
	if code, _, stderr := runCmd(t, "profile", "-q", sample, "-o", p); code != exitOK {
		t.Fatalf("profile: exit %d: %s", code, stderr)
	}
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string // prefix of stdout, contained in stderr
	}{
		{"profile without -o", []string{"profile", "-q", sample}, exitError, "", "no -o given: name the profile's file with -o FILE"},
		{"profile -o -", []string{"profile", "-q", sample, "-o", "-"}, exitOK, "{\n", "<stdout>: 1 file, 301 rows"},
		{"profile -o FILE", []string{"profile", "-q", sample, "-o", filepath.Join(dir, "q.json")}, exitOK, filepath.Join(dir, "q.json") + ": 1 file, 301 rows", ""},
		{"merge without -o", []string{"merge", p}, exitError, "", "no -o given: name the merged profile's file with -o FILE"},
		{"merge -o -", []string{"merge", p, "-o", "-"}, exitOK, "{\n", "<stdout>: 1 profile, 1 file, 301 rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code || !strings.HasPrefix(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("run(%q) = %d, stdout %.100q, stderr %q; want %d, %q..., %q", tt.args, code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			if tt.code == exitError && stdout != "" {
				t.Errorf("run(%q): stdout %.100q, want nothing", tt.args, stdout)
			}
		})
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("a file named - was created")
	}
}

// TestVerifyManifest: verify PROFILE alone checks the manifest's own
// files, their relative paths read from the profile's directory or from
// --root, as sha256sum -c checks a list.
func TestVerifyManifest(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"a.jsonl": `{"text":"a b"}` + "\n", "b.jsonl": `{"text":"c"}` + "\n"} {
		if err := os.WriteFile(filepath.Join(data, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(data)
	if code, _, stderr := runCmd(t, "profile", "-q", "a.jsonl", "b.jsonl", "-o", "p.json"); code != exitOK {
		t.Fatalf("profile: exit %d: %s", code, stderr)
	}
	t.Chdir(dir)
	tests := []struct {
		name   string
		change bool // append a line to b.jsonl first
		args   []string
		code   int
		stdout string
	}{
		{"profile's directory", false, []string{"verify", "data/p.json"}, exitOK,
			"ok       a.jsonl\nok       b.jsonl\nall 2 files match the manifest of data/p.json\n"},
		{"--root", false, []string{"verify", "data/p.json", "--root", "data"}, exitOK,
			"ok       a.jsonl\nok       b.jsonl\nall 2 files match the manifest of data/p.json\n"},
		{"--root elsewhere", false, []string{"verify", "--root", ".", "data/p.json"}, exitFindings,
			"missing  a.jsonl: 15 bytes, 1 row in the manifest\nmissing  b.jsonl: 13 bytes, 1 row in the manifest\n2 of 2 files differ from the manifest of data/p.json\n"},
		{"--root with inputs", false, []string{"verify", "--root", "data", "data/p.json", "data/a.jsonl"}, exitError, ""},
		{"changed", true, []string{"verify", "-q", "data/p.json"}, exitFindings,
			"changed  b.jsonl: 26 bytes, 13 in the manifest; sha256 differs; rows: 1 in the manifest, 2 now\n1 of 2 files differs from the manifest of data/p.json\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.change {
				if err := os.WriteFile(filepath.Join(data, "b.jsonl"), []byte(`{"text":"c"}`+"\n"+`{"text":"d"}`+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code || stdout != tt.stdout {
				t.Errorf("run(%q) = %d, stdout %q; want %d, %q\nstderr: %s", tt.args, code, stdout, tt.code, tt.stdout, stderr)
			}
		})
	}
}

// TestPlurals: counts of one say so ("1 row has", not "1 rows have").
func TestPlurals(t *testing.T) {
	var b strings.Builder
	for i := range 20 {
		fmt.Fprintf(&b, "{\"text\":\"hello world %d\",\"label\":\"a\"}\n", i)
	}
	b.WriteString(`{"text":"rare one","label":"b"}` + "\n" + `{"text":"blank","label":" "}` + "\n")
	in := filepath.Join(t.TempDir(), "labels.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "scan", "-q", in, "--label", "label", "--label-checks=false", "--json", "-")
	if code != exitOK {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		`"1 row has an empty or blank label \" \""`,
		`"label \"b\" has 1 row, 4.55% of the labelled rows`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("scan --json: no %s in\n%s", want, stdout)
		}
	}
}

// TestNegativeNumbers: a negative value of a numeric flag is a usage error
// (exit 2, the flag named) in every command, where it used to mean the
// flag's default silently.
func TestNegativeNumbers(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "p.json")
	if code, _, stderr := runCmd(t, "profile", "-q", sample, "-o", prof); code != exitOK {
		t.Fatalf("profile: exit %d: %s", code, stderr)
	}
	tests := []struct {
		cmd   []string // the command and a flag, before "-2" and the inputs
		after []string
	}{
		{[]string{"scan", "--workers"}, []string{sample}},
		{[]string{"scan", "-j"}, []string{sample}},
		{[]string{"scan", "--chunk-bytes"}, []string{sample}},
		{[]string{"scan", "--batch-size"}, []string{sample}},
		{[]string{"scan", "--max-line-bytes"}, []string{sample}},
		{[]string{"scan", "--max-page-bytes"}, []string{sample}},
		{[]string{"scan", "--show-top"}, []string{sample}},
		{[]string{"scan", "--show-findings"}, []string{sample}},
		{[]string{"scan", "--max-bad-records"}, []string{sample}},
		{[]string{"profile", "--workers"}, []string{sample, "-o", filepath.Join(dir, "q.json")}},
		{[]string{"profile", "--max-line-bytes"}, []string{sample, "-o", filepath.Join(dir, "q.json")}},
		{[]string{"profile", "--chunk-bytes"}, []string{sample, "-o", filepath.Join(dir, "q.json")}},
		{[]string{"compare", "--workers"}, []string{sample, sample}},
		{[]string{"compare", "--overlap-rows"}, []string{sample, sample}},
		{[]string{"verify", "--workers"}, []string{prof, sample}},
		{[]string{"verify", "--max-page-bytes"}, []string{prof, sample}},
		{[]string{"merge", "--max-bad-records"}, []string{prof, "-o", filepath.Join(dir, "m.json")}},
		{[]string{"contamination", "--show-findings"}, []string{sample, "--eval", sample}},
	}
	for _, tt := range tests {
		args := append(append(append([]string{}, tt.cmd...), "-2"), tt.after...)
		t.Run(strings.Join(tt.cmd, " "), func(t *testing.T) {
			code, _, stderr := runCmd(t, args...)
			if want := `invalid value "-2" for flag ` + tt.cmd[1] + ":"; code != exitError || !strings.Contains(stderr, want) {
				t.Errorf("run(%q) = %d, stderr %q; want %d and %q", args, code, stderr, exitError, want)
			}
		})
	}
}
