package dups

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalizer puts texts in the default normalization (NormalizeDefault:
// NFKC, case folding, white space collapsed) in scratch buffers of its
// own, so that a worker normalises its rows without allocating. The zero
// value is ready; one per goroutine. The exact-duplicate check and the
// label checks' folds (internal/labels) use it, so that both call the
// same texts equal.
type Normalizer struct {
	buf, buf2 []byte
}

// Normalize returns t in the default normalization, in a scratch buffer
// that the next call overwrites; t is not changed.
func (z *Normalizer) Normalize(t []byte) []byte {
	// NFKC and case folding are the identity on ASCII but for upper case
	// letters: one pass lowercases and collapses white space, and gives
	// up at the first byte that is not ASCII.
	var ascii bool
	if z.buf, ascii = collapseASCII(z.buf, t); ascii {
		return z.buf
	}
	z.buf2 = norm.NFKC.Append(z.buf2[:0], t...)
	z.buf = foldCollapse(z.buf, z.buf2)
	return z.buf
}

// foldCollapse writes t, in NFKC, into out case folded, every run of white
// space made one space and white space at both ends dropped, and returns
// out: cases.Fold, then ASCII lowercased and white space collapsed, in
// one pass. Runs of ASCII bytes other than white space, most of a text,
// take one table look-up a byte; other characters are folded through the
// fold table (foldString). Folding never makes or unmakes white space or
// an ASCII capital (TestFoldTable), so folding a character as it is
// written is folding first.
func foldCollapse(out, t []byte) []byte {
	out = out[:0]
	space := false
	for i := 0; i < len(t); {
		c := t[i]
		if asciiWord[c] != 0 {
			if space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = false
			// Write by index into room for the rest of t: the run is
			// never longer.
			n := len(out)
			out = slices.Grow(out, len(t)-i)
			src := t[i:]
			dst := out[n : n+len(src)]
			k := 0
			for ; k < len(src); k++ {
				m := asciiWord[src[k]]
				if m == 0 {
					break
				}
				dst[k] = m
			}
			out = out[:n+k]
			i += k
			continue
		}
		if c < utf8.RuneSelf {
			i++
			if asciiSpace[c] {
				space = true
				continue
			}
			if space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = false
			out = append(out, c) // NUL: the other bytes are in asciiWord
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		if r != utf8.RuneError && unicode.IsSpace(r) {
			space = true
			i += size
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		if f, ok := foldString(r); ok {
			out = append(out, f...)
		} else {
			out = append(out, t[i:i+size]...) // an invalid byte, too, as it is
		}
		i += size
	}
	return out
}

// collapseASCII writes t into out lowercased, every run of white space
// made one space and white space at both ends dropped, and returns out and
// true: what Normalize's general loop does to ASCII text. At the first
// byte of t that is not ASCII it gives up and returns out emptied and
// false, so that ASCII text is read once, not checked first.
//
// Eight bytes at a time: when no two of them (nor the first and the byte
// before) are white space, the eight are written at once, capitals
// lowercased and white space made a space by word arithmetic. Otherwise,
// and for the last bytes, one at a time without a branch: every byte is
// written (white space as a space) and the write position moves on unless
// the byte and the one before are both white space.
func collapseASCII(out, t []byte) ([]byte, bool) {
	out = slices.Grow(out[:0], len(t)+8)[:len(t)+8] // room for a word written at any w <= i
	w := 0
	sp := 1 // the byte before was white space, or there is none: drops leading white space
	i := 0
	for ; i+8 <= len(t); i += 8 {
		x := binary.LittleEndian.Uint64(t[i:])
		if x&highs != 0 {
			return out[:0], false
		}
		s := inRange(x, '\t', '\r') | eqByte(x, ' ') // white space
		if s&(s<<8|uint64(sp)<<7) == 0 {
			x |= inRange(x, 'A', 'Z') >> 2            // 0x20 in each capital
			x = x&^(s>>7*0xFF) | s>>2                 // white space to 0x20
			binary.LittleEndian.PutUint64(out[w:], x) // w <= i: the output is never longer
			w += 8
			sp = int(s >> 63)
			continue
		}
		w, sp = collapseBytes(out, w, sp, t[i:i+8])
	}
	for _, c := range t[i:] {
		if c >= utf8.RuneSelf {
			return out[:0], false
		}
	}
	w, _ = collapseBytes(out, w, sp, t[i:])
	if w > 0 && out[w-1] == ' ' {
		w-- // trailing white space, collapsed to one space
	}
	return out[:w], true
}

// collapseBytes writes the ASCII bytes b at out[w:] as collapseASCII
// does, one at a time, sp saying whether the byte before was white space,
// and returns the new write position and sp.
func collapseBytes(out []byte, w, sp int, b []byte) (int, int) {
	for _, c := range b {
		l := asciiLower[c&0x7f]
		s := 0
		if l == ' ' {
			s = 1
		}
		out[w] = l // w <= the index of c: the output is never longer
		w += 1 - s&sp
		sp = s
	}
	return w, sp
}

// Eight bytes at a time: a word with every byte c is c*ones; highs has
// the high bit of each byte, where the byte predicates answer.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// inRange has the high bit of each byte of x, eight ASCII bytes, set
// where lo <= byte <= hi. No byte carries into the next: each sum stays
// under 0x100.
func inRange(x uint64, lo, hi byte) uint64 {
	return (x + (0x80-uint64(lo))*ones) &^ (x + (0x7F-uint64(hi))*ones) & highs
}

// eqByte has the high bit of each byte of x, eight ASCII bytes, set where
// the byte is c (c < 0x80).
func eqByte(x uint64, c byte) uint64 {
	return ^(x ^ uint64(c)*ones + 0x7F*ones) & highs
}

// asciiLower maps an ASCII byte to itself lowercased, and ASCII white
// space to a space.
var asciiLower = func() (m [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case asciiSpace[c]:
			m[c] = ' '
		case 'A' <= c && c <= 'Z':
			m[c] = byte(c + 'a' - 'A')
		default:
			m[c] = byte(c)
		}
	}
	return m
}()

var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}

// asciiWord maps an ASCII byte other than white space and NUL to itself
// lowercased, and every other byte to 0.
var asciiWord = func() (m [256]byte) {
	for c := 1; c < utf8.RuneSelf; c++ {
		switch {
		case asciiSpace[c]:
		case 'A' <= c && c <= 'Z':
			m[c] = byte(c + 'a' - 'A')
		default:
			m[c] = byte(c)
		}
	}
	return m
}()
