package evasions

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Mojibake: UTF-8 read as Windows-1252 (or Latin-1) and written again
// as UTF-8, "donâ€™t" for "don’t", "cafÃ©" for "café". Each byte of a
// character's UTF-8 became a character of its own: the lead byte one of
// U+00C2 to U+00F4 (Â Ã ... â ... ð ô), each continuation byte one of
// U+0080 to U+00BF or the Windows-1252 punctuation that stands for 0x80
// to 0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ).
//
// Session 18 (benchmarks/evplant3.py plants it as invalid text: 0.38 and
// 0.41 of its variant were found, by the other damage of the same rows).
// It is damage upstream, not text crafted to pass a cleaner, and real
// text carries it: evplant3's control has it in 5 and 6 of 5,000 rows
// (fakeroot's Spanish man page, "manipulaciÃ³n", "nÃºmero"), evplant.py's
// in 2 of 3,000 mails ("Â£31.95", "CommuniquÃ©"); corpus-200MB, read
// from raw mail bytes, has none. So, like replacement_char, it is a
// finding of its own kind (finding.KindMojibake), outside the category
// counts of cleaning_evasions, and found in the same pass: scan and the
// full check note a character U+00C2 to U+00F4 (tally.latin1), and only
// then does mojibakeEvidence look (0.7% of checkText's time on
// evplant3's seed-1 rows, multilingual, 59 of them mojibake; nothing
// measurable on corpus-200MB, whose texts have almost no such character).
//
// A run of such characters (Windows-1252's upper half: mojibakeByte) is
// mojibake when all of it is valid UTF-8 once each character is taken
// back to its byte, and what it decodes to is plausible: two characters
// or more, or one of Latin-1's upper half and Latin Extended (U+00A0 to
// U+024F), or one of three or four bytes in the blocks mojibake comes
// from (plausibleMojibake). A German "Gruß“" decodes to one NKo letter (U+07D3),
// "Ö»" to a Hebrew point: neither is taken. GB2312, Big5, EUC-KR,
// Shift-JIS or binary read as Latin-1 is dense runs of the upper half,
// rarely valid UTF-8 all through, but some runs are, by chance
// ("Ã¿1000" is GB2312's 每, "à¡±" an OLE file's header): a text is
// mojibake only when its runs that are outnumber its runs of garbage,
// those that are not and hold a C1 control, or two characters or more
// with one of U+0080 to U+00BF (a French « or a Spanish ¿ alone is not
// garbage). evplant.py's controls (seeds 1 and 2): 5 and 6 rows before
// that rule and plausibleMojibake's blocks, 3 of them real ("Â£31.95",
// "CommuniquÃ©", "Michaelâ\u0080\u0099s", the last lost in a 90 KB mail
// of garbage); 1 and 2 after ("Â£31.95"; "CommuniquÃ©" and a garble
// quoted in a question, "S+#_+Å± INET"). evplant3's controls: 5 and 6
// rows, all fakeroot's real mojibake, before and after.

// mojibakeByte returns the byte that r stands for when UTF-8 is read as
// Windows-1252 (or Latin-1, whose C1 controls fill Windows-1252's
// holes), and whether r is one: U+0080 to U+00FF, or Windows-1252's
// characters for 0x80 to 0x9F.
func mojibakeByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	switch r {
	case 0x20AC:
		return 0x80, true
	case 0x201A:
		return 0x82, true
	case 0x0192:
		return 0x83, true
	case 0x201E:
		return 0x84, true
	case 0x2026:
		return 0x85, true
	case 0x2020:
		return 0x86, true
	case 0x2021:
		return 0x87, true
	case 0x02C6:
		return 0x88, true
	case 0x2030:
		return 0x89, true
	case 0x0160:
		return 0x8A, true
	case 0x2039:
		return 0x8B, true
	case 0x0152:
		return 0x8C, true
	case 0x017D:
		return 0x8E, true
	case 0x2018:
		return 0x91, true
	case 0x2019:
		return 0x92, true
	case 0x201C:
		return 0x93, true
	case 0x201D:
		return 0x94, true
	case 0x2022:
		return 0x95, true
	case 0x2013:
		return 0x96, true
	case 0x2014:
		return 0x97, true
	case 0x02DC:
		return 0x98, true
	case 0x2122:
		return 0x99, true
	case 0x0161:
		return 0x9A, true
	case 0x203A:
		return 0x9B, true
	case 0x0153:
		return 0x9C, true
	case 0x017E:
		return 0x9E, true
	case 0x0178:
		return 0x9F, true
	}
	return 0, false
}

// mojibakeLead reports whether r may be the lead byte of a multi-byte
// UTF-8 character read as Windows-1252: U+00C2 to U+00F4. The fast pass
// and the full check note each (tally.latin1).
func mojibakeLead(r rune) bool {
	return r >= 0xC2 && r <= 0xF4
}

// mojibakeMax is the most characters of a run mojibakeEvidence takes
// back to bytes: a longer run of Windows-1252's upper half is not
// mojibake (a Russian word of 64 letters would be 128).
const mojibakeMax = 128

// mojibakeEvidence returns the evidence of mojibake in t (the rule
// above), or "": the runs found, the first's offset, what it stands for.
// It looks only at runs through a lead character U+00C2 to U+00F4
// (bytes.IndexByte finds their first byte, 0xC3), and reads the whole
// text for garbage (mojibakeGarbage) only once one is found. No
// allocation unless one is found.
func mojibakeEvidence(t []byte) string {
	n, first, firstEnd := 0, -1, 0
	for i := 0; i < len(t); {
		j := bytes.IndexByte(t[i:], 0xC3)
		if j < 0 {
			break
		}
		j += i
		if j+1 >= len(t) || t[j+1] < 0x82 || t[j+1] > 0xB4 {
			i = j + 1
			continue
		}
		lo := j
		for lo > 0 {
			r, size := utf8.DecodeLastRune(t[:lo])
			if _, ok := mojibakeByte(r); !ok || size == 1 {
				break
			}
			lo -= size
		}
		hi, valid, _ := mojibakeRun(t, lo)
		if valid {
			if n == 0 {
				first, firstEnd = lo, hi
			}
			n++
		}
		i = hi
	}
	if n == 0 || mojibakeGarbage(t) >= n {
		return ""
	}
	return strconv.Itoa(n) + " " + plural(n, "run") + " of UTF-8 read as Windows-1252, the first at byte " + strconv.Itoa(first) +
		" (" + quoteVisible(t[first:firstEnd], 16) + " for " + quoteVisible(unmojibake(t[first:firstEnd]), 8) + "): " + quoteVisible(t[contextStart(t, first):], 24)
}

// mojibakeRun reads the run of characters of Windows-1252's upper half
// (mojibakeByte) from t[lo] and returns its end, whether it is mojibake
// (a lead character, at most mojibakeMax characters, plausibleMojibake)
// and whether it is garbage instead: not mojibake, with a C1 control,
// or with one of U+0080 to U+00BF among two characters or more.
func mojibakeRun(t []byte, lo int) (hi int, valid, garbage bool) {
	var b [mojibakeMax]byte
	k := 0
	lead, sym, c1 := false, false, false
	for hi = lo; hi < len(t) && t[hi] >= utf8.RuneSelf; {
		r, size := utf8.DecodeRune(t[hi:])
		c, ok := mojibakeByte(r)
		if !ok || size == 1 {
			break
		}
		if k < len(b) {
			b[k] = c
		}
		k++
		lead = lead || mojibakeLead(r)
		sym = sym || r <= 0xBF
		c1 = c1 || r <= 0x9F
		hi += size
	}
	valid = lead && k <= len(b) && plausibleMojibake(b[:k])
	return hi, valid, !valid && (c1 || sym && k >= 2)
}

// mojibakeGarbage counts the runs of garbage in t (mojibakeRun).
func mojibakeGarbage(t []byte) int {
	n := 0
	for i := 0; i < len(t); {
		if t[i] < utf8.RuneSelf {
			i++
			continue
		}
		hi, _, garbage := mojibakeRun(t, i)
		if hi == i {
			_, size := utf8.DecodeRune(t[i:])
			hi = i + size
		}
		if garbage {
			n++
		}
		i = hi
	}
	return n
}

// plausibleMojibake reports whether b, the bytes a run of characters
// stands for, is valid UTF-8 whose characters mojibake would have come
// from: two or more, or one in U+00A0 to U+024F, or one of three or four
// bytes, graphic, not for private use and in Latin Extended Additional
// (U+1E00 to U+1EFF: Vietnamese), punctuation, symbols, currency and
// arrows (U+2000 to U+2BFF) or from U+3000 on (CJK, Hangul, emoji). A
// lone character of U+0800 to U+1DFF (Samaritan, Indic, Thai...) is
// what binary and Big5 read as Latin-1 leave ("à¡±" of an OLE file's
// header, "à¬¿").
func plausibleMojibake(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	r, size := utf8.DecodeRune(b)
	if size < len(b) {
		return true
	}
	switch {
	case size == 2:
		return r >= 0xA0 && r <= 0x24F
	case r < 0x1E00 || r >= 0x1F00 && r < 0x2000 || r >= 0x2C00 && r < 0x3000:
		return false
	}
	return unicode.IsGraphic(r) && !unicode.Is(unicode.Co, r)
}

// unmojibake returns the text a run of mojibake stands for (for the
// evidence).
func unmojibake(run []byte) []byte {
	var b []byte
	for i := 0; i < len(run); {
		r, size := utf8.DecodeRune(run[i:])
		c, _ := mojibakeByte(r)
		b = append(b, c)
		i += size
	}
	return b
}
