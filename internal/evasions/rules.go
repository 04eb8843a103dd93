package evasions

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rules that tell mail (and other plain text) structure from an
// evasion. Each is asked only once a category's threshold is reached (a
// control, a run, a blob, a mixed word, a whole text's share of
// symbols), so their cost is that of the rare flagged text; the full
// check and the reference check (refCheckText) share them, so the fast
// path stays exact. What each cleared on the controls of
// benchmarks/evasions.sh (5000 mail rows: 94 flagged before, 1.88%):
//
//   - plainControl: ISO-2022-JP mail (ESC $ B ... ESC ( B), 6 of the 12
//     mail rows with a control; form feeds alone on their line (page
//     breaks: 14 of 189 rows of /usr/share/common-licenses) and nroff
//     underlining (___\b\b\b: 6 of 1000 fortunes).
//   - homoglyphWord: mojibake of GB2312, Big5 or Thai text decoded as a
//     single-byte charset mixes non-ASCII Latin with Cyrillic or Greek
//     letters that look like no Latin letter, or sits between U+FFFD;
//     8 of 8 mixed_script rows.
//   - notBase64: quoted-printable (=3D=20...), and base64 that an armour
//     line (-----BEGIN PGP SIGNATURE-----) declares; 25 of 57
//     encoded_blob rows (MIME attachments stay blobs; session 12: those
//     a header declares are encoded_attachment findings, declaredMIME).
//   - ruleLine: separator lines of 100 to 159 dashes, equals signs or
//     stars alone on their line; 6 of 17 repeated_run rows.
//   - nonTextEvidence: U+FFFD counts neither way, ISO-2022's two-byte
//     codes count as letters; and it finds short texts of symbols and a
//     few words (8 to 99 characters: the spaces no longer make them
//     text), 19 of the 20 planted non_text rows missed before. Session
//     12: punctuation, ASCII symbols and marks count neither way, only
//     symbols outside ASCII (emoji, box drawing) against letters:
//     separator lines, form fields and markup cut into rows of their
//     own were 57 of 2000 SpamAssassin lines and 74 of 2000 paragraphs
//     (benchmarks/evasions.sh -mail); and a short row of 3 emoji or more
//     is non_text (emoji_short recall 0.07 before).
//
// Session 12 added rules for what evasions.sh's wider variants and
// controls showed (each function says what it measured): other scripts'
// and styles' homoglyphs (mixedWordEvidence, lookalike, styledWord),
// joiners, bidi marks and variation selectors judged by their
// neighbours (plainJoiner, plainBidiMark, selectorInWord), dump lines
// after an offset (dumpBlob), carriage returns inside a line (bareCR),
// combining-mark stacks (markStackMin), declared MIME parts
// (declaredMIME) and the debris of blobs and lossy decodes that other
// findings already report (inBlob, nearFFFD).
//
// Session 13 cleared what was left in the SpamAssassin controls (spam-1
// bodies 2.25% and 2.50% on the two seeds): ASCII digit runs need
// runOtherMin (MIME boundaries of zeros), separator lines between HTML
// tags (ruleLine, htmlTag), = ends a base64 part (notBase64), hex and
// letter runs inside attachments (inBlob for hex, inWrappedB64,
// b64Line), attachments that open a row or follow their header block
// (b64Lead, declaredBlock, blobAfter), Word field codes (wordField),
// curly quotes that lost their high bit (strippedPunct), Word's line
// break (VT before a line feed), overstruck accents (overstrikeAccent),
// a CR before a quoted-printable soft break (qpSoftBreak), UTF-8 read as
// Latin-1 (utf8AsLatin1: a C1 control after a lead byte's character;
// dropped in session 21, recall5.go) and invisible mojibake next to
// U+FFFD (lossyInvisible); and a C0 control between two letters is an evasion
// even next to U+FFFD (lossyControl). benchmarks/README.md has the
// numbers.
//
// Session 16 (benchmarks/evplant.py, an independent planter): Windows-1252
// punctuation read as Latin-1 (cp1252Punct), soft hyphens of GB2312 read
// as Latin-1 (latin1SoftHyphen), binary read as Latin-1 (binaryEvidence);
// then a whole word of look-alikes in Latin text (lookalikeWord: its
// 100 planted rows 0.02 -> 1.00, the control unchanged) and bytes
// written as \x escapes (xDump: 27 and 30 planted rows, all found).
//
// Session 17 (benchmarks/evplant3.py, a third planter written from
// docs/report.md's categories alone, with a multilingual control of
// gettext translations, changelogs, NEWS files and man pages):
// embeddings and isolates by right-to-left letters (plainBidiMark) and
// a ZWNJ by a Persian or Indic letter (plainJoiner) are plain, the
// control flagged 1.08%/1.06% -> 0.34%/0.22% (two seeds); rows without a
// letter or digit, private-use characters and other numbers as symbols,
// raw non-UTF-8 bytes of binary (nonTextEvidence, binaryEvidence) and
// blocks of symbols inside a text (symBlock), non_text 0.59/0.63 ->
// 1.00/0.99; whole fullwidth words in text without CJK (fullwidthWord),
// mixed_script 0.98/0.97 -> 1.00/1.00; line breaks mixed
// (breakRunEvidence), CRLF padding 0.22-0.44 -> 0.93-1.0. What is left
// needs the kernel (chunks.go) to stop on it: benchmarks/README.md.
//
// Session 18 (evplant3's invalid_utf8 and repeated_run misses): runs of
// a digit 1 to 9 and of a symbol from runWordMin, spaces and tabs from
// 200 (runs.go); UTF-8 read as Windows-1252 is a mojibake finding of
// its own kind (mojibake.go). invalid_utf8 0.940/0.937 -> 1.000/1.000,
// repeated_run 0.967/0.947 -> 0.993/0.977 (seeds 1 and 2); no
// cleaning_evasion added on any control nor on corpus-200MB.
//
// Also session 18 (benchmarks/evplant4.py, a fourth planter: spam tricks in
// pieces of real mail): Lisu capitals are look-alikes (lisuLetter) and
// a C0 control of 0x11-0x16 between two letters is no stripped
// punctuation (inWordC0), both in recall4.go. Left, with reasons
// (benchmarks/README.md "A fourth planter"): HTML entities of format
// characters (Cl&#8203;ick) needed the ASCII fast path to read '&'
// (done in session 20 for numeric ones: entities.go); small capitals (IPA's letters too) and circled letters (symbols) are
// not words of a look-alike script.
//
// And session 18 (blobs.go): base32, quoted-printable and percent-encoding of
// text that is not ASCII, uuencode and Ascii85 are encoded blobs;
// evplant3's encoded_blob 0.760/0.743 -> 0.890/0.900.

// plainControl reports whether the C0 control at t[i] is a plain-text
// convention rather than an evasion: an ISO 2022 escape (iso2022Escape),
// a form feed alone on its line before or after nothing but white space
// (plainFormFeed, recall30.go: session 31 flags page breaks inside a
// text), or backspaces after as many underscores (nroff's underlining,
// "___\b\b\bsee", in fortunes and old manuals).
func plainControl(t []byte, i int) bool {
	switch t[i] {
	case 0x1B:
		return iso2022Escape(t, i)
	case '\f':
		return plainFormFeed(t, i) // recall30.go
	case 0x13, 0x14, 0x15, 0x01:
		return wordField(t, i) || strippedPunct(t, i)
	case 0x11, 0x12, 0x16, 0x17:
		return strippedPunct(t, i)
	case '\v':
		return i+1 == len(t) || t[i+1] == '\n' || t[i+1] == '\r'
	case '\b':
		if overstrikeAccent(t, i) {
			return true
		}
		bs, be := i, i
		for bs > 0 && t[bs-1] == '\b' {
			bs--
		}
		for be < len(t) && t[be] == '\b' {
			be++
		}
		n := be - bs
		if bs < n {
			return false
		}
		for _, c := range t[bs-n : bs] {
			if c != '_' {
				return false
			}
		}
		return true
	}
	return false
}

// overstrikeAccent reports whether the backspace at t[i] overstrikes an
// accent on a letter, as typewriter text and nroff write é: a letter on
// one side, one of ' ` ^ ~ " , on the other ("fl'\bechettes",
// "Honor'\be de Balzac": 2 of 1,000 fortunes in both seeds).
func overstrikeAccent(t []byte, i int) bool {
	if i == 0 || i+1 >= len(t) {
		return false
	}
	accent := func(c byte) bool { return c == '\'' || c == '`' || c == '^' || c == '~' || c == '"' || c == ',' }
	letter := func(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
	a, b := t[i-1], t[i+1]
	return accent(a) && letter(b) || letter(a) && accent(b)
}

// strippedWindow is how far on either side of a control strippedPunct
// looks for another.
const strippedWindow = 2048

// strippedPunct reports whether the control at t[i], 0x11 to 0x17, is
// Windows-1252 punctuation that lost its high bit (0x91 to 0x97: curly
// quotes, bullet, en and em dash), as a mail relay that strips the
// eighth bit leaves it: "arm\x12s", "I\x11 opposition". One such control
// may be an evasion; the text holds another within strippedWindow
// bytes, each next to a letter, a digit or a space on one side and no
// control on either (a URL hiding "\x01\x14\x14" stays a control).
// Session 13: a spam mail in the SpamAssassin bodies and messages
// (twice each: the corpus has the mail twice) of both seeds.
func strippedPunct(t []byte, i int) bool {
	if !strippedAt(t, i) {
		return false
	}
	for j := max(0, i-strippedWindow); j < min(len(t), i+strippedWindow); j++ {
		if j != i && t[j] >= 0x11 && t[j] <= 0x17 && strippedAt(t, j) {
			return true
		}
	}
	return false
}

// strippedAt reports whether the byte at t[j] (0x11 to 0x17) stands as
// punctuation: a letter, digit or space on one side, no control on
// either, and not between two letters unless an apostrophe or an em
// dash (inWordC0).
func strippedAt(t []byte, j int) bool {
	if t[j] < 0x11 || t[j] > 0x17 {
		return false
	}
	var before, after byte = ' ', ' '
	if j > 0 {
		before = t[j-1]
	}
	if j+1 < len(t) {
		after = t[j+1]
	}
	if before < 0x20 && before != '\n' || after < 0x20 && after != '\n' || before == 0x7F || after == 0x7F {
		return false
	}
	if inWordC0(t[j], before, after) {
		return false
	}
	return before < utf8.RuneSelf && asciiEv[before]&acTexty != 0 || after < utf8.RuneSelf && asciiEv[after]&acTexty != 0
}

// wordFieldWindow is how far before a field's separator (0x14), end
// (0x15) or object mark (0x01) wordField looks for its start.
const wordFieldWindow = 512

// wordField reports whether the control at t[i] belongs to a Word field
// code, as Word's own text export and mail pasted from it leave them:
// 0x13, a space and the field's name in capitals (HYPERLINK, EMBED,
// INCLUDEPICTURE), its instructions, 0x14, the result (0x01 stands for
// an embedded object), 0x15. The separator, end and object mark belong
// to one when its start is within wordFieldWindow bytes before them.
// Session 13: a spam body of the SpamAssassin mails (`\x13 HYPERLINK
// "http://..." \x01\x14www...\x15`) flagged in both seeds' bodies and
// whole messages; a lone 0x01 or 0x14 (a URL hiding `\x01\x14`) is
// still a control.
func wordField(t []byte, i int) bool {
	if t[i] == 0x13 {
		return wordFieldStart(t, i)
	}
	for j := i - 1; j >= max(0, i-wordFieldWindow); j-- {
		if t[j] == 0x13 && wordFieldStart(t, j) {
			return true
		}
	}
	return false
}

// wordFieldStart reports whether t[i] (0x13) is followed by a space and
// a field name: three capitals or more, then a space, a backslash or
// the end.
func wordFieldStart(t []byte, i int) bool {
	j := i + 1
	if j >= len(t) || t[j] != ' ' {
		return false
	}
	j++
	k := j
	for k < len(t) && t[k] >= 'A' && t[k] <= 'Z' {
		k++
	}
	return k-j >= 3 && (k == len(t) || t[k] == ' ' || t[k] == '\\')
}

// iso2022Escape reports whether the ESC at t[i] starts an ISO 2022
// designation (ESC, one or two of $ ( ) * + - . /, a final byte from @
// to ~): ISO-2022-JP, -KR and -CN mail switches character sets with
// them, where an ANSI sequence (ESC [) or a bare ESC is a control.
func iso2022Escape(t []byte, i int) bool {
	j := i + 1
	for k := 0; k < 2 && j < len(t); k++ {
		switch t[j] {
		case '$', '(', ')', '*', '+', '-', '.', '/':
			j++
			continue
		}
		break
	}
	return j > i+1 && j < len(t) && t[j] >= '@' && t[j] <= '~'
}

// mixedWordEvidence returns the mixed_script evidence of the word
// t[start:end], whose scripts are ws, or "": a word mixing scripts that
// can pass for Latin (homoglyphWord), one of Cyrillic or Greek letters
// that all look like Latin ones in Latin text (lookalikeWord; latin is
// its cache for the text), or one written in mathematical alphanumeric
// letters (styledWord), or in fullwidth letters in a text without CJK
// (fullwidthWord; cjk is its cache for the text).
func mixedWordEvidence(t []byte, start, end int, ws *wordScripts, latin, cjk *int8) string {
	switch {
	case !mixedScripts(ws) && (ws[scriptCyrillic] > 0 || ws[scriptGreek] > 0) && lookalikeWord(t, start, end, latin):
		s := scriptCyrillic
		if ws[scriptGreek] > 0 {
			s = scriptGreek
		}
		return fmt.Sprintf("the word %s at byte %d is %s letters that all look like Latin ones, in Latin text", quoteVisible(t[start:end], 40), start, s)
	case !mixedScripts(ws) && (ws[scriptCyrillic] > 0 || ws[scriptGreek] > 0) && digitLookWord(t, start, end, latin):
		return digitLookEvidence(t, start, end) // recall38.go
	case mixedScripts(ws) && homoglyphWord(t, start, end):
		var parts, letters []string
		for s := scriptLatin; s < numScripts; s++ {
			if off := ws[s]; off > 0 {
				parts = append(parts, s.String())
				r, _ := utf8.DecodeRune(t[off-1:])
				letters = append(letters, fmt.Sprintf("%s %c U+%04X at byte %d", s, r, r, off-1))
			}
		}
		return fmt.Sprintf("the word %s at byte %d mixes %s letters (first of each: %s)",
			quoteVisible(t[start:end], 40), start, strings.Join(parts, " and "), strings.Join(letters, ", "))
	case ws[scriptMath] > 0 && styledWord(t, start, end):
		return fmt.Sprintf("the word %s at byte %d is written in mathematical alphanumeric letters", quoteVisible(t[start:end], 40), start)
	case ws[scriptFullwidth] > 0 && fullwidthWord(t, start, end, cjk):
		return fmt.Sprintf("the word %s at byte %d is written in fullwidth Latin letters, in text without CJK", quoteVisible(t[start:end], 40), start)
	case ws[scriptLatinLook] > 0 && latinLookWord(t, start, end):
		return latinLookEvidence(t, start, end, ws[scriptLatinLook]-1) // recall11.go
	case ws[scriptLatinLook] > 0 && letterlikeWord(t, start, end):
		return fmt.Sprintf("the word %s at byte %d is written in letterlike symbols and mathematical alphanumeric letters", quoteVisible(t[start:end], 40), start) // recall15.go
	case !mixedScripts(ws) && (ws[scriptCherokee] > 0 || ws[scriptLisu] > 0) && capsWord(t, start, end):
		s := scriptCherokee
		if ws[scriptLisu] > 0 {
			s = scriptLisu
		}
		return fmt.Sprintf("the word %s at byte %d is %s letters that all look like Latin ones, in Latin text", quoteVisible(t[start:end], 40), start, s) // recall15.go
	}
	return ""
}

// fullwidthWord reports whether the word t[start:end] has styledMin
// fullwidth Latin letters in a row (ｆｒｅｅ) and the text has no Han,
// kana or Hangul (cjkText; cjk caches it: 0 not looked yet, 1 yes, -1
// no). Japanese, Chinese and Korean text write Latin abbreviations in
// fullwidth letters (ＰＣ, ＵＲＬ, ＯＳ); in other text a fullwidth word
// is only one a keyword filter does not match. Session 17
// (benchmarks/evplant3.py): whole fullwidth words were 70-85% recalled
// (those mixing fullwidth and ASCII letters were found).
func fullwidthWord(t []byte, start, end int, cjk *int8) bool {
	if !letterRun(t, start, end, 0xFF21, 0xFF5A) {
		return false
	}
	if *cjk == 0 {
		*cjk = -1
		if cjkText(t) {
			*cjk = 1
		}
	}
	return *cjk < 0
}

// cjkText reports whether t has a Han, Hiragana, Katakana or Hangul
// character.
func cjkText(t []byte) bool {
	for i := 0; i < len(t); {
		if t[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		i += size
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}

// styledMin is the fewest mathematical alphanumeric letters in a row that
// make a styled word: formulas use them one at a time (𝑓(𝑥)), spam and
// filter evasions write whole words (𝐅𝐑𝐄𝐄).
const styledMin = 3

// styledWord reports whether the word t[start:end] has styledMin
// mathematical alphanumeric letters in a row.
func styledWord(t []byte, start, end int) bool {
	return letterRun(t, start, end, 0x1D400, 0x1D7FF)
}

// letterRun reports whether t[start:end] has styledMin letters in a row
// from lo to hi (styledWord's mathematical alphanumerics, fullwidthWord's
// fullwidth Latin).
func letterRun(t []byte, start, end int, lo, hi rune) bool {
	n := 0
	for i := start; i < end; {
		r, size := utf8.DecodeRune(t[i:end])
		i += size
		if r >= lo && r <= hi && unicode.IsLetter(r) {
			if n++; n >= styledMin {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

// homoglyphWord reports whether the word t[start:end], whose letters mix
// scripts, can pass for Latin: it has an ASCII letter and a letter of
// another script that looks like one (lookalike), and no U+FFFD touches
// it. A word mixing only non-ASCII Latin letters with Cyrillic or Greek
// ones, or between replacement characters, is mojibake: a CJK or Thai
// text decoded as Latin-1 (ʮһ; EMAILӪ's Ӫ looks like no Latin letter).
func homoglyphWord(t []byte, start, end int) bool {
	const fffd = "\uFFFD"
	if start >= len(fffd) && string(t[start-len(fffd):start]) == fffd || end+len(fffd) <= len(t) && string(t[end:end+len(fffd)]) == fffd {
		return false // a word of a lossy decode's debris: mojibake
	}
	w := t[start:end]
	ascii, look := false, false
	inv, other := false, false // a wordInvisible character, a letter neither ASCII nor a look-alike (recall15.go)
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRune(w[i:])
		i += size
		switch {
		case r < utf8.RuneSelf:
			ascii = ascii || r|0x20 >= 'a' && r|0x20 <= 'z'
		case lookalike(r):
			look = true
		case wordInvisible(r):
			inv = true
		default:
			other = other || unicode.IsLetter(r)
		}
	}
	return ascii && look && !(inv && other)
}

// lookalikeMin is the fewest letters of a word that lookalikeWord
// flags: a Greek letter stands alone in a formula (the frequency ν), and
// two-letter words are too easily a name's initials.
const lookalikeMin = 3

// lookalikeWord reports whether the word t[start:end], of Cyrillic or
// Greek letters only, can pass for a Latin word in Latin text: it has
// lookalikeMin letters or more, each a look-alike of a Latin one
// (wordLookalike: "рау"
// for "pay", "ΤΙΜΕ"), no U+FFFD touches it, and the text (latinText) has
// ASCII letters and no Cyrillic or Greek letter that looks like no Latin
// one. Russian or Greek text always has some (д, и, л, я; λ, π, σ), so
// its words that happen to be all look-alikes (как, сор) are text.
// latin caches latinText for the text: 0 not looked yet, 1 yes, -1 no.
// Session 16: evplant.py's whole-word variant (all of a word's letters
// replaced by look-alikes) was missed, as every word mixing no scripts.
func lookalikeWord(t []byte, start, end int, latin *int8) bool {
	const fffd = "\uFFFD"
	if start >= len(fffd) && string(t[start-len(fffd):start]) == fffd || end+len(fffd) <= len(t) && string(t[end:end+len(fffd)]) == fffd {
		return false // a lossy decode's debris
	}
	n := 0
	for i := start; i < end; {
		r, size := utf8.DecodeRune(t[i:end])
		i += size
		if wordInvisible(r) {
			continue // recall15.go
		}
		if !wordLookalike(r) {
			return false
		}
		n++
	}
	if n < lookalikeMin {
		return false
	}
	if *latin == 0 {
		*latin = -1
		if latinText(t) {
			*latin = 1
		}
	}
	return *latin > 0
}

// wordLookalike reports whether r, a Cyrillic or Greek letter, passes
// for a Latin one in a word of such letters alone: the capitals
// lookalike lists, and the small letters shaped as a Latin small letter
// (а е о р с у х ѕ і ј һ ӏ ԁ ԛ ԝ ү; ο ι ν υ α ρ), not those shaped as
// a small capital (в к м н т: "Москва" is a Russian word, not "Mockba").
func wordLookalike(r rune) bool {
	switch r {
	case 'а', 'е', 'о', 'р', 'с', 'у', 'х', 'ѕ', 'і', 'ј', 'һ', 'ӏ', 'ԁ', 'ԛ', 'ԝ', 'ү',
		'ο', 'ι', 'ν', 'υ', 'α', 'ρ':
		return true
	}
	return unicode.IsUpper(r) && lookalike(r) && unicode.In(r, unicode.Cyrillic, unicode.Greek)
}

// latinText reports whether t has two ASCII letters or more and no
// Cyrillic or Greek letter that is not a look-alike of a Latin one
// beside another Cyrillic or Greek letter (session 23, recall7.go: one
// alone is binary's debris, "ӆ+,", not Russian or Greek text).
func latinText(t []byte) bool {
	ascii := 0
	prevCG, prevOther := false, false // the character before is a Cyrillic or Greek letter; one that is no look-alike
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			if c|0x20 >= 'a' && c|0x20 <= 'z' {
				ascii++
			}
			prevCG, prevOther = false, false
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		i += size
		cg := unicode.In(r, unicode.Cyrillic, unicode.Greek) && unicode.IsLetter(r)
		other := cg && !lookalike(r)
		if other && prevCG || cg && prevOther {
			return false
		}
		prevCG, prevOther = cg, other
	}
	return ascii >= 2
}

// lookalike reports whether r is a letter of another script that looks
// like a Latin one (the confusables a homoglyph attack picks): Cyrillic,
// Greek, Armenian and Cherokee look-alikes, and every fullwidth or
// mathematical Latin letter.
func lookalike(r rune) bool {
	switch r {
	// Cyrillic: а в е к м н о р с т у х ѕ і ј һ ӏ ү ԁ ԛ ԝ, capitals.
	case 'а', 'в', 'е', 'к', 'м', 'н', 'о', 'р', 'с', 'т', 'у', 'х', 'ѕ', 'і', 'ј', 'һ', 'ӏ', 'ү', 'ԁ', 'ԛ', 'ԝ', 'ь', 'п', 'г',
		'А', 'В', 'Е', 'К', 'М', 'Н', 'О', 'Р', 'С', 'Т', 'У', 'Х', 'Ѕ', 'І', 'Ј', 'Һ', 'Ӏ', 'Ү', 'Ԁ', 'Ԛ', 'Ԝ',
		// Greek: α β γ ε ι κ ν ο ρ τ υ χ (γ for y: recall22.go), capitals.
		'α', 'β', 'γ', 'ε', 'ι', 'κ', 'ν', 'ο', 'ρ', 'τ', 'υ', 'χ',
		'Α', 'Β', 'Ε', 'Ζ', 'Η', 'Ι', 'Κ', 'Μ', 'Ν', 'Ο', 'Ρ', 'Τ', 'Υ', 'Χ',
		// Armenian: օ ս ո հ զ ց ա ւ (o u n h q g w L), Օ Ս.
		'օ', 'ս', 'ո', 'հ', 'զ', 'ց', 'ա', 'ւ', 'Օ', 'Ս':
		return true
	}
	// Cherokee capitals are the Latin capitals' look-alikes (Ꭺ Ᏼ Ꮯ Ꭰ Ꭼ ...);
	// fullwidth and mathematical letters are Latin letters restyled.
	// Lisu capitals too (lisuLetter).
	return r >= 0x13A0 && r <= 0x13F5 || r >= 0xFF21 && r <= 0xFF5A || r >= 0x1D400 && r <= 0x1D7FF || lisuLetter(r)
}

// declaredWindow is how far before a base64 run notBase64 looks for the
// MIME header or armour line that declares it.
const declaredWindow = 512

// notBase64 reports whether the run of the base64 alphabet (line breaks
// allowed) from t[start] is mail structure, not a blob. Either no part
// of it between two = is a blob by itself (base64 pads only its end:
// this is quoted-printable's =3D=20, base64 joined to the =20 ending the
// line before, or, session 13, words and a URL's tail glued by a line
// of ===== between them: "aid=19644\n\n=====\nEXHIBITIONS\n=====",
// 3 SpamAssassin bodies and their messages), or an armour line
// within declaredWindow bytes before it declares it: -----BEGIN (PGP
// signatures and keys, certificates; not a PGP signed message's, which
// heads clear text). A signature is not text hiding in the body.
//
// A MIME attachment (Content-Transfer-Encoding: base64 before it) stays
// a blob: in a text column it is what a cleaner should have dropped.
// Let through too, it took the mail control of evasions.sh from 1.00% to
// 0.66%, and every cleaning_evasion of testdata/sample.jsonl with it.
func notBase64(t []byte, start int) bool {
	n, cl, blob := 0, uint8(0), false
	for j := start; j < len(t) && !blob; j++ {
		if k, m, c := b64Blocks(t, j); k > j { // the plain blocks, eight bytes at a time
			j, n, cl = k, n+m, cl|c
			if j == len(t) {
				break
			}
		}
		c := t[j]
		if c == '\n' || c == '\r' {
			continue
		}
		if c >= utf8.RuneSelf || asciiEv[c]&acB64 == 0 {
			break
		}
		if c == '=' {
			blob = n >= blobB64Min && cl == clUpper|clLower|clDigit
			n, cl = 0, 0
			continue
		}
		n++
		cl |= caseCl[c]
	}
	if !blob && !(n >= blobB64Min && cl == clUpper|clLower|clDigit) {
		return true
	}
	return declaredArmour(t[max(0, start-declaredWindow):start]) || queryTokenRun(t, start) // recall42.go
}

// declaredArmour reports whether w holds an armour line that heads
// base64: -----BEGIN, but for -----BEGIN PGP SIGNED MESSAGE (any case)
// and, session 31, -----BEGIN PGP MESSAGE (armourHidesText).
func declaredArmour(w []byte) bool {
	for {
		k := indexFold(w, "-----begin ")
		if k < 0 {
			return false
		}
		w = w[k+len("-----begin "):]
		if !hasPrefixFold(w, "pgp signed message") && !armourHidesText(w) && indexFold(w, "-----end ") < 0 { // recall31.go; an armour ended before the run declares nothing (recall37.go)
			return true
		}
	}
}

// indexFold is the index of the first s (lower case ASCII) in b, in any
// case, or -1. The places to try come from bytes.IndexByte of the first
// byte of s that is not a letter (the - of "-----begin " and of
// "content-transfer-encoding:"): session 19, declaredArmour and
// declaredMIME tried every byte of the 512 before each base64 blob
// (declaredArmour 1.0% of BenchmarkCheckTextCorpus/fast's samples).
func indexFold(b []byte, s string) int {
	a := 0
	for a < len(s) && s[a] >= 'a' && s[a] <= 'z' {
		a++
	}
	if a == len(s) {
		for i := 0; i+len(s) <= len(b); i++ {
			if hasPrefixFold(b[i:], s) {
				return i
			}
		}
		return -1
	}
	for i := 0; i+len(s) <= len(b); i++ {
		k := bytes.IndexByte(b[i+a:len(b)-len(s)+a+1], s[a])
		if k < 0 {
			return -1
		}
		if i += k; hasPrefixFold(b[i:], s) {
			return i
		}
	}
	return -1
}

// hasPrefixFold reports whether b starts with s (lower case ASCII), in
// any case.
func hasPrefixFold(b []byte, s string) bool {
	if len(b) < len(s) {
		return false
	}
	for i := range len(s) {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// ruleLineMax is the longest separator line ruleLine lets through: two
// 80-column lines.
const ruleLineMax = 160

// ruleLine reports whether the run of c from t[start] is a separator
// line: a symbol mail draws them with (- = * _ ~ # + .), alone on its
// line (white space or > quote marks before it, white space after it)
// and shorter than ruleLineMax.
func ruleLine(t []byte, start int, c rune) bool {
	switch c {
	case '-', '=', '*', '_', '~', '#', '+', '.':
	default:
		return false
	}
	for j := start - 1; j >= 0 && t[j] != '\n' && t[j] != '\r'; j-- {
		if t[j] == '>' {
			if k := bytes.LastIndexByte(t[max(0, j-tagMax):j], '<'); k >= 0 && htmlTag(t[max(0, j-tagMax)+k:j+1]) {
				j = max(0, j-tagMax) + k // an HTML tag before the line: <BR>-----
			}
			continue
		}
		if t[j] != ' ' && t[j] != '\t' {
			return false
		}
	}
	end := start
	for end < len(t) && rune(t[end]) == c {
		end++
	}
	if end-start >= ruleLineMax {
		return false
	}
	for ; end < len(t) && t[end] != '\n' && t[end] != '\r'; end++ {
		if t[end] == '<' {
			if k := bytes.IndexByte(t[end:min(len(t), end+tagMax)], '>'); k >= 0 && htmlTag(t[end:end+k+1]) {
				end += k // an HTML tag after it: -----<BR>
				continue
			}
		}
		if t[end] != ' ' && t[end] != '\t' {
			return false
		}
	}
	return true
}

// tagMax is the longest HTML tag ruleLine steps over.
const tagMax = 64

// htmlTag reports whether b is one HTML tag: <, an optional /, a letter,
// then anything but < up to the closing >. Session 13: separator lines
// of 100 to 159 dashes between <BR>s were 2 of the flagged SpamAssassin
// bodies and messages.
func htmlTag(b []byte) bool {
	if len(b) < 3 || b[0] != '<' || b[len(b)-1] != '>' {
		return false
	}
	b = b[1 : len(b)-1]
	if b[0] == '/' {
		b = b[1:]
	}
	return len(b) > 0 && b[0]|0x20 >= 'a' && b[0]|0x20 <= 'z' && bytes.IndexByte(b, '<') < 0
}

// shortText is the length in characters under which nonTextEvidence
// also judges a text by its characters other than white space.
const shortText = 100

// nonTextSymbols is the fewest symbols a short text needs to be non_text
// (three emoji alone are: the row says nothing).
const nonTextSymbols = 3

// asciiWord reports whether t has an ASCII letter or digit: it stops at
// the first (most texts' first bytes).
func asciiWord(t []byte) bool {
	for _, c := range t {
		if c < utf8.RuneSelf && asciiEv[c]&acWord != 0 {
			return true
		}
	}
	return false
}

// nonTextEvidence returns the non_text evidence of a text t of chars
// characters, texty of them letters, digits or white space and fffd of
// them U+FFFD, or "". It weighs the symbols (emoji, box drawing, stars,
// arrows, dingbats: Unicode's S categories outside ASCII) against the
// letters and digits of any script (and, for a text of nonTextMin
// characters or more, white space): a text is non_text when under
// nonTextShare of them are texty, or, when it is short (under shortText
// characters), when it has nonTextSymbols symbols or more and fewer
// letters and digits than symbols ("★ WIN ☆ WIN ►", "😂🔥💯").
// Punctuation, ASCII symbols and marks count neither way: separator
// lines, quote marks, form fields (NAME_____), markup and ASCII art are
// what mail and code are made of, and the symbol soup a cleaner keyed to
// ASCII lets through is the other kind; but in a text with
// nonTextSymbols symbols or more, ASCII punctuation and symbols count as
// symbols (they are part of the soup: "★$$$ WIN ►!!!"). U+FFFD counts neither way either
// (replacement_char says so). The tally's counts are an upper bound of
// the symbols (chars - texty), so t is read again only for a short text
// or one the tally finds under the share. A text of as many characters
// as bytes is ASCII and invalid bytes: it has no symbol, so its letters,
// digits and white space are all that is counted and it is never
// non_text (not read again: session 14, nonTextEvidence was 3% of
// BenchmarkCheckTextCorpus/fast, mostly short ASCII rows).
//
// Session 17 (benchmarks/evplant3.py): a text of nonTextMin or more
// symbols and punctuation without a letter or digit of any script is
// non_text too, when under nonTextShare of its characters are white
// space, nonTextMin of them differ from the one before and distinctMin
// are different ("✂ ✃ ✄ ✆", "!#$%&*+<>?@^~"; not a separator row,
// "> > _____", "• -----", "-=-=-=-=-=", "◆◇◆◇◆◇"),
// and private-use characters (Co: icon fonts, undisplayable elsewhere)
// and the other numbers (No: circled and dingbat digits ❶ ➓, fractions,
// superscripts; not decimal digits nor letter numbers) count as
// symbols: rows of them, of dingbats and of ASCII punctuation were
// 0-31% recalled. An ASCII text is read again only when under
// nonTextShare of its characters are letters, digits or white space, and
// only up to its first letter or digit (asciiWord): 171 texts of
// corpus-30MB, 223 KB, read whole cost BenchmarkCheckTextCorpus/fast
// +3.6% CPU (p=0.009).
func nonTextEvidence(t []byte, chars, texty, fffd int) string {
	chars -= fffd
	if chars < nonTextSymbols || chars >= shortText && float64(texty) >= nonTextShare*float64(chars) {
		return ""
	}
	if chars == len(t) && (float64(texty) >= nonTextShare*float64(chars) || asciiWord(t)) {
		return "" // ASCII and invalid bytes: no symbol, only the rule of no letter or digit may hold
	}
	words, space, sym, punct := 0, 0, 0, 0
	changes, last := 0, rune(-1) // characters other than white space that differ from the one before
	var kinds distinct           // characters other than white space, up to distinctMin
	pict := 0                    // pictographs (decoratedEvidence)
	var pictKinds distinct       // pictographs, up to distinctMin
	for i := 0; i < len(t); {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[i:])
		}
		i += size
		if r != last && r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			changes++
			last = r
			kinds.add(r)
		}
		switch cl := uint8(0); {
		case r < utf8.RuneSelf:
			cl = asciiEv[r]
			switch {
			case cl&acSpace != 0:
				space++
			case cl&acWord != 0:
				words++
			case cl&acControl == 0:
				punct++
			}
		case r == utf8.RuneError: // U+FFFD (an So) or an invalid byte
		case unicode.IsLetter(r) || isDigitOther(r):
			words++
		case unicode.IsSpace(r):
			space++
		case unicode.In(r, unicode.Sm, unicode.Sc, unicode.Sk, unicode.So, unicode.Co, unicode.No):
			sym++
			if pictograph(r) {
				pict++
				pictKinds.add(r)
			}
		}
	}
	if e := decoratedEvidence(t, chars, pict, pictKinds.n); e != "" {
		return e
	}
	if words == 0 && sym+punct >= nonTextMin && changes >= nonTextMin && kinds.n >= distinctMin {
		return fmt.Sprintf("%d symbols and punctuation, no letter or digit: %s", sym+punct, quoteVisible(t, 24))
	}
	outside := sym // symbols outside ASCII
	if sym >= nonTextSymbols {
		sym += punct // symbol soup: its ASCII punctuation is part of it ("★$$$ WIN ►!!!")
	}
	if n := words + space + sym; n >= nonTextMin && float64(words+space) < nonTextShare*float64(n) {
		return fmt.Sprintf("%d symbols against %d letters, digits and spaces: %s", sym, words+space, quoteVisible(t, 24))
	}
	if chars < shortText && sym >= nonTextSymbols && (words < sym || pictTie(words, sym, outside, pict)) {
		return fmt.Sprintf("%d symbols against %d letters and digits: %s", sym, words, quoteVisible(t, 24))
	}
	return ""
}

// plainBidiMark reports whether the bidi mark r at t[i] (LRM U+200E, RLM
// U+200F or ALM U+061C), or the embedding or isolate (LRE U+202A, RLE
// U+202B, PDF U+202C, LRI, RLI, FSI and PDI U+2066 to U+2069), sits in
// right-to-left text: a Hebrew, Arabic, Syriac or Thaana letter within 32
// bytes either side. There it orders numbers, punctuation and Latin
// snippets, as the Unicode bidi algorithm needs; in Latin text it only
// splits a word. Overrides (LRO U+202D, RLO U+202E) are never plain.
// Session 17 (benchmarks/evplant3.py): Arabic, Persian and Hebrew
// translations (gettext catalogs) embed a command-line option or a name
// as LRE ... PDF (‪--gdk-debug‬) and start a line with RLE: 26 and 26
// of the 54 and 53 clean control rows flagged (seeds 1 and 2), all of
// them right-to-left texts; 3 of seed 1 are left (RLE before an
// untranslated English line of a Hebrew catalog, no Hebrew letter
// within 32 bytes).
func plainBidiMark(t []byte, i int, r rune) bool {
	if r != 0x200E && r != 0x200F && r != 0x061C && !(r >= 0x202A && r <= 0x202C) && !(r >= 0x2066 && r <= 0x2069) {
		return false
	}
	for j, hi := max(0, i-32), min(len(t), i+35); j < hi; {
		c, size := utf8.DecodeRune(t[j:hi])
		j += size
		if (c >= 0x0590 && c <= 0x08FF || c >= 0xFB1D && c <= 0xFDFF || c >= 0xFE70 && c <= 0xFEFC) && unicode.IsLetter(c) {
			return true
		}
	}
	return false
}

// plainJoiner reports whether the zero-width joiner or non-joiner r at
// t[i] does what it is for: a ZWJ between two emoji (👨‍👩‍👧, 🏳️‍🌈: the
// one before may end in a variation selector or a skin tone), or either
// between two letters or marks of a script that shapes with them (Arabic
// and Persian, the Indic scripts: any script but the Latin ones and
// their look-alikes, scriptOf). Inside a Latin word it only splits it.
// Session 17 (benchmarks/evplant3.py's control of gettext translations):
// Persian and Arabic text also carries a ZWNJ after a letter's last form
// before punctuation, white space, a line end or a second ZWNJ (جابه‌,
// امنه‌‌ای, فظه،‌ بستن): 22 and 22 clean rows were flagged (seeds 1
// and 2), none now. Now it is plain when
// the nearest letter or mark on either side, within joinerReach bytes
// past punctuation, white space and other joiners, is of such a script;
// one between Latin letters, or in Latin text, is still an evasion.
func plainJoiner(t []byte, i int, r rune) bool {
	if r != 0x200D && r != 0x200C {
		return false
	}
	prev, ps := utf8.DecodeLastRune(t[:i])
	next, ns := utf8.DecodeRune(t[i+3:])
	if r == 0x200D && ps > 0 && ns > 0 && (unicode.In(prev, unicode.So, unicode.Sk) || prev == 0xFE0F) && unicode.Is(unicode.So, next) {
		return true
	}
	return shapedScript(nearLetter(t, i, -1)) || shapedScript(nearLetter(t, i+3, 1))
}

// joinerReach is how far (bytes) plainJoiner looks for a letter either
// side of a joiner.
const joinerReach = 8

// shapedScript reports whether c is a letter or mark of a script that
// shapes with joiners: not ASCII, not Latin nor a look-alike (scriptOf).
func shapedScript(c rune) bool {
	return c >= 0x0300 && c != utf8.RuneError && (unicode.IsLetter(c) || unicode.IsMark(c)) && scriptOf(c) == scriptOther
}

// nearLetter returns the first letter or mark from t[i] going on (dir 1)
// or the last before t[i] (dir -1), within joinerReach bytes and past
// only punctuation, white space and ZWJ or ZWNJ; else -1.
func nearLetter(t []byte, i, dir int) rune {
	for j, n := i, 0; n < joinerReach; {
		var c rune
		var size int
		if dir > 0 {
			if j >= len(t) {
				return -1
			}
			c, size = utf8.DecodeRune(t[j:])
			j += size
		} else {
			if j <= 0 {
				return -1
			}
			c, size = utf8.DecodeLastRune(t[:j])
			j -= size
		}
		n += size
		switch {
		case unicode.IsLetter(c) || unicode.IsMark(c):
			return c
		case c == 0x200C || c == 0x200D || unicode.IsSpace(c) || unicode.IsPunct(c):
		default:
			return -1
		}
	}
	return -1
}

// selectorInWord reports whether r at t[i] is a variation selector
// (U+FE00 to U+FE0F, U+E0100 to U+E01EF) after a letter or digit of
// Latin or a look-alike script, where no font has a variant to select:
// it only splits the word. After an emoji or a symbol it picks the emoji
// or text form, after a Han character an ideographic variant, and a
// digit, U+FE0F and U+20E3 make a keycap (1️⃣): those are plain. Session
// 16: so is one at the start of a text or after ASCII white space, where
// there is nothing to select (9 of 300 invisible_char rows of
// benchmarks/evplant.py planted one at a text's start or end).
func selectorInWord(t []byte, i int, r rune) bool {
	if !(r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF || mongolianFVS(r)) {
		return false
	}
	if i == 0 || selectorRun(t, i, r) { // selectors in a row (recall14.go)
		return true
	}
	prev, _ := utf8.DecodeLastRune(t[:i])
	if prev >= '0' && prev <= '9' {
		next, _ := utf8.DecodeRune(t[i+utf8.RuneLen(r):])
		return next != 0x20E3
	}
	return unicode.IsLetter(prev) && scriptOf(prev) != scriptOther || prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r'
}

// xDumpMin is the fewest bytes written as \x escapes (xDump) that make a
// blob: blobHexMin's 64 hex digits. Escapes in code (printf("\x1b[31m"))
// are a few; a shellcode string or a Python bytes repr of binary data
// (b'\x89PNG...') is a dump. Session 16: evplant.py's \x and b'\x..'
// variants were missed (note15.md left them).
const xDumpMin = blobHexMin / 2

// xEscAt reports whether t[i:] starts with \x and two hex digits.
func xEscAt(t []byte, i int) bool {
	return i >= 0 && i+4 <= len(t) && t[i] == '\\' && t[i+1] == 'x' && hexByte(t[i+2]) && hexByte(t[i+3])
}

// hexByte reports whether c is an ASCII hex digit.
func hexByte(c byte) bool {
	return c < utf8.RuneSelf && asciiEv[c]&acHex != 0
}

// xDump returns the run of \xHH escapes through t[i], an escape
// (xEscAt): where it starts and ends, and whether it is a blob: xDumpMin
// escapes or more, with both digits and letters among their hex digits
// (a run of \x90 is a NOP sled, not data). Read back and forth from any
// of its escapes, it gives the same run: a full check that starts inside
// it (a backslash ends a window: isReset) finds what the whole text's does.
func xDump(t []byte, i int) (lo, hi int, blob bool) {
	lo, hi = i, i
	for xEscAt(t, lo-4) {
		lo -= 4
	}
	cl := uint8(0)
	for ; xEscAt(t, hi); hi += 4 {
		cl |= 1<<(asciiEv[t[hi+2]]&acLetter>>4) | 1<<(asciiEv[t[hi+3]]&acLetter>>4)
	}
	return lo, hi, (hi-lo)/4 >= xDumpMin && cl == hxDigit|hxLetter || xAlnumRun(t, lo, hi) // letters and digits: recall13.go
}

// xDumpEvidence is the blob evidence of the \x dump t[lo:hi].
func xDumpEvidence(t []byte, lo, hi int) string {
	return strconv.Itoa((hi-lo)/4) + " bytes written as \\x escapes from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// dumpLineMin is the fewest hex digits of a hex dump after an offset
// (dumpLine): a full line of xxd or hexdump -C, 16 bytes.
const dumpLineMin = 32

// dumpBlob reports whether a hex dump of n hex digits (with digits and
// letters) from byte at is a blob: blobHexMin digits, or a line of
// exactly dumpLineMin after an offset (dumpOffset). A PGP fingerprint
// after its key id ("83E5CA02: EDE4 7193 ... CA02", in mail signatures)
// is 40 digits.
func dumpBlob(t []byte, n, at int) bool {
	return n >= blobHexMin || n == dumpLineMin && dumpOffset(t, at)
}

// dumpOffset reports whether the hex groups from t[at] follow an offset
// at the start of their line: 4 to 8 hex digits ending in 0 (a multiple
// of 16 bytes, or of 8 in od's octal), maybe a colon, then white space,
// as xxd ("00000010: 4865 6c6c ..."), od and hexdump -C ("00000010  48
// 65 6c 6c ...  |Hello...|") print them. Their lines are 32 digits
// between an offset and a text column, which end the dump under
// blobHexMin.
func dumpOffset(t []byte, at int) bool {
	j := at
	for j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	if j == at {
		return false
	}
	if j > 0 && t[j-1] == ':' {
		j--
	}
	if j == 0 || t[j-1] != '0' {
		return false
	}
	n := 0
	for j > 0 && t[j-1] < utf8.RuneSelf && asciiEv[t[j-1]]&acHex != 0 {
		j--
		n++
	}
	for j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
		j--
	}
	return n >= 4 && n <= 8 && (j == 0 || t[j-1] == '\n' || t[j-1] == '\r')
}

// bareCR reports whether the carriage return at t[i] is inside a line:
// a character other than a line break follows it, in a text whose lines
// end in a line feed (a text without one, from old Mac OS, breaks its
// lines with CR alone: session 29, such a text of crOnlyMin lines or
// more is one too, recall21.go's crOnlyText). On a terminal and in many log viewers what
// follows it overwrites the start of the line: "rm -rf ~\rls -l" shows
// "ls -l". Before markup (< or &) it is HTML whose lines were broken
// with CR, which a browser ignores: 17 of the 20,869 rows of
// corpus-30MB have a CR inside a line, 4 of the 5,000 of the evasion
// benchmark's mail control, all in the HTML of spam ("Durex</B>\r</FONT>",
// "optout.php?email=...\r&pos="). lf caches whether t has a line feed
// (0: not looked yet, 1, -1), so that a text of many carriage returns is
// searched once.
func bareCR(t []byte, i int, lf *int8) bool {
	if i+1 >= len(t) || t[i+1] == '\n' || t[i+1] == '\r' || t[i+1] == '<' || t[i+1] == '&' || qpSoftBreak(t, i+1) {
		return false
	}
	if *lf == 0 {
		*lf = -1
		if bytes.IndexByte(t, '\n') >= 0 {
			*lf = 1
		} else if crOnlyText(t) {
			*lf = 2 // lines ended by bare carriage returns (recall21.go)
		}
	}
	return *lf > 0
}

// qpSoftBreak reports whether t[j:] starts with quoted-printable's soft
// line break, = and a line break: a CR right before it is the encoder's
// line end (CRLF mail encoded as if LF), not a line overwritten.
// Session 13: 1 SpamAssassin message and 1 mail row of corpus-30MB
// ("t price.\r=\n").
func qpSoftBreak(t []byte, j int) bool {
	return j+1 < len(t) && t[j] == '=' && (t[j+1] == '\n' || t[j+1] == '\r')
}

// bareCREvidence is the control_char evidence of a carriage return
// inside a line at t[i].
func bareCREvidence(t []byte, i int) string {
	if bytes.IndexByte(t, '\n') < 0 {
		return crOnlyEvidence(t, i) // recall21.go
	}
	return fmt.Sprintf("carriage return inside a line at byte %d (what follows overwrites the line on a terminal): %s", i, quoteVisible(t[contextStart(t, i):], 24))
}

// markStackMin is the combining marks on one character that make a
// stack: zalgo text ("t̸̡̛̛e̴̢x̷t") piles up 3 to 20 on each letter so
// that a keyword filter matches nothing and the text still reads; NFKC
// keeps them. Vietnamese carries at most 2, Thai and pointed Hebrew 3,
// rarely 4.
const markStackMin = 5

// isMark reports whether r is a combining mark (Mn or Me) outside ASCII.
func isMark(r rune) bool {
	return r >= 0x0300 && unicode.In(r, unicode.Mn, unicode.Me)
}

// markStackEvidence is the non_text evidence of a stack of markStackMin
// combining marks ending at t[i].
func markStackEvidence(t []byte, i int) string {
	j := i
	for k := 0; k < markStackMin && j > 0; k++ {
		_, size := utf8.DecodeLastRune(t[:j])
		j -= size
	}
	if j > 0 {
		_, size := utf8.DecodeLastRune(t[:j])
		j -= size // the character they sit on
	}
	return fmt.Sprintf("%d+ combining marks on one character at byte %d (zalgo): %s", markStackMin, j, quoteVisible(t[j:], 24))
}

// attachmentEvidence starts the evidence of a base64 blob a MIME header
// declares (b64Evidence); Checker.Add counts it as Attachment.
const attachmentEvidence = "a MIME part declared base64"

// Session 20 (b64ev), measured and not kept: the full check asking
// notBase64 of a base64 run it has read itself (earlyB64 at blobB64Min
// characters with all three classes, endB64 at the run's end): without
// an = in t[b64Start:next] the run is a blob segment whatever follows,
// so only declaredArmour is left to ask (notBase64Known), instead of
// notBase64 reading an attachment's body to its padding; b64Evidence's
// b64End reading on from where earlyB64's read-ahead (or endB64) stopped
// instead of from the run's start; lineWidths testing a line's CR
// itself instead of bytes.TrimSuffix (a memeqbody call a line). Findings
// byte-identical (corpus-200MB --checks evasions); branch s20-b64ev,
// commits 3e36bd7, 2f0aac3, 08b7ec4 (with TestNotBase64Known). perf of
// BenchmarkAddCorpus/lazy (4 s each, ~9,500 samples of Add): notBase64
// 136 to 17 samples, b64BlocksAVX512 121 to 28, memeqbody 50 to 3,
// lineWidths 71 to 50; but b64AheadAVX512 71 to 110: the body's first
// read now misses memory there, not in notBase64 (the read earlyB64 cut
// was the one that brought the body into cache). Benchmarks, 6 runs
// alternated at load 1.2-1.6, CPU: CheckTextCorpus/fast 18.32 against
// 18.26 ms (p=0.70), CheckTextHot 427.9 against 428.0 us (p=0.82),
// AddCorpus/lazy 18.36 against 18.38 ms (p=0.70): no gain to measure.
// Where the evasion check's samples go (same profile, base): scan 55%
// (scanChunksAVX512 29%, scan.blocks 10.5%), checkFull 35.5% (full.ascii
// 9.3%, full.block 7.8%, earlyB64 8.6% of which b64Evidence 6.7%:
// b64Fragment 1.8% with mimeWrappedLines 1.6%, blobAfterPart 1.2%,
// b64Lead 1.1% with blobAfter's byte loop 0.8%, b64What 1.3%).
//
// b64Evidence is the encoded_blob evidence of n base64 characters from
// t[start], or, when a MIME header declares them (declaredMIME), the
// evidence of an encoded attachment, as is a run b64Fragment or b64Lead
// takes for one cut from its mail unless it decodes to text
// (b64TextEvidence, recall41.go); lazyEvidence for a blob with the
// bit lazyBlob of lazy, attachmentEvidence alone for an attachment with
// lazyAttachment (checkTextLazy).
func b64Evidence(t []byte, n, start int, lazy uint8) string {
	return b64EvidenceRun(t, n, start, start, lazy)
}

// b64EvidenceRun is b64Evidence where the caller knows that the run from
// t[start] goes on to t[known] (letters, digits, + / = and line breaks
// all the way): b64End reads on from there, not from start, and finds
// the same end, since every byte between passes its test (b64Take's
// bodies, read to their end by b64RunAhead already: session 28).
func b64EvidenceRun(t []byte, n, start, known int, lazy uint8) string {
	if at := declaredMIME(t, start); at >= 0 {
		// The blob slot keeps one evidence: a blob after the part would
		// hide behind it, so the row is that blob's (s14).
		if b := blobAfterAny(t, b64End(t, known)); b >= 0 { // recall13.go
			if lazy&lazyBlob != 0 {
				return lazyEvidence
			}
			return "a blob from byte " + strconv.Itoa(b) + ", after a MIME part declared base64 (header at byte " + strconv.Itoa(at) + "): " + quoteVisible(t[b:], 24)
		}
		if e, ok := singlePartEvidence(t, n, start, at, known, lazy); ok {
			return e // text in a mail without parts (recall41.go)
		}
		if lazy&lazyAttachment != 0 {
			return attachmentEvidence
		}
		return attachmentEvidence + " (header at byte " + strconv.Itoa(at) + "): " + b64What(t, n, start)
	}
	if b64Fragment(t, n) || b64Lead(t, start) {
		if e, ok := b64TextEvidence(t, n, start, known, lazy); ok {
			return e // base64 of a text, not an attachment (recall41.go)
		}
		if lazy&lazyAttachment != 0 {
			return attachmentEvidence
		}
		return attachmentEvidence + ", cut from its mail: the text is " + b64What(t, n, start)
	}
	if lazy&lazyBlob != 0 {
		return lazyEvidence
	}
	return b64What(t, n, start)
}

// b64What describes n base64 characters from t[start]. Concatenated, not
// fmt.Sprintf (as replacementEvidence).
func b64What(t []byte, n, start int) string {
	return strconv.Itoa(n) + " base64 characters from byte " + strconv.Itoa(start) + ": " + quoteVisible(t[start:], 24)
}

// b64End returns where the base64 run from t[start] (line breaks
// allowed) ends: a line of it may start with a space (corpus-30MB has
// 14 such). The plain blocks are skipped by b64Blocks (session 15:
// BenchmarkB64End 159-165 us to 8.2-8.7 us CPU on corpus-30MB's declared
// parts; a byte at a time it was 0.2% of the default audit).
func b64End(t []byte, start int) int {
	end := start
	for end < len(t) {
		if k, _, _ := b64Blocks(t, end); k > end { // the plain blocks, eight bytes at a time (s15)
			if end = k; end == len(t) {
				break
			}
		}
		if !(t[end] == '\n' || t[end] == '\r' || t[end] < utf8.RuneSelf && asciiEv[t[end]]&acB64 != 0 ||
			t[end] == ' ' && end > 0 && t[end-1] == '\n' && end+1 < len(t) && t[end+1] < utf8.RuneSelf && asciiEv[t[end+1]]&acB64 != 0) {
			break
		}
		end++
	}
	return end
}

// declaredMIME returns the offset of a "Content-Transfer-Encoding:
// base64" header (any case) that declares the base64 run from t[start],
// or -1: within declaredWindow bytes before it (a part's other headers
// come between), or the run starting at its "base64" (the word is of
// the base64 alphabet, so the run takes it in). A mail cut into rows
// may leave the header in another row: that run stays an encoded_blob.
// On the whole SpamAssassin messages of evasions.sh, declared parts
// were 56 of the 75 flagged rows (3.0% of the messages).
func declaredMIME(t []byte, start int) int {
	const header = "content-transfer-encoding:"
	lo := max(0, start-declaredWindow)
	w := t[lo:min(len(t), start+len("base64"))]
	at := -1
	for off := 0; ; {
		k := indexFold(w[off:], header)
		if k < 0 {
			break
		}
		j := off + k + len(header)
		for j < len(w) && (w[j] == ' ' || w[j] == '\t') {
			j++
		}
		if hasPrefixFold(w[j:], "base64") {
			at = lo + off + k
		}
		off = j
	}
	if at < 0 {
		at = declaredBlock(t, start)
	}
	if at >= 0 && armourBetween(t, at, start) {
		return -1 // recall37.go
	}
	return at
}

// declaredBlock returns the offset of a "Content-Transfer-Encoding:
// base64" header (any case) in the header block that the base64 run
// from t[start] follows, or -1: the block ends at a blank line right
// before the run or within its first 80 bytes (the run takes in the
// tail of the last header when it is of the base64 alphabet: "-0400"
// or "text/html"), and starts after the blank line before it. A whole
// mail's headers run to thousands of bytes (Received lines), farther
// than declaredWindow. Session 13: whole SpamAssassin messages with a
// base64 body (1 in each seed's spam-1) and 1 mail row of corpus-30MB.
func declaredBlock(t []byte, start int) int {
	end := -1
	if k := bytes.Index(t[start:min(len(t), start+80)], []byte("\n\n")); k >= 0 {
		end = start + k
	} else if k := bytes.Index(t[start:min(len(t), start+80)], []byte("\n\r\n")); k >= 0 {
		end = start + k
	} else if start >= 2 && t[start-1] == '\n' && (t[start-2] == '\n' || start >= 3 && t[start-2] == '\r' && t[start-3] == '\n') {
		end = start - 1
	}
	if end <= 0 {
		return -1
	}
	lo := 0
	if k := bytes.LastIndex(t[:end], []byte("\n\n")); k >= 0 {
		lo = k + 2
	}
	const header = "content-transfer-encoding:"
	at := -1
	for off := lo; ; {
		k := indexFold(t[off:end], header)
		if k < 0 {
			return at
		}
		j := off + k + len(header)
		for j < end && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		if hasPrefixFold(t[j:end], "base64") {
			at = off + k
		}
		off = j
	}
}

// b64Lead reports whether the base64 run from t[start] opens the text
// (start is 0) and is wrapped as MIME wraps base64 (mimeWrapped, with 3
// lines of the one width or more): a part cut from its mail with its
// headers in an earlier row, whatever follows it in the row (a mailing
// list's footer, the next part's boundary and headers), which
// b64Fragment does not take (it wants no more than a boundary line).
// atLine-planted base64 never opens a row. Session 13: 4 SpamAssassin
// bodies and paragraphs (a spam whose body is base64 HTML, GIFs) and 6
// mail rows of corpus-30MB.
func b64Lead(t []byte, start int) bool {
	if start != 0 {
		return false
	}
	end := b64End(t, start)
	return mimeWrappedLines(t[start:end], 3) && !blobAfterLead(t, end) && leadPartEnds(t, end) // recall17.go, recall37.go
}

// blobAfter reports whether t[from:] holds what may be a blob of its
// own: a base64 run (line breaks allowed) of blobB64Min characters with
// upper, lower and digits that no header declares (declaredMIME), or
// blobHexMin hex digits, both digits and letters, with only white space
// and colons between them (a hex string or dump) outside base64
// (inBlob: "AAAA..." of a part's zeros). The blob slot keeps the first blob's evidence, so
// a row whose opening attachment b64Lead took would hide a blob planted
// after it; such a row stays an encoded_blob. Asked only for a row
// b64Lead would take; after a declared part, blobAfterPart.
func blobAfter(t []byte, from int) bool {
	n, cl, runStart, hex, hexStart, hexCl := 0, uint8(0), -1, 0, 0, uint8(0)
	var sp b64Span
	for j := from; j <= len(t); j++ {
		c := byte(' ')
		if j < len(t) {
			c = t[j]
		}
		switch {
		case c < utf8.RuneSelf && asciiEv[c]&acB64 != 0:
			if n == 0 {
				runStart = j
			}
			n++
			cl |= caseCl[c]
		case (c == '\n' || c == '\r') && n > 0:
		default:
			if n >= blobB64Min && cl == clUpper|clLower|clDigit && !notBase64(t, runStart) && declaredMIME(t, runStart) < 0 {
				return true
			}
			n, cl = 0, 0
		}
		switch {
		case c < utf8.RuneSelf && asciiEv[c]&acHex != 0:
			if hex == 0 {
				hexStart, hexCl = j, 0
			}
			hexCl |= 1 << (asciiEv[c] & acLetter >> 4)
			if hex++; hex >= blobHexMin && hexCl == hxDigit|hxLetter && !inBlob(t, hexStart, &sp) {
				return true
			}
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':':
		default:
			hex = 0
		}
	}
	return false
}

// blobAfterPart returns where a blob of its own starts in t[from:],
// after a part a header declares (b64Evidence), or -1: a base64 run as
// blobAfter's; blobHexMin hex digits in a row, or in groups of 2 or 4
// between white space (a hex dump), with digits and letters, outside
// base64 (inBlob). Stricter on hex than blobAfter, whose digits may
// have any white space or colons between: on corpus-200MB that took a
// MIME boundary of zeros followed by "Content-Type" and a list of part
// numbers for blobs. A part whose own header is not within
// declaredWindow before it counts, as it would in a row of its own.
//
// It reads the rest of the text, the other parts' base64 bodies too:
// a byte at a time, that was 1.2% of the default audit of corpus-200MB
// (755 rows, 2.7 MB read, 2.25 MB of it prose and HTML). Session 15:
// base64 bodies are skipped eight bytes at a time where no hex string
// or dump can be found or end (b64Skip; BenchmarkBlobAfterPart, on
// corpus-30MB's declared parts, 1.19-1.32 ms to 0.22-0.26 ms CPU), and
// so is prose where no stretch can hold a blob (proseSkip): 0.94% to
// 0.23% of the default audit's samples (blobAfterPart, b64Skip,
// proseSkip; perf, one run each).
func blobAfterPart(t []byte, from int) int {
	n, cl, runStart := 0, uint8(0), -1
	grp, grpStart, grpCl := 0, 0, uint8(0)
	dump, dumpStart, dumpCl := 0, 0, uint8(0)
	var sp b64Span
	clear := false // no hex group or dump goes on at t[j]: t[j-1] is of base64 but not hex
	zero := true   // nothing goes on at t[j] (proseSkip)
	proseAt := from
	for j := from; j <= len(t); j++ {
		if zero && j >= proseAt {
			// Prose eight bytes at a time (proseSkip), from where it
			// stopped last on.
			cp, stop := proseSkip(t, j)
			j, proseAt = cp, max(stop, j+1)
		} else if clear && n >= b64SkipMin {
			// Base64 bodies eight bytes at a time (b64Skip).
			if p, m, c := b64Skip(t, j); p > j {
				j, n, cl = p, n+m, cl|c
			}
		}
		clear, zero = false, false
		c := byte(' ')
		if j < len(t) {
			c = t[j]
		}
		switch {
		case c < utf8.RuneSelf && asciiEv[c]&acB64 != 0:
			if n == 0 {
				runStart = j
			}
			n++
			cl |= caseCl[c]
		case (c == '\n' || c == '\r') && n > 0:
		case c == ' ' && n > 0 && t[j-1] == '\n' && j+1 < len(t) && t[j+1] < utf8.RuneSelf && asciiEv[t[j+1]]&acB64 != 0:
		default:
			if n >= blobB64Min && cl == clUpper|clLower|clDigit && !notBase64(t, runStart) && declaredMIME(t, runStart) < 0 {
				return runStart
			}
			n, cl = 0, 0
		}
		if c < utf8.RuneSelf && asciiEv[c]&acHex != 0 {
			if grp == 0 {
				grpStart, grpCl = j, 0
			}
			grp++
			grpCl |= 1 << (asciiEv[c] & acLetter >> 4)
			if grp >= blobHexMin && grpCl == hxDigit|hxLetter && !inBlob(t, grpStart, &sp) {
				return grpStart
			}
			continue
		}
		// A group of hex digits, if any, ends at c.
		if grp == 2 || grp == 4 {
			if dump == 0 {
				dumpStart, dumpCl = grpStart, 0
			}
			dump += grp
			dumpCl |= grpCl
			if dump >= blobHexMin && dumpCl == hxDigit|hxLetter && !inBlob(t, dumpStart, &sp) {
				return dumpStart
			}
		} else if grp > 0 {
			dump = 0
		}
		grp = 0
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			dump = 0
		}
		clear = c < utf8.RuneSelf && asciiEv[c]&acB64 != 0
		zero = c >= utf8.RuneSelf || asciiEv[c]&(acB64|acSpace) == 0 ||
			(c == ' ' || c == '\t') && j > from && t[j-1] < utf8.RuneSelf && asciiEv[t[j-1]]&(acHex|acSpace) == 0
	}
	return -1
}

// inBlob reports whether the run of a letter or digit from t[start] lies
// in a base64 blob: a run of the base64 alphabet (line breaks allowed)
// of blobB64Min characters or more with upper, lower and digits around
// it. Binary data encoded in base64 repeats "AAAA" for its zeros; the
// blob (or encoded_attachment) is the finding, not the run. On the
// whole SpamAssassin messages, 11 of 1,850 rows were flagged for such a
// run inside an attachment alone. sp remembers the last region looked
// at, so that the runs of one attachment read it once.
//
// The region is read once, counting as it goes: backwards eight bytes
// at a time (b64Back), forwards by b64Blocks (on CPUs with the scan
// kernel, 64 bytes at a time), which stops at an = (padding) that the
// region goes on through. Byte at a time, in three passes, inBlob was
// 0.7% of the default audit of corpus-200MB (860 regions, 6 MB).
// Session 13: BenchmarkInBlob 32-44 us to 4-6 us (8 KB attachment);
// BenchmarkCheckTextHot 653-690 to 615-641 us CPU, alternated, load 20.
func inBlob(t []byte, start int, sp *b64Span) bool {
	if start >= sp.lo && start < sp.hi {
		return sp.blob
	}
	lo, n, cl := b64Back(t, start)
	hi := start
	for {
		next, m, c := b64Blocks(t, hi)
		hi, n, cl = next, n+m, cl|c
		if hi == len(t) || !b64OrBreak(t[hi]) {
			break
		}
		if t[hi] != '\n' && t[hi] != '\r' {
			n++
			cl |= caseCl[t[hi]]
		}
		hi++
	}
	*sp = b64Span{lo, hi, n >= blobB64Min && cl == clUpper|clLower|clDigit}
	return sp.blob
}

// b64OrBreak reports whether the byte c goes on in a region inBlob reads:
// the base64 alphabet (letters, digits, + / =) or a line break.
func b64OrBreak(c byte) bool {
	return c == '\n' || c == '\r' || c < utf8.RuneSelf && asciiEv[c]&acB64 != 0
}

// b64Back is the start of the region inBlob reads through t[start], a
// byte of it: the bytes of the base64 alphabet and line breaks before
// start, eight at a time, then one at a time; with the bytes of t[lo:start]
// that are not line breaks and their classes (clUpper, clLower, clDigit).
func b64Back(t []byte, start int) (lo, n int, cl uint8) {
	lo = start
	for ; lo >= 8; lo -= 8 {
		w := binary.LittleEndian.Uint64(t[lo-8:])
		if w&highs != 0 {
			break
		}
		upper, lower, digit := inRange(w, 'A', 'Z'), inRange(w, 'a', 'z'), inRange(w, '0', '9')
		nl := eqByte(w, '\n') | eqByte(w, '\r')
		if upper|lower|digit|nl|eqByte(w, '+')|eqByte(w, '/')|eqByte(w, '=') != highs {
			break
		}
		n += 8 - bits.OnesCount64(nl)
		if upper != 0 {
			cl |= clUpper
		}
		if lower != 0 {
			cl |= clLower
		}
		if digit != 0 {
			cl |= clDigit
		}
	}
	for ; lo > 0 && b64OrBreak(t[lo-1]); lo-- {
		if c := t[lo-1]; c != '\n' && c != '\r' {
			n++
			cl |= caseCl[c]
		}
	}
	return lo, n, cl
}

// inWrappedB64 reports whether the run of a letter from t[start] lies
// in a region of the base64 alphabet wrapped as MIME wraps base64
// (mimeWrapped, 3 lines of the one width or more; a line may start with
// a space), of blobB64Min characters, whatever its classes: a part of an
// image's zeros ("AAAA...", "iIiI...") has no digits, so inBlob does not
// take it. A run planted in text is on one line. Session 13: 8 rows of
// corpus-30MB (a mail cut into rows in the middle of an attachment).
func inWrappedB64(t []byte, start int) bool {
	b64 := func(j int) bool {
		c := t[j]
		return c == '\n' || c == '\r' || c < utf8.RuneSelf && asciiEv[c]&acB64 != 0 ||
			c == ' ' && j > 0 && t[j-1] == '\n' && j+1 < len(t) && t[j+1] < utf8.RuneSelf && asciiEv[t[j+1]]&acB64 != 0
	}
	lo, hi := start, start
	for lo > 0 && b64(lo-1) {
		lo--
	}
	for hi < len(t) && b64(hi) {
		hi++
	}
	return hi-lo >= blobB64Min && mimeWrappedLines(t[lo:hi], 3)
}

// b64Line reports whether the whole text t is one line of base64 as an
// encoder wraps it: 76 characters of the alphabet (MIME), or 60, 64 or
// 72 with upper, lower and digits (PEM, PGP, other mailers), a line
// break after it allowed, not one character repeated (a row of 76 "a"
// stays a repeated run). A corpus that cuts mail into lines has one
// row per line of an attachment; its runs of "A" (zeros) and its hex-only
// lines ("d3d3d3...") are the attachment's, too short to be a blob
// themselves. Session 13: 5 of the 2,000 SpamAssassin line rows.
func b64Line(t []byte) bool {
	for len(t) > 0 && (t[len(t)-1] == '\n' || t[len(t)-1] == '\r') {
		t = t[:len(t)-1]
	}
	switch len(t) {
	case 60, 64, 72, 76:
	default:
		return false
	}
	cl, same := uint8(0), true
	for _, c := range t {
		if c >= utf8.RuneSelf || asciiEv[c]&acB64 == 0 {
			return false
		}
		cl |= caseCl[c]
		same = same && c == t[0]
	}
	return !same && (len(t) == 76 || cl == clUpper|clLower|clDigit)
}

// b64Span is a region of the base64 alphabet inBlob read, and whether it
// is a blob.
type b64Span struct {
	lo, hi int
	blob   bool
}

// nearFFFD reports whether a U+FFFD is within 8 bytes of the control at
// t[i]: the debris of a lossy decode (Shift-JIS or an OLE attachment
// read as Latin-1 keeps C1 and C0 bytes between the replacement
// characters), which replacement_char already reports; 20 of the 29
// control_char rows of the whole SpamAssassin messages and bodies.
func nearFFFD(t []byte, i int) bool {
	const fffd = "\uFFFD"
	w := t[max(0, i-8):min(len(t), i+9)]
	return bytes.Contains(w, []byte(fffd))
}

// lossyControl reports whether the control at t[i] is the debris of a
// lossy decode (nearFFFD) rather than one planted inside a word: a C0
// control or DEL between two ASCII letters (an ESC before "[" after a
// letter), with ASCII on either side of those, is an evasion even within
// 8 bytes of U+FFFD; the debris sits among the replacement characters
// and the other bytes of the lost text ("\ufffdz\x1bm\ufffd" in a binary
// attachment read as text, a SpamAssassin message). Session 13: 6 of the 7 misses of the mixed_control_fffd and
// c0_c1_ansi variants (a control in one word, a U+FFFD in the next);
// the SpamAssassin controls' debris is unchanged.
func lossyControl(t []byte, i int) bool {
	if !nearFFFD(t, i) {
		return false
	}
	c := t[i]
	if c >= 0x20 && c != 0x7F || i == 0 || i+1 >= len(t) {
		return true
	}
	letter := func(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
	ascii := func(j int) bool { return j < 0 || j >= len(t) || t[j] < utf8.RuneSelf }
	return !(letter(t[i-1]) && (letter(t[i+1]) || c == 0x1B && t[i+1] == '[') && ascii(i-2) && ascii(i+2))
}

// b64Fragment reports whether a text holding a base64 run of n
// characters is a fragment of an attachment: the run is 90% of its bytes
// other than white space and the rest holds fewer than 5 spaces (a MIME
// boundary line, the padding), so no prose surrounds it. A corpus that
// cuts mail into rows at line ends leaves such rows, their header in an
// earlier row: 807 of the 916 encoded_blob rows of corpus-30MB (3.9% of
// its rows), where an evasion hides a blob in text. Asked once per text
// with a blob; bytes.Count keeps it at a fraction of a nanosecond a byte.
func b64Fragment(t []byte, n int) bool {
	spaces := 0 // up to 5: a text with prose has them in its first line (session 19: bytes.Count read every text with a blob whole)
	for w := t; spaces < 5; spaces++ {
		k := bytes.IndexByte(w, ' ')
		if k < 0 {
			break
		}
		w = w[k+1:]
	}
	if spaces >= 5 {
		return false
	}
	other := len(t) - spaces - bytes.Count(t, []byte{'\n'}) - bytes.Count(t, []byte{'\r'}) - bytes.Count(t, []byte{'\t'}) - n
	return other*9 <= n && mimeWrapped(t)
}

// mimeWrapped reports whether the lines of t are wrapped as MIME wraps
// base64 (RFC 2045: lines of at most 76 characters): of its lines of 16
// characters or more, three in four or more have one length from 40 to
// 78, and at least two do. Shorter lines (a part's last line, padding)
// do not count; a boundary line or an edited line may break the width.
// A row of base64 without that wrapping (one long line, lines of mixed
// lengths) stays an encoded_blob: it cannot be told from a text encoded
// whole to get past a cleaner.
func mimeWrapped(t []byte) bool {
	return mimeWrappedLines(t, 2)
}

// mimeWrappedLines reports whether t is mimeWrapped with min lines or
// more of its commonest width from 40 to 78 (min >= 2): one pass over
// its lines (session 19: b64Lead and its caller asked wrappedLines and
// mimeWrapped of the same bytes, two).
func mimeWrappedLines(t []byte, min int) bool {
	most, lines := lineWidths(t)
	return most >= min && most >= 2 && 4*most >= 3*lines
}

// lineWidths returns how many lines of t have the commonest width from
// 40 to 78, and how many have 16 characters or more.
func lineWidths(t []byte) (most, lines int) {
	var widths [79]int
	for len(t) > 0 {
		line := t
		if i := bytes.IndexByte(t, '\n'); i >= 0 {
			line, t = t[:i], t[i+1:]
		} else {
			t = nil
		}
		n := len(bytes.TrimSuffix(line, []byte{'\r'}))
		if n < 16 {
			continue
		}
		lines++
		if n >= 40 && n <= 78 {
			widths[n]++
		}
	}
	for _, c := range widths {
		most = max(most, c)
	}
	return most, lines
}

// lossyInvisible reports whether the invisible character r at t[i] is
// the debris of a lossy decode rather than one an evasion hides in a
// word: within 8 bytes of U+FFFD (nearFFFD, as for controls) and none of
// those evasions use (zero-width space and joiners, word joiner and
// invisible operators, byte order mark, soft hyphen, combining grapheme
// joiner, Hangul and Mongolian fillers, tags). GB2312 or Big5 mail read
// as Latin-1 and decoded again leaves random code points between the
// replacement characters, Arabic number signs (U+0600 to U+0605) among
// them, and replacement_char already reports the row. Session 13: 1
// SpamAssassin spam body and its message in both seeds.
func lossyInvisible(t []byte, i int, r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200D, r >= 0x2060 && r <= 0x2064, r == 0xFEFF, r == 0x00AD, r == 0x034F,
		r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0, r == 0x180E, r >= 0xE0000 && r <= 0xE007F:
		return false
	}
	return nearFFFD(t, i)
}

// Session 16 (s16-recall): benchmarks/evplant.py, a planter written apart
// from mkevasions, parses the SpamAssassin mails as mail (bodies decoded
// with the charset they declare, HTML bodies kept as HTML, whole
// messages) instead of reading corpus-30MB's lossy UTF-8 decode. Its
// clean control of 3,000 rows (seed 1) was 2.60% flagged, 52 of the 78
// rows for Windows-1252 punctuation decoded as the ISO-8859-1 the mail
// declares (cp1252Punct) and 15 for soft hyphens in GB2312 and Big5 mail
// read as Latin-1 (latin1SoftHyphen); binary read as Latin-1 was
// control_char but not non_text (binaryEvidence: non_text recall 0.750),
// and a variation selector with no character before it passed
// (selectorInWord). benchmarks/README.md, "An independent planter", has
// the numbers.

// cp1252Punct reports whether the C1 control r at t[i] is Windows-1252
// punctuation decoded as Latin-1, where that punctuation goes: mail
// written in Windows-1252 declares ISO-8859-1, whose bytes 0x80 to 0x9F
// are controls, and a decoder that trusts the charset turns ’ “ ” … – —
// • ™ € into U+0092, U+0093, U+0094, U+0085, U+0096, U+0097, U+0095,
// U+0099 and U+0080. Each is plain only in its place: ’ after a letter
// or digit and before no letter, or ending a contraction ("it’s",
// "we’ll"); “ ‘ after no letter or digit and before no white space; ” after
// no white space and before no letter or digit; … – — not between two
// letters (– — between digits or white space); • after white space or a
// tag; ™ after a letter or digit and before no letter; € beside a digit
// or between tags. Never at the start or the end of a text, and never the
// other C1 controls (U+009B is CSI, the escape of ANSI sequences):
// planted inside a word, at a text's edge or after a word before another,
// the same code points stay evasions.
func cp1252Punct(t []byte, i int, r rune) bool {
	if r < 0x80 || r > 0x9F || i == 0 || i+2 >= len(t) {
		return false
	}
	prev, _ := utf8.DecodeLastRune(t[:i])
	next, _ := utf8.DecodeRune(t[i+2:])
	letter := func(c rune) bool { return c != utf8.RuneError && unicode.IsLetter(c) }
	digit := func(c rune) bool { return c >= '0' && c <= '9' }
	space := func(c rune) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 }
	switch r {
	case 0x92: // ’
		if !letter(prev) && !digit(prev) {
			return false
		}
		if !letter(next) {
			return true
		}
		return contractionEnd(t[i+2:])
	case 0x91, 0x93: // ‘ “
		return !letter(prev) && !digit(prev) && !space(next)
	case 0x94: // ”
		return !space(prev) && !letter(next) && !digit(next)
	case 0x85: // …, unless a line end (recall18.go)
		return !(letter(prev) && letter(next)) && !nelLineEnd(t, i)
	case 0x96, 0x97: // – —
		return space(prev) && space(next) || digit(prev) && digit(next)
	case 0x95: // •
		return space(prev) || prev == '>'
	case 0x99: // ™
		return (letter(prev) || digit(prev)) && !letter(next)
	case 0x80: // €
		return digit(prev) || digit(next) || prev == '>' && next == '<'
	}
	return false
}

// contractionEnd reports whether t starts with the end of an English
// contraction or possessive after an apostrophe (s, t, d, m, ll, re, ve)
// and then no letter.
func contractionEnd(t []byte) bool {
	n := 0
	for n < len(t) && n < 3 && (t[n]|0x20 >= 'a' && t[n]|0x20 <= 'z') {
		n++
	}
	if n < len(t) && t[n] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeRune(t[n:]); unicode.IsLetter(r) {
			return false
		}
	}
	var w [3]byte
	for k := range n {
		w[k] = t[k] | 0x20
	}
	switch string(w[:n]) {
	case "s", "t", "d", "m", "ll", "re", "ve":
		return true
	}
	return false
}

// latin1SoftHyphen reports whether the soft hyphen U+00AD at t[i] sits
// in GB2312 or Big5 mail read as Latin-1, where byte 0xAD is either byte
// of a two-byte character ("·µÄ¾\u00adÑé", "¶·\u00adt¾á"): 4 or more of
// the 4 characters before and the 4 after, or 3 of the 4 after (where
// such a run starts: "value=\u00ad«·s³"), are of Latin-1's upper half
// (U+0080 to U+00FF). A soft hyphen an evasion hides in a word has ASCII
// letters about it, accented ones at most here and there (15 of the 78
// flagged rows of the control, none planted).
func latin1SoftHyphen(t []byte, i int, r rune) bool {
	if r != 0xAD {
		return false
	}
	high := func(c rune) int {
		if c >= 0x80 && c <= 0xFF {
			return 1
		}
		return 0
	}
	n := 0
	for k, j := 0, i; k < 4 && j > 0; k++ {
		c, size := utf8.DecodeLastRune(t[:j])
		n += high(c)
		j -= size
	}
	after := 0
	for k, j := 0, i+2; k < 4 && j < len(t); k++ {
		c, size := utf8.DecodeRune(t[j:])
		after += high(c)
		j += size
	}
	return n+after >= 4 || after >= 3
}

// binaryMin is the fewest controls that make a text binary
// (binaryEvidence), one in binaryShare of its characters.
const (
	binaryMin   = 6
	binaryShare = 8
)

// binaryEvidence returns the non_text evidence of a text of chars
// characters that carries a control (control_char): binary read as text,
// when binaryMin or more of its characters, one in binaryShare or more,
// are C0 controls other than tab and line breaks, DEL or C1 controls. A
// binary file decoded as Latin-1 is half letters and digits (its bytes
// 0x41-0x7A and 0xC0-0xFF), so nonTextEvidence passes it; a quarter of
// its bytes are controls. Asked only of texts with a control finding.
// Session 17 (benchmarks/evplant3.py): bytes that are not UTF-8 count
// too. Random bytes left undecoded are a ninth controls (under one in
// binaryShare) and half bytes that are not UTF-8: rows of them were 17-31%
// recalled as non_text (all of them invalid_utf8 and control_char).
//
// Session 30: eight bytes at a time past blocks of printable ASCII, tab
// and line breaks (plainBlock), which count nothing; binaryEvidence was
// 0.19% of the default audit's samples on the benchmark Parquet.
func binaryEvidence(t []byte, chars int) string {
	n, first := 0, -1 // first: where the first of them is
	for i := 0; i < len(t); i++ {
		for i+8 <= len(t) && plainBlock(binary.LittleEndian.Uint64(t[i:])) {
			i += 8
		}
		if i == len(t) {
			break
		}
		was, at := n, i
		switch c := t[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7F:
			n++
		case c == 0xC2 && i+1 < len(t) && t[i+1] >= 0x80 && t[i+1] <= 0x9F:
			n++
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(t[i:])
			if r == utf8.RuneError && size == 1 {
				n++
			}
			i += size - 1
		}
		if first < 0 && n > was {
			first = at
		}
	}
	if n < binaryMin || n*binaryShare < chars && n*binaryShare < utf8.RuneCount(t[first:]) {
		return ""
	}
	return fmt.Sprintf("%d controls in %d characters, binary read as text: %s", n, chars, quoteVisible(t, 24))
}

// plainBlock reports whether the eight bytes w are all printable ASCII,
// tab, line feed or carriage return: none is a control binaryEvidence
// counts, nor starts a character that is not ASCII.
func plainBlock(w uint64) bool {
	if w&highs != 0 {
		return false
	}
	low := ^(w + (0x80-0x20)*ones) & highs // bytes under 0x20
	del := (w + ones) & highs              // 0x7F
	return low&^(eqByte(w, '\t')|eqByte(w, '\n')|eqByte(w, '\r'))|del == 0
}

// breakRunEvidence is the repeated_run evidence of runBreakMin line
// breaks in a row from t[start], carriage returns and line feeds mixed.
// Session 17 (benchmarks/evplant3.py): padding of CRLF pairs (\r\n 200
// to 3,000 times) is no run of one character and was 22-44% recalled;
// the longest run of line breaks in corpus-200MB is 386 line feeds.
func breakRunEvidence(t []byte, start int) string {
	return fmt.Sprintf("%d+ line breaks (carriage returns and line feeds) in a row from byte %d: %s", runBreakMin, start, quoteVisible(t[start:], 8))
}

// A block of symbols (symBlock): symBlockMin symbols in a row, no letter,
// digit, white space or ASCII between them, at least symBlockChanges of
// them differing from the one before and distinctMin different.
const (
	symBlockMin     = 32
	symBlockChanges = 8
)

// symBlock follows a block of symbols (Unicode's S categories outside
// ASCII, private use and other numbers, as nonTextEvidence counts them)
// through a text: a row of emoji or dingbats pasted into a mail is no
// text, however much text is around it, and nonTextEvidence weighs the
// whole row. Marks, format characters (a ZWJ between emoji, a variation
// selector), U+FFFD and punctuation that is not ASCII neither count nor
// end it; a separator of one symbol (════) or a framed line (╔═══╗)
// changes too seldom, and one alternating two or three (◆◇◆◇, common in
// Japanese newsletters) has too few different symbols. Session 17 (benchmarks/evplant3.py): 40 to 1,024
// emoji after a mail were 15-25% recalled as non_text.
type symBlock struct {
	n, changes, start int
	pua               int // private-use characters in the block (recall18.go)
	last              rune
	kinds             distinct
}

// step takes the character r at t[i] (texty: a letter, digit or white
// space) and reports whether the block it is in has reached symBlockMin
// symbols and symBlockChanges changes.
func (b *symBlock) step(r rune, i int, texty bool) bool {
	switch {
	case texty || r < utf8.RuneSelf:
		b.n = 0
		return false
	case r >= 0x2010 && r <= 0x203E: // quotes, dashes, bullets, ellipsis: punctuation, no symbol (ahead of the tables)
		return false
	case r == utf8.RuneError || !unicode.In(r, unicode.So, unicode.Sm, unicode.Sc, unicode.Sk, unicode.Co, unicode.No):
		return false
	}
	if b.n == 0 {
		b.start, b.changes, b.last, b.kinds.n, b.pua = i, 0, -1, 0, 0
	}
	b.n++
	if r != b.last {
		b.changes++
		b.last = r
		b.kinds.add(r)
	}
	if isPrivateUse(r) {
		b.pua++
	}
	return (b.n >= symBlockMin || b.pua >= puaBlockMin) && b.changes >= symBlockChanges && b.kinds.n >= distinctMin
}

// evidence is the non_text evidence of the block step found: a block of
// symbols, or of private-use characters when it is shorter than
// symBlockMin (recall18.go).
func (b *symBlock) evidence(t []byte) string {
	if b.n < symBlockMin {
		return puaBlockEvidence(t, b.start)
	}
	return symBlockEvidence(t, b.start)
}

// distinctMin is the fewest different characters a row without a letter
// or digit, or a block of symbols, needs to be non_text: decorative
// separators alternate two or three (◆◇◆◇, ☆★☆★, -=-=, ╔═╗), emoji
// pasted in bulk and symbol soup have more.
const distinctMin = 4

// distinct counts different characters, up to distinctMin.
type distinct struct {
	seen [distinctMin]rune
	n    int
}

func (d *distinct) add(r rune) {
	if d.n == distinctMin {
		return
	}
	for _, c := range d.seen[:d.n] {
		if c == r {
			return
		}
	}
	d.seen[d.n] = r
	d.n++
}

// symBlockEvidence is the non_text evidence of a block of symbols from
// t[start].
func symBlockEvidence(t []byte, start int) string {
	return fmt.Sprintf("a block of %d+ symbols from byte %d: %s", symBlockMin, start, quoteVisible(t[start:], 24))
}
