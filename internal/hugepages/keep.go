package hugepages

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// keeping says whether KeepHeap acts (EnableKeepHeap).
var keeping atomic.Bool

// EnableKeepHeap makes KeepHeap act. A command calls it at start-up, as
// it calls Prime: KeepHeap changes the collector for the rest of the
// process, which only the process' owner may decide.
func EnableKeepHeap() { keeping.Store(true) }

// KeepHeap lets the heap grow back to the memory it has mapped before it
// is collected again, and keeps that memory: call it when most of the
// heap has just died (a scan's analyses have finished) and the rest of
// the process allocates far less. It does nothing unless EnableKeepHeap
// was called, or when GOGC is set.
//
// # Why
//
// When a scan's analyses finish, their per-row state dies and the live
// heap falls from hundreds of megabytes to tens. The collector's target
// falls with it, so the excerpts and the report writing that follow ran
// a collection every few megabytes (15 on 200 MB of mail), and the
// runtime's scavenger gave the freed memory back to the system (about
// 150 MB), breaking its huge pages; the report's allocations then
// faulted it back in 4 KiB at a time (2,200 page faults, at about 12 us
// each on the VMs this is measured on).
//
// # How
//
// It collects once, then sets the collector's percentage so that the
// target is nine tenths of the heap memory mapped (the scavenger keeps
// what is under a tenth above the target), if that is above the
// percentage in force, and a memory limit of twice the memory mapped, so
// that a heap that grows after all is still collected.
func KeepHeap() {
	if !keeping.Load() || os.Getenv("GOGC") != "" {
		return
	}
	runtime.GC()
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return
		}
	}
	live := int64(s[0].Value.Uint64())
	heap := int64(s[1].Value.Uint64() + s[2].Value.Uint64() + s[3].Value.Uint64())
	mapped := int64(s[4].Value.Uint64() - s[5].Value.Uint64())
	p := keepPercent(live, heap)
	if old := debug.SetGCPercent(p); old < 0 || old > p {
		debug.SetGCPercent(old) // off, or higher already
		return
	}
	if lim := debug.SetMemoryLimit(-1); 2*mapped < lim {
		debug.SetMemoryLimit(2 * mapped)
	}
}

// keepPercent is the collector's percentage whose target, for a live
// heap of live bytes, is nine tenths of heap bytes: 0 when there is no
// such percentage.
func keepPercent(live, heap int64) int {
	if live <= 0 || heap*9/10 <= live {
		return 0
	}
	return int(100 * (heap*9/10 - live) / live)
}
