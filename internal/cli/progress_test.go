package cli

import (
	"testing"
	"time"
)

// TestBarLine: a bar is named by its phase, and shows no rate until the
// read has run long enough and read enough to have one (a rate over the
// first burst of chunks said 7.0 TB/s).
func TestBarLine(t *testing.T) {
	tests := []struct {
		name    string
		phase   string
		done    int64
		total   int64
		elapsed time.Duration
		want    string
	}{
		{"start", "reading", 0, 260e6, 200 * time.Millisecond, "reading   0% [....................]  0 B / 260 MB  0s"},
		{"burst", "label checks", 50e6, 260e6, 300 * time.Millisecond, "label checks  19% [###.................]  50 MB / 260 MB  0s"},
		{"few bytes", "reading", 1e6, 260e6, 5 * time.Second, "reading   0% [....................]  1.0 MB / 260 MB  5s"},
		{"rate", "reading", 130e6, 260e6, 2 * time.Second, "reading  50% [##########..........]  130 MB / 260 MB  65 MB/s  2s"},
		{"done", "reading", 260e6, 260e6, 4 * time.Second, "reading 100% [####################]  260 MB / 260 MB  65 MB/s  4s"},
		{"past the total", "reading", 300e6, 260e6, 4 * time.Second, "reading 100% [####################]  260 MB / 260 MB  65 MB/s  4s"},
		{"stream", "reading", 12345, -1, 300 * time.Millisecond, "reading  12 kB  0s"},
		{"no reading", "preparing the label checks", 0, 0, 3 * time.Second, "preparing the label checks  3s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := barLine(tt.phase, tt.done, tt.total, tt.elapsed); got != tt.want {
				t.Errorf("barLine(%q, %d, %d, %v) = %q, want %q", tt.phase, tt.done, tt.total, tt.elapsed, got, tt.want)
			}
		})
	}
}

func TestByteSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {999, "999 B"}, {1000, "1.0 kB"}, {1500, "1.5 kB"}, {12345, "12 kB"}, {999_999, "1000 kB"},
		{1_000_000, "1.0 MB"}, {260e6, "260 MB"}, {7e12, "7.0 TB"},
	}
	for _, tt := range tests {
		if got := byteSize(tt.n); got != tt.want {
			t.Errorf("byteSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
