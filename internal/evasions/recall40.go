package evasions

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Session 33 (idn): two evasions that no character of the text shows
// as such, planted by two blind planters each or marked hard by them.
//
// # Punycode host labels (punyLinks)
//
// A link to an internationalised domain is written as its ASCII form
// when a mail client or a phishing kit encodes it: "pаypal" (Cyrillic
// а) is "xn--pypal-4ve", "аррӏе" (all Cyrillic) "xn--80ak6aa92e"
// (evplant11's idn_punycode and evplant15's punycode_link, both hard,
// 0 of 30 on both seeds: every byte is ASCII, so no word mixes
// scripts). punyLinks finds each label that starts with xn-- (any case;
// after a byte that is no letter, digit or hyphen: a label starts
// there), decodes it with golang.org/x/net/idna's Punycode profile
// (RFC 3492; no mapping or validation, so a label that decodes is
// judged as written) and takes it as mixed_script when the decoded
// label is the homograph itself, by the rules the words of the text
// are judged by (punyMix):
//
//   - it mixes scripts (scriptOf: Latin, Cyrillic, Greek, Armenian,
//     Cherokee, Lisu, fullwidth, mathematical and the Latin look-alike
//     letters of recall11.go) and a letter of a script other than
//     Latin looks like a Latin one (lookalike, latinLook): "pаypal",
//     "mіcrosoft", "ɑpple"; Chrome shows such a label as punycode for
//     the same reason (its IDN policy refuses Latin mixed with
//     Cyrillic or Greek in one label, UTS #39's mixed-script check);
//   - or all its letters are Cyrillic or Greek look-alikes of Latin
//     ones (wordLookalike), lookalikeMin or more, and the text is Latin
//     text (latinText): "аррӏе", UTS #39's whole-script confusable, as
//     lookalikeWord takes such a word written out.
//
// A label of one script of a real language is not: "bücher", "münchen"
// (Latin with umlauts, no look-alike letter), "北京", "россия" (и and я
// look like no Latin letter), "рф" (two letters). A label that does not
// decode (bad punycode) is left: it names no host a browser would show.
//
// The cost: xn-- is ASCII, and the kernel (chunks.go) stops at nothing
// in it; a Go pass over every text (bytes.Index of "xn--", which
// bytes.IndexByte of x leads) took 38-78 ms over corpus-200MB-s1's 184
// MB of cold texts (about 4% of the default audit's CPU: recall22.go's
// note measured 3-8% of BenchmarkCheckTextHot). punyIndex runs a kernel
// of its own on AVX-512 CPUs (recall40_amd64.s: three compares and five
// mask operations a 61 bytes, on the text scan has just read), and
// indexFold elsewhere. corpus-200MB-s1 and the planters' controls have
// no xn-- at all.
//
// # UTF-16 read as UTF-8 text (utf16Text)
//
// UTF-16 text read as bytes and decoded as UTF-16 again at the wrong
// place, or ASCII bytes decoded as UTF-16 (evplant15's
// utf16_read_as_bytes, hard: English prose encoded as UTF-8 and
// decoded as UTF-16-LE, "慐灹污..." for "Payment"), is a run of
// characters each of whose code units is two ASCII bytes: U+2020 to
// U+7E7E, CJK ideographs, kana and symbols, with U+202A to U+202E and
// U+2060 to U+2069 among them (the pair "e " is U+2065, "n." U+2E6E):
// today's bidi_control and invisible_char findings on those rows, 0 of 30
// non_text. The category a user would name is non_text: the text is no
// text, bytes read with the wrong encoding (the planter accepts
// non_text and mojibake; mojibake here is UTF-8 read as Windows-1252,
// mojibake.go). utf16Text takes a run of utf16Min (24) or more such
// characters in a row whose code units, read back as bytes (either byte
// order: the counts are the same), are text: a tenth or more white
// space and three fifths or more letters. Prose has a space every five
// or six bytes; Chinese or Japanese text has no run of 24 characters
// whose bytes are all printable ASCII but by chance, and the bytes of
// such a run are the printable ASCII bytes at random (a space one in
// 95; hiragana's are a digit 0 every other byte). The other form, a NUL
// between the letters (UTF-16 read as Latin-1), is non_text already
// (binaryEvidence: controls). Only a text with 2*utf16Min bytes or more
// beyond its characters (three-byte characters' two more) is read:
// 652 of corpus-200MB-s1's 137,265 rows, 3% of its bytes, whose ASCII
// is skipped eight bytes at a time.

// utf16Min is the fewest characters of a run utf16Text takes.
const utf16Min = 24

// utf16Unit reports whether r is a UTF-16 code unit of two bytes that
// text holds: each printable ASCII, or the first (the low byte) a tab,
// line feed or carriage return too.
func utf16Unit(r rune) bool {
	hi, lo := r>>8, r&0xFF
	return hi >= 0x20 && hi <= 0x7E && (lo >= 0x20 && lo <= 0x7E || lo == '\n' || lo == '\r' || lo == '\t')
}

// utf16Text records as non_text the first run of utf16Min characters
// or more that are UTF-16 code units of text's bytes (see above). extra
// is len(t) less the text's characters: the bytes its characters take
// beyond one each.
func utf16Text(t []byte, extra int, found *[numEvasionKinds]string) {
	if extra < 2*utf16Min || found[iNonText] != "" {
		return
	}
	start, n := 0, 0
	for i := 0; i <= len(t); {
		var r rune
		size := 1
		if i < len(t) {
			if i+8 <= len(t) && binary.LittleEndian.Uint64(t[i:])&highs == 0 && n < utf16Min {
				i, n = i+8, 0 // eight ASCII bytes: no run goes through them
				continue
			}
			r = rune(t[i])
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRune(t[i:])
			}
		}
		if i < len(t) && r >= 0x2020 && utf16Unit(r) {
			if n == 0 {
				start = i
			}
			n++
			i += size
			continue
		}
		if n >= utf16Min {
			if e := utf16Evidence(t, start, i, n); e != "" {
				found[iNonText] = e
				return
			}
		}
		n = 0
		i += size
	}
}

// utf16Evidence is the evidence of the run t[start:end] of n code
// units, or "" when its bytes are not text.
func utf16Evidence(t []byte, start, end, n int) string {
	var letters, spaces, le, be int // le, be: ". " and ", " in either byte order
	var prevLo, prevHi byte
	var show [48]byte
	k := 0
	for i := start; i < end; {
		r, size := utf8.DecodeRune(t[i:])
		i += size
		lo, hi := byte(r), byte(r>>8)
		for _, c := range [2]byte{lo, hi} {
			switch {
			case c|0x20 >= 'a' && c|0x20 <= 'z':
				letters++
			case c == ' ' || c == '\n' || c == '\r' || c == '\t':
				spaces++
			}
		}
		if (lo == '.' || lo == ',') && hi == ' ' || (prevHi == '.' || prevHi == ',') && lo == ' ' {
			le++
		}
		if (hi == '.' || hi == ',') && lo == ' ' || (prevLo == '.' || prevLo == ',') && hi == ' ' {
			be++
		}
		prevLo, prevHi = lo, hi
	}
	if 10*spaces < 2*n || 5*letters < 3*2*n {
		return ""
	}
	order := "UTF-16LE"
	if be > le {
		order = "UTF-16BE"
	}
	for i := start; i < end && k+2 <= len(show); {
		r, size := utf8.DecodeRune(t[i:])
		i += size
		if order == "UTF-16LE" {
			show[k], show[k+1] = byte(r), byte(r>>8)
		} else {
			show[k], show[k+1] = byte(r>>8), byte(r)
		}
		k += 2
	}
	return strconv.Itoa(n) + " characters from byte " + strconv.Itoa(start) + " are " + order +
		" code units of ASCII text, text read with the wrong encoding: " + quoteVisible(t[start:], 12) +
		" reads " + quoteVisible(show[:k], len(show))
}

// punyLinks records as mixed_script the first host label written as
// punycode (xn--) that decodes to a homograph (see above), unless a
// word of the text mixes scripts already.
func punyLinks(t []byte, found *[numEvasionKinds]string) {
	if found[iMixed] != "" {
		return
	}
	latin := int8(0) // latinText's answer for t, when asked
	for from := 0; from+4 < len(t); {
		p := punyIndex(t[from:])
		if p < 0 {
			return
		}
		p += from
		from = p + 1
		if !hasPrefixFold(t[p:], "xn--") || p > 0 && labelByte(t[p-1]) {
			continue
		}
		end := p + 4
		for end < len(t) && labelByte(t[end]) {
			end++
		}
		from = end
		if end-p > 63 || end == p+4 { // a DNS label is 63 bytes at most
			continue
		}
		dec, err := idna.Punycode.ToUnicode(strings.ToLower(string(t[p:end]))) // a host is one in any case; ToUnicode takes xn-- in lower case
		if err != nil {
			continue
		}
		if e := punyMix(t, p, end, dec, &latin); e != "" {
			found[iMixed] = e
			return
		}
	}
}

// labelByte reports whether c may be in a host label: an ASCII letter,
// digit or hyphen.
func labelByte(c byte) bool {
	return c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9' || c == '-'
}

// punyMix is the evidence that dec, the label t[p:end] decoded, is a
// homograph of a Latin name, or "". latin caches latinText(t).
func punyMix(t []byte, p, end int, dec string, latin *int8) string {
	var ws wordScripts // here the rune offset in dec, +1
	var look rune      // a letter of another script that looks like a Latin one
	letters, lookalikes := 0, 0
	for i, r := range dec {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		sc := scriptOf(r)
		if sc != scriptOther && ws[sc] == 0 {
			ws[sc] = i + 1
		}
		if sc > scriptLatin && (lookalike(r) || sc == scriptLatinLook) && look == 0 {
			look = r
		}
		if (sc == scriptCyrillic || sc == scriptGreek) && wordLookalike(r) {
			lookalikes++
		}
	}
	head := "the host label " + quoteVisible(t[p:end], 64) + " at byte " + strconv.Itoa(p) + " is punycode for " + quoteVisible([]byte(dec), 64)
	if mixedScripts(&ws) && look != 0 {
		sc := scriptOf(look)
		return head + fmt.Sprintf(", which mixes Latin and %s letters (%s %c U+%04X): a look-alike of a Latin name", sc, sc, look, look)
	}
	if lookalikes == letters && letters >= lookalikeMin && !mixedScripts(&ws) {
		if *latin == 0 {
			*latin = -1
			if latinText(t) {
				*latin = 1
			}
		}
		if *latin > 0 {
			sc := scriptCyrillic
			if ws[scriptGreek] > 0 {
				sc = scriptGreek
			}
			return head + ", " + sc.String() + " letters that all look like Latin ones, in Latin text"
		}
	}
	return ""
}
