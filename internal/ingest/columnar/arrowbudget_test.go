package columnar

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// recordingAlloc records the largest allocation asked of it and refuses
// (by a panic, as the capped allocator does) those over max, so that a
// test of a claim under the file-size cap does not allocate it.
type recordingAlloc struct {
	memory.Allocator
	largest, max int
}

func (a *recordingAlloc) Allocate(size int) []byte {
	a.largest = max(a.largest, size)
	if size > a.max {
		panic(fmt.Sprintf("test allocator: %d bytes asked", size))
	}
	return a.Allocator.Allocate(size)
}

func (a *recordingAlloc) Reallocate(size int, b []byte) []byte {
	a.largest = max(a.largest, size)
	if size > a.max {
		panic(fmt.Sprintf("test allocator: %d bytes asked", size))
	}
	return a.Allocator.Reallocate(size, b)
}

// writeCompressed writes an Arrow IPC stream of one text column, zstd
// compressed, in batches of rows, and returns its bytes.
func writeCompressed(t *testing.T, batches [][]string) []byte {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String}}, nil)
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema), ipc.WithZstd())
	for _, rows := range batches {
		b := array.NewStringBuilder(memory.DefaultAllocator)
		b.AppendValues(rows, nil)
		col := b.NewArray()
		rec := array.NewRecordBatch(schema, []arrow.Array{col}, int64(len(rows)))
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		col.Release()
		b.Release()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestArrowDecompressedBudget: a compressed buffer of a record batch
// whose uncompressed length a corrupt file sets under the old cap (16x
// the file, at least 1 GiB) but far over what its compressed bytes can
// hold is refused before it is allocated, and said where: the file, the
// record batch and the row. Before, 900 MiB were allocated for a 2 KB
// file, and a large file's batches could each claim 16 times the file.
func TestArrowDecompressedBudget(t *testing.T) {
	var rows []string
	total := 0
	for i := range 100 {
		s := fmt.Sprintf("row %d of the text column", i)
		rows = append(rows, s)
		total += len(s)
	}
	data := writeCompressed(t, [][]string{rows[:50], rows[50:]})
	// The second batch's data buffer: its 8-byte uncompressed length.
	second := total - totalLen(rows[:50])
	want := binary.LittleEndian.AppendUint64(nil, uint64(second))
	k := bytes.LastIndex(data, want)
	if k < 0 {
		t.Fatalf("no uncompressed length %d in the stream", second)
	}
	binary.LittleEndian.PutUint64(data[k:], 900<<20)
	path := filepath.Join(t.TempDir(), "x.arrow")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}

	mem := &recordingAlloc{Allocator: memory.NewGoAllocator(), max: 128 << 20}
	opts := &batch.Options{Text: []string{"text"}, Mem: mem}
	in := source.Input{Path: path, Format: source.Arrow, Size: int64(len(data))}
	src, err := PrepareArrow(0, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	var got int64
	var bad []batch.BadRecord
	err = ReadArrow(context.Background(), src, opts, func(b *batch.Batch) error {
		got += b.Record.NumRows()
		b.Record.Release()
		return nil
	}, func(r batch.BadRecord) error { bad = append(bad, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if mem.largest > batchSlack+1<<20 {
		t.Errorf("ReadArrow asked for %d bytes at once, want at most 65 MiB for a %d-byte file", mem.largest, len(data))
	}
	if got != 50 || len(bad) != 1 || bad[0].Kind != batch.BadUnreadableInput {
		t.Fatalf("ReadArrow = %d rows, bad %+v; want the first batch's 50 rows and an unreadable_input record", got, bad)
	}
	t.Logf("reason: %s", bad[0].Reason)
	for _, w := range []string{path, "record batch 2", "row 50", "decompression"} {
		if !strings.Contains(bad[0].Reason, w) {
			t.Errorf("ReadArrow's unreadable_input reason %q, want it to say %q", bad[0].Reason, w)
		}
	}
}

func totalLen(s []string) int {
	n := 0
	for _, x := range s {
		n += len(x)
	}
	return n
}
