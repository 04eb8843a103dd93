package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

var allCommands = []string{"scan", "profile", "merge", "compare", "verify"}

// TestHelpOnce: help asked for goes to stdout once, with nothing on
// stderr (it used to be printed to both).
func TestHelpOnce(t *testing.T) {
	for _, c := range allCommands {
		for _, args := range [][]string{{"help", c}, {c, "--help"}, {c, "-h"}, {c, "x", "--help"}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, stdout, stderr := runCmd(t, args...)
				if code != exitOK || stderr != "" {
					t.Errorf("%v: exit %d, stderr %q; want exit 0 and nothing on stderr", args, code, stderr)
				}
				if n := strings.Count(stdout, "Usage: dataaudit "+c); n != 1 {
					t.Errorf("%v: the usage is on stdout %d times, want once", args, n)
				}
				if !strings.Contains(stdout, "--quiet") && !strings.Contains(stdout, "-o FILE") {
					t.Errorf("%v: stdout lists no flags:\n%s", args, stdout)
				}
			})
		}
	}
}

// TestUsageErrorHint: a bad flag or command says why in one line and where
// the help is, on stderr, instead of dumping the whole help.
func TestUsageErrorHint(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"scan", "--bogus", sample}, []string{"flag provided but not defined: --bogus", "run 'dataaudit help scan' for the flags"}},
		{[]string{"scan", sample, "--top", "many"}, []string{`invalid value "many" for flag --top`, "run 'dataaudit help scan' for the flags"}},
		{[]string{"profile", "--bogus"}, []string{"run 'dataaudit help profile' for the flags"}},
		{[]string{"merge", "--bogus"}, []string{"run 'dataaudit help merge' for the flags"}},
		{[]string{"compare", "--bogus"}, []string{"run 'dataaudit help compare' for the flags"}},
		{[]string{"verify", "--bogus"}, []string{"run 'dataaudit help verify' for the flags"}},
		{[]string{"scna"}, []string{`unknown command "scna"`, "run 'dataaudit help' for the commands"}},
		{[]string{"help", "scna"}, []string{`unknown command "scna"`, "run 'dataaudit help' for the commands"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != exitError || stdout != "" {
				t.Errorf("%v: exit %d, stdout %q; want exit 2 and nothing on stdout", tt.args, code, stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("%v: stderr %q lacks %q", tt.args, stderr, w)
				}
			}
			if strings.Contains(stderr, "Usage:") || strings.Count(stderr, "\n") > 2 {
				t.Errorf("%v: stderr has more than the reason and a hint:\n%s", tt.args, stderr)
			}
		})
	}
}

// TestHelpSpellsFlagsAsREADME: the help lists each flag as --name (-x for
// a one-letter one), as the README and the examples do, and the README
// never spells a flag -name.
func TestHelpSpellsFlagsAsREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	oneDash := regexp.MustCompile(`^  -[a-z][a-z-]+`) // -o is a short flag; "  - item" a list
	for _, c := range allCommands {
		_, help, _ := runCmd(t, "help", c)
		for _, line := range strings.Split(help, "\n") {
			if oneDash.MatchString(line) {
				t.Errorf("help %s spells a flag with one dash: %q", c, line)
			}
			if name, ok := strings.CutPrefix(line, "  --"); ok {
				names[strings.Fields(name)[0]] = true
			}
		}
	}
	if !names["all"] || !names["json"] {
		t.Fatalf("no --all or --json found in the help: %v", names)
	}
	single := regexp.MustCompile("(?:^|[\\s`(])-([a-z][a-z-]+)")
	for _, m := range single.FindAllStringSubmatch(string(readme), -1) {
		if names[m[1]] {
			t.Errorf("README.md spells --%s as -%s", m[1], m[1])
		}
	}
}

// TestOneStdoutOutput: only one output may be "-"; two are refused before
// anything is read (the input here does not exist), and no output is a
// file named "-".
func TestOneStdoutOutput(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.jsonl")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"scan", missing, "--json", "-", "--markdown", "-"}, "--json - and --markdown - both write to standard output"},
		{[]string{"scan", missing, "--html", "-", "--findings", "-"}, "--html - and --findings - both write to standard output"},
		{[]string{"scan", missing, "--json", "-", "--findings", "-"}, "only one output may be -"},
		{[]string{"scan", missing, "--export-dedup", "-"}, "--export-dedup cannot write to standard output"},
		{[]string{"scan", missing, "--cpuprofile", "-"}, "--cpuprofile cannot write to standard output"},
		{[]string{"compare", missing, missing, "--json", "-", "--html", "-"}, "only one output may be -"},
		{[]string{"compare", missing, missing, "--markdown", "-", "--json", "-"}, "only one output may be -"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != exitError || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2, no stdout and %q", tt.args, code, stdout, stderr, tt.want)
			}
			if strings.Contains(stderr, "missing.jsonl") {
				t.Errorf("%v: the input was looked at before the outputs were checked: %s", tt.args, stderr)
			}
		})
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("a file named - was created")
	}
}

// TestFindingsToStdout: --findings - writes the findings as JSONL to
// stdout, in place of the summary, the same rows as --findings FILE, and
// creates no file named "-".
func TestFindingsToStdout(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.jsonl")
	if code, _, stderr := runCmd(t, "scan", "--quiet", sample, "--label", "label", "--findings", file); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "scan", "--quiet", sample, "--label", "label", "--findings", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != string(want) {
		t.Errorf("--findings - wrote %d bytes to stdout, --findings FILE %d: they differ", len(stdout), len(want))
	}
	n := 0
	for sc := bufio.NewScanner(strings.NewReader(stdout)); sc.Scan(); n++ {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil || row["kind"] == nil {
			t.Fatalf("stdout line %d is not a finding row: %q (%v)", n+1, sc.Text(), err)
		}
	}
	if n == 0 {
		t.Error("no finding on stdout")
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("a file named - was created")
	}
}

func TestFormatVersion(t *testing.T) {
	const plat = "go1.26.8 linux/amd64"
	withVCS := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/dataaudit/dataaudit", Version: "(devel)"},
		Deps: []*debug.Module{{Path: "github.com/apache/arrow-go/v18", Version: "v18.8.0"}},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "1e5ff53e9df514f2fd935ea84ac5fc340aebf997"},
			{Key: "vcs.time", Value: "2026-12-04T22:32:16Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	installed := &debug.BuildInfo{Main: debug.Module{Path: "github.com/dataaudit/dataaudit", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "false"}}}
	tests := []struct {
		name    string
		release string
		bi      *debug.BuildInfo
		want    string
	}{
		{"a build in a clone", "0.1.0-dev", withVCS, "dataaudit 0.1.0-dev\ncommit 1e5ff53e9df514f2fd935ea84ac5fc340aebf997 (with uncommitted changes)\ncommitted 2026-12-04T22:32:16Z\n" + plat + "\narrow-go v18.8.0"},
		{"go install @v1.2.3", "0.1.0-dev", installed, "dataaudit v1.2.3\ncommit abc123\n" + plat},
		{"-ldflags -X main.version", "v2.0.0", installed, "dataaudit v2.0.0\ncommit abc123\n" + plat},
		{"no VCS information", "0.1.0-dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dataaudit 0.1.0-dev\ncommit unknown (built without version control information)\n" + plat},
		{"no build information", "0.1.0-dev", nil, "dataaudit 0.1.0-dev\ncommit unknown (built without version control information)\n" + plat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatVersion(tt.release, plat, tt.bi); got != tt.want {
				t.Errorf("formatVersion = %q, want %q", got, tt.want)
			}
		})
	}
	// The command itself: a test binary has build information but no VCS
	// stamp, so it falls back and still names the release.
	code, stdout, _ := runCmd(t, "version")
	if code != exitOK || !strings.HasPrefix(stdout, "dataaudit "+version+"\ncommit ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// TestGatesAfterAll: --all and --export-dedup turn on the checks whose
// metrics a gate may name, so the gate is accepted, not refused as
// "computed only with --dedup".
func TestGatesAfterAll(t *testing.T) {
	export := filepath.Join(t.TempDir(), "kept.jsonl")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"all, duplicate_rate", []string{"--all", "--fail-on", "duplicate_rate>0.5"}, exitOK},
		{"all, near duplicates", []string{"--all", "--fail-on", "findings.near_duplicate>100000"}, exitOK},
		{"all, outliers reached", []string{"--all", "--fail-on", "findings.outlier>=0"}, exitFindings},
		{"export-dedup, duplicate_rate", []string{"--export-dedup", export, "--fail-on", "duplicate_rate>0.5"}, exitOK},
		{"no check, duplicate_rate", []string{"--checks", "none", "--fail-on", "duplicate_rate>0.5"}, exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"scan", "--quiet", sample}, tt.args...)
			code, _, stderr := runCmd(t, args...)
			if code != tt.want {
				t.Errorf("run(%q) = %d, want %d; stderr: %s", args, code, tt.want, stderr)
			}
		})
	}
}

// TestChecks: the default audit, --checks lists and a check's own flag
// over the list decide which sections a scan report has.
func TestChecks(t *testing.T) {
	tests := []struct {
		args []string
		want []string // report sections of optional checks, sorted
	}{
		{nil, []string{"cleaning_evasions", "duplicates.exact", "duplicates.near", "outliers"}},
		{[]string{"--checks", "default"}, []string{"cleaning_evasions", "duplicates.exact", "duplicates.near", "outliers"}},
		{[]string{"--checks", "none"}, nil},
		{[]string{"--checks", "none", "--dedup"}, []string{"duplicates.exact"}},
		{[]string{"--near-dups=false", "--evasions=false"}, []string{"duplicates.exact", "outliers"}},
		{[]string{"--checks", "dedup,spans"}, []string{"duplicates.exact", "repeated_spans"}},
		{[]string{"--checks", "all", "--spans=false", "--poison=false"}, []string{"backdoors", "cleaning_evasions", "duplicates.exact", "duplicates.near", "outliers"}},
		{[]string{"--checks", "none", "--all"}, []string{"backdoors", "cleaning_evasions", "duplicates.exact", "duplicates.near", "outliers", "poison", "repeated_spans"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			doc, code, stderr := scanJSON(t, append([]string{sample}, tt.args...)...)
			if code != exitOK && code != exitFindings {
				t.Fatalf("scan %q: exit %d: %s", tt.args, code, stderr)
			}
			var got []string
			for _, k := range []string{"backdoors", "cleaning_evasions", "outliers", "poison", "repeated_spans"} {
				if doc[k] != nil {
					got = append(got, k)
				}
			}
			if d, ok := doc["duplicates"].(map[string]any); ok {
				for _, k := range []string{"exact", "near"} {
					if d[k] != nil {
						got = append(got, "duplicates."+k)
					}
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("scan %q: sections %q, want %q", tt.args, got, tt.want)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		code, _, stderr := runCmd(t, "scan", "--quiet", "--checks", "dedup,nope", sample)
		if code != exitError || !strings.Contains(stderr, `unknown check "nope"`) {
			t.Errorf("scan --checks dedup,nope: exit %d, stderr %q, want %d and the unknown check named", code, stderr, exitError)
		}
	})
	// Lists that would run fewer checks than asked are refused.
	for _, tt := range []struct{ list, want string }{
		{"", "write --checks none"},
		{"default,none", "none with other checks"},
		{"all,none", "none with other checks"},
	} {
		t.Run("refused "+tt.list, func(t *testing.T) {
			code, _, stderr := runCmd(t, "scan", "--quiet", "--checks", tt.list, sample)
			if code != exitError || !strings.Contains(stderr, tt.want) {
				t.Errorf("scan --checks %q: exit %d, stderr %q, want %d and %q", tt.list, code, stderr, exitError, tt.want)
			}
		})
	}
}
