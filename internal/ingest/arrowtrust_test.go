package ingest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

// TestArrowCorruptOffsets: an Arrow IPC record batch whose text offsets
// go backwards or below zero is an unreadable_rows record for its rows,
// and the batches after it are read. Before, the reader passed the
// column on unchecked and the first analysis to read it panicked (slice
// bounds out of range), ending the run: 18 of 50 randomly corrupted IPC
// files did.
func TestArrowCorruptOffsets(t *testing.T) {
	// The second batch's offsets, [0, 7, 9] over "seventyxy", as the file
	// holds them, become these.
	skipped := []gotBad{{N: 2, Kind: BadUnreadable, Rows: 2}}
	tests := []struct {
		name     string
		offsets  []int32
		wantText []string
		wantBad  []gotBad
	}{
		{"backwards", []int32{0, 9, 7}, []string{"one", "two", "four"}, skipped},
		{"negative", []int32{-4, 7, 9}, []string{"one", "two", "four"}, skipped},
		// arrow-go's reader fails on this one itself: reading stops.
		{"past the end", []int32{0, 7, 1 << 30}, []string{"one", "two"}, []gotBad{{N: 2, Kind: BadUnreadableInput}}},
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.arrow")
			var buf bytes.Buffer
			w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
			for _, texts := range [][]string{{"one", "two"}, {"seventy", "xy"}, {"four"}} {
				b := array.NewStringBuilder(memory.DefaultAllocator)
				b.AppendValues(texts, nil)
				col := b.NewArray()
				rec := array.NewRecordBatch(schema, []arrow.Array{col}, int64(col.Len()))
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
			data := buf.Bytes()
			from := arrow.Int32Traits.CastToBytes([]int32{0, 7, 9})
			if bytes.Count(data, from) != 1 {
				t.Fatalf("the offsets to corrupt are %d times in the file", bytes.Count(data, from))
			}
			data = bytes.Replace(data, from, arrow.Int32Traits.CastToBytes(tt.offsets), 1)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := collect(t, expandOne(t, path), Options{Text: []string{"text"}, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, r := range got.Rows {
				texts = append(texts, r.Text)
			}
			if diff := cmp.Diff(tt.wantText, texts); diff != "" {
				t.Errorf("texts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantBad, got.Bad); diff != "" {
				t.Errorf("bad (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzArrow reads fuzzed Arrow IPC streams and files, seeded with small
// ones (string and large_string text, nulls, several batches). The
// property: no panic (in the reader or in the analyses reading what it
// passed on) and the run ends.
//
//	go test ./internal/ingest -run '^$' -fuzz FuzzArrow -fuzztime 2m
func FuzzArrow(f *testing.F) {
	dir := f.TempDir()
	batches := [][]string{{"one", "two"}, {"three", "<null>", "five"}, {"six"}}
	for i, dt := range []arrow.DataType{arrow.BinaryTypes.String, arrow.BinaryTypes.LargeString} {
		for _, file := range []bool{false, true} {
			path := filepath.Join(dir, fmt.Sprintf("seed%d-%v.arrow", i, file))
			writeArrow(f, path, file, dt, batches)
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.arrow")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs, err := Expand([]string{path})
		if err != nil {
			return
		}
		defer Close(inputs)
		_, _ = collect(t, inputs, Options{Text: []string{"text"}, Label: "label", Workers: 2})
	})
}

// TestArrowHugeBody: a record batch message whose body length a corrupt
// file sets to a terabyte is an unreadable rest of the input, said where.
// Before, arrow-go allocated it and the process died out of memory (a
// fatal error, which no recover catches).
func TestArrowHugeBody(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.arrow")
	writeArrow(t, path, false, arrow.BinaryTypes.String, [][]string{{"one", "two"}})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The stream: the schema message, the record batch message (its
	// metadata, then its body) and the end-of-stream marker.
	at := int(8 + binary.LittleEndian.Uint32(data[4:]))
	meta := int(binary.LittleEndian.Uint32(data[at+4:]))
	body := len(data) - 8 - (at + 8 + meta)
	want := binary.LittleEndian.AppendUint64(nil, uint64(body))
	k := bytes.Index(data[at+8:at+8+meta], want)
	if k < 0 {
		t.Fatalf("no body length %d in the record batch message", body)
	}
	binary.LittleEndian.PutUint64(data[at+8+k:], 1<<40)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := collect(t, expandOne(t, path), Options{Text: []string{"text"}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != 0 || len(got.Bad) != 1 || got.Bad[0].Kind != BadUnreadableInput {
		t.Errorf("rows %v, bad %+v; want no row and an unreadable_input record", got.Rows, got.Bad)
	}
}
