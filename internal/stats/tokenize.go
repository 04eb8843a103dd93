package stats

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// Character classes of the ASCII fast path.
const (
	clSep   = iota // not a letter or digit: splits tokens
	clLower        // a-z, 0-9: kept as is
	clUpper        // A-Z: lowercased
	clMulti        // a byte >= 0x80: decode the rune and ask package unicode
)

var asciiClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 0x80:
			t[c] = clMulti
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			t[c] = clLower
		case c >= 'A' && c <= 'Z':
			t[c] = clUpper
		default:
			t[c] = clSep
		}
	}
	return t
}()

// isWord reports whether r belongs to a token: a letter (\p{L}) or a number (\p{N}).
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// lowerWord2 holds, for each rune of two UTF-8 bytes (U+0080 to U+07FF:
// Latin, Greek, Cyrillic, Hebrew, Arabic...), unicode.ToLower of it when
// that is a word's (isWord), else 0: what Tokenizer.Next asks package
// unicode for every such rune, made once from the same calls.
//
// In perf of the default audit of the benchmark Parquet (session 25),
// Tokenizer.Next (countMixed's runs with a byte of 0x80 or more, and
// WordHasher's, for the near-duplicate check's first batches and texts
// not in NFKC) spent as much in package unicode (ToLower's case ranges,
// IsLetter and IsNumber's tables) and utf8.DecodeRune's slow path as in
// itself. 87% of the non-ASCII characters of the mail corpus are U+FFFD
// (a separator: replaceChar skips it), most of the rest of two bytes.
var lowerWord2 = func() (t [0x800]rune) {
	for r := rune(0x80); r < 0x800; r++ {
		if lr := unicode.ToLower(r); isWord(lr) {
			t[r] = lr
		}
	}
	return t
}()

// rune2 returns the rune of the two UTF-8 bytes at text[p] when they are
// a valid sequence (a lead byte 0xC2 to 0xDF, a continuation byte), as
// utf8.DecodeRune would.
func rune2(text []byte, p int) (rune, bool) {
	c := text[p]
	if c < 0xC2 || c > 0xDF || p+1 >= len(text) || text[p+1]&0xC0 != 0x80 {
		return 0, false
	}
	return rune(c&0x1F)<<6 | rune(text[p+1]&0x3F), true
}

// replaceChar reports whether text[p:] starts with U+FFFD's UTF-8 bytes
// (a valid U+FFFD, which utf8.DecodeRune returns as utf8.RuneError with
// size 3).
func replaceChar(text []byte, p int) bool {
	return p+2 < len(text) && text[p] == 0xEF && text[p+1] == 0xBF && text[p+2] == 0xBD
}

// Tokenizer splits text into words the way DuckDB's
// regexp_split_to_array(lower(text), '[^\p{L}\p{N}]+') does, with the empty
// strings dropped: text is lowercased with Unicode simple case mapping, and a
// token is a maximal run of letters (\p{L}) and numbers (\p{N}). Everything
// else separates tokens, including combining marks (\p{M}), so a decomposed
// "e\u0301" splits. Bytes that are not valid UTF-8 separate tokens too, like
// U+FFFD, which is a symbol.
//
// A Tokenizer keeps a scratch buffer for tokens that must be rewritten; it is
// not safe for concurrent use. The zero value is ready to use.
type Tokenizer struct {
	buf []byte
}

// Next returns the first token of text at or after byte offset pos, and the
// offset just past it. It returns a nil token when no token is left. The
// token aliases text when it is already lowercase ASCII and the Tokenizer's
// scratch buffer otherwise; either way it is valid only until the next call.
//
//	for tok, p := tz.Next(text, 0); tok != nil; tok, p = tz.Next(text, p) { ... }
func (t *Tokenizer) Next(text []byte, pos int) (tok []byte, next int) {
	n := len(text)
	p := pos
	// Skip separators.
	for p < n {
		c := text[p]
		cl := asciiClass[c]
		if cl == clLower || cl == clUpper {
			break
		}
		if cl == clSep {
			p++
			continue
		}
		if r, ok := rune2(text, p); ok {
			if lowerWord2[r] != 0 {
				break
			}
			p += 2
			continue
		}
		if replaceChar(text, p) {
			p += 3
			continue
		}
		r, size := utf8.DecodeRune(text[p:])
		if r != utf8.RuneError && isWord(unicode.ToLower(r)) {
			break
		}
		p += size
	}
	if p >= n {
		return nil, n
	}
	start := p
	for p < n && asciiClass[text[p]] == clLower {
		p++
	}
	if p == n || asciiClass[text[p]] == clSep {
		return text[start:p], p
	}
	// Slow path: the token has upper case or non-ASCII characters, so it is
	// rewritten into the scratch buffer.
	b := append(t.buf[:0], text[start:p]...)
	for p < n {
		c := text[p]
		switch asciiClass[c] {
		case clLower:
			b = append(b, c)
			p++
			continue
		case clUpper:
			b = append(b, c+('a'-'A'))
			p++
			continue
		case clSep:
			t.buf = b
			return b, p
		}
		if r, ok := rune2(text, p); ok {
			lr := lowerWord2[r]
			if lr == 0 {
				break
			}
			b = utf8.AppendRune(b, lr)
			p += 2
			continue
		}
		r, size := utf8.DecodeRune(text[p:])
		if r == utf8.RuneError {
			break
		}
		lr := unicode.ToLower(r)
		if !isWord(lr) {
			break
		}
		b = utf8.AppendRune(b, lr)
		p += size
	}
	t.buf = b
	return b, p
}

// StableHash hashes a word (a Tokenizer token) the same way in every
// process, for state that must agree across runs and machines:
// near-duplicate signatures, samples keyed by hash. The count table's
// tableHash is seeded per process, which is fine for counting (only
// equality matters) but not here: signatures built from it would differ
// from run to run, and so would near-duplicate pairs near the threshold.
// Tokens of 8 bytes or less take hashToken's seed-free path.
func StableHash(tok []byte) uint64 {
	if len(tok) <= 8 {
		return hashToken(tok)
	}
	h := uint64(len(tok)) * 0x9e3779b97f4a7c15
	for len(tok) >= 8 {
		h = Mix64(h ^ binary.LittleEndian.Uint64(tok))
		tok = tok[8:]
	}
	var k uint64
	for i := len(tok) - 1; i >= 0; i-- {
		k = k<<8 | uint64(tok[i])
	}
	return Mix64(h ^ k ^ 0xff51afd7ed558ccd)
}
