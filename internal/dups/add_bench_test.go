package dups

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// BenchmarkAdd measures Exact.Add on a batch of the sample's rows, added
// again and again to one accumulator (fixtures.BenchAdd).
func BenchmarkAdd(b *testing.B) {
	d, err := NewExact(NormalizeDefault)
	if err != nil {
		b.Fatal(err)
	}
	fixtures.BenchAdd(b, d.Add)
}
