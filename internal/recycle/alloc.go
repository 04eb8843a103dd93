package recycle

import (
	"math/bits"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Recycler is a memory.Allocator that keeps a few freed buffers for reuse.
// The JSONL decoder allocates each batch's text bytes from it, and Arrow
// hands them back through Free when the last reference to the record is
// released. So a batch still owns its memory as long as anyone holds it
// (Retain works as usual), while a worker that consumes batches as they
// come reuses the same few buffers: fresh buffers per chunk cost page
// faults and zeroing, about 15% of a scan's CPU time on mail text.
//
// Free may be called from any goroutine; the channel makes that safe.
type Recycler struct {
	free    chan []byte
	maxKeep int // a buffer grown past this by a long line is left to the GC
}

// NewRecycler returns a Recycler that keeps up to n freed buffers of at
// most maxKeep bytes.
func NewRecycler(n, maxKeep int) *Recycler {
	return &Recycler{free: make(chan []byte, n), maxKeep: maxKeep}
}

// Get returns an empty buffer with room for size bytes.
func (r *Recycler) Get(size int) []byte {
	select {
	case b := <-r.free:
		if cap(b) >= size {
			return b[:0]
		}
	default:
	}
	// Round up so that slightly longer chunks still fit next time.
	return make([]byte, 0, size+size/4+4096)
}

// Grow returns b with room for need bytes: b itself if it has it, or
// else a copy of b in a new buffer of at least twice b's capacity (but
// at most growStep more), b going back to r. A batch grown by a long value (a mail of 1.7 MB in
// a batch sized for 1 MB) then grows once, where append's growth (a
// quarter more each time) made two or three buffers of fresh memory and
// left each outgrown one to the GC (see internal/ingest/columnar's
// directMem).
func (r *Recycler) Grow(b []byte, need int) []byte {
	if need <= cap(b) {
		return b
	}
	nb := make([]byte, len(b), max(need, cap(b)+min(cap(b), growStep)))
	copy(nb, b)
	r.Free(b)
	return nb
}

// growStep bounds what Grow adds beyond need: doubling a buffer of
// hundreds of MB would ask for as much again, unused.
const growStep = 64 << 20

func (r *Recycler) Allocate(size int) []byte { return r.Get(size)[:size] }

func (r *Recycler) Reallocate(size int, b []byte) []byte {
	if cap(b) >= size {
		return b[:size]
	}
	nb := r.Allocate(size)
	copy(nb, b)
	r.Free(b)
	return nb
}

func (r *Recycler) Free(b []byte) {
	if cap(b) > r.maxKeep {
		return
	}
	select {
	case r.free <- b[:0]:
	default: // enough kept; let the GC have it
	}
}

// pool is a memory.Allocator for pqarrow that keeps freed buffers
// by power-of-two size class and hands them out again, zeroed as the Go
// allocator's are. Reading Parquet allocates and frees page, decompression
// and builder buffers for every batch; from the Go heap each fresh buffer
// costs page faults, and on a 200 MB zstd corpus that was 0.7 s of system
// time against 1.5 s of user time. Buffers of 4 KiB and more come from
// here (2 KiB and more: rounded up to 4 KiB); they are at least 4 KiB
// aligned, so Arrow's 64-byte alignment holds. At most keepPerClass
// buffers of each class are kept.
type pool struct {
	mu   sync.Mutex
	free [48][][]byte
}

const (
	minPoolShift = 12 // 4 KiB
	keepPerClass = 16
)

// NewPool returns an allocator that recycles freed buffers; it is
// safe for concurrent use.
func NewPool() memory.Allocator { return &pool{} }

func sizeClass(size int) (int, int) {
	if size <= 1<<minPoolShift {
		return minPoolShift, 1 << minPoolShift
	}
	c := bits.Len(uint(size - 1))
	return c, 1 << c
}

func (p *pool) Allocate(size int) []byte { return p.allocate(size, 0) }

// allocate is Allocate for a caller that overwrites the first keep bytes
// itself: a reused buffer is zeroed from keep on only. Reallocate copies
// the old buffer there; zeroing it first was a third of a Parquet scan's
// memclr.
func (p *pool) allocate(size, keep int) []byte {
	if size < 1<<minPoolShift/2 {
		return make([]byte, size)
	}
	c, csize := sizeClass(size)
	if c >= len(p.free) {
		return make([]byte, size) // no class that large: make says if it cannot be
	}
	p.mu.Lock()
	if n := len(p.free[c]); n > 0 {
		b := p.free[c][n-1]
		p.free[c] = p.free[c][:n-1]
		p.mu.Unlock()
		b = b[:size]
		clear(b[min(keep, size):])
		return b
	}
	p.mu.Unlock()
	return make([]byte, size, csize)
}

func (p *pool) Reallocate(size int, b []byte) []byte {
	if size <= cap(b) {
		old := len(b)
		b = b[:size]
		if size > old {
			clear(b[old:])
		}
		return b
	}
	nb := p.allocate(size, len(b))
	copy(nb, b)
	p.Free(b)
	return nb
}

func (p *pool) Free(b []byte) {
	c := bits.Len(uint(cap(b))) - 1
	if cap(b) < 1<<minPoolShift || cap(b) != 1<<c {
		return // not one of ours: the GC has it
	}
	p.mu.Lock()
	if len(p.free[c]) < keepPerClass {
		p.free[c] = append(p.free[c], b[:0])
	}
	p.mu.Unlock()
}
