package export

// arrow-go's pqarrow.FileWriter (what Write uses) against parquet-go
// (pqgo_test.go) on the same Arrow record batches: a test that both
// write files arrow-go reads back with the input's schema and values, and
// benchmarks. See "Parquet writer for --export-dedup" in
// benchmarks/README.md for how to run them and the numbers.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// benchCorpus is the real corpus the benchmarks use when it is present
// (override with EXPORT_BENCH_PARQUET).
func benchCorpus() string {
	if p := os.Getenv("EXPORT_BENCH_PARQUET"); p != "" {
		return p
	}
	return "/work/bench-data/corpus-200MB-s1.parquet"
}

// recWriter is what both candidates offer.
type recWriter interface {
	Write(arrow.RecordBatch) error
	Close() error
}

type arrowRecWriter struct{ fw *pqarrow.FileWriter }

func (a arrowRecWriter) Write(rec arrow.RecordBatch) error { return a.fw.WriteBuffered(rec) }
func (a arrowRecWriter) Close() error                      { return a.fw.Close() }

var writers = []struct {
	name string
	open func(*arrow.Schema, io.Writer, int64) (recWriter, error)
}{
	{"arrow-go", func(s *arrow.Schema, w io.Writer, g int64) (recWriter, error) {
		fw, err := newArrowWriter(s, w, g)
		return arrowRecWriter{fw}, err
	}},
	{"parquet-go", func(s *arrow.Schema, w io.Writer, g int64) (recWriter, error) {
		return newPQGoWriter(s, w, g)
	}},
	// arrow-go with parquet-go's encoding for strings, to tell the two
	// libraries apart from their defaults: no dictionary (arrow-go falls
	// back from a dictionary to PLAIN only) and DELTA_LENGTH_BYTE_ARRAY
	// for every string and binary column. Not what Write uses.
	{"arrow-go-delta", func(s *arrow.Schema, w io.Writer, g int64) (recWriter, error) {
		opts := []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Zstd), parquet.WithMaxRowGroupLength(g), parquet.WithDictionaryDefault(false)}
		for _, f := range s.Fields() {
			t := f.Type
			if d, ok := t.(*arrow.DictionaryType); ok {
				t = d.ValueType
			}
			switch t.ID() {
			case arrow.STRING, arrow.LARGE_STRING, arrow.BINARY, arrow.LARGE_BINARY:
				opts = append(opts, parquet.WithEncodingFor(f.Name, parquet.Encodings.DeltaLengthByteArray))
			}
		}
		fw, err := pqarrow.NewFileWriter(s, w, parquet.NewWriterProperties(opts...), pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
		return arrowRecWriter{fw}, err
	}},
}

// cpuNanos is the process's user+system CPU time so far, garbage
// collection included: the benchmarks report it per op, since wall time on
// a shared machine counts the other processes' turns too.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// readParquet reads the first maxGroups row groups of path (all when
// maxGroups <= 0) in batches of 8192 rows, as Write does.
func readParquet(tb testing.TB, path string, maxGroups int) (*arrow.Schema, []arrow.RecordBatch) {
	tb.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		tb.Fatal(err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: 8192}, memory.DefaultAllocator)
	if err != nil {
		tb.Fatal(err)
	}
	var groups []int
	if maxGroups > 0 {
		for g := 0; g < min(maxGroups, rdr.NumRowGroups()); g++ {
			groups = append(groups, g)
		}
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, groups)
	if err != nil {
		tb.Fatal(err)
	}
	defer rr.Release()
	var recs []arrow.RecordBatch
	for rr.Next() {
		rec := rr.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		tb.Fatal(err)
	}
	return rr.Schema(), recs
}

// sampleRecords is the real-text fixture: testdata/sample.jsonl's
// SpamAssassin mails (id, text, label as nullable utf8 columns), repeated
// until they hold at least minBytes of text, in batches of 8192 rows. The
// repeats' ids get #1, #2, ...; their texts are the same.
func sampleRecords(tb testing.TB, minBytes int) (*arrow.Schema, []arrow.RecordBatch) {
	tb.Helper()
	f, err := os.Open("../../testdata/sample.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	type row struct{ ID, Text, Label string }
	var rows []row
	size := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r struct {
			ID    string `json:"id"`
			Text  string `json:"text"`
			Label any    `json:"label"`
		}
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue // the fixture's deliberately bad lines
		}
		rows = append(rows, row{r.ID, r.Text, fmt.Sprint(r.Label)})
		size += len(r.Text)
	}
	if err := sc.Err(); err != nil || len(rows) == 0 {
		tb.Fatalf("sample.jsonl: %d rows, %v", len(rows), err)
	}
	// The field metadata arrow-go's reader gives every column, so that the
	// schema compares equal with one read back.
	md := arrow.NewMetadata([]string{"PARQUET:field_id"}, []string{"-1"})
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String, Nullable: true, Metadata: md},
		{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true, Metadata: md},
		{Name: "label", Type: arrow.BinaryTypes.String, Nullable: true, Metadata: md},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	var recs []arrow.RecordBatch
	total := 0
	for rep := 0; total < minBytes; rep++ {
		for _, r := range rows {
			b.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("%s#%d", r.ID, rep))
			b.Field(1).(*array.StringBuilder).Append(r.Text)
			b.Field(2).(*array.StringBuilder).Append(r.Label)
			if b.Field(0).Len() == 8192 {
				recs = append(recs, b.NewRecordBatch())
			}
		}
		total += size
	}
	if b.Field(0).Len() > 0 {
		recs = append(recs, b.NewRecordBatch())
	}
	return schema, recs
}

// dataBytes is what b.SetBytes counts: the bytes of the values (string
// and binary lengths, the width of fixed-size values), nulls excluded.
func dataBytes(recs []arrow.RecordBatch) int64 {
	var n int64
	for _, rec := range recs {
		for _, col := range rec.Columns() {
			switch a := col.(type) {
			case *array.String:
				offs := a.ValueOffsets()
				n += int64(offs[len(offs)-1] - offs[0])
			case *array.LargeString:
				offs := a.ValueOffsets()
				n += offs[len(offs)-1] - offs[0]
			default:
				if fw, ok := col.DataType().(arrow.FixedWidthDataType); ok {
					n += int64(col.Len()-col.NullN()) * int64(fw.BitWidth()/8)
				}
			}
		}
	}
	return n
}

func writeAll(tb testing.TB, open func(*arrow.Schema, io.Writer, int64) (recWriter, error), schema *arrow.Schema, recs []arrow.RecordBatch, w io.Writer, groupRows int64) {
	tb.Helper()
	rw, err := open(schema, w, groupRows)
	if err != nil {
		tb.Fatal(err)
	}
	for _, rec := range recs {
		if err := rw.Write(rec); err != nil {
			tb.Fatal(err)
		}
	}
	if err := rw.Close(); err != nil {
		tb.Fatal(err)
	}
}

// readBack reads a written file with arrow-go: its schema, row group count,
// and each column as one array.
func readBack(t *testing.T, data []byte) (*arrow.Schema, int, []arrow.Array) {
	t.Helper()
	rdr, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	cols := make([]arrow.Array, tbl.NumCols())
	for i := range cols {
		chunks := tbl.Column(i).Data().Chunks()
		if len(chunks) == 0 {
			cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, tbl.Schema().Field(i).Type, 0)
			continue
		}
		if cols[i], err = array.Concatenate(chunks, memory.DefaultAllocator); err != nil {
			t.Fatal(err)
		}
	}
	return tbl.Schema(), rdr.NumRowGroups(), cols
}

func concatRecords(t *testing.T, schema *arrow.Schema, recs []arrow.RecordBatch) []arrow.Array {
	t.Helper()
	cols := make([]arrow.Array, schema.NumFields())
	for i := range cols {
		var chunks []arrow.Array
		for _, rec := range recs {
			chunks = append(chunks, rec.Column(i))
		}
		if len(chunks) == 0 {
			cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, schema.Field(i).Type, 0)
			continue
		}
		var err error
		if cols[i], err = array.Concatenate(chunks, memory.DefaultAllocator); err != nil {
			t.Fatal(err)
		}
	}
	return cols
}

// TestParquetWritersAgree checks the requirement that decides whether
// parquet-go could replace arrow-go at all: the file it writes must read
// back in arrow-go with the input's column names, Arrow types,
// nullability and values, exactly as arrow-go's own output does.
func TestParquetWritersAgree(t *testing.T) {
	type source struct {
		name      string
		schema    *arrow.Schema
		recs      []arrow.RecordBatch
		groupRows int64
	}
	var sources []source
	// The flat fixtures from different writers: NULL and empty texts,
	// int64 and int32 labels, large_utf8, dictionary, required columns.
	for _, name := range []string{"duckdb.parquet", "duckdb_intlabel.parquet", "arrow_large_dict.parquet", "parquetgo.parquet", "plain_dict.parquet", "empty_rows.parquet"} {
		s, recs := readParquet(t, filepath.Join("../../testdata/parquet", name), 0)
		// Small row groups, so that both writers cut batches into groups.
		sources = append(sources, source{name, s, recs, 7})
	}
	s, recs := sampleRecords(t, 4<<20)
	sources = append(sources, source{"sample.jsonl x", s, recs, rowGroupRows})
	if _, err := os.Stat(benchCorpus()); err == nil {
		s, recs := readParquet(t, benchCorpus(), 1)
		sources = append(sources, source{filepath.Base(benchCorpus()) + " group 0", s, recs, 10000})
	}
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			want := concatRecords(t, src.schema, src.recs)
			var groups []int
			for _, w := range writers {
				var buf bytes.Buffer
				writeAll(t, w.open, src.schema, src.recs, &buf, src.groupRows)
				schema, ngroups, cols := readBack(t, buf.Bytes())
				groups = append(groups, ngroups)
				if !schema.Equal(src.schema) {
					t.Errorf("%s: schema read back\n%s\nwant the input's\n%s", w.name, schema, src.schema)
					continue
				}
				for i := range cols {
					if !array.Equal(cols[i], want[i]) {
						t.Errorf("%s: column %s differs from the input", w.name, schema.Field(i).Name)
					}
				}
			}
			for i := range groups {
				if groups[i] != groups[0] {
					t.Errorf("row groups: %s %d, %s %d", writers[0].name, groups[0], writers[i].name, groups[i])
				}
			}
		})
	}
}

// countWriter counts what it is given and drops it.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkParquetWriter writes the same record batches, held in memory,
// with each writer to a counter (no disk): the whole real corpus (137265
// rows of SpamAssassin mail, 200 MB as JSONL, see benchmarks/mkcorpus)
// when it is present, and the sample.jsonl real-text fixture (305 mails, 0.7 MB)
// always. out-bytes is the file size; cpu-ns/op is user+system CPU time,
// garbage collection included.
func BenchmarkParquetWriter(b *testing.B) {
	type source struct {
		name   string
		schema *arrow.Schema
		recs   []arrow.RecordBatch
	}
	var sources []source
	if _, err := os.Stat(benchCorpus()); err == nil {
		s, recs := readParquet(b, benchCorpus(), 0)
		sources = append(sources, source{"corpus", s, recs})
	}
	// sample.jsonl once: repeated, it would favour arrow-go's dictionary
	// encoding, which stores each repeated text once.
	s, recs := sampleRecords(b, 1)
	sources = append(sources, source{"sample", s, recs})
	for _, src := range sources {
		for _, w := range writers {
			b.Run(src.name+"/"+w.name, func(b *testing.B) {
				b.SetBytes(dataBytes(src.recs))
				b.ReportAllocs()
				var cw countWriter
				cpu := cpuNanos()
				for b.Loop() {
					cw.n = 0
					writeAll(b, w.open, src.schema, src.recs, &cw, rowGroupRows)
				}
				b.ReportMetric(float64(cpuNanos()-cpu)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(cw.n), "out-bytes")
			})
		}
	}
}

// BenchmarkParquetWriteFile streams the whole real corpus (skipped when
// absent) from disk to a file on disk the way Write does, in batches of
// 8192 rows: read-only is the reading alone, to subtract. MB/s counts the
// input file's bytes. Run it with -benchtime=1x under /usr/bin/time -v for
// the peak memory of one writer.
func BenchmarkParquetWriteFile(b *testing.B) {
	path := benchCorpus()
	st, err := os.Stat(path)
	if err != nil {
		b.Skipf("%s: %v", path, err)
	}
	run := func(b *testing.B, open func(*arrow.Schema, io.Writer, int64) (recWriter, error)) {
		b.SetBytes(st.Size())
		b.ReportAllocs()
		out := filepath.Join(b.TempDir(), "out.parquet")
		var size int64
		cpu := cpuNanos()
		for b.Loop() {
			rdr, err := file.OpenParquetFile(path, false)
			if err != nil {
				b.Fatal(err)
			}
			fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: 8192}, memory.DefaultAllocator)
			if err != nil {
				b.Fatal(err)
			}
			rr, err := fr.GetRecordReader(context.Background(), nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			f, err := os.Create(out)
			if err != nil {
				b.Fatal(err)
			}
			var rw recWriter
			if open != nil {
				if rw, err = open(rr.Schema(), f, rowGroupRows); err != nil {
					b.Fatal(err)
				}
			}
			for rr.Next() {
				if rw != nil {
					if err := rw.Write(rr.RecordBatch()); err != nil {
						b.Fatal(err)
					}
				}
			}
			if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
				b.Fatal(err)
			}
			if rw != nil {
				if err := rw.Close(); err != nil {
					b.Fatal(err)
				}
			}
			rr.Release()
			rdr.Close()
			f.Close() // pqarrow has closed it already
			fi, err := os.Stat(out)
			if err != nil {
				b.Fatal(err)
			}
			size = fi.Size()
		}
		b.ReportMetric(float64(cpuNanos()-cpu)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(size), "out-bytes")
	}
	b.Run("read-only", func(b *testing.B) { run(b, nil) })
	for _, w := range writers {
		b.Run(w.name, func(b *testing.B) { run(b, w.open) })
	}
}
