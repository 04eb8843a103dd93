// Package initgc holds the garbage collector off while the binary's
// packages initialize, and gives it back to main.
//
// The packages dataaudit links (arrow-go's compute kernels, gocloud.dev's
// drivers with their protobuf descriptors, gRPC, the AWS and Azure SDKs)
// allocate about 3.7 MB in their init functions, just under the
// collector's first 4 MB goal: with the default GOGC the first cycle ran
// during init (GODEBUG=gctrace=1: "gc 1 @0.020s ... 3->4->2 MB"), about
// 5 ms of CPU over the two cores before the first byte of input was read.
//
// Go initializes packages in import-path order as their imports become
// ready, so this package, which imports only runtime/debug, runs before
// the heavy ones (check with GODEBUG=inittrace=1). Restore, called from
// package main's init (which runs after every other package's, in its
// test binary too), sets the percentage back to what it was (GOGC, or
// 100), so the collector runs after init exactly as it did before.
package initgc

import "runtime/debug"

// saved is the collector's percentage before init: GOGC, or 100.
var saved = debug.SetGCPercent(-1)

// Restore sets the collector's percentage back to what it was before
// the packages initialized. Package main calls it from its init.
func Restore() { debug.SetGCPercent(saved) }
