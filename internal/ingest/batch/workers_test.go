package batch

import (
	"runtime"
	"testing"
)

// TestNumWorkers: 0 or less is one per CPU, and a count past MaxWorkers
// is MaxWorkers. Uncapped, --workers 100000 set up a hundred thousand
// workers' state (about 1 MB each with the default audit) and took 21 GB
// of memory before it was killed.
func TestNumWorkers(t *testing.T) {
	tests := []struct{ workers, want int }{
		{0, runtime.NumCPU()},
		{-1, runtime.NumCPU()},
		{1, 1},
		{8, 8},
		{MaxWorkers(), MaxWorkers()},
		{MaxWorkers() + 1, MaxWorkers()},
		{100000, MaxWorkers()},
	}
	for _, tt := range tests {
		o := Options{Workers: tt.workers}
		if got := o.NumWorkers(); got != tt.want {
			t.Errorf("Options{Workers: %d}.NumWorkers() = %d, want %d", tt.workers, got, tt.want)
		}
	}
	if m := MaxWorkers(); m < 64 || m < 8*runtime.NumCPU() {
		t.Errorf("MaxWorkers() = %d, want at least 64 and 8 per CPU", m)
	}
}
