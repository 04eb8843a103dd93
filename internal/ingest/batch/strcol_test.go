package batch

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
			var c StrCol
			// Build twice, as the decoders do: fresh buffers, then reset.
			for round := range 2 {
				c.Offs, c.Data = make([]int32, 0, 4), nil
				c.Reset()
				for i := range tt.n {
					if slices.Contains(nulls, i) {
						c.AppendNull()
						continue
					}
					mark := len(c.Data)
					c.Data = append(c.Data, "rolled back"...)
					c.Rollback(mark)
					c.Data = fmt.Appendf(c.Data, "v%d", i)
					c.Commit()
				}
				arr := c.Array().(*array.String)
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

// validateString is ValidateFull without its UTF-8 check: ingest keeps
// bytes that are not UTF-8 for the analysers to flag. It also reads every
// validity bit, which panics if the bitmap is short.
func validateString(a *array.String) error {
	if err := a.Validate(); err != nil {
		return err
	}
	offs := a.ValueOffsets()
	for i := range a.Len() {
		if offs[i] < 0 || offs[i+1] < offs[i] {
			return fmt.Errorf("offsets %d, %d at row %d", offs[i], offs[i+1], i)
		}
		if a.IsNull(i) && offs[i+1] != offs[i] {
			return fmt.Errorf("null row %d has %d bytes", i, offs[i+1]-offs[i])
		}
	}
	return nil
}
