package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
)

// readDirectAndPqarrow reads inputs with columnar's direct text reader and
// with pqarrow alone, checking both for leaks.
func readDirectAndPqarrow(t *testing.T, inputs []Input, opts Options) (direct, pq result) {
	t.Helper()
	defer func(old bool) { columnar.DirectText = old }(columnar.DirectText)
	var directReasons []string
	for _, on := range []bool{true, false} {
		columnar.DirectText = on
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		opts.Mem = mem
		res, err := collect(t, inputs, opts)
		if err != nil {
			t.Fatalf("direct %v: %v", on, err)
		}
		assertNoLeaks(t, mem)
		// collect keeps no reasons: the reports show them.
		reasons := badReasons(t, inputs, opts)
		if on {
			directReasons = reasons
		} else if diff := cmp.Diff(reasons, directReasons); diff != "" {
			t.Fatalf("bad records differ (-pqarrow +direct):\n%s", diff)
		}
		if on {
			direct = res
		} else {
			pq = res
		}
	}
	return direct, pq
}

// writeRequiredText writes texts as a Parquet file whose text column is
// REQUIRED (no definition levels), with the writer properties props.
func writeRequiredText(t *testing.T, path string, texts []string, rgRows int64, props ...parquet.WriterProperty) {
	t.Helper()
	mem := memory.NewGoAllocator()
	sc := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.AppendValues(texts, nil)
	arr := b.NewArray()
	defer arr.Release()
	rec := array.NewRecordBatch(sc, []arrow.Array{arr}, int64(len(texts)))
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props = append([]parquet.WriterProperty{parquet.WithMaxRowGroupLength(rgRows), parquet.WithAllocator(mem)}, props...)
	if err := pqarrow.WriteTable(tbl, f, rgRows, parquet.NewWriterProperties(props...), pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
}

// TestParquetDirectText reads files whose text column is read alone, so
// that columnar reads them with its direct reader, and checks every row
// against what was written and against pqarrow's reading of the same
// file: nulls, page layouts (streamed, many small pages, dictionaries,
// data pages v2), required columns and batch sizes.
func TestParquetDirectText(t *testing.T) {
	rows := bigPageRows(6000)
	dir := t.TempDir()
	zstd := parquet.WithCompression(compress.Codecs.Zstd)
	plain := parquet.WithDictionaryDefault(false)
	for _, tc := range []struct {
		name  string
		props []parquet.WriterProperty
	}{
		{"zstd streamed pages", []parquet.WriterProperty{zstd, plain}},
		{"zstd v2", []parquet.WriterProperty{zstd, plain, parquet.WithDataPageVersion(parquet.DataPageV2)}},
		{"snappy small pages", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Snappy), plain, parquet.WithDataPageSize(4 << 10)}},
		{"dictionary", []parquet.WriterProperty{zstd, parquet.WithDictionaryDefault(true), parquet.WithDictionaryPageSizeLimit(256 << 10), parquet.WithDataPageSize(64 << 10)}},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".parquet")
		writeBigPageParquet(t, path, rows, 2500, tc.props...)
		inputs, err := Expand([]string{path})
		if err != nil {
			t.Fatal(err)
		}
		for _, batch := range []int{0, 1, 100, 777} {
			t.Run(fmt.Sprintf("%s, batches of %d", tc.name, batch), func(t *testing.T) {
				stops := columnar.DirectStops()
				direct, pq := readDirectAndPqarrow(t, inputs, Options{Text: []string{"text"}, Workers: 2, BatchRows: batch})
				if n := columnar.DirectStops() - stops; n != 0 {
					t.Fatalf("the direct reader left %d row groups to pqarrow, want 0", n)
				}
				if diff := cmp.Diff(pq, direct, cmp.AllowUnexported(result{})); diff != "" && !onlyBatchesDiffer(pq, direct) {
					t.Fatalf("the direct reader read otherwise than pqarrow (-pqarrow +direct):\n%s", diff)
				}
				checkBigPageRows(t, rows, withLabels(direct, rows))
			})
		}
	}
	t.Run("required column", func(t *testing.T) {
		texts := make([]string, 3000)
		for i := range texts {
			texts[i] = strings.Repeat(fmt.Sprintf("row %d é ", i), i%50)
		}
		path := filepath.Join(dir, "required.parquet")
		writeRequiredText(t, path, texts, 1000, zstd, plain, parquet.WithDataPageSize(32<<10))
		inputs, err := Expand([]string{path})
		if err != nil {
			t.Fatal(err)
		}
		stops := columnar.DirectStops()
		direct, pq := readDirectAndPqarrow(t, inputs, Options{Text: []string{"text"}, Workers: 2, BatchRows: 128})
		if n := columnar.DirectStops() - stops; n != 0 {
			t.Fatalf("the direct reader left %d row groups to pqarrow, want 0", n)
		}
		if diff := cmp.Diff(pq, direct, cmp.AllowUnexported(result{})); diff != "" && !onlyBatchesDiffer(pq, direct) {
			t.Fatalf("the direct reader read otherwise than pqarrow (-pqarrow +direct):\n%s", diff)
		}
		if len(direct.Rows) != len(texts) {
			t.Fatalf("read %d rows, wrote %d", len(direct.Rows), len(texts))
		}
		for i, r := range direct.Rows {
			if r.Null || r.Text != texts[i] {
				t.Fatalf("row %d = %.40q (null %v), want %.40q", i, r.Text, r.Null, texts[i])
			}
		}
	})
}

// withLabels gives res the labels written, which the direct reader does
// not read (no --label), so that checkBigPageRows can check the rest.
func withLabels(res result, rows []bigPageRow) result {
	out := res
	out.Rows = append([]gotRow(nil), res.Rows...)
	for i := range out.Rows {
		if i < len(rows) && rows[i].label != nil {
			out.Rows[i].Label = strp(fmt.Sprint(*rows[i].label))
		}
	}
	return out
}

// TestParquetDirectTextDamaged damages a page in the middle of a row
// group and the footer's row counts: the direct reader stops and pqarrow
// reads the rest, so that what is reported (rows read, unreadable_rows
// and missing_rows records, from which row) is what pqarrow alone
// reports.
func TestParquetDirectTextDamaged(t *testing.T) {
	rows := bigPageRows(4000)
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		props []parquet.WriterProperty
	}{
		{"streamed page", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false)}},
		{"small pages", []parquet.WriterProperty{parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(16 << 10)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".parquet")
			writeBigPageParquet(t, path, rows, 2000, tc.props...)
			damageChunk(t, path, 0, 0, 2, 3)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			// Batches of 1000 and 1500 rows: pqarrow clips streamed
			// batches to its buffer, so the row where the direct reader
			// stopped falls inside one of pqarrow's batches.
			for _, batch := range []int{0, 50, 1000, 1500} {
				stops := columnar.DirectStops()
				direct, pq := readDirectAndPqarrow(t, inputs, Options{Text: []string{"text"}, Workers: 2, BatchRows: batch})
				if columnar.DirectStops() == stops {
					t.Errorf("batches of %d: the direct reader read the damaged page to the end", batch)
				}
				if diff := cmp.Diff(pq, direct, cmp.AllowUnexported(result{})); diff != "" && !onlyBatchesDiffer(pq, direct) {
					t.Fatalf("batches of %d: the direct reader reported otherwise than pqarrow (-pqarrow +direct):\n%s", batch, diff)
				}
				lost := 0
				for _, b := range direct.Bad {
					if b.Kind == BadUnreadable {
						lost++
					}
				}
				if lost == 0 {
					t.Errorf("batches of %d: no unreadable_rows record for the damaged page", batch)
				}
			}
		})
	}
}

// TestParquetDirectTextID reads a text column beside an --id column of
// each kind readDirect reads (strings with nulls, required 32-bit and
// nullable 64-bit integers) with the direct reader and with pqarrow, and
// checks the ids against what was written.
func TestParquetDirectTextID(t *testing.T) {
	rows := bigPageRows(5000)
	path := filepath.Join(t.TempDir(), "ids.parquet")
	want := writeIDParquet(t, path, rows)
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"sid", "i32", "i64"} {
		for _, batch := range []int{0, 1, 333} {
			t.Run(fmt.Sprintf("%s, batches of %d", id, batch), func(t *testing.T) {
				stops, groups := columnar.DirectStops(), columnar.DirectGroups()
				direct, pq := readDirectAndPqarrow(t, inputs, Options{Text: []string{"text"}, ID: id, Workers: 2, BatchRows: batch})
				if n := columnar.DirectStops() - stops; n != 0 {
					t.Fatalf("the direct reader left %d row groups to pqarrow, want 0", n)
				}
				// readDirectAndPqarrow reads the file twice with it: 3 row groups each.
				if n := columnar.DirectGroups() - groups; n != 6 {
					t.Fatalf("the direct reader read %d row groups, want 6", n)
				}
				if diff := cmp.Diff(pq, direct, cmp.AllowUnexported(result{})); diff != "" && !onlyBatchesDiffer(pq, direct) {
					t.Fatalf("the direct reader read otherwise than pqarrow (-pqarrow +direct):\n%s", diff)
				}
				if len(direct.Rows) != len(rows) {
					t.Fatalf("read %d rows, wrote %d", len(direct.Rows), len(rows))
				}
				for i, r := range direct.Rows {
					if diff := cmp.Diff(want[id][i], r.ID); diff != "" {
						t.Fatalf("row %d: id %s differs (-want +got):\n%s", i, id, diff)
					}
				}
				// A row whose text is null is a bad record named by its id.
				nulls := 0
				for _, b := range direct.Bad {
					wantID := ""
					if w := want[id][b.N]; w != nil {
						wantID = *w
					}
					if b.Kind != BadNullText || b.ID != wantID {
						t.Fatalf("bad record %+v, want null_text with id %q", b, wantID)
					}
					nulls++
				}
				if nulls == 0 {
					t.Fatal("no null text among the rows")
				}
			})
		}
	}
}

// writeIDParquet writes rows' texts in row groups of 2,000 rows (zstd,
// 8 KiB pages) beside three id columns, sid (strings, some null), i32
// (required) and i64 (some null), and returns each id column's values as
// the reader renders them.
func writeIDParquet(t *testing.T, path string, rows []bigPageRow) map[string][]*string {
	t.Helper()
	mem := memory.NewGoAllocator()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "sid", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "i32", Type: arrow.PrimitiveTypes.Int32},
		{Name: "i64", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	want := map[string][]*string{}
	for i, r := range rows {
		if r.text == nil {
			b.Field(0).(*array.StringBuilder).AppendNull()
		} else {
			b.Field(0).(*array.StringBuilder).Append(*r.text)
		}
		sid := fmt.Sprintf("mail-%05d/%x", i, i*7919)
		if i%13 == 4 {
			b.Field(1).(*array.StringBuilder).AppendNull()
			want["sid"] = append(want["sid"], nil)
		} else {
			b.Field(1).(*array.StringBuilder).Append(sid)
			want["sid"] = append(want["sid"], &sid)
		}
		i32 := int32(i*31 - 70000)
		b.Field(2).(*array.Int32Builder).Append(i32)
		want["i32"] = append(want["i32"], strp(fmt.Sprint(i32)))
		if i%17 == 2 {
			b.Field(3).(*array.Int64Builder).AppendNull()
			want["i64"] = append(want["i64"], nil)
		} else {
			i64 := int64(i) << 40
			b.Field(3).(*array.Int64Builder).Append(i64)
			want["i64"] = append(want["i64"], strp(fmt.Sprint(i64)))
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
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(2000), parquet.WithAllocator(mem),
		parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(8<<10))
	if err := pqarrow.WriteTable(tbl, f, 2000, props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return want
}

// TestParquetDirectTextIDDamaged damages the id column in the middle of
// a row group: the direct reader stops and pqarrow reads the rest, so
// that what is reported is what pqarrow alone reports.
func TestParquetDirectTextIDDamaged(t *testing.T) {
	rows := bigPageRows(5000)
	path := filepath.Join(t.TempDir(), "ids.parquet")
	writeIDParquet(t, path, rows)
	damageChunk(t, path, 1, 1, 1, 2) // sid
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range []int{0, 100, 777} {
		t.Run(fmt.Sprintf("batches of %d", batch), func(t *testing.T) {
			stops := columnar.DirectStops()
			direct, pq := readDirectAndPqarrow(t, inputs, Options{Text: []string{"text"}, ID: "sid", Workers: 2, BatchRows: batch})
			if columnar.DirectStops() == stops {
				t.Errorf("the direct reader read the damaged id page to the end")
			}
			if diff := cmp.Diff(pq, direct, cmp.AllowUnexported(result{})); diff != "" && !onlyBatchesDiffer(pq, direct) {
				t.Fatalf("the direct reader reported otherwise than pqarrow (-pqarrow +direct):\n%s", diff)
			}
			lost := 0
			for _, b := range direct.Bad {
				if b.Kind == BadUnreadable {
					lost++
				}
			}
			if lost == 0 {
				t.Errorf("no unreadable_rows record for the damaged id page")
			}
		})
	}
}

// damageChunk flips 64 bytes of path's column chunk (row group rg,
// column col) from num/den of the way into its compressed pages.
func damageChunk(t *testing.T, path string, rg, col int, num, den int64) {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	cc, err := pf.MetaData().RowGroup(rg).ColumnChunk(col)
	if err != nil {
		t.Fatal(err)
	}
	mid := cc.DataPageOffset() + cc.TotalCompressedSize()*num/den
	pf.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := mid; i < mid+64; i++ {
		data[i] ^= 0x5a
	}
	writeFile(t, path, data)
}
