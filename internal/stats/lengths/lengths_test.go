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

// TestSetHist: a Dist set from a histogram gives the histogram back, and
// merges as the histograms of the values would: the histogram of the
// union, with its exact count, sum, minimum and maximum.
func TestSetHist(t *testing.T) {
	for _, tt := range []struct {
		name string
		a, b []uint64
	}{
		{"small", []uint64{3, 5, 5, 9}, []uint64{1, 5}},
		{"one bucket, min < max", []uint64{2000, 2001}, []uint64{7}},
		{"one row", []uint64{4100}, nil},
		{"wide", append(seq(1000, 1100), 9000, 70001, 70003), append(seq(0, 30), 123456789)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var da, db, whole Dist
			for _, v := range tt.a {
				da.Add(v)
				whole.Add(v)
			}
			for _, v := range tt.b {
				db.Add(v)
				whole.Add(v)
			}
			var sa, sb Dist
			if err := sa.SetHist(da.Hist()); err != nil {
				t.Fatalf("SetHist(%v): %v", da.Hist(), err)
			}
			if err := sb.SetHist(db.Hist()); err != nil {
				t.Fatalf("SetHist(%v): %v", db.Hist(), err)
			}
			if diff := cmp.Diff(da.Hist(), sa.Hist()); diff != "" {
				t.Errorf("SetHist(h).Hist() != h (-want +got):\n%s", diff)
			}
			sa.Merge(&sb)
			if diff := cmp.Diff(whole.Hist(), sa.Hist()); diff != "" {
				t.Errorf("merged SetHist != Hist of the union (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetHistRefuses(t *testing.T) {
	for _, tt := range []struct {
		name string
		h    LengthHist
	}{
		{"min outside", LengthHist{Count: 2, Sum: 10, Min: 1, Max: 9, Buckets: [][2]uint64{{5, 1}, {9, 1}}}},
		{"max outside", LengthHist{Count: 2, Sum: 10, Min: 5, Max: 9, Buckets: [][2]uint64{{5, 1}, {8, 1}}}},
		{"not a lower bound", LengthHist{Count: 1, Sum: 1025, Min: 1025, Max: 1025, Buckets: [][2]uint64{{1025, 1}}}},
		{"out of order", LengthHist{Count: 2, Sum: 10, Min: 9, Max: 5, Buckets: [][2]uint64{{9, 1}, {5, 1}}}},
		{"empty bucket", LengthHist{Count: 1, Sum: 5, Min: 5, Max: 9, Buckets: [][2]uint64{{5, 1}, {7, 0}, {9, 0}}}},
		{"count", LengthHist{Count: 3, Sum: 14, Min: 5, Max: 9, Buckets: [][2]uint64{{5, 1}, {9, 1}}}},
		{"min and max in one row", LengthHist{Count: 1, Sum: 2000, Min: 2000, Max: 2001, Buckets: [][2]uint64{{2000, 1}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var d Dist
			if err := d.SetHist(tt.h); err == nil {
				t.Errorf("SetHist(%+v) = nil, want an error", tt.h)
			}
		})
	}
}
