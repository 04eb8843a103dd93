package ingest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
	"github.com/google/go-cmp/cmp"
)

// bigPageRow is one row of the files TestParquetPageStreaming writes.
type bigPageRow struct {
	text  *string
	label *int64
}

// bigPageRows makes n rows of mail-like text of about 1 KB each, with a
// null text every 37 rows, an empty one every 53, a null label every 11,
// and one text of 1.5 MB, larger than arrow-go's 1 MiB stream buffer.
func bigPageRows(n int) []bigPageRow {
	words := []string{"the", "mail", "server", "Received:", "from", "café", "naïve", "Привет", "καλημέρα", "🚀", "unsubscribe", "2002", "\u200bzero", "x-spam-status", "\r\n", "--", "\xff\xfeinvalid"}
	rng := rand.New(rand.NewPCG(1, 2))
	rows := make([]bigPageRow, n)
	var sb strings.Builder
	for i := range rows {
		lab := int64(i % 3)
		if i%11 != 5 {
			rows[i].label = &lab
		}
		switch {
		case i%37 == 3:
			continue // null text
		case i%53 == 7:
			s := ""
			rows[i].text = &s
			continue
		}
		sb.Reset()
		size := 200 + rng.IntN(1800)
		if i == n/3 {
			size = 1500 << 10
		}
		for sb.Len() < size {
			sb.WriteString(words[rng.IntN(len(words))])
			sb.WriteByte(' ')
		}
		s := sb.String()
		rows[i].text = &s
	}
	return rows
}

// writeBigPageParquet writes rows with one data page per column chunk of
// a few MB (arrow-go streams PLAIN pages over 1 MiB) in row groups of
// rgRows.
func writeBigPageParquet(t testing.TB, path string, rows []bigPageRow, rgRows int64, props ...parquet.WriterProperty) {
	t.Helper()
	mem := memory.NewGoAllocator()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "label", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	tb := b.Field(0).(*array.StringBuilder)
	lb := b.Field(1).(*array.Int64Builder)
	for _, r := range rows {
		if r.text == nil {
			tb.AppendNull()
		} else {
			tb.Append(*r.text)
		}
		if r.label == nil {
			lb.AppendNull()
		} else {
			lb.Append(*r.label)
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props = append([]parquet.WriterProperty{
		parquet.WithDataPageSize(64 << 20),
		parquet.WithMaxRowGroupLength(rgRows),
		parquet.WithAllocator(mem),
	}, props...)
	if err := pqarrow.WriteTable(tbl, f, rgRows, parquet.NewWriterProperties(props...), pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
}

// maxAllocator records the largest buffer asked of it.
type maxAllocator struct {
	memory.Allocator
	mu  sync.Mutex
	max int
}

func (m *maxAllocator) note(size int) {
	m.mu.Lock()
	m.max = max(m.max, size)
	m.mu.Unlock()
}

func (m *maxAllocator) Allocate(size int) []byte {
	m.note(size)
	return m.Allocator.Allocate(size)
}

func (m *maxAllocator) Reallocate(size int, b []byte) []byte {
	m.note(size)
	return m.Allocator.Reallocate(size, b)
}

// readBothWays reads a Parquet file with and without arrow-go's page
// streaming and returns both results and the largest buffer each asked
// for.
func readBothWays(t *testing.T, path string, opts Options) (stream, whole result, streamMax, wholeMax int) {
	t.Helper()
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer func(old bool) { columnar.PageStreaming = old }(columnar.PageStreaming)
	for _, on := range []bool{true, false} {
		columnar.PageStreaming = on
		checked := memory.NewCheckedAllocator(memory.NewGoAllocator())
		mem := &maxAllocator{Allocator: checked}
		opts.Mem = mem
		res, err := collect(t, inputs, opts)
		if err != nil {
			t.Fatalf("streaming %v: %v", on, err)
		}
		assertNoLeaks(t, checked)
		if on {
			stream, streamMax = res, mem.max
		} else {
			whole, wholeMax = res, mem.max
		}
	}
	return
}

// TestParquetPageStreaming reads files whose pages arrow-go decodes as a
// stream (PLAIN byte arrays over 1 MiB, with the streaming codecs, data
// pages v1 and v2) and files where it cannot (snappy, dictionaries), and
// checks every row against what was written and against the same file
// read without streaming. The largest buffer asked for shows that
// streaming was on: it stays near the 1.5 MB value, where whole pages
// need several MB.
func TestParquetPageStreaming(t *testing.T) {
	rows := bigPageRows(6000)
	dir := t.TempDir()
	cases := []struct {
		name     string
		props    []parquet.WriterProperty
		streamed bool
	}{
		{"zstd v1", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false)}, true},
		{"zstd v2", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false), parquet.WithDataPageVersion(parquet.DataPageV2)}, true},
		{"uncompressed v1", []parquet.WriterProperty{parquet.WithDictionaryDefault(false)}, true},
		{"gzip v2", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Gzip), parquet.WithDictionaryDefault(false), parquet.WithDataPageVersion(parquet.DataPageV2)}, true},
		{"brotli v1", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Brotli), parquet.WithDictionaryDefault(false)}, true},
		{"snappy v1, not streamed", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Snappy), parquet.WithDictionaryDefault(false)}, false},
		// The labels are dictionary-encoded and read whole; the texts outgrow
		// the dictionary limit, are written PLAIN and streamed.
		{"zstd, dictionary on", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(true), parquet.WithDictionaryPageSizeLimit(256 << 10)}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.NewReplacer(" ", "_", ",", "").Replace(tc.name)+".parquet")
			writeBigPageParquet(t, path, rows, 4000, tc.props...)
			stream, whole, streamMax, wholeMax := readBothWays(t, path, Options{Text: []string{"text"}, Label: "label", Workers: 2, BatchRows: 100})
			if diff := cmp.Diff(whole, stream, cmp.AllowUnexported(result{})); diff != "" && !onlyBatchesDiffer(whole, stream) {
				t.Fatalf("streaming changed what was read (-whole +streamed):\n%s", diff)
			}
			checkBigPageRows(t, rows, stream)
			t.Logf("largest buffer: %d bytes streamed, %d whole", streamMax, wholeMax)
			if tc.streamed && streamMax*2 > wholeMax {
				t.Errorf("largest buffer streamed %d bytes, whole %d: want streaming to need less than half (was it on?)", streamMax, wholeMax)
			}
		})
	}
}

// onlyBatchesDiffer reports whether two results differ only in how many
// batches the rows came in: streaming clips batches to its buffer.
func onlyBatchesDiffer(a, b result) bool {
	a.Batches, b.Batches = 0, 0
	return cmp.Equal(a, b)
}

// checkBigPageRows compares what was read with what was written.
func checkBigPageRows(t *testing.T, want []bigPageRow, got result) {
	t.Helper()
	if len(got.Rows) != len(want) {
		t.Fatalf("read %d rows, wrote %d", len(got.Rows), len(want))
	}
	nulls := 0
	for i, w := range want {
		g := got.Rows[i]
		if g.N != int64(i) {
			t.Fatalf("row %d is numbered %d", i, g.N)
		}
		if (w.text == nil) != g.Null || (w.text != nil && *w.text != g.Text) {
			t.Fatalf("row %d: text %.40q (null %v), want null %v", i, g.Text, g.Null, w.text == nil)
		}
		if w.text == nil {
			nulls++
		}
		wantLabel := ""
		if w.label != nil {
			wantLabel = fmt.Sprint(*w.label)
		}
		gotLabel := ""
		if g.Label != nil {
			gotLabel = *g.Label
		}
		if (w.label == nil) != (g.Label == nil) || wantLabel != gotLabel {
			t.Fatalf("row %d: label %v, want %q", i, g.Label, wantLabel)
		}
	}
	bad := 0
	for _, b := range got.Bad {
		if b.Kind != BadNullText {
			t.Errorf("unexpected bad record %+v", b)
		}
		bad++
	}
	if bad != nulls {
		t.Errorf("%d null_text records, want %d", bad, nulls)
	}
}

// TestParquetCorruptStreamedPage damages the compressed bytes in the middle
// of a streamed page. The rows before the damage may be read, the rest of
// that row group is one unreadable_rows record, the other row group is
// read whole, and nothing leaks or crashes, with streaming and without.
func TestParquetCorruptStreamedPage(t *testing.T) {
	rows := bigPageRows(4000)
	dir := t.TempDir()
	path := filepath.Join(dir, "corrupt.parquet")
	writeBigPageParquet(t, path, rows, 2000, parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false))

	damageChunk(t, path, 0, 0, 1, 2)

	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer func(old bool) { columnar.PageStreaming = old }(columnar.PageStreaming)
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("streaming %v", on), func(t *testing.T) {
			columnar.PageStreaming = on
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			got, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2, Mem: mem})
			if err != nil {
				t.Fatal(err)
			}
			assertNoLeaks(t, mem)
			var lost []gotBad
			for _, b := range got.Bad {
				if b.Kind == BadUnreadable {
					lost = append(lost, b)
				}
			}
			if len(lost) != 1 || lost[0].N >= 2000 || lost[0].N+lost[0].Rows != 2000 {
				t.Fatalf("unreadable_rows records %+v, want one ending row group 0 at row 2000", lost)
			}
			read := map[int64]bool{}
			for _, r := range got.Rows {
				read[r.N] = true
				w := rows[r.N]
				if (w.text == nil) != r.Null || (w.text != nil && *w.text != r.Text) {
					t.Errorf("row %d read wrong (%.40q)", r.N, r.Text)
				}
			}
			for i := range rows {
				if inLost := int64(i) >= lost[0].N && int64(i) < 2000; inLost == read[int64(i)] {
					t.Errorf("row %d: read %v, in the unreadable stretch %v", i, read[int64(i)], inLost)
				}
			}
			t.Logf("rows %d-1999 lost of row group 0", lost[0].N)
		})
	}
}
