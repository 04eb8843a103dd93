package columnar

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/recycle"
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

// TestDirectBatchGrowGivesBack: with arrow-go's page reader, a batch
// that a long value takes past its buffer grows into a new one and gives
// the outgrown buffer back to the file's Recycler, so the next batch is
// read into it: with append's growth each outgrown buffer was left to
// the GC and the next batches took fresh memory (session 20: 12 MB of
// buffers in two batches of the 200 MB corpus's Parquet, 1.3 MB each
// grown by a 1.7 MB mail). The own page reader grows no batch: it ends
// the batch before the long value, which is read alone into a buffer of
// its size, and no batch holds more than its buffer (session 33: the
// grown batch's copy was 806 faults of that Parquet).
// The rows are those written either way.
func TestDirectBatchGrowGivesBack(t *testing.T) {
	var texts []string
	for i := range 1000 {
		n := 1 + i%7
		if i == 300 {
			n = 40000 // ~ 500 KB, in the first batch
		}
		texts = append(texts, fmt.Sprintf("row %d: ", i)+strings.Repeat("lorem ipsum ", n))
	}
	in := writeTextParquet(t, texts, 1000)
	defer func(old bool) { OwnPages = old }(OwnPages)
	for _, own := range []bool{true, false} {
		t.Run(fmt.Sprintf("own=%v", own), func(t *testing.T) {
			OwnPages = own
			opts := &batch.Options{Text: []string{"text"}, BatchRows: 500}
			src, err := PrepareParquet(0, in, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !src.Direct() {
				t.Fatal("not read directly")
			}
			// The first batch's buffer: room for its estimate, not for
			// the long row.
			src.directMem = recycle.NewRecycler(directKeep, 4*maxPreAlloc)
			est := src.rgRaw[0] * 500 / 1000
			seed := make([]byte, 0, est+est/4)
			src.directMem.Free(seed)
			r := NewReader(opts)
			defer r.Close()
			var got []string
			var held []*batch.Batch
			ownBefore := OwnGroups()
			err = r.ReadRowGroup(context.Background(), src, 0, func(b *batch.Batch) error {
				col := b.Record.Column(0).(*array.String)
				for i := range col.Len() {
					got = append(got, col.Value(i))
				}
				held = append(held, b) // held: the next batch cannot take its buffer
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				for _, b := range held {
					b.Record.Release()
				}
			}()
			if own != (OwnGroups() > ownBefore) {
				t.Fatalf("own pages read %v, want %v", OwnGroups() > ownBefore, own)
			}
			if !slices.Equal(got, texts) {
				t.Fatal("rows read differ from those written")
			}
			data := func(i int) []byte { return held[i].Record.Column(0).(*array.String).ValueBytes() }
			if !own {
				if len(held) != 2 {
					t.Fatalf("%d batches, want 2", len(held))
				}
				if first := data(0); len(first) <= cap(seed) {
					t.Fatalf("the first batch (%d bytes) did not outgrow its buffer (%d)", len(first), cap(seed))
				}
				if second := data(1); &second[0] != &seed[:1][0] {
					t.Error("the second batch is not in the buffer the first outgrew")
				}
				return
			}
			// Rows 0-299, then row 300 alone, then the rest in batches
			// that fit their buffers.
			var rows []int
			for _, b := range held {
				rows = append(rows, int(b.Record.NumRows()))
			}
			if len(rows) < 3 || rows[0] != 300 || rows[1] != 1 {
				t.Fatalf("batches of %v rows, want 300, then 1 (the long row alone), then the rest", rows)
			}
			if first := data(0); &first[0] != &seed[:1][0] {
				t.Error("the first batch is not in the buffer it was given")
			}
			if long := data(1); len(long) != len(texts[300]) || cap(long) != len(long) {
				t.Errorf("the long row's buffer holds %d of %d bytes, want exactly its %d", len(long), cap(long), len(texts[300]))
			}
			room := batchRoom(int(est))
			for i := 2; i < len(held); i++ {
				if d := data(i); len(d) > room {
					t.Errorf("batch %d holds %d bytes, over the %d of its buffer", i, len(d), room)
				}
			}
		})
	}
}

// TestSharedZstd: the zstd decoders of a file of small text chunks are
// kept for every file (a Source prepared again, as the excerpts' read
// prepares one, takes them back), those of a file with a chunk over
// sharedZstdRaw for that file alone.
func TestSharedZstd(t *testing.T) {
	var texts []string
	for i := range 2000 {
		texts = append(texts, fmt.Sprintf("mail %d: ", i)+strings.Repeat("Dear friend, ", 1+i%31))
	}
	in := writeTextParquet(t, texts, 1000)
	opts := &batch.Options{Text: []string{"text"}, BatchRows: 500}
	for _, tc := range []struct {
		max    int64
		shared bool
	}{{32 << 20, true}, {1000, false}} {
		old := sharedZstdRaw
		sharedZstdRaw = tc.max
		a, errA := PrepareParquet(0, in, opts)
		b, errB := PrepareParquet(0, in, opts)
		sharedZstdRaw = old
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if a.sharedZstd != tc.shared {
			t.Fatalf("chunks up to %d bytes shared: sharedZstd = %v, want %v", tc.max, a.sharedZstd, tc.shared)
		}
		d := a.takeZstd()
		if d == nil {
			t.Fatal("no zstd decoder")
		}
		a.putZstd(d)
		if got := b.takeZstd(); (got == d) != tc.shared {
			t.Errorf("chunks up to %d bytes shared: another Source of the file took the decoder: %v, want %v", tc.max, got == d, tc.shared)
		} else {
			b.putZstd(got)
		}
	}
}
