package export

// This file holds the other candidate for --export-dedup's Parquet output,
// github.com/parquet-go/parquet-go, so that it can be measured against
// arrow-go's pqarrow.FileWriter (see writer_bench_test.go and the
// "Parquet writer for --export-dedup" section of benchmarks/README.md).
// It lives in a test file because Write keeps arrow-go (newArrowWriter
// says why); Write does not use it.

import (
	"encoding/base64"
	"fmt"
	"io"
	"reflect"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
)

// orderedGroup is a parquet-go group node that keeps its fields in the
// order given. parquet.Group is a map and sorts its fields by name, which
// would reorder the columns (id, text, label -> id, label, text).
type orderedGroup []parquet.Field

func (g orderedGroup) ID() int                                { return 0 }
func (g orderedGroup) String() string                         { return "group" }
func (g orderedGroup) Type() parquet.Type                     { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool                         { return false }
func (g orderedGroup) Repeated() bool                         { return false }
func (g orderedGroup) Required() bool                         { return true }
func (g orderedGroup) Leaf() bool                             { return false }
func (g orderedGroup) Fields() []parquet.Field                { return g }
func (g orderedGroup) Encoding() encoding.Encoding            { return nil }
func (g orderedGroup) Compression() compress.Codec            { return nil }
func (g orderedGroup) GoType() reflect.Type                   { return reflect.TypeFor[map[string]any]() }
func (g orderedGroup) Value(base reflect.Value) reflect.Value { return base }

// namedField gives a parquet-go node a name.
type namedField struct {
	parquet.Node
	name string
}

func (f namedField) Name() string { return f.name }
func (f namedField) Value(base reflect.Value) reflect.Value {
	return base.MapIndex(reflect.ValueOf(&f.name).Elem())
}

// pqgoWriter writes Arrow record batches of a flat schema with
// parquet-go, through the column writers (the library's documented path
// for columnar data: one []parquet.Value per column and batch, no row
// reconstruction), with zstd, row groups of at most groupRows rows and 1 MiB
// pages like newArrowWriter, and the same ARROW:schema footer entry so
// that arrow-go reads the Arrow types back.
type pqgoWriter struct {
	w        *parquet.Writer
	cols     []*parquet.ColumnWriter
	fields   []arrow.Field
	vals     [][]parquet.Value
	inGroup  int64 // rows in the open row group
	groupMax int64
}

func pqgoLeaf(t arrow.DataType) (parquet.Node, error) {
	switch t.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return parquet.String(), nil
	case arrow.BINARY, arrow.LARGE_BINARY:
		return parquet.Leaf(parquet.ByteArrayType), nil
	case arrow.INT8:
		return parquet.Int(8), nil
	case arrow.INT16:
		return parquet.Int(16), nil
	case arrow.INT32:
		return parquet.Int(32), nil
	case arrow.INT64:
		return parquet.Int(64), nil
	case arrow.FLOAT32:
		return parquet.Leaf(parquet.FloatType), nil
	case arrow.FLOAT64:
		return parquet.Leaf(parquet.DoubleType), nil
	case arrow.BOOL:
		return parquet.Leaf(parquet.BooleanType), nil
	case arrow.DICTIONARY:
		return pqgoLeaf(t.(*arrow.DictionaryType).ValueType)
	}
	return nil, fmt.Errorf("parquet-go writer: Arrow type %s not supported here", t)
}

func newPQGoWriter(schema *arrow.Schema, out io.Writer, groupRows int64) (*pqgoWriter, error) {
	fields := schema.Fields()
	group := make(orderedGroup, len(fields))
	for i, f := range fields {
		n, err := pqgoLeaf(f.Type)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", f.Name, err)
		}
		if f.Nullable {
			n = parquet.Optional(n)
		} else {
			n = parquet.Required(n)
		}
		group[i] = namedField{Node: n, name: f.Name}
	}
	stored := base64.StdEncoding.EncodeToString(flight.SerializeSchema(schema, memory.DefaultAllocator))
	w := parquet.NewWriter(out,
		parquet.NewSchema("schema", group),
		parquet.Compression(&parquet.Zstd),
		parquet.PageBufferSize(1<<20),
		parquet.KeyValueMetadata("ARROW:schema", stored),
	)
	return &pqgoWriter{w: w, cols: w.ColumnWriters(), fields: fields, vals: make([][]parquet.Value, len(fields)), groupMax: groupRows}, nil
}

func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// Write writes rec, cutting row groups at groupMax rows as pqarrow does.
func (p *pqgoWriter) Write(rec arrow.RecordBatch) error {
	n := rec.NumRows()
	for start := int64(0); start < n; {
		end := min(n, start+p.groupMax-p.inGroup)
		for c := range p.fields {
			if err := p.writeColumn(c, rec.Column(c), int(start), int(end)); err != nil {
				return err
			}
		}
		p.inGroup += end - start
		start = end
		if p.inGroup == p.groupMax {
			if err := p.w.Flush(); err != nil {
				return err
			}
			p.inGroup = 0
		}
	}
	return nil
}

func (p *pqgoWriter) writeColumn(c int, arr arrow.Array, start, end int) error {
	vals := p.vals[c][:0]
	def := 0
	if p.fields[c].Nullable {
		def = 1
	}
	if d, ok := arr.(*array.Dictionary); ok {
		dict := d.Dictionary()
		for i := start; i < end; i++ {
			if d.IsNull(i) {
				vals = append(vals, parquet.NullValue().Level(0, 0, c))
				continue
			}
			v, err := pqgoValue(dict, d.GetValueIndex(i))
			if err != nil {
				return err
			}
			vals = append(vals, v.Level(0, def, c))
		}
	} else if a, ok := arr.(*array.String); ok {
		// The corpus's columns: switch on the type once per batch, and
		// box each string straight from the batch's buffers.
		offs, data := a.ValueOffsets(), a.ValueBytes() // data starts at offs[0]
		for i := start; i < end; i++ {
			if a.IsNull(i) {
				vals = append(vals, parquet.NullValue().Level(0, 0, c))
				continue
			}
			vals = append(vals, parquet.ByteArrayValue(data[offs[i]-offs[0]:offs[i+1]-offs[0]]).Level(0, def, c))
		}
	} else {
		for i := start; i < end; i++ {
			if arr.IsNull(i) {
				vals = append(vals, parquet.NullValue().Level(0, 0, c))
				continue
			}
			v, err := pqgoValue(arr, i)
			if err != nil {
				return err
			}
			vals = append(vals, v.Level(0, def, c))
		}
	}
	p.vals[c] = vals
	_, err := p.cols[c].WriteRowValues(vals)
	return err
}

// pqgoValue boxes element i of arr; byte values point into arr's buffers
// (the column writer copies them).
func pqgoValue(arr arrow.Array, i int) (parquet.Value, error) {
	switch a := arr.(type) {
	case *array.String:
		return parquet.ByteArrayValue(bytesOf(a.Value(i))), nil
	case *array.LargeString:
		return parquet.ByteArrayValue(bytesOf(a.Value(i))), nil
	case *array.StringView:
		return parquet.ByteArrayValue(bytesOf(a.Value(i))), nil
	case *array.Binary:
		return parquet.ByteArrayValue(a.Value(i)), nil
	case *array.LargeBinary:
		return parquet.ByteArrayValue(a.Value(i)), nil
	case *array.Int8:
		return parquet.Int32Value(int32(a.Value(i))), nil
	case *array.Int16:
		return parquet.Int32Value(int32(a.Value(i))), nil
	case *array.Int32:
		return parquet.Int32Value(a.Value(i)), nil
	case *array.Int64:
		return parquet.Int64Value(a.Value(i)), nil
	case *array.Float32:
		return parquet.FloatValue(a.Value(i)), nil
	case *array.Float64:
		return parquet.DoubleValue(a.Value(i)), nil
	case *array.Boolean:
		return parquet.BooleanValue(a.Value(i)), nil
	}
	return parquet.Value{}, fmt.Errorf("parquet-go writer: Arrow array %T not supported here", arr)
}

func (p *pqgoWriter) Close() error { return p.w.Close() }
