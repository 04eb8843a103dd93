package ingest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
)

func TestStrColNulls(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		nulls []int
	}{
		{"no nulls", 100, nil},
		{"nulls at 0 7 8 63 64", 200, []int{0, 7, 8, 63, 64}},
		{"first null late", 200, []int{9, 63, 64, 130, 199}},
		{"first null after a byte", 17, []int{16}},
		{"all null", 70, nil}, // filled in below
		{"one null row", 1, []int{0}},
		{"empty", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nulls := tt.nulls
			if tt.name == "all null" {
				for i := range tt.n {
					nulls = append(nulls, i)
				}
			}
			var c strCol
			// Build twice, as the decoders do: fresh buffers, then reset.
			for round := range 2 {
				c.offs, c.data = make([]int32, 0, 4), nil
				c.reset()
				for i := range tt.n {
					if slices.Contains(nulls, i) {
						c.appendNull()
						continue
					}
					mark := len(c.data)
					c.data = append(c.data, "rolled back"...)
					c.rollback(mark)
					c.data = fmt.Appendf(c.data, "v%d", i)
					c.commit()
				}
				arr := c.array().(*array.String)
				if err := validateString(arr); err != nil {
					t.Fatalf("round %d: ValidateFull: %v", round, err)
				}
				if arr.Len() != tt.n || arr.NullN() != len(nulls) {
					t.Errorf("round %d: Len, NullN = %d, %d; want %d, %d", round, arr.Len(), arr.NullN(), tt.n, len(nulls))
				}
				for i := range tt.n {
					wantNull := slices.Contains(nulls, i)
					if arr.IsNull(i) != wantNull {
						t.Errorf("round %d: IsNull(%d) = %v, want %v", round, i, arr.IsNull(i), wantNull)
						continue
					}
					if want := fmt.Sprintf("v%d", i); !wantNull && arr.Value(i) != want {
						t.Errorf("round %d: Value(%d) = %q, want %q", round, i, arr.Value(i), want)
					}
					if wantNull && arr.ValueLen(i) != 0 {
						t.Errorf("round %d: null row %d has %d bytes, want 0", round, i, arr.ValueLen(i))
					}
				}
				arr.Release()
			}
		})
	}
}

func TestBatchRowsFor(t *testing.T) {
	tests := []struct {
		name           string
		rawBytes, rows int64
		want           int
	}{
		{"mail text, 1.4 KB a row", 1400 * 137265, 137265, 748},
		{"tweets, 100 B a row", 100 * 1000000, 1000000, maxBatchRows},
		{"books, 1 MB a row", 1 << 30, 1024, minBatchRows},
		{"no rows", 0, 0, maxBatchRows},
		{"empty texts", 0, 100, maxBatchRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := batchRowsFor(tt.rawBytes, tt.rows); got != tt.want {
				t.Errorf("batchRowsFor(%d, %d) = %d, want %d", tt.rawBytes, tt.rows, got, tt.want)
			}
		})
	}
}
