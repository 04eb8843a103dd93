package dups

import (
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// row and batch are the fixtures' Row and Batch under this package's short
// names.
type row = fixtures.Row

func batch(t *testing.T, rows []row, first int64) *ingest.Batch {
	return fixtures.Batch(t, rows, first)
}
