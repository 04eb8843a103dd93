package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/source"
)

// TestObjectOutputs runs profile and scan over inputs in the S3 fake
// with -o and --state as object URLs: the launcher reads them back and
// prints what it prints for local files, and the profile object equals
// the local one byte for byte.
func TestObjectOutputs(t *testing.T) {
	sample := filepath.Join("..", "..", "..", "testdata", "sample.jsonl")
	messy := filepath.Join("..", "..", "..", "testdata", "jsonl", "messy.jsonl")
	srv := blobtest.Serve(t, map[string]string{"in/sample.jsonl": sample, "in/messy.jsonl": messy})
	in := []string{srv.URL("in/sample.jsonl"), srv.URL("in/messy.jsonl")}
	ctx := context.Background()
	dir := t.TempDir()

	runOK := func(t *testing.T, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(ctx, args, &stdout, &stderr); code != 0 {
			t.Fatalf("run(%q) = %d, want 0; stderr:\n%s", args, code, stderr.String())
		}
		return stdout.String()
	}
	t.Run("profile", func(t *testing.T) {
		local := filepath.Join(dir, "p.json")
		runOK(t, append([]string{"profile", "--shard-bytes", "1000", "-o", local}, in...)...)
		obj := srv.URL("out/p.json")
		said := runOK(t, append([]string{"profile", "--shard-bytes", "1000", "-o", obj}, in...)...)
		if !strings.HasPrefix(said, obj+": 2 files, ") {
			t.Errorf("profile -o %s said %q, want the summary line", obj, said)
		}
		want, err := os.ReadFile(local)
		if err != nil {
			t.Fatal(err)
		}
		got, err := source.ReadObject(ctx, obj)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("profile -o %s = %d bytes, -o FILE %d bytes: they differ", obj, len(got), len(want))
		}
	})
	t.Run("scan", func(t *testing.T) {
		args := append([]string{"scan", "--shard-bytes", "1000", "--token-partitions", "3"}, in...)
		wantFile, gotFile := filepath.Join(dir, "want.json"), filepath.Join(dir, "got.json")
		runOK(t, append(args, "--json", wantFile)...)
		state := srv.URL("out/merged.state")
		runOK(t, append(args, "--state", state, "--json", gotFile)...)
		want, err := os.ReadFile(wantFile)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(gotFile)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(zeroRun(t, got), zeroRun(t, want)) {
			t.Errorf("scan --state %s: the report differs from that of a temporary --state", state)
		}
		if data, err := source.ReadObject(ctx, state); err != nil || len(data) == 0 {
			t.Errorf("--state %s: %d bytes, %v; want the merged states", state, len(data), err)
		}
	})
}

// TestOutputRefusals: an output that is an input object, a Beam flag
// that does not wait for the job, and a result a remote runner's
// launcher could not read back are refused before anything runs.
func TestOutputRefusals(t *testing.T) {
	sample := filepath.Join("..", "..", "..", "testdata", "sample.jsonl")
	srv := blobtest.Serve(t, map[string]string{"in/sample.jsonl": sample})
	in := srv.URL("in/sample.jsonl")
	other := strings.Replace(in, "?", "?x=1&", 1) // the same object, another query
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"-o is the input", []string{"profile", "-o", other, in}, "would overwrite the input"},
		{"-o is the input as a file URL", []string{"profile", "-o", "file://" + mustAbs(t, sample), sample}, "would overwrite the input"},
		{"--state is the input", []string{"scan", "--state", other, in}, "would overwrite the input"},
		{"async", []string{"profile", "--async", in}, "--async: dataaudit-beam waits"},
		{"execute_async", []string{"scan", "--execute_async", in}, "--execute_async: dataaudit-beam waits"},
		{"dry_run", []string{"scan", "--dry_run", in}, "--dry_run: dataaudit-beam waits"},
		{"remote runner to stdout", []string{"profile", "--runner", "flink", in}, "name an object URL"},
		{"remote runner without --state", []string{"scan", "--runner", "spark", in}, "name an object URL"},
		{"report to an object", []string{"scan", "--json", srv.URL("out/r.json"), in}, "name a local FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Cleanup(func() {
				for _, f := range []string{"async", "dry_run"} {
					flag.CommandLine.Set(f, "false")
				}
			})
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("run(%q) = %d, stderr %q; want 2 and %q", tt.args, code, stderr.String(), tt.wantErr)
			}
		})
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestDeviceOutputs: outputs that are not regular files. Before, the
// pipeline's workers wrote the result there and the launcher read it
// back from there: 'profile -o /dev/stdout | jq' hung (the launcher read
// its own pipe), -o /dev/null and --state /dev/null failed ("not a
// dataaudit profile: EOF"). A path naming the stdout pipe is "-", as
// dataaudit's (cli.TestOutputNamingStdoutPipe); another device gets the
// result from the launcher.
func TestDeviceOutputs(t *testing.T) {
	sample := filepath.Join("..", "..", "..", "testdata", "sample.jsonl")
	r, w, pipe := fixtures.StdoutPipe(t)

	tests := []struct {
		name       string
		args       []string
		wantStdout string // a prefix
	}{
		{"profile -o stdout pipe", []string{"profile", "-o", pipe, sample}, "{\n  \"schema\": \"dataaudit.profile\""},
		{"profile -o /dev/null", []string{"profile", "-o", "/dev/null", sample}, "/dev/null: 1 file, 1 shard in prism, "},
		{"scan --state /dev/null", []string{"scan", "--state", "/dev/null", sample}, "dataaudit scan: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stdout, &stderr); code != 0 {
				t.Fatalf("run(%q) = %d, want 0; stderr:\n%s", tt.args, code, stderr.String())
			}
			if !strings.HasPrefix(stdout.String(), tt.wantStdout) {
				t.Errorf("run(%q) stdout = %.80q, want it to start with %q", tt.args, stdout.String(), tt.wantStdout)
			}
		})
	}
	w.Close()
	if rest, _ := io.ReadAll(r); len(rest) != 0 {
		t.Errorf("the stdout pipe got %d bytes past run's stdout, want none: %.80q", len(rest), rest)
	}
}

// TestStdoutWriteError: 'profile -o FILE > /dev/full' and --help to a
// full stdout exited 0 with the summary or help lost.
func TestStdoutWriteError(t *testing.T) {
	sample := filepath.Join("..", "..", "..", "testdata", "sample.jsonl")
	for _, args := range [][]string{
		{"profile", "-o", filepath.Join(t.TempDir(), "p.json"), sample},
		{"profile", "--help"},
		{"scan", "--help"},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(context.Background(), args, fullWriter{}, &stderr); code != 2 {
				t.Errorf("run(%q) to a full stdout = %d, want 2", args, code)
			}
			if !strings.Contains(stderr.String(), "no space left on device") {
				t.Errorf("run(%q) to a full stdout: stderr %q does not say why", args, stderr.String())
			}
		})
	}
}

// fullWriter fails every write, as a full disk does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }
