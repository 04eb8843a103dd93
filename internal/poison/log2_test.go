package poison

import (
	"math"
	"testing"
)

// TestLog2Table holds the generated table (log2_table.go) to math.Log2,
// bit for bit: it fails after a change of log2Bits or of math.Log2 until
// go generate is run.
func TestLog2Table(t *testing.T) {
	for i := range log2Table {
		want := math.Log2(1 + float64(i)/(1<<log2Bits))
		if math.Float64bits(log2Table[i]) != math.Float64bits(want) {
			t.Fatalf("log2Table[%d] = %v, want %v (math.Log2): run go generate", i, log2Table[i], want)
		}
	}
}
