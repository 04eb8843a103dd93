package analysis

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/rowstore"
)

// An encoded state is a Header, then the analysis' own bytes:
//
//	+----------+-----------------+------+-----------------+-------------
//	| "DAST\x01" | uvarint len(name) | name | uvarint version | state ...
//	+----------+-----------------+------+-----------------+-------------
//
// The magic's last byte is the header's own format version. A state is
// decoded only by the spec whose name and version it carries: as pebble
// refuses to open a store written with another merger, a state of another
// analysis, or of another version of this one, is refused, never merged.
const magic = "DAST\x01"

// Header heads every encoded state.
type Header struct {
	Name    string
	Version int
}

// Header returns the spec's header.
func (s *Spec) Header() Header { return Header{Name: s.Name, Version: s.Version} }

// SecondHeader returns the header of the state of the spec's second
// pass: its name with "/pass2" appended, so that neither pass's state is
// read as the other's.
func (s *Spec) SecondHeader() Header { return Header{Name: s.Name + "/pass2", Version: s.Version} }

// AppendHeader appends h's encoding to dst.
func (h Header) AppendHeader(dst []byte) []byte {
	dst = append(dst, magic...)
	dst = binary.AppendUvarint(dst, uint64(len(h.Name)))
	dst = append(dst, h.Name...)
	return binary.AppendUvarint(dst, uint64(h.Version))
}

// errNotState is ReadHeader's error for bytes that are not a state.
var errNotState = errors.New("analysis: not an encoded analysis state")

// ReadHeader reads the header at the start of src and returns it and the
// bytes after it.
func ReadHeader(src []byte) (Header, []byte, error) {
	if len(src) < len(magic) || string(src[:len(magic)]) != magic {
		return Header{}, nil, errNotState
	}
	src = src[len(magic):]
	n, k := binary.Uvarint(src)
	if k <= 0 || n > uint64(len(src)-k) || n > 256 {
		return Header{}, nil, fmt.Errorf("%w: bad name", errNotState)
	}
	name := string(src[k : k+int(n)])
	src = src[k+int(n):]
	v, k := binary.Uvarint(src)
	if k <= 0 || v > 1<<31 {
		return Header{}, nil, fmt.Errorf("%w: bad version", errNotState)
	}
	return Header{Name: name, Version: int(v)}, src[k:], nil
}

// Encoder is an Analyser whose state can leave the process: its
// encoding holds no per-process seed, no pointer and no worker-local id,
// only what any process decoding it with the same Config reads the same.
type Encoder interface {
	Analyser
	// AppendState appends the state's encoding (without the header) to
	// dst.
	AppendState(dst []byte) ([]byte, error)
}

// Encode returns a's state headed by its spec's header. a must be an
// Encoder made by s.
func Encode(s *Spec, a Analyser) ([]byte, error) {
	e, ok := a.(Encoder)
	if !ok {
		return nil, fmt.Errorf("analysis: %s (%T) has no portable encoding", s.Name, a)
	}
	return e.AppendState(s.Header().AppendHeader(nil))
}

// Decode returns the analyser whose state src holds, refusing a state of
// another analysis or another version of s. The decoded analyser merges
// with those s.New(c) makes, by the law of Analyser.
func Decode(s *Spec, c *Config, src []byte) (Analyser, error) {
	if s.Decode == nil {
		return nil, fmt.Errorf("analysis: %s has no portable encoding", s.Name)
	}
	h, rest, err := ReadHeader(src)
	if err != nil {
		return nil, err
	}
	if h != s.Header() {
		return nil, fmt.Errorf("analysis: a state of %s version %d cannot be read as %s version %d", h.Name, h.Version, s.Name, s.Version)
	}
	a, err := s.Decode(c, rest)
	if err != nil {
		return nil, fmt.Errorf("analysis: %s state: %w", s.Name, err)
	}
	return a, nil
}

// EncodeSecond returns the state of a, an analyser of s's second pass,
// headed by s.SecondHeader.
func EncodeSecond(s *Spec, a Analyser) ([]byte, error) {
	e, ok := a.(Encoder)
	if !ok {
		return nil, fmt.Errorf("analysis: %s's second pass (%T) has no portable encoding", s.Name, a)
	}
	return e.AppendState(s.SecondHeader().AppendHeader(nil))
}

// DecodeSecond returns the analyser of s's second pass whose state src
// holds. first is the merged first pass the second was built from (the
// one given to s.Second): a second-pass state is only meaningful with
// it, and the decoder refuses one made from another first pass. The
// decoded analyser merges with those of the factory s.Second(first, c)
// returned.
func DecodeSecond(s *Spec, c *Config, first Analyser, src []byte) (Analyser, error) {
	if s.DecodeSecond == nil {
		return nil, fmt.Errorf("analysis: %s's second pass has no portable encoding", s.Name)
	}
	h, rest, err := ReadHeader(src)
	if err != nil {
		return nil, err
	}
	if want := s.SecondHeader(); h != want {
		return nil, fmt.Errorf("analysis: a state of %s version %d cannot be read as %s version %d", h.Name, h.Version, want.Name, want.Version)
	}
	a, err := s.DecodeSecond(first, c, rest)
	if err != nil {
		return nil, fmt.Errorf("analysis: %s state: %w", s.SecondHeader().Name, err)
	}
	return a, nil
}

// The fields of a state are varints, fixed-width floats, length-prefixed
// strings, and positions (see AppendPos). Appending is the encoders' own
// work (encoding/binary's Append functions); Reader reads them back with
// every length checked against the bytes left, so that a state from
// another process, which is untrusted input, gives an error, never a
// panic or an allocation out of proportion to the state (Count bounds a
// number of entries by the bytes left).

// AppendString appends s, prefixed with its length as a uvarint.
func AppendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// AppendPos appends a position as stable fields: the file's index in the
// run's file table, then the row or line number, then whether it is a
// line, all three in one varint pair:
//
//	+-------------------+----------------------------+
//	| uvarint file      | uvarint N<<1 | line(0/1)   |
//	+-------------------+----------------------------+
func AppendPos(dst []byte, p ingest.Pos) []byte {
	dst = binary.AppendUvarint(dst, uint64(p.File))
	l := uint64(0)
	if p.Line {
		l = 1
	}
	return binary.AppendUvarint(dst, uint64(p.N)<<1|l)
}

// Reader reads the fields of a state. The first error sticks: later reads
// return zero values, and Err (or Close) reports it.
type Reader struct {
	b   []byte
	err error
}

// NewReader returns a Reader of state.
func NewReader(state []byte) *Reader { return &Reader{b: state} }

// fail records the first error.
func (r *Reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
	r.b = nil
}

// Failf records an error found by the caller in what it read: the
// Reader's later reads return zero values, and Err reports it.
func (r *Reader) Failf(format string, args ...any) { r.fail(format, args...) }

// Err returns the first error met.
func (r *Reader) Err() error { return r.err }

// Close returns the first error met, or one when bytes are left over.
func (r *Reader) Close() error {
	if r.err == nil && len(r.b) != 0 {
		return fmt.Errorf("%d bytes after the state", len(r.b))
	}
	return r.err
}

// Uvarint reads a uvarint; what names it in an error.
func (r *Reader) Uvarint(what string) uint64 {
	if r.err != nil {
		return 0
	}
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.fail("%s: bad or truncated varint", what)
		return 0
	}
	r.b = r.b[k:]
	return v
}

// Int reads a uvarint that is at most max.
func (r *Reader) Int(what string, max uint64) int {
	v := r.Uvarint(what)
	if v > max {
		r.fail("%s: %d is above %d", what, v, max)
		return 0
	}
	return int(v)
}

// Count reads the number of the entries that follow, each at least
// minSize bytes, and refuses a number the bytes left cannot hold.
func (r *Reader) Count(what string, minSize int) int {
	n := r.Uvarint(what)
	if r.err == nil && n > uint64(len(r.b)/max(minSize, 1)) {
		r.fail("%s: %d entries of %d bytes or more, %d bytes left", what, n, minSize, len(r.b))
		return 0
	}
	return int(n)
}

// Byte reads one byte.
func (r *Reader) Byte(what string) byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.fail("%s: truncated", what)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// Float32 reads a float32 as 4 little-endian bytes.
func (r *Reader) Float32(what string) float32 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 4 {
		r.fail("%s: truncated", what)
		return 0
	}
	v := math.Float32frombits(binary.LittleEndian.Uint32(r.b))
	r.b = r.b[4:]
	return v
}

// String reads a string AppendString wrote.
func (r *Reader) String(what string) string {
	n := r.Uvarint(what)
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)) {
		r.fail("%s: %d bytes, %d left", what, n, len(r.b))
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// Pos reads a position AppendPos wrote, refusing a file outside the table
// of files files.
func (r *Reader) Pos(what string, files int) ingest.Pos {
	f := r.Uvarint(what)
	nl := r.Uvarint(what)
	if r.err != nil {
		return ingest.Pos{}
	}
	if f >= uint64(files) {
		r.fail("%s: file %d of a table of %d", what, f, files)
		return ingest.Pos{}
	}
	return ingest.Pos{File: int(f), N: int64(nl >> 1), Line: nl&1 == 1}
}

// AppendExamples appends the items a finding.Examples lists, in its
// order:
//
//	+---------------+-----+----+------+--------+-------------+-----
//	| uvarint count | pos | id | kind | reason | varint rows | pos ...
//	+---------------+-----+----+------+--------+-------------+-----
//
// pos as AppendPos, id, kind and reason as AppendString.
func AppendExamples(dst []byte, l *finding.Examples) []byte {
	items := l.List()
	dst = binary.AppendUvarint(dst, uint64(len(items)))
	for _, it := range items {
		dst = AppendPos(dst, it.Pos)
		dst = AppendString(dst, it.ID)
		dst = AppendString(dst, it.Kind)
		dst = AppendString(dst, it.Reason)
		dst = binary.AppendVarint(dst, it.Rows)
	}
	return dst
}

// Examples reads what AppendExamples wrote into l, an empty list.
func (r *Reader) Examples(what string, files int, l *finding.Examples) {
	n := r.Count(what, 6)
	for range n {
		var it finding.Item
		it.Pos = r.Pos(what, files)
		it.ID = r.String(what)
		it.Kind = r.String(what)
		it.Reason = r.String(what)
		it.Rows = r.Varint(what)
		if r.err != nil {
			return
		}
		l.Add(it)
	}
}

// Varint reads a varint.
func (r *Reader) Varint(what string) int64 {
	if r.err != nil {
		return 0
	}
	v, k := binary.Varint(r.b)
	if k <= 0 {
		r.fail("%s: bad or truncated varint", what)
		return 0
	}
	r.b = r.b[k:]
	return v
}

// Uint64 reads a uint64 as 8 little-endian bytes.
func (r *Reader) Uint64(what string) uint64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.fail("%s: truncated", what)
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

// Bytes reads n bytes; the slice aliases the state.
func (r *Reader) Bytes(what string, n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail("%s: %d bytes, %d left", what, n, len(r.b))
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// Uint32 reads a uint32 as 4 little-endian bytes.
func (r *Reader) Uint32(what string) uint32 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 4 {
		r.fail("%s: truncated", what)
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

// AppendID appends a row's id kept in ids: its length+1 as a uvarint,
// then its bytes, or 0 for a row without an id (rowstore.NoID). The
// arena's offsets are the worker's own and are never written.
func AppendID(dst []byte, ids *rowstore.IDs, ref rowstore.IDRef) []byte {
	if !ref.Valid() {
		return append(dst, 0)
	}
	id := ids.Bytes(ref)
	dst = binary.AppendUvarint(dst, uint64(len(id))+1)
	return append(dst, id...)
}

// ID reads an id AppendID wrote into ids and returns its reference.
func (r *Reader) ID(ids *rowstore.IDs) rowstore.IDRef {
	n := r.Uvarint("id")
	if n == 0 || r.err != nil {
		return rowstore.NoID
	}
	if n-1 > math.MaxInt32 {
		r.fail("id of %d bytes", n-1)
		return rowstore.NoID
	}
	return ids.AddBytes(r.Bytes("id", int(n-1)))
}
