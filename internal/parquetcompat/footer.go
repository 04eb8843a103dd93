package parquetcompat

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// knownLogicalTypes are the members of the LogicalType union that arrow-go
// v18 understands (9 was never assigned).
var knownLogicalTypes = map[int16]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true,
	10: true, 11: true, 12: true, 13: true, 14: true, 15: true, 16: true, 17: true, 18: true}

// Compact protocol type codes.
const (
	tcStop   = 0
	tcTrue   = 1
	tcFalse  = 2
	tcByte   = 3
	tcI16    = 4
	tcI32    = 5
	tcI64    = 6
	tcDouble = 7
	tcBinary = 8
	tcList   = 9
	tcSet    = 10
	tcMap    = 11
	tcStruct = 12
)

var errThrift = errors.New("malformed Thrift footer")

// tcReader walks compact-protocol bytes.
type tcReader struct {
	b     []byte
	pos   int
	depth int
}

func (r *tcReader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, errThrift
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

func (r *tcReader) uvarint() (uint64, error) {
	v, n := binary.Uvarint(r.b[r.pos:])
	if n <= 0 {
		return 0, errThrift
	}
	r.pos += n
	return v, nil
}

// field reads a field header: its id, type, or stop.
func (r *tcReader) field(last int16) (id int16, typ byte, stop bool, err error) {
	c, err := r.byte()
	if err != nil {
		return 0, 0, false, err
	}
	if c == tcStop {
		return 0, 0, true, nil
	}
	typ = c & 0x0f
	if delta := c >> 4; delta != 0 {
		return last + int16(delta), typ, false, nil
	}
	v, err := r.uvarint()
	if err != nil {
		return 0, 0, false, err
	}
	return int16(int64(v>>1) ^ -int64(v&1)), typ, false, nil
}

// skip steps over a value of type typ.
func (r *tcReader) skip(typ byte) error {
	switch typ {
	case tcTrue, tcFalse:
		return nil // in the field header (a list element is one byte: see skipElem)
	case tcByte:
		_, err := r.byte()
		return err
	case tcI16, tcI32, tcI64:
		_, err := r.uvarint()
		return err
	case tcDouble:
		return r.advance(8)
	case tcBinary:
		n, err := r.uvarint()
		if err != nil {
			return err
		}
		return r.advance(n)
	case tcList, tcSet:
		n, et, err := r.listHeader()
		if err != nil {
			return err
		}
		for range n {
			if err := r.skipElem(et); err != nil {
				return err
			}
		}
		return nil
	case tcMap:
		n, err := r.uvarint()
		if err != nil || n == 0 {
			return err
		}
		kv, err := r.byte()
		if err != nil {
			return err
		}
		for range n {
			if err := r.skipElem(kv >> 4); err != nil {
				return err
			}
			if err := r.skipElem(kv & 0x0f); err != nil {
				return err
			}
		}
		return nil
	case tcStruct:
		if r.depth++; r.depth > 64 {
			return errThrift
		}
		defer func() { r.depth-- }()
		var last int16
		for {
			id, t, stop, err := r.field(last)
			if err != nil || stop {
				return err
			}
			if err := r.skip(t); err != nil {
				return err
			}
			last = id
		}
	}
	return errThrift
}

// skipElem steps over an element of a list, set or map, where a boolean
// takes a byte of its own.
func (r *tcReader) skipElem(typ byte) error {
	if typ == tcTrue || typ == tcFalse {
		_, err := r.byte()
		return err
	}
	return r.skip(typ)
}

func (r *tcReader) advance(n uint64) error {
	if n > uint64(len(r.b)-r.pos) {
		return errThrift
	}
	r.pos += int(n)
	return nil
}

func (r *tcReader) listHeader() (uint64, byte, error) {
	c, err := r.byte()
	if err != nil {
		return 0, 0, err
	}
	n := uint64(c >> 4)
	if n == 15 {
		if n, err = r.uvarint(); err != nil {
			return 0, 0, err
		}
	}
	if n > uint64(len(r.b)-r.pos) { // every element takes a byte at least
		return 0, 0, errThrift
	}
	return n, c & 0x0f, nil
}

// tcField is one field of a struct as stored: its id, type and the bytes
// of its value.
type tcField struct {
	id         int16
	typ        byte
	start, end int
}

// fields reads the fields of the struct that starts at r.pos.
func (r *tcReader) fields() ([]tcField, error) {
	var out []tcField
	var last int16
	for {
		id, t, stop, err := r.field(last)
		if err != nil || stop {
			return out, err
		}
		start := r.pos
		if err := r.skip(t); err != nil {
			return nil, err
		}
		out = append(out, tcField{id, t, start, r.pos})
		last = id
	}
}

// appendFields encodes fields taken from src as a struct.
func appendFields(dst, src []byte, fields []tcField) []byte {
	var last int16
	for _, f := range fields {
		if d := f.id - last; d > 0 && d <= 15 {
			dst = append(dst, byte(d)<<4|f.typ)
		} else {
			dst = append(dst, f.typ)
			dst = binary.AppendUvarint(dst, uint64(int64(f.id)<<1^int64(f.id)>>15))
		}
		dst = append(dst, src[f.start:f.end]...)
		last = f.id
	}
	return append(dst, tcStop)
}

// DropUnknownLogicalTypes returns footer without the logical types arrow-go
// does not know, and the names of the columns that had one; it returns
// the footer unchanged when there is none.
func DropUnknownLogicalTypes(footer []byte) ([]byte, []string, error) {
	r := &tcReader{b: footer}
	top, err := r.fields()
	if err != nil {
		return nil, nil, err
	}
	for _, f := range top {
		if f.id != 2 || f.typ != tcList {
			continue
		}
		lr := &tcReader{b: footer, pos: f.start}
		n, et, err := lr.listHeader()
		if err != nil || et != tcStruct {
			return nil, nil, errThrift
		}
		head := lr.pos
		out := append([]byte{}, footer[:head]...)
		var dropped []string
		for range n {
			elem, err := lr.fields()
			if err != nil {
				return nil, nil, err
			}
			keep := elem[:0:0]
			name := ""
			for _, ef := range elem {
				if ef.id == 4 && ef.typ == tcBinary {
					nr := &tcReader{b: footer, pos: ef.start}
					if l, err := nr.uvarint(); err == nil && l <= uint64(ef.end-nr.pos) {
						name = string(footer[nr.pos : nr.pos+int(l)])
					}
				}
				if ef.id == 10 && ef.typ == tcStruct && !knownUnion(footer, ef.start) {
					continue
				}
				keep = append(keep, ef)
			}
			if len(keep) < len(elem) {
				dropped = append(dropped, name)
			}
			out = appendFields(out, footer, keep)
		}
		if len(dropped) == 0 {
			return footer, nil, nil
		}
		return append(out, footer[lr.pos:]...), dropped, nil
	}
	return footer, nil, nil
}

// knownUnion reports whether the LogicalType union at pos sets a member
// arrow-go knows.
func knownUnion(b []byte, pos int) bool {
	r := &tcReader{b: b, pos: pos}
	members, err := r.fields()
	if err != nil || len(members) == 0 {
		return false
	}
	for _, m := range members {
		if !knownLogicalTypes[m.id] {
			return false
		}
	}
	return true
}

// ReadFooter returns the Thrift footer of a Parquet file of size bytes.
func ReadFooter(f io.ReaderAt, size int64) ([]byte, error) {
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], size-8); err != nil {
		return nil, err
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 {
		return nil, fmt.Errorf("the footer claims %d bytes of a %d-byte file", n, size)
	}
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, size-8-n); err != nil {
		return nil, err
	}
	return buf, nil
}

// CompactI64 is the compact protocol's type code of an i64, as RewriteFooter
// gives it to edit.
const CompactI64 = tcI64

// RewriteFooter returns the Parquet file data with its Thrift footer
// rewritten by edit, which is given each field's path of field ids from the
// FileMetaData (a list's elements share their field's path), its compact
// type code (CompactI64, ...) and value bytes, and returns the field's new
// value bytes, or nil to keep them (and walk into a struct). Tests use it to
// make files whose footer lies.
func RewriteFooter(data []byte, edit func(path []int16, typ byte, val []byte) []byte) ([]byte, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("rewrite footer: %d bytes are no Parquet file", len(data))
	}
	n := int(binary.LittleEndian.Uint32(data[len(data)-8:]))
	if n > len(data)-12 {
		return nil, fmt.Errorf("rewrite footer: the footer claims %d bytes of a %d-byte file", n, len(data))
	}
	footer := data[len(data)-8-n : len(data)-8]
	var walk func(r *tcReader, path []int16) ([]byte, error)
	var value func(r *tcReader, path []int16, typ byte) ([]byte, error)
	value = func(r *tcReader, path []int16, typ byte) ([]byte, error) {
		start := r.pos
		switch typ {
		case tcStruct:
			end := &tcReader{b: footer, pos: start}
			if err := end.skip(tcStruct); err != nil {
				return nil, err
			}
			if v := edit(path, typ, footer[start:end.pos]); v != nil {
				r.pos = end.pos
				return v, nil
			}
			return walk(r, path)
		case tcList:
			n, et, err := r.listHeader()
			if err != nil {
				return nil, err
			}
			out := append([]byte{}, footer[start:r.pos]...)
			for range n {
				if et == tcTrue || et == tcFalse {
					b, err := r.byte()
					if err != nil {
						return nil, err
					}
					out = append(out, b)
					continue
				}
				v, err := value(r, path, et)
				if err != nil {
					return nil, err
				}
				out = append(out, v...)
			}
			return out, nil
		}
		if err := r.skip(typ); err != nil {
			return nil, err
		}
		if v := edit(path, typ, footer[start:r.pos]); v != nil {
			return v, nil
		}
		return footer[start:r.pos], nil
	}
	walk = func(r *tcReader, path []int16) ([]byte, error) {
		var out []byte
		var last int16
		for {
			id, typ, stop, err := r.field(last)
			if err != nil {
				return nil, err
			}
			if stop {
				return append(out, tcStop), nil
			}
			if d := id - last; d > 0 && d <= 15 {
				out = append(out, byte(d)<<4|typ)
			} else {
				out = append(out, typ)
				out = binary.AppendUvarint(out, uint64(int64(id)<<1^int64(id)>>15))
			}
			v, err := value(r, append(path[:len(path):len(path)], id), typ)
			if err != nil {
				return nil, err
			}
			out = append(out, v...)
			last = id
		}
	}
	nf, err := walk(&tcReader{b: footer}, nil)
	if err != nil {
		return nil, fmt.Errorf("rewrite footer: %w", err)
	}
	out := append([]byte{}, data[:len(data)-8-n]...)
	out = append(out, nf...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(nf)))
	return append(out, "PAR1"...), nil
}
