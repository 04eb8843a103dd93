package lengths

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBins(t *testing.T) {
	for _, tt := range []struct {
		name string
		vals []uint64
		want []Bucket
	}{
		{"one value", []uint64{7, 7}, []Bucket{{Lo: 7, Hi: 8, Count: 2}}},
		{"unit width", []uint64{0, 1, 2, 2, 3}, []Bucket{{0, 1, 1}, {1, 2, 1}, {2, 3, 2}, {3, 4, 1}}},
		// 100 values 1000..1099 and one long row: width 5 from 1000 to
		// p99 (1098), then one bin up to the maximum.
		{"tail", append(seq(1000, 1100), 9000), append(binsOf(1000, 1100, 5, 5), Bucket{1100, 9001, 1})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var d Dist
			for _, v := range tt.vals {
				d.Add(v)
			}
			got := d.Stats().Bins
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Stats(%v).Bins (-want +got):\n%s", tt.vals, diff)
			}
			var n uint64
			for _, b := range got {
				n += b.Count
			}
			if n != uint64(len(tt.vals)) {
				t.Errorf("Stats(%v).Bins count %d rows, want %d", tt.vals, n, len(tt.vals))
			}
		})
	}
}

func seq(lo, hi uint64) []uint64 {
	var out []uint64
	for v := lo; v < hi; v++ {
		out = append(out, v)
	}
	return out
}

func binsOf(lo, hi, w, c uint64) []Bucket {
	var out []Bucket
	for v := lo; v < hi; v += w {
		out = append(out, Bucket{v, v + w, c})
	}
	return out
}
