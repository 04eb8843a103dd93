// Package initgc holds the garbage collector off while the binary's
// packages initialize, and gives it back to main with a floor under its
// first collection.
//
// The packages dataaudit links (arrow-go's compute kernels, gocloud.dev's
// drivers with their protobuf descriptors, gRPC, the AWS and Azure SDKs)
// allocate about 2.4 MB in their init functions, under the collector's
// first 4 MB goal; before this package a cycle ran during init
// (GODEBUG=gctrace=1: "gc 1 @0.020s ... 3->4->2 MB"), about 5 ms of CPU
// over the two cores before the first byte of input was read.
//
// Go initializes packages in import-path order as their imports become
// ready, so this package, which imports only runtime and runtime/debug,
// runs before every package of this module but after the ready ones whose
// paths sort first (cel.dev, cloud.google.com, github.com/Azure, arrow-go,
// the AWS SDK: GODEBUG=inittrace=1 lists it 199th of 380, at 5.4 ms of
// 11), which allocate about 1 MB.
//
// # The first collection
//
// Restore, called from package main's init (which runs after every
// other package's, in its test binary too), sets the percentage back to
// what it was (GOGC, or 100). When GOGC is not set it sets FirstPercent
// instead until the first collection ends: the runtime's smallest target
// scales with the percentage, so that collection comes at 16 MiB of
// heap, not 4. The inits leave about 3 MB, so with 100 the first command
// line parse and a scan's set-up could start a cycle before the scan set
// its own pacing (rowstore.PaceGC, which keeps the same floor); a scan
// of a one-row file then ran one to four collections, and their sweeps
// took a quarter of its page faults (rowstore's firstPercent).
package initgc

import (
	"os"
	"runtime"
	"runtime/debug"
)

// saved is the collector's percentage before init: GOGC, or 100.
var saved = debug.SetGCPercent(-1)

// FirstPercent is the percentage until the first collection when GOGC is
// not set: the runtime's smallest target, 4 MiB at 100, becomes 16 MiB.
const FirstPercent = 400

// Restore gives the collector back after the packages initialized:
// FirstPercent until the first collection ends, then the percentage it
// found (100), or that percentage at once when GOGC is set. Package main
// calls it from its init.
func Restore() {
	if os.Getenv("GOGC") != "" || saved != 100 {
		debug.SetGCPercent(saved)
		return
	}
	debug.SetGCPercent(FirstPercent)
	runtime.SetFinalizer(new(marker), func(*marker) { afterFirst() })
}

// marker is the object whose finalizer runs after the first collection.
type marker struct{ _ [16]byte } // not a tiny allocation: those are freed together

// afterFirst sets the percentage back to saved, unless someone set
// another since Restore (rowstore.PaceGC's pacing): finalizers run one
// at a time, so only a SetGCPercent of another goroutine at this very
// moment could be undone, and that leaves the runtime's default.
func afterFirst() {
	if p := debug.SetGCPercent(saved); p != FirstPercent {
		debug.SetGCPercent(p)
	}
}
