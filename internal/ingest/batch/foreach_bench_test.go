package batch

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// BenchmarkForEachText walks a String column of 1,024 short texts, with
// and without nulls: the per-row cost of the loop every analysis runs
// over a batch, with a function that does next to nothing.
func BenchmarkForEachText(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		name := "nonull"
		if nulls {
			name = "nulls"
		}
		b.Run(name, func(b *testing.B) {
			bld := array.NewStringBuilder(memory.DefaultAllocator)
			for i := range 1024 {
				if nulls && i%100 == 7 {
					bld.AppendNull()
				} else {
					bld.Append(strings.Repeat("x", i%50))
				}
			}
			col := bld.NewArray()
			defer col.Release()
			n := 0
			fn := func(i int, t []byte, valid bool) {
				if valid {
					n += len(t)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := ForEachText(col, fn); err != nil {
					b.Fatal(err)
				}
			}
			if n == 0 {
				b.Fatal("no text walked")
			}
		})
	}
}
