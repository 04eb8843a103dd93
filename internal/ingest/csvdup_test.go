package ingest

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// TestCSVDuplicateColumn: a column that --text, --label or --id names and
// that is in the header twice is an error before any batch, naming both
// places. Before, the first was read and the second silently left out
// (half of a text, or another label column).
func TestCSVDuplicateColumn(t *testing.T) {
	tests := []struct {
		name, header string
		opts         Options
		want         string // in the error; "" for none
	}{
		{"text twice", "text,text", Options{Text: []string{"text"}}, `column "text" is in the header twice (columns 1 and 2)`},
		{"label twice", "text,label,label", Options{Text: []string{"text"}, Label: "label"}, `column "label" is in the header twice (columns 2 and 3)`},
		{"id twice", "id,text,id", Options{Text: []string{"text"}, ID: "id"}, `column "id" is in the header twice (columns 1 and 3)`},
		{"another column twice", "text,x,x", Options{Text: []string{"text"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "x.csv"), []byte(tt.header+"\na,b,c\n"))
			_, err := collect(t, expandOne(t, path), tt.opts)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Run(header %q) error = %v, want none", tt.header, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Run(header %q) error = %v, want one saying %s", tt.header, err, tt.want)
			}
		})
	}
}

// TestParquetDuplicateColumn: a Parquet column that --text names and that
// the file holds twice (arrow-go and pyarrow write such files) is an
// error before any batch. Before, the second was read, its type checked
// on the first.
func TestParquetDuplicateColumn(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String}, {Name: "text", Type: arrow.BinaryTypes.String}, {Name: "x", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for i := range 3 {
		b.Field(i).(*array.StringBuilder).AppendValues([]string{"one", "two"}, nil)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	var out bytes.Buffer
	if err := pqarrow.WriteTable(tbl, &out, 10, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "x.parquet"), out.Bytes())
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"text twice", Options{Text: []string{"text"}}, `--text column "text" is in the file 2 times`},
		{"another column", Options{Text: []string{"x"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collect(t, expandOne(t, path), tt.opts)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Run(%v) error = %v, want none", tt.opts.Text, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Run(%v) error = %v, want one saying %s", tt.opts.Text, err, tt.want)
			}
		})
	}
}

// TestArrowDuplicateColumn: the same for an Arrow IPC file; before, the
// first of the two was read.
func TestArrowDuplicateColumn(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String}, {Name: "text", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for i := range 2 {
		b.Field(i).(*array.StringBuilder).AppendValues([]string{"one", "two"}, nil)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var out bytes.Buffer
	w := ipc.NewWriter(&out, ipc.WithSchema(sc))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "x.arrow"), out.Bytes())
	_, err := collect(t, expandOne(t, path), Options{Text: []string{"text"}})
	if want := `field "text" is in the schema 2 times`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Run(--text text) error = %v, want one saying %s", err, want)
	}
}
