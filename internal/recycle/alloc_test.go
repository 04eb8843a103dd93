package recycle

import (
	"bytes"
	"testing"
)

// TestPoolReuseZeroed: a freed buffer of a size class comes back for the
// next allocation of that class, zeroed; small and foreign buffers are not
// kept.
func TestPoolReuseZeroed(t *testing.T) {
	tests := []struct {
		name      string
		alloc     int
		again     int
		wantReuse bool
	}{
		{"same size", 5000, 5000, true},
		{"same class", 5000, 8000, true},
		{"larger class", 5000, 9000, false},
		{"below the pool", 1000, 1000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPool()
			b := p.Allocate(tt.alloc)
			for i := range b {
				b[i] = 0xAA
			}
			p.Free(b)
			c := p.Allocate(tt.again)
			if len(c) != tt.again {
				t.Fatalf("Allocate(%d): %d bytes", tt.again, len(c))
			}
			if reused := &b[:1][0] == &c[:1][0]; reused != tt.wantReuse {
				t.Errorf("reused = %v, want %v", reused, tt.wantReuse)
			}
			if !bytes.Equal(c, make([]byte, tt.again)) {
				t.Error("a reused buffer is not zeroed")
			}
		})
	}
	p := NewPool()
	p.Free(make([]byte, 5000)) // not a power-of-two capacity: not the pool's
	if c := p.Allocate(5000); cap(c) != 8192 {
		t.Errorf("Allocate(5000) after a foreign Free: cap %d, want a fresh 8192", cap(c))
	}
}

// TestRecycler: freed buffers come back (at most n of them), and one grown
// past maxKeep is left to the GC.
func TestRecycler(t *testing.T) {
	r := NewRecycler(1, 1<<20)
	a := r.Allocate(100)
	r.Free(a)
	if b := r.Get(50); cap(b) != cap(a) || len(b) != 0 {
		t.Errorf("Get after Free: len %d cap %d, want the freed buffer (cap %d), empty", len(b), cap(b), cap(a))
	}
	big := make([]byte, 2<<20)
	r.Free(big)
	if b := r.Get(10); cap(b) == cap(big) {
		t.Error("a buffer larger than maxKeep was kept")
	}
	r.Free(make([]byte, 0, 10))
	r.Free(make([]byte, 0, 20)) // the channel holds one: dropped, no block
	if b := r.Get(1); cap(b) != 10 {
		t.Errorf("Get: cap %d, want the first freed buffer (10)", cap(b))
	}
}

// TestPoolReallocateZeroed: Reallocate to a larger class keeps the old
// bytes and zeroes the rest, also in a reused buffer that held other bytes.
func TestPoolReallocateZeroed(t *testing.T) {
	tests := []struct {
		name      string
		old, size int
	}{
		{"4 KiB to 16 KiB", 4096, 16384},
		{"5000 to 10000", 5000, 10000},
		{"3000 to 9000", 3000, 9000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPool()
			dirty := p.Allocate(tt.size)
			for i := range dirty {
				dirty[i] = 0xAA
			}
			p.Free(dirty) // the buffer Reallocate will reuse
			b := p.Allocate(tt.old)
			for i := range b {
				b[i] = byte(i%251 + 1)
			}
			want := append(bytes.Clone(b), make([]byte, tt.size-tt.old)...)
			if got := p.Reallocate(tt.size, b); !bytes.Equal(got, want) {
				t.Errorf("Reallocate(%d, %d bytes) = %d bytes, not the old ones then zeros", tt.size, tt.old, len(got))
			}
		})
	}
}

// TestPoolHugeAllocate: a size past the largest class (a corrupt Arrow or
// Parquet header asks for one) panics, as make does, without leaving the
// pool locked. Before, it panicked indexing the classes under the lock:
// the reader recovered, and every later Free blocked forever (a corrupt
// .arrow file hung the scan, deaf to SIGTERM).
func TestPoolHugeAllocate(t *testing.T) {
	for _, size := range []int{1 << 50, 1 << 62, 1<<63 - 1} {
		p := NewPool().(*pool)
		func() {
			defer func() { _ = recover() }()
			p.Allocate(size)
		}()
		if !p.mu.TryLock() {
			t.Fatalf("Allocate(%d) left the pool locked", size)
		}
		p.mu.Unlock()
	}
}

// TestRecyclerGrow: Grow keeps b when it has room; otherwise it copies b
// into a buffer of at least twice its capacity (one grow for a batch
// that a long value takes past its estimate) and gives b back, so the
// next Get reuses it instead of allocating.
func TestRecyclerGrow(t *testing.T) {
	r := NewRecycler(4, 1<<20)
	b := r.Get(1000)
	b = append(b, "some text"...)
	if g := r.Grow(b, cap(b)); &g[:1][0] != &b[:1][0] || len(g) != len(b) {
		t.Fatal("Grow with room moved the buffer")
	}
	old := cap(b)
	g := r.Grow(b, old+1)
	if string(g) != "some text" {
		t.Fatalf("grown: %q", g)
	}
	if cap(g) < 2*old {
		t.Errorf("grown to %d, want at least %d (twice)", cap(g), 2*old)
	}
	if g2 := r.Grow(g[:0], 10*old); cap(g2) < 10*old {
		t.Errorf("Grow to %d: cap %d", 10*old, cap(g2))
	}
	// The outgrown buffers went back: the next Gets are they.
	if n := r.Get(100); &n[:1][0] != &b[:1][0] {
		t.Error("the outgrown buffer was not given back")
	}
}
