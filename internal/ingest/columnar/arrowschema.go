package columnar

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// checkSchemaMessage checks the first message of an Arrow IPC stream, its
// schema, before arrow-go reads it: arrow-go allocates as many fields as
// the message's flatbuffer says there are, unchecked, so that a few
// corrupt bytes ask for gigabytes and the process dies out of memory (a
// fatal error, which no recover catches). It checks that the message fits
// in the size bytes of the input after off, and that every vector of the
// schema (fields, their children, names and metadata) fits in the
// message. It reads only the message.
func checkSchemaMessage(r io.ReaderAt, off, size int64) error {
	var pre [8]byte
	if _, err := r.ReadAt(pre[:], off); err != nil {
		return nil // too short to hold a message: arrow-go says so
	}
	n := int64(binary.LittleEndian.Uint32(pre[:4]))
	start := off + 4
	if n == 0xFFFFFFFF { // the continuation marker, then the length
		n = int64(int32(binary.LittleEndian.Uint32(pre[4:])))
		start += 4
	}
	if n <= 0 || n > size-start {
		return fmt.Errorf("the schema message is %d bytes, in a stream of %d", n, size-off)
	}
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, start); err != nil {
		return fmt.Errorf("schema message: %w", err)
	}
	fb := flatbuf{buf}
	msg, err := fb.root()
	if err != nil {
		return err
	}
	schema, ok, err := fb.table(msg, 2) // Message.header
	if err != nil || !ok {
		return err
	}
	if err := fb.checkVector(schema, 2, 4); err != nil { // Schema.custom_metadata
		return err
	}
	if err := fb.checkVector(schema, 3, 8); err != nil { // Schema.features
		return err
	}
	return fb.checkFields(schema, 1, 0) // Schema.fields
}

// errFlatbuf is a flatbuffer whose offsets point outside it.
var errFlatbuf = errors.New("schema message: an offset outside the message")

// flatbuf reads just enough of a flatbuffer to bound its vectors.
type flatbuf struct{ b []byte }

func (f flatbuf) u32(at int64) (int64, error) {
	if at < 0 || at+4 > int64(len(f.b)) {
		return 0, errFlatbuf
	}
	return int64(binary.LittleEndian.Uint32(f.b[at:])), nil
}

func (f flatbuf) root() (int64, error) { return f.u32(0) }

// field returns where field i of the table at t is, 0 if absent.
func (f flatbuf) field(t int64, i int) (int64, error) {
	so, err := f.u32(t)
	if err != nil {
		return 0, err
	}
	vt := t - int64(int32(uint32(so)))
	if vt < 0 || vt+4 > int64(len(f.b)) {
		return 0, errFlatbuf
	}
	vsize := int64(binary.LittleEndian.Uint16(f.b[vt:]))
	at := 4 + 2*int64(i)
	if at+2 > vsize || vt+at+2 > int64(len(f.b)) {
		return 0, nil
	}
	o := int64(binary.LittleEndian.Uint16(f.b[vt+at:]))
	if o == 0 {
		return 0, nil
	}
	return t + o, nil
}

// ref follows the offset at field i of the table at t.
func (f flatbuf) ref(t int64, i int) (int64, bool, error) {
	at, err := f.field(t, i)
	if err != nil || at == 0 {
		return 0, false, err
	}
	o, err := f.u32(at)
	if err != nil {
		return 0, false, err
	}
	return at + o, true, nil
}

func (f flatbuf) table(t int64, i int) (int64, bool, error) { return f.ref(t, i) }

// vector returns the start of the elements of the vector at field i of
// the table at t and its length, checked to fit with elements of size
// bytes.
func (f flatbuf) vector(t int64, i int, size int64) (int64, int64, error) {
	v, ok, err := f.ref(t, i)
	if err != nil || !ok {
		return 0, 0, err
	}
	n, err := f.u32(v)
	if err != nil {
		return 0, 0, err
	}
	if v+4+n*size > int64(len(f.b)) {
		return 0, 0, fmt.Errorf("schema message: a vector of %d elements in a message of %d bytes", n, len(f.b))
	}
	return v + 4, n, nil
}

func (f flatbuf) checkVector(t int64, i int, size int64) error {
	_, _, err := f.vector(t, i, size)
	return err
}

// checkFields checks the vector of Field tables at field i of the table
// at t, and theirs below them: name (0), children (5), custom_metadata
// (6).
func (f flatbuf) checkFields(t int64, i, depth int) error {
	if depth > 64 {
		return errors.New("schema message: fields nested deeper than 64")
	}
	at, n, err := f.vector(t, i, 4)
	if err != nil {
		return err
	}
	for k := range n {
		o, err := f.u32(at + 4*k)
		if err != nil {
			return err
		}
		ft := at + 4*k + o
		if err := f.checkVector(ft, 0, 1); err != nil { // name
			return err
		}
		if err := f.checkVector(ft, 6, 4); err != nil { // custom_metadata
			return err
		}
		if err := f.checkFields(ft, 5, depth+1); err != nil { // children
			return err
		}
	}
	return nil
}
