//go:build !purego

package dups

// usePrefetch chooses prefetchSigs over the demand loads of guessBuckets'
// Go path; tests turn it off to run the Go path on the same machine.
var usePrefetch = true

// prefetchSigs asks the processor to fetch the word signatures of the
// input indexes i in idx from the sigTable whose first block is t (a bucket's first row complemented, as in
// a bandList) into the second-level cache, with PREFETCHT1 (as
// prefetchFlat, whose measurements below led it there in session 22,
// when the signatures came to be kept in blocks at every size): it
// changes no memory and waits for nothing.
//
// guessBuckets reads the signature of each member it verifies, a row far
// from the last one: a cache miss. Its Go path touches a member's
// signature 16 places ahead with a load, which the processor must finish
// before it retires the instructions after it; with most members skipped
// in a few instructions (already clustered), the loads of 16 members
// ahead were soon the oldest instructions, and the verification waited on
// them. A prefetch retires at once. One call for 16 members.
//
//go:noescape
func prefetchSigs(t **[sigSize]nearSig, idx []int32)

// prefetchFlat is prefetchSigs for signatures in one array, sigs[i] for
// the input index i, but into the second-level cache (PREFETCHT1): of
// the members whose signatures guessBuckets fetches ahead, 14% reach
// their word signature and fewer than 1% their pair signature, and with
// PREFETCHT0 its samples sat on the prefetches, waiting for the
// first-level cache's misses in flight (session 18, 200 MB mail):
// BenchmarkNearGuess 75.8 ms CPU ± 4% to 71.2 ± 6% with the pair
// signatures' into the second level (-6.0%, p=0.007, 12 rounds
// alternated, load 7-10), 69.5 ± 5% (-8.3%, p=0.003, 6 rounds) with
// both; the default audit of the 200 MB JSONL, perf samples of
// guessBuckets, match, ahead and the prefetches 396-464 (mean 434) to
// 349-455 (mean 389), 8 runs each alternated, load 10-16.
//
//go:noescape
func prefetchFlat(sigs *nearSig, idx []int32)

// prefetchUint64 is prefetchFlat for an array of uint64, a[i] for the
// input index i: the low bits of the members' word signatures.
//
//go:noescape
func prefetchUint64(a *uint64, idx []int32)

// prefetchInt32 is prefetchUint64 for an array of int32: the snapshot
// roots of the members ahead.
//
//go:noescape
func prefetchInt32(a *int32, idx []int32)
