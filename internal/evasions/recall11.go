package evasions

import (
	"fmt"
	"math/bits"
	"unicode/utf8"
)

// Session 26: Latin letters that pass for other Latin letters inside an
// ASCII word (benchmarks/evplant7.py): the ligatures ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ
// (U+FB00 to U+FB06: "ﬁnancial", "ﬂy"), IPA's letters shaped as ASCII
// ones (ɑ ɡ ɩ ʟ ɵ: "ɑccount", "ɡift") and a small capital alone in a
// lower-case word ("frᴇe": styled.go takes runs of them). scriptOf
// called them Latin, so a word holding one mixed no scripts and main
// found none (evplant7 seeds 1 and 2: ligature_fi_fl, ligature_phrase,
// ipa_letters, ipa_alpha_script_g, lone_small_capital 0 of 30 each).
// scriptOf now gives them a script of their own (scriptLatinLook,
// latinLook): the lazy scan hands a word mixing them with Latin letters
// to the full check as it does a word mixing Cyrillic and Latin
// (scan.word), and the full check's endWord asks latinLookWord. The
// kernel stops at every non-ASCII byte already, and ASCII text never
// reaches scriptOf's new case: no new stop, no cost on ordinary text (a
// non-ASCII Latin letter pays one compare more).
//
// The CPU against main 3e31f0d (this file's three rules and hooks; test
// binaries alternated under the CPU lock at load 12-19, thread CPU,
// benchstat): BenchmarkCheckTextHot 568.8 -> 561.0 us (p=0.74, 10
// rounds), BenchmarkAddCorpus/lazy 19.57 -> 21.31 ms (p=0.14, 10 rounds,
// +-27%) and, at -benchtime 3s, 20.70 -> 20.02 ms (p=0.72, 8 rounds):
// not told apart. With the character codes (codeList) too, 8 rounds:
// Hot 500.0 -> 499.5 us, AddCorpus/lazy 19.47 -> 19.14 ms (p=0.65
// both).
//
// latinLookWord takes a word of lookWordMin ASCII letters or more (a
// ligature counting as its letters) whose
// other letters are all latinLook ones (combining marks allowed), no
// U+FFFD beside it, not after / or [ (a phonetic transcription, /ɡet/;
// IPA's words mostly hold letters latinLook does not know, ə ʊ ˈ, and
// are let through by that).
//
// Not kept here: the dotless ı and ȷ ("clıck", evplant7's dotless_i, 0
// of 30 either way). Turkish writes ı in words that are otherwise ASCII
// ("Kılavuz", "yazdır", "dosyasının": evplant3's i18n control rows, 10
// seed 1 and 4 seed 2, and "bazlı" in a mail of evplant.py's), with no
// ş ğ ç ö ü within 256 bytes in short strings; a word alone cannot tell
// the two apart by its letters. recall12.go tells them apart by the
// word's shape and the text's language (dotlessWord), and takes ȷ.

// lookWordMin is the fewest ASCII letters (a ligature's count) a word
// with a latinLook letter needs to be an evasion: "ﬁ" alone or "ɡo" is
// too little to tell, and random bytes decoded make such words
// (evplant4 seed 2's binary_bytes rows: "ᴇVs").
const lookWordMin = 3

// latinLook reports whether r, a Latin letter (scriptOf), passes for an
// ASCII letter in an ASCII word: a ligature of ASCII letters, an IPA
// letter shaped as one, a small capital.
func latinLook(r rune) bool {
	switch {
	case r >= 0xFB00 && r <= 0xFB06:
		return true
	case r >= 0x1D00 && r <= 0x1D22:
		return smallCap1D00&(1<<(r-0x1D00)) != 0
	}
	switch r {
	case 0x0251, 0x0261, 0x0269, 0x029F, 0x0275, // ɑ ɡ ɩ ʟ ɵ
		0x0262, 0x026A, 0x0274, 0x0280, 0x028F, 0x0299, 0x029C, // ɢ ɪ ɴ ʀ ʏ ʙ ʜ
		0xA730, 0xA731: // ꜰ ꜱ
		return true
	}
	return latinLook12(r) // recall12.go
}

// latinLookWord reports whether the word t[start:end], which holds a
// latinLook letter, is an ASCII word with look-alike letters in it.
func latinLookWord(t []byte, start, end int) bool {
	const fffd = "\uFFFD"
	if start >= len(fffd) && string(t[start-len(fffd):start]) == fffd || end+len(fffd) <= len(t) && string(t[end:end+len(fffd)]) == fffd {
		return false
	}
	if start > 0 && (t[start-1] == '/' || t[start-1] == '[') {
		return false
	}
	ascii := 0
	for i := start; i < end; {
		r, size := utf8.DecodeRune(t[i:end])
		i += size
		switch {
		case r < utf8.RuneSelf:
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				ascii++
			}
		case r >= 0xFB00 && r <= 0xFB06:
			ascii += 2 // a ligature's letters ("ﬂy" is three)
		case latinLook(r), r >= 0x0300 && r <= 0x036F:
		default:
			return false // a letter of a language's own: not a look-alike word
		}
	}
	return ascii >= lookWordMin
}

// latinLookEvidence is the mixed_script evidence of the word t[start:end]
// whose first latinLook letter is at byte at.
func latinLookEvidence(t []byte, start, end, at int) string {
	r, _ := utf8.DecodeRune(t[at:])
	return fmt.Sprintf("the word %s at byte %d writes an ASCII letter as the Latin look-alike %c U+%04X at byte %d", quoteVisible(t[start:end], 40), start, r, r, at)
}

// Lower-case base32 (session 26, evplant7's base32_lower seeds 1 and 2:
// 10 and 5 of 30 before, 29 and 27 now): a run of the base64 alphabet with lower case
// and digits that endB64 let through (base32Len wants capitals; a run
// glued to a capital after its padding, "====\nThis", has all three
// classes and is asked too). base32Lower takes it as base32Len does
// upper case, but only with a line of b32LowerLine characters or more
// (a list of lower-case words one a line, "foo2\nbar\n...", is such a
// run too) and b32LowerDistinct distinct characters. scan's base64
// chain hands every long run of the alphabet to the full check already:
// no new stop. Left: those whose lines run into the text around them
// (a body's first line "7bit\r\nwpwi...").

// b32LowerLine is the longest line a run of lower-case base32 must have.
const b32LowerLine = 40

// b32LowerDistinct is the fewest distinct characters it must have: runs
// of one letter or digit glued to a word ("xxxx...", "archi7777...",
// "l6666...": repeated runs of evplant.py's and evplant3's rows) are
// no base32; a base32 blob of 100 characters has nearly all 32.
const b32LowerDistinct = 16

// base32Lower returns the base32 characters of the lower-case base32 run
// from t[start] and where they start (base32LenOf), or 0.
func base32Lower(t []byte, start int) (int, int) {
	n, from := base32LenOf(t, start, 'a')
	if n == 0 {
		return 0, from
	}
	line, seen, long := 0, 0, false
	var distinct uint64
	for _, c := range t[from:] {
		if c == '\n' || c == '\r' {
			line = 0
			continue
		}
		if !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') {
			break
		}
		distinct |= 1 << (c - '2')
		if line++; line >= b32LowerLine {
			long = true
		}
		if seen++; seen >= n {
			break
		}
	}
	if !long || bits.OnesCount64(distinct) < b32LowerDistinct {
		return 0, from
	}
	return n, from
}

// Superscript letters (session 26: "ᶠʳᵉᵉ ᵛⁱᵃᵍʳᵃ", a "tiny text"
// generator's output, was no finding; evplant7's superscript_word 0 ->
// 30 of 30 seeds 1 and 2): the modifier letters a
// fancy-text generator writes for a-z and A-Z (U+02B0 to U+02E3, U+1D2C
// to U+1DBF, ⁱ ⁿ) are styled letters (styled.go) as small capitals are,
// a run of styledMin a mixed_script finding. IPA writes some of them
// after a letter (aspiration kʰ, palatal tʲ, labial kʷ, ˠ ˤ ˡ ˢ ˣ ⁿ ᵊ):
// superLetter calls those phonetic, and a run needs a letter that is not
// (as styledRun wants of small capitals).
func superLetter(r rune) (styled, phonetic bool) {
	switch r {
	case 0x02B0, 0x02B2, 0x02B7, 0x02E0, 0x02E4, 0x02E1, 0x02E2, 0x02E3, 0x207F, 0x1D4A, 0x1D5D: // ʰ ʲ ʷ ˠ ˤ ˡ ˢ ˣ ⁿ ᵊ ᵝ
		return true, true
	}
	switch {
	case r >= 0x02B0 && r <= 0x02B8, r == 0x2071: // ʰ..ʸ, ⁱ
		return true, false
	case r >= 0x1D2C && r <= 0x1D61: // ᴬ..ᵡ: modifier capitals and small letters
		return true, false
	case r >= 0x1D9C && r <= 0x1DBF: // ᶜ..ᶿ
		return true, false
	}
	return false, false
}

// Character codes in a row (session 26): JavaScript's
// String.fromCharCode(72,101,108,108,111,...) hides a phrase or a URL
// from a filter as %XX escapes do (escapes.go); evplant7's
// js_fromcharcode 0 of 30 before. A list of codeListMin decimal codes or
// more, separated by , or ", " (codeUnit: 2 or 3 digits, neither a
// letter, digit nor . beside them), each of a printable ASCII character
// (32 to 126) and half of them or more of a letter, is an encoded_blob.
// The kernel stops already at a chunk of 64 bytes of hex digits, white
// space and , (chunkSepHex), where scan asks sepBlob, and the full check
// asks sepDump at every ,: both ask codeList too at a , after a digit.
// A list counts only from codeListBytes bytes, which hold such a chunk
// wherever chunks start (as sepDumpMin's dumps do): shorter ones the
// lazy scan would find only some of the time, and it must find what the
// full check does. So a phrase of 30-35 characters or less is left
// (String.fromCharCode's codes take 3.5-4.5 bytes a character).

// codeListMin is the fewest character codes in a row that make a blob:
// a phrase of four words or a host.
const codeListMin = 16

// codeListBytes is the fewest bytes of a list of character codes that
// make a blob: 15 whole blocks of 8 bytes, wherever blocks start, hold a
// chunk the kernel (or sepChunk) looks at (sephex.go's sepDumpMin).
const codeListBytes = 15*8 + 14

// codeAt reports whether t[i] is a , after a decimal digit: where a list
// of character codes (codeList) may go through.
func codeAt(t []byte, i int) bool {
	return t[i] == ',' && i > 0 && t[i-1] >= '0' && t[i-1] <= '9'
}

// codeUnit returns the value of the 2 or 3 decimal digits at t[u] and
// their end, or -1: no letter, digit or . before or after them.
func codeUnit(t []byte, u int) (v, end int) {
	if u > 0 && (alnum(t[u-1]) || t[u-1] == '.') {
		return -1, u
	}
	for end = u; end < len(t) && end-u < 4 && t[end] >= '0' && t[end] <= '9'; end++ {
		v = v*10 + int(t[end]-'0')
	}
	if n := end - u; n < 2 || n > 3 || end < len(t) && (alnum(t[end]) || t[end] == '.') {
		return -1, end
	}
	return v, end
}

// codeList returns the list of character codes through the , at t[i]
// (codeAt): where it starts and ends, its codes, and whether it is a
// blob. The list is the same from any of its commas.
func codeList(t []byte, i int) (lo, hi, n int, blob bool) {
	lo = i - 1
	for lo > 0 && t[lo-1] >= '0' && t[lo-1] <= '9' {
		lo--
	}
	// back over earlier codes: ", " or "," between them
	for {
		j := lo - 1
		if j >= 0 && t[j] == ' ' {
			j--
		}
		if j < 1 || t[j] != ',' || t[j-1] < '0' || t[j-1] > '9' {
			break
		}
		k := j - 1
		for k > 0 && t[k-1] >= '0' && t[k-1] <= '9' {
			k--
		}
		if j-k > 3 {
			break
		}
		lo = k
	}
	letters, ok := 0, true
	for u := lo; ; {
		v, end := codeUnit(t, u)
		if v < 0 {
			break
		}
		if v < 32 || v > 126 {
			ok = false
		}
		if v|0x20 >= 'a' && v|0x20 <= 'z' {
			letters++
		}
		n, hi = n+1, end
		if end >= len(t) || t[end] != ',' {
			break
		}
		if u = end + 1; u < len(t) && t[u] == ' ' {
			u++
		}
	}
	if n == 0 {
		hi = i + 1
	}
	return lo, hi, n, ok && n >= codeListMin && hi-lo >= codeListBytes && 2*letters >= n
}

// codeListEvidence is the blob evidence of the list t[lo:hi] of n codes.
func codeListEvidence(t []byte, lo, hi, n int) string {
	return fmt.Sprintf("%d character codes in a row (String.fromCharCode's) from byte %d: %s", n, lo, quoteVisible(t[lo:], 24))
}

// sepOrCodeAt reports whether a separated hex dump (sepAt) or a list of
// character codes (codeAt) may go through t[i].
func sepOrCodeAt(t []byte, i int) bool {
	return sepAt(t, i) || codeAt(t, i)
}

// sepOrCode is sepDump, or codeList where sepDump finds no blob at a ,
// after a digit; code says which.
func sepOrCode(t []byte, i int) (lo, hi, n int, blob, code bool) {
	if sepAt(t, i) {
		if lo, hi, n, blob = sepDump(t, i); !blob && hexCodes(t, lo, hi, n) {
			return lo, hi, n, true, false // 0x character codes (recall13.go)
		}
		if blob || !codeAt(t, i) {
			return lo, hi, n, blob, false
		}
	}
	lo2, hi2, n2, blob2 := codeList(t, i)
	return lo2, max(hi, hi2), n2, blob2, true
}
