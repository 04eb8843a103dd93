//go:build tracedev

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestStartTrace: startTrace writes a Go execution trace, whole once
// stopped (run with -tags tracedev).
func TestStartTrace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trace.out")
	stop, err := startTrace(path)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
	stop()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("go 1.")) {
		t.Fatalf("trace starts %q, want a Go trace header", b[:min(len(b), 16)])
	}
}
