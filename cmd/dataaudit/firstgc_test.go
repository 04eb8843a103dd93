package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"testing"
)

// TestOneRowScanCollectsNothing: a scan of a one-row file, the fixed cost
// of every run, runs no garbage collection. The inits leave about 3 MB
// of heap; the first collection comes at 16 MiB (package initgc,
// rowstore.PaceGC), not at the 2 MiB of PaceGC's 50%, and
// rowstore.CollectAfterRead does not collect before it. Each collection
// here cost its sweeps' page faults (spanSet blocks) and a finalizer run:
// 2,300 faults against 1,850 without. The scan runs in a fresh process
// (this test binary again), where nothing else has allocated.
func TestOneRowScanCollectsNothing(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set")
	}
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "tiny.jsonl")
	if err := os.WriteFile(path, []byte(`{"text":"hello world"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestOneRowScanChild$", "-test.v")
	cmd.Env = append(os.Environ(), "DATAAUDIT_ONE_ROW_SCAN="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", cmd, err, out)
	}
	if !strings.Contains(string(out), "collections: 0\n") {
		t.Errorf("a one-row scan ran collections:\n%s", out)
	}
}

// TestOneRowScanChild is TestOneRowScanCollectsNothing's fresh process.
func TestOneRowScanChild(t *testing.T) {
	path := os.Getenv("DATAAUDIT_ONE_ROW_SCAN")
	if path == "" {
		t.Skip("run by TestOneRowScanCollectsNothing")
	}
	if code := run(context.Background(), []string{"scan", path, "-q"}, io.Discard, io.Discard); code != exitOK {
		t.Fatalf("scan exit code %d", code)
	}
	// The process' collections, its init's and the test runner's too.
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	fmt.Printf("collections: %d\n", s[0].Value.Uint64())
}
