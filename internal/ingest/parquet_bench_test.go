package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
)

// BenchmarkReadParquet reads a zstd Parquet file of 40,000 mail-like rows
// (about 45 MB of text, row groups of 16,384 rows as DuckDB conversions
// write) on one worker: what a scan costs in ingest, per compressed byte.
func BenchmarkReadParquet(b *testing.B) {
	rows := bigPageRows(40000)
	path := filepath.Join(b.TempDir(), "bench.parquet")
	writeBigPageParquet(b, path, rows, 16384, parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(1<<20))
	inputs, err := Expand([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{Text: []string{"text"}, Label: "label", Workers: 1}
	var n int64
	check := func() {
		n = 0
		err := Run(context.Background(), inputs, opts, func(_ int, bt *Batch) error {
			n += bt.Record.NumRows()
			bt.Record.Release()
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	check()
	if n != int64(len(rows)) {
		b.Fatalf("read %d rows, want %d", n, len(rows))
	}
	b.SetBytes(inputs[0].Size)
	b.ReportAllocs()
	for b.Loop() {
		check()
	}
}
