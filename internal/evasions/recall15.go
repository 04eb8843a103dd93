package evasions

import (
	"unicode"
	"unicode/utf8"
)

// Session 27 (mixed2): more look-alike words, from benchmarks/evplant11.py,
// a planter written blind to the rules (int 96fa48b: mixed_script 0.744
// and 0.753 on seeds 1 and 2, 0.814 and 0.824 without its hard
// variants; with the rules below 0.872 and 0.872, 0.954 and 0.955;
// its encoded_blob and controls unchanged, 11 and 15 of 2000 rows).
// evplant5 seeds 1 and 2, evplant6 and evplant7 seeds 1 and 2, evplant8
// seed 1, evplant.py, evplant3 and evplant4 seed 1 score the same as
// int's, line for line; verify.sh's 41 files and corpus-200MB-s1's
// evasion findings (--checks evasions) are the same. The CPU against int
// (evasions test binaries alternated under the CPU lock, 5 rounds of
// -count 2 at load 7-10, benchstat): BenchmarkCheckTextHot 465.4 ->
// 462.8 us (p=0.97), BenchmarkAddCorpus/lazy 17.42 -> 17.21 ms
// (p=0.32) without the Greek names' stops; with them (load 10-12)
// 525.7 -> 526.0 us (p=0.80), 19.28 -> 19.41 ms (p=1.00): not told
// apart. Every other rule is asked only where a character that is not
// ASCII already stopped the kernel (or at an &# it stops at).
//
// Left: named references of Cyrillic letters ("P&acy;yP&acy;l",
// evplant11's ncr_named_cyr, 0 of 30) and &nu; &alpha;. The kernel stops
// at an & by the byte after it (entnames.go's ampStopTab): the Cyrillic
// names start with a (&acy;) or o, i; &amp; starts with a (6,494 of
// corpus-200MB-s1's 7,390 &a), &nbsp; with n (112,075 of 117,966 &n).
// Greek capitals and &omicron; are taken (greekName below). A subject in
// an RFC 2047 encoded word (=?utf-8?B?...?=: subject_rfc2047_b, 0 of 30)
// is not decoded; open e and o in ASCII words (thosɛ, yɔur: ipa_in_word
// 25 and 27 of 30), which African languages' Latin alphabets write
// beside ASCII letters, and Greek γ for y (PaγPal) are left.
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

// Whole words of Cherokee or Lisu capitals shaped as Latin ones
// ("ᏟᎪᏚᎻ", "ꓦꓲꓮꓖꓣꓮ": evplant11's cherokee_caps and lisu_caps, 0 of
// 60) mix no scripts, and lookalikeWord took only Cyrillic and Greek
// ones. capsWord takes them as lookalikeWord does those: lookalikeMin
// letters or more, each one of capsLook's, in a text with ASCII letters
// and no Cherokee or Lisu character but those (capsText). Cherokee text
// writes the syllables no Latin letter looks like (ᏣᎳᎩ: Ꮳ), Lisu text
// its turned letters and tone marks (ꓯ ꓕ, ꓸ ꓹ ꓼ), so a word of theirs
// that happens to be all look-alikes is text. capsText is not cached:
// it is asked only at a word of look-alikes alone and stops at the
// first character of the script's own.

// capsLook reports whether r is a Cherokee or Lisu capital shaped as a
// Latin one: Ꭺ Ᏼ Ꮯ Ꭰ Ꭼ Ꮐ Ꮋ Ꭻ Ꮶ Ꮮ Ꮇ Ꮲ Ꭱ Ꮪ Ꭲ Ꮩ Ꮃ Ꮓ, ꓮ ꓐ ꓚ ꓓ ꓰ ꓝ
// ꓖ ꓧ ꓲ ꓙ ꓗ ꓡ ꓟ ꓠ ꓳ ꓑ ꓣ ꓢ ꓔ ꓴ ꓦ ꓪ ꓫ ꓬ ꓜ (Unicode's confusables).
func capsLook(r rune) bool {
	switch {
	case r >= 0x13A0 && r <= 0x13F5:
		switch r {
		case 0x13AA, 0x13F4, 0x13DF, 0x13A0, 0x13AC, 0x13C0, 0x13BB, 0x13AB, 0x13E6,
			0x13DE, 0x13B7, 0x13E2, 0x13A1, 0x13DA, 0x13A2, 0x13D9, 0x13B3, 0x13C3:
			return true
		}
	case r >= 0xA4D0 && r <= 0xA4F4:
		const lisu = 1<<0x00 | 1<<0x01 | 1<<0x03 | 1<<0x04 | 1<<0x06 | 1<<0x07 | 1<<0x09 | 1<<0x0A | 1<<0x0C |
			1<<0x0D | 1<<0x0F | 1<<0x10 | 1<<0x11 | 1<<0x12 | 1<<0x13 | 1<<0x16 | 1<<0x17 | 1<<0x1A |
			1<<0x1B | 1<<0x1C | 1<<0x1E | 1<<0x20 | 1<<0x22 | 1<<0x23 | 1<<0x24
		return lisu>>(r-0xA4D0)&1 != 0
	}
	return false
}

// capsWord reports whether the word t[start:end] is lookalikeMin or more
// Cherokee or Lisu capitals shaped as Latin ones (capsLook) in Latin
// text (capsText), no U+FFFD touching it.
func capsWord(t []byte, start, end int) bool {
	const fffd = "\uFFFD"
	if start >= len(fffd) && string(t[start-len(fffd):start]) == fffd || end+len(fffd) <= len(t) && string(t[end:end+len(fffd)]) == fffd {
		return false
	}
	n := 0
	for i := start; i < end; {
		r, size := utf8.DecodeRune(t[i:end])
		i += size
		if wordInvisible(r) {
			continue
		}
		if !capsLook(r) {
			return false
		}
		n++
	}
	return n >= lookalikeMin && capsText(t)
}

// capsText reports whether t has two ASCII letters or more and no
// Cherokee or Lisu character that capsLook does not take.
func capsText(t []byte) bool {
	ascii := 0
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			if asciiLetterByte(c) {
				ascii++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		i += size
		if (r >= 0x13A0 && r <= 0x13FF || r >= 0xAB70 && r <= 0xABBF || r >= 0xA4D0 && r <= 0xA4FF) && !capsLook(r) {
			return false
		}
	}
	return ascii >= 2
}

// A whole word of fullwidth or mathematical letters written as numeric
// HTML entities ("&#65335;&#65321;&#65326;": evplant11's ncr_fullwidth,
// 0 of 30) has no ASCII letter beside any of them, which entMore wanted
// of a look-alike. styledEntities takes styledMin such entities in a row
// from the first (fullwidth ones in a text without CJK, as
// fullwidthWord): the kernel stops at &# already, and entEvasion is
// asked at each entity, so no new stop.

// styledEntities reports whether r, what the entity ending at t[end]
// stands for, and the entities right after it are styledMin fullwidth
// Latin or mathematical alphanumeric letters of one kind (fullwidth ones
// in a text without CJK).
func styledEntities(t []byte, end int, r rune) bool {
	fullwidth := r >= 0xFF21 && r <= 0xFF5A
	kind := func(r rune) bool {
		if fullwidth {
			return r >= 0xFF21 && r <= 0xFF5A && unicode.IsLetter(r)
		}
		return r >= 0x1D400 && r <= 0x1D7FF && unicode.IsLetter(r)
	}
	if !kind(r) {
		return false
	}
	for n := 1; n < styledMin; n++ {
		r, end = entCode(t, end)
		if !kind(r) {
			return false
		}
	}
	return !fullwidth || !cjkText(t)
}

// Named references of Greek letters shaped as Latin ones
// ("Micr&omicron;s&omicron;ft", "P&Alpha;YP&Alpha;L", "&Tau;&Iota;&Mu;&Epsilon;":
// evplant11's ncr_named_greek, 0 of 30): the capitals Α Β Ε Ζ Η Ι Κ Μ Ν
// Ο Ρ Τ Υ Χ and ο ρ (greekName). The kernel stops at an & by the byte
// after it (ampStopTab): their first letters A B C E I K M O R T U o join
// it (greekStops; N Z r c stopped it already), not a or n, which start
// &amp; and &nbsp; (&alpha; &nu; are left). I aliases TAB, M CR and o /
// in the table's six bits. A named one beside an ASCII letter is an
// entity look-alike as a numeric one is (entMore); three or more in a
// row, a word of them (greekEntities). corpus-200MB-s1 has 4,611 & before
// those letters (&E 930, &o 694, &I 624, &A 546, &T 484, &C 447; AT&T,
// Q&A), against 39,034 before the bytes the kernel stopped at already;
// evplant11's ncr_named_greek 0 -> 24 of 30 on seeds 1 and 2 (Net&nu;ork
// is left).

// greekStops are the first letters of greekName's names the kernel's &
// table does not have otherwise.
const greekStops = "ABCEIKMORTUo"

// greekName returns the Greek letter a named entity at t[i] stands for
// when it is one greekName knows, and where it ends; -1 when it is not.
func greekName(t []byte, i int) (rune, int) {
	if i+4 > len(t) || t[i] != '&' {
		return -1, i
	}
	w := t[i+1:]
	for _, e := range greekNames {
		if w[0] == e.name[0] && len(w) >= len(e.name) && string(w[:len(e.name)]) == e.name { // the first byte first (cyrName)
			return e.r, i + 1 + len(e.name)
		}
	}
	return -1, i
}

var greekNames = [...]struct {
	name string
	r    rune
}{
	{"Alpha;", 'Α'}, {"Beta;", 'Β'}, {"Epsilon;", 'Ε'}, {"Zeta;", 'Ζ'}, {"Eta;", 'Η'}, {"Iota;", 'Ι'},
	{"Kappa;", 'Κ'}, {"Mu;", 'Μ'}, {"Nu;", 'Ν'}, {"Omicron;", 'Ο'}, {"Rho;", 'Ρ'}, {"Tau;", 'Τ'},
	{"Upsilon;", 'Υ'}, {"Chi;", 'Χ'}, {"omicron;", 'ο'}, {"rho;", 'ρ'},
}

// greekEntities reports whether the named entity ending at t[end] is
// followed by styledMin-1 more of greekName's, each right after the one
// before.
func greekEntities(t []byte, end int) bool {
	if end <= 0 || t[end-1] != ';' {
		return false
	}
	for n := 1; n < styledMin; n++ {
		var r rune
		if r, end = greekName(t, end); r < 0 {
			return false
		}
	}
	return true
}
