package columnar

import "testing"

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
