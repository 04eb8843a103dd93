package evasions

// lisuLetter reports whether r is a letter of the Fraser (Lisu)
// alphabet, U+A4D0 to U+A4F7: capitals drawn from the Latin ones, upright
// and turned (ꓮ ꓐ ꓚ ꓓ ꓰ ꓑ ꓔ: A B C D E P T), which makes them a
// confusable set of homograph attacks like Cherokee's (scriptOf,
// lookalike). Session 18 (benchmarks/evplant4.py): Lisu letters in a
// Latin brand (AMAꓜꓳN, ꓑꓮYPAL) were all missed (46 of 46 rows, two
// seeds). Lisu text has no ASCII letter in its words, so it stays
// unflagged; the tone letters after U+A4F7 are not look-alikes.
func lisuLetter(r rune) bool {
	return r >= 0xA4D0 && r <= 0xA4F7
}

// inWordC0 reports whether the control c (0x11 to 0x17), between the
// bytes before and after, splits a word as no punctuation that lost its
// high bit would: between two ASCII letters, where Windows-1252's right
// quote (0x92, an apostrophe: don’t) and em dash (0x97) stand, but not
// its left quotes, bullet or en dash (0x91, 0x93 to 0x96). Session 18
// (benchmarks/evplant4.py): controls planted inside words
// ("Germa\x16ny", "l\x15ist") were let through as stripped punctuation
// whenever the text held two (3 of 33 rows of a seed).
func inWordC0(c, before, after byte) bool {
	letter := func(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
	return letter(before) && letter(after) && c != 0x12 && c != 0x17
}
