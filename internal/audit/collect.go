package audit

import (
	"runtime/metrics"
	"time"

	"github.com/dataaudit/dataaudit/internal/rowstore"
)

// collectAfterRead is rowstore.CollectAfterRead without waiting for its
// sweep: it runs the collection on a goroutine of its own and returns
// once its mark has ended (the forced collections counted by the runtime
// went up) or it has returned (no collection while the row store does
// not pace the collector).
//
// runtime.GC marks, then sweeps every span of the heap on the calling
// goroutine, yielding after each. When a read ends nothing else is
// runnable until the merges start, so that sweep held one core alone
// and the other idle: in a Go execution trace of the default audit of
// the 200 MB JSONL (load 8), 28 ms between the mark's end and the first
// merge, at one core. The memory the finishes allocate is freed by the
// mark already: an allocation sweeps what it needs first (the heap
// reclaims swept pages before it grows), and the collection's goroutine
// and the background sweeper sweep the rest beside the merges.
func collectAfterRead() {
	sample := []metrics.Sample{{Name: forcedGCs}}
	metrics.Read(sample)
	before := sample[0].Value.Uint64()
	done := make(chan struct{})
	go func() {
		rowstore.CollectAfterRead()
		close(done)
	}()
	for {
		select {
		case <-done:
			return
		case <-time.After(20 * time.Microsecond):
		}
		if metrics.Read(sample); sample[0].Value.Uint64() > before {
			return
		}
	}
}

// forcedGCs counts the collections runtime.GC asked for, each counted
// when its mark ends.
const forcedGCs = "/gc/cycles/forced:gc-cycles"
