package strictjson

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is how deep values may nest, the line's value being at depth
// 1: fastjson's limit, kept so that strict and lenient reading agree on it.
const MaxDepth = 300

// linearKeys is how many keys of one object are compared one by one for
// duplicates; an object with more is checked through a map.
const linearKeys = 16

// MaxPaths is how many field paths Parser follows (bits of a
// uint64); with more, the decoder validates with it and reads the fields
// with fastjson.
const MaxPaths = 64

// keySpan is a key of an open object: its decoded bytes are line[off:off+n],
// or arena[off:off+n] for a key with escapes. pos is where its opening
// quote is.
type keySpan struct {
	off, n, pos int
	arena       bool
}

// frame is an open array or object.
type frame struct {
	obj   bool
	start int    // position of the opening bracket
	base  int    // len(keys) when it opened: its keys are keys[base:]
	n     int    // array: index of the current element
	mask  uint64 // paths that go on below this container
	tgts  uint64 // paths whose value is this container
}

// span is where a value is in the line, or start -1.
type span struct{ start, end int }

// Parser checks lines against RFC 8259 and finds the values at a set
// of paths. One per decoder: it keeps its scratch from line to line, so
// that a line costs no allocation (objects of more than linearKeys keys
// aside).
type Parser struct {
	comps            [][]string // comps[p]: the keys of path p
	idx              [][]int    // idx[p][d]: comps[p][d] as an array index, or -1
	rootTgt, rootSub uint64
	found            []span // per path, after a parse that succeeded

	stack []frame
	keys  []keySpan
	arena []byte
	maps  []map[uint64]int // per depth, for objects of many keys: key hash to index in keys
	seed  maphash.Seed
	line  []byte

	// lineMode: the parse is ParseLine's, which stops at a newline; end
	// is where the last successful parse's line ended.
	lineMode bool
	end      int

	// The strings at the paths of DecodeMask (the caller's text fields)
	// are decoded as they are checked: into *Dst if set (one text field,
	// straight into its column), else into Dec[path], which the caller
	// sizes. Decoded has the bits of the paths decoded by the last Parse.
	DecodeMask uint64
	Dst        *[]byte
	Dec        [][]byte
	Decoded    uint64

	// Why the last parse failed: errPos is the 0-based position, errMsg
	// what is wrong; for a duplicate key dupFirst is where its first copy
	// is (else -1) and dupPath the key's path.
	errPos   int
	errMsg   string
	dupFirst int
	dupPath  string
}

// NewParser returns a parser that finds the values at paths (each a
// list of keys; a key that is a decimal number also indexes an array, as
// fastjson's Get does). At most MaxPaths paths.
func NewParser(paths [][]string) *Parser {
	p := &Parser{comps: paths, found: make([]span, len(paths)), seed: maphash.MakeSeed()}
	for i, path := range paths {
		ix := make([]int, len(path))
		for d, k := range path {
			ix[d] = -1
			if n, err := strconv.Atoi(k); err == nil && n >= 0 {
				ix[d] = n
			}
		}
		p.idx = append(p.idx, ix)
		if len(path) == 0 {
			p.rootTgt |= 1 << i
		} else {
			p.rootSub |= 1 << i
		}
	}
	return p
}

// Value returns the raw JSON of the value at path i, as found by the last
// successful parse, or nil.
func (p *Parser) Value(i int) []byte {
	if s := p.found[i]; s.start >= 0 {
		return p.line[s.start:s.end]
	}
	return nil
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func SkipSpace(s []byte, i int) int {
	for i < len(s) && s[i] <= ' ' && isJSONSpace(s[i]) {
		i++
	}
	return i
}

// space is SkipSpace for the parse under way: for ParseLine it stops
// at a newline, the end of the line.
func (p *Parser) space(s []byte, i int) int {
	for i < len(s) && s[i] <= ' ' && isJSONSpace(s[i]) && !(s[i] == '\n' && p.lineMode) {
		i++
	}
	return i
}

// ParseLine is Parse of the line at the start of s, which may go on past
// the line (the rest of a chunk of lines): it returns where the line ends
// (the index of its newline, or len(s)) when Parse(s[:end]) is true, with
// the same values found and the same text decoded (the newline is never
// inside the value: JSON strings cannot hold one raw, and the parse does
// not skip it as space). It saves the caller a pass over the line to
// find its end. When it returns false, the line may still be valid (a
// value that does not end before the newline, text decoded past it): the
// caller finds the line's end and calls Parse, whose error and position
// are the ones to report; anything decoded into the text fields must be
// dropped first.
func (p *Parser) ParseLine(s []byte) (int, bool) {
	p.lineMode = true
	ok := p.parse(s)
	p.lineMode = false
	return p.end, ok
}

// Parse checks that s is one JSON value, optionally surrounded by
// whitespace, with no key twice in any object, and records the values at
// the paths. It returns false with errPos and errMsg set (and dupFirst,
// dupPath for a duplicate key) if not.
func (p *Parser) Parse(s []byte) bool { return p.parse(s) }

// parse is Parse, and ParseLine with lineMode set.
func (p *Parser) parse(s []byte) bool {
	p.line = s
	for i := range p.found {
		p.found[i] = span{-1, -1}
	}
	p.stack, p.keys, p.arena = p.stack[:0], p.keys[:0], p.arena[:0]
	p.dupFirst = -1
	p.Decoded = 0

	var (
		i         = 0
		n         = len(s)
		tgt, sub  = p.rootTgt, p.rootSub
		start     int
		c         byte
		esc       bool
		top       *frame
		keyStart  int
		kb        []byte
		afterWhat string
	)

value:
	i = p.space(s, i)
	if i >= n {
		return p.fail(i, "unexpected end of line, want a value")
	}
	if len(p.stack) >= MaxDepth {
		return p.fail(i, fmt.Sprintf("values nested deeper than %d", MaxDepth))
	}
	start = i
	switch c = s[i]; c {
	case '"':
		if m := tgt & p.DecodeMask; m != 0 {
			k := bits.TrailingZeros64(m)
			dst := p.Dst
			if dst == nil {
				p.Dec[k] = p.Dec[k][:0]
				dst = &p.Dec[k]
			}
			p.Decoded |= 1 << k
			i, _ = p.scanDecode(s, i, dst)
		} else {
			i, _ = p.scanString(s, i)
		}
		if i < 0 {
			return false
		}
		afterWhat = "a string"
	case '{', '[':
		p.stack = append(p.stack, frame{obj: c == '{', start: i, base: len(p.keys), mask: sub, tgts: tgt})
		top = &p.stack[len(p.stack)-1]
		i = p.space(s, i+1)
		if i < n && s[i] == c+2 { // '{'+2 is '}', '['+2 is ']'
			i++
			goto closed
		}
		if top.obj {
			goto key
		}
		tgt, sub = p.element(top)
		goto value
	case 't':
		i, afterWhat = p.literal(s, i, "true"), "true"
	case 'f':
		i, afterWhat = p.literal(s, i, "false"), "false"
	case 'n':
		i, afterWhat = p.literal(s, i, "null"), "null"
	default:
		if c == '-' || c >= '0' && c <= '9' {
			i, afterWhat = p.number(s, i), "a number"
			break
		}
		return p.fail(i, badValueStart(s, i))
	}
	if i < 0 {
		return false
	}
	if tgt != 0 {
		p.setFound(tgt, start, i)
	}

after:
	i = p.space(s, i)
	if len(p.stack) == 0 {
		if i < n && !(p.lineMode && s[i] == '\n') {
			return p.fail(i, fmt.Sprintf("unexpected %s after %s", describeByte(s, i), afterWhat))
		}
		p.end = i
		return true
	}
	top = &p.stack[len(p.stack)-1]
	if i >= n {
		if top.obj {
			return p.fail(i, "unexpected end of line in an object, want ',' or '}'")
		}
		return p.fail(i, "unexpected end of line in an array, want ',' or ']'")
	}
	switch c = s[i]; {
	case c == ',':
		i = p.space(s, i+1)
		if top.obj {
			if i < n && s[i] == '}' {
				return p.fail(i, "trailing comma before '}'")
			}
			goto key
		}
		if i < n && s[i] == ']' {
			return p.fail(i, "trailing comma before ']'")
		}
		top.n++
		tgt, sub = p.element(top)
		goto value
	case c == '}' && top.obj, c == ']' && !top.obj:
		i++
		goto closed
	case top.obj:
		return p.fail(i, fmt.Sprintf("unexpected %s after %s in an object, want ',' or '}'", describeByte(s, i), afterWhat))
	default:
		return p.fail(i, fmt.Sprintf("unexpected %s after %s in an array, want ',' or ']'", describeByte(s, i), afterWhat))
	}

closed: // top was closed by the byte before i
	if top.obj {
		p.keys = p.keys[:top.base]
		afterWhat = "an object"
	} else {
		afterWhat = "an array"
	}
	if top.tgts != 0 {
		p.setFound(top.tgts, top.start, i)
	}
	p.stack = p.stack[:len(p.stack)-1]
	goto after

key: // i is at the first non-space byte after '{' or ','
	if i >= n {
		return p.fail(i, "unexpected end of line in an object, want a key")
	}
	if s[i] != '"' {
		return p.fail(i, fmt.Sprintf("unexpected %s in an object, want a key in double quotes", describeByte(s, i)))
	}
	keyStart = i
	if i, esc = p.scanString(s, i); i < 0 {
		return false
	}
	if esc {
		off := len(p.arena)
		p.arena = AppendUnescaped(p.arena, s[keyStart+1:i-1])
		p.keys = append(p.keys, keySpan{off: off, n: len(p.arena) - off, pos: keyStart, arena: true})
		kb = p.arena[off:]
	} else {
		p.keys = append(p.keys, keySpan{off: keyStart + 1, n: i - 1 - keyStart - 1, pos: keyStart})
		kb = s[keyStart+1 : i-1]
	}
	if first := p.findKey(top, kb); first >= 0 {
		p.dupFirst = first
		p.dupPath = p.keyPath()
		return p.fail(keyStart, "duplicate key")
	}
	tgt, sub = 0, 0
	if top.mask != 0 {
		d := len(p.stack) - 1
		for m := top.mask; m != 0; m &= m - 1 {
			b := bits.TrailingZeros64(m)
			if p.comps[b][d] == string(kb) {
				if len(p.comps[b]) == d+1 {
					tgt |= 1 << b
				} else {
					sub |= 1 << b
				}
			}
		}
	}
	i = p.space(s, i)
	if i >= n || s[i] != ':' {
		if i >= n {
			return p.fail(i, "unexpected end of line after a key, want ':'")
		}
		return p.fail(i, fmt.Sprintf("unexpected %s after a key, want ':'", describeByte(s, i)))
	}
	i++
	goto value
}

func (p *Parser) fail(i int, msg string) bool {
	p.errPos, p.errMsg = i, msg
	return false
}

func (p *Parser) setFound(m uint64, start, end int) {
	for ; m != 0; m &= m - 1 {
		p.found[bits.TrailingZeros64(m)] = span{start, end}
	}
}

// element returns the paths whose value is the current element of array
// top, and those that go on below it.
func (p *Parser) element(top *frame) (tgt, sub uint64) {
	if top.mask == 0 {
		return 0, 0
	}
	d := len(p.stack) - 1
	for m := top.mask; m != 0; m &= m - 1 {
		b := bits.TrailingZeros64(m)
		if p.idx[b][d] == top.n {
			if len(p.comps[b]) == d+1 {
				tgt |= 1 << b
			} else {
				sub |= 1 << b
			}
		}
	}
	return tgt, sub
}

func (p *Parser) keyBytes(k keySpan) []byte {
	if k.arena {
		return p.arena[k.off : k.off+k.n]
	}
	return p.line[k.off : k.off+k.n]
}

// findKey returns where the first copy of the object's last key kb is, or
// -1 if kb is new. The last key is already in p.keys.
func (p *Parser) findKey(top *frame, kb []byte) int {
	last := len(p.keys) - 1
	nkeys := last - top.base
	if nkeys < linearKeys {
		for _, k := range p.keys[top.base:last] {
			if k.n == len(kb) && string(p.keyBytes(k)) == string(kb) {
				return k.pos
			}
		}
		return -1
	}
	d := len(p.stack) - 1
	for len(p.maps) <= d {
		p.maps = append(p.maps, nil)
	}
	m := p.maps[d]
	if nkeys == linearKeys {
		// This object outgrew the linear search: index its keys so far by
		// hash (no copy of the key, no allocation per key).
		if m == nil {
			m = make(map[uint64]int)
			p.maps[d] = m
		}
		clear(m)
		for j := top.base; j < last; j++ {
			m[maphash.Bytes(p.seed, p.keyBytes(p.keys[j]))] = j
		}
	}
	h := maphash.Bytes(p.seed, kb)
	j, ok := m[h]
	if !ok {
		m[h] = last
		return -1
	}
	if string(p.keyBytes(p.keys[j])) == string(kb) {
		return p.keys[j].pos
	}
	// Two keys with one hash: rare enough for a linear search.
	for _, k := range p.keys[top.base:last] {
		if string(p.keyBytes(k)) == string(kb) {
			return k.pos
		}
	}
	return -1
}

// keyPath names the last key read, with the keys and indexes that lead to
// it: "meta.body", "messages[2].content".
func (p *Parser) keyPath() string {
	var b strings.Builder
	for l := range p.stack {
		f := &p.stack[l]
		if !f.obj {
			fmt.Fprintf(&b, "[%d]", f.n)
			continue
		}
		// An object's current key is the last of its keys: those of the
		// containers inside it start after it.
		end := len(p.keys)
		if l+1 < len(p.stack) {
			end = p.stack[l+1].base
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.Write(p.keyBytes(p.keys[end-1]))
	}
	return b.String()
}

// The bytes of SWAR tests: lsb has the low bit of each byte set, msb the
// high one.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// stringStops has the high bit of each byte of w that is '"', '\\' or a
// control character set; bits above the lowest one set may be spurious
// (borrows), so only the lowest is to be used. x^2 maps '"' (0x22) to 0x20
// and keeps controls below 0x20, so one "less than 0x21" test finds both;
// a "zero" test finds the backslash.
func stringStops(w uint64) uint64 {
	y := w ^ (lsb * 0x02)
	b := w ^ (lsb * '\\')
	return (((y - lsb*0x21) &^ y) | ((b - lsb) &^ b)) & msb
}

// scanString checks the string whose opening quote is s[i] and returns the
// position after its closing quote and whether it has escapes, or -1 after
// p.fail.
func (p *Parser) scanString(s []byte, i int) (int, bool) {
	open := i
	i++
	esc := false
	for {
		// Skip plain bytes, eight at a time.
		for i+8 <= len(s) {
			if m := stringStops(binary.LittleEndian.Uint64(s[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				goto stop
			}
			i += 8
		}
		for ; i < len(s); i++ {
			if c := s[i]; c == '"' || c == '\\' || c < 0x20 {
				goto stop
			}
		}
		return p.failAt(open, "string without its closing quote"), esc

	stop:
		switch c := s[i]; {
		case c == '"':
			return i + 1, esc
		case c == '\\':
			esc = true
			if i+1 >= len(s) {
				return p.failAt(open, "string without its closing quote"), esc
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := hex4(s[i+2:]); !ok {
					return p.failAt(i, "invalid \\u escape in string, want four hex digits"), esc
				}
				i += 6
			default:
				return p.failAt(i, fmt.Sprintf("invalid escape \\%s in string", describeEscaped(s[i+1]))), esc
			}
		default:
			return p.failAt(i, fmt.Sprintf("raw control character U+%04X in string, want it escaped", c)), esc
		}
	}
}

// scanDecode is scanString for a text value: it also appends the decoded
// string to *out, in the same pass, as AppendUnescaped would.
func (p *Parser) scanDecode(s []byte, i int, out *[]byte) (int, bool) {
	open := i
	i++
	dst := *out
	// The decoded string is never longer than the rest of the line; eight
	// more bytes let whole words be stored.
	if cap(dst)-len(dst) < len(s)-i+8 {
		dst = slices.Grow(dst, len(s)-i+8)
	}
	w := len(dst)
	buf := dst[:cap(dst)]
	esc := false
	for {
		if useAVX512 && len(s)-i >= 64 {
			// 64 bytes at a time, one-byte escapes included; the rest
			// (\u, the closing quote, errors, the last 63 bytes) below.
			var r, n int
			if useVBMI2 {
				r, n = decodeRunVBMI2(&buf[w], &s[i], len(s)-i, &unescaped)
			} else {
				r, n = decodeRunAVX512(&buf[w], &s[i], len(s)-i, &unescaped)
			}
			i, w = i+r, w+n
		}
		for i+8 <= len(s) {
			x := binary.LittleEndian.Uint64(s[i:])
			binary.LittleEndian.PutUint64(buf[w:], x)
			if m := stringStops(x); m != 0 {
				k := bits.TrailingZeros64(m) >> 3
				i, w = i+k, w+k
				goto stop
			}
			i, w = i+8, w+8
		}
		for ; i < len(s); i++ {
			c := s[i]
			if c == '"' || c == '\\' || c < 0x20 {
				goto stop
			}
			buf[w] = c
			w++
		}
		return p.failAt(open, "string without its closing quote"), esc

	stop:
		switch c := s[i]; {
		case c == '"':
			*out = buf[:w]
			return i + 1, esc
		case c == '\\':
			esc = true
			if i+1 >= len(s) {
				return p.failAt(open, "string without its closing quote"), esc
			}
			e := s[i+1]
			if d := unescaped[e]; d != 0 {
				// A one-byte escape, the common case (mail text has one
				// every 28 bytes): one table load, no switch.
				buf[w] = d
				i += 2
				w++
				continue
			}
			switch e {
			case 'u':
				r, ok := hex4(s[i+2:])
				if !ok {
					return p.failAt(i, "invalid \\u escape in string, want four hex digits"), esc
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// As AppendUnescaped: a pair is one character, a
					// lone surrogate U+FFFD and what follows is kept.
					r2, ok := rune(0), false
					if len(s)-i >= 6 && s[i] == '\\' && s[i+1] == 'u' {
						r2, ok = hex4(s[i+2:])
					}
					if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
						w += utf8.EncodeRune(buf[w:], dec)
						i += 6
						continue
					}
					r = utf8.RuneError
				}
				w += utf8.EncodeRune(buf[w:], r)
				continue
			default:
				return p.failAt(i, fmt.Sprintf("invalid escape \\%s in string", describeEscaped(e))), esc
			}
		default:
			return p.failAt(i, fmt.Sprintf("raw control character U+%04X in string, want it escaped", c)), esc
		}
	}
}

// unescaped maps the byte after a backslash to the byte it stands for, for
// the one-byte escapes; 0 for 'u' and for bytes that are no escape.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// failAt is fail for the functions that return a position: -1.
func (p *Parser) failAt(i int, msg string) int {
	p.fail(i, msg)
	return -1
}

// literal checks the literal word at s[i] and returns the position after
// it, or -1.
func (p *Parser) literal(s []byte, i int, word string) int {
	if len(s)-i >= len(word) && string(s[i:i+len(word)]) == word {
		return i + len(word)
	}
	return p.failAt(i, fmt.Sprintf("invalid literal, want %s", word))
}

// number checks the number at s[i] and returns the position after it, or
// -1: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *Parser) number(s []byte, i int) int {
	start := i
	if s[i] == '-' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return p.failAt(start, "no digit after the minus sign of a number")
		}
	}
	if s[i] == '0' {
		i++
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			return p.failAt(i-1, "leading zero in number")
		}
	} else {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return p.failAt(i-1, "no digit after the decimal point of a number")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		e := i
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return p.failAt(e, "no digit in the exponent of a number")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i
}

// badValueStart says why no value can start at s[i], naming the usual
// non-JSON forms.
func badValueStart(s []byte, i int) string {
	rest := s[i:]
	switch {
	case rest[0] == '+':
		return "number with a plus sign"
	case rest[0] == '.':
		return "number without a digit before the decimal point"
	case hasFoldPrefix(rest, "nan"), hasFoldPrefix(rest, "inf"):
		return "NaN and Infinity are not JSON numbers"
	case rest[0] == '\'':
		return "string in single quotes, want double quotes"
	}
	return fmt.Sprintf("unexpected %s, want a value", describeByte(s, i))
}

func hasFoldPrefix(s []byte, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(string(s[:len(prefix)]), prefix)
}

// describeByte names the byte at s[i] for a message: 'x', or U+0009 for a
// control character, or byte 0xFF beyond ASCII.
func describeByte(s []byte, i int) string {
	c := s[i]
	switch {
	case c < 0x20 || c == 0x7F:
		return fmt.Sprintf("control character U+%04X", c)
	case c >= 0x80:
		if i == 0 && len(s) >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF {
			return "byte-order mark"
		}
		return fmt.Sprintf("byte 0x%02X", c)
	}
	return fmt.Sprintf("%q", rune(c))
}

// describeEscaped names the byte after a backslash.
func describeEscaped(c byte) string {
	if c < 0x20 || c >= 0x7F {
		return fmt.Sprintf("followed by byte 0x%02X", c)
	}
	return string(rune(c))
}

// Reason says why the last Parse failed, for a bad record: dup is whether
// the fault is an object with a key twice (a kind of bad record of its
// own). col is added to positions (the bytes of the line before s, such as
// a byte-order mark). Positions are 1-based bytes of the line.
func (p *Parser) Reason(col int) (dup bool, reason string) {
	if p.dupFirst >= 0 {
		return true, fmt.Sprintf("duplicate key %q at byte %d, first at byte %d", p.dupPath, p.errPos+1+col, p.dupFirst+1+col)
	}
	return false, fmt.Sprintf("invalid JSON at byte %d: %s", p.errPos+1+col, p.errMsg)
}
