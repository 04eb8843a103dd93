//go:build tracedev

package main

import (
	"fmt"
	"os"
	"runtime/trace"
)

// A developer build (go build -tags tracedev) writes a Go execution trace
// of the whole run, from package main's init to the exit, to the file
// DATAAUDIT_TRACE names: where the cores wait (benchmarks/timeline).
func init() {
	path := os.Getenv("DATAAUDIT_TRACE")
	if path == "" {
		return
	}
	stop, err := startTrace(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "dataaudit: DATAAUDIT_TRACE: %v\n", err)
		return
	}
	beforeExit = stop
}

// startTrace starts an execution trace into the file at path and returns
// the function that stops it and closes the file.
func startTrace(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := trace.Start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		trace.Stop()
		f.Close()
	}, nil
}
