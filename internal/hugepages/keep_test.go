package hugepages

import (
	"runtime/debug"
	"testing"
)

func TestKeepPercent(t *testing.T) {
	for _, c := range []struct {
		name       string
		live, heap int64
		want       int
	}{
		{"nothing read", 0, 100, 0},
		{"heap all live", 100, 100, 0},
		{"live a tenth", 90, 1000, 900},
		{"live half", 450, 1000, 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := keepPercent(c.live, c.heap); got != c.want {
				t.Errorf("keepPercent(%d, %d) = %d, want %d", c.live, c.heap, got, c.want)
			}
		})
	}
}

// TestKeepHeap checks that KeepHeap raises the collector's percentage
// over a heap mostly freed, and only once enabled.
func TestKeepHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	old := debug.SetGCPercent(50)
	defer debug.SetGCPercent(old)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer keeping.Store(false)

	garbage := make([]byte, 64<<20)
	for i := 0; i < len(garbage); i += 4096 {
		garbage[i] = 1
	}
	garbage = nil
	KeepHeap()
	if got := debug.SetGCPercent(50); got != 50 {
		t.Errorf("GC percent after KeepHeap without EnableKeepHeap = %d, want 50", got)
	}
	EnableKeepHeap()
	KeepHeap()
	if got := debug.SetGCPercent(50); got <= 100 {
		t.Errorf("GC percent after KeepHeap over 64 MiB freed = %d, want over 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got <= 0 || got == 1<<63-1 {
		t.Errorf("memory limit after KeepHeap = %d, want one set", got)
	}
}
