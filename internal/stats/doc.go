// Package stats computes the token summary of a corpus: record counts and
// bad records, empty and invalid-UTF-8 texts, the exact token frequency
// distribution and its top N, lengths in bytes, characters and tokens, and
// counts, top tokens and distribution findings per label (Summary). It
// also gives a profile (internal/profile) every token count and the
// lengths as mergeable histograms. It owns the word: the Tokenizer, CountWords (the count
// without the tokens, for internal/chat), and the word hash that is the
// same in every process (StableHash), which the duplicate, label and
// comparison packages build on. The exact length distributions are
// internal/stats/lengths', and the record count of each file (FileRows)
// internal/stats/filerows' (both re-exported here).
//
// The other checks of a scan live in their own packages: duplicates in
// internal/dups, cleaning evasions in internal/evasions, outliers in
// internal/outliers, label errors and triggers in internal/labels.
//
// # Accumulators
//
// A Summary is a mergeable accumulator: one per worker, Add batches, Merge
// the others into the first in a fixed order, then Result. Every statistic
// is exact and merges exactly (counts, exact length distributions, the
// first findings by position), so for any split of the input into batches
// and workers
//
//	a.Add(b1); a.Add(b2)  ≡  a.Add(b1); o.Add(b2); a.Merge(o)
//
// gives the same Result; label limits are decided on the global number of
// distinct labels for the same reason. Merge takes o: o must not be used
// afterwards. The count table hashes long tokens with a per-process seed
// and numbers tokens per worker, so its portable state (state.go:
// Summary.AppendState, Spec.Decode) writes the tokens themselves, in entry
// order, with per-label counts indexing that list.
//
// A profile (internal/profile) publishes a Summary's state cut to its top
// tokens. FromListed turns it back into a Summary (listed.go) that keeps,
// for the tokens the profile leaves out, only a bound on their count;
// Merge adds those bounds with the counts, so profiles and state files
// merge through this one Merge. Such a Summary renders as a profile only
// (it has no portable state).
//
// # Tokens
//
// The Tokenizer implements DuckDB's regexp_split_to_array(lower(text),
// '[^\p{L}\p{N}]+') with empty strings dropped. The hot path (countTokens)
// lowercases ASCII eight bytes at a time, then finds tokens 64 bytes at a
// time in a bitmap of the bytes that can belong to one, and counts ASCII
// tokens inline; a run with any byte of 0x80 or more goes to the Tokenizer.
// A text of ASCII bytes only (96% of the mail corpus' texts) takes a
// simpler loop (countASCII) that reads each token's length from the bitmap
// at its start; on CPUs with BMI2 its hot part is in assembly
// (countShortASCII, below), which takes the other texts' ASCII tokens too
// (session 15). FuzzCountTokens and TestCountTokensBlocks keep both loops
// in step with the Tokenizer. Tokens
// are counted in a countTable: exact, with keys identified by a bijective
// hash up to 8 bytes, compared as two words up to 16, and byte for byte
// beyond.
//
// # What the count table costs, and what did not help
//
// A worker's table on 100 MB of mail holds 185,000 distinct tokens (4 MB
// of slots, 4 MB of mid slots; the L2 cache is 2 MB). Of its 16 million
// tokens 91% are of 8 bytes or fewer, 8% of 9 to 16 and 1% longer; the
// most frequent 1,024 distinct tokens are 76% of them, 4,096 are 88%,
// 32,768 are 96%. The upper bound of any change to the short tokens'
// table: counting each short token in one cell of a 16 KiB array instead
// (wrong counts, no inserts) took BenchmarkSummaryAddCorpus/text from
// 163-192 to 114-123 ms (cpu-ns/op, session 13, load 14-22), and the scan
// of the 200 MB corpus from 0.83-0.90 to 0.57-0.62 CPU s with --checks
// none, from 2.13-2.17 to 1.75-1.83 with every check. It is not the slow
// paths: 97.7% of short tokens and 89% of mid ones are found in their
// home slot. Most of it is probably the home-slot load of the rarer
// tokens, whose lines have left the L2 cache by their next use, in a
// table of 1 MB as of 8 MB (this VM has no hardware counters to tell).
// Measured against it, each with the same two binaries alternated, and
// rejected:
//   - A smaller table: short tokens of lowercase letters and digits in
//     8-byte cells (6 bits a character, a 48-bit key over a 16-bit count),
//     mid ones in 16-byte cells (96-bit key, 32-bit count), entry ids in
//     arrays beside them: indexes of 2 to 4 MB instead of 8, scan RSS
//     14 MB less, but +15% CPU (the packing's instructions) and as many
//     perf samples on the home-cell load (1,105 against 1,173 over the
//     same work); with a hash as the 8-byte key (no packing) the CPU was
//     main's, in the benchmark and in the default scan (1.95-2.10 against
//     2.00-2.06 CPU s). Placing the small indexes on huge pages did not
//     change the load either.
//   - A front table: 2,048 direct-mapped 8-byte cells (the hash's low 53
//     bits over an 11-bit count; the top 11 bits are the cell) for short
//     tokens seen often, flushed into the slots before counts are read.
//     61% of tokens were counted there and the loop took 30% more CPU:
//     the frequent tokens' slots were already in the caches, and whether a
//     token is in the front table is a branch no predictor learns (a third
//     of the short tokens miss it).
//   - The same front table with 32,768 cells (256 KiB): 94% of short
//     tokens counted there, and no change. The 6% left are the rare
//     tokens, and their misses are what costs: the stand-in above with
//     arrays of 16 KiB, 256 KiB, 4 MiB and 32 MiB (same code) took
//     134-148, 153-161, 196-200 and 226-242 ms, main 216-234 (load 40).
//   - Prefetching the home slots of the next 96 tokens (session 12:
//     PREFETCHT0, after a first pass that finds and hashes them) removed
//     two thirds of the load's cost but added more: +20% CPU.
//   - Sizing the table for its final size up front: no change.
//   - Fewer values carried by the loop: the table's total and the word
//     hashes in locals, the token count from each block's starts, home
//     probes without the entry id (labelled rows sent to countTokens),
//     shifts masked to 63: no change beyond the noise (±10% at that load).
//   - Prefetching from a second pass in assembly (session 14): a kernel
//     that found the tokens of the next 1 to 64 blocks again, hashed the
//     short and mid ones and PREFETCHT0'd (T1, NTA: the same) their home
//     slots, called from countASCII's Go loop every so many blocks. The
//     stall on the home-slot load fell from 24% to 8.5% of the loop's
//     samples, but the kernel took as much (9% of samples, a quarter of it
//     waiting on full fill buffers): BenchmarkSummaryAddCorpus/text 185-208
//     ms without, 188-217 at every distance (load 10).
//
// # What helped: the loop in assembly, pipelined (session 14)
//
// countShortASCII (fused_amd64.s, asciiasm.go) is countASCII's loop for
// ASCII texts without per-label counts: the Go loop kept about 15 values
// live across the token loop and spilled half of them to the stack, and
// built for GOAMD64=v1 (BSF, shifts through CL). The kernel finds the
// tokens of a block, writes every word hash, hashes the tokens of up to 16
// bytes and PREFETCHT0s their home slots (stage A), and counts the
// previous block's tokens found in their home slot (stage B): a software
// pipeline one block (about ten tokens) deep (a window deep since session
// 20, below), with no second pass over the
// text. Every other token (long ones; those not at home or whose count
// would carry) it leaves, in token order, to a Go loop that counts it as
// countASCII did, so new tokens get the same entry ids and the state is
// unchanged (TestCountShortASCII, FuzzCountShortASCII). Scratch: 32 KiB a
// Summary, and a word a block of a text not all ASCII. Measured with the binaries alternated, 3 s apart (load 11-23),
// CPU s (user+sys) of the 200 MB corpus:
//   - --checks none, JSONL, 4 rounds: main 0.82-0.96; short tokens only
//     in the kernel 0.76-0.86; short and mid tokens 0.69-0.79.
//   - Default audit, 3 rounds: JSONL main 1.88-2.00, this 1.68-1.73;
//     Parquet main 2.02-2.22, this 1.90-1.98.
//   - Without the pipeline (the kernel counting each short token as it
//     found it) the home-slot load took 34% of the kernel's samples; with
//     it 7%, plus 9% on the PREFETCH.
//   - Final, against main's binary, 3 rounds, load 25-37: JSONL default
//     2.07-2.19 to 1.79-1.83, --checks none 0.93-0.97 to 0.75-0.79;
//     Parquet default 2.29-2.47 to 2.06-2.20. In a perf profile of the
//     default JSONL audit the token loop (countShortASCII, countASCIIAsm,
//     countTokens and the table's slow paths) is 22% of samples, from 28%.
//   - Two blocks deep instead of one: no change (--checks none, 4 rounds,
//     load 33: 0.76-0.81 against 0.76-0.80 CPU s), so one it stays.
//   - BenchmarkSummaryAddCorpus/text barely moved (160-165 against
//     158-196 ms for text-go, the Go loop, at load 21): one 64 MB batch
//     does not show what the scan does; measure the scan.
//
// # Texts not all ASCII through the kernel: measured, not kept (session 14;
// see session 15 for the way that was kept)
//
// After countShortASCII the texts with a byte of 0x80 or more (4% of the
// mail corpus' texts, 8.5% of its bytes) were 3.2% of the default audit's
// samples in countTokens' own loop, mostly its home-slot loads, against
// 14.6% for countShortASCII over the other 91.5% of bytes; 89% of their
// 64-byte blocks have no such byte. Tried (branch s14-tok2, commits
// ae49c2d and dbae5f2): countSplit cut such a text where no token crosses
// a block edge (the byte before or after the edge not a token's) into runs
// of 8 or more ASCII blocks, counted by countASCIIAsm over that range of
// blocks, and the rest, counted by countTokens' loop over a range of
// blocks (a token reaching the range's end ended there), in text order:
// the same entry ids, counts and word hashes (an equivalence test and a
// fuzz target against the loop over the whole text; --workers 1 states
// byte-identical). Measured with the binaries alternated, 3 s apart, CPU
// s (user+sys):
//   - In perf, --checks none on the 200 MB JSONL: countTokens' own loop
//     from 150 samples to 31, countShortASCII up 80, of 2,800: about
//     -1.5%, under the scan's noise. The 200 MB JSONL default audit, 4
//     rounds at load 1: int 1.46-1.59, this 1.45-1.57; at load 8: 1.42-1.62
//     against 1.49-1.62; --checks none, 6 rounds: 0.59-0.71 against
//     0.63-0.69. Parquet default, 4 rounds: 1.79-1.97 against 1.87-2.05.
//   - Only the corpus' 5,480 texts not all ASCII, four times over (68
//     MB): --checks none 0.32-0.40 against 0.29-0.38 (-8%, 9 of 10 rounds
//     lower), but the default audit 0.89-0.94 against 0.91-0.94 at load 2.
//   - Runs of 2 blocks or more instead of 8: texts with such a byte about
//     every 100 characters took 10% more CPU (BenchmarkSummaryAddCorpus/
//     words 116-123 against 109-111 cpu-ms); at 8 the same.
//
// Not merged: not measurable on the audit this package is tuned for. It
// may be worth it on a corpus with many more texts that are mostly, but
// not all, ASCII.
//
// # Long tokens and texts not all ASCII in the kernel (session 15)
//
// Kept, measured with the binaries alternated, 3 s apart (load 8-17),
// CPU s (user+sys), or perf samples of the token path (this package's
// symbols and memeqbody) where the scan's noise hides the change:
//   - Tokens of 17 to 63 bytes (1% of the mail corpus' tokens, a sixth of
//     its distinct ones, mostly base64) were hashed in Go with maphash
//     after the kernel, their home slot a cache miss nothing prefetched:
//     countLongHome was 4% of --checks none's samples, 70% of it on that
//     load. longHash is now a seeded multiply-and-fold hash that the
//     kernel computes as it finds such a token, with its word hash
//     (stableHashPre), and it prefetches the home slot; the record gives
//     the hash to the Go loop (TestCountShortASCIILongHash). --checks none,
//     perf, 2 rounds: token path 2,062 and 2,120 samples to 1,939 and
//     1,825, countLongHome 138 and 122 to 46 and 47; 8 rounds of CPU s:
//     main 0.62-0.83 (mean 0.72), this 0.56-0.79 (0.66).
//   - A text with a byte of 0x80 or more (4% of texts, 8.5% of bytes)
//     goes through the kernel too: mixedStarts marks the start of every
//     run with such a byte, the kernel drops those starts (one ANDN a
//     block: the ASCII texts pay a test a block), and countASCIIAsm hands
//     the runs to countMixed in token order among the kernel's records, so
//     entry ids are countTokens' loop's; the kernel's word hashes go to
//     scratch and are copied to the batch's with each run's own in its
//     place (TestCountShortASCIIMixed, FuzzCountShortASCIIMixed,
//     TestMixedStarts). Unlike session 14's countSplit, no text is cut into
//     ranges, and the kernel counts every ASCII token of such a text.
//     --checks none, perf, 3 rounds: token path 2,233, 2,272, 1,927 to
//     2,131, 1,990, 1,975 (countTokens' own loop 200-257 samples to 1-2,
//     the kernel 90-160 more). A first version that tested every token
//     against the block's mixed starts in the kernel (MOVQ, BTQ, JCS)
//     saved nothing: the kernel grew by as much as countTokens shrank.
//   - Both, the default audit against main's binary, 4 rounds, load 17:
//     JSONL 1.79-1.90 CPU s (mean 1.86) to 1.61-1.83 (1.68); Parquet
//     1.89-2.12 (2.01) to 1.86-1.98 (1.91). RSS unchanged (188-207 MB
//     against 188-202 on the JSONL).
//
// Measured and not kept (session 15):
//   - Long tokens in an index of their own (so that the short tokens'
//     index would stay at 2 MB: a worker's 100 MB of mail holds 94,680
//     short, 58,085 mid and 32,618 long distinct tokens, and 127,298 in
//     one index pass the 98,304 at which 2^17 slots double): --checks none
//     8 rounds 0.62-0.76 CPU s (mean 0.685) against 0.56-0.79 (0.66)
//     without; a worker's share of the scan holds more short tokens than
//     that slice, so its short index doubled anyway.
//   - touchLong: before the Go loop of a window, load the entry and first
//     key byte of every long record found at home, so that their misses
//     overlap instead of coming one by one in sameKey: countLongHome and
//     memeqbody fell from about 100 samples to 75, and the pass took 70.
//   - Mixing a window's word hashes (mix64AVX512) right after the kernel,
//     while in the L1 cache, instead of the batch's at its end: the pass's
//     90 samples fell to 3, but the kernel's rose by 40-340 samples over 3
//     rounds of the default audit (perhaps the 512-bit multiplications'
//     frequency license, now taken every window); not kept.
//   - Leaving the word hashes unmixed for the near-duplicate check to mix
//     in its MinHash kernel (no mix64AVX512 pass): the pass's samples went,
//     the kernel's rose as much (session 15, dups' minhashBlocks512); not
//     kept.
//
// # Huge pages for the whole index (session 16; undone in session 19,
// see the indexes on 4 KiB pages)
//
// The indexes asked for huge pages since session 12 (hugepages.Advise),
// but a 4 MiB index made with make starts anywhere on the heap's 8 KiB
// pages, and only the one 2 MiB-aligned range inside it can be a huge
// page: in the default audit of the 200 MB JSONL 10-14 MB of the heap was
// on huge pages, of the two workers' 16 MB of indexes (smaps_rollup's
// AnonHugePages). resized now takes an index of 4 MiB or more from
// hugeAligned (2 MiB more allocated, never touched, and a 2 MiB-aligned
// slice of it): 22-28 MB on huge pages. In perf (cpu-clock, 3 rounds of
// the default JSONL audit alternated) the kernel's samples on its
// prefetches fell (the mid token's PREFETCHT0 from 18% of the kernel's
// samples to 11%, the short token's from 16% to 13%: a software prefetch
// that misses the TLB walks the page tables first), and this package's
// samples from 648, 673, 696 to 637, 651, 664. Measured with the binaries
// alternated, 3 s apart, at load 16-19 (CPU s, user+sys; peak RSS;
// minor faults):
//   - the default audit of the 200 MB JSONL, 10 rounds: main 1.92-2.34
//     (mean 2.078), 160-184 MB, 36,247 faults; this 1.92-2.16 (2.023,
//     -2.6%), 167-188 MB, 34,606 faults;
//   - the 56 MB Parquet, 6 rounds: main 2.26-2.68 (2.423), 196-218 MB,
//     45,181 faults; this 2.24-2.41 (2.310, -4.7%), 209-218 MB, 44,645.
//
// Measured and not kept (session 16, same conditions):
//   - The indexes of 2 MiB aligned too (the short index at 2^17 slots and
//     the mid index at 2^16, on the way to their final sizes): 7 rounds
//     1.63-2.19 CPU s (mean 1.869) against main's 1.73-2.37 (2.050), but
//     peak RSS 181-203 MB against 164-184 (the same +17 MB in 8 other
//     rounds): the freed 2 MiB indexes' huge pages stay in the heap.
//   - The entries and the arena (grow2) on 2 MiB boundaries too: 2,000
//     fewer faults, no change in CPU (8 rounds, 1.817 against 1.806 CPU s
//     with only the indexes aligned), and the arena's unused capacity
//     faulted in 2 MiB at a time.
//   - Each worker's table sized up front for its final size (2^18 slots,
//     2^17 mid slots, entries and arena; reserve from newCountTable), to
//     save the doublings' copies and fresh pages: 6 rounds 1.65-2.00 CPU s
//     (mean 1.775), 38,369 faults, against 1.64-1.83 (1.733), 35,535
//     (the full index is prefaulted from the start; as in session 13, no
//     gain). The growth is not where the table's fresh memory costs.
//   - PREFETCHW instead of PREFETCHT0 for the short and mid home slots
//     (the kernel writes the count it loads): 6 rounds 1.78-2.07 CPU s
//     (mean 1.912) against 1.76-1.96 (1.868) with PREFETCHT0, load 21;
//     this package's perf samples 642 and 581 against 619 and 636.
//   - BenchmarkSummaryAddCorpus/words does not show huge pages: its
//     iterations reuse heap memory faulted in 4 KiB pages (184.8 ms
//     cpu-s/op main, 180.2 this, 5 runs each, p=0.69).
//
// # Growth from 1 MiB straight to 4 MiB (session 17)
//
// The two indexes double when 3/4 full, and a worker's on the mail corpus
// passed through 2 MiB (2^17 slots, 2^16 mid slots) on the way to 4 MiB:
// garbage from then on, held on 4 KiB pages (then). In a perf
// profile of main's default audit of the 200 MB JSONL, clear_page_erms was
// 4.76% of all samples, 4.55% of them under this package's growth
// (growTo 1.78%, addMid's growMidsTo 1.86%, newEntry's grow2 0.91%): the
// tables' fresh pages are most of the process' page zeroing. An index of 1
// MiB that fills now grows to 4 MiB at once (step;
// TestTableGrowthSkips2MiB), at a load of 3/16. Measured with the binaries alternated, 3 s apart, CPU s
// (user+sys), mean peak RSS and minor faults, main against this:
//   - at load 7-10: the default audit of the 200 MB JSONL, two sets of 6
//     rounds, 1.19-1.38 (mean 1.295), 182 MB, 33,450 faults against
//     1.19-1.40 (1.278), 174 MB, 32,726; and 1.27-1.36 (1.323), 182 MB,
//     33,644 against 1.28-1.44 (1.340), 177 MB, 33,174. --checks none, 8
//     rounds: 0.53-0.61 (0.566), 114 MB, 14,029 against 0.52-0.61
//     (0.566), 106 MB, 13,264. The 56 MB Parquet, 6 rounds: 1.48-1.71
//     (1.597), 216 MB, 39,401 against 1.40-1.62 (1.518), 209 MB, 39,247.
//     The 30 MB JSONL, 4 rounds: 0.240, 96 MB, 14,403 against 0.255, 92
//     MB, 13,128.
//   - at load 19-22: the JSONL, 6 rounds, 1.28-1.43 (1.377), 177 MB,
//     33,119 against 1.37-1.41 (1.395), 180 MB, 33,235; --checks none, 8
//     rounds, 0.63-0.74 (0.664), 108 MB, 14,300 against 0.59-0.76
//     (0.646), 110 MB, 12,940; the Parquet, two sets of 6, 1.690, 210 MB,
//     40,328 against 1.660, 213 MB, 39,586, and 1.683, 209 MB, 39,547
//     against 1.643, 211 MB, 38,820.
//
// Fewer faults in 8 of 9 sets (116 more to 1,360 fewer), a peak 4.4-8.6
// MB lower at the lighter load but 2-3 MB higher at the heavier one, and
// CPU inside its noise: a small gain in fresh memory, not in CPU. A
// vocabulary that ends between 49,152 and 98,304 short and long tokens
// (24,576 and 49,152 mid ones) per worker now holds an index of 4 MiB
// where it once ended on 2.
//
// # One vocabulary for both workers: measured, not built (session 17)
//
// Each worker's table ends up holding most of the corpus' distinct tokens
// (185,383 of about 199,000 on a 100 MB half of the mail corpus), so the
// idea was one shared, read-mostly table of the keys with each worker's
// counts in a small array by token id. Measured first, with the binaries
// of main (94d4813), 3 s apart, CPU s (user+sys):
//   - What a second vocabulary can cost at most: the same binary with -j 1
//     against -j 2 (one table, no merge, against two and a merge, plus
//     whatever else two workers cost), --checks none on the 200 MB JSONL,
//     6 rounds: at load 2, 0.552 against 0.578 (90 against 117 MB peak
//     RSS, 9,600 against 14,050 faults); at load 7, 0.483 against 0.592
//     (89 against 115 MB). On the Parquet, load 4: 0.692 against 0.767
//     (118 against 140 MB; the reader's per-worker buffers are in that
//     too). The default audit, load 7-8: JSONL 1.145 against 1.313 (157
//     against 180 MB), Parquet 1.470 against 1.620 (189 against 216 MB),
//     most of it outside this package.
//   - What the shared table costs on the hot path: the per-worker count
//     by id, as a stand-in in the kernel (every short or mid token found
//     at home also incremented counts[id] in a per-Summary []uint32 sized
//     to the entries, the slot's count kept too): the kernel's share of
//     the default JSONL audit's perf samples 18.8-19.2% to 21.2-22.5%
//     (3 rounds alternated), this package's 29.7-31.1% to 31.9-34.2%;
//     6 rounds of CPU s at load 4, 1.19-1.27 (mean 1.222) against
//     1.19-1.45 (1.297, +6%). The count is a second dependent line per token, as in the
//     layout before slots held their counts (see slot).
//
// That is as much as the most a second table costs at a light load, before
// the side tables of unseen tokens and their folding between batches that
// a real one needs, so it was not built. Tables split by hash partition
// would hand each worker's tokens of the other partition across cores
// (a write and a read of 8-16 bytes for half of all tokens, the lines
// moving between the cores): not measured.
//
// Measured in the kernel and not kept (session 17, same conditions):
//   - Two blocks deep again, now that the index is on huge pages (session
//     16 found the home-slot load 16% of the kernel's samples): in perf the
//     short token's home load fell from 11.5% of the kernel's samples to
//     10.0%, the mid token's from 7.2% to 4.5%, the miss branch's from
//     7.6% to 4.5%, but the PREFETCHT0 rose from 5.7% to 8.4% (perhaps
//     the fill buffers full); 6 rounds of the default JSONL audit, load 4,
//     1.16-1.24 CPU s (mean 1.207) against 1.12-1.30 (1.222) two deep.
//   - Probing past the home slot in the kernel (stage B): a short token
//     not at home looked for in the next 7 slots, a mid one in the next 3,
//     up to an empty slot or the index's end. The Go loop's records on a
//     100 MB half of the mail corpus fell from 669,000 to 344,000 (short
//     tokens past home 281,000 to 21,500, mid 82,000 to 16,700; the rest
//     are new tokens, 152,000, and long ones, 154,000), but the probes
//     cost the kernel what they saved the Go loop: in perf, 3 rounds, the
//     slow paths (addHash, addMid, countLongHome, memeqbody,
//     countASCIIAsm) 5.8-6.3% of samples to 5.1%, the kernel 18.5-20.6%
//     to 19.9-20.1%; BenchmarkSummaryAddCorpus/words 121-131 cpu-ms/op
//     (mean 126.3) against 125-139 (129.9), 6 runs alternated, load 5.
//   - Prefetching a long token's entry from stage B (when its home slot,
//     prefetched in stage A, holds a long token of its hash), so that the
//     Go loop's byte compare waits on the arena's line alone: in perf, 4
//     rounds at load 10-13, countLongHome and memeqbody 95-121 samples
//     (mean 110) to 80-99 (87), but the kernel 18.4-19.8% of samples to
//     18.8-21.0%, this package 29.7-32.0% to 29.7-32.4%: the kernel now
//     waits on that home slot itself. Each of these moved a wait on a line
//     from one loop to the other.
//
// # What the index's size costs, measured again (session 18)
//
// Stand-ins, not kept (wrong counts, the CPU of the work only): stage B
// counted every short and mid token in a per-worker direct-mapped array
// of 16-byte cells (the hash compared, a miss overwrote the cell; long
// tokens as before), --checks none on the 200 MB JSONL, 6 rounds each
// alternated 2 s apart, load 6-10, CPU s (user+sys), mean:
//   - with session 17's kernel: arrays of 256 KiB 0.412 (user 0.327), 1
//     MiB 0.428 (0.350), 2 MiB 0.445 (0.368), 8 MiB (the two indexes' size)
//     0.478 (0.385);
//   - with the kernel below (fewer instructions, so more of it waits on
//     the home slots): 256 KiB 0.457 (0.365), 1 MiB 0.478 (0.388), 2 MiB
//     0.500 (0.397), 8 MiB 0.548 (0.422);
//   - the short tokens alone in such an array, the mid tokens in their
//     real index (8 rounds): 1 MiB 0.565 (user 0.466), 2 MiB 0.582
//     (0.476), 4 MiB (the short index's size) 0.603 (0.477).
//
// So an index that fits in the L2 cache (2 MiB a core) saves little user
// time: the short tokens' index at 2 MiB instead of 4 none, both indexes
// at 2 MiB instead of 8 about 0.025 s of a 1.2 s audit. Most of what a
// smaller index saves is its fresh memory (sys: 5 ms a MiB at that load).
// An exact index that small needs about 11 bytes a distinct token
// (190,000 a worker): 8-byte short slots holding h<<k over a small count
// and the displacement (the home's k bits are the slot's place), entry
// ids in a cold array beside them for the slow paths, the long tokens in
// an index of their own, 16-byte mid slots; not built (the estimate above
// is 1-2% of the default audit's CPU, most of it fresh memory).
//
// Kept:
//   - promote (table.go): a token found past its home slot that has been
//     counted more often than the home slot's token trades places with
//     it. On a 100 MB half of the mail corpus the short tokens found past
//     home fell from 236,667 to 115,033, the mid ones from 63,438 to
//     38,132 (the Go loop's records from about 669,000 to 523,000).
//     BenchmarkSummaryAddCorpus/words 6 runs alternated, load 4: 131.9 to
//     127.6 cpu-ms/op (-3.3%, p=0.026); 10 more at load 6-7 did not tell
//     them apart.
//   - countShortASCII's instructions: the next block's cand kept shifted,
//     the carry caught by INCL's zero flag, the block's first byte kept
//     instead of its number, the short token's entry written in its own
//     path, entries of 4 words (the word hash's place found from the
//     entry's): 271.1 to 240.1 million instructions in the kernel on the
//     30 MB corpus (cachegrind, -11.4%). In perf the wait on the short
//     home slot rose from 13% of the kernel's samples to 21%.
//   - Both, against main's binary, the default audit of the 200 MB JSONL
//     in perf, 9 rounds alternated at load 6-9: this package's share of
//     the samples 28.9-31.6% (mean 30.8) to 29.0-31.0% (30.0), the
//     kernel's 18.5-20.1% (19.5) to 18.3-20.2% (19.1); the Parquet, 6
//     rounds: 24.9-27.0% (26.1) to 23.9-27.3% (26.0). CPU s at load 7-11
//     did not tell them apart (medians 1.60 and 1.61 on the Parquet).
//
// # Fresh memory and the merge's loads (session 19)
//
// In perf (page faults by the first frame of this package), the default
// audit of the benchmark Parquet spent 2.3% of its samples faulting in
// the copies of the entries and the arena as grow2 doubled them (about
// twice the memory they end with, on huge pages from 4 MiB), and up to
// 6% of the JSONL's, in runs where the host had taken memory back, on the
// batch's word hash buffer, which slices.Grow grew by a quarter at a time
// (about five times the buffer it ends with, in a worker's first
// batches). The index's own prefault (resized) is the rest: 35-460
// samples a run, by how much memory the host has taken back.
// Kept:
//   - The entries and the arena in chunks that are never copied (4,096
//     entries; 64 KiB of token bytes, a longer token in a chunk of its
//     own; keyRef.off numbers the chunk); the word hash buffer doubles
//     (wordRoom). The Parquet, perf, 4 rounds alternated at load 4-6:
//     this package's fault samples 43-196 (mean 101) to 31-87 (46),
//     newEntry's 18-76 to 8-12.
//   - merge reads no entry or arena of o for a token of 16 bytes or
//     fewer: a mid token's bytes are its slot's words, a short token's its
//     hash (shortToken: shortHash is a bijection). That entry load was 78%
//     of merge's own samples. BenchmarkTableMergeCorpus, 8 runs each at
//     load 7-9, the four lowest: 9.1-12.5 ms with the chunks alone,
//     8.2-10.4 with this.
//
// All three against main's binary, the default audit, each run 3 s after
// the last, alternated, load 4-9 (CPU s user+sys, mean and range; peak
// RSS; minor faults): the Parquet, 8 rounds, 1.255 (1.11-1.56), 192 MB,
// 37,393 against 1.201 (1.04-1.50), 193 MB, 38,453; the JSONL, 8 rounds,
// 1.044 (0.94-1.12), 170 MB, 33,444 against 1.020 (0.93-1.12), 163 MB,
// 31,467. Earlier sets of the first two alone: Parquet 1.267 against
// 1.185 and 1.247 against 1.185 (6 rounds each), JSONL 1.100 against
// 1.110 and 1.092 against 1.062. The 2 GB JSONL's peak, 2 runs each:
// 648,660 and 668,180 KiB against 696,396 and 641,052 (runs spread 10%).
//
// Not tried, and why: mid slots of 24 bytes (no hash, recomputed when the
// index grows) would make the mid index 3 MiB instead of 4 a worker, but
// a quarter of its slots would span two cache lines, and a 3 MiB index is
// half on 4 KiB pages (hugeAligned advised whole huge pages); its gain
// (about 1 MiB of fresh memory a worker) is under this VM's noise.
//
// # The indexes on 4 KiB pages (session 19, second round)
//
// What a default audit of the 200 MB corpus leaves in the indexes (two
// workers): each worker's short and long tokens 119,700-126,000 in 2^18
// slots (load 0.46-0.48), its mid tokens 54,000-57,000 in 2^17 (load
// 0.41-0.43); after the merge 136,721 and 62,521 (0.52, 0.48), the same
// for the JSONL and the Parquet. Neither fits the next size down at the load of 3/4 the
// indexes grow at (98,304 and 49,152), and at a load near one half every
// 4 KiB page of an index holds slots in use: the whole index is touched
// whatever its start, so starting smaller saves nothing (sizing up front
// measured no gain either, session 16), and the ~11-byte sketch (session
// 18) is the only way to fewer pages.
//
// What a fresh page costs depends on its size here. In perf (cpu-clock,
// -F 4000, default audit, 2 runs a file) the indexes' prefault (resized)
// took 0.6-0.8% of samples in three runs of four, and 15.4% in the fourth
// (a JSONL run; clear_page_erms 14.9%, about 190 ms zeroing the indexes'
// 16 MiB of huge pages where the host had taken the memory back); on 4
// KiB pages it took 1.0-1.3% in every run. A 4 KiB page mostly comes from
// pages the guest freed lately, a huge page from a whole free 2 MiB block,
// the kind the guest reports to the host (internal/hugepages' doc). The
// indexes are now made with make, on 4 KiB pages (hugeAligned and its
// hugepages.Advise are gone; TestTableIndexesNotHuge). The TLB misses
// huge pages saved (session 16) did not show in user time any more.
// Measured against int (754e2c2), the default audit, binaries alternated,
// each run 3 s after the last, load 4-9 (CPU s user+sys, mean and range;
// sys; peak RSS; minor faults):
//   - the Parquet, 10 rounds: 1.194 (1.10-1.50), sys 0.169, 200 MB, 38,700
//     against 1.094 (1.03-1.18), 0.088, 190 MB, 42,172 (-8.4%); 8 more:
//     1.271 (1.13-1.40), 0.167 against 1.193 (1.14-1.30), 0.096 (-6.1%);
//   - the JSONL, 10 rounds: 1.008 (0.93-1.08), sys 0.147, 170 MB, 32,062
//     against 0.992 (0.94-1.06), 0.112, 164 MB, 36,441 (-1.6%); 8 more:
//     1.049 (0.98-1.16), 0.168 against 0.976 (0.95-1.04), 0.110 (-7.0%);
//   - GODEBUG=disablethp=1 on int's binary (the same change: the indexes
//     were Advise's only caller), 8 rounds: JSONL 1.128 against 1.073,
//     Parquet 1.231 against 1.195;
//   - each run 3 s after a DuckDB top-N of the same file (the
//     side-by-side benchmark's order): the Parquet, where the huge pages
//     were cheap (int's sys 0.09-0.14), 5 rounds 1.076 against 1.104
//     (+2.6%, user 0.964 against 1.000), 4 more 1.210 against 1.175
//     (-2.9%): no difference over the 9; the JSONL, 5 rounds, 1.024
//     (0.91-1.12), sys 0.162 against 0.988 (0.93-1.01), 0.118 (-3.5%);
//   - BenchmarkSummaryAddCorpus/words, 8 runs alternated: 107.4 to 102.9
//     cpu-ms/op (-4.2%, p=0.003), 23.9 to 19.9 MiB/op (hugeAligned's
//     unused 2 MiB an index).
//
// There are 4,000 more minor faults (16 MiB in 4 KiB pages instead of 8
// huge ones; resized's share of the faults in perf -e page-faults from
// 5.9-6.9% to 17-20% on the JSONL, 3.9-5.5% to 15-18% on the Parquet)
// and sys is lower; peak RSS 6-10 MB lower. Measured and not
// kept: only the mid index on 4 KiB pages, the short one on huge pages
// (its probes are 90% of all): Parquet 8 rounds 1.201 and JSONL 1.022,
// against 1.193 and 0.976 with both on 4 KiB pages (and int's 1.271 and
// 1.049, same rounds); after DuckDB, 4 rounds, 1.165 against 1.175.
//
// # Stage B once a window (session 20)
//
// In perf (cpu-clock, -F 8000, 3 runs of the default audit of the 200 MB
// JSONL) the kernel's samples fell on the instruction after each
// PREFETCHT0 (the short token's 11%, the mid token's 8%: the prefetch
// waits for a fill buffer or a page walk before it retires), on stage B's
// home-slot compares (about 8%), on its length and miss branches (about
// 10%), and on the two loop exits of every block (stage A's when the
// block's starts run out, stage B's when its entries do: about 5%), each
// mispredicted about once a block of some ten tokens. Stage B now counts
// the whole window's entries (16 blocks, up to 512; the pipe always had
// room for them) in one pass after stage A has found them all: one
// stage-B exit a window instead of one a block, and each home slot
// prefetched up to a window, not a block, before it is read. The records
// come out in the same token order, so entry ids, counts and word hashes
// are unchanged (TestCountShortASCII, now with a slot counted hundreds of
// times through 2^32 in one pass, FuzzCountShortASCII). Measured against
// main's code built the same way (da-b0), binaries alternated, each run 3
// s after the last, load 1-4, CPU s (user+sys) mean and range, peak RSS,
// minor faults:
//   - perf, default JSONL audit, 3 runs each, two sets (the first with
//     stage B every 16 blocks, the same schedule): the kernel's samples
//     1,759 to 1,451 (-17.5%) and 1,810 to 1,539 (-15%); this package's
//     2,666 to 2,408 and 2,793 to 2,477; all samples 8,625 to 8,688 in the
//     first set (other packages' samples rose by as much, within their
//     noise), 9,003 to 8,789 (-2.4%) in the second;
//   - BenchmarkSummaryAddCorpus, 6 runs alternated: text 98.7 to 89.5
//     cpu-ms/op (-9.3%, p=0.002), words 110.3 to 99.1 (-10.1%, p=0.002);
//   - the Parquet, 6 rounds: 1.080 (1.05-1.17), 191 MB, 42,681 to 1.043
//     (1.02-1.07), 192 MB, 41,613 (-3.4%, user 0.960 to 0.932); in an
//     earlier set of 5 (stage B every 16 blocks, the same schedule)
//     1.034 to 1.014;
//   - the JSONL, 6 rounds: 0.942 (0.92-0.96), 163 MB, 35,618 against
//     0.942 (0.92-0.97), 166 MB, 36,509 (user 0.823 to 0.802, sys 0.118
//     to 0.140); 6 more, new first in each round (load 1.7 after a busy
//     spell): 1.063 (1.01-1.11), 163 MB, 34,847 to 0.980 (0.94-1.02), 160
//     MB, 33,960 (-7.8%, user 0.922 to 0.865); the 12: 1.003 to 0.961
//     (-4.2%). Earlier sets of 5 (stage B every 16 blocks): 0.976 to 0.942
//     and 0.954 to 0.914.
//
// Measured with it and not kept: stage B every 2 or 4 blocks (JSONL, 5
// rounds: 0.952 and 0.966 against 0.976 for main and 0.942 once a
// window), and windows of 32 blocks (JSONL 0.936 against 0.914 at 16,
// Parquet 1.006 against 1.014: no difference).
//
// # Two pipes: short tokens apart (session 20, second round)
//
// After stage B once a window, stage B's branch on the token's length
// (short or mid: mispredicted about once a block) held about 9% of the
// kernel's samples (perf annotate, default JSONL audit). Stage A now
// pushes the short tokens to one pipe (4 words: hash, slot, st | l<<32,
// where its word hash goes) and the tokens of 9 bytes or more to a second
// (5 words: w0 or longHash, slot, st | l<<32, w1, where its word hash
// goes; at most 8 a block), and stage B counts each pipe in its own loop:
// the short loop has no length test at all, the second loop's (long
// tokens always miss: a longHash can equal a short token's hash) is taken
// by about one entry in nine. Each pipe's records are in token order, and
// countASCIIAsm merges the two by start, so the Go loop sees them in the
// order it did and entry ids, counts and word hashes are unchanged
// (TestCountShortASCII, FuzzCountShortASCII, TestCountShortASCIIMixed,
// TestCountShortASCIILongHash now reads the second pipe's records).
// Measured against int's binary (da-r2base), each run 3 s after the last,
// alternated, CPU s (user+sys) mean and range, peak RSS, minor faults:
//   - BenchmarkSummaryAddCorpus, 6 runs alternated, load 1: text 97.3 to
//     89.3 cpu-ms/op (-8.2%, p=0.002), words 109.0 to 100.2 (-8.0%,
//     p=0.009);
//   - the Parquet, 6 rounds, load 1.6-2.8: 1.287 (1.22-1.36), 187 MB,
//     41,623 to 1.240 (1.19-1.35), 191 MB, 41,663 (-3.7%, user 1.162 to
//     1.112; lower in 5 rounds, even in 1);
//   - the JSONL, 6 rounds, load 0.7-1.2: 1.138 (1.11-1.18), 161 MB,
//     34,399 to 1.075 (1.06-1.09), 160 MB, 34,616 (-5.5%, user 1.002 to
//     0.930; lower in every round);
//   - second sets, new first in each round, load 1-2: the Parquet 1.233
//     (1.20-1.26), 191 MB, 42,200 to 1.213 (1.18-1.26), 187 MB, 40,633
//     (-1.6%); the JSONL 1.087 (1.06-1.15), 161 MB, 34,712 to 1.077
//     (1.05-1.16), 159 MB, 34,631 (-0.9%, user 0.960 to 0.940); the 12
//     rounds of each: Parquet 1.260 to 1.227 (-2.7%), JSONL 1.113 to
//     1.076 (-3.3%);
//   - perf (cpu-clock, -F 4000), one default JSONL audit each: the
//     kernel's samples 844 to 661, countASCIIAsm's (the merge) 78 to 111,
//     the binary's 4,273 to 4,073. What is left in the kernel: the
//     instructions after the short and mid PREFETCHT0 (14% and 8.5% of
//     its samples), the short loop's compares (about 10%);
//   - earlier sets with wordRoom's make below (load 0.6-7.7): JSONL 6
//     rounds 1.022 to 0.997, 5 rounds 1.086 to 1.044; Parquet 6 rounds
//     1.177 to 1.172.
//
// Measured and not kept: wordRoom making its new buffer (make and copy)
// instead of slices.Grow, which zeroes all of its new room, so that pages
// the batch never reaches stay untouched: the default JSONL audit, 5
// rounds at load 0.6, 1.086 CPU s, 159 MB, 34,303 faults for int against
// 1.090, 163 MB, 35,886 (the faults, as in session 18, only moved).
// Smaller JSONL chunks, so that a batch's text and word hashes (about
// 650 KB for 512 KiB of JSONL) leave more of the L2 cache to the index
// (--chunk-bytes, with two pipes), 5 rounds alternated at load 1.1-2.1:
// 512 KiB 1.084 CPU s, 161 MB, 34,679 faults; 256 KiB 1.098, 157 MB,
// 34,159; 128 KiB 1.086, 158 MB, 33,770 (user 0.948, 0.946, 0.920, sys
// 0.136, 0.152, 0.166): no difference, the default stays.
//
// # The records' loop, and what did not help (session 21)
//
// countASCIIAsm built the kernel's arguments as a composite literal every
// window: the compiler wrote it to a temporary and copied it, and the
// copy's loads (two words each, of words just stored one at a time) held
// 19% of the function's own samples. They are now set field by field once
// a text (the window sets the word hashes' place and the indexes), the
// two pipes are merged by plain indexes, and a short token's record gives
// the Go loop the kernel's shortHash instead of it being found again.
// Measured against main's binary (06a499d), the default audit of the
// benchmark Parquet, each run 3 s after the last, alternated, load 0.4-2:
//   - perf (cpu-clock, -F 8000), 3 runs each: countASCIIAsm's own samples
//     1.86-1.97% to 1.37-1.48%, this package's (with memeqbody) 24.61-24.88%
//     (mean 24.78) to 23.98-24.71% (24.35);
//   - 8 rounds, CPU s (user+sys) mean and range, peak RSS, minor faults:
//     1.102 (1.07-1.13), 188 MB, 41,550 against 1.097 (1.08-1.12), 191 MB,
//     41,810; earlier sets (the literal still made once a window, the rest
//     as now): 1.189 against 1.163 (8 rounds), 1.145 against 1.145 (6);
//     a fourth, new first in each round, load 0.5-1.9: 1.265 (1.18-1.37),
//     190 MB, 41,602 against 1.271 (1.13-1.34), 186 MB, 40,830 (user 1.068
//     against 1.097); the JSONL, 7 rounds: 1.006 (0.92-1.10), 161 MB,
//     34,807 against 0.971 (0.93-1.03), 160 MB, 33,863 (user 0.856 to
//     0.851);
//   - BenchmarkSummaryAddCorpus, 6 runs alternated: -0.97% (text p=0.49,
//     words p=0.94).
//
// About 0.4% of the audit by perf: inside the rounds' noise, which does
// not tell the two binaries apart.
//
// Measured and not kept (same conditions):
//   - Mixing the word hashes every 4,096 (after the text that passes that
//     many) instead of the batch's at its end, so that mix64AVX512 reads
//     them from L1 or L2, not from the last level (a Parquet batch holds 1.3
//     MB of them): 8 rounds 1.176 CPU s for main against 1.179; in perf
//     mix64AVX512 kept its share (1.04-1.10% of samples for main, 1.20%)
//     and the kernel's rose (13.7-13.8% to 14.6%), as when session 15 mixed
//     every window. The pass does not wait on memory.
//   - PREFETCHT0 512 bytes ahead of the word hashes' next store, once a
//     block (the store stream through a buffer of 1.3 MB, reused from
//     batch to batch): 6 rounds 1.128 against 1.145 (main and the records'
//     loop above alike; user 1.018 against 1.025 and 1.042),
//     BenchmarkSummaryAddCorpus -1.35% (text p=0.70, words p=0.13), the
//     kernel's perf share 13.9% (one run; 13.2-14.0% for main).
//   - The short pipe's entries in 2 words instead of 4 (the hash and st |
//     l<<32: stage B finds the home slot again from the hash, SHRX, SHL and
//     ADD instead of a load, and its records are 2 words; the Go loop needs
//     no word hash's place for a short token): two stores fewer a token in
//     stage A, the pipe half as large, and no change: the kernel's perf
//     share 14.2% (one run), BenchmarkSummaryAddCorpus -0.33% (text p=0.59,
//     words p=0.31; with the prefetch above). The kernel does not wait on
//     its stores.
//
// # The Go loop's probes, and what did not help (session 22)
//
// Of a default audit's records (one table, -j 1, the benchmark Parquet:
// 28.2 million tokens, 731,000 records) 220,000 are short tokens found
// past their home slot and 103,000 new ones, 76,000 mid tokens found past
// home and 62,000 new ones, 184,000 long tokens found at home, 53,000 past
// it and 33,000 new. In perf (cpu-clock, -F 8000, the default audit of the
// benchmark Parquet) half of addHash's samples sat on the load of the
// slot after home: a probe past home, or a new token's search for an
// empty slot (2.5 slots on average at a load of one half), leaves the home
// slot's line, which stage A prefetched, a quarter of the time or more (4
// slots a line; a mid slot is half a line). Stage B now prefetches the
// next line (PREFETCHT0 64(CX)) of every home slot it misses in, before
// the Go loop probes it. Measured against main's binary, binaries
// alternated, each run 3 s after the last:
//   - perf, 3 runs each (load 2-4): addHash 1.21-1.47% of samples to
//     1.03-1.10%, addMid 0.79-0.92% to 0.52-0.72%, the kernel unchanged
//     (13.18-14.00% against 13.16-13.93%), this package with memeqbody
//     23.20-24.13% to 22.70-23.50% (about -0.5%);
//   - the Parquet, 6 rounds (load 8 falling to 0.5; CPU s user+sys, mean,
//     peak RSS, minor faults): 1.252 (1.11-1.41), 187 MB, 41,412 against
//     1.263 (1.13-1.42), 188 MB, 41,764: the rounds' noise hides it;
//   - BenchmarkSummaryAddCorpus, 6 runs alternated (load 2.3): text
//     97.5 to 91.6 cpu-ms/op, words 110.9 to 106.7 (p=0.24 and 0.59).
//
// Measured and not kept (same conditions):
//   - Stage B prefetching a long token's entry (when its home slot holds a
//     long token of its hash: entries[id>>12][id&4095]), and the Go loop
//     its arena bytes from that entry before it merges the window's
//     records (a prefetch in assembly): in perf countLongHome 0.86-0.89% of
//     samples to 0.48-0.50%, addHash and addMid lower still, but the
//     kernel 11.1-12.8% to 12.9-13.6% (it now loads that home slot), this
//     package's total 20.0-21.6% against 21.8% (one run; as session 17
//     found from stage B one block deep). The Parquet, 6 rounds: 1.238 CPU
//     s (1.11-1.34), 190 MB, 41,448 faults against 1.252 for main; the
//     JSONL, 6 rounds: 1.038 (user 0.867), 158 MB, 34,118 against 1.043
//     (0.888), 158 MB, 34,233: inside the noise, and perf saw no gain.
//   - The batch's word hash buffer made at a batch's start for its text's
//     bytes / 4 + 512 hashes (a new buffer, nothing copied, max(that, 1.5
//     times the last)), instead of wordRoom's doublings: in perf -e
//     page-faults that buffer's memmove and memclr were 5,177 of the
//     Parquet audit's 40,474 faults (slices.Grow copies, then zeroes the
//     new half), and the reservations never fell short on either corpus
//     (6 buffers a run instead of 20 doublings). But 3 rounds of the
//     Parquet: 40,641, 45,412, 41,446 faults for main against 40,731,
//     41,317, 43,199, CPU 1.30-1.41 against 1.30-1.37: the garbage's pages
//     are reused by the next allocations, so the faults only move (as in
//     sessions 18 and 20); what faults is the heap's peak, not the garbage.
//
// # Fresh memory of the tables, counted (session 22)
//
// perf record -c 1 -e page-faults -g of main's default audit of the
// benchmark Parquet (42,599 faults; the JSONL's alike) put 5,800 on
// resized (the indexes' prefault), about 4,100 on the Summary's word hash
// buffer (wordRoom's slices.Grow, inlined into countASCIIAsm: perf
// reports its copy and its zeroing as runtime.memmove and
// memclrNoHeapPointers under countASCIIAsm and countTokens, because
// those have no frame of their own and the frame-pointer chain skips
// their caller), and 1,176 on the entries and the arena (newEntry; the
// arena's append is reported under addHash and addMid). Of resized's
// faults 4,096 are the four indexes the workers end with (4 MiB each,
// their load 0.41-0.48: see the indexes on 4 KiB pages) and the rest the
// sizes they pass through on the way, from 2^10 slots and 2^8 mid slots.
//
// A fault is a page the process touches first, and the total follows the
// heap's high-water mark, not its garbage: pages the GC frees are taken
// again by the next allocations without a fault (the rowstores' blocks
// during the read, the finishes' slices after it), so memory that becomes
// garbage early costs its faults only once. Measured, fault counts only,
// 7 runs of each binary alternated, each 3 s after the last (mean, sd):
// main 41,028 (905), peak RSS 188 MB; the indexes made at their final
// sizes from the start 40,239 (1,114), 186 MB; the word hash buffer made
// once for the batch's bound (make of (text bytes)/2 + rows + 512 words,
// a quarter more, so that the kernel never grows it: a make's fresh
// pages are faulted in only where written) 41,895 (1,213), 196 MB. The
// word hash buffer's faults in perf fell from about 4,100 to 1,900, and
// other functions' (the rowstores' and the near-duplicate finish's
// zeroing) rose by as much: the garbage it no longer left had been their
// memory; and a buffer larger than it fills counts as live heap, which
// raises the GC's goal (peak RSS +8 MB). Not kept.
//
// Kept: presize. A Summary expected to read presizeBytes (24 MiB) of
// stored input or more (Options.WorkerBytes: the inputs' sizes over the
// read's workers, analysis.Config.WorkerBytes, set by a scan) starts its
// indexes at 2^18 slots and 2^17 mid slots, the sizes a worker's table
// of mail reaches from about 15 MB of text on: no rehashing through the
// smaller sizes and no garbage from them (TestSummaryPresize). Smaller
// inputs, streams and shards (WorkerBytes 0) grow as before.
// Session 23: the presize is done at the worker's first Add, not in
// NewSummary. analysis.Workers makes every worker's analyses on one
// goroutine before the read starts, so both workers' 16 MiB of fresh
// index pages were faulted in on one core while the other idled: in
// perf timelines of the benchmark Parquet's default audit
// (benchmarks/timeline/timeline.sh perf, a slow host, first touches
// 20-35 us) that was 60-170 ms of one core, between the package inits
// and the first decode, in each of four runs of 35f8541; with the presize
// at the first Add none of three runs shows it (each worker faults its
// own indexes in on its goroutine while the decoder runs), and the
// process window fell 1,224 to 1,027 ms in the first pair (CPU and
// faults unchanged: the same pages are touched).
// Measured against main's binary (952b20b), the default audit, 6 rounds,
// each run 3 s after the last, the binaries' order flipped every round,
// load 0.5-4.9 (CPU s user+sys, mean and range; sys; peak RSS; minor
// faults): the JSONL 1.127 (1.03-1.31), sys 0.227, 158 MB, 34,803 to
// 1.050 (0.97-1.18), 0.195, 161 MB, 35,070 (-6.8%, lower in all 6
// rounds); the Parquet 1.257 (1.13-1.42), 0.192, 189 MB, 41,279 to 1.232
// (1.13-1.38), 0.193, 189 MB, 41,167 (-2.0%, lower in 4). Two earlier
// rounds on the Parquet, just before (the same sizes set by an
// environment variable, main first in each): main 1.03 and 1.20, this
// 1.13 and 1.30, so over the 8 no difference on the Parquet (1.222
// against 1.228). A second set, 4 rounds, this binary first in the odd
// ones, load 1.9-3.0: the JSONL 1.285 (1.16-1.46), 35,591 faults against
// 1.290 (1.17-1.43), 33,272; the Parquet 1.557 (1.42-1.68), 42,870
// against 1.465 (1.31-1.61), 41,314. Over both sets' 10 rounds: JSONL
// 1.190 to 1.146 CPU s (-3.7%), 35,118 to 34,351 faults; Parquet 1.377
// to 1.325 (-3.8%), 41,916 to 41,226; peak RSS unchanged (159 and 158,
// 190 and 189 MB). The faults hardly change, as above (their spread
// from run to run is about 1,000): what it saves is mostly the
// rehashing and copying of the smaller indexes. (Session 16's sizing up front, no gain, also sized the
// entries and the arena, on huge pages.)
//
// # The lengths and the long tokens' entries (session 24)
//
// In perf (cpu-clock, -F 8000) of main's default audit of the benchmark
// Parquet, this package was 24-26% of the samples, the kernel 14.4-15.6%,
// and two costs outside it were misses that nothing overlapped:
//   - addText's own samples (0.95-1.12%) sat 85% on the increments of the
//     bytes' and the characters' length counts (lengths.Dist: 32 KiB of
//     counts each, evicted between batches by the analyses after this
//     one), a miss a text that the code after it waited on. addText now
//     keeps the lengths (textLens, at most maxLens) and addLens adds them
//     at the end of Add, a distribution at a time: independent
//     increments, whose misses overlap. addText 0.16-0.21%, addLens
//     0.21-0.29% (TestLengthsBatched).
//   - A long token the kernel hands the Go loop was compared through its
//     entry then its bytes, two misses one after the other (the entry's
//     load 37% of countLongHome's samples, 16% of addHash's). Its slot now
//     holds its hash's top 32 bits over its bytes' place in the arena
//     (longSlotHash), and the arena a 0 byte after every token of more
//     than 8 bytes, so that sameLong compares the bytes and the length at
//     once (TestLongSlotKeys). countLongHome and memeqbody 1.97-2.27% to
//     1.31-1.62%. Decoding a state now refuses a token holding a NUL
//     (TestDecodeRefusesNUL), as FromListed does.
//
// Measured against main's binary (630a69f), alternated, at a load of 10
// to 13 on the 2 cores (other sessions' builds and tests):
//   - perf, the Parquet, 8 runs each in two sets: this package's share
//     23.86-26.18% (mean 24.81) to 22.31-24.62% (23.22), so its CPU about
//     -8% with the rest of the run unchanged;
//   - perf, the 200 MB JSONL, 8 runs each: 27.31-31.93% (29.39) against
//     28.52-30.91% (29.60): the two changes' functions fell by 1.6 points
//     as on the Parquet (long tokens 2.29-2.71% to 1.56-1.89%, addText and
//     addLens 1.13-1.48% to 0.42-0.66%), but the kernel's share rose
//     from 16.77-20.46% (18.45) to 18.59-20.60% (19.66), in the noise of
//     that load or the kernel's own waits no longer hidden behind the
//     misses that went;
//   - CPU s (user+sys) mean and range, 8 rounds each, the order flipped
//     every round: the Parquet 1.321 (1.10-1.61) to 1.215 (1.10-1.51),
//     lower in 6 rounds of 8; the JSONL 1.209 (1.04-1.49) to 1.174
//     (1.07-1.32); peak RSS and faults unchanged (153 and 151 MB, 32,691
//     and 32,003; 144 and 145 MB on the JSONL); a set of 6 rounds
//     each once the load fell to 0.1-2.1: the Parquet 1.078 (0.99-1.23)
//     to 1.035 (0.98-1.11), the JSONL 0.948 (0.82-1.12) to 0.937
//     (0.82-1.02), lower in 4 rounds of 6 each; a third perf set on the
//     Parquet, 3 runs each: 23.74-24.69% against 22.23-24.56%;
//   - BenchmarkSummaryAddCorpus, 10 runs alternated (benchstat): text
//     90.5 to 83.0 cpu-ms/op (p=0.19), words 96.1 to 91.0 (p=0.22),
//     geomean -6.8%, not significant at that load; B/op +2.1% and +0.5%
//     (the lengths' list, the 0 bytes).
//
// # Where the kernel's cycles go, and what did not help (session 25)
//
// perf (cpu-clock, -F 8000) of main's default audit of the benchmark
// Parquet, 3 runs: this package 22.5% of the samples, the kernel 14%. Of
// the kernel's samples 18-20% sit on the instruction after the short
// token's PREFETCHT0 and 7-17% after the mid token's (the prefetch waits
// before it retires: a fill buffer or a page walk), 8-11% on stage B's
// home-slot compare, 5% after its INCL, 4% on csLonger's first loads
// (after the length branch, mispredicted about once a block). The mail
// texts are short: 137,265 texts in the 200 MB corpus, median 746 bytes,
// 20% of the bytes in texts of less than 1 KiB (one window).
//
// Kept: Tokenizer.Next's fast paths for runes of two UTF-8 bytes
// (lowerWord2) and U+FFFD (87% of the corpus' non-ASCII characters):
// Next, under countMixed and WordHasher, 0.49-0.53% of the samples
// (inclusive, perf -g, 4 runs each alternated) to 0.32-0.37%; its samples
// in package unicode and utf8.DecodeRune's slow path 196 to 46 over the 4
// runs (TestTokenizerRunes2 checks every such rune against the regexp).
// About 0.2% of the audit: the default audit, 8 rounds alternated with
// main's binary (load 3-9), CPU s user+sys 1.204 to 1.163 on the
// Parquet, 0.901 to 0.911 on the JSONL, inside the rounds' noise.
//
// Measured and not kept (binaries alternated, load 4-9):
//   - Long tokens' arena bytes prefetched from stage B: a pass over the
//     second pipe before the short tokens' loop loaded each long token's
//     home slot and, where it held a long token of the same top 32 hash
//     bits, PREFETCHT0'd its bytes (the chunk from a.arena). In perf, 6
//     runs each, countLongHome 1.00% of samples to 0.67% (its wait on the
//     arena's byte, 40% of its samples, went), but the kernel 13.80% to
//     14.63% and this package 22.08% to 22.66%: the pass now waits on the
//     slots stage A has just prefetched. BenchmarkSummaryAddCorpus, 8
//     alternated (noisy, ±25%): text 109.7 to 116.9 cpu-ms/op, words 120.0
//     to 123.2, n.s. The same pass after the short tokens' loop, so that
//     those slots have had longer to arrive: countLongHome 1.14% to 0.71%,
//     the kernel 15.62% to 16.55%, this package 24.05% to 24.83% (6 runs
//     each). About 280,000 long tokens a run, and the kernel's rise is
//     some 40 ns each: a load of a slot stage A prefetched a window
//     earlier still costs about a miss to memory (a page walk too, on 4
//     KiB pages: see the indexes on 4 KiB pages).
//   - The same, and stage B counting a long token found at home itself
//     (its bytes and the arena's 0 byte compared as two AVX-512 masked
//     loads, no record for the Go loop): countLongHome 0.52%, the kernel
//     14.80%, this package 22.52% (6 runs). Most long tokens are new
//     ones, not found at home (one 32 MB batch of the 30 MB corpus:
//     39,861 long records, 8,091 found at home), and countLongHome's
//     remaining samples sit 74-78% on the home slot's load even after the
//     kernel has loaded that slot: the load waits on the fill stage A's
//     prefetch started, wherever it comes.
//   - merge prefetching, 32 of o's slots ahead, a long token's bytes in o's
//     arena (from its slot's longSlotHash) and, where t's home slot holds
//     a long token of the same top 32 bits, that one's in t's arena (the
//     lines sameLong compares; a PREFETCHT0 helper in assembly): the
//     samples with merge on the stack, perf -g of the default Parquet
//     audit, 5 runs each, 85-120 (mean 100) against 93-144 (108).
//     BenchmarkTableMergeCorpus, 8 runs alternated, 17.2 against 15.1 ms
//     at ±50% (the load), n.s.
//   - PREFETCHT1 instead of PREFETCHT0 for stage A's home slots: the
//     kernel 14.85% of samples to 18.39% (stage B then reads L2); NTA:
//     15.26% (5 runs each).
//   - A stand-in with the kernel's word hashes stored to 32 KiB of scratch
//     instead of the batch's buffer (1.3 MB a batch, out of the caches by
//     the next batch; on the binary with the arena prefetch above): the
//     kernel's samples 1,634-1,908 against 1,728-2,218 with the buffer (3
//     runs each): its stores are not what it waits on (as session 21
//     found with a prefetch ahead of them).
//
// # The kernel's waits measured again, and what did not help (session 26)
//
// perf (cpu-clock, -F 8000) of main's default audit of the benchmark
// Parquet, 3 runs: the kernel 16.3-16.8% of the samples, this package
// with memeqbody 25.5-26.5%; of the kernel's samples 18-20% after the
// short token's PREFETCHT0, 13% after the mid token's, 8% on stage B's
// home-slot compare, 5.5% after its INCL. This VM's perf has no hardware
// events (dTLB-load-misses: not supported), so what the prefetches wait
// on was told apart by stand-ins (scratch code, not kept), each against
// main's binary alternated:
//   - Texts joined (is it the short texts?): BenchmarkSummaryAddJoined,
//     BenchmarkSummaryAddCorpus/words with the same 64 MB of texts joined
//     by a newline into texts of at least 1 or 4 KiB, in batches of 1 MB
//     of text either way; with 4 KiB texts every window but a text's last
//     is 16 blocks, and stage B follows stage A by a full window. joined0
//     against joined4096 in perf (whole benchmark binary, -benchtime 6x;
//     the samples of the corpus' reading left out), 3 runs each
//     alternated: the kernel's samples 1,352, 1,212, 1,309 for the
//     corpus' texts against 1,502, 1,282, 1,499 joined, this
//     package's 2,039, 1,809, 2,018 against 2,265, 1,914, 2,327 (cpu-ms/op
//     90.0, 81.0, 89.5 against 102.4, 84.7, 110.6). Joining does not help:
//     the texts of a few tokens, which end the window (and the prefetch
//     distance) early, and the per-text work around the kernel cost
//     nothing measurable, so pipelining stage B across texts has nothing
//     to win.
//   - Both indexes on huge pages again (session 16's hugeAligned, removed
//     in 461150b, put back): the kernel's samples 1,472, 1,626, 1,443 to 1,328, 1,355, 1,201
//     (-14%; its share 15.5-16.7% to 14.2-15.7%), this package's 2,287,
//     2,477, 2,180 to 2,115, 2,164, 1,827 (-12%); the mid token's
//     PREFETCHT0 13% of the kernel's samples to 4.7%, the short token's 18%
//     to 16%, stage B's compare 8% to 11%: much of the prefetches' wait is
//     the TLB (page walks, nested on this VM). But the page faults and
//     zeroing (clear_page_erms, exc_page_fault) took 110-117 samples a run
//     on 4 KiB pages and 127-527 on huge ones (one run in three paid about
//     50 ms for huge pages the host had taken back), so the CPU did not
//     move: the default audit of the Parquet, 8 rounds alternated (ab.sh,
//     load 2-3), 1.088 CPU s, 148 MB, 31,314 faults against 1.076, 151 MB,
//     28,120; 8 more (load 2-3.5): 1.061 (user 0.976, sys 0.085), 153 MB
//     against 1.093 (0.968, 0.125), 152 MB. Session 19's finding stands.
//   - The short index alone on huge pages (its probes are 90% of all; as
//     session 19 measured it): the Parquet, 8 rounds in the set above,
//     1.034 (user 0.939, sys 0.095), 150 MB; 8 more (load 6-7): 0.967
//     (0.890, 0.078), 147 MB for main against 0.982 (0.890, 0.092), 152
//     MB. No gain, 5 MB more peak RSS.
//   - Every 4 KiB page of both indexes read once at the start of each Add
//     (2,048 loads, so that the TLB misses of a batch's first probes, after
//     the other analyses have run on the worker, would overlap instead of
//     stalling the prefetches one by one): the kernel's share 14.9, 15.8,
//     14.9% to 14.6, 15.3, 13.8% (3 runs each, load 3-7), inside the
//     noise: the TLB misses are the steady state's (2,048 pages of index a
//     worker, probed at random), not a batch's re-warming.
//
// Not tried, and why: utf8.Valid runs only on texts not all ASCII and was
// 0.26-0.34% of the samples, so folding it into lowerBitsAVX512 could save
// at most about 1% of this package; a hot front table was measured twice
// (session 13, above); the ~11-byte slots (session 18) would cut the
// indexes' pages by about half, which the huge pages' -14% of the kernel
// bounds from above, with a packing cost session 13 measured at +15%.
//
// # Counting partitioned by home slot: measured, not built (session 28)
//
// Databases aggregate a batch cache-consciously: radix-partition its
// keys by the top bits of their home slot, then count each partition,
// whose slots fit in L2. Its upper bound was measured outside the command
// first (benchmarks/tokpart: the stream of one worker's 100 MB of the
// 200 MB corpus, 15.9 million tokens of at most 16 bytes, 94,680 short
// and 58,085 mid distinct, counted again in full 2^18 and 2^17 indexes
// in batches of 700 texts; ns a token, the lowest of 5 passes, two runs
// under the lock at load 3-5):
//   - the kernel's pattern (a window of 160 tokens prefetched, then
//     counted): 1.92 and 1.97; with 48 MB of other memory written between
//     batches, as the analyses after this one do, 2.52 and 2.53;
//   - the same over each batch sorted by hash beforehand (not timed): the
//     locality any partitioning could give, at no cost: 1.73 and 1.76;
//     2.27 and 2.18. At most 0.2-0.3 ns a token, 4-6% of the kernel's
//     time in the audit (16% of 1.0 CPU s for some 32 million tokens,
//     about 5 ns each): the prefetch a window ahead already hides most of
//     the home slots' misses, and no partition pass can be free;
//   - partitioned (scatter: 16 bytes a short token, 24 a mid one; then
//     each partition counted): 4 partitions 5.88 and 3.52, 16 5.02 and
//     3.00, 64 5.47 and 4.93; with the 48 MB between batches 6.98 and
//     7.49, 5.86 and 8.93, 6.43 and 14.58. The scatter's stores and the
//     partition pass's unprefetched loads cost more than the misses they
//     save: 1-3 ns a token more than the kernel's way.
//
// The bar set for building it (15% of countShortASCII's time) is out of
// reach even at no cost, so it was not built into the kernel.
//
// Measured in the kernel and not kept (same session; perf, cpu-clock, -F
// 4000, the default audit of the benchmark Parquet, 4 runs each
// alternated with main's binary, the kernel's share of the samples):
//   - the mid token's PREFETCHT0 left out (its 9% of the kernel's samples
//     looked like a stall of its own): 14.88% to 18.21% (this package
//     23.90% to 26.57%): stage B then waits on those slots, longer;
//   - PREFETCHW instead of PREFETCHT0 for both home slots (stage B writes
//     the line it counts in): 16.08% against 16.46%, no difference;
//   - the mid index alone on huge pages (resized aligning it to 2 MiB and
//     hugepages.Advise; the mid token's prefetch costs more than the short
//     one's a token, and session 26 measured both indexes on huge pages
//     and the short one alone, not this): 9 runs each in two sets, the
//     kernel 16.87% and 16.26% to 15.63% and 15.31%, this package 25.82%
//     and 25.53% to 24.48% and 24.67%, but the page faults' path
//     (clear_page, exc_page_fault and the like) 2.13% to 2.86% (3.65% and
//     4.36% in two runs of five: fresh huge pages the host had taken
//     back), and CPU s (ab.sh, 12 rounds alternated, load 12-15) 0.987
//     against 0.978, faults 32,926 against 31,516: the kernel's gain is
//     paid back in faults, as session 26 found for both indexes.
//
// What Summary.Add spends outside the kernel, in the same profiles (about
// 9% of the audit against the kernel's 15-16%), is spread thin and waits
// on memory: the Go loop of records (countASCIIAsm) 1.4-1.6% of the
// samples, countLongHome 1.3-1.5% (its home slot's load and sameLong's
// arena bytes, 45% and 44% of its samples), addHash 1.1%,
// lowerBitsAVX512 1.1-1.2% (half of it on the text's load), mixAll's
// mix64AVX512 0.35-0.6% (on the word hashes' load), addMid, newEntry,
// Tokenizer.Next, addLens and WordHasher.Hashes 0.3-0.5% each. In a
// page-fault profile (perf -e page-faults, one run) the word hash
// buffer's growth (wordRoom: copies and clearing) is 7% of the faults,
// about 2,400 (10 MB); presizing it would save about half of those, some
// 2 ms of CPU a run.
//
// # Word hashes for the analyses after it
//
// As it counts a batch's tokens, the Summary also appends StableHash of
// each to a buffer of its own and leaves it on the batch
// (ingest.Batch.Words), so that the near-duplicate check, which runs after
// it in the same worker, builds its MinHash signatures without tokenising
// the texts again: 8 bytes a token of the current batch, reused from batch
// to batch (at most 16 MiB kept). WordHasher finds the same hashes for a
// text on its own, with the same bitmap loop (FuzzWordHashes,
// TestSummaryWordHashes).
package stats
