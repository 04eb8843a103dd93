package dups

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
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
	fold      cases.Caser
	folding   bool // fold is set
}

// Normalize returns t in the default normalization, in a scratch buffer
// that the next call overwrites; t is not changed.
func (z *Normalizer) Normalize(t []byte) []byte {
	if isASCII(t) {
		// NFKC and case folding are the identity on ASCII but for upper
		// case letters: one loop lowercases and collapses white space.
		z.buf = collapseASCII(z.buf, t)
		return z.buf
	}
	if !z.folding {
		z.fold, z.folding = cases.Fold(), true
	}
	z.buf2 = norm.NFKC.Append(z.buf2[:0], t...)
	var err error
	if z.buf, _, err = transform.Append(z.fold, z.buf[:0], z.buf2); err != nil {
		z.buf = append(z.buf[:0], z.buf2...) // cannot happen with Fold; keep NFKC alone
	}
	t, out := z.buf, z.buf2
	// Lowercase ASCII (folding did the rest) and collapse white space,
	// writing by index into a buffer grown once: the output is never
	// longer than the input.
	out = slices.Grow(out[:0], len(t))[:len(t)]
	w := 0
	space := false
	for i := 0; i < len(t); {
		c := t[i]
		if asciiWord[c] != 0 {
			// A run of ASCII bytes other than white space (and NUL), most
			// of a text: one table look-up a byte.
			if space && w > 0 {
				out[w] = ' '
				w++
			}
			space = false
			src := t[i:]
			dst := out[w:][:len(src)]
			k := 0
			for ; k < len(src); k++ {
				m := asciiWord[src[k]]
				if m == 0 {
					break
				}
				dst[k] = m
			}
			i += k
			w += k
			continue
		}
		if c < utf8.RuneSelf {
			i++
			if asciiSpace[c] {
				space = true
				continue
			}
			if space && w > 0 {
				out[w] = ' '
				w++
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out[w] = c
			w++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		if r != utf8.RuneError && unicode.IsSpace(r) {
			space = true
			i += size
			continue
		}
		if space && w > 0 {
			out[w] = ' '
			w++
		}
		space = false
		w += copy(out[w:], t[i:i+size])
		i += size
	}
	z.buf2 = out[:w]
	return z.buf2
}

// collapseASCII writes t, pure ASCII, into out lowercased, every run of
// white space made one space and white space at both ends dropped, and
// returns out: what Normalize's general loop does to ASCII text, without a
// branch per byte. The general loop branched at the end of every run of
// word bytes, a mispredicted branch every five bytes of mail; here every
// byte is written (white space as a space) and the write position moves
// on unless the byte and the one before are both white space.
func collapseASCII(out, t []byte) []byte {
	out = slices.Grow(out[:0], len(t))[:len(t)]
	w := 0
	sp := 1 // the byte before was white space, or there is none: drops leading white space
	for _, c := range t {
		l := asciiLower[c&0x7f]
		s := 0
		if l == ' ' {
			s = 1
		}
		out[w] = l // w <= the index of c: the output is never longer
		w += 1 - s&sp
		sp = s
	}
	if w > 0 && out[w-1] == ' ' {
		w-- // trailing white space, collapsed to one space
	}
	return out[:w]
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
