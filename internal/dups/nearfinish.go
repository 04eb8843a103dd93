package dups

import (
	"encoding/binary"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The near-duplicate finish, in two parts that overlap:
//
//   - band lists, in parallel (up to GOMAXPROCS goroutines, at most 4,
//     each band on its own): a band's keys, each packed with its row's index in input
//     order, radix-sorted (stable, so equal keys stay in input order: the
//     order a comparison sort by key then index gives), and the buckets
//     of two rows or more written out in key order;
//   - the replay, on one goroutine: the buckets of band 0, then band 1,
//     ..., each verified into the union-find exactly as a plain loop
//     over sorted keys would, band by band as the lists come.
//
// Which pairs are verified depends on the clusters found so far, so the
// replay stays serial and in a fixed order; everything it reads (the
// lists) is the same whatever the number of goroutines, so the result is
// too.
//
// The verification itself is guessed ahead, in parallel: the goroutine
// that makes a band's list also replays each of its buckets with the
// clusters the replay had found when it last published them
// (clusterSnaps, after each band), and records, for every member, the
// outcome of the pairs it compared. The replay then takes a pair's
// outcome from the guess when the guess compared that pair, and
// verifies it itself otherwise. A pair's outcome depends on its two rows
// alone, so the clusters and the count of candidate pairs are those of
// verifying every pair in the replay (TestNearResultMatchesReference).
// On 200 MB of mail the guesses hold 99.8% of the 3.1 M pairs the replay
// asks, for 2% more verifications in all; the replay's own thread went
// from 0.21 to 0.065 CPU s, the finish's CPU from 0.28 to 0.32 s.

// The end of a default scan (s14-near2, timelines of the 200 MB mail
// from per-band timestamps and perf samples): the near finish starts as
// soon as its states are merged (analysis.RunFinished), beside the other
// finishes, and is the last of them by about 0.3 s; the excerpt pass
// that follows needs every finding. The replay does not trail the band
// lists at the end: band 15 is replayed 2-10 ms after its list is made.
// What ran after it on one thread (9.1-9.7 ms at load 1-2): the
// clusters (2.3 ms), the label check (1.5 ms, now skipped without two
// label values) and the 1,000 listed clusters' findings, 8,330 rows
// named. Tried and not kept: those findings on two goroutines, 32
// clusters at a time (findings identical): each goroutine took as long
// as the one loop (6.8 ms; in the perf timelines a GC cycle holds the
// other core then), and the lone thread's time went from 9.1-9.7 to
// 9.3-40 ms (load 1-2) and 17-43 to 12-21 ms (load 6-7): no gain that
// measures.
//
// Tried and not kept (s15-near): each band list cut into parts of whole
// buckets (at least 512 entries, at most 16 a band), guessers taking
// parts from the back while the replay took them from the front,
// verifying a part no guesser had taken itself, and lists made up to
// GOMAXPROCS+2 ahead instead of +1. Timelines under load had shown the
// lists made right after each release (the limit set the pace), the
// replay waiting out band 0's guesses (7 ms) with the guessers idle, and
// the last band guessed on one goroutine. Findings identical (a test ran
// the replay alone, the guessers alone and both, parts of 1 to 512
// entries). BenchmarkNearResult, 200 MB mail, 2 procs, at autogroup nice
// -15 on the shared machine: at load 11-14, 5 rounds alternated, wall
// 124.7-149.3 ms (median 141.8) to 107.6-130.6 (median 123.9), CPU
// 165-178 to 159-169; but at load 6, 4 rounds, wall 112.1-125.1 against
// 113.0-122.0 and CPU 162.1-166.8 against 158.5-173.7: no gain on a
// machine near quiet, which is where the scan is measured. The default
// scan of the 200 MB JSONL with it and the paired signatures (see ahead;
// 4 rounds, load 15-20, nice -15): 0.87-0.93 s wall / 1.29-1.34 CPU s
// against 0.71-0.90 / 1.24-1.36, within the noise.
//
// Session 15 (nfin), the same lone-thread end, per finish of the 200 MB
// mail in BenchmarkNearResult with timestamps, 12 finishes each, load 9:
// the findings 6.5-27.7 ms (median 8.3) -> 4.1-7.5 (4.4) with row names
// (batch.Pos.Format) and evidence built by strconv, not fmt.Sprintf; the
// clusters 2.2-6.2 (2.4) -> 1.6-14.2 (1.9) with one member array for
// every cluster; 68,000 -> 10,500 allocations a finish. Band lists made
// with room for every row, never grown: 44.8 -> 40.2 MB a finish.
//
// Tried and not kept (session 15): the band-list makers that wait for
// the signature copy (their first lists are made before it ends, 8-10
// ms early at load 9) taking chunks of 2,048 rows of it (inputOrder
// shared through an atomic job): the copy 14.6-148 ms (median 27.8)
// against 7.5-36 (20.7) alone, band 0's list and guesses got 29-205 (51)
// against 26-70 (47) ms after the sort, 12 finishes each at load 8-9: no
// gain, and a helper preempted while it holds a chunk (the 145 ms
// copies) stalls the replay.

// Session 16 (near), where the finish's memory comes from: perf record
// -c 1 -e page-faults on the default audit of the 200 MB JSONL puts
// 1,500-2,700 of about 35,000 faults in the finish (inputOrder's copies,
// bandKeys' buffer, the radix scratch), the rest of near's 7,000-10,000
// in Add (the row blocks, and the word-hash scratch, now sized once): the
// finish reuses the memory the read left (rowstore.CollectAfterRead).
// Tried and not kept: after that collection, the collector's target
// raised to nine tenths of the heap mapped and the pacing stopped (as
// hugepages.KeepHeap does, without its collection), so that no cycle and
// no scavenging run during the finishes: 5 rounds alternated, load
// 17-20, CPU 1.88 -> 1.82 s, sys 0.252 -> 0.214, but peak RSS 176 ->
// 189 MB and faults 34,007 -> 35,437: no clear gain, more memory.

// Session 17 (near), measured and not kept (findings identical in each):
//   - The word and pair signatures' input-order copies on 2 MiB-aligned
//     memory advised as huge pages (as stats' count-table indexes), so
//     that the verifier's random reads hit the TLB: BenchmarkNearResult
//     153-155 ms CPU against 162-164 (2 rounds each, alternated, load 4-6),
//     BenchmarkNearGuess 56-65 against 62-69: no gain, and the copies no
//     longer land in memory the read left.
//   - The members' snapshot roots prefetched with their signatures (a
//     PREFETCHT0 of snap[i], as prefetchUint64): the root's load is
//     guessBuckets' hottest line in pprof (600 of 2,180 ms of its samples
//     over 30 finishes), but it is where the stalls of the prefetches
//     before it land: BenchmarkNearResult 144.7-170.8 ms CPU (mean 156.5)
//     against 153.2-165.8 (158.4), 6 runs each alternated, load 6-9.
//   - A bit a row in each snapshot, set for the rows that are not their
//     own root, so that a guess reads a member's root only for those (a
//     16 KiB bitmap in the first-level cache): the stalls moved into
//     ahead's prefetches, the finish's CPU 177.1 ms ± 9% against 180.8 ±
//     16% (p=0.72, 8 runs each alternated, load 11-19) and the replay's
//     thread +8.9% (p=0.05: publish builds the bits).
//   - The pair signatures prefetched only for the members that may need
//     them: the low bits and word signatures 32 members ahead, and 16
//     ahead the pair signature of each bucket's first row and of each
//     member whose word signature passes against it (a match needs both,
//     and 97% of match's calls end before the pair signatures):
//     BenchmarkNearGuess 88-95 ms CPU against 60-72 (3 runs each,
//     alternated, load 9-10): the early word checks wait on their own
//     prefetches. Dropping the pair prefetch altogether: 76-100 against
//     60-71: the pair signatures' 83,000 demand misses cost more than
//     the prefetches of every member.
//   - Finish's copy (below inPlaceMin rows) writing the pair signatures
//     in input order into the word signatures' blocks, once those are
//     copied, instead of 8.6 MB of new memory (prefetchSigs reads them
//     there): BenchmarkNearGuess 70.5-82.0 ms CPU (mean 74.5) against
//     64.2-79.3 (72.1), 6 runs alternated, load 20; the default audit
//     of the 200 MB JSONL (8 rounds alternated, load 17-21) 1.448 CPU s
//     against 1.420, faults 32,903 against 32,410, though the heap at the
//     finish's collection was 129-131 MB against 137-140 (GODEBUG=
//     gctrace=1, one run each): the blocks stay live to the end, where
//     the copy's freed them for the other finishes and the excerpts. (Its
//     peak RSS, 181-189 MB against 163-177 for main's build, says
//     nothing: two builds of one commit peaked 17 MB apart; see
//     reserveHashes.)
// On 200 MB of mail the guesses call match about 3.2 million times: 86%
// end at the low bits, 13% at the word signatures, 0.2% at the pair
// signatures, 2.3% match. Of the 1.32 million members the 16 lists hold
// (beyond each bucket's first row), 20% are skipped as already in a
// representative's cluster and 68% pass the low bits against some earlier
// member of their bucket.
//
// Session 19 (near), what the finish could skip, counted on the 200 MB
// mail (134,250 rows, 3,128,759 candidate pairs): the 16 lists hold
// 286,685 buckets and 1,324,206 members beyond their first rows; the
// replay skips 296,901 members already in a representative's cluster
// and verifies none of those (by construction), and of the rest takes
// all but 3,794 outcomes from the guesses. The guesses verified 42,743
// pairs of members the replay skipped (1.4% of the pairs: their
// snapshot was older, 17,913 of them in band 1, guessed before band 0
// was replayed). Matches per band fall from 19,911 (band 0) and 6,549
// (band 1) to 152-609 in bands 8-15 (39,849 unions in all). Of the
// 3,088,910 rejected pairs, 21,426 (0.7%) end in one cluster through
// other pairs, and 456,298 (15%) repeat a pair an earlier band verified
// (2,672,461 distinct pairs): a memo of verified pairs would cost a
// probe of a table of millions for each pair where match rejects 86%
// on 8 bytes in cache. No work whose answer is known to skip.
// Faults of the finish (perf record -e page-faults, default audit of
// the benchmark Parquet): about 1,200 of 36,600, 534 of them in
// inputOrder's copies (2.1 of 18.3 MB fresh), 346 in sortRefs, 132 in
// Refs, 53 in the clusters' backing: the rest of its memory is reused.
// Measured again and not kept: no prefetch of the pair signatures
// (ahead), since only about 47,000 of the 1.03 million members compared
// read theirs: BenchmarkNearGuess 63.6-73.1 ms CPU (mean 67.8) against
// 58.2-67.2 (62.6), 6 runs each alternated, load 6 (as session 17
// found).
//
// Session 20 (near), where near's cost is now, default audit of the
// 200 MB JSONL: perf record -e page-faults -c 1 puts 12,900 of its
// 37,500 faults under near (about 60 ms of its 0.96 CPU s at the ~5 us a
// fault that sys shows): the row blocks 7,150 (nearRow 5,100, the word
// signatures 2,050: 224 bytes a row, all written once), inputOrder's
// copies 2,860 (on the Parquet, session 19 counted 534: there they land
// in memory the read left), Hashes' scratch 1,390. The CPU side is at
// the hardware: minhash512's samples sit on the hashing right after its
// VPMULLQs (port 0, which also runs every shift and half the CMOVs).
// Measured and not kept:
//   - The pair signatures not copied into input order (sigTable.pair
//     nil below inPlaceMin too): match read them in the rows (refs, then
//     the row), and ahead prefetched their two lines through refs
//     (prefetchPairs: the reference, the block, PREFETCHT1 at the row's
//     bi). BenchmarkNearResult (3 runs each alternated) 114.4 to 119.7
//     ms CPU, 38.4 to 30.2 MiB allocated a finish, the replay's thread
//     39.5 to 34.8 ms, BenchmarkNearGuess 56.8 to 67.9 ms. The default
//     audit, 6 rounds alternated, 3 s apart, load 1-4: JSONL CPU 0.963 s
//     against 0.962, peak RSS 176.8 to 162.2 MB, faults 36,535 to
//     33,478, wall 0.523 to 0.512 s; Parquet CPU 1.070 to 1.085 s (+1.4%),
//     RSS 204.8 to 195.9 MB, faults 43,348 to 42,242, wall 0.573 to
//     0.575. Less memory, no less CPU: the guesses' extra work ate the
//     faults it saved.
//   - Skipping the signatures of rows whose words equal an earlier
//     row's (an exact duplicate signs the same): of the 134,250 rows of
//     8 words or more, 2,502 repeat an earlier row's word list, with
//     77,587 of the 28.3 million words (0.27%; counted with the
//     Tokenizer's rule in Python). The signing it would skip (about 0.3%
//     of minhash512's work and 2% of the rows' fixed cost, under 1 ms)
//     is less than a table of 134,000 text digests would cost in memory
//     and probes. Not built. In the finish, such rows join at their
//     first band and are skipped in the next 15 as already clustered.

// Session 21 (near3), the finish in the default audit of the benchmark
// Parquet (timestamps and getrusage at each step, load 1): near's finish
// starts 1-3 ms after the read ends and ends 87-98 ms after it, the last
// of the finishes by 45-55 ms; from band 0's list to band 15's the
// process ran 1.87-1.96 cores (band lists, guesses and the replay
// saturate both), so only the lone thread after the last band left a
// core idle: band 15's guesses waited for (0-2 ms after band 14's
// replay), its replay (1.4-1.6 ms), the clusters (1.2-1.3 ms) and the
// findings (3.9-4.2 ms), about 8.7 ms in all; that is now about 6.7
// (nearFindings, guessHalves). No collection ran in the finish
// (GODEBUG=gctrace=1: the last cycle in band 3-5).
// Measured and not kept:
//   - ahead's four prefetch loops fused into one (prefetchMembers: a
//     member's low bits, snapshot root and two signature lines in one
//     iteration), every 16 members or every 4 (16 ahead either way):
//     BenchmarkNearGuess 62.8 and 59.8 ms CPU (two rounds alternated)
//     against 63.5, 66.6 (every 16) and 63.7, 64.5 (every 4): the
//     prefetches' samples are the memory's latency, not their loops.
//   - A second bit a byte for match's first reject, counted (each member
//     against its bucket's first row, the 16 lists of the 200 MB mail,
//     1,324,206 pairs): 449,463 pass the low bits, 289,514 two bits,
//     245,624 three, 227,567 four, 213,220 the word signatures. The
//     word signature is read for 22% of the members even with two bits
//     a byte, too many demand misses to stop prefetching it, and the
//     prefetch is what costs; not built.
//
// Session 27 (near3), where near's cost is in the default audit of the
// benchmark Parquet (perf record -g at 4 kHz, 4 runs; faults by perf
// record -e page-faults, one run): near's functions hold 16.9% of the
// samples. Add 7.8%: the signing 3.6% (minhash512 3.0%), the rows'
// blocks 1.7%, nearly all page faults (Near.Add takes 9,400 of the run's
// 34,000: the nearRow blocks 2,640, the signatures' 4,260, the rest the
// scratch of the texts it puts through NFKC), the test for NFKC, NFKC
// and the tokens of those texts about 1.9%. The band lists 6.6%: the guesses 4.5%, the sorts
// 2.2%. Finish 2.6%: the replay 1.2%, inputOrder 0.7%. The faults are
// the rows' 208 bytes written once (every page of the peak RSS, 150 MB,
// is faulted in about once), the guesses and the sorts wait on memory
// (radixSortKeys, "Cold"), minhash512 on the multiplier. Measured and
// not kept: the signatures side by side (inputOrder) and three sorts
// for cold caches (radixSortKeys).
//
// Session 28 (near4), the same audit (perf record -g at 4 kHz, 8 runs
// of main 6216817, 4,470 samples a run): near's functions 794 a run
// (17.8%). Add 359: the signing 169 (minhash512 142), the blocks' Add
// 71 (page faults 53), the texts NFKC changes 59 (their tokens 37,
// NFKC 23), isNFKC 19. The band lists 306: the guesses 201, the lists
// 101 (radixSortKeys 70, the keys' walk 18, appendBuckets 10). Finish
// 128: the replay's own 51, inputOrder 34, the findings 11, sortRefs 8,
// publish 7; the finish's mallocgc, memclr and faults about 2 a run.
// guessBuckets' hottest lines are the stalls right after the loads of
// a member's snapshot root and low bits (9% and 4% of its samples,
// though prefetched) and after lowPass's branch (7%). Measured and not
// kept (findings identical in each):
//   - lowPass against every representative without a branch (a mask,
//     then matchSigs for its bits in order): BenchmarkNearGuess/in-place
//     (200 MB mail, thread CPU, 8 rounds alternated under the lock, load
//     5-12) 50.4 ms (47.2-55.6) against 49.8 (45.3-56.6);
//   - OPH without its ANDL (the top byte's low two bits cleared by one
//     VPANDQ a register before the hashes are stored): BenchmarkNearSign
//     (the mail's first 20,000 rows, 8 rounds alternated, load 10-12)
//     3.36 cpu-ns a word against 3.37;
//   - the snapshot roots prefetched 32-47 members ahead instead of
//     16-31 (ahead): BenchmarkNearResult/new 91.4 ms CPU (79-99) against
//     93.9 (90-99), 6 rounds, load 12-14; in the audit guessBuckets'
//     samples (with its callees) 1,029 against 1,012 over 5 runs each.
//
// Session 31 (near), the same audit (main b277a05, perf record at 4 kHz,
// 4 runs, about 7,700 samples a run at load 7-12): minhash512 256 a run
// (3.3%), the guesses 364 (guessBuckets 179, prefetchSigs 88, matchSigs
// 61, prefetchUint64 22, prefetchInt32 14), radixSortKeys 109 (pass 1's
// scatter 47% of it, pass 2's 40%, the histogram 8%: the stores wait on
// lines not in the first level), the replay (Near.result) 87, bandKeys
// 27, appendBuckets 15, fixRuns 7 (0.09%; session 30's pprof at 100 Hz
// had 4 samples of it, 0.65%). minhash512 takes the token summary's
// hashes (ingest.Batch.Words, issue 20's reuse) for every ASCII or NFKC
// text; 12% of its samples sit on the two loads of them, which the
// summary wrote before the other analyses read the batch. Measured and
// not kept (each gave main's lists, tested against them, or only
// prefetched):
//   - fixRuns fused into appendBuckets, 2,048 entries at a time (cut
//     where the top 22 bits change, so that no run spans two chunks),
//     one read of the sorted entries instead of two: BenchmarkBandList
//     (thread CPU, 10 runs interleaved, load 8-9) 0.73-1.09 ms (median 0.93) against
//     0.69-0.88 (0.75), after 64 MiB written elsewhere 1.52-1.84 against
//     1.42-1.83: the scan is not where the sort waits.
//   - One scatter by the top 11 bits, then each digit's entries (66 on
//     average, in the first level) counting-sorted on as many of the next
//     bits as they are entries (at most 11), their runs fixed and their
//     buckets appended, no second megabyte written: 1.32-1.65 ms against
//     0.69-0.88, cold 1.70-1.93 against 1.42-1.83: each digit's counters
//     (cleared and summed, 2,048 digits) and the counters' store-to-load
//     chains where keys repeat cost what pass 2's scatter did, and runs
//     of equal 7-bit digits sent slices.Sort 21% of the samples.
//   - Each pass scattering the two halves of its input side by side,
//     each with counters of its own (two dependency chains, the same
//     order): BenchmarkRadixSortKeys/new 0.65-1.29 ms (median 0.78)
//     against 0.61-1.35 (0.72), new-cold 1.36-1.85 (1.55) against
//     1.13-1.65 (1.36), 6 runs alternated: slower.
//   - bandKeys in one walk of the 16 bands (bandKeysMax at 9 MiB)
//     instead of two of 8: BenchmarkBandKeysWalk, 8 runs each at load 24,
//     3.3-4.7 ms (median 4.2) against 3.5-5.1 (4.2) for the 16 bands;
//     4 and 2 bands a walk 4.2-6.5 and 3.9-8.3. The walk is its writes.
//   - The guesses' prefetches in two stages: the low bits and snapshot
//     roots 32 members ahead, the signatures 16 ahead only of a bucket's
//     first maxReps rows and of the members whose low bits pass against
//     one of them (most members never read their pair signature, and 32%
//     not their word signature): BenchmarkNearGuess/in-place 89-106 ms
//     CPU against 80-86 (8 runs each); the word signatures of every
//     member and only the pair signatures filtered, 76-93 against 59-71
//     (6 runs): slower, as session 15's two stages were (the filter's
//     loads of the low bits miss, and members compared with a later
//     representative miss on its signatures).
//   - Add asking for the next row's input ahead (software prefetch):
//     Near.Add the next row's word hashes (up to 256, then 64) and
//     Exact.Add the 2,048 (then 512) bytes after a row's text, before the
//     row is signed or normalised. perf samples a run, 6 runs each
//     alternated, three sets (load 12-17): minhash512 205 -> 184, 184 ->
//     174, 206 -> 218; collapse512 68 -> 53, 57 -> 54, 75 -> 80; the
//     package 1,060 -> 1,009, 993 -> 1,013, 1,089 -> 1,133. The stalls on
//     minhash512's loads fell from 11.8% to 7.0% of its samples, but the
//     prefetch calls took about 30 samples a run themselves: no net gain.
// Go execution traces of the audit (tracedev, 3 runs at load 11-12;
// benchmarks/timeline/goroutines.py) put the finish's stretches with
// one goroutine running at its start: the first group's band-key walk
// (bandKeys.take) while the other band-list maker waits on its mutex and
// the replay, done with inputOrder, waits for band 0. At that load they
// were 37-108 ms a run (Go's view: threads off their cores count as
// running); on a quiet machine the walk is about 4 ms (BenchmarkBandKeysWalk),
// so a walk shared by the two makers could take about 2 ms off the
// finish's start at most; not built.

// bandList is the buckets of one band with two rows or more, in key
// order, each as the input-order indexes of its rows in input order, the
// first one complemented (^i < 0) to mark the bucket's start.
type bandList []int32

// bandWork is a band's list and the guesses of its verification:
// guess[p] is guessBuckets' record for the member at list[p].
type bandWork struct {
	list  bandList
	guess []uint8
}

// bandLists makes the band lists from keys (bandKeys), and guess, when
// not nil, guesses the
// verification of each list (guessBuckets). It returns a function giving
// band j's list, blocking until it is made, which must be called for
// j = 0, 1, ... in order, and release(j) afterwards: at most ahead lists
// are held beyond those given out, which bounds memory to a few lists
// whatever the speed of the replay.
func bandLists(n int, keys *bandKeys, guess func(l bandList, out []uint8) (bandList, []uint8)) (get func(j int) bandWork, release func(j int)) {
	// Each goroutine keeps 16 bytes a row of scratch: at most 4.
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	ahead := workers + 1
	lists := make([]bandWork, nearBands)
	done := make([]chan struct{}, nearBands)
	for j := range done {
		done[j] = make(chan struct{})
	}
	slots := make(chan struct{}, ahead)
	free := make(chan bandWork, ahead+1)
	var next atomic.Int32
	var mu sync.Mutex // orders slot taking with band numbering
	for range workers {
		go func() {
			var s radixScratch
			for {
				mu.Lock()
				j := int(next.Load())
				if j >= nearBands {
					mu.Unlock()
					return
				}
				slots <- struct{}{}
				next.Store(int32(j + 1))
				mu.Unlock()
				var w bandWork
				select {
				case w = <-free:
				default:
				}
				w.list = s.list(n, j, keys, w.list[:0])
				if guess != nil {
					if j == nearBands-1 && workers > 1 && len(w.list) >= lastSplitMin {
						w.list, w.guess = guessHalves(guess, w.list, w.guess)
					} else {
						w.list, w.guess = guess(w.list, w.guess)
					}
				}
				lists[j] = w
				close(done[j])
				// The replay, if it waits for band j, is now ready on
				// this P: let it run (see yieldToReplay).
				yieldToReplay()
			}
		}()
	}
	get = func(j int) bandWork {
		<-done[j]
		return lists[j]
	}
	release = func(j int) {
		select {
		case free <- lists[j]:
		default:
		}
		lists[j] = bandWork{}
		<-slots
	}
	return get, release
}

// yieldToReplay is what a band-list maker calls once it has handed out a
// band: runtime.Gosched, so that the replay, when it waits for that band,
// runs at once on the maker's P rather than when the maker next blocks.
//
// # Why (session 30)
//
// Closing done[j] readies the replay into the maker's own P (its runnext),
// but the maker ran on: it took the next band, sorted and guessed it, and
// the replay ran only when the maker blocked or was preempted, one band's
// work later. With two makers and the replay on two Ps, the replay, the
// finish's critical path, was held back 4-6 ms at a time while both Ps
// made lists ahead, and its late releases then left a maker blocked on
// the look-ahead (slots) and a core idle. Timestamps of each band's list
// and the replay's gets in BenchmarkNearResult (200 MB mail, warm, load
// 10-16): bands 0, 4, 10 and 13 were made 9.6, 30.9, 52.9 and 65.2 ms in
// and replayed from 13.8, 35.6, 58.5 and 69.7 ms; with the yield every
// band is replayed within 0.03 ms of being made. Go execution traces of
// 6 finishes each (same benchmark, two sets, load 16; the time with one
// goroutine of the process running, benchmarks/timeline/goroutines.py):
// 131 and 151 ms before, 74 and 88 ms with the yield (one maker alone:
// 42 and 60 ms before, 9 and 25 with it; the replay alone 73-77 and
// 49-54); the finish's CPU the same (114.8 and 118.0 ms against 113.4
// and 117.1, 8 rounds of 5 alternated). A Gosched costs well under a
// microsecond, 16 a finish. Findings identical (it only orders the
// goroutines). What it saves in wall time was not resolved at the load
// it was measured at (10-16; the OS, not Go, then decides who runs): the
// whole finish, alternated in one process, 73.7 and 75.5 ms (means of 8
// rounds of 5) against 74.2 and 76.4; the default audit (ab.sh, 10
// rounds each) of the benchmark Parquet 0.667 -> 0.607 s wall, CPU 1.003
// -> 0.985 s, then with the order swapped 0.751 -> 0.779, CPU 1.273 ->
// 1.239; the 200 MB JSONL 0.666 -> 0.624, CPU 0.991 -> 1.014; Go traces
// of the Parquet's audit (4 each, alternated, under the lock at autogroup
// nice -15), one goroutine running in the last 150 ms 18.6-30.6 ms (mean
// 23.0) against 11.5-26.8 (mean 20.0).
var yieldToReplay = runtime.Gosched

// lastSplitMin is the fewest entries of the last band's list for which
// bandLists guesses its two halves on two goroutines; tests lower it.
var lastSplitMin = 4096

// guessHalves is guess(l, out) made on two goroutines, each guessing
// the buckets of one half of l (cut at a bucket's start), into its own
// part of out; the rows the second half keeps (guessBuckets prunes) are
// then moved down after the first's.
//
// The last band's guesses are the finish's critical path: the other
// band-list makers have nothing left to do, and the replay, done with
// the band before, waits for them (the 200 MB mail: 0-2 ms), then
// replays the band and makes the clusters and findings on one
// goroutine. A bucket's guesses depend on its own rows and a snapshot
// (any: they are only guesses; the replay takes a pair's outcome from
// them, which depends on the pair alone), so the halves may be guessed
// apart.
func guessHalves(guess func(l bandList, out []uint8) (bandList, []uint8), l bandList, out []uint8) (bandList, []uint8) {
	if cap(out) < len(l) {
		out = make([]uint8, len(l), cap(l))
	}
	out = out[:len(l)]
	cut := len(l) / 2
	for cut < len(l) && l[cut] >= 0 {
		cut++
	}
	var wg sync.WaitGroup
	var second bandList
	wg.Go(func() { second, _ = guess(l[cut:], out[cut:]) })
	firstHalf, _ := guess(l[:cut], out[:cut])
	wg.Wait()
	n := len(firstHalf)
	copy(l[n:], second)
	copy(out[n:], out[cut:cut+len(second)])
	n += len(second)
	return l[:n], out[:n]
}

// bandKeysMax is the most bytes of band keys bandKeys holds for a group of
// bands: 8 MiB, two walks over the rows of 8 bands each for 134,000 rows,
// and above 2^20 rows one walk a band with no buffer (as before). Tests
// lower it. One walk of the 16 bands was no faster (session 31: the
// notes after session 28's, above).
var bandKeysMax = 8 << 20

// bandKeys hands out the band keys of the rows in input order, band by
// band, for bandLists. They are stored band-major in each row (nearRow,
// 160 bytes), so reading one band's keys reads a cache line a row: 16
// walks over the rows, one a band, were 16 cache lines a row. bandKeys
// instead walks the rows once for a group of bands (per) and keeps
// their keys, 4 bytes a row each, in input order; the band lists read
// them sequentially. A group's buffer is held until every band of it
// has been read (bounded by bandKeysMax), then the next group is walked
// into it. With one band a group, it uses the band-list maker's own
// scratch instead of a buffer.
type bandKeys struct {
	n, per int
	// extract sets dst[(j-j0)*n+i] to band j's key of the row of input
	// index i, for j0 <= j < j1.
	extract func(j0, j1 int, dst []uint32)
	mu      sync.Mutex
	cond    sync.Cond
	buf     []uint32
	group   int // the group in buf; -1: none yet
	left    int // bands of group not yet read
}

func newBandKeys(n int, extract func(j0, j1 int, dst []uint32)) *bandKeys {
	most := max(1, min(bandKeysMax/max(4*n, 1), nearBands)) // bands a group
	walks := (nearBands + most - 1) / most
	k := &bandKeys{n: n, per: (nearBands + walks - 1) / walks, extract: extract, group: -1}
	k.cond.L = &k.mu
	return k
}

// take returns band j's keys, in scratch (len n) or in the group's
// buffer, walking the rows when j is the first of its group to be
// taken; done must be called once they are read. Bands are taken in
// order of j, though not always called in that order: a band of the
// next group waits until every band of this one is done.
func (k *bandKeys) take(j int, scratch []uint32) []uint32 {
	if k.per == 1 {
		k.extract(j, j+1, scratch)
		return scratch
	}
	g := j / k.per
	k.mu.Lock()
	defer k.mu.Unlock()
	for k.group != g {
		if k.group == g-1 && k.left == 0 {
			j0, j1 := g*k.per, min((g+1)*k.per, nearBands)
			if k.buf == nil {
				k.buf = make([]uint32, k.per*k.n)
			}
			k.extract(j0, j1, k.buf)
			k.group, k.left = g, j1-j0
			k.cond.Broadcast()
		} else {
			k.cond.Wait()
		}
	}
	o := (j - g*k.per) * k.n
	return k.buf[o : o+k.n]
}

// done says that the keys take returned have been read.
func (k *bandKeys) done() {
	if k.per == 1 {
		return
	}
	k.mu.Lock()
	k.left--
	if k.left == 0 {
		k.cond.Broadcast()
	}
	k.mu.Unlock()
}

// radixScratch is a band-list maker's memory, reused from band to band:
// 16 bytes a row.
type radixScratch struct {
	a, b []uint64
}

// list returns band j's list, appended to out.
func (s *radixScratch) list(n, j int, keys *bandKeys, out bandList) bandList {
	if cap(s.a) < n {
		s.a, s.b = make([]uint64, n), make([]uint64, n)
	}
	a, b := s.a[:n], s.b[:n]
	var scratch []uint32
	if n > 0 {
		// b's first 4n bytes: radixSortKeys reads the keys before it
		// writes b.
		scratch = unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), n)
	}
	sorted := radixSortKeys(keys.take(j, scratch), b, a, keys.done)
	if cap(out) < len(out)+n {
		// A list holds at most every row: sized so once, it never grows
		// (it is reused from band to band, bandLists' free).
		out = append(make(bandList, 0, len(out)+n), out...)
	}
	return appendBuckets(out, sorted)
}

// appendBuckets appends to out (with room for len(sorted) more) the
// buckets of sorted (key<<32 | index, by key then index) that hold two
// indexes or more, in order, each index in order and the first
// complemented.
//
// Without a branch on the keys: each index is written, and the write
// position moves on unless the index is a bucket of its own. The loop
// that found each bucket's end and skipped single ones (session 17)
// mispredicted about once a bucket, 60,000-90,000 buckets a band on the
// 200 MB mail, where 20-30% of rows hold a key of their own.
func appendBuckets(out bandList, sorted []uint64) bandList {
	n := len(sorted)
	if n < 2 {
		return out
	}
	base := len(out)
	dst := out[base : base+n]
	w := 0
	kc := sorted[0] >> 32
	kp := kc ^ 1 // the key before the first: not the first's
	for i, x := range sorted {
		kn := kc ^ 1 // the key after the last: not the last's
		if i+1 < n {
			kn = sorted[i+1] >> 32
		}
		var first, last int
		if kp != kc {
			first = 1
		}
		if kn != kc {
			last = 1
		}
		v := int32(uint32(x))
		v ^= -int32(first) // ^v for a bucket's first index
		dst[w] = v
		w += 1 - first&last // a bucket of its own is overwritten
		kp, kc = kc, kn
	}
	return out[:base+w]
}

// radixSortKeys sorts the keys of rows 0..n-1 (keys[i] the key of row
// i) into key<<32 | i, by key then i, with a and b of len(keys) (b may
// share keys' memory), and calls read once it has read keys. It returns
// b, sorted.
//
// Two stable counting passes of 11 bits, on the keys' top 22 bits (bits
// 10-20, then 21-31), then a scan that sorts the runs whose top 22 bits
// are equal but whose keys are not in order (fixRuns). Band keys are
// hashes: among the 30,000-60,000 distinct keys of a band of 134,250
// rows, a few hundred share their top 22 bits with another, and equal
// keys (71-80% of the rows share their key) are already in order of
// index, as the stable passes leave them. The third pass (the low 10
// bits, 1,024 scatter targets) cost more than the scan:
// BenchmarkRadixSortKeys (134,250 keys, 70% repeated) 0.638-0.672 ms
// thread CPU to 0.497-0.511 (session 19, 6 runs each, load 6). Two
// passes of 12 bits (bits 8-31, 4,096 scatter targets, fewer runs to
// fix) took 0.528-0.555 ms against 0.495-0.527 for these (5 runs each):
// not kept.
//
// Fewer passes, tried and not kept (s14-near2): two passes of 16 bits
// (two 256 KiB histograms, 65,536 scatter targets) took 1.75-3.58 ms
// for 134,250 keys against 1.18-1.34 ms for three of 11, 11 and 10 bits
// (a benchmark of both on the same keys, load 6-10); and sorting only
// the rows whose key another row shares (a 1 MiB counting filter first)
// cannot pay: on the 200 MB mail 71-80% of the rows share each band's
// key with another row (the filter passed 73-80%). More passes, tried
// and not kept (session 18): four of 8 bits (1 KiB histograms, 256
// scatter targets; the same order, checked on 134,250 keys with 70%
// repeats) took 0.93-1.00 ms against 0.74-0.79 for three (a bench of
// both, thread CPU, 6 rounds alternated, load 5): +26%.
//
// # Cold (session 27)
//
// In the default audit of the benchmark Parquet the sort takes about
// 1.2 ms a band (75 perf samples at 4 kHz a run over 16 bands, 6 runs),
// three times BenchmarkRadixSortKeys/new's 0.38-0.44 ms: its maker has
// just guessed a band, reading the signatures at random, and a, b and
// the keys come from memory, the scatters waiting on the lines they
// write (a third of its samples on pass 1's store). new-cold, the sort
// after 64 MiB written elsewhere, takes 0.63-1.06 ms (10 runs, under the
// lock). Tried against it and not kept (bench of each, 4 runs, thread
// CPU ms, warm / cold): a load of the line the element 24 places ahead
// will be written to (touching it early) 0.72-0.98 / 0.83-0.90 against
// 0.54-0.70 / 0.69-0.89; pass 1 scattering the rows' indexes only (4
// bytes) and pass 2 reading each one's key again 1.05-1.13 / 1.32-1.39
// against 0.55-0.67 / 0.88-1.00; and write-combining, each digit's
// entries gathered in a 64-byte line (128 KiB of lines) written out with
// non-temporal stores (MOVNTO) when full, so that the scatters read no
// line: 0.86-0.91 / 0.97-1.10 against 0.37-0.38 / 0.64-0.74. Session 31
// tried fixRuns fused into appendBuckets, one scatter then each digit
// sorted in the first level, and two dependency chains a pass: none
// faster (the notes after session 28's, above).
func radixSortKeys(keys []uint32, b, a []uint64, read func()) []uint64 {
	var c1, c2 [1 << 11]int32
	for _, k := range keys {
		c1[k>>10&0x7ff]++
		c2[k>>21]++
	}
	prefix := func(c *[1 << 11]int32) {
		var s int32
		for i, x := range c {
			c[i] = s
			s += x
		}
	}
	prefix(&c1)
	prefix(&c2)
	for i, k := range keys {
		d := k >> 10 & 0x7ff
		p := c1[d]
		c1[d] = p + 1
		a[p] = uint64(k)<<32 | uint64(i)
	}
	read()
	for _, x := range a {
		d := x >> 53
		p := c2[d]
		c2[d] = p + 1
		b[p] = x
	}
	fixRuns(b)
	return b
}

// fixRuns sorts s, which is sorted by its top 32-10 bits with the
// entries of equal top bits in order of their low 32 bits: only a run
// of equal top bits can be out of order (a descent), and each such run
// is sorted where a descent is found. A descent is rare, so the branch
// predicts.
func fixRuns(s []uint64) {
	for i := 1; i < len(s); i++ {
		if s[i] >= s[i-1] {
			continue
		}
		top := s[i] >> 42
		lo := i - 1
		for lo > 0 && s[lo-1]>>42 == top {
			lo--
		}
		hi := i + 1
		for hi < len(s) && s[hi]>>42 == top {
			hi++
		}
		slices.Sort(s[lo:hi])
		i = hi - 1
	}
}

// nearVerifier decides whether two rows are near duplicates, as
// estJ(word) >= WordJ && estJ(pair) >= PairJ does, but stopping as soon
// as the answer is known.
type nearVerifier struct {
	// words are the word and pair signatures in input order.
	words sigTable
	// mMin is the bound of the old 16-byte prefilter, kept as it was:
	// with fewer than mMin-1e-9 equal bytes possible, reject.
	mMin float64
	// wNeed and bNeed are the fewest equal bytes (of nearK) whose estJ
	// reaches WordJ and PairJ (nearK+1: none does): estJ depends on the
	// count alone and grows with it.
	wNeed, bNeed int
	// sink takes the bytes guessBuckets touches ahead, so that the
	// compiler keeps the reads.
	sink atomic.Uint32
}

func newNearVerifier(wordJ, pairJ float64, words sigTable) *nearVerifier {
	need := func(j float64) int {
		for m := range nearK + 1 {
			if estJCount(m) >= j {
				return m
			}
		}
		return nearK + 1
	}
	return &nearVerifier{
		words: words,
		mMin:  nearK * (wordJ*(1-1.0/256) + 1.0/256),
		wNeed: need(wordJ), bNeed: need(pairJ),
	}
}

// match reports whether rows a and b (input indexes) are near duplicates.
//
// It rejects first on the word signatures' low bits (sigTable.low, 8
// bytes a row, 1 MB on 200 MB of mail: in cache), then reads the word
// signatures, then the pair signatures, which below inPlaceMin rows are
// copied into input order too (sigTable.pair) and prefetched with the
// word signatures: through refs and the 168-byte rows they were two
// dependent misses, half of match's samples once the low bits rejected
// 78% of the non-matching pairs. BenchmarkNearGuess on the 200 MB mail
// (134,250 rows), same run, load 6-10: 141-156 to 92-100 ms CPU; the
// low bits alone are 7% of that (101-104 without them), the pair
// prefetch 5-10% (92-108 without it); BenchmarkNearResult 233-246 to
// 195-230 ms CPU. Tried and dropped: prefetching the snapshot roots of
// the members ahead (guessBuckets' localClusters.root, 12% of the
// finish) with the signatures: 208-239 to 229-244 ms, slower; one
// prefetch call for both signatures instead of two: 89-96 against
// 91-105 ms, within the noise; prefetching the union-find parents of
// the replay's members 16 ahead (its find starts with a miss): the
// replay's thread 69-74 against 73-76 ms, the finish 223-252 against
// 217-230 ms CPU (BenchmarkNearResult, load 20), nothing measurable.
func (v *nearVerifier) match(a, b int32) bool {
	// The low bits first (8 bytes a row, in cache): they reject most
	// pairs that are not near duplicates without reading either
	// signature, each a cache miss.
	return v.lowPass(v.words.low[a], v.words.low[b]) && v.matchSigs(a, b)
}

// lowPass reports whether two rows whose word signatures' low bits are
// la and lb may be near duplicates: whether they differ in no more bytes
// than the word signatures may have unequal.
func (v *nearVerifier) lowPass(la, lb uint64) bool {
	return bits.OnesCount64(la^lb) <= nearK-v.wNeed
}

// matchSigs is match after the low bits: whether the word and pair
// signatures of a and b reach the thresholds.
func (v *nearVerifier) matchSigs(a, b int32) bool {
	wa, wb := v.words.at(a), v.words.at(b)
	m := equalBytes(binary.LittleEndian.Uint64(wa[0:]), binary.LittleEndian.Uint64(wb[0:])) +
		equalBytes(binary.LittleEndian.Uint64(wa[8:]), binary.LittleEndian.Uint64(wb[8:]))
	if float64(m+nearK-16) < v.mMin-1e-9 {
		return false
	}
	// miss is the most unequal bytes the word signatures may have.
	miss := nearK - v.wNeed
	for k := 16; k < nearK; k += 8 {
		if k-m > miss {
			return false
		}
		m += equalBytes(binary.LittleEndian.Uint64(wa[k:]), binary.LittleEndian.Uint64(wb[k:]))
	}
	if nearK-m > miss {
		return false
	}
	pa, pb := v.words.pairAt(a), v.words.pairAt(b)
	miss = nearK - v.bNeed
	m = 0
	for k := 0; k < nearK; k += 8 {
		m += equalBytes(binary.LittleEndian.Uint64(pa[k:]), binary.LittleEndian.Uint64(pb[k:]))
		if k+8-m > miss {
			return false
		}
	}
	return true
}

// maxReps is the most rows of a bucket a member is compared with: one of
// each cluster met in the bucket so far. 8 found 3 more of 15,803 copies
// with twice the comparisons.
const maxReps = 4

// A guess records, for one member of a bucket, what guessBuckets did: it
// compared the member with the first guessCount representatives of the
// bucket (in the order they became ones), and with guessMatch the last
// of those matched it; with guessRep the member became the next
// representative.
const (
	guessCount = 0x07
	guessMatch = 0x08
	guessRep   = 0x10
)

// guessBuckets replays the verification of the buckets of list as
// Near.Result does, with the clusters of the latest snapshot (snaps) for
// those found so far, and returns list pruned in place (below) and in
// out[p] the guess of the member at the pruned list's p (0 for a
// bucket's first row and a member skipped). Its buckets are independent,
// so it runs ahead of the replay, on another goroutine.
//
// # Pruning (session 24)
//
// It drops from the list the members the replay is sure to skip: a
// member whose root in the snapshot is that of one of the first maxReps
// rows its bucket keeps, and a bucket then left with its first row alone
// (pruneRef in the tests). The union-find only ever joins clusters, so
// two rows that share a root in a snapshot of it share one when the
// replay reaches them. A bucket's first row is its first representative;
// each of the next maxReps-1 rows kept has fewer than maxReps
// representatives before it (a row dropped never becomes one), so the
// replay skips it (it is in a representative's cluster), joins it to a
// representative's, or makes it one: from then on its cluster is a
// representative's, and a later member of that cluster is skipped
// without a comparison. (The first maxReps rows of the bucket as it
// came, instead of those kept, pruned 255,000 members against 259,000.) The replay of the pruned list
// therefore makes the same unions and counts the same candidate pairs
// (TestPruneKeepsReplay); which members it walks depends on the snapshot
// a guess had, as the guesses themselves always did.
//
// On 200 MB of mail (BenchmarkNearResult) it drops about 259,000 of the
// 1.32 million members (19%; the replay skips 297,000): the replay no
// longer finds their roots. BenchmarkNearResult, 12 rounds alternated,
// load 8-15: the replay's thread 38.8 to 32.6 ms CPU a finish (lower in
// 11 of 12 rounds), the whole finish 166.6 to 160.5. In the default
// audit of the benchmark Parquet the change was under the noise of that
// load: two sets of 8 runs alternated, pprof samples of the replay's
// thread (Near.Finish) 0.34 to 0.28 s, then 0.33 to 0.36, while
// Near.Add, untouched, went 0.83 to 0.86, then 0.71 to 0.94.
//
// Tried first and not kept: the same rule as a pass of its own over each
// list before its guesses, so that the guesses would not fetch the pruned
// members' signatures ahead: the pass read every member's snapshot root
// (a random load a member, the lines the guesses then fetch again), 0.27
// s of samples in 8 runs of the audit, more than it saved (guessBuckets
// 0.91 to 0.80).
//
// # The low bits in the loop (session 25)
//
// A member's low bits are read once and each representative's kept with
// it (lows), and the first reject (lowPass) is made in the loop: match
// was a call for each of the 3.2 million pairs, with its loads of both
// rows' low bits, where 86% end at that reject; only the rest call
// matchSigs. ahead is called only every prefetchAhead members, where it
// prefetches (a call a member before). The outcome of every pair is
// match's. BenchmarkNearGuess (200 MB mail, thread CPU, load 8-9) 82.1
// ms ± 22% to 65.8 ± 22% (-20%, p=0.009, 6 runs each alternated) in one
// set, no difference in a second at load 6-10 (75.7 ± 30% against 76.4 ±
// 42%, 10 runs: the machine shared by six agents). The default audit of
// the benchmark Parquet, perf samples at 4 kHz (sample counts, 14 runs
// each alternated in two sets, load 4-11): nearVerifier's functions and
// the prefetches 561 to 489 a run (-13%), the package 1,075 to 965.
//
// Measured in session 25 with the signatures still prefetched into the
// second level (before prefetchFlat's PREFETCHT0), and not kept:
//   - Two low bits a byte (16 bytes a row, bits 0 and 1 of each byte in
//     two words: a pair is rejected when more bytes differ in them than
//     may be unequal), to call matchSigs less (session 21 counted 449,000
//     to 290,000 passes against the buckets' first rows):
//     BenchmarkNearGuess 70-157 ms CPU against 57-80 (6 runs each, load
//     8-9); the audit's guess samples 478 a run against 484 (6 runs
//     each): no gain, 8 more bytes a row.
//   - The word and pair signatures of a row side by side (one 128-byte
//     slot, one page), as a copy made after inputOrder: guess samples
//     545 to 455 a run (7 runs each), the package 1,094 to 1,060 with the
//     copy; matchSigs' stall stayed (254-343 samples a run). What it
//     was: the member's signature prefetched into the second level and
//     not there (prefetchFlat).
//   - The signatures prefetched 32, 48 or 96 members ahead instead of 16
//     (main's code): guess samples 540-545 against 565 (8 runs each, load
//     3-9), within the noise.
func (v *nearVerifier) guessBuckets(snaps *clusterSnaps, list bandList, out []uint8) (bandList, []uint8) {
	if cap(out) < len(list) {
		out = make([]uint8, len(list), cap(list))
	}
	out = out[:len(list)]
	snap, done := snaps.latest()
	defer done()
	var reps, roots [maxReps]int32 // the representatives and their clusters
	var lows [maxReps]uint64       // the representatives' low bits
	low := v.words.low
	var cl localClusters
	var sink uint8
	// The list is pruned as it is read (pruneClustered's rule, the
	// snapshot's roots already at hand): the rows kept are moved down to
	// w, the bucket being read starts at start.
	var first [maxReps]int32 // the snapshot roots of the bucket's first rows
	w, start := 0, 0
	for p := 0; p < len(list); {
		if p%prefetchAhead == 0 || !usePrefetch {
			sink += v.ahead(list, p, snap)
		}
		if w-start == 1 {
			w = start // the bucket before kept its first row alone
		}
		start = w
		reps[0] = ^list[p]
		lows[0] = low[reps[0]]
		list[w], out[w] = list[p], 0
		w++
		cl.n = 0
		first[0] = reps[0]
		if snap != nil {
			first[0] = snap[reps[0]]
		}
		nf := 1
		roots[0] = cl.follow(first[0])
		nr := 1
		p++
	member:
		for ; p < len(list) && list[p] >= 0; p++ {
			if p%prefetchAhead == 0 || !usePrefetch {
				sink += v.ahead(list, p, snap) // a call every prefetchAhead members
			}
			b := list[p]
			sb := b
			if snap != nil {
				sb = snap[b]
				if slices.Contains(first[:nf], sb) {
					continue // pruned: the replay skips it for sure
				}
			}
			if nf < maxReps {
				first[nf] = sb
				nf++
			}
			list[w], out[w] = b, 0
			w++
			fb := cl.follow(sb)
			for _, r := range roots[:nr] {
				if r == fb {
					continue member
				}
			}
			g := uint8(0)
			lb := low[b]
			for k := range nr {
				g = uint8(k + 1)
				if v.lowPass(lows[k], lb) && v.matchSigs(reps[k], b) {
					g |= guessMatch
					cl.union(fb, roots[k])
					break
				}
			}
			if g&guessMatch == 0 && nr < maxReps {
				reps[nr], roots[nr], lows[nr] = b, fb, lb
				nr++
				g |= guessRep
			}
			out[w-1] = g
		}
	}
	if w-start == 1 {
		w = start
	}
	v.sink.Add(uint32(sink))
	return list[:w], out[:w]
}

// prefetchAhead is how far ahead in a band list guessBuckets touches a
// member's word signature, so that the processor fetches it while the
// members before it are verified: the first read of a member's signature
// is a cache miss (a bucket's members are rows far apart), and the
// verification's early exits, mispredicted branches, kept the processor
// from running ahead to it. On the 200 MB mail, guessBuckets over the 16
// lists went from 232-282 to 174-245 ms (BenchmarkNearGuess, five rounds
// alternated, load 15-18), with 12 to 48 ahead alike; the whole finish
// (BenchmarkNearResult, where the guesses share two cores with the
// replay) showed no change above the noise of load 20-35.
//
// Measured again in session 26, with the prefetches into the first level
// (PREFETCHT0) since session 25, and not kept: BenchmarkNearGuess
// (in-place, 200 MB mail, thread CPU ms, alternated) at 8, 12, 24 and 32
// ahead: 58.1, 55.1, 51.1 and 51.2 against 52.0 for 16 (8 runs each,
// load 2-3), then 32 at 53.3 against 48.7 (2 and 4 runs, load 8-15); and
// no prefetch of the pair signatures (ahead; with PREFETCHT0 as
// sessions 17 and 19 had found with PREFETCHT1): 67.1 against 48.7.
const prefetchAhead = 16

// ahead fetches the word signatures of the members prefetchAhead places
// after list[p] into the cache, so that the processor reads them while the
// members before them are verified: with the PREFETCHT0 of prefetchSigs,
// those of the next prefetchAhead members once every prefetchAhead
// members, else with a load of each, whose byte it returns for a sink
// that keeps the compiler from dropping it. With the prefetches it
// fetches the members' low bits too (match's first reject; their misses
// had become its hottest line): BenchmarkNearGuess 98-114 to 83-91 ms
// CPU, BenchmarkNearResult 230-259 to 217-237 (load 26-34); the low bits
// alone, without the signatures, 160-191. Tried and dropped (s15-near):
// two stages, the low bits 32 members ahead and the signatures 16 ahead
// only of members whose low bits pass match's first reject against their
// bucket's first row (84% of match's calls end at that reject):
// BenchmarkNearGuess 67-75 to 84-98 ms CPU (3 rounds alternated, load
// 11), slower. And a row's word and pair signatures side by side in one
// 128-byte slot of the input-order copy (one page, one TLB miss, where
// two 8.6 MB arrays put them 8.6 MB apart), both lines prefetched in one
// call: BenchmarkNearGuess medians 66.0 to 61.7 ms CPU at load 11-13 (5
// rounds, autogroup nice -15), but 64.0-66.9 against 60.3-75.2 at load
// 6 (4 rounds): not kept.
//
// With the signatures prefetched into the second level only
// (prefetchFlat, session 18), it prefetches the members' snapshot roots
// too (snap, when there is one: prefetchInt32), which session 17 had
// tried beside PREFETCHT0s of the signatures with no gain (the stalls
// moved into the prefetches): the default audit of the 200 MB JSONL,
// perf samples of guessBuckets, match, ahead and the prefetches 351-446
// (mean 400) to 310-341 (mean 322), and of the package 1,401 to 1,309
// (8 runs each alternated, load 13-15). The signatures are prefetched
// into the first level again since session 25 (prefetchFlat), with the
// snapshot roots kept.
//
// With the prefetches, guessBuckets calls it only at p a multiple of
// prefetchAhead (session 25: the call at every member cost more than
// its test); without, at every member. Session 31 tried fetching the
// signatures only of the members whose low bits pass against one of
// their bucket's first rows: slower (the notes after session 28's).
func (v *nearVerifier) ahead(list bandList, p int, snap []int32) uint8 {
	q := p + prefetchAhead
	if usePrefetch {
		if q < len(list) {
			idx := list[q:min(q+prefetchAhead, len(list))]
			prefetchUint64(&v.words.low[0], idx)
			if snap != nil {
				prefetchInt32(&snap[0], idx)
			}
			if v.words.blocks == nil {
				prefetchFlat(&v.words.flat[0], idx)
			} else {
				prefetchSigs(&v.words.blocks[0], idx)
			}
			if v.words.pblocks == nil {
				prefetchFlat(&v.words.pair[0], idx)
			} else {
				prefetchSigs(&v.words.pblocks[0], idx)
			}
		}
		return 0
	}
	if q < len(list) {
		x := list[q]
		return v.words.at(x ^ x>>31)[0]
	}
	return 0
}

// guessed is the replay's view of one bucket's guesses: the
// representatives guessBuckets had met, in order.
type guessed struct {
	reps [maxReps]int32
	n    int
}

// start begins a bucket whose first row is first.
func (g *guessed) start(first int32) { g.reps[0], g.n = first, 1 }

// member takes the guess of the bucket's next member, b: it returns what
// the guess knows of b's pairs, and counts b among the representatives
// when it became one.
func (g *guessed) member(b int32, guess uint8) guessOf {
	out := guessOf{reps: g.reps[:min(int(guess&guessCount), g.n)], match: guess&guessMatch != 0}
	if guess&guessRep != 0 && g.n < maxReps {
		g.reps[g.n] = b
		g.n++
	}
	return out
}

// guessOf is what a guess knows of one member's pairs: it was compared
// with reps, and only the last of them can have matched it.
type guessOf struct {
	reps  []int32
	match bool
}

// outcome returns whether a and the member match and true when the guess
// compared them, else false, false.
func (o guessOf) outcome(a int32) (match, known bool) {
	for k, r := range o.reps {
		if r == a {
			return o.match && k == len(o.reps)-1, true
		}
	}
	return false, false
}

// clusterSnaps hands the clusters the replay has found to the guesses:
// after each band the replay writes every row's root into the buffer the
// guesses are not reading (if one is free: it never waits), and a guess
// reads the latest. The guesses then skip, as the replay does, most
// members already clustered with a representative: on 200 MB of mail
// they verify 1% more pairs than the replay instead of 16%. 8 bytes a
// row.
type clusterSnaps struct {
	mu   [2]sync.RWMutex
	buf  [2][]int32
	last atomic.Int32 // the buffer written last, -1: none yet
}

func newClusterSnaps() *clusterSnaps {
	s := &clusterSnaps{}
	s.last.Store(-1)
	return s
}

// publish writes the roots of the rows of the union-find parent into a
// free buffer, unless both are being read. Every row's parent comes
// before it or is itself (the earlier row is the root, and path halving
// only moves a row up to an earlier one), so one pass in input order
// takes each row's root from its parent's, already written: on 134,250
// rows after 100,000 random unions 1.33-1.51 ms a pass against 3.27-3.75
// for a find of every row (which also wrote parent), on the replay's own
// thread, up to 16 times a finish (the last pass sets the clusters).
func (s *clusterSnaps) publish(parent []int32) {
	k := 1 - max(s.last.Load(), 0)
	if !s.mu[k].TryLock() {
		return
	}
	if s.buf[k] == nil {
		s.buf[k] = make([]int32, len(parent))
	}
	roots(s.buf[k], parent)
	s.mu[k].Unlock()
	s.last.Store(k)
}

// roots sets dst[i] to the root of row i in the union-find parent, where
// parent[i] <= i for every i.
//
// Without a branch (session 18): each row first takes itself as its root,
// then its parent's root, which is itself when it is its own parent. The
// branch on whether a row is its own parent mispredicted at every
// clustered row (30% of the 200 MB mail's rows at the end, at random):
// BenchmarkRoots (134,250 rows, 40,000 joined) 0.050-0.056 ms against
// 0.392-0.424 (thread CPU, 6 rounds alternated, load 7), up to 16 times
// a finish on the replay's own thread.
func roots(dst, parent []int32) {
	dst = dst[:len(parent)]
	for i, p := range parent {
		dst[i] = int32(i)
		dst[i] = dst[p]
	}
}

// latest returns the latest roots (nil: none yet, every row its own) and
// the function to call when done reading them.
func (s *clusterSnaps) latest() ([]int32, func()) {
	k := s.last.Load()
	if k < 0 {
		return nil, func() {}
	}
	s.mu[k].RLock()
	return s.buf[k], s.mu[k].RUnlock
}

// localClusters are the clusters a guess joins within one bucket, over
// a snapshot's roots: at most len(from) joins, the rest are not
// recorded (a guess may only be less precise).
type localClusters struct {
	from, to [16]int32
	n        int
}

// follow returns the cluster of snapshot root x: x followed through the
// joins of the bucket.
func (c *localClusters) follow(x int32) int32 {
	for again := true; again; {
		again = false
		for i := range c.n {
			if c.from[i] == x {
				x, again = c.to[i], true
			}
		}
	}
	return x
}

// union joins the clusters of roots a and b.
func (c *localClusters) union(a, b int32) {
	if a != b && c.n < len(c.from) {
		c.from[c.n], c.to[c.n] = a, b
		c.n++
	}
}
