package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputsNeverTouchInputs points every output flag of every command at
// an input: each is refused with exit 2 before anything is read or
// written, and every input keeps its bytes.
func TestOutputsNeverTouchInputs(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.jsonl")
	other := filepath.Join(dir, "other.jsonl")
	for _, p := range []string{in, other} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	policy := filepath.Join(dir, "policy.txt")
	if err := os.WriteFile(policy, []byte("bad_record_rate>0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pdir := t.TempDir() // profiles apart, so that the data directory holds data only
	p1, _ := mustProfile(t, pdir, "p1.json", in)
	p2, _ := mustProfile(t, pdir, "p2.json", other)
	keep := map[string][]byte{}
	for _, p := range []string{in, other, policy, p1, p2} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		keep[p] = b
	}
	fresh := filepath.Join(t.TempDir(), "r.json")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"scan --export-dedup", []string{"scan", in, "--export-dedup", in}, "refusing"},
		{"scan --json", []string{"scan", in, "--json", in}, "refusing"},
		{"scan --html", []string{"scan", in, "--html", in}, "refusing"},
		{"scan --markdown", []string{"scan", in, "--markdown", in}, "refusing"},
		{"scan --findings", []string{"scan", in, "--findings", in}, "refusing"},
		{"scan --cpuprofile", []string{"scan", in, "--cpuprofile", in}, "refusing"},
		{"scan a second input", []string{"scan", in, other, "--json", other}, "refusing"},
		{"scan a directory's file", []string{"scan", dir, "--export-dedup", other}, "refusing"},
		{"scan through a symlink", []string{"scan", link, "--json", in}, "refusing"},
		{"scan --policy", []string{"scan", in, "--policy", policy, "--html", policy}, "refusing"},
		{"scan two outputs", []string{"scan", in, "--json", fresh, "--html", fresh}, "same file"},
		{"profile -o", []string{"profile", in, "-o", in}, "refusing"},
		{"profile -o through a symlink", []string{"profile", in, "-o", link}, "refusing"},
		{"merge -o", []string{"merge", p1, p2, "-o", p2}, "refusing"},
		{"compare --json on A", []string{"compare", in, other, "--json", in}, "refusing"},
		{"compare --markdown on B", []string{"compare", in, other, "--markdown", other}, "refusing"},
		{"compare --html on a profile", []string{"compare", p1, other, "--html", p1}, "refusing"},
		{"compare two outputs", []string{"compare", p1, other, "--html", fresh, "--json", fresh}, "same file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(tt.args[:1:1], append([]string{"--quiet"}, tt.args[1:]...)...)
			if tt.args[0] == "merge" {
				args = tt.args
			}
			code, stdout, stderr := runCmd(t, args...)
			if code != exitError || !strings.Contains(stderr, tt.want) {
				t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("%v: wrote to stdout: %q", tt.args, stdout)
			}
			for p, b := range keep {
				if got, _ := os.ReadFile(p); string(got) != string(b) {
					t.Errorf("%v changed %s", tt.args, p)
				}
			}
			if _, err := os.Stat(fresh); err == nil {
				t.Errorf("%v wrote %s", tt.args, fresh)
			}
			for _, d := range []string{dir, pdir} {
				es, _ := os.ReadDir(d)
				for _, e := range es {
					if strings.Contains(e.Name(), ".tmp") {
						t.Errorf("%v left %s", tt.args, e.Name())
					}
				}
			}
		})
	}
}

// TestOutputToStdoutAndDevices checks what is never a clash: "-", and a
// device named as input and output.
func TestOutputToStdoutAndDevices(t *testing.T) {
	for _, args := range [][]string{
		{"scan", "--quiet", sample, "--json", "-"},
		{"scan", "--quiet", sample, "--json", os.DevNull, "--html", os.DevNull},
	} {
		if code, _, stderr := runCmd(t, args...); code != exitOK {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

// TestInterruptedKeepsOutputs: a command interrupted (here before it
// starts) exits 130 and leaves every output as it was, with no temporary
// file. merge used to ignore the interrupt and write.
func TestInterruptedKeepsOutputs(t *testing.T) {
	dir := t.TempDir()
	pdir := t.TempDir()
	a, b := splitSample(t, dir)
	p1, _ := mustProfile(t, pdir, "p1.json", a)
	p2, _ := mustProfile(t, pdir, "p2.json", b)
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"merge", p1, p2, "-o", out},
		{"profile", "--quiet", a, "-o", out},
		{"scan", "--quiet", a, "--json", out},
		{"compare", "--quiet", p1, p2, "--json", out},
	} {
		if err := os.WriteFile(out, []byte("previous"), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := run(ctx, args, &stdout, &stderr); code != exitInterrupted {
			t.Errorf("%s interrupted: exit %d, want %d (%s)", args[0], code, exitInterrupted, stderr.String())
		}
		if got, _ := os.ReadFile(out); string(got) != "previous" {
			t.Errorf("%s interrupted: the output was replaced", args[0])
		}
		es, _ := os.ReadDir(filepath.Dir(out))
		if len(es) != 1 {
			t.Errorf("%s interrupted: %d files beside the output", args[0], len(es)-1)
		}
	}
}

// fullWriter fails every write, as a full disk does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestVersionHelpWriteError: 'dataaudit version > /dev/full' (and help)
// exited 0 with nothing written.
func TestVersionHelpWriteError(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(context.Background(), args, fullWriter{}, &stderr); code != exitError {
				t.Errorf("run(%q) to a full stdout = %d, want %d", args, code, exitError)
			}
			if !strings.Contains(stderr.String(), "no space left on device") {
				t.Errorf("run(%q) to a full stdout: stderr %q does not say why", args, stderr.String())
			}
		})
	}
}
