package analysis

import (
	"encoding/binary"
	"errors"
	"fmt"
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
