package batch

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMarksRanges(t *testing.T) {
	mod := time.Unix(1e9, 0)
	// Four chunks of 100 bytes: lines 1-10, 11-20, 21-30, 31-40.
	var m Marks
	for i := range int64(4) {
		m.Record("a.jsonl", 400, mod, Mark{Off: 100 * i, Line: 10*i + 1})
	}
	tests := []struct {
		name   string
		size   int64
		mod    time.Time
		wanted []int64
		n      int
		want   []Range
	}{
		{"all, one range", 400, mod, []int64{1, 15, 25, 40}, 1, []Range{{0, 400, 1}}},
		{"all, cut in two", 400, mod, []int64{1, 15, 25, 40}, 2, []Range{{0, 200, 1}, {200, 400, 21}}},
		{"chunks without a line left out", 400, mod, []int64{2, 33}, 1, []Range{{0, 100, 1}, {300, 400, 31}}},
		{"first line of a chunk", 400, mod, []int64{11}, 4, []Range{{100, 200, 11}}},
		{"last line of a chunk", 400, mod, []int64{20}, 4, []Range{{100, 200, 11}}},
		{"past the last mark", 400, mod, []int64{99}, 4, []Range{{300, 400, 31}}},
		{"none wanted", 400, mod, nil, 4, nil},
		{"another size", 401, mod, []int64{1}, 4, nil},
		{"another time", 400, mod.Add(time.Second), []int64{1}, 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Ranges("a.jsonl", tt.size, tt.mod, tt.wanted, tt.n)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Ranges(%v, %d) mismatch (-want +got):\n%s", tt.wanted, tt.n, diff)
			}
		})
	}
	if got := m.Ranges("b.jsonl", 400, mod, []int64{1}, 1); got != nil {
		t.Errorf("Ranges of an input without marks = %v, want nil", got)
	}
}

// TestMarksRecord checks that a read from the start records anew, and that
// marks out of order are not kept.
func TestMarksRecord(t *testing.T) {
	mod := time.Unix(1e9, 0)
	var m Marks
	m.Record("a", 300, mod, Mark{Off: 50, Line: 5}) // not from the start
	m.Record("a", 300, mod, Mark{0, 1})
	m.Record("a", 300, mod, Mark{100, 11})
	m.Record("a", 300, mod, Mark{100, 11}) // again
	m.Record("a", 300, mod, Mark{0, 1})    // a second read
	m.Record("a", 300, mod, Mark{150, 16})
	want := []Range{{0, 150, 1}, {150, 300, 16}}
	if diff := cmp.Diff(want, m.Ranges("a", 300, mod, []int64{1, 20}, 2)); diff != "" {
		t.Errorf("Ranges after two reads mismatch (-want +got):\n%s", diff)
	}
}
