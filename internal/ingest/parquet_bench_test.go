package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"

	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
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

// BenchmarkReadParquetText reads a file's text column alone (no label),
// through columnar's direct reader and through pqarrow, alternating in
// one run so that the ratio holds on a loaded machine. The file is a
// generated zstd one with 1 MiB pages and nulls, or $DATAAUDIT_BENCH_PARQUET
// (the 200 MB mail corpus's Parquet, say: one 21 MB page a row group).
func BenchmarkReadParquetText(b *testing.B) {
	path := os.Getenv("DATAAUDIT_BENCH_PARQUET")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.parquet")
		writeBigPageParquet(b, path, bigPageRows(40000), 16384, parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(1<<20))
	}
	inputs, err := Expand([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	defer func(old bool) { columnar.DirectText = old }(columnar.DirectText)
	defer func(old bool) { columnar.OwnPages = old }(columnar.OwnPages)
	for _, tc := range []struct {
		name        string
		direct, own bool
	}{{"direct", true, true}, {"arrowpages", true, false}, {"pqarrow", false, false}} {
		b.Run(tc.name, func(b *testing.B) {
			columnar.DirectText, columnar.OwnPages = tc.direct, tc.own
			b.SetBytes(inputs[0].Size)
			b.ReportAllocs()
			for b.Loop() {
				err := Run(context.Background(), inputs, Options{Text: []string{"text"}, Workers: 1}, func(_ int, bt *Batch) error {
					bt.Record.Release()
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadWanted reads a few rows again (Options.Only, as the
// excerpt pass does) with pageText (own) and with arrow-go's column
// reader (arrowpages). DATAAUDIT_BENCH_PARQUET names a file to read (the
// rows are then those the benchmark Parquet's default audit reads again
// for its excerpts); otherwise a generated one.
func BenchmarkReadWanted(b *testing.B) {
	path := os.Getenv("DATAAUDIT_BENCH_PARQUET")
	want := []int64{0, 5, 6, 8, 10, 11, 12, 13, 17, 19, 20, 24, 89, 96, 120, 321, 440, 505, 4876, 118355}
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.parquet")
		writeBigPageParquet(b, path, bigPageRows(40000), 16384, parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(1<<20))
		want = []int64{0, 5, 120, 4876, 20000, 35000}
	}
	inputs, err := Expand([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	defer func(old bool) { columnar.OwnPages = old }(columnar.OwnPages)
	for _, tc := range []struct {
		name string
		own  bool
	}{{"own", true}, {"arrowpages", false}} {
		b.Run(tc.name, func(b *testing.B) {
			columnar.OwnPages = tc.own
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				err := Run(context.Background(), inputs, Options{Text: []string{"text"}, Workers: 1, Only: map[int][]int64{0: want}}, func(_ int, bt *Batch) error {
					n += int(bt.Record.NumRows())
					bt.Record.Release()
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if n != len(want) {
					b.Fatalf("read %d rows, want %d", n, len(want))
				}
			}
		})
	}
}
