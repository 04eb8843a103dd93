package rowstore

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"unsafe"
)

// held is the bytes of blocks allocated by Blocks.Add and not yet found
// unreachable by the garbage collector.
var held atomic.Int64

// hold counts blk's bytes in held until the collector finds them
// unreachable. A block is 1 << blockShift items: one cleanup a block is
// nothing next to its fill.
func hold[T any](blk []T) {
	n := int64(cap(blk)) * int64(unsafe.Sizeof(*new(T)))
	if n == 0 {
		return
	}
	held.Add(n)
	runtime.AddCleanup(unsafe.SliceData(blk), func(n int64) { held.Add(-n) }, n)
}

// Held returns the bytes of the blocks of every Blocks that the garbage
// collector has not yet found unreachable.
func Held() int64 { return held.Load() }

// PaceGC keeps the garbage collector's slack off the row store until
// StopPacing: once the blocks hold minHeld bytes, the collector's target
// becomes percent above the live heap that is not blocks (Held), instead
// of above the whole live heap. It does nothing when GOGC is set, or when
// it is pacing already.
//
// # Why
//
// The per-row state of a scan (duplicates, outliers, label checks) grows
// with the corpus and is all live until the analyses finish. With GOGC=50
// the heap was let grow to 1.5 times it before each collection: the
// default audit of the 2 GB corpus peaked at 910 MB of RSS with 540 MB
// live. The slack is for garbage, and the row store makes none: its
// blocks are appended to, never copied or freed before the end. Every
// megabyte of slack the heap grows into is memory touched for the first
// time, which costs about 1.5 ms of system time on the VMs this is
// measured on (see package hugepages). Collections come more often
// instead, but the blocks hold no pointers, so marking them costs next to
// nothing; under minHeld the collections saved outweigh the memory (200
// MB of mail: 15 MB less, 10 more collections).
//
// Tried and rejected (session 14): a floor, no collection under a 64
// MiB heap (the percentage raised to put the target there, at most 1600,
// since the runtime's smallest target, 4 MiB at GOGC=100, scales with
// it). GOGC=50 puts that smallest target at 2 MiB, so the default audit
// of the 200 MB JSONL runs ten collections in its first 80 ms, 18 in all;
// with the floor 9 (gctrace). Six alternated rounds 3 s apart against
// main, load 12-16: CPU (user+sys) 1.73-1.98 s before, 1.81-2.03 after;
// peak RSS 179-197 MB before, 188-200 after (the early garbage, the count
// tables' old slots, is reused later, so the heap spreads wider). The
// collections saved cost less than the noise; the memory was worse.
//
// Tried and rejected (session 16): a lower percentage, GOGC=30 and
// GOGC=20 against PaceGC's 50 (the 200 MB corpus's blocks stay under
// minHeld, so 50 throughout): CPU 1.60 and 1.64 s against 1.55, peak RSS
// 200 and 187 MB against 187, six alternated rounds at load 7-9. The
// read ends before the heap reaches even the lower targets (at its end:
// 145 MB of heap, 122 MB live at the last collection, target 183 MB), so
// the peak is the live heap plus the garbage made since the last
// collection, and the extra collections cost CPU.
//
// Tried and rejected (session 17): the runtime's 100% while the live
// heap is under 32 MiB (the collections of the first 50-100 ms, with
// targets from 3 MB), PaceGC's percentage above. The default audit of
// the 200 MB JSONL ran 12.1 collections instead of 16.3, but their CPU
// (gctrace: assist + background + idle workers) was 82.6 ms against
// 83.4, the run's 1.279 CPU s against 1.303 and peak RSS 170 MB against
// 169 (seven alternated rounds, load 4-7): the early collections mark
// a few MB each and cost next to nothing; what they might cost in wall
// time (goroutines parked in mark assists while a core idles, seen in
// execution traces of the first 20 ms) could not be measured at that
// load. (Parquet: 16 to 12 collections, the same GC CPU.)
//
// # How
//
// Until the first collection after it, the percentage puts the target at
// about 16 MiB (firstPercent). After each collection (a finalizer that
// sets itself again) it reads the live heap and sets the percentage to
// percent × (live − Held) / live, at least minPercent, so that a heap of
// little else than blocks is not collected again and again.
func PaceGC(percent int) {
	if os.Getenv("GOGC") != "" {
		return
	}
	paceMu.Lock()
	defer paceMu.Unlock()
	if pacing != nil {
		return
	}
	s := [2]metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(s[:])
	pacing = &pacer{percent: percent, cycles: uint64Value(s[0])}
	pacing.sample[0].Name = "/gc/heap/live:bytes"
	debug.SetGCPercent(firstPercent(percent, int64(uint64Value(s[1]))))
	pacing.arm()
}

// uint64Value is s's value, 0 if the runtime does not have it.
func uint64Value(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}

// cycles returns the number of collections the runtime has completed.
func cycles() uint64 {
	s := [1]metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s[:])
	return uint64Value(s[0])
}

// collected reports whether a collection has completed since PaceGC.
func (p *pacer) collected() bool { return cycles() != p.cycles }

// firstTarget is the heap under which PaceGC's first collection does not
// come (firstPercent).
const firstTarget = 16 << 20

// runtimeMinimum is the runtime's smallest heap target at GOGC=100; it
// scales with the percentage.
const runtimeMinimum = 4 << 20

// firstPercent is the percentage PaceGC sets until the first collection
// after it: percent, raised so that the target is about firstTarget when
// the heap the last collection left (live, 0 before any) is under it.
// The runtime's target is the larger of live × (1 + p/100) and
// runtimeMinimum × p/100.
//
// # Why
//
// The packages' inits leave about 3 MB of heap, and at PaceGC's 50% the
// runtime's smallest target is 2 MiB: every scan collected at once, and
// again at 3 and 4 MB (GODEBUG=gctrace=1; the 30 MB corpus ran 5
// collections under 10 MB, each marking a heap almost all live). A scan
// of a one-row file ran 3 collections and CollectAfterRead's, and the
// sweeps after them were a quarter of its page faults: the runtime's
// span sets take a fresh 4 KiB block per span class and sweep
// generation (spanSet.push, 460 faults), the pacer's finalizer runs (110),
// and the large blocks of the row store land on memory the collections
// freed, which must be cleared (Blocks.Add's memclr, 190). With GOGC=off
// the same run took 1,860 faults instead of 2,300.
//
// Measured (session 22, with package initgc's FirstPercent; 25 runs
// of the one-row file alternated with main's binary, load 1.5-5): CPU
// (task-clock) 23.1 ms before, 13.3 after; wall 20.4 and 13.7 ms; page
// faults 2,357 and 1,852; peak RSS 37.6 and 35.8 MB; no collection in
// the run (0 of 4). The default audits of the 200 MB corpus run 10
// collections instead of 14 (the first at 15 MB of heap, not 3) and did
// not move beyond the noise: JSONL CPU 0.976 s before, 0.947 after
// (7 alternated rounds 3 s apart, load 1.2-2.6), faults 34,650 and
// 34,540; Parquet 1.183 and 1.193 s (14 rounds, load 0.6-1.6), faults
// 41,560 and 41,430; RSS within 1.5 MB.
//
// Tried and not kept (session 22): the first target at 32 MiB (800%):
// JSONL CPU 1.008 s against 0.980 at 16 MiB and 0.983 on main, faults
// 32,770, 33,930 and 33,470 (4 alternated rounds, load 0.9-2): the
// collections it saves mark a few MB each.
func firstPercent(percent int, live int64) int {
	p := firstTarget * 100 / runtimeMinimum
	if live > 0 {
		p = min(p, int(100*(firstTarget-min(live, firstTarget))/live))
	}
	return max(p, percent)
}

// StopPacing ends PaceGC's pacing, and sets the collector's percentage
// back to PaceGC's: call it once the analyses that keep rows have
// finished. Before PaceGC's first collection it leaves the first
// percentage (firstPercent): the heap is still under its target, and
// PaceGC's own would collect it at once (the runtime's smallest target
// at 50% is 2 MiB; the inits leave 3 MB).
func StopPacing() {
	paceMu.Lock()
	defer paceMu.Unlock()
	if pacing == nil {
		return
	}
	pacing.stopped.Store(true)
	if pacing.collected() {
		debug.SetGCPercent(pacing.percent)
	}
	pacing = nil
}

// CollectAfterRead collects garbage once, while PaceGC is pacing (a run
// that keeps rows, with GOGC unset) and has collected at least once: call
// it when a read of the inputs ends, before the analyses are merged and
// finished. Before PaceGC's first collection the heap is under 16 MiB
// (firstPercent), and what a collection would free is less than its
// sweeps cost: on a one-row file it was 1 of 4 collections.
//
// # Why
//
// When a read ends, the buffers of its decoders and chunks and the
// garbage it made since the last collection are dead, but the heap does
// not know it until the next collection, which the finishes' own
// allocations trigger, too late: until then the finishes (near
// duplicates' references, radix scratch and copies of the word
// signatures, the exact duplicates' clusters, the outliers' columns) get
// fresh memory, faulted in a page at a time, on top of the dead. Collected
// first, they reuse it. On the 200 MB mail corpus (default audit, each
// run 3 s after the last, load 16-24), peak RSS fell from 196-222 MB
// (mean 210) to 191-203 (mean 196) over six rounds on the JSONL, with
// about 3,300 fewer page faults (40,000 to 36,700), and from 219-225 to
// 200-217 MB over three on the Parquet; CPU time did not move beyond
// the noise. The collection marks the live heap, mostly the row store's
// blocks, which hold no pointers. With the analysers' scratch dropped
// first (analysis.Trimmer), three rounds against main at load 20-35:
// JSONL 194-214 MB to 173-187, Parquet 220-253 to 192-206, CPU the same.
// On the 2 GB corpus the peak moved within its noise (716-822 MB before,
// 727-785 after, three runs each): there the finishes' own allocations
// on 600 MB of live rows make it.
//
// Tried and not kept (session 18): after this collection the runtime's
// scavenger gave 5-23 MB of the freed memory back to the system while
// the finishes allocated (GODEBUG=scavtrace=1, the 200 MB JSONL), about
// 700 pages of which were faulted in again, because PaceGC's target,
// 50% above the 88-94 MB live, is under the 140-150 MB mapped. Setting
// the percentage once after the collection so that the target is nine
// tenths of the heap mapped (what hugepages.KeepHeap sets after the
// finishes), until the next collection, cut that to 0-6 MB in three
// runs, but the finishes' 54 MB still ran one collection on the JSONL,
// and the CPU did not move: 10 alternated rounds 3 s apart at load
// 6-9, JSONL 1.216 s (1.11-1.36) before, 1.232 (1.13-1.35) after, page
// faults 33,300 and 33,800; Parquet 1.430 (1.24-1.70) and 1.428
// (1.22-1.65), 38,000 and 38,500 (8 more rounds at load 12: -2.3% and
// -2.5%, ranges overlapping). Keeping the target there at every
// collection until StopPacing still scavenged 8-21 MB in three runs.
//
// Tried and not kept (session 21, mem3), on the benchmark Parquet (its
// RSS, polled every 10 ms: 172 MB when the read ends, 195-197 after the
// finishes; the JSONL's 127-134 and 158: the finishes add ~25 MB on both
// though ~50 MB of heap is free after this collection. Their large
// arrays, near's inputOrder copies of 8.6 MB, need contiguous free runs:
// 4,196 of a run's faults were inputOrder's first writes in one run, 663
// in another):
//   - a soft limit, debug.SetMemoryLimit(memory mapped) after this
//     collection: peak RSS 177.9 MB against 191.2, but faults 41,760
//     against 42,457 and CPU 1.132 against 1.135 s (6 rounds alternated,
//     load under 1.3): the scavenger gives back what is over the limit
//     and the finishes fault it in again;
//   - PaceGC's percentage at 20 after it (gctrace, one run): collections
//     at 127 MB (124 live) and 148 (128 live), the finishes' memory is
//     live, the peak did not move;
//   - GODEBUG=asyncpreemptoff=1 (the kernel's 1.8% under tgkill and
//     get_signal are the VM's cpu-clock samples held while interrupts
//     are off: perf stat counts 93 signals a run): CPU 1.153 against
//     1.131 s, 7 rounds.
//
// What it costs now (session 32, main 9b4f763, the call timed in a
// scratch build, benchmark Parquet's default audit at autogroup nice -15
// beside other builds, GODEBUG=gctrace=1): 1.4-3.9 ms of wall (median
// 1.9 over 6 runs), the collection's mark 0.9-2.4 ms of it (0.2-0.4 ms
// of the mark workers' CPU), 108-122 MB of heap to 70-75 MB live; the
// call's own samples in perf (the sweep on its goroutine) 0.02-0.04% of
// the audit. Without nice, beside the same builds, 5.9-26.7 ms: the
// waiting is the scheduler's, not the collection's. What one core idle
// here could give back is about 2 ms, against the faults it saves.
func CollectAfterRead() {
	paceMu.Lock()
	on := pacing != nil && pacing.collected()
	paceMu.Unlock()
	if on {
		collect()
	}
}

// collect is runtime.GC; tests count the calls.
var collect = runtime.GC

var (
	paceMu sync.Mutex
	pacing *pacer
)

const (
	minPercent = 10       // the lowest percentage PaceGC sets
	minHeld    = 64 << 20 // the blocks' bytes from which PaceGC paces
)

type pacer struct {
	percent int
	cycles  uint64            // the runtime's collections before PaceGC
	sample  [1]metrics.Sample // used by the finalizer goroutine only
	stopped atomic.Bool
}

// cycle is the object whose finalizer runs after each collection.
type cycle struct{ _ [16]byte } // not a tiny allocation: those are freed together

func (p *pacer) arm() {
	runtime.SetFinalizer(new(cycle), func(*cycle) {
		if p.stopped.Load() {
			return
		}
		p.adjust()
		p.arm()
	})
}

// adjust sets the collector's percentage for the live heap after a
// collection.
func (p *pacer) adjust() {
	metrics.Read(p.sample[:])
	if p.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := int64(p.sample[0].Value.Uint64())
	paceMu.Lock()
	defer paceMu.Unlock()
	if !p.stopped.Load() {
		debug.SetGCPercent(pacePercent(p.percent, live, Held()))
	}
}

// pacePercent is the percentage that puts percent of slack on the live
// heap that is not blocks: percent × (live − held) / live, at least
// minPercent (held may still count blocks freed since: it is not exact);
// percent itself under minHeld.
func pacePercent(percent int, live, held int64) int {
	if live <= 0 || held < minHeld {
		return percent
	}
	p := int(int64(percent) * max(live-held, 0) / live)
	return max(p, min(minPercent, percent))
}
