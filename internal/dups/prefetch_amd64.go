//go:build !purego

package dups

// usePrefetch chooses prefetchSigs over the demand loads of guessBuckets'
// Go path; tests turn it off to run the Go path on the same machine.
var usePrefetch = true

// prefetchSigs asks the processor to fetch the word signatures of the
// input indexes i in idx from the sigTable whose first block is t (a
// bucket's first row complemented, as in a bandList) into the
// first-level cache, with PREFETCHT0 (as prefetchFlat: see there why not
// PREFETCHT1 any more): it changes no memory and waits for nothing.
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
// the input index i, into the first-level cache (PREFETCHT0).
//
// Session 18 had moved both to the second level (PREFETCHT1): of the
// members whose signatures guessBuckets fetches ahead, 14% reach their
// word signature and fewer than 1% their pair signature, and with
// PREFETCHT0 its samples sat on the prefetches (200 MB mail,
// BenchmarkNearGuess 75.8 ms CPU ± 4% to 69.5 ± 5%; the default audit
// of the 200 MB JSONL, perf samples of the guesses 434 to 389 a run).
//
// Back to PREFETCHT0 (session 25): in the default audit of the benchmark
// Parquet, where the finish runs beside the other finishes, the
// signatures prefetched into the second level were not there when read:
// 73% of matchSigs' samples sat on the first loads of the two word
// signatures, 64-69% on the member's (prefetched 16-31 members ahead)
// when it was loaded first, and matchSigs took 229-384 samples at 4 kHz
// a run for its ~450,000 calls, a miss to memory each. perf samples at
// 4 kHz, 6-7 runs each alternated, load 8-12: nearVerifier's functions
// and the prefetches 561 a run (second level) to 362 (word signatures
// into the first) and 275 (both); the package 1,119 to 885 and 782.
// Against main (the loop's low bits too), 7 runs each: the guesses 455
// to 216 a run (-53%), the package 891 to 636 (-29%). BenchmarkNearResult
// 174.9 ms CPU ± 23% to 113.8 ± 18% (-35%, p=0.000, 10 runs each
// alternated, load 4-12), BenchmarkNearGuess 76.5 ± 29% to 60.6 ± 22%
// (p=0.052). The default audit of the 200 MB JSONL, 6 runs each: the
// guesses 464 to 236, the package 903 to 662. Perf timelines of the
// benchmark Parquet's audit (timeline.sh perf, two runs each, load 2):
// the band-list makers and guesses (dups-par) 130 and 104 core-ms to 68
// and 85, the replay's thread about 30-34 either way.
//
// Tried and not kept (session 27): PREFETCHNTA for both (a signature is
// read once or twice within a few members, so that its lines would not
// push the sorts' scratch out of the second level; radixSortKeys runs
// cold in the audit): BenchmarkNearResult 81.9 ms CPU ± 10% against
// 85.9 ± 5% (p=0.44), BenchmarkNearGuess 47.6 ± 3% against 48.6 ± 4%
// (p=0.51; 5 rounds alternated, n=15, load 10-13); the default audit of
// the benchmark Parquet, near's share of the perf samples 13.44% against
// 13.39% (8 runs each alternated).
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
