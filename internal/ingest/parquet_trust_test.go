package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"time"

	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
	"github.com/dataaudit/dataaudit/internal/parquetcompat"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/google/go-cmp/cmp"
)

// trustFile is how one of the small files the corruption tests start from
// is written.
type trustFile struct {
	name  string
	codec compress.Compression
	dict  bool
	v2    bool
	text  string // column read: "text", or "meta.content" (nested)
}

var trustFiles = []trustFile{
	{"plain-none-v1", compress.Codecs.Uncompressed, false, false, "text"},
	{"dict-snappy-v1", compress.Codecs.Snappy, true, false, "text"},
	{"plain-zstd-v2", compress.Codecs.Zstd, false, true, "text"},
	{"dict-gzip-v2", compress.Codecs.Gzip, true, true, "text"},
	{"plain-brotli-v1", compress.Codecs.Brotli, false, false, "text"},
	{"dict-lz4raw-v2-nested", compress.Codecs.Lz4Raw, true, true, "meta.content"},
	{"plain-none-v1-nested", compress.Codecs.Uncompressed, false, false, "meta.content"},
}

const (
	trustRows   = 150
	trustRGRows = 50
)

// writeTrustFile writes trustRows rows in row groups of trustRGRows, with
// pages of a few hundred bytes, null texts every 7 rows and null structs
// every 11, and returns the file's bytes.
func writeTrustFile(t testing.TB, tf trustFile) []byte {
	t.Helper()
	mem := memory.NewGoAllocator()
	metaType := arrow.StructOf(arrow.Field{Name: "content", Type: arrow.BinaryTypes.String, Nullable: true})
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "meta", Type: metaType, Nullable: true},
		{Name: "label", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	tb := b.Field(0).(*array.StringBuilder)
	mb := b.Field(1).(*array.StructBuilder)
	cb := mb.FieldBuilder(0).(*array.StringBuilder)
	lb := b.Field(2).(*array.Int64Builder)
	words := []string{"alpha", "beta", "gamma", "δέλτα", "эпсилон", "🚀", "zeta"}
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range trustRows {
		var sb strings.Builder
		for range rng.IntN(30) {
			sb.WriteString(words[rng.IntN(len(words))])
			sb.WriteByte(' ')
		}
		if i%7 == 3 {
			tb.AppendNull()
		} else {
			tb.Append(sb.String())
		}
		if i%11 == 5 {
			mb.AppendNull()
		} else {
			mb.Append(true)
			cb.Append(fmt.Sprintf("row %d %s", i, sb.String()))
		}
		lb.Append(int64(i % 3))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	version := parquet.DataPageV1
	if tf.v2 {
		version = parquet.DataPageV2
	}
	props := parquet.NewWriterProperties(
		parquet.WithCompression(tf.codec),
		parquet.WithDictionaryDefault(tf.dict),
		parquet.WithDataPageVersion(version),
		parquet.WithDataPageSize(512),
		parquet.WithBatchSize(16),
		parquet.WithMaxRowGroupLength(trustRGRows),
		parquet.WithAllocator(mem),
	)
	var out bytes.Buffer
	if err := pqarrow.WriteTable(tbl, &out, trustRGRows, props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// rewriteFooter returns data with its Thrift footer rewritten by edit (see
// parquetcompat.RewriteFooter).
func rewriteFooter(t testing.TB, data []byte, edit func(path []int16, typ byte, val []byte) []byte) []byte {
	t.Helper()
	out, err := parquetcompat.RewriteFooter(data, edit)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func zigzag64(v int64) []byte { return binary.AppendUvarint(nil, uint64(v<<1^v>>63)) }

// Paths of footer fields (parquet.thrift field ids).
var (
	pathFileRows       = []int16{3}          // FileMetaData.num_rows
	pathRGRows         = []int16{4, 3}       // RowGroup.num_rows
	pathDataPageOffset = []int16{4, 1, 3, 9} // ColumnMetaData.data_page_offset
	pathChunkSize      = []int16{4, 1, 3, 7} // ColumnMetaData.total_compressed_size
)

func samePath(a, b []int16) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// setI64 is an edit for rewriteFooter that sets the fields at path to v.
func setI64(path []int16, v int64) func([]int16, byte, []byte) []byte {
	return func(p []int16, typ byte, _ []byte) []byte {
		if samePath(p, path) && typ == parquetcompat.CompactI64 {
			return zigzag64(v)
		}
		return nil
	}
}

// footerRows is the row count the footer of data gives, or -1 if arrow-go
// cannot read it: the larger of num_rows and the sum over the row groups,
// as columnar.PrepareParquet counts.
func footerRows(path string) (rows int64) {
	defer func() {
		if recover() != nil {
			rows = -1
		}
	}()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return -1
	}
	defer pf.Close()
	md := pf.MetaData()
	for rg := range md.NumRowGroups() {
		rows += md.RowGroup(rg).NumRows()
	}
	return max(rows, md.NumRows)
}

// tally is what Run reported for one file.
type tally struct {
	rows, lost   int64 // rows in batches; rows of unreadable_rows and missing_rows
	unreadable   int   // unreadable_input records
	kinds        map[string]int64
	reasons      []string
	firstLostRow int64
}

// runTally runs Run over inputs and tallies each file's batches, with a
// deadline: a run that does not end is a failure, not a stuck test.
func runTally(t testing.TB, inputs []Input, opts Options) (map[int]*tally, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var mu sync.Mutex
	got := map[int]*tally{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, inputs, opts, func(_ int, b *Batch) error {
			defer b.Record.Release()
			mu.Lock()
			defer mu.Unlock()
			tl := got[b.File]
			if tl == nil {
				tl = &tally{kinds: map[string]int64{}, firstLostRow: -1}
				got[b.File] = tl
			}
			tl.rows += b.Record.NumRows()
			for _, bad := range b.Bad {
				tl.kinds[bad.Kind] += max(bad.Rows, 1)
				tl.reasons = append(tl.reasons, bad.Kind+": "+bad.Reason)
				switch bad.Kind {
				case BadUnreadable, BadMissingRows:
					tl.lost += bad.Rows
					if tl.firstLostRow < 0 || bad.Pos.N < tl.firstLostRow {
						tl.firstLostRow = bad.Pos.N
					}
				case BadUnreadableInput:
					tl.unreadable++
				}
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		return got, err
	case <-time.After(30 * time.Second):
		t.Fatalf("Run did not end in 30s")
		return nil, nil
	}
}

// checkReconciled fails unless the file at path was either unreadable as a
// whole or read to its footer's count: rows read plus rows bad.
func checkReconciled(t testing.TB, name, path string, tl *tally) {
	t.Helper()
	if tl == nil {
		t.Errorf("%s: no batch at all, want rows or a finding", name)
		return
	}
	if tl.unreadable > 0 {
		if tl.rows != 0 || tl.lost != 0 {
			t.Errorf("%s: unreadable_input and %d rows read, %d lost: want one or the other", name, tl.rows, tl.lost)
		}
		return
	}
	want := footerRows(path)
	if want < 0 {
		return // arrow-go cannot read the footer as it is; columnar.PrepareParquet patched it
	}
	if tl.rows+tl.lost != want {
		t.Errorf("%s: %d rows read + %d reported lost = %d, want the footer's %d (findings %q)", name, tl.rows, tl.lost, tl.rows+tl.lost, want, tl.reasons)
	}
}

// TestParquetUnknownLogicalType reads parquet-testing's file whose second
// column has a logical type no reader knows: arrow-go panics on its footer,
// DuckDB reads it, and so must we, at least the column asked for.
func TestParquetUnknownLogicalType(t *testing.T) {
	inputs, err := Expand([]string{"testdata/unknown-logical-type.parquet"})
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"column with known type", "column with unknown type"} {
		t.Run(col, func(t *testing.T) {
			got, err := collect(t, inputs, Options{Text: []string{col}, Workers: 2})
			if err != nil {
				t.Fatalf("Run(--text %q) = %v, want no error", col, err)
			}
			if len(got.Rows) != 3 || len(got.Bad) != 0 {
				t.Fatalf("Run(--text %q) read %d rows, bad %+v; want 3 rows (as DuckDB), none bad", col, len(got.Rows), got.Bad)
			}
			if col == "column with known type" && got.Rows[0].Text != "known string 1" {
				t.Errorf("row 0 = %q, want %q", got.Rows[0].Text, "known string 1")
			}
		})
	}
}

// TestParquetFooterLies edits the footer of a good file so that its
// numbers do not match its pages. Every row the footer counts is either
// read or in a finding that says where it went, and the findings are of
// the kind and place the edit calls for.
func TestParquetFooterLies(t *testing.T) {
	good := writeTrustFile(t, trustFiles[0])
	dir := t.TempDir()
	tests := []struct {
		name     string
		edit     func([]int16, byte, []byte) []byte
		kind     string // the finding expected
		firstBad int64  // its first row
		read     int64  // rows read
	}{
		{"data pages past the end", setI64(pathDataPageOffset, int64(len(good))+1000), BadUnreadable, 0, 0},
		{"negative chunk size", setI64(pathChunkSize, -5), BadUnreadable, 0, 0},
		{"chunk longer than the file", setI64(pathChunkSize, 1<<40), BadUnreadable, 0, 0},
		{"file total above its row groups", setI64(pathFileRows, trustRows+300), BadMissingRows, trustRows, trustRows},
		{"row groups above their pages", setI64(pathRGRows, trustRGRows+20), BadMissingRows, trustRGRows, trustRows},
		// Rows past a row group's count are not read (as in DuckDB): the
		// file's total then says how many rows no row group holds.
		{"row groups below their pages", setI64(pathRGRows, trustRGRows-10), BadMissingRows, 3 * (trustRGRows - 10), 3 * (trustRGRows - 10)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".parquet")
			if err := os.WriteFile(path, rewriteFooter(t, good, tc.edit), 0o644); err != nil {
				t.Fatal(err)
			}
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			got, err := runTally(t, inputs, Options{Text: []string{"text"}, Workers: 2})
			if err != nil {
				t.Fatalf("Run = %v, want no error", err)
			}
			tl := got[0]
			checkReconciled(t, tc.name, path, tl)
			if tl == nil {
				return
			}
			if tl.kinds[tc.kind] == 0 || tl.firstLostRow != tc.firstBad || tl.rows != tc.read {
				t.Errorf("read %d rows, findings %q from row %d; want %d rows read and %s from row %d", tl.rows, tl.reasons, tl.firstLostRow, tc.read, tc.kind, tc.firstBad)
			}
		})
	}
}

// corruptVariant damages a copy of good in one of several ways chosen by
// rng: byte flips in the footer, in a page header, in page data, a
// truncation, a cut out of the middle.
func corruptVariant(rng *rand.Rand, good []byte, headers []int64) ([]byte, string) {
	data := append([]byte{}, good...)
	flen := int(binary.LittleEndian.Uint32(good[len(good)-8:]))
	fstart := len(good) - 8 - flen
	flip := func(lo, hi int, n int) {
		for range n {
			i := lo + rng.IntN(max(hi-lo, 1))
			data[i] ^= byte(1 + rng.IntN(255))
		}
	}
	switch k := rng.IntN(6); k {
	case 0:
		flip(fstart, len(good)-8, 1+rng.IntN(3))
		return data, "footer flips"
	case 1:
		h := int(headers[rng.IntN(len(headers))])
		flip(h, min(h+24, fstart), 1+rng.IntN(2))
		return data, "page header flips"
	case 2:
		flip(4, fstart, 1+rng.IntN(8))
		return data, "data flips"
	case 3:
		return data[:rng.IntN(len(data))], "truncated"
	case 4:
		// Keep the footer, cut bytes out of the pages: every offset after
		// the cut points at the wrong place.
		a := 4 + rng.IntN(fstart-4)
		b := a + rng.IntN(min(200, fstart-a))
		return append(data[:a:a], data[b:]...), "cut"
	default:
		// One byte of a page header set to an extreme value.
		h := int(headers[rng.IntN(len(headers))]) + rng.IntN(12)
		data[min(h, fstart-1)] = []byte{0x00, 0xff, 0x7f, 0x80}[rng.IntN(4)]
		return data, "page header extreme"
	}
}

// pageHeaders lists the offsets of the first page (dictionary or data) of
// every column chunk of a good file.
func pageHeaders(t testing.TB, path string) []int64 {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	var out []int64
	md := pf.MetaData()
	for rg := range md.NumRowGroups() {
		for c := range md.NumColumns() {
			cc, err := md.RowGroup(rg).ColumnChunk(c)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, cc.DataPageOffset())
			if cc.HasDictionaryPage() {
				out = append(out, cc.DictionaryPageOffset())
			}
		}
	}
	return out
}

// TestParquetCorruptVariants writes several hundred damaged copies of
// good files (seeded, so the same every run) and reads them all: no panic
// reaches the test, every run ends, and every file is either unreadable
// as a whole or reconciles with its footer's row count. A good file read
// alongside the damaged one is always read whole.
func TestParquetCorruptVariants(t *testing.T) {
	n := 60 // per good file
	if testing.Short() {
		n = 10
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(12, 2026))
	kinds := map[string]int{}
	for _, tf := range trustFiles {
		good := writeTrustFile(t, tf)
		goodPath := filepath.Join(dir, tf.name+".parquet")
		if err := os.WriteFile(goodPath, good, 0o644); err != nil {
			t.Fatal(err)
		}
		headers := pageHeaders(t, goodPath)
		for i := range n {
			data, how := corruptVariant(rng, good, headers)
			name := fmt.Sprintf("%s-%03d-%s", tf.name, i, strings.ReplaceAll(how, " ", "-"))
			path := filepath.Join(dir, name+".parquet")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			inputs, err := Expand([]string{path, goodPath})
			if err != nil {
				t.Fatal(err)
			}
			got, err := runTally(t, inputs, Options{Text: []string{tf.text}, Workers: 2, MaxPageBytes: 16 << 20})
			if err != nil {
				// A footer flip may rename or retype the column: a usage
				// error, not a panic.
				kinds["usage error"]++
				continue
			}
			tl := got[0]
			checkReconciled(t, name, path, tl)
			if g := got[1]; g == nil || g.rows != trustRows || g.lost != 0 || g.unreadable != 0 {
				t.Errorf("%s: the good file next to it: %+v, want %d rows read, nothing lost", name, g, trustRows)
			}
			if tl != nil && strings.Contains(strings.Join(tl.reasons, "\n"), "panicked") {
				kinds["of which a panic recovered"]++
			}
			switch {
			case tl == nil:
			case tl.unreadable > 0:
				kinds["unreadable_input"]++
			case tl.lost > 0:
				kinds["rows lost"]++
			default:
				kinds["read whole"]++
			}
			if t.Failed() {
				os.WriteFile(filepath.Join(os.TempDir(), name+".parquet"), data, 0o644)
				t.Fatalf("%s: kept a copy in %s", name, os.TempDir())
			}
		}
	}
	t.Logf("outcomes: %v", kinds)
}

// TestParquetDirGoodAndBroken reads a directory holding a good file and a
// broken one (a footer arrow-go panics on): the good one is read whole and
// the broken one is an unreadable_input finding.
func TestParquetDirGoodAndBroken(t *testing.T) {
	dir := t.TempDir()
	good := writeTrustFile(t, trustFiles[1])
	if err := os.WriteFile(filepath.Join(dir, "a-good.parquet"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	// A TIME logical type with no unit: arrow-go panics on it, and the
	// column is the one read, so no rewrite can save the file.
	broken := rewriteFooter(t, good, func(p []int16, typ byte, v []byte) []byte {
		if samePath(p, []int16{2, 10}) && bytes.Equal(v, []byte{0x1c, 0, 0}) { // SchemaElement.logicalType = {STRING: {}}
			return []byte{0x7c, 0x11, 0x1c, 0, 0, 0} // {TIME: {isAdjustedToUTC: true, unit: {}}}
		}
		return nil
	})
	if err := os.WriteFile(filepath.Join(dir, "b-broken.parquet"), broken, 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	got, err := runTally(t, inputs, Options{Text: []string{"text"}, Workers: 2})
	if err != nil {
		t.Fatalf("Run = %v, want no error", err)
	}
	if g := got[0]; g == nil || g.rows != trustRows || g.lost != 0 {
		t.Errorf("good file: %+v, want %d rows", g, trustRows)
	}
	if b := got[1]; b == nil || b.unreadable != 1 || !strings.Contains(strings.Join(b.reasons, ""), "panicked") {
		t.Errorf("broken file: %+v, want one unreadable_input for a panic", b)
	}
}

// TestParquetMaxPageBytes reads a file whose one page holds a 3 MiB value
// with page limits on both sides of it: under the limit the row is read,
// over it the row is unreadable_rows, with streamed pages and without. The
// default reads it.
func TestParquetMaxPageBytes(t *testing.T) {
	big := strings.Repeat("large value ", 3<<20/12)
	rows := []bigPageRow{{text: &big}, {text: strp("small")}}
	path := filepath.Join(t.TempDir(), "bigvalue.parquet")
	writeBigPageParquet(t, path, rows, 10, parquet.WithDictionaryDefault(false))
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer func(old bool) { columnar.PageStreaming = old }(columnar.PageStreaming)
	for _, stream := range []bool{true, false} {
		columnar.PageStreaming = stream
		for _, limit := range []int64{0, 4 << 20, 1 << 20} {
			t.Run(fmt.Sprintf("streaming %v, limit %d", stream, limit), func(t *testing.T) {
				got, err := runTally(t, inputs, Options{Text: []string{"text"}, Workers: 1, MaxPageBytes: limit})
				if err != nil {
					t.Fatal(err)
				}
				tl := got[0]
				wantRead := int64(2)
				if limit == 1<<20 {
					wantRead = 0
				}
				if tl.rows != wantRead || tl.rows+tl.lost != 2 {
					t.Errorf("MaxPageBytes %d: %d rows read, %d lost (%q), want %d read, %d lost", limit, tl.rows, tl.lost, tl.reasons, wantRead, 2-wantRead)
				}
				if wantRead == 0 && !strings.Contains(strings.Join(tl.reasons, ""), "exceeds configured limit") {
					t.Errorf("MaxPageBytes %d: reasons %q, want one naming the page size limit", limit, tl.reasons)
				}
			})
		}
	}
}

// TestParquetHadoopLZ4 reads parquet-testing's files of the deprecated LZ4
// codec, Hadoop-framed and bare (older Arrow C++), and their LZ4_RAW twin:
// the same rows from each. arrow-go alone reads none of the first two.
func TestParquetHadoopLZ4(t *testing.T) {
	read := func(name string) []gotRow {
		t.Helper()
		inputs, err := Expand([]string{filepath.Join("testdata", name)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := collect(t, inputs, Options{Text: []string{"c1"}, Workers: 2})
		if err != nil {
			t.Fatalf("Run(%s) = %v, want no error", name, err)
		}
		if len(got.Bad) != 0 {
			t.Fatalf("Run(%s): bad records %+v, want none", name, got.Bad)
		}
		return got.Rows
	}
	want := read("lz4_raw_compressed.parquet")
	if len(want) != 4 {
		t.Fatalf("lz4_raw_compressed.parquet: %d rows, want 4", len(want))
	}
	for _, name := range []string{"hadoop_lz4_compressed.parquet", "non_hadoop_lz4_compressed.parquet"} {
		if diff := cmp.Diff(want, read(name)); diff != "" {
			t.Errorf("%s: rows differ from the LZ4_RAW file (-want +got):\n%s", name, diff)
		}
	}
}
