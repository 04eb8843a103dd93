package evasions

import (
	"unicode"
	"unicode/utf8"
)

// Session 18 (benchmarks/evplant3.py's repeated_run misses, seeds 1
// and 2: digit runs of 20 to 99 recalled 0.77-0.79, emoji runs of 50 to
// 99 0.84-0.90):
//   - A run of one ASCII digit 1 to 9 is a repeated run from runWordMin,
//     as a letter's (asciiRunMin, checkRun). Zeros keep runOtherMin:
//     corpus-200MB has 82 rows with runs of 20 to 99 zeros (71 MIME
//     boundaries after dashes, 11 zero-padded numbers in spam's
//     obfuscated URLs and scripts, which session 13 holds as mail
//     structure) and none of another digit; the planters' controls none
//     of either.
//   - A run of one symbol (symbolRun) is one from runWordMin, as a
//     letter's: corpus-200MB has none but of U+FFFD (replacement_char's);
//     evplant3's control has box drawing only (man pages' rules of 41 to
//     52 "─"), which stays at runOtherMin (ruleLine's separator lines).

// symbolRun reports whether a run of r, not ASCII, is a repeated run
// from runWordMin: r is a symbol (So: emoji, dingbats, stars, check
// marks) other than box drawing and block elements (U+2500 to U+259F:
// separator lines) and U+FFFD.
func symbolRun(r rune) bool {
	return r >= utf8.RuneSelf && r != utf8.RuneError && (r < 0x2500 || r > 0x259F) && unicode.Is(unicode.So, r)
}
