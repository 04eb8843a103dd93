package columnar

import (
	"context"
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
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// writeTextParquet writes texts as a Parquet file of one optional String
// column "text", zstd, one PLAIN page a row group of rgRows rows (as
// DuckDB writes), and returns its input.
func writeTextParquet(t *testing.T, texts []string, rgRows int64) source.Input {
	t.Helper()
	mem := memory.NewGoAllocator()
	sc := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.AppendValues(texts, nil)
	arr := b.NewArray()
	defer arr.Release()
	rec := array.NewRecordBatch(sc, []arrow.Array{arr}, int64(len(texts)))
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	path := filepath.Join(t.TempDir(), "text.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(rgRows), parquet.WithAllocator(mem),
		parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(64<<20))
	// WriteTable closes f.
	if err := pqarrow.WriteTable(tbl, f, rgRows, props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return source.Input{Path: path, Format: source.Parquet, Size: st.Size()}
}

// TestDirectBuffersShared: the text buffers of the direct reader's
// batches belong to the file, not to the Reader that filled them: a row
// group read by another Reader (the decoders take row groups in turn)
// reuses the buffers the first one's batches gave back, instead of
// allocating its own set (fresh memory, page faults: 13-16 buffers of
// about 1.4 MiB allocated on the 200 MB corpus, 5 shared). The rows are
// those written, whoever reads them.
func TestDirectBuffersShared(t *testing.T) {
	var texts []string
	for i := range 4000 {
		texts = append(texts, fmt.Sprintf("mail %d: ", i)+strings.Repeat("Dear friend, ", 1+i%61))
	}
	in := writeTextParquet(t, texts, 2000)
	opts := &batch.Options{Text: []string{"text"}, BatchRows: 500}
	src, err := PrepareParquet(0, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !src.Direct() || src.RowGroups() != 2 {
		t.Fatalf("direct %v, %d row groups: want a direct read of 2", src.Direct(), src.RowGroups())
	}
	var got []string
	read := func(r *Reader, rg int) []*byte {
		var starts []*byte
		err := r.ReadRowGroup(context.Background(), src, rg, func(b *batch.Batch) error {
			col := b.Record.Column(0).(*array.String)
			for i := range col.Len() {
				got = append(got, strings.Clone(col.Value(i))) // the buffer is reused
			}
			starts = append(starts, &col.ValueBytes()[0])
			b.Record.Release() // the buffer goes back
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return starts
	}
	r1, r2 := NewReader(opts), NewReader(opts)
	defer r1.Close()
	defer r2.Close()
	first := read(r1, 0)
	second := read(r2, 1)
	if len(first) != 4 || len(second) != 4 {
		t.Fatalf("%d and %d batches, want 4 each", len(first), len(second))
	}
	// Each batch was released before the next was read: the first Reader
	// reused its one buffer, and the second Reader took that same buffer.
	for i, p := range second {
		if p != first[0] {
			t.Errorf("batch %d of row group 1 (second Reader) is not in the buffer row group 0's batches gave back", i)
		}
	}
	if len(got) != len(texts) {
		t.Fatalf("%d rows read, want %d", len(got), len(texts))
	}
	for i := range texts {
		if got[i] != texts[i] {
			t.Fatalf("row %d: %q, want %q", i, got[i], texts[i])
		}
	}
}
