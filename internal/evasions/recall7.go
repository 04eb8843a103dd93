package evasions

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Session 23 (benchmarks/evplant5.py's "hard" variants under 0.9 that
// are not quoted-printable, seeds 1 and 2, and a second blind planter's
// variants: /tmp/hard in session 23, its numbers in
// benchmarks/README.md's evplant5 section):
//
//   - An HTML entity of U+FFFD (&#65533;, &#xFFFD;) or an escape \uFFFD
//     written out is a replacement_char, as the raw character is: what a
//     lossy decode left, written once more as HTML or JSON (evplant5's
//     html_entity_fffd, 0.13/0.10). corpus-200MB and the planters'
//     controls hold neither.
//   - Text written all as HTML numeric entities of ASCII characters, one
//     right after another (entTextRun: &#70;&#x72;&#101;&#101;...), with
//     entTextMin letters and digits or more, is an encoded_blob, as %XX
//     escapes of letters are (escapes.go; evplant5's
//     html_entity_every_char, 0.00). Session 18 flagged runs of 4 and
//     drew one newsletter (Lockergnome), whose mail writes its mailto:
//     addresses (27-31 characters) and two link texts ("E-mail a
//     Suggestion", 16 letters and digits; "Your Rant / Rave", 12) as
//     entities; those are every run of 3 or more ASCII entities in
//     corpus-200MB (231 rows) and in the controls of evplant.py,
//     evplant4.py and evplant5.py (61 rows). A run that spells mailto: is
//     an address hidden from harvesters, not text hidden from a filter;
//     entTextMin is past the link texts. A run of escAlnumMin or more
//     that is letters and digits alone (a word written as entities:
//     Buy &#86;&#105;&#97;&#103;&#114;&#97; now) is one too: the
//     newsletter's runs all hold : @ . - or a space, and no other row
//     has such a run of 3.
//   - A word with some letters written as entities of ASCII letters or
//     digits (V&#105;agra, &#86;iagra: entWordMix), an ASCII letter right
//     before the & or right after the ;, is an encoded_blob too: no row of
//     corpus-200MB or of any control has one.
//   - Ascii85 wrapped at a fixed width (a85Wrapped: evplant5's ascii85,
//     0.00, 76 a line): a85Run wants a85Min characters in one run, and a
//     line holds under that. Lines of one width W (a85WrapMin to a85Min-1)
//     all of Ascii85's alphabet (the first may open with <~), then a last
//     line no longer (it may close with ~>), hold the run together; the
//     rule is a85Run's on their characters. Soft line breaks of
//     quoted-printable (every line but the last ending in =) are not
//     taken: Big5 quoted-printable is the only text of corpus-200MB with
//     such blocks (5 rows), and none is left. Checked where a85Run is:
//     at a backslash or backtick of the block; a line is looked at
//     a85WrapLines lines above and twice as many below at most (an
//     adversarial text of such lines, each with a backslash and no lower
//     case, costs 1.50 against 1.40 CPU s for 2 MB; 2.2 s with 32).
//   - A whole word of look-alikes (lookalikeWord) in a text that also
//     holds Cyrillic or Greek letters that are no look-alikes, each alone
//     between other characters (binary read as text: "ӆ+,", "Ҋ׬r"):
//     latinText took those for Russian text (evplant5's
//     cyrillic_whole_words, one row of seed 2). A letter that is no
//     look-alike now rules Latin text out only beside another Cyrillic or
//     Greek letter. corpus-200MB's findings unchanged.
//   - A text that is a BOM (U+FEFF) and nothing else is an empty_text,
//     one that is a BOM then white space alone a whitespace_only
//     (bomText): the BOM at a text's start stayed allowed (session 17;
//     invisible_char before other text since session 33, recall39.go),
//     but it made such texts neither (evplant5's zero_width_only, one row
//     of seed 2 that was a lone BOM). corpus-200MB and the controls have
//     no text starting with a BOM.
//   - Cost (against main 35f8541, 6 runs alternated in one hold of the
//     lock, benchstat, thread CPU, load 1.9-2.2): BenchmarkCheckTextHot
//     -1.0% (p=0.39), BenchmarkCheckTextCorpus/fast +4.3% (p=0.13),
//     geomean +1.6%, within the noise (±4-8%). Two sets before: +2.9%
//     and +3.5% geomean (p=0.07-0.39); between them entBlob came to read
//     a mail's entities (&#160; &#8217;) once, and a85Wrapped to let go at
//     once a run that is not its line's (a word, a path: before, each
//     backslash read its line twice, a long line's backslashes each the
//     whole line).
//   - From the second planter (/tmp/hard/plant2.py in session 23):
//     non-ASCII white space runs of runSpaceOtherMin (no-break spaces
//     60-150 in a row were half missed), Mongolian free variation
//     selectors after a Latin letter (mongolianFVS), and letters written
//     as octal escapes (octRun).

// entTextMin is the fewest letters and digits a run of HTML entities of
// ASCII characters holds to be an encoded_blob (entTextRun).
const entTextMin = 20

// entASCII returns the printable ASCII character an HTML numeric entity
// at t[i] stands for, and where it ends; -1 for none.
func entASCII(t []byte, i int) (rune, int) {
	r, end := entCode(t, i)
	if r < 0x20 || r >= 0x7F {
		return -1, i
	}
	return r, end
}

// entASCIIEndsAt reports whether an entity of entASCII's ends right
// before t[i].
func entASCIIEndsAt(t []byte, i int) bool {
	return entASCIIBefore(t, i) >= 0
}

// entASCIIBefore returns where an entity of entASCII's that ends right
// before t[i] starts, or -1.
func entASCIIBefore(t []byte, i int) int {
	for j := i - 4; j >= 0 && j >= i-12; j-- {
		if t[j] == '&' {
			if r, end := entASCII(t, j); r >= 0 && end == i {
				return j
			}
			return -1
		}
	}
	return -1
}

// entMailto reports whether the run of entities of ASCII characters
// through the one at t[i] spells mailto: from its start.
func entMailto(t []byte, i int) bool {
	for j := entASCIIBefore(t, i); j >= 0; j = entASCIIBefore(t, j) {
		i = j
	}
	for _, c := range "mailto:" {
		r, end := entASCII(t, i)
		if r|0x20 != c {
			return false
		}
		i = end
	}
	return true
}

// alnumRune reports whether r is an ASCII letter or digit.
func alnumRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 0 && r < 0x80 && asciiLetterByte(byte(r))
}

// entTextRun returns the letters and digits of the run of entities of
// ASCII characters that starts at t[i] (an & no such entity ends right
// before), and whether they are all its entities (a word); 0 when the
// run spells mailto: or none starts there.
func entTextRun(t []byte, i int) (n int, word bool) {
	if entASCIIEndsAt(t, i) || entMailto(t, i) {
		return 0, false
	}
	word = true
	for {
		r, end := entASCII(t, i)
		if r < 0 {
			break
		}
		if alnumRune(r) {
			n++
		} else {
			word = false
		}
		i = end
	}
	return n, word
}

// entTextBlob reports whether the run of entTextRun at t[i] is a blob:
// entTextMin letters and digits, or escAlnumMin that are the whole run
// (a word written as entities).
func entTextBlob(t []byte, i int) bool {
	n, word := entTextRun(t, i)
	return n >= entTextMin || word && n >= escAlnumMin
}

// entWordMix reports whether an entity at t[i] stands for an ASCII
// letter or digit with an ASCII letter right before its & or right after
// its ;, outside a run that spells mailto:.
func entWordMix(t []byte, i int) bool {
	r, end := entASCII(t, i)
	return alnumRune(r) && (i > 0 && asciiLetterByte(t[i-1]) || end < len(t) && asciiLetterByte(t[end])) && !entMailto(t, i)
}

// entBlob reports whether HTML entities from t[i], an &, are an
// encoded_blob: a URL (entURL), text (entTextRun) or letters inside a
// word (entWordMix) written as entities. Each starts with an entity of
// a printable ASCII character: the entities of mail (&#160; &#8217;)
// are read once.
func entBlob(t []byte, i int) bool {
	if r, _ := entASCII(t, i); r < 0 {
		return z85At(t, i) // recall26.go
	}
	return entURL(t, i) || entWordMix(t, i) || entTextBlob(t, i)
}

// entBlobEvidence is the evidence of entBlob's blob at t[i].
func entBlobEvidence(t []byte, i int) string {
	switch {
	case z85At(t, i):
		return z85Evidence(t, i) // recall26.go
	case entURL(t, i):
		return entURLEvidence(t, i)
	case entWordMix(t, i):
		return fmt.Sprintf("a letter written as an HTML entity inside a word at byte %d: %s", i, quoteVisible(t[contextStart(t, i):], 24))
	}
	n, _ := entTextRun(t, i)
	return strconv.Itoa(n) + " letters and digits written as HTML entities from byte " + strconv.Itoa(i) + ": " + quoteVisible(t[i:], 24)
}

// a85Chars counts the characters of Ascii85's alphabet in b: a run's,
// or a wrapped block's without its line breaks.
func a85Chars(b []byte) int {
	n := 0
	for _, c := range b {
		if a85Byte(c) {
			n++
		}
	}
	return n
}

// Wrapped Ascii85 (a85Wrapped).
const (
	a85WrapMin   = 40 // the least width of the lines
	a85WrapLines = 4  // lines looked at above the one asked (twice as many and one below): a window, not the whole block, on an adversarial text
)

// a85Line is a line of t: where it starts, its content's end (before
// \r\n or \n), where the next starts (-1 at the end of t), and its
// Ascii85 body (without an opening <~ or a closing ~>), ok when the body
// is all of the alphabet and not empty.
type a85Line struct {
	start, end, next int
	lo, hi           int
	open, close, ok  bool
}

// lineAt returns the line of t that starts at ls.
func lineAt(t []byte, ls int) (l a85Line) {
	l.start, l.next = ls, -1
	e := ls
	for e < len(t) && t[e] != '\n' {
		e++
	}
	if e < len(t) {
		l.next = e + 1
	}
	if e > ls && t[e-1] == '\r' {
		e--
	}
	l.end, l.lo, l.hi = e, ls, e
	if l.hi-l.lo >= 2 && t[l.lo] == '<' && t[l.lo+1] == '~' {
		l.lo, l.open = l.lo+2, true
	}
	if l.hi-l.lo >= 2 && t[l.hi-2] == '~' && t[l.hi-1] == '>' {
		l.hi, l.close = l.hi-2, true
	}
	l.ok = l.hi > l.lo
	for _, c := range t[l.lo:l.hi] {
		if !a85Byte(c) {
			l.ok = false
			break
		}
	}
	return l
}

// width is the line's content width.
func (l a85Line) width() int { return l.end - l.start }

// prevLine returns the start of the line before the one at ls (ls > 0).
func prevLine(t []byte, ls int) int {
	p := ls - 1 // a \n
	for p > 0 && t[p-1] != '\n' {
		p--
	}
	return p
}

// a85Wrapped returns the block of Ascii85 lines wrapped at one width
// through t[j] (see the session 23 notes), whose run of Ascii85
// characters is t[runLo:runHi]: where the block's characters start and
// end, and whether it is a blob. The run must be its line's (after <~,
// before ~>): so most runs (a word, a path) are let go at once, and the
// lines around are read only for a line all of the alphabet.
func a85Wrapped(t []byte, j, runLo, runHi int) (lo, hi int, blob bool) {
	if p := runLo; p > 0 && t[p-1] != '\n' && !(p >= 2 && t[p-1] == '~' && t[p-2] == '<' && (p == 2 || t[p-3] == '\n')) {
		return 0, 0, false
	}
	if q := runHi; q < len(t) && t[q] != '\n' && t[q] != '\r' && t[q] != '~' {
		return 0, 0, false
	}
	ls := j
	for ls > 0 && t[ls-1] != '\n' {
		ls--
	}
	at := lineAt(t, ls)
	if !at.ok || at.open && at.close {
		return 0, 0, false
	}
	top, w := at, 0
	for n := 0; n < a85WrapLines && top.start > 0 && !top.open; n++ {
		p := lineAt(t, prevLine(t, top.start))
		pw := p.width()
		if !p.ok || p.close || pw < a85WrapMin || pw >= a85Min || w == 0 && pw < at.width() || w != 0 && pw != w {
			break
		}
		top, w = p, pw
	}
	if w == 0 {
		w = top.width()
	}
	if w < a85WrapMin || w >= a85Min || top.close {
		return 0, 0, false
	}
	lines, last := 1, top
	for n := 0; n <= 2*a85WrapLines && last.next >= 0; n++ {
		l := lineAt(t, last.next)
		if !l.ok || l.open || l.width() > w {
			break
		}
		lines, last = lines+1, l
		if l.width() < w || l.close {
			break
		}
	}
	if lines < 2 || last.end < at.end {
		return 0, 0, false
	}
	var cl uint8
	n, sym, soft := 0, 0, true // soft: every line but the last ends in = (quoted-printable)
	for l := top; ; l = lineAt(t, l.next) {
		if l.start != last.start {
			soft = soft && t[l.end-1] == '='
		}
		for _, c := range t[l.lo:l.hi] {
			if k := caseCl[c]; k != 0 {
				cl |= k
			} else {
				sym++
			}
		}
		n += l.hi - l.lo
		if l.start == last.start {
			break
		}
	}
	return top.lo, last.hi, !soft && n >= a85Min && cl == clUpper|clLower|clDigit && 5*sym >= n
}

// runSpaceOtherMin is the fewest non-ASCII white space characters (no-break
// spaces, U+2000 to U+200A, U+3000...) in a run of white space, ASCII
// spaces between them allowed, that make a repeated run (runOtherMin, 100,
// before session 23). corpus-200MB's runs hold 9 at most; the controls'
// 31 (a Word mail's mso-spacerun in evplant.py's seed 2), two more rows
// 10 to 19.
const runSpaceOtherMin = 50

// mongolianFVS reports whether r is a Mongolian free variation selector
// (U+180B to U+180D, U+180F): selectorInWord takes them as the other
// variation selectors, invisible after a Latin, Cyrillic or Greek letter
// (Mongolian letters are none of those). corpus-200MB and the controls
// hold none.
func mongolianFVS(r rune) bool {
	return r >= 0x180B && r <= 0x180D || r == 0x180F
}

// octEsc returns the character an octal escape \NNN at t[i:] stands for
// (first digit 0 to 3), or -1.
func octEsc(t []byte, i int) rune {
	if i < 0 || i+4 > len(t) || t[i] != '\\' || t[i+1] < '0' || t[i+1] > '3' {
		return -1
	}
	r := rune(0)
	for _, c := range t[i+1 : i+4] {
		if c < '0' || c > '7' {
			return -1
		}
		r = r<<3 | rune(c-'0')
	}
	return r
}

// octAlnum reports whether t[i:] starts with an octal escape of an ASCII
// letter or digit.
func octAlnum(t []byte, i int) bool {
	return alnumRune(octEsc(t, i))
}

// octRun returns the run of octal escapes of ASCII letters and digits,
// one right after another, through the one at t[i]: where it starts and
// its escapes (escAlnumMin or more are an encoded_blob, as \u00XX and %XX
// escapes of letters are: "\126\151\141\147\162\141"; corpus-200MB and
// the controls hold no run of 4).
func octRun(t []byte, i int) (lo, n int) { return alnumEscRun(t, i, 4, octAlnum) }

// octEvidence is the evidence of the octal escapes' run at t[i].
func octEvidence(t []byte, i int) string {
	lo, n := octRun(t, i)
	return strconv.Itoa(n) + " letters and digits written as octal escapes from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// bomText records, for a text that starts with a BOM, that it is empty
// or white space but for it (after the checks, which allow a BOM there).
func bomText(t []byte, found *[numEvasionKinds]string) {
	const bom = "\uFEFF"
	if len(t) < len(bom) || string(t[:len(bom)]) != bom {
		return
	}
	n := 0
	for i := len(bom); i < len(t); n++ {
		r, size := utf8.DecodeRune(t[i:])
		if !unicode.IsSpace(r) {
			return
		}
		i += size
	}
	if n == 0 {
		found[iEmpty] = "the text is empty but for a byte-order mark (U+FEFF)"
	} else if found[iWhitespace] == "" {
		found[iWhitespace] = fmt.Sprintf("the text is a byte-order mark (U+FEFF) and %d characters of white space", n)
	}
}
