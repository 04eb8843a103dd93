package evasions

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Session 33 (idn): evasions the kernel (chunks.go) stops at nothing in,
// or that no character shows as such, each planted by a blind planter
// and missed: punycode host labels, &nu; inside a word, Z85 lines
// without an & the kernel stops at, and UTF-16 read with the wrong
// encoding.
//
// # Punycode host labels (mixedAt40, punyMix)
//
// A link to an internationalised domain is written as its ASCII form
// when a mail client or a phishing kit encodes it: "pаypal" (Cyrillic
// а) is "xn--pypal-4ve", "аррӏе" (all Cyrillic) "xn--80ak6aa92e"
// (evplant11's idn_punycode and evplant15's punycode_link, both hard,
// 0 of 30 on both seeds: every byte is ASCII, so no word mixes
// scripts). looks40 takes each label that starts with xn-- (any case;
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
// look like no Latin letter), "рф" (two letters). Nor is evplant15's
// "xn--mcrosoft-ncb": it decodes to "mcrđosoft", Latin only (đ is a
// Croatian and Vietnamese letter), no homograph of anything (8 and 11
// of its 30 rows a seed; the planter meant "mіcrosoft"). A label that
// does not decode (bad punycode) is left: it names no host a browser
// would show.
//
// # &nu; inside a word
//
// "Net&nu;ork" (evplant11's ncr_named_greek, 6 of its 30 rows on both
// seeds, missed): the kernel stops at an & by the byte after it
// (entnames.go's ampStopTab), and n starts &nbsp; (112,075 of
// corpus-200MB-s1's 117,966 &n), so recall15.go left &nu; out. looks40
// takes an &nu; with an ASCII letter against it as entMore would
// (look-alike of a Latin letter, in a word). corpus-200MB-s1 has no
// &nu; or &Nu;.
//
// # Z85 without an & (z85Blob)
//
// recall26.go takes a line of Z85 where the kernel stops: at an & with a
// byte after it that stops it (a line of 100 characters holds one by
// a chance of 0.28, of 300 0.71), so evplant9's z85_line was 23 and 20
// of 30 on seeds 1 and 2; the lines missed hold no byte the kernel
// stops at (one an =c, none a %, a backslash or a backtick). looks40
// asks z85Blob (z85At's rule: z85Min characters, upper and lower case
// and z85DigitsMin digits, z85OddMin distinct z85Odd bytes a tenth of
// the run, a bracket, no "://") of the run through each half of 32
// bytes stops40 reports: no byte of 0x20 or under and two of z85Odd's
// bytes or more. Random Z85 has 5.3 of them in 32 bytes (one or none
// by a chance of 0.026); a run of z85Min bytes holds a half whole. On
// corpus-200MB-s1 about 42,000 halves are so (counted 32 bytes apart,
// in 20,201 rows: addresses in angle brackets, HTML tags without
// spaces, separator lines of * and $), each run measured once, none a
// blob: its findings are unchanged.
//
// # The kernel (stops40)
//
// xn--, &nu; and a half of Z85 are ASCII with nothing the kernel stops
// at, and a Go pass over every text is what recall22.go's note measured
// at 3-8% of BenchmarkCheckTextHot (bytes.Index of "xn--" alone, which
// bytes.IndexByte of x leads: 38-78 ms over corpus-200MB-s1's 184 MB of
// cold texts). stops40AVX512 (recall40_amd64.s) reads a text 64 bytes a
// window, 61 apart, on the bytes scan has just read: three compares (-
// u ;) and two mask shifts a window for the pairs -- and u; that an
// xn-- and an &nu; hold, the six compares of both only where one is,
// one compare for the bytes of 0x20 or under, and a table lookup
// (VPERMB) of z85Odd only in a half without them. stops40Go is the same
// in Go elsewhere (TestStops40 holds the two to each other).
//
// # UTF-16 read with the wrong encoding (utf16Text)
//
// UTF-16 text read as bytes and decoded as UTF-16 again at the wrong
// place, or ASCII bytes decoded as UTF-16 (evplant15's
// utf16_read_as_bytes, hard: English prose encoded as UTF-8 and
// decoded as UTF-16-LE, "慐灹污..." for "Payment"), is a run of
// characters each of whose code units is two ASCII bytes: U+2020 to
// U+7E7E, CJK ideographs, kana and symbols, with U+202A to U+202E and
// U+2060 to U+2069 among them (the pair "e " is U+2065, "n." U+2E6E):
// bidi_control and invisible_char findings on those rows, 0 of 30
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
// 95; hiragana's are a digit 0 every other byte). The bidi and
// invisible characters among them stay findings: they are there. The
// other form, a NUL between the letters (UTF-16 read as Latin-1), is
// non_text already (binaryEvidence: controls). Only a text with
// 2*utf16Min bytes or more beyond its characters (three-byte
// characters' two more) is read: 652 of corpus-200MB-s1's 137,265 rows,
// 3% of its bytes, whose ASCII is skipped eight bytes at a time.

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

// looks40 records what the places stops40 finds hold: as mixed_script
// the first host label written as punycode (xn--) that decodes to a
// homograph, or the first &nu; inside a word (see above), unless a word
// of the text mixes scripts already; as encoded_blob the first run of
// Z85 (z85Blob) unless a blob is found already.
func looks40(t []byte, found *[numEvasionKinds]string) {
	mixed, blob := found[iMixed] == "", found[iBlob] == ""
	latin := int8(0) // latinText's answer for t, when asked
	z85Done := 0     // runs of Z85's alphabet are measured up to here
	for from := 0; from < len(t) && (mixed || blob); {
		w, cands, halves := stops40(t[from:])
		if w < 0 {
			return
		}
		w += from
		for ; cands != 0 && mixed; cands &= cands - 1 {
			p := w + bits.TrailingZeros64(cands)
			if e := mixedAt40(t, p, &latin); e != "" {
				found[iMixed], mixed = e, false
			}
		}
		for h := 0; h < 2 && blob; h++ {
			if at := w + 32*h; halves&(1<<h) != 0 && at >= z85Done {
				lo, hi := z85Run(t, at)
				z85Done = hi
				if hi-lo >= z85Min && z85Blob(t, lo, hi) {
					found[iBlob], blob = z85Evidence(t, lo), false
				}
			}
		}
		from = w + stops40Step
	}
}

// stops40Step is how far apart stops40's windows of 64 bytes start: three
// bytes in common, so that every four bytes in a row lie in one.
const stops40Step = 61

// mixedAt40 is the mixed_script evidence of the xn-- label or the &nu;
// at t[p], or "" (stops40's candidate is something else, or they are
// not look-alikes).
func mixedAt40(t []byte, p int, latin *int8) string {
	if p+4 <= len(t) && string(t[p:p+4]) == "&nu;" {
		if entMore(t, p, p+4, 'ν') == iMixed {
			return entEvidence(t, p, iMixed, 'ν')
		}
		return ""
	}
	if !hasPrefixFold(t[p:], "xn--") || p > 0 && labelByte(t[p-1]) {
		return ""
	}
	end := p + 4
	for end < len(t) && labelByte(t[end]) {
		end++
	}
	if end-p > 63 || end == p+4 { // a DNS label is 63 bytes at most
		return ""
	}
	dec, err := idna.Punycode.ToUnicode(strings.ToLower(string(t[p:end]))) // a host is one in any case; ToUnicode takes xn-- in lower case
	if err != nil {
		return ""
	}
	return punyMix(t, p, end, dec, latin)
}

// z85OddTab is stops40's table of z85Odd: z85OddTab[c&63] is c for each
// byte c of z85Odd, 0x80 (no ASCII byte) else.
var z85OddTab = func() (t [64]byte) {
	for i := range t {
		t[i] = 0x80
	}
	for _, c := range []byte(z85Odd) {
		t[c&63] = c
	}
	return t
}()

// stops40Go is stops40AVX512 in Go (recall40_amd64.s has the contract),
// but for the bytes that read as - & ; only after an OR with 0x20: its
// candidates are those bytes exactly. A window's bytes are read only
// where its words hold a - or ; (candidates) or no byte of 0x20 or
// under (a half).
func stops40Go(t []byte) (win int, cands uint64, halves int) {
	for w := 0; w+4 <= len(t); w += stops40Step {
		e := min(w+64, len(t))
		var dash, spaceless [8]bool
		for k := range 8 {
			lo := w + 8*k
			if lo+8 > e {
				dash[k] = lo < e // the tail: read bytewise
				continue
			}
			v := binary.LittleEndian.Uint64(t[lo:])
			dash[k] = eqByteAny(v, '-')|eqByteAny(v, ';') != 0
			spaceless[k] = (v-0x21*ones)&^v&highs == 0 // no byte under 0x21
		}
		for k := range 8 {
			if !dash[k] && (k == 7 || !dash[k+1]) { // a candidate's - or ; is in its word or the next
				continue
			}
			for p := w + 8*k; p < min(w+8*k+8, e) && p-w < stops40Step && p+4 <= len(t); p++ {
				if hasPrefixFold(t[p:], "xn--") || hasPrefixFold(t[p:], "&nu;") {
					cands |= 1 << (p - w)
				}
			}
		}
		for h := range 2 {
			if e-w < 32*(h+1) || !(spaceless[4*h] && spaceless[4*h+1] && spaceless[4*h+2] && spaceless[4*h+3]) {
				continue
			}
			n := 0
			for _, c := range t[w+32*h : w+32*h+32] {
				if z85OddTab[c&63] == c {
					n++
				}
			}
			if n >= 2 {
				halves |= 1 << h
			}
		}
		if cands != 0 || halves != 0 {
			return w, cands, halves
		}
		if e == len(t) {
			break
		}
	}
	return -1, 0, 0
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
