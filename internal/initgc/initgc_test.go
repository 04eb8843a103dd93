package initgc

import (
	"runtime/debug"
	"testing"
)

// TestOffUntilRestore: the collector is off from this package's init
// until Restore, which sets back the percentage it found (GOGC, or 100).
func TestOffUntilRestore(t *testing.T) {
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("collector percentage before Restore = %d, want -1 (off)", p)
	}
	Restore()
	if p := debug.SetGCPercent(saved); p != saved {
		t.Fatalf("collector percentage after Restore = %d, want %d", p, saved)
	}
	if saved == -1 {
		t.Fatalf("saved = -1: the percentage before init was read after it was set off")
	}
}
