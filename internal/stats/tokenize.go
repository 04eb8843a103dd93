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
