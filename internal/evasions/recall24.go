package evasions

import (
	"unicode"
	"unicode/utf8"
)

// Session 29 (benchmarks/evplant12.py, a planter written blind; its
// repeated_run was 0.730 and 0.733 on seeds 1 and 2). Two more units of
// phrase.go's repeated stretch (phraseRun) are repeated runs
// (runUnit24), from phraseMinBytes as a phrase of words:
//
//   - Words that are not ASCII (foreignUnit): БЕСПЛАТНО, 免费, ΔΩΡΕΑΝ,
//     ¡GRATIS!, Großgewinn, économisez joined by spaces 150-500 times
//     (evplant12's rr_foreign_word_stuffing, 0 of 30 on both seeds; the
//     same in ASCII 30 of 30). phraseUnit took ASCII alone. The unit,
//     turned to start at a character, is valid UTF-8 of letters (and
//     marks and punctuation: ¡), one letter at least and one character
//     not ASCII, one to three ASCII white-space
//     bytes (space, tab, line feed: the windows' candidates reach it, as
//     for phraseUnit) and punctuation. The windows of text that is not
//     ASCII are repCatchUp's (phrase.go): nothing added there.
//   - A short unit (shortUnit): two to four ASCII letters, not all one,
//     none three times (hahaha, xoxo, abcabc, lollol), or one
//     quoted-printable escape (=3D=3D=3D: "===" encoded) repeated
//     (rr_short_unit_run, 300-1,200 times: 9 of 30 and 11 of 30, its
//     punctuation units alone). Measured in corpus-200MB-s1.jsonl (and
//     evplant12's controls, the same mail): the longest run of a unit of
//     two to four letters, not one letter, is 76 bytes (zMzM and iIiI,
//     lines of base64 of one mail, hard-ham-1/00039; none of 100 bytes
//     or more), of =XX escapes 75 bytes (=3D lines of quoted-printable
//     HTML, cut at 76 by soft line breaks); the least planted is 600
//     bytes (ha 300 times). So phraseMinBytes (576; 320 since session 32: recall35.go), 7.5 times the
//     longest real run. The kernel's period test had no candidate in a
//     chunk of letters and digits alone (byteCands: base64's iIiI); it
//     takes there the distances from its first byte to the next two of
//     that byte up to shortMaxPeriod (alnumcand in chunks_amd64.s; the
//     unit of a run of base64 that is a line or less is under
//     phraseMinBytes).
//
// phrase.go's wsMask read a window's bytes over 0x7F wrong (eqByte's sum
// carries out of such a byte): a window of Chinese or Cyrillic words
// had white space all over its mask and no period; it is exact now
// (eqByteAny; the kernel tests ASCII chunks alone, where both agree).
//
// Measured (637b0b3 against this): evplant12's repeated_run 0.730;
// 0.733 -> 0.900; 0.900 (seeds 1; 2), rr_foreign_word_stuffing 0 -> 30
// of 30 on both, rr_short_unit_run 9; 10 -> 30 of 30; every other
// category and variant of evplant5 to evplant12 (scoreall.sh, both
// seeds) and every control the same, byte for byte; corpus-200MB's
// `--checks evasions --json` identical but for its timings; verify.sh's
// outputs identical.
//
// Phrases of more than phraseMaxPeriod bytes (rr_phrase_padding) are
// recall24long.go's: the kernel's windows cannot tell a period of 33-64
// from one chunk, and a candidate a white-space byte (up to ten a chunk)
// is too dear for one chunk in eight.

// shortMaxPeriod is the longest unit of shortUnit's, and the farthest
// the period test looks in a window of letters and digits alone
// (byteCands, alnumcand in chunks_amd64.s).
const shortMaxPeriod = 4

// runUnit24 reports whether a repeated stretch of n bytes whose unit is
// u (phraseRun) is a repeated run by session 29's rules: words that are
// not ASCII (foreignUnit) or a short unit (shortUnit), of phraseMinBytes
// or more.
func runUnit24(u []byte, n int) bool {
	return n >= phraseMinBytes && (shortUnit(u) || foreignUnit(u))
}

// shortUnit reports whether u is two to four ASCII letters, not a
// shorter unit repeated, none three times or more (the windows'
// candidates, the next two of the first byte, reach it: byteCands), or,
// turned, one quoted-printable escape: = and two capital hex digits.
func shortUnit(u []byte) bool {
	if len(u) < 2 || len(u) > shortMaxPeriod {
		return false
	}
	if len(u) == 3 {
		for k := range 3 {
			if u[k] == '=' && hexUpper(u[(k+1)%3]) && hexUpper(u[(k+2)%3]) {
				return true
			}
		}
	}
	if len(u) == 4 && u[0] == u[2] && u[1] == u[3] {
		return false // a unit of two, twice
	}
	for _, c := range u {
		if c >= 0x80 || phraseClass[c] != 1 {
			return false
		}
		n := 0
		for _, d := range u {
			if d == c {
				n++
			}
		}
		if n > 2 || n == len(u) {
			return false
		}
	}
	return true
}

// hexUpper reports whether c is a digit or A to F.
func hexUpper(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'F'
}

// foreignUnit reports whether u, turned to start at a character, is
// words with a character that is not ASCII: valid UTF-8 of letters,
// marks, punctuation and one to three ASCII white-space bytes (space,
// tab, line feed), one letter at least and one character not ASCII.
func foreignUnit(u []byte) bool {
	k := 0
	for k < len(u) && u[k]&0xC0 == 0x80 {
		k++
	}
	if k == len(u) {
		return false
	}
	var buf [phraseMaxPeriod]byte
	if len(u) > len(buf) {
		return false
	}
	r := append(append(buf[:0], u[k:]...), u[:k]...)
	ws, letters, wide := 0, 0, false
	for len(r) > 0 {
		c, size := utf8.DecodeRune(r)
		if c == utf8.RuneError && size <= 1 {
			return false // invalid UTF-8
		}
		r = r[size:]
		switch {
		case c < utf8.RuneSelf:
			if !phraseByte(byte(c), &letters, &ws) {
				return false
			}
			continue
		case unicode.IsLetter(c):
			letters++
		case unicode.IsMark(c) || unicode.IsPunct(c):
		default:
			return false
		}
		wide = true
	}
	return wide && letters > 0 && ws >= 1 && ws <= 3
}

// eqByteAny is eqByte for eight bytes any of which may be over 0x7F:
// the high bit of each byte of w that is c. eqByte's sum carries from a
// byte over 0x80 into the next, so phrase.go's wsMask saw white space
// all over a window of Chinese or Cyrillic text (and no period).
func eqByteAny(w uint64, c byte) uint64 {
	x := w ^ uint64(c)*ones
	return ^((x&^highs + 0x7F*ones) | x) & highs
}
