package evasions

import (
	"fmt"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Session 27 (benchmarks/evplant10.py, a planter written blind from
// docs/report.md's category list: what a spammer or a sloppy pipeline
// writes, in the categories other than mixed_script and encoded_blob).
// main fe7acf7 missed, of 30 rows each (seeds 1 and 2):
//
//   - Variation selectors in a row after an emoji (vs_smuggling_after_emoji,
//     0 and 0): 20 to 80 selectors of U+FE00 to U+FE0F and U+E0100 to
//     U+E01EF after one emoji, the 2024 trick that hides bytes in a text
//     (one selector a byte). selectorInWord allowed a selector after a
//     symbol (it picks the emoji or text form); none selects anything
//     after another selector, and an ideographic one (U+E0100 on) only
//     after a Han character: selectorRun says so, an invisible_char.
//   - An emoji repeated with U+FE0F after each (heart_vs16_run "❤️❤️❤️",
//     0 and 0; emoji_run's "❤️" rows, 21 and 25 of 30 for the variant): the
//     selector ended the run of the symbol. selectorInRun: a U+FE0E or
//     U+FE0F after a symbol of symbolRun neither ends its run nor counts
//     (scan.char, the full check, refCheckFull).
//   - Fullwidth punctuation repeated (fullwidth_exclaim_run "！！！", "＄",
//     0 and 0): runOtherMin, as ASCII punctuation. ASCII punctuation runs
//     are separator lines and HTML (SpamAssassin: 535 of 6,046 mails with
//     a run of 20 or more not alone on its line, 7 of 100), but fullwidth
//     punctuation is none of those: a run of one (wideRun) is a repeated
//     run from runWordMin, unless it is alone on its line (a Japanese
//     mail's ＝＝＝＝ rule).
//   - Exclamation and question marks repeated 20 to 99 times
//     (dollar_run_short's "!" rows; its "$" and "*" are separator lines in
//     real mail): shoutByte, runWordMin as a letter's. SpamAssassin's
//     6,046 mails have one run of 20 or more (a spam's subject, 42).
//   - Texts of white space with a vertical tab or form feed (vt_ff_only,
//     27 and 24 of 30): plainControl allows one ending a line, and the
//     white-space test (acSpace) does not count them, so "\v" or "\f\n"
//     alone was no finding at all: blankText, after the checks.
//   - A numeric character reference without its semicolon
//     (entity_without_semicolon "&#8203", 0 and 0), which browsers
//     decode as with it: entBare, asked by entEvasion when entCode finds
//     none (the kernel stops at &# already).
//   - A zero-width or bidi character percent-encoded in a link
//     (percent_encoded_zw_in_href "paypal%E2%80%8B.com", 0 and 0;
//     percent_encoded_rlo_in_href, 0 and 0): a browser shows the host or
//     path decoded. pctEvasion judges the UTF-8 escapes from a lead escape
//     as qp.go's qpRune does =XX ones; the kernel stops at two % three
//     bytes apart already (escapes.go), and scan's block loop asks at each
//     block with a %.
//
// No rule here makes the kernel stop anywhere new: each runs where scan
// gives up already (a run of eight equal bytes, a character that is not
// ASCII, an &#, a % pair) or once a text (blankText, whose first byte
// decides for almost every text).
//
// The numbers (evplant10 seeds 1; 2, main fe7acf7 -> this file): of 30
// rows each, vs_smuggling_after_emoji 0 -> 30; 0 -> 30, heart_vs16_run
// 0 -> 30; 0 -> 29, emoji_run 21 -> 29; 25 -> 30, fullwidth_exclaim_run
// 0 -> 30; 0 -> 30, dollar_run_short 1 -> 9; 0 -> 14 (its ! rows),
// vt_ff_only 27 -> 30; 24 -> 30, entity_without_semicolon 0 -> 30; 0 ->
// 30, bom_entity_in_words 0 -> 30; 0 -> 30, percent_encoded_zw_in_href
// 0 -> 23; 0 -> 24 (its %C2%AD rows are left: pctLead),
// percent_encoded_rlo_in_href 0 -> 30; 0 -> 30; invisible_char 0.831 ->
// 0.945; 0.833 -> 0.948, bidi_control 0.908 -> 0.971; 0.904 -> 0.967,
// repeated_run 0.735 -> 0.828; 0.730 -> 0.826, whitespace_only 0.921 ->
// 0.929; 0.914 -> 0.929; its controls the same rows (10; 15 of 2,000).
// evplant5 (seeds 1, 2), evplant6, evplant7 (but seed 1's invisible_char
// 0.995 -> 1.000: an &#x200b without its semicolon), evplant.py,
// evplant3.py, evplant4.py: unchanged, their controls the same rows.
// corpus-200MB's evasion findings (--checks evasions): 9 more, all
// repeated_run, the 9 copies of one spam whose subject ends in 42 !;
// corpus-30MB: 1 more, the same.
//
// The CPU against main fe7acf7 (test binaries alternated under the CPU
// lock, 10 rounds, load 11-15, thread CPU, benchstat): first
// BenchmarkCheckTextHot +5.0% (p=0.029), AddCorpus/lazy +2.0% (p=0.19):
// blankText called for every text (1.0% of Hot's samples) and
// selectorInRun, too big to inline, called for every character that is
// not ASCII. With blankText behind a test of the first byte and
// selectorInRun's test of the selector inlined: Hot 480.0 -> 478.2 us
// (p=0.91), AddCorpus/lazy 17.76 -> 17.69 ms (p=0.63), not told apart.
//
// Not done (benchmarks/README.md, "A tenth planter"): runs of white
// space mixing spaces and tabs, or line breaks with spaces between them
// (the kernel takes a chunk of mixed white space as plain: a new stop),
// runs of 20 to 99 $ or * (separator lines and chain letters in real
// mail), text with CR line ends only, the B form of RFC 2047 subjects,
// text parts left base64, placeholder texts ("None", "nan").

// selectorRun reports whether r, a variation selector at t[i], follows
// another variation selector, or is an ideographic one (U+E0100 to
// U+E01EF) after a character that is not Han: it selects nothing.
func selectorRun(t []byte, i int, r rune) bool {
	if i == 0 || !(r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF) {
		return false
	}
	prev, _ := utf8.DecodeLastRune(t[:i])
	if prev >= 0xFE00 && prev <= 0xFE0F || prev >= 0xE0100 && prev <= 0xE01EF {
		return true
	}
	return r >= 0xE0100 && prev >= utf8.RuneSelf && !unicode.Is(unicode.Han, prev)
}

// selectorInRun reports whether r is an emoji or text presentation
// selector (U+FE0F, U+FE0E) or a skin tone (recall36.go) after runChar,
// a symbol whose run is a repeated run from runWordMin (symbolRun): "❤️"
// repeated is a run of ❤, "👍🏽" one of 👍.
func selectorInRun(r, runChar rune) bool {
	return (r == 0xFE0F || r == 0xFE0E || skinTone(r)) && selectedSymbol(runChar) // inlined: the test of every character that is not ASCII; skin tones: recall36.go
}

// selectedSymbol is selectorInRun's test of the symbol, out of line.
func selectedSymbol(runChar rune) bool {
	return runChar >= 0x2000 && symbolRun(runChar)
}

// shoutByte reports whether a run of the ASCII byte c is a repeated run
// from runWordMin: ! and ?, which no separator line or markup repeats.
func shoutByte(c byte) bool {
	return c == '!' || c == '?'
}

// wideRun reports whether a run of r, from t[start], is a repeated run
// from runWordMin: r is fullwidth punctuation or a fullwidth symbol
// (U+FF01 to U+FF60 but letters and digits, U+FFE0 to U+FFEE) or an
// ideographic comma or full stop (U+3001, U+3002: "。。。"), and the
// run is not alone on its line (white space around it allowed).
func wideRun(t []byte, start int, r rune) bool {
	if !(r >= 0xFF01 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFEE || r == 0x3001 || r == 0x3002) || r >= 0xFF10 && r <= 0xFF19 || r >= 0xFF21 && r <= 0xFF3A || r >= 0xFF41 && r <= 0xFF5A {
		return false
	}
	for j := start - 1; j >= 0 && t[j] != '\n' && t[j] != '\r'; j-- {
		if t[j] != ' ' && t[j] != '\t' {
			return true
		}
	}
	end := start
	for end < len(t) {
		c, size := utf8.DecodeRune(t[end:])
		if c != r {
			break
		}
		end += size
	}
	for ; end < len(t) && t[end] != '\n' && t[end] != '\r'; end++ {
		if t[end] != ' ' && t[end] != '\t' {
			return true
		}
	}
	return false
}

// blankText records that a text of white space holds a vertical tab or
// a form feed, which the white-space test does not count (acSpace:
// controls, allowed where they end a line, plainControl); the checks
// found nothing else of it. Python's str.isspace and Go's unicode.IsSpace
// call them white space. checkTextLazy calls it only for a text whose
// first byte is white space, a control or not ASCII: the call for every
// text was 1.0% of BenchmarkCheckTextHot's samples (0.14 of 14.7 s,
// two profiles of 15,000 iterations).
func blankText(t []byte, found *[numEvasionKinds]string) {
	if len(t) == 0 || t[0] > ' ' && t[0] < utf8.RuneSelf || found[iWhitespace] != "" || found[iEmpty] != "" {
		return
	}
	n, vf := 0, false
	for i := 0; i < len(t); n++ {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[i:])
		}
		if !unicode.IsSpace(r) {
			return
		}
		vf = vf || r == '\v' || r == '\f'
		i += size
	}
	if vf {
		found[iWhitespace] = fmt.Sprintf("the text is %d characters of white space", n)
	}
}

// entBare returns the character a numeric character reference without
// its semicolon at t[i] stands for (&#8203 or &#x200B, the digits ending
// at a byte that is not one), when it is a bidi control or an invisible
// character other than U+FEFF; -1 otherwise.
func entBare(t []byte, i int) rune {
	if i+3 >= len(t) || t[i] != '&' || t[i+1] != '#' {
		return -1
	}
	j, base := i+2, rune(10)
	if t[j]|0x20 == 'x' {
		j, base = j+1, 16
	}
	r, n := rune(0), 0
	for ; j < len(t) && n <= entDigitsMax; j, n = j+1, n+1 {
		c := t[j]
		switch {
		case c >= '0' && c <= '9':
			r = r*base + rune(c-'0')
		case base == 16 && c|0x20 >= 'a' && c|0x20 <= 'f':
			r = r*base + rune(c|0x20-'a') + 10
		default:
			goto end
		}
	}
end:
	if n == 0 || n > entDigitsMax || j < len(t) && t[j] == ';' || r > 0x10FFFF || !(isBidi(r) || r != 0xFEFF && isInvisible(r)) {
		return -1
	}
	return r
}

// entInWord reports whether the entity t[i:end] stands between two ASCII
// letters: "Cl&#65279;ick". entEvasion lets &#65279; through elsewhere
// (a converter writes it for a text's BOM; corpus-200MB's are in a URL,
// "/&#65279;http"), but inside a word it only splits the word
// (evplant10's bom_entity_in_words, 0 of 30 seeds 1 and 2).
func entInWord(t []byte, i, end int) bool {
	return i > 0 && end < len(t) && end > i && asciiEv[t[i-1]&0x7F]&acLetter != 0 && t[i-1] < utf8.RuneSelf && asciiEv[t[end]&0x7F]&acLetter != 0 && t[end] < utf8.RuneSelf
}

// pctLead reports whether the escape %XX at t[u] is the lead byte of a
// character pctEvasion may flag: U+115F to U+180E, U+200B to U+2069,
// U+3164, U+FE00 to U+FFA0 and the tags (E1, E2, E3, EF, F3), upper or
// lower case, and those of two bytes pctLeadTwo takes (recall26.go).
func pctLead(t []byte, u int) bool {
	if u+3 > len(t) || t[u] != '%' {
		return false
	}
	switch t[u+1] | 0x20 {
	case 'c', 'd':
		return pctLeadTwo(t[u+1], t[u+2])
	case 'e':
		c := t[u+2] | 0x20
		return c == '1' || c == '2' || c == '3' || c == 'f'
	case 'f':
		return t[u+2] == '3'
	}
	return false
}

// pctEvasion returns the category (iBidi, iInvisible) of the character
// written as percent escapes of its UTF-8 bytes from t[u] (a lead escape,
// then its continuation escapes, one right after another), that
// character and where its escapes end; -1 when there is none. An escape
// right before it must not be a lead byte (the sequence stands on its
// own: pctLead bytes read in the middle of another encoding's escapes are
// not a character of their own).
func pctEvasion(t []byte, u int) (k int, r rune, end int) {
	if !pctLead(t, u) || u >= 3 && t[u-3] == '%' && hexByte(t[u-2]) && hexByte(t[u-1]) && hexVal(t[u-2]) >= 0xC {
		return -1, 0, u
	}
	var b [4]byte
	n := 0
	for j := u; n < 4 && j+3 <= len(t) && t[j] == '%' && hexByte(t[j+1]) && hexByte(t[j+2]); j += 3 {
		b[n] = hexVal(t[j+1])<<4 | hexVal(t[j+2])
		if n++; utf8.FullRune(b[:n]) {
			break
		}
	}
	r, size := utf8.DecodeRune(b[:n])
	if r == utf8.RuneError || size != n {
		return -1, 0, u
	}
	end = u + 3*n
	if end+3 <= len(t) && t[end] == '%' && hexByte(t[end+1]) && hexByte(t[end+2]) && hexVal(t[end+1])>>2 == 2 {
		return -1, 0, u // a continuation byte after it: not UTF-8
	}
	switch {
	case isBidi(r):
		return iBidi, r, end
	case r != 0xFEFF && isInvisible(r):
		return iInvisible, r, end
	}
	return -1, 0, u
}

// pctThrough is pctEvasion for the character whose escapes hold the
// escape at t[j]: a continuation escape goes back to its lead (up to
// three escapes before), so that every escape of the character finds it,
// at its lead: the kernel stops at two % three bytes apart, which may be
// a continuation's (the lead's pair across a chunk's edge), and a window
// of the full check may start after the lead (a reset point follows
// every %). It returns where the lead is.
func pctThrough(t []byte, j int) (k int, r rune, lead int) {
	for n := 0; n < 3 && j >= 3 && j+3 <= len(t) && hexByte(t[j+1]) && hexByte(t[j+2]) && hexVal(t[j+1])>>2 == 2 && t[j-3] == '%'; n++ {
		j -= 3
	}
	k, r, _ = pctEvasion(t, j)
	return k, r, j
}

// pctEvidence is the evidence of the character r of category k written
// as percent escapes at t[u].
func pctEvidence(t []byte, u, k int, r rune) string {
	what := "invisible character"
	if k == iBidi {
		what = "bidirectional control"
	}
	return fmt.Sprintf("%s U+%04X written as percent escapes at byte %d: %s", what, r, u, quoteVisible(t[contextStart(t, u):], 24))
}

// pctBlock reports whether a % of the block at t[i] (the high bits of
// pct) starts the percent escapes of an invisible or bidi character.
func pctBlock(t []byte, i int, pct uint64) bool {
	for ; pct != 0; pct &= pct - 1 {
		if k, _, _ := pctThrough(t, i+bits.TrailingZeros64(pct)/8); k >= 0 {
			return true
		}
	}
	return false
}

// pctCheck records the percent escapes of an invisible or bidi character
// at t[i], a %.
func (f *full) pctCheck(i int) {
	if k, r, lead := pctThrough(f.t, i); k >= 0 && f.found[k] == "" {
		f.found[k] = pctEvidence(f.t, lead, k, r)
	}
}
