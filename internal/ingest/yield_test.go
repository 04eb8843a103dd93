package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
)

// TestYieldToDecoders: an analysing worker that takes the last batch
// queued yields to the decoders (yieldToDecoders), at most once a batch,
// and every row is still read once.
func TestYieldToDecoders(t *testing.T) {
	var texts []string
	for i := range 3000 {
		texts = append(texts, fmt.Sprintf("row %d ", i)+strings.Repeat("word ", i%40))
	}
	pq := filepath.Join(t.TempDir(), "a.parquet")
	writeRequiredText(t, pq, texts, 500, parquet.WithCompression(compress.Codecs.Zstd))
	var yields atomic.Int64
	old := yieldToDecoders
	yieldToDecoders = func() { yields.Add(1); old() }
	t.Cleanup(func() { yieldToDecoders = old })
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			inputs, err := Expand([]string{pq})
			if err != nil {
				t.Fatal(err)
			}
			yields.Store(0)
			var batches, rows atomic.Int64
			opts := Options{Text: []string{"text"}, Workers: workers, BatchRows: 100}
			err = Run(t.Context(), inputs, opts, func(_ int, b *Batch) error {
				defer b.Record.Release()
				time.Sleep(100 * time.Microsecond)
				batches.Add(1)
				rows.Add(b.Record.NumRows())
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if rows.Load() != int64(len(texts)) {
				t.Fatalf("%d rows read, want %d", rows.Load(), len(texts))
			}
			// The last batch leaves the queue empty: one yield at least.
			if y, n := yields.Load(), batches.Load(); y < 1 || y > n {
				t.Errorf("%d yields for %d batches, want 1 to %d", y, n, n)
			}
		})
	}
}
