package evasions

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
