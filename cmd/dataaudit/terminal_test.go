package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// nasty holds a character of every class a terminal must not get raw: C0
// controls and ESC sequences, DEL, C1 controls (U+009B is a CSI), bidi
// controls, zero-width and other invisible characters, and a byte that
// is not UTF-8 (JSON can only carry it as a file name).
const nasty = "\x1b]0;PWNED\x07\x1b[2J\x00\x01\r\x7f\u0085\u009b\u202a\u202e\u2066\u2069\u200e\u200f\u061c\u200b\ufeff\u00ad\u2028\u3164"

// rawControl returns a description of the first character in out that a
// terminal would act on or hide, or "".
func rawControl(out string) string {
	for i, r := range out {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD"):
			return fmt.Sprintf("invalid byte %#x at %d", out[i], i)
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return fmt.Sprintf("control %U at %d", r, i)
		case unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
			return fmt.Sprintf("invisible %U at %d", r, i)
		}
	}
	return ""
}

// TestNoRawControlsOnTheTerminal runs every command with text outputs on
// data whose ids, labels, field names and file names hold every such
// class, and checks stdout and stderr.
func TestNoRawControlsOnTheTerminal(t *testing.T) {
	dir := t.TempDir()
	inName := strings.ReplaceAll(nasty, "\x00", "") // a file name cannot hold NUL
	name := "f" + inName + "\xff.jsonl"
	hostile := filepath.Join(dir, name)
	var b strings.Builder
	for i := range 40 {
		row := map[string]any{
			"text":  fmt.Sprintf("the same mail about offers number %d", i%4),
			"id":    fmt.Sprintf("%s%d", nasty, i),
			"label": []string{"spam" + nasty, "ham\u202e"}[i%2],
			nasty:   1,
		}
		if i == 7 {
			row["text"] = "evasion" + nasty + " text with a long base64 " + strings.Repeat("QUJD", 40)
		}
		j, _ := json.Marshal(row)
		b.Write(j)
		b.WriteByte('\n')
	}
	b.WriteString("{\"text\": \"" + "broken \x1b[2J" + "\n") // a bad record quoting the line
	if err := os.WriteFile(hostile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.jsonl")
	if err := os.WriteFile(other, []byte(strings.Repeat("{\"text\":\"other words here\",\"label\":\"ham\\u202e\"}\n", 10)+"{\"text\":\"the same mail about offers number 0\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pdir := t.TempDir()
	prof := filepath.Join(pdir, "p"+inName+".json")
	prof2 := filepath.Join(pdir, "p2.json")
	merged := filepath.Join(pdir, "m"+inName+".json")
	steps := []struct {
		name string
		args []string
		code int
	}{
		{"scan", []string{"scan", "--quiet", hostile, "--id", "id", "--label", "label", "--all"}, exitOK},
		{"scan model tokens", []string{"scan", "--quiet", hostile, "--label", "label", "--tokenizer", "cl100k_base", "--show-top", "200"}, exitOK},
		{"scan missing field", []string{"scan", "--quiet", hostile, "--text", "missing"}, exitError},
		{"scan field", []string{"scan", "--quiet", hostile, "--text", nasty}, exitError}, // no usable record
		{"profile", []string{"profile", "--quiet", hostile, "--label", "label", "-o", prof}, exitOK},
		{"profile other", []string{"profile", "--quiet", other, "--label", "label", "-o", prof2}, exitOK},
		{"merge", []string{"merge", prof, prof2, "-o", merged}, exitOK},
		{"compare data", []string{"compare", "--quiet", hostile, other, "--label", "label"}, exitOK},
		{"compare profile", []string{"compare", "--quiet", prof, other}, exitOK},
		{"verify not a profile", []string{"verify", hostile, other}, exitError},
		{"verify changed", []string{"verify", prof, hostile, other}, exitFindings},
	}
	for _, st := range steps {
		args := st.args
		t.Run(st.name, func(t *testing.T) {
			if st.name == "verify changed" {
				// Change the file, so that verify prints it.
				if err := os.WriteFile(hostile, []byte(b.String()+"{\"text\":\"new\"}\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := runCmd(t, args...)
			if code != st.code {
				t.Errorf("%q: exit %d, want %d\n%s", args, code, st.code, stderr)
			}
			if testing.Verbose() {
				t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
			}
			if stdout == "" && stderr == "" {
				t.Fatalf("%q: no output", args)
			}
			if what := rawControl(stdout); what != "" {
				t.Errorf("%q: stdout has a raw %s:\n%q", args, what, stdout)
			}
			if what := rawControl(stderr); what != "" {
				t.Errorf("%q: stderr has a raw %s:\n%q", args, what, stderr)
			}
		})
	}
}
