// Package audit holds dataaudit's use cases: Scan, Profile, Merge, Compare
// and Verify. Each takes a configuration and returns what the command
// writes (a report.Document, a profile.Profile, a comparison.Report, one
// report.Verified per file); while it runs it talks to its caller only
// through Hooks: Notify for a note (a stream spooled), Progress for a
// progress display around each read of the inputs, and, for a scan,
// Findings for every finding before the report keeps a few of each kind.
//
//	cmd/dataaudit:  flags ─► ScanConfig ─► audit.Scan(ctx, cfg, hooks) ─► report ─► outputs ─► exit code
//	                                        │
//	internal/audit:  expand inputs, refuse outputs that are inputs,
//	                 analysis.RunFinished over cfg.Analyses() (the registry
//	                 Analyses: read, merge, Finish), then for every analysis the same:
//	                 its Section placed at its Spec.Report key
//	                 (report.Document.Place), its findings appended, its
//	                 Metrics kept for the gates, its Drop merged for the
//	                 export; export the deduplicated corpus, check gates
//
// No code here names an analysis' section type or reads a metric out of
// a section: a new analysis is a spec in Analyses and a switch in
// ScanConfig.On (see package analysis). GateDocs documents the gate
// metrics from the specs; the command says with which flag each is
// computed.
//
// A use case does not know how it is asked for: no flag spelling, no
// terminal, no file it writes besides what its configuration names as
// part of the run (an export, a CPU profile). The command maps what a
// use case says in its terms to its own: ScanConfig.Unavailable names the
// analysis or the need a gate metric lacks, and the command names the
// flag. Outputs and Reads in a configuration are only checked against the
// inputs before anything is read (outfile.CheckOutputs).
//
// # Errors
//
// A use case returns a plain error for an input or internal failure, and
// typed errors the command maps to exit codes in one place:
//
//	UsageError     a configuration that cannot run (exit 2, with a hint)
//	DataError      a report over data not all usable, or with no usable record (exit 2, after writing)
//	DataGateError  a report over data past a limit set on it, --max-bad-records (exit 3, after writing)
//	GateError      gates reached (exit 1)
//	NoReportError  an error that left no report (an interruption says so)
//
// Scan and Profile return their report whatever the data; Verdict and
// ProfileVerdict then say whether it was all usable and whether a gate
// was reached, so that the command writes the report first.
//
// # Shards
//
// ScanShard and ProfileShard run a scan or a profile as shard K of N of a
// job array (package shards plans the part of the inputs each reads) and
// return its state file: the settings, the file table and every
// analysis' portable state. MergeStates decodes the N state files,
// merges their states with the analyses' own Merge in shard order and
// finishes them with the code a one-process run uses (scanRun.document,
// profile.Assemble), so the result is the same byte for byte. A scan
// with second passes takes two rounds: the merged first pass goes back
// to the shards (ScanShard's pass1), whose second passes merge with it.
//
// # The end of a scan
//
// What runs after the last finish (the near duplicates', on one core) is
// on the critical path. Session 15 measured it with timestamps on the
// 200 MB corpus and kept: the summary alone (no other report) reads the
// excerpts of the findings it shows only (ScanConfig.ExcerptsShown: 20
// rows read again instead of 2,674) and skips hugepages.KeepHeap's
// collection (scanRun.smallTail: 14-22 ms under load); with every
// finding listed, the excerpts the first read kept are filled as each
// analysis finishes (excerptEarly). Rejected: reading the rows not kept
// as each analysis finishes too (+12-20 MB peak RSS on the JSONL).
//
// Session 16 looked at what holds a core idle around the read with Go
// execution traces (running goroutines per 20 ms, and what the last one
// to stop blocked on): the excerpts' read no longer checks the fields of
// the first 1,000 records again, and the first read checks them while
// its first chunks are read (ingest.Run, fieldChecks).
//
// Tried and not kept (session 16): rowstore.CollectAfterRead on a
// goroutine of its own, the merges started once its mark had ended (the
// runtime's count of forced collections went up), its sweep beside them.
// runtime.GC sweeps every span on the waiting goroutine, the other core
// idle: 28 ms in a traced run at load 8, and from the read's end to the
// first merge 18.4 ms before, 5.9 ms after (one traced run each, load
// 24). But the finishes then took fresh memory the full sweep would
// have given them: Parquet default audit, 5 rounds alternated at load
// 20, peak RSS 198-217 MB without, 225-245 with; faults 43,075-46,051
// (mean 44,923) and 43,689-50,417 (46,348); CPU 1.99-2.16 and
// 1.91-2.11 s, within the noise. Peak RSS is CPU here.
//
// # Where the default audit's fresh memory goes (session 18)
//
// Page faults of `scan FILE -q` on the 200 MB corpus (main 888e46d,
// perf record -e page-faults -c 1 -g -d, each fault given to the first
// project function on its stack), JSONL / Parquet:
//
//	count tables, key arenas, lowercasing scratch (stats)  38% / 36%
//	near duplicates' rows and finish (dups near*)           30% / 26%
//	Parquet pages, zstd, batch text (ingest/columnar)        0% / 13%
//	JSONL read: text buffers, read(2) into chunks           14% /  0%
//	row starts kept for the excerpts (batch.Kept)          0.5% /  9%
//	outliers' rows; exact duplicates' rows                 4+4% / 5+3%
//	package init; the runtime's own (spans, stacks)        4+3% / 3+2%
//
// of 30,180 / 37,043 faults. 94% of the JSONL's are in the Go heap
// (27,720 distinct 4 KiB pages, 108 MB); a page faulted twice (given
// back by the scavenger, then touched again) was 2.5%. The read
// allocates 185 / 224 MB, and 88 / 118 MB are live after its collection
// (count tables 36, near duplicates' rows 31.5, exact and outliers' rows
// 6.75 each, row starts kept 0 / 23); the finishes allocate 54 MB more
// on both (the near duplicates' 40 of it, inputOrder's copies 17.4), so
// the peak is the finishes' as often as the read's. In CPU samples
// (perf record, cpu-clock) page faults were 6.1% / 4.9% of the audit
// and read(2) 4.9% of the JSONL's; a scan of one row costs 33 ms of CPU
// and 2,850 faults (dataaudit --version: 9 ms, 1,670).
//
// A fault goes to the function that touches a fresh page first, which
// is not what makes the page fresh. The largest single site, the growth
// of a batch's word hashes for the near duplicates (stats, asciiasm.go's
// slices.Grow and append: 4,548 / 6,073 faults), was sized once from the
// batch's text in a prototype (not kept): its faults moved to the first
// writes and the totals stayed 30,207 / 36,627. What sets the count is
// the heap's extent: the live state plus the garbage at the read's end,
// or the live state plus the finishes' allocations after it, whichever
// is larger (about 150 MB either way on the JSONL: the heap at the read's
// end varied 119-146 MB from run to run, the peak RSS 168-170).
//
// # The wall around the read (session 20)
//
// Timestamps of the default audit of the 200 MB corpus (main 60bea37,
// quiet machine, two runs each, Parquet / JSONL, from package analysis'
// initialization): making the analysers took 1.5 / 2.7 ms before the read
// (made beside the read: analysis' doc, not kept); the first batch
// 7-8 / 5-7 ms after the read starts (Parquet: 1,300 faults of the
// first 50 ms are io.ReadAtLeast's, the column chunk read into fresh
// memory; JSONL: the first 512 KiB chunk decoded into fresh memory in
// 2.4 ms, later chunks in 1.2); the read ends at 464-468 / 395-400
// ms; the collection after it 1.6-2.1 ms; every finish but the near
// duplicates' done 32-37 ms later, theirs 81-84 ms after the read; the
// report 2 ms. Outside them, start-up about 6 ms and the exit about 10
// ms (strace: exit_group to the last thread gone, the kernel freeing
// some 200 MB), both on one core. The fault accounting above holds
// (perf record -e page-faults -c 1 -g): count tables' resizes 14 / 17%,
// near duplicates' rows 18 / 16%, row starts kept 9 / 0%, inputOrder's
// copies 5 / 3%; the finishes allocate 48 MB (near duplicates 27 of it,
// inputOrder 17.4), on top of 104 / 82 MB live.
//
// # The start and the end (session 26)
//
// Where the default audit of the benchmark Parquet leaves a core idle
// (main 3e31f0d; benchmarks/timeline: timeline.sh perf, then
// perf_timeline.py in 2 ms bins and phases.py; three runs under the CPU
// lock, two of them at autogroup nice -15, each with under 25 core-ms of
// other processes' samples): the run took 460-692 ms, of which
//
//	start to the first analysing worker's sample  10-22 ms, 10.0-24.5 core-ms idle
//	the read                                      6.6-27.0 core-ms idle
//	the finishes, excerpts and report             70-90 ms, 6.9-17.6 core-ms idle
//	the exit                                      10-14 ms on one core
//
// The start is the runtime's and the packages' initialization on one
// core (GODEBUG=inittrace=1: 7.2-8.2 ms for 383 packages, arrow/compute
// the largest at 1.1 ms), with the page faults of the 100 MB binary,
// then the decoder alone about 2 ms. The exit is the kernel freeing the
// memory (exit_mmap: unmap_page_range, free_pages_and_swap_cache; at
// the exit 114 MB of anonymous and 51 MB of file pages resident). In the
// finishes both cores are busy but for the near duplicates' own waits
// (band lists: 8 ms in one run), their lone last thread (about 4 ms) and
// the report (about 2 ms): in the quietest run their work, 162 core-ms
// in 90 ms, filled 90% of two cores, so no order of the finishes can
// save more than about 9 ms, less the report's on one core. Tried and
// not kept:
//   - The near duplicates' finish (the longest, with goroutines of its
//     own) started first and the other finishes run one after another
//     on one goroutine (GOMAXPROCS less one), so that they do not take
//     both cores from its band lists: 10 rounds alternated (ab.sh, 2 s
//     apart): wall 0.550 -> 0.567 s, CPU 0.936 -> 0.938 s; in a
//     timeline the finishes took 110 ms against 70-90 (106 in one where
//     other processes took 58 core-ms of them): the replay's goroutine,
//     the critical path, waited behind its band-list makers and the
//     other finishes' goroutine (four runnable on two Ps, which Go's
//     scheduler runs in turn).
//   - One or two Ps more (runtime.GOMAXPROCS) from the read's end to
//     the last finish, so that the kernel rather than Go's scheduler
//     shares the two cores among the finishes' goroutines and a woken
//     replay finds a P: from the read's end to RunFinished's return,
//     12 rounds of each alternated, 104.8 ms (mean) with none, 88.5
//     with one, 90.9 with two, then 14 rounds 78.8 with none and 82.7
//     with one (CPU 0.942 and 0.959 s): noise, no gain.
//   - debug.FreeOSMemory on a goroutine of its own once the last finish
//     is done, beside the report, so that the exit has less memory to
//     free: 12 rounds alternated, wall 0.659 -> 0.673 s, CPU 1.143 ->
//     1.164, faults 31,704 -> 32,727.
//
// Why the order of the finishes hardly matters: Go execution traces of
// the same audit (two runs at nice -15, tracedev build,
// benchmarks/timeline/near_states.py) put the near duplicates' finish
// goroutine 93-120 ms from its start to its end, Running 40-56 ms,
// Waiting for the next band's list and guesses 31-53 ms, and Runnable
// (ready, no P free) only 10-12 ms: the replay mostly waits for the
// band-list makers, whose work (with the other finishes') keeps both
// cores busy. What shortens that end is less CPU in the band lists and
// guesses, not another order.
//   - The inputs' pages that are not in the page cache read ahead at
//     the scan's start (on a goroutine: mincore over a read-only
//     mapping, MADV_WILLNEED on each run of missing pages, 128 KiB at
//     most a call; one MADV_WILLNEED or POSIX_FADV_WILLNEED of the whole
//     file filled few of its holes on this host's kernel). This host
//     pages out file pages it judges cold (DAMON), so a run took 11-15
//     major faults (perf record -e major-faults, two runs), 7-11 of them
//     in the Parquet's mapped column chunks; the rounds' means (%F) were
//     1.0-1.2 with the read-ahead against 10.1-11.6, but wall 0.639 -> 0.642 and 0.537 -> 0.516
//     s (two sets of 10 rounds alternated, 2 s apart), and with 40 runs
//     of 64 KiB dropped from the page cache before every run (8 rounds)
//     0.495 -> 0.512 s, CPU 0.934 -> 0.949: the disk serves a fault in
//     well under a millisecond, and the mincore and madvise calls cost
//     1-3 ms of CPU on the 54 MB Parquet, 3-13 on the 190 MB JSONL.
//
// # The serial end after the finishes (session 28)
//
// What runs on one core once every analysis has finished, before the
// exit: perf record -a -g at 8 kHz of the benchmark Parquet's default
// audit, samples under scanRun.finished and main.run outside the
// analyses and the read, 5 and 6 runs (host at load 1-14): 3.42 ms a run
// at main 6216817, 1.73 ms with SortFindings a counting sort (0.65 ms
// was sort.SliceStable's), groupByKind keeping only the findings a
// report shows (0.8 ms was WriteText copying all 6,948 into per-kind
// slices), place growing doc.Findings once (0.23-0.35 ms of growslice),
// FindingsByKind and TextShown counting runs of a kind (~0.1 ms of map
// operations). What is left there: the excerpts (excerpt.Add, 0.3 ms
// without its read), the text report's printing (0.3 ms), the setup
// before the read (0.3 ms, of which LargestRowGroup's first decode of
// the footer 0.17-0.19: a Thrift walk for the row groups' sizes alone
// was tried and not kept, since arrow-go's footer decode in the read
// then ran on cold code and the walk measured no faster, 87-495 us
// against 58-501 at load 20).
//
// The start, measured again (GODEBUG=inittrace=1, perf of 5 runs of the
// audit): the runtime's schedinit 0.8-1.8 ms (itabsinit alone 0.85: the
// binary's 3,964 itabs, 2,155 of them from github.com modules, 966 from
// google.golang.org and cloud.google.com), arrow-go's inits 1.1-1.7 ms,
// the cloud SDKs', protobuf's and gRPC's 2-3 ms, this module's 0.2 ms
// (outliers' runeClass2 and stats' lowerWord2 tables, from package
// unicode, are most of it), then the decoder alone 3-5 ms before the
// first batch, mostly zstd's sequence decoding. Every large init comes
// in through a feature: arrow/compute through pqarrow's
// parquet/internal/encoding, gRPC through arrow/flight (pqarrow) and the
// Cloud Storage client, encoding/gob through net/rpc, which
// googleapis/enterprise-certificate-proxy (the Cloud Storage client)
// imports, klauspost/cpuid (CPUID exits to the hypervisor) through
// zeebo/xxh3, which arrow-go's internal/hashing imports.
//
// The exit, measured again (perf record -a -g, 3 runs): 10.5-12.3 ms in
// exit_mmap, all of it the kernel freeing pages (free_pages_and_swap_cache,
// unmap_page_range); /proc/self/smaps at the exit: 108.6 MB of heap
// (anonymous, 4 KiB pages), 18.2 MB of the binary's text and 15.9 MB of
// its read-only data resident. The syscall.Munmap in CPU profiles (0.6%)
// is mapIn's 4 MiB windows unmapped during the read, not the exit.
//
// # A profile-guided build, measured and not kept (session 32)
//
// go build would use cmd/dataaudit/default.pgo if it existed (-pgo=auto),
// so a profile of the default audit (six --cpuprofile runs, three of
// each 200 MB benchmark file, merged: 28 KB) was tried. Whole runs
// alternated with the start binary at load 8-15 (order swapped each
// round): CPU ratio PGO/start median 0.991 over 26 pairs on the JSONL,
// 1.001 over 24 on the benchmark Parquet, wall 0.952 and 0.981; the
// JSONL's peak RSS 159-177 MB against 137-155 (the collections fall
// elsewhere). In-process, test binaries built -pgo=off and with the
// profile: the evasion check's BenchmarkAddCorpus/lazy -2.7% (median
// of 12 pairs' ratios), outliers' BenchmarkAddCorpus no gain, the token
// summary's within its noise: the hot kernels are assembly, which PGO
// leaves alone. Against that, the first build with a profile recompiles
// every package (8 minutes at load 12), and the profile goes stale as
// the code moves. Not kept; worth measuring again on a quiet host
// (benchmarks/README.md, "A profile-guided build").
//
// The tokenizer of a profile or a comparison is chosen here too
// (LoadTokenizer, CompareTokenizer); the command passes the name of its
// flag for the messages, as it names outputs (outfile.Path.Flag).
package audit
