package evasions

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// BenchmarkAdd measures Checker.Add on a batch of the sample's rows, added
// again and again to one accumulator (fixtures.BenchAdd).
func BenchmarkAdd(b *testing.B) {
	fixtures.BenchAdd(b, NewChecker(0).Add)
}
