package initgc

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// percent returns the collector's percentage.
func percent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestOffUntilRestore: the collector is off from this package's init
// until Restore, which sets FirstPercent until the first collection and
// the percentage it found (100) after it; with GOGC set, that at once.
func TestOffUntilRestore(t *testing.T) {
	if p := percent(); p != -1 {
		t.Fatalf("collector percentage before Restore = %d, want -1 (off)", p)
	}
	if saved == -1 {
		t.Fatalf("saved = -1: the percentage before init was read after it was set off")
	}
	defer debug.SetGCPercent(saved)
	t.Setenv("GOGC", "")
	Restore()
	if saved == 100 {
		if p := percent(); p != FirstPercent {
			t.Fatalf("collector percentage after Restore = %d, want %d until the first collection", p, FirstPercent)
		}
		waitPercent(t, saved)
	} else if p := percent(); p != saved {
		t.Fatalf("collector percentage after Restore = %d, want %d", p, saved)
	}

	debug.SetGCPercent(-1)
	t.Setenv("GOGC", "100")
	Restore()
	if p := percent(); p != saved {
		t.Fatalf("with GOGC set, collector percentage after Restore = %d, want %d", p, saved)
	}
}

// TestAfterFirstKeepsOthers: the first collection's finalizer sets back
// the saved percentage only over FirstPercent, not over a percentage
// someone set since (rowstore.PaceGC).
func TestAfterFirstKeepsOthers(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	afterFirst()
	if p := percent(); p != 50 {
		t.Fatalf("percentage after afterFirst over 50 = %d, want 50", p)
	}
	debug.SetGCPercent(FirstPercent)
	afterFirst()
	if p := percent(); p != saved {
		t.Fatalf("percentage after afterFirst over FirstPercent = %d, want %d", p, saved)
	}
}

// waitPercent collects until the collector's percentage is want.
func waitPercent(t *testing.T, want int) {
	t.Helper()
	for range 50 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs after the collection
		if percent() == want {
			return
		}
	}
	t.Fatalf("collector percentage after collections = %d, want %d", percent(), want)
}
