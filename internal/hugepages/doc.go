// Package hugepages lets the Go heap of a long scan be backed by transparent
// huge pages on Linux.
//
// # Why
//
// A scan streams its input through buffers that are reused, but its count
// tables and row state grow with the corpus, and every page of heap it
// touches for the first time is a page fault. On the 2-core Firecracker VMs
// this project is measured on, one 4 KiB page fault costs about 12 us
// (mapping and touching 64 MiB took 200 ms), while the same memory as 2 MiB
// transparent huge pages cost about 0.2 us per 4 KiB (3.6 ms). A scan of the
// 200 MB benchmark corpus took 15,000 page faults, 0.20-0.25 s of system
// time on 1.3 s of user time; with the heap on huge pages it took 1,800 faults
// and 0.10 s, and the user time fell too (fewer TLB misses on the count
// tables' random probes). Memory the VM has handed back to its host (freed
// a few seconds earlier, by this or another process) costs about 7 us per
// 4 KiB even as huge pages: there, only touching less memory helps.
//
// Since Go 1.21.1 the runtime no longer asks for huge pages for its heap,
// and most distributions set transparent huge pages to "madvise", so without
// help a Go heap gets 4 KiB pages.
//
// # How
//
// Prime allocates one large, untouched block from the Go heap, marks its
// address range MADV_HUGEPAGE, and frees it again. The runtime hands out
// free heap pages lowest address first, so the allocations that follow land
// in the marked range and fault in 2 MiB at a time. Fresh heap memory is
// never touched by the allocator itself, so the block costs address space,
// not memory. Prime is an optimisation only: every failure is ignored.
//
// It does nothing when transparent huge pages are "never" or already
// "always", on other systems, on 32-bit platforms, with strict overcommit
// (vm.overcommit_memory=2, where the block would be charged), under a
// limit on address space (ulimit -v, which the block could exceed), or
// when GODEBUG has disablethp=1, the runtime's own switch for turning huge
// pages off for the heap.
//
// # Advise, and why the commands no longer call Prime
//
// Advise marks one large structure read at random (a token count table's
// index, entries and key bytes) instead of the whole heap. Measured in
// session 12 on the 200 MB benchmark corpus, each run after a DuckDB run
// or 3 s after the last (memory the host had taken back): with the whole
// heap primed the default audit spent 0.42-0.69 s of system time; with
// only the count tables advised, 0.24-0.35 s, and 1.00-1.09 s wall
// against 1.11-1.23 (four rounds each, alternated). Run right after
// another scan, whose freed memory the host had not yet taken back, the
// primed heap was faster: that is the case the numbers above this section
// were measured in. Prime stays for callers that know their memory is
// warm.
//
// # What a page cost in session 18, and Advise measured again
//
// A microbenchmark (64 MiB of fresh anonymous memory, one byte written
// per 4 KiB, each round 3 s after the last, CPU from getrusage) gave on
// the VMs of session 18: 4 KiB pages 1.5-1.8 us of CPU per 4 KiB,
// MADV_POPULATE_WRITE 1.1-1.3, MADV_HUGEPAGE 1.0-18 (mostly 5-12). The
// guest reports its free 2 MiB blocks to the host (free page reporting:
// page_reporting_* in kernel profiles), so a huge page is mostly memory
// the host took back, while 4 KiB pages often come from pages freed
// recently. Advise was measured again at the audit level, switched off
// with GODEBUG=disablethp=1: six alternated rounds of the default audit
// of the 200 MB JSONL, each 3 s after the last, load 5: CPU 1.227 s
// (1.15-1.36) with it, 1.243 (1.15-1.30) without, page faults 33,200
// against 38,000, peak RSS 164 against 167 MB. Each run after a DuckDB
// top-N of the file and 3 s (the benchmark's order, where the host has
// taken back the memory DuckDB freed: clear_page_erms 8.3% of the
// audit's samples, 27% of them under the count tables' resizes), six
// rounds at load 11-16: 1.417 s (1.35-1.46) with it, 1.477 (1.41-1.57)
// without. The dearer faults are paid back by the cheaper random probes;
// Advise stays.
//
// # Session 19: no caller
//
// The count tables stopped calling Advise in session 19 (package stats'
// doc, "the indexes on 4 KiB pages"): zeroing their 16 MiB of huge pages
// where the host had taken the memory back cost about 190 ms in one run
// of four. The lead's five rounds in the benchmark's order (each run after
// DuckDB's top-N of the file and 3 s, load under 3), the final build
// against the same build with Advise put back: CPU 0.998 against 1.042 s
// on the 200 MB JSONL, 1.092 against 1.124 on the benchmark Parquet,
// 1.154 against 1.100 on DuckDB's snappy layout, 1.124 against 1.132 on
// the one-row-group zstd file; sys lower in three of the four. Advise is
// kept, tested, for a structure that measures better on huge pages.
//
// # MADV_POPULATE_WRITE at the audit level (session 21, not kept)
//
// Session 18's microbenchmark had MADV_POPULATE_WRITE at 1.1-1.3 us a
// page against 1.5-1.8 for faults. A Populate (one madvise on a new
// allocation's whole pages) was tried on the benchmark Parquet's default
// audit, 3 s apart, load under 1.3: on each new row-store block, the
// excerpts' row-start slabs and the resized count-table indexes (in place
// of Prefault), 7 rounds alternated: CPU 1.064 s against 1.093, but peak
// RSS 194.2 MB against 184.6 (a block's unused end populated too);
// without the count tables, 1.099; the count tables alone, 10 rounds,
// 1.090 against 1.083, RSS 188.2 against 184.9. No gain told from the
// noise, and more memory.
//
// # After the peak
//
// KeepHeap, for a command that enabled it, keeps the heap's memory once
// most of it has died (a scan's analyses have finished), so that what
// follows reuses it instead of faulting it in again 4 KiB at a time.
package hugepages
