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
//
// # What the start costs (session 23)
//
// Before main, on one core: the runtime's start (itabsinit alone is 4% of
// a one-row scan's CPU samples) and the package inits, 6.3 ms of init
// clock and 2.37 MB (sum of the medians of 15 GODEBUG=inittrace=1 runs of
// 'dataaudit version' at 35f8541), where 60% of a one-row scan's page
// faults happen (perf record -e page-faults: 1,160 of 1,864). By module:
//
//   - arrow-go 1.16 ms, 711 KB: arrow/compute's init builds its whole
//     function registry (executor.go's init calls GetFunctionRegistry:
//     0.75-1 ms, 560 KB, 6,485 allocations, ~190 faults). It comes in
//     through parquet/internal/encoding, so any use of arrow-go's Parquet
//     reader pays it; only an upstream change can make it lazy;
//   - the standard library 0.88 ms (hash/crc32's Castagnoli tables, made
//     at init for klauspost/compress' snappy and s2; encoding/gob for
//     net/rpc, for the Cloud Storage client's certificate proxy);
//   - klauspost/cpuid 0.70 ms: its CPUID instructions exit to the
//     hypervisor (through zeebo/xxh3, which arrow-go imports too);
//   - the AWS SDK 0.55 ms (endpoint tables), protobuf, gRPC and genproto
//     0.9 ms (gRPC also through arrow/flight, which pqarrow imports for its
//     stored schema), the Cloud Storage client 0.4 ms;
//   - this module's 24 packages 0.22 ms, 54 KB: 0.10 ms, 13 KB since
//     session 23, with the scan's gate set and the commands' help lists
//     built on first use (gate.NewLazySet), dups' fold look-up and
//     poison's log2 table generated as static tables, and regexps that
//     only errors, version and compare use compiled on first use. With
//     those, a one-row scan took 10.7 ms of CPU instead of 11.4 and 1,816
//     faults instead of 1,865 (medians of five alternated sets of perf
//     stat -r 30; both binaries copied with cp: a binary the linker has
//     just written takes about 100 fewer faults, from the state of its
//     pages in the page cache, so compare binaries made alike). The 200 MB
//     audits cannot see half a millisecond: over 6 alternated rounds the
//     Parquet's CPU was 1.443 s (1.31-1.71) before and 1.385 (1.28-1.53)
//     after, the JSONL's 1.742 (1.65-1.79) and 1.807 (1.52-2.03).
//
// The lead's timeline of the benchmark Parquet's audit (perf record -a -g,
// session 23) showed 90 ms of init; plain runs reached main's init at
// 8-14 ms (inittrace's "init main @"), and a whole one-row scan took
// 10 ms of CPU: the 90 ms were that host's page faults at the time (it
// measured 20-35 us a fault; about 2.5 us here).
//
// Not done, and why: a goroutine started from an early init to use the
// idle core can run only code of packages already initialized, and what
// it could do there (touch a block of heap for the scan to reuse after the
// first collection; read the input ahead) moves page faults from one core
// to the other without saving CPU, costs a small run the pages and the
// RSS, and a read-ahead helps only an input not in the page cache.
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
