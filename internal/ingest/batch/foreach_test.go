package batch

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestForEachTextOffsets: ForEachText walks String and LargeString
// columns with and without nulls, whole and as slices of a larger array
// (offsets not starting at 0, nulls outside the slice only), giving each
// row its text and validity as the array's Value and IsNull do.
func TestForEachTextOffsets(t *testing.T) {
	for _, large := range []bool{false, true} {
		for _, nullEvery := range []int{0, 3} {
			var bld array.Builder = array.NewStringBuilder(memory.DefaultAllocator)
			if large {
				bld = array.NewLargeStringBuilder(memory.DefaultAllocator)
			}
			for i := range 40 {
				switch b := bld.(type) {
				case *array.StringBuilder:
					if nullEvery > 0 && i%nullEvery == 1 || i == 2 {
						b.AppendNull()
					} else {
						b.Append(fmt.Sprint("text ", i))
					}
				case *array.LargeStringBuilder:
					if nullEvery > 0 && i%nullEvery == 1 || i == 2 {
						b.AppendNull()
					} else {
						b.Append(fmt.Sprint("text ", i))
					}
				}
			}
			whole := bld.NewArray()
			bld.Release()
			for _, span := range [][2]int64{{0, 40}, {3, 40}, {5, 17}} {
				col := array.NewSlice(whole, span[0], span[1])
				t.Run(fmt.Sprintf("large=%v/nulls=%d/%d-%d", large, nullEvery, span[0], span[1]), func(t *testing.T) {
					want := func(i int) (string, bool) {
						switch c := col.(type) {
						case *array.String:
							return c.Value(i), c.IsValid(i)
						case *array.LargeString:
							return c.Value(i), c.IsValid(i)
						}
						t.Fatalf("column type %T", col)
						return "", false
					}
					n := 0
					err := ForEachText(col, func(i int, text []byte, valid bool) {
						if i != n {
							t.Fatalf("row %d given as %d", n, i)
						}
						n++
						w, ok := want(i)
						if !ok {
							w = ""
						}
						if string(text) != w || valid != ok {
							t.Errorf("row %d: %q, %v; want %q, %v", i, text, valid, w, ok)
						}
					})
					if err != nil || n != col.Len() {
						t.Fatalf("ForEachText: %d rows, %v; want %d", n, err, col.Len())
					}
				})
				col.Release()
			}
			whole.Release()
		}
	}
}
