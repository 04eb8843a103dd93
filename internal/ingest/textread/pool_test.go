package textread

import (
	"runtime"
	"testing"
	"time"
)

// TestPoolMakesBuffersWhenTaken checks that a pool makes no buffer until
// one is taken (a read of Parquet files only takes none), that a taken
// buffer has the chunk size, that no more than n are out at once, and
// that a buffer given back is the one taken next.
func TestPoolMakesBuffersWhenTaken(t *testing.T) {
	const n, size = 5, 4 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	p := NewPool(n, size)
	runtime.ReadMemStats(&after)
	if made := after.TotalAlloc - before.TotalAlloc; made >= size {
		t.Fatalf("NewPool(%d, %d) allocated %d bytes: a buffer before any was taken", n, size, made)
	}
	var out []*[]byte
	for range n {
		bp := p.get()
		if bp == nil || len(*bp) != 0 || cap(*bp) != size {
			t.Fatalf("get: %v, want an empty buffer of capacity %d", bp, size)
		}
		out = append(out, bp)
	}
	got := make(chan *[]byte)
	go func() { got <- p.get() }()
	select {
	case <-got:
		t.Fatalf("get returned a buffer with all %d out", n)
	case <-time.After(20 * time.Millisecond):
	}
	*out[0] = append(*out[0], "some line\n"...)
	p.Release(&Chunk{buf: out[0]})
	if bp := <-got; bp != out[0] || len(*bp) != 0 {
		t.Fatalf("after a Release, get gave %p (len %d), want the buffer given back, emptied", bp, len(*bp))
	}
}
