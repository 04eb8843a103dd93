package evasions

import (
	"unicode"
	"unicode/utf8"
)

// Session 27 (mixed2): more look-alike words, from benchmarks/evplant11.py,
// a planter written blind to the rules (int 96fa48b: mixed_script 0.744
// and 0.753 on seeds 1 and 2).
//
// A zero-width space, non-joiner or joiner, a word joiner (U+2060) or a
// soft hyphen between a word's letters ("p\u200Bа\u200By", evplant11's
// cyr_with_zw and cyr_with_shy, 0 of 60) cut the word in two for the
// word rules, so a Cyrillic look-alike among ASCII letters stood as a
// word of its own: the row was invisible_char only. A word now goes on
// over them (wordInvisible) as over nonspacing marks, in scan.word and
// in the full check, and lookalikeWord skips them. A word holding one
// mixes scripts (homoglyphWord) only if each of its letters is ASCII or
// a look-alike: an English and a Russian word glued by a zero-width
// space ("cash\u200Bденьги") are two words. They still make the
// invisible_char finding; a word of one script stays one (German and
// Russian soft hyphens, Persian non-joiners), and an emoji's joiner is
// between symbols, in no word.

// wordInvisible reports whether r is an invisible character a word goes
// on over: U+200B to U+200D, U+2060, the soft hyphen U+00AD.
func wordInvisible(r rune) bool {
	return r == 0x00AD || r >= 0x200B && r <= 0x200D || r == 0x2060
}

// A word in a mathematical alphabet with the letterlike symbols Unicode
// coded before it for holes (script ℱ ℯ ℊ ℴ, Fraktur ℭ ℌ ℑ ℜ ℨ, double-
// struck ℂ ℍ ℕ ℙ ℚ ℝ ℤ: "𝔓ℜℑℨ𝔈", "ℬℯ𝓈𝓉", what "fancy text" generators
// write) has no styledMin mathematical letters in a row, and a word of
// letterlike symbols alone ("ℱℝℰℰ", or with ASCII capitals among
// them, "ℂℍℰAℙ", "ℒOAℕ") has none and too few ASCII letters for
// latinLookWord:
// evplant11's math_script_letterlike, math_fraktur_double and
// letterlike_only were 22, 25 and 4 of 30 on seed 1. letterlikeWord
// takes a word with styledMin letters in a row each mathematical or
// letterlikeLook, one letterlike at least. A formula writes these one at
// a time ("f: ℝ → ℂ", "ℕ ⊂ ℤ"); scan.word hands such a word to the full
// check, which judges it after the words it judged before (its evidence
// for a word already found is unchanged).

// letterlikeWord reports whether the word t[start:end] has styledMin
// letters in a row, each a mathematical alphanumeric one or a
// letterlikeLook symbol, one of them letterlike, or is of ASCII,
// mathematical and letterlike letters only, letterlikeMin letterlike ones
// among lookWordMin+1 or more ("ℒOAℕ", "ℍOℳℰ").
func letterlikeWord(t []byte, start, end int) bool {
	n, like := 0, false
	letters, likes, other := 0, 0, false
	for i := start; i < end; {
		r, size := utf8.DecodeRune(t[i:end])
		i += size
		switch {
		case letterlikeLook(r):
			like = true
			likes++
		case r >= 0x1D400 && r <= 0x1D7FF && unicode.IsLetter(r):
		default:
			if r < utf8.RuneSelf && asciiLetterByte(byte(r)) {
				letters++
			} else {
				other = other || unicode.IsLetter(r)
			}
			n, like = 0, false
			continue
		}
		letters++
		if n++; n >= styledMin && like {
			return true
		}
	}
	return !other && likes >= letterlikeMin && letters > lookWordMin
}

// letterlikeMin is the fewest letterlike symbols a word of them and
// ASCII letters needs (letterlikeWord): one alone is a unit ("mℓ") or
// latinLookWord's.
const letterlikeMin = 2

// Two Roman numerals or more together in an ASCII word ("ⅤⅠAGRA",
// "ⅯⅠLLION": evplant11's roman_numerals, 20 of 30 on seed 1) had no
// ASCII letter right after the first, which styleLookWord wants; it now
// steps over the run (styleLookRun) and wants the letter after it.

// styleLookRun returns where the run of styleLook characters from t[i]
// ends (i if there is none).
func styleLookRun(t []byte, i int) int {
	for i < len(t) && t[i] >= utf8.RuneSelf {
		r, size := utf8.DecodeRune(t[i:])
		if !styleLook(r) {
			break
		}
		i += size
	}
	return i
}
