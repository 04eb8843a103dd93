package llmtok

import (
	"unicode"
	"unicode/utf8"
)

// Pattern names a pre-tokenizer: the regular expression that cuts text into
// pieces before byte-pair encoding. Each is hand-written as a small state
// machine that returns the same pieces as the expression (see
// split_test.go, which checks them against a regexp engine on real text
// and under fuzzing); a general regexp engine is several times slower.
type Pattern int

// The pre-tokenizers. Their expressions, in the syntax of the Rust regex
// crate that tiktoken and Hugging Face tokenizers use:
const (
	// PatternCL100k is cl100k_base's (also Llama 3's):
	//	(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
	PatternCL100k Pattern = iota
	// PatternCL100kDigit1 is PatternCL100k with \p{N} for \p{N}{1,3}:
	// numbers split into single digits (Qwen 2 and 3).
	PatternCL100kDigit1
	// PatternO200k is o200k_base's:
	//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
	PatternO200k
	// PatternGPT2 is GPT-2's (the ByteLevel pre-tokenizer with use_regex):
	//	's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
	PatternGPT2
)

// patternRegex holds the expressions as tokenizer.json files spell them,
// to recognise a Split pre-tokenizer.
var patternRegex = map[string]Pattern{
	`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`:                                                                                                                                                                PatternCL100k,
	`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`:                                                                                                                                                                     PatternCL100kDigit1,
	`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`: PatternO200k,
	`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`:                                                                                                                                                                                                         PatternGPT2,
}

// Character classes, as bits.
const (
	cL     = 1 << iota // \p{L}
	cN                 // \p{N}
	cS                 // \s: Unicode White_Space
	cNL                // \r or \n
	cUp                // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	cLow               // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
	cSlash             // '/'
)

var asciiClass = func() (t [128]uint8) {
	for c := range 128 {
		t[c] = classOf(rune(c))
	}
	return t
}()

func classOf(r rune) uint8 {
	var c uint8
	switch {
	case unicode.IsLetter(r):
		c |= cL
		if unicode.In(r, unicode.Lu, unicode.Lt, unicode.Lm, unicode.Lo) {
			c |= cUp
		}
		if unicode.In(r, unicode.Ll, unicode.Lm, unicode.Lo) {
			c |= cLow
		}
	case unicode.IsNumber(r):
		c |= cN
	case unicode.IsSpace(r):
		c |= cS
		if r == '\r' || r == '\n' {
			c |= cNL
		}
	case unicode.IsMark(r):
		c |= cUp | cLow
	case r == '/':
		c |= cSlash
	}
	return c
}

// class returns the class bits and width of the character at s[p]. A byte
// that does not start valid UTF-8 is one character of no class, like
// U+FFFD (a symbol), but it keeps its byte in the piece.
func class(s []byte, p int) (uint8, int) {
	if c := s[p]; c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	r, w := utf8.DecodeRune(s[p:])
	if r == utf8.RuneError && w == 1 {
		return 0, 1
	}
	return classOf(r), w
}

// next returns the end of the piece that starts at s[p], p < len(s).
func (pat Pattern) next(s []byte, p int) int {
	switch pat {
	case PatternO200k:
		return nextO200k(s, p)
	case PatternGPT2:
		return nextGPT2(s, p)
	case PatternCL100kDigit1:
		return nextCL100k(s, p, 1)
	default:
		return nextCL100k(s, p, 3)
	}
}

// contraction returns the length of (?i:'s|'t|'re|'ve|'m|'ll|'d) at s[p],
// or 0. Case-insensitive matching follows Unicode simple case folding, as
// Rust's regex crate does, so 's also matches U+017F (ſ): tiktoken encodes
// " I'ſ" as " I'" + "ſ". (regexp2 does not fold ſ.)
func contraction(s []byte, p int) int {
	if p >= len(s) || s[p] != '\'' || p+1 >= len(s) {
		return 0
	}
	c := s[p+1] | 0x20
	switch c {
	case 's', 't', 'm', 'd':
		if s[p+1] == c || s[p+1] == c-0x20 {
			return 2
		}
	case 'r', 'v', 'l':
		if s[p+1] != c && s[p+1] != c-0x20 {
			return 0
		}
		if p+2 < len(s) {
			want := byte('e')
			if c == 'l' {
				want = 'l'
			}
			if s[p+2]|0x20 == want && (s[p+2] == want || s[p+2] == want-0x20) {
				return 3
			}
		}
		return 0
	}
	if s[p+1] == 0xC5 && p+2 < len(s) && s[p+2] == 0xBF { // ſ
		return 3
	}
	return 0
}

// contractionGPT2 is GPT-2's 's|'t|'re|'ve|'m|'ll|'d: lowercase only.
func contractionGPT2(s []byte, p int) int {
	if p+1 >= len(s) || s[p] != '\'' {
		return 0
	}
	switch s[p+1] {
	case 's', 't', 'm', 'd':
		return 2
	case 'r', 'v':
		if p+2 < len(s) && s[p+2] == 'e' {
			return 3
		}
	case 'l':
		if p+2 < len(s) && s[p+2] == 'l' {
			return 3
		}
	}
	return 0
}

// run returns the end of the run of characters with any of the class bits
// want from p, and how many characters it has, up to limit characters.
func run(s []byte, p int, want uint8, limit int) (int, int) {
	n := 0
	for p < len(s) && n < limit {
		c, w := class(s, p)
		if c&want == 0 {
			break
		}
		p += w
		n++
	}
	return p, n
}

// spaces handles the three alternatives that start with white space:
// \s*[\r\n]+|\s+(?!\S)|\s+ (and GPT-2's \s+(?!\S)|\s+ when newlines is
// false). s[p] is white space.
func spaces(s []byte, p int, newlines bool) int {
	end, lastNL, lastStart := p, -1, p
	for end < len(s) {
		c, w := class(s, end)
		if c&cS == 0 {
			break
		}
		if c&cNL != 0 {
			lastNL = end
		}
		lastStart = end
		end += w
	}
	if newlines && lastNL >= 0 {
		return lastNL + 1 // \r and \n are one byte
	}
	if end == len(s) || lastStart == p {
		return end // \s+(?!\S) at the end of the text, or a single \s+
	}
	return lastStart // \s+(?!\S): leave the last space for the next piece
}

func nextCL100k(s []byte, p int, digits int) int {
	if n := contraction(s, p); n > 0 {
		return p + n
	}
	c0, w0 := class(s, p)
	// [^\r\n\p{L}\p{N}]?\p{L}+
	if c0&cL != 0 {
		e, _ := run(s, p, cL, len(s))
		return e
	}
	if c0&(cL|cN|cNL) == 0 && p+w0 < len(s) {
		if c1, _ := class(s, p+w0); c1&cL != 0 {
			e, _ := run(s, p+w0, cL, len(s))
			return e
		}
	}
	// \p{N}{1,3}
	if c0&cN != 0 {
		e, _ := run(s, p, cN, digits)
		return e
	}
	// ' '?[^\s\p{L}\p{N}]+[\r\n]*
	if e := symbols(s, p, cNL); e > p {
		return e
	}
	return spaces(s, p, true)
}

// symbols matches ' '?[^\s\p{L}\p{N}]+ followed by a run of the class bits
// tail, or returns p.
func symbols(s []byte, p int, tail uint8) int {
	q := p
	if s[q] == ' ' {
		q++
	}
	if q >= len(s) {
		return p
	}
	e, n := runNone(s, q)
	if n == 0 {
		return p
	}
	if tail != 0 {
		e, _ = run(s, e, tail, len(s))
	}
	return e
}

// runNone returns the end of the run of [^\s\p{L}\p{N}] from p and its
// length in characters.
func runNone(s []byte, p int) (int, int) {
	n := 0
	for p < len(s) {
		c, w := class(s, p)
		if c&(cS|cL|cN) != 0 {
			break
		}
		p += w
		n++
	}
	return p, n
}

func nextGPT2(s []byte, p int) int {
	if n := contractionGPT2(s, p); n > 0 {
		return p + n
	}
	q := p
	if s[p] == ' ' && p+1 < len(s) {
		q = p + 1
	}
	// ' '?\p{L}+ | ' '?\p{N}+
	if c, _ := class(s, q); c&(cL|cN) != 0 {
		e, _ := run(s, q, c&(cL|cN), len(s))
		return e
	}
	if e := symbols(s, p, 0); e > p {
		return e
	}
	return spaces(s, p, false)
}

func nextO200k(s []byte, p int) int {
	c0, w0 := class(s, p)
	prefix := c0&(cL|cN|cNL) == 0 && p+w0 < len(s)
	// [^\r\n\p{L}\p{N}]?[Up]*[Low]+(contraction)?
	if prefix {
		if e := upperLower(s, p+w0); e > 0 {
			return e + contraction(s, e)
		}
	}
	if e := upperLower(s, p); e > 0 {
		return e + contraction(s, e)
	}
	// [^\r\n\p{L}\p{N}]?[Up]+[Low]*(contraction)?
	if prefix {
		if e := upperPlus(s, p+w0); e > 0 {
			return e + contraction(s, e)
		}
	}
	if e := upperPlus(s, p); e > 0 {
		return e + contraction(s, e)
	}
	if c0&cN != 0 {
		e, _ := run(s, p, cN, 3)
		return e
	}
	if e := symbols(s, p, cNL|cSlash); e > p {
		return e
	}
	return spaces(s, p, true)
}

// upperLower matches [Up]*[Low]+ at q with the regexp's backtracking and
// returns its end, or 0.
func upperLower(s []byte, q int) int {
	k := q
	lastLow := -1 // end of the last [Low] character inside the [Up] run
	for k < len(s) {
		c, w := class(s, k)
		if c&cUp == 0 {
			break
		}
		if c&cLow != 0 {
			lastLow = k + w
		}
		k += w
	}
	if k < len(s) {
		if c, _ := class(s, k); c&cLow != 0 {
			e, _ := run(s, k, cLow, len(s))
			return e
		}
	}
	if lastLow > 0 {
		return lastLow
	}
	return 0
}

// upperPlus matches [Up]+[Low]* at q and returns its end, or 0.
func upperPlus(s []byte, q int) int {
	k, n := run(s, q, cUp, len(s))
	if n == 0 {
		return 0
	}
	e, _ := run(s, k, cLow, len(s))
	return e
}
