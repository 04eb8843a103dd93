package evasions

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The check as it was before the block fast path (main ca915f5): the
// reference the fast path must match byte for byte.

// refCheckText fills found[k] with the evidence for each category k the text
// falls in. Most texts are ASCII without controls, where only runs, blobs,
// the share of text and white space can be found: refCheckASCII looks for
// those alone, on a table of byte classes, and the full check runs only
// when it finds something or the text is not plain ASCII.
func refCheckText(t []byte, found *[numEvasionKinds]string) {
	if len(t) == 0 {
		found[iEmpty] = "the text is empty"
		return
	}
	if refPlainASCII(t) && !refCheckASCII(t) {
		refTextRules(t, found)
		return
	}
	refCheckFull(t, found)
	bomText(t, found)   // recall7.go
	blankText(t, found) // recall14.go
	refTextRules(t, found)
}

// refTextRules runs the rules that look at a whole text, after either
// path of refCheckText, in the order checkText runs them.
func refTextRules(t []byte, found *[numEvasionKinds]string) {
	voidText(t, found)         // recall18.go
	recall39(t, found)         // recall39.go
	b64TailLine(t, found)      // recall23.go
	utf7Tail(t, found)         // recall27.go
	refKeyRun(t, found)        // recall31.go
	groupB64(t, found)         // b64groups.go
	foldedB64(t, found)        // b64fold.go
	refRot13(t, found)         // recall34.go
	qpBinary(t, len(t), found) // recall37.go
	looks40(t, found)          // recall40.go
	utf16Text(t, len(t)-utf8.RuneCount(t), found)
}

// refPlainASCII reports whether t is ASCII without control characters.
func refPlainASCII(t []byte) bool {
	for _, c := range t {
		if c >= utf8.RuneSelf || asciiEv[c]&acControl != 0 {
			return false
		}
	}
	return true
}

// refCheckASCII reports whether a plain ASCII text may fall in a category:
// a long run, a blob (a hex dump too), a lone-surrogate escape written
// out, little text or only white space. It is exact: when it says no,
// refCheckFull would find nothing.
func refCheckASCII(t []byte) bool {
	texty, run, b64, hex := 0, 0, 0, 0
	b64Classes, hexClasses := 0, 0
	allSpace := true
	var prev byte
	brk := 0                // line breaks in a row, CR and LF mixed
	hs, bl, blSp := 0, 0, 0 // spaces and tabs in a row; blank lines' line breaks in a row, the spaces and tabs since the last (wsmix.go)
	dump, dumpCl := 0, 0    // hexDump's run, kept at the ends of the hex runs above
	var lf int8
	urlDone := 0 // base64url runs are read up to here
	qpDone := 0  // runs of =20 are read up to here (qp.go)
	for i, c := range t {
		cl := asciiEv[c]
		texty += int(cl & acTexty)
		if escUnitAt(t, i) {
			if _, _, _, blob := escRun(t, i); blob {
				return true // a run of escapes (blobs.go)
			}
		}
		if k, _, _ := pctEvasion(t, i); c == '%' && k >= 0 {
			return true // percent escapes of an invisible or bidi character (recall14.go)
		}
		if c == '`' {
			if start, _ := uuFile(t, i); start >= 0 {
				return true // a uuencoded file (blobs.go)
			}
		}
		if c == '\\' || c == '`' {
			if _, _, blob := a85Run(t, i); blob {
				return true // Ascii85 (blobs.go)
			}
		}
		if c == '`' || c == '~' {
			if _, _, blob := b85Run(t, i); blob {
				return true // RFC 1924 base85 (recall13.go, recall16.go)
			}
		}
		if c == '~' {
			if done := 0; a85TildeBlob(t, i, &done) {
				return true // Ascii85 beside a tilde (recall16.go)
			}
		}
		if c == ';' && dataURIs && dataURIAt(t, i) {
			return true // a data URI (datauri.go)
		}
		if c == '(' && jsAt(t, i) {
			return true // a script's character codes or atob (recall19.go)
		}
		if k, _ := uEscEvasion(t, i, false); c == '\\' && k >= 0 {
			return true // an escape of a format character, letters and digits as escapes (recall6.go)
		}
		if c == '\\' && cssEnd(t, i) >= 0 {
			if _, _, _, blob := cssRun(t, i); blob {
				return true // CSS escapes of letters and digits (recall29.go)
			}
		}
		if c == '=' {
			var f [numEvasionKinds]string
			if qpFind(t, i, &f, &qpDone); f != ([numEvasionKinds]string{}) {
				return true // quoted-printable escapes of an evasion (qp.go)
			}
		}
		if k, _ := entEvasion(t, i); c == '&' && (k >= 0 || entBlob(t, i)) {
			return true // an entity of an invisible or bidi character, a URL written as entities (entities.go)
		}
		if b64urls && i >= urlDone && urlByte(c) {
			_, hi, _, blob := b64urlRun(t, i)
			if blob {
				return true // a base64url run (b64url.go)
			}
			urlDone = hi
		}
		if c == '\r' && bareCR(t, i, &lf) {
			return true // a carriage return inside a line
		}
		if c == '0' && binaryFirst(t, i) && binaryBlob(t, i) {
			return true // 8-bit groups of binary digits (recall23.go)
		}
		if cl&acSpace == 0 {
			allSpace = false
		}
		if c == prev {
			run++
			if run >= asciiRunMin(c) {
				return true
			}
		} else {
			prev, run = c, 1
		}
		if c == '\n' || c == '\r' {
			if brk++; brk >= runBreakMin {
				return true
			}
		} else {
			brk = 0
		}
		switch { // runs of white space, bytes mixed (wsmix.go)
		case c == ' ' || c == '\t':
			if hs++; hs >= runSpaceMin {
				return true
			}
			if blSp++; blSp > blankLineSpaceMax {
				bl = 0
			}
		case c == '\n' || c == '\r':
			hs, blSp = 0, 0
			if bl++; bl >= runBreakMin {
				return true
			}
		default:
			hs, bl, blSp = 0, 0, 0
		}
		switch {
		case cl&acB64 != 0:
			b64++
			b64Classes |= caseClass(c)
		case (c == '\n' || c == '\r') && b64 > 0:
		default:
			if b64 >= blobB64Min && (b64Classes == 7 || b64Classes == 5 || b64Classes == 6) || c == '\\' && loneSurrogateEscape(t, i) || c == '\\' && xEscAt(t, i) && xDumpBlob(t, i) || sepOrCodeAt(t, i) && sepDumpBlob(t, i) {
				return true
			}
			b64, b64Classes = 0, 0
		}
		if cl&acHex != 0 {
			hex++
			hexClasses |= 1 << (cl & acLetter >> 4)
		} else {
			if hex >= blobHexMin && hexClasses == 3 {
				return true
			}
			// hexDump.step, on the group of hex digits that just ended
			// (nothing to do between words of prose: hex and dump are 0).
			if hex|dump != 0 {
				if hex == 2 || hex == 4 {
					dump += hex
					dumpCl |= hexClasses
				}
				if cl&acSpace == 0 || hex != 0 && hex != 2 && hex != 4 {
					if dump >= dumpLineMin && dumpCl == 3 {
						return true // a blob, or a dump line if an offset is before it
					}
					dump, dumpCl = 0, 0
				}
				hex, hexClasses = 0, 0
			}
		}
	}
	if hex == 2 || hex == 4 {
		dump += hex
		dumpCl |= hexClasses
	}
	return allSpace || refPhrase(t) != "" || refLineRun(t) != "" || refSubjectRun(t) != "" || b64 >= blobB64Min && (b64Classes == 7 || b64Classes == 5 || b64Classes == 6) || hex >= blobHexMin && hexClasses == 3 || dump >= dumpLineMin && dumpCl == 3 ||
		nonTextEvidence(t, len(t), texty, 0) != ""
}

// refCheckFull is the full check, one pass over the characters.
func refCheckFull(t []byte, found *[numEvasionKinds]string) {
	var (
		chars, texty         int
		runChar              rune
		runLen, runStart     int
		brkLen, brkStart     int
		hsLen, hsStart       int // spaces and tabs in a row (wsmix.go)
		blLen, blStart, blSp int // blank lines' line breaks in a row, the spaces and tabs since the last
		b64Len, b64Start     int
		b64Up, b64Lo, b64Dig bool
		hexLen, hexStart     int
		hexDig, hexLet       bool
		wordStart            = -1
		wordScripts          wordScripts
		allSpace             = true
		dump                 hexDump
		fffd, fffdAt         int // U+FFFD characters, the first's offset
		esc, escAt           int // lone-surrogate escapes written out, the first's offset
		wsOther, wsAt        int // non-ASCII white space in the current run of white space, the first's offset
		marks                int // combining marks in a row
		span                 b64Span
		lf                   int8 // the text has a line feed (bareCR)
		latin                int8 // latinText's cache (lookalikeWord)
		cjk                  int8 // cjkText's cache (fullwidthWord)
		sym                  symBlock
		styled               styledRun
		qpDone               int    // runs of =20 read up to here (qp.go)
		l12                  look12 // recall12.go
		hookDone, acuteDone  int    // recall22.go

		yenc yencLook // yEnc parts (recall20.go)
	)
	endWord := func(end int) {
		if wordStart >= 0 && found[iMixed] == "" {
			found[iMixed] = mixedWordEvidence(t, wordStart, end, &wordScripts, &latin, &cjk)
		}
		wordStart = -1
		wordScripts = [numScripts]int{}
	}
	endB64 := func() {
		if b64Len >= blobB64Min && b64Up && b64Lo && b64Dig && found[iBlob] == "" && !notBase64(t, b64Start) {
			found[iBlob] = b64Evidence(t, b64Len, b64Start, 0)
		} else if b64Len >= blobB64Min && b64Up && b64Dig && found[iBlob] == "" {
			if n, from := base32Len(t, b64Start); n > 0 {
				found[iBlob] = base32Evidence(t, n, from)
			}
		}
		if b64Len >= blobB64Min && b64Lo && b64Dig && found[iBlob] == "" {
			if n, from := base32Lower(t, b64Start); n > 0 {
				found[iBlob] = base32Evidence(t, n, from) // recall11.go
			}
		}
		b64Len, b64Up, b64Lo, b64Dig = 0, false, false, false
	}
	urlStart, urlLen := 0, 0 // the run of base64url's alphabet (b64url.go)
	endURL := func() {
		if urlLen >= b64urlMin && found[iBlob] == "" {
			if lo, hi, _, blob := b64urlRun(t, urlStart); blob {
				found[iBlob] = b64urlEvidence(t, lo, hi)
			}
		}
		urlLen = 0
	}
	endDump := func(n, at int) {
		if n > 0 && found[iBlob] == "" && dumpBlob(t, n, at) {
			found[iBlob] = fmt.Sprintf("a hex dump: %d hex digits in groups between white space from byte %d: %s", n, at, quoteVisible(t[at:], 24))
		}
	}
	endHex := func() {
		if hexLen >= blobHexMin && hexDig && hexLet && found[iBlob] == "" && (hexAfterKey(t, hexStart) || !inBlob(t, hexStart, &span)) && !b64Line(t) && !hexToken(t, hexStart, hexLen) { // recall42.go
			found[iBlob] = fmt.Sprintf("%d hex digits from byte %d: %s", hexLen, hexStart, quoteVisible(t[hexStart:], 24))
		} else if hexLen == 8 && hexDig && !hexLet && found[iBlob] == "" && binaryFirst(t, hexStart) && binaryBlob(t, hexStart) {
			found[iBlob] = binaryEvidenceAt(t, hexStart) // recall23.go
		}
		hexLen, hexDig, hexLet = 0, false, false
	}
	for i := 0; i < len(t); {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[i:])
		}
		chars++
		isLetter := r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z') || r >= utf8.RuneSelf && unicode.IsLetter(r)
		isDigit := r >= '0' && r <= '9' || r >= utf8.RuneSelf && isDigitOther(r)
		isSpace := r == ' ' || r == '\t' || r == '\n' || r == '\r' || r >= utf8.RuneSelf && unicode.IsSpace(r)
		if isLetter || isDigit || isSpace {
			texty++
		}
		if !isSpace {
			allSpace = false
		}

		if r == '\r' && found[iControl] == "" && bareCR(t, i, &lf) {
			found[iControl] = bareCREvidence(t, i)
		}
		if sym.step(r, i, isLetter || isDigit || isSpace) && found[iNonText] == "" {
			found[iNonText] = sym.evidence(t)
		}
		if isMark(r) {
			if marks++; marks == markStackMin && found[iNonText] == "" {
				found[iNonText] = markStackEvidence(t, i)
			}
			if i >= l12.markDone && markAfterASCII(t, i) && found[iMixed] == "" {
				start, end, ok := markedWord(t, i) // recall12.go
				if l12.markDone = end; ok {
					found[iMixed] = markedEvidence(t, start, end)
				} else if start, end, ok := oneMarkWord(t, i, &l12.text); ok { // recall22.go
					found[iMixed] = oneMarkEvidence(t, start, end)
				}
			}
		} else {
			marks = 0
		}

		// Controls, invisible and bidi characters.
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && !plainControl(t, i), r == 0x7F, r >= 0x80 && r <= 0x9F:
			if found[iControl] == "" && found[iBlob] == "" {
				yenc.check(t, i, found) // recall20.go
			}
			if found[iControl] == "" && !lossyControl(t, i) && !cp1252Punct(t, i, r) {
				what := fmt.Sprintf("control character U+%04X", r)
				if r == 0x1B && i+1 < len(t) && t[i+1] == '[' {
					what = "ANSI escape sequence"
				}
				found[iControl] = fmt.Sprintf("%s at byte %d: %s", what, i, quoteVisible(t[contextStart(t, i):], 24))
				if r == '\f' && formFeedLine(t, i) {
					found[iControl] = formFeedEvidence(t, i) // recall30.go
				}
			}
		case r >= utf8.RuneSelf && r != utf8.RuneError && isBidi(r) && !plainBidiMark(t, i, r):
			if found[iBidi] == "" {
				found[iBidi] = fmt.Sprintf("bidirectional control U+%04X at byte %d: %s", r, i, quoteVisible(t[contextStart(t, i):], 24))
			}
		case r >= utf8.RuneSelf && r != utf8.RuneError && (isInvisible(r) && !(r == 0xFEFF && i == 0) && !plainJoiner(t, i, r) && !lossyInvisible(t, i, r) && !latin1SoftHyphen(t, i, r) || selectorInWord(t, i, r) || blankInvisible(t, i, r)):
			if found[iInvisible] == "" {
				found[iInvisible] = fmt.Sprintf("invisible character U+%04X at byte %d: %s", r, i, quoteVisible(t[contextStart(t, i):], 24))
			}
		}
		if r == '=' {
			qpFind(t, i, found, &qpDone) // qp.go
		}
		if r == '&' {
			if k, c := entEvasion(t, i); k >= 0 && found[k] == "" {
				found[k] = entEvidence(t, i, k, c) // entities.go
			}
		}

		// What a lossy decode leaves: U+FFFD (an invalid byte itself is
		// the invalid_utf8 finding's), or a lone surrogate escaped.
		if r == utf8.RuneError && size == 3 {
			if fffd == 0 {
				fffdAt = i
			}
			fffd++
		} else if r == '\\' && loneSurrogateEscape(t, i) {
			if esc == 0 {
				escAt = i
			}
			esc++
		}
		if r == '\\' && found[iBlob] == "" && xEscAt(t, i) {
			if lo, hi, blob := xDump(t, i); blob {
				found[iBlob] = xDumpEvidence(t, lo, hi)
			}
		}
		if r == '\\' {
			uEscCheck(t, i, found) // recall6.go
		}
		if found[iBlob] == "" && sepOrCodeAt(t, i) {
			if lo, hi, n, blob, code := sepOrCode(t, i); blob && code {
				found[iBlob] = codeListEvidence(t, lo, hi, n) // recall11.go
			} else if blob {
				found[iBlob] = sepDumpEvidence(t, lo, hi, n)
			}
		}
		if found[iBlob] == "" && r == '`' {
			if start, n := uuFile(t, i); start >= 0 {
				found[iBlob] = uuEvidence(t, start, n)
			}
		}
		if found[iBlob] == "" && (r == '\\' || r == '`') {
			if lo, hi, blob := a85Run(t, i); blob {
				found[iBlob] = a85Evidence(t, lo, hi)
			}
		}
		if found[iBlob] == "" && r == '\\' && cssEnd(t, i) >= 0 {
			if lo, hi, n, blob := cssRun(t, i); blob {
				found[iBlob] = cssEvidence(t, lo, hi, n) // recall29.go
			}
		}
		if found[iBlob] == "" && r == '~' {
			done := 0
			if lo, hi, blob := a85Tilde(t, i, &done); blob {
				found[iBlob] = a85Evidence(t, lo, hi) // recall16.go
			}
		}
		if found[iBlob] == "" && (r == '`' || r == '~') {
			if lo, hi, blob := b85Run(t, i); blob {
				found[iBlob] = b85Evidence(t, lo, hi) // recall13.go, recall16.go
			}
		}
		if found[iBlob] == "" && r < utf8.RuneSelf && escUnitAt(t, i) {
			if lo, hi, n, blob := escRun(t, i); blob {
				found[iBlob] = escEvidence(t, lo, hi, n)
			}
		}
		if r == '%' {
			if k, c, _ := pctEvasion(t, i); k >= 0 && found[k] == "" {
				found[k] = pctEvidence(t, i, k, c) // recall14.go
			}
		}

		// Styled letters in a row (styled.go), then words and their scripts.
		if found[iMixed] == "" && styled.step(r, i, size) {
			found[iMixed] = styledEvidence(t, &styled)
		}
		if i >= l12.styleDone && found[iMixed] == "" && styleLook(r) {
			start, end, ok := styleLookWord(t, i, size) // recall12.go
			if l12.styleDone = end; ok {
				found[iMixed] = latinLookEvidence(t, start, end, i)
			}
		}
		if isLetter {
			if wordStart < 0 {
				wordStart = i
			}
			if s := scriptOf(r); s != scriptOther && wordScripts[s] == 0 {
				wordScripts[s] = i + 1
			}
		} else if !(r >= utf8.RuneSelf && (unicode.Is(unicode.Mn, r) || wordInvisible(r))) { // recall15.go
			endWord(i)
		}
		if r == 0x0131 && i >= l12.dotDone && found[iMixed] == "" {
			start, end, ok := dotlessWord(t, i, &l12.text) // recall12.go
			if l12.dotDone = end; ok {
				found[iMixed] = latinLookEvidence(t, start, end, i)
			}
		}
		if openVowel(r) && i >= l12.openDone && found[iMixed] == "" {
			start, end, ok := openWord(t, i, &l12.text) // recall17.go
			if l12.openDone = end; ok {
				found[iMixed] = latinLookEvidence(t, start, end, i)
			}
		}
		if hookLetter(r) && i >= hookDone && found[iMixed] == "" { // recall22.go
			start, end, ok := hookWord(t, i, &l12.text)
			if hookDone = end; ok {
				found[iMixed] = latinLookEvidence(t, start, end, i)
			}
		}
		if acuteVowel(r) && i >= acuteDone && found[iMixed] == "" { // recall22.go
			start, end, ok := acuteWord(t, i, &l12.text)
			if acuteDone = end; ok {
				found[iMixed] = latinLookEvidence(t, start, end, i)
			}
		}
		if regionalIndicator(r) && found[iMixed] == "" && riWord(t, i) { // recall22.go
			found[iMixed] = riEvidence(t, i)
		}

		// Runs of one character; a presentation selector after a symbol
		// neither ends nor lengthens its run (recall14.go).
		inRun := selectorInRun(r, runChar)
		if inRun {
		} else if r == runChar && (!isSpace || r < utf8.RuneSelf) {
			runLen++
		} else {
			runChar, runLen, runStart = r, 1, i
		}
		if inRun {
		} else if r < utf8.RuneSelf && asciiEv[r]&acSpace != 0 {
			if found[iRepeated] == "" && runLen == asciiRunMin(byte(r)) {
				found[iRepeated] = fmt.Sprintf("%s repeated %d+ times from byte %d", quoteVisible(t[runStart:runStart+size], 8), runLen, runStart)
			}
		} else if found[iRepeated] == "" && (runLen == runWordMin && (isLetter || isDigit && r >= utf8.RuneSelf || r >= '1' && r <= '9' || r < utf8.RuneSelf && shoutByte(byte(r)) || r == '$' && dollarRun(t, runStart) || r == '*' && starRun(t, runStart) || symbolRun(r) || wideRun(t, runStart, r)) && !runInBlob(t, runStart, r, &span) && !b64Line(t) || runLen == runOtherMin && !ruleLine(t, runStart, runChar)) {
			found[iRepeated] = fmt.Sprintf("%s repeated %d+ times from byte %d", quoteVisible(t[runStart:runStart+size], 8), runLen, runStart)
		}
		// Line breaks in a row, CR and LF mixed.
		if r == '\n' || r == '\r' {
			if brkLen == 0 {
				brkStart = i
			}
			if brkLen++; brkLen == runBreakMin && found[iRepeated] == "" {
				found[iRepeated] = breakRunEvidence(t, brkStart)
			}
		} else {
			brkLen = 0
		}
		// Runs of white space, bytes mixed (wsmix.go).
		switch {
		case r == ' ' || r == '\t':
			if hsLen == 0 {
				hsStart = i
			}
			if hsLen++; hsLen == runSpaceMin && found[iRepeated] == "" {
				found[iRepeated] = fmt.Sprintf("%d+ spaces and tabs in a row from byte %d", hsLen, hsStart)
			}
			if blSp++; blSp > blankLineSpaceMax {
				blLen = 0
			}
		case r == '\n' || r == '\r':
			hsLen, blSp = 0, 0
			if blLen == 0 {
				blStart = i
			}
			if blLen++; blLen == runBreakMin && found[iRepeated] == "" {
				found[iRepeated] = blankLinesEvidence(blStart)
			}
		default:
			hsLen, blLen, blSp = 0, 0, 0
		}
		// Runs of white space are not runs of one character above (indents,
		// blank lines), but one holding runOtherMin non-ASCII white space
		// characters (no-break spaces, U+2000 to U+200A, U+3000...), ASCII
		// spaces between them allowed, is.
		switch {
		case !isSpace:
			wsOther = 0
		case r >= utf8.RuneSelf:
			if wsOther == 0 {
				wsAt = i
			}
			wsOther++
			if wsOther == runSpaceOtherMin && found[iRepeated] == "" {
				w, _ := utf8.DecodeRune(t[wsAt:])
				found[iRepeated] = fmt.Sprintf("%d+ non-ASCII white space characters (the first U+%04X) in a run of white space from byte %d", wsOther, w, wsAt)
			}
		}

		// Base64 (line breaks allowed inside) and hex.
		switch {
		case r < utf8.RuneSelf && (isLetter || isDigit || r == '+' || r == '/' || r == '='):
			if b64Len == 0 {
				b64Start = i
			}
			b64Len++
			b64Up = b64Up || r >= 'A' && r <= 'Z'
			b64Lo = b64Lo || r >= 'a' && r <= 'z'
			b64Dig = b64Dig || isDigit
		case (r == '\n' || r == '\r') && b64Len > 0:
		default:
			endB64()
		}
		if r < utf8.RuneSelf && (isDigit || r|0x20 >= 'a' && r|0x20 <= 'f') {
			if hexLen == 0 {
				hexStart = i
			}
			hexLen++
			hexDig = hexDig || isDigit
			hexLet = hexLet || !isDigit
		} else {
			endHex()
		}
		cl := uint8(0)
		if r < utf8.RuneSelf {
			cl = asciiEv[r]
		}
		if cl&acHex != 0 || dump.group|dump.digits != 0 {
			endDump(dump.step(cl, i))
		}
		if b64urls {
			if r < utf8.RuneSelf && urlByte(byte(r)) {
				if urlLen == 0 {
					urlStart = i
				}
				urlLen++
			} else {
				endURL()
			}
		}
		if found[iBlob] == "" && r == ';' && dataURIs {
			if lo, n, blob := dataURIRun(t, i); blob {
				found[iBlob] = dataURIEvidence(t, lo, n)
			}
		}
		if found[iBlob] == "" && r == '(' && jsAt(t, i) {
			found[iBlob] = jsEvidence(t, i) // recall19.go
		}
		if found[iBlob] == "" && r == '&' && entBlob(t, i) {
			found[iBlob] = entBlobEvidence(t, i) // entities.go, recall7.go
		}
		i += size
	}
	endWord(len(t))
	endB64()
	endHex()
	endDump(dump.step(0, len(t)))
	if b64urls {
		endURL()
	}
	if found[iRepeated] == "" {
		found[iRepeated] = refRepeated36(t) // refPhrase's or refLineRun's (recall36.go), the first by start
		if found[iRepeated] == "" {
			found[iRepeated] = refSubjectRun(t) // recall32.go
		}
	}
	switch {
	case fffd > 0:
		found[iReplacement] = fmt.Sprintf("%d U+FFFD replacement %s, the first at byte %d: %s", fffd, plural(fffd, "character"), fffdAt, quoteVisible(t[contextStart(t, fffdAt):], 24))
		if esc > 0 {
			found[iReplacement] += fmt.Sprintf("; %d lone-surrogate %s, the first at byte %d", esc, plural(esc, "escape"), escAt)
		}
	case esc > 0:
		found[iReplacement] = fmt.Sprintf("%d lone-surrogate %s written out, the first at byte %d: %s", esc, plural(esc, "escape"), escAt, quoteVisible(t[contextStart(t, escAt):], 24))
	}
	found[iMojibake] = mojibakeEvidence(t)
	if found[iMojibake] == "" {
		found[iMojibake] = cp1252Evidence(t) // recall38.go
	}
	if found[iReplacement] == "" {
		found[iReplacement] = refMojibakeFFFD(t) // recall28.go
	}
	if allSpace {
		found[iWhitespace] = fmt.Sprintf("the text is %d characters of white space", chars)
	} else if found[iNonText] == "" {
		found[iNonText] = nonTextEvidence(t, chars, texty, fffd)
	}
	if found[iNonText] == "" && found[iControl] != "" {
		found[iNonText] = binaryEvidence(t, chars)
		if found[iNonText] == "" {
			found[iNonText] = gzipEvidence(t) // recall23.go
		}
	}
}

// refPhrase is phraseEvidence by brute force (phrase.go's rule): for
// every period, every stretch where each byte equals the byte p later,
// made as long as it goes; the first by start (then by period) of those
// long enough whose unit is words of letters. A stretch too short
// (phraseMinReps units) or starting after the one kept is passed over
// before its unit is looked at (session 30: the unit's tests, a regular
// expression on each rotation, ran on every pair of equal bytes, and
// refPhrase was nearly all of the package's test time: with refFound,
// TestBlobEncodingsMixed went from 281 s to 5.5 s under load 12-20).
func refPhrase(t []byte) string {
	ev, _ := refPhraseAt(t)
	return ev
}

// refPhraseAt is refPhrase with the start of its stretch, -1 when it
// has none.
func refPhraseAt(t []byte) (string, int) {
	a, p, l := -1, 0, 0
	for c := 2; c <= longMaxPeriod; c++ { // over phraseMaxPeriod: recall24long.go
		for j := 0; j+c < len(t); {
			if t[j] != t[j+c] {
				j++
				continue
			}
			k := j
			for k+c < len(t) && t[k] == t[k+c] {
				k++
			}
			n := k - j + c // the stretch [j, k+c)
			if n < phraseMinReps*c || a >= 0 && j >= a {
				j = k + 1 // too short, or not the first: the unit's tests below would not take it
				continue
			}
			unit, letters, ws := t[j:j+c], 0, 0
			for _, b := range unit {
				switch {
				case b|0x20 >= 'a' && b|0x20 <= 'z':
					letters++
				case b == ' ' || b == '\t' || b == '\n':
					ws++
				case strings.IndexByte("!?.,'\"-", b) >= 0:
				default:
					letters = -1000
				}
			}
			if c <= phraseMaxPeriod && (letters > 0 && ws >= 1 && ws <= 3 && n >= phraseMinBytes || n >= entityMinBytes && refEntityUnit(unit) || n >= padMinBytes && refPadUnit(unit) || refUnit24(unit, n) || refUnit28(unit, n) || refUnit32(unit, n) || refUnit36(unit, n)) || c >= longMinPeriod && refLongUnit(unit, n) {
				a, p, l = j, c, n
			}
			j = k + 1
		}
	}
	if a < 0 {
		return "", -1
	}
	return fmt.Sprintf("%s repeated %d times from byte %d", quoteVisible(t[a:a+p], phraseMaxPeriod), l/p, a), a
}

// refEntityUnit reports whether some rotation of u is one HTML entity:
// & then letters, digits or # (one at least), then ; (phrase.go).
func refEntityUnit(u []byte) bool {
	for k := range u {
		r := string(u[k:]) + string(u[:k])
		if refEntityRe.MatchString(r) {
			return true
		}
	}
	return false
}

var refEntityRe = regexp.MustCompile(`^&[A-Za-z0-9#]+;$`)

// refPadUnit reports whether some rotation of u is HTML tags, entities
// and white space alone, one tag at least, or u
// is punctuation and white space alone (recall8.go), and a unit the
// windows' candidates reach: one to three white-space bytes, or none and
// one &, or neither and no byte three times.
func refPadUnit(u []byte) bool {
	if !utf8.Valid(u) || len(u) != utf8.RuneCount(u) {
		return false // ASCII alone
	}
	if bytes.IndexByte(u, '<') < 0 && bytes.ContainsFunc(u, func(r rune) bool { return r < 0x80 && alnumRune(r) }) {
		return false // text, not markup
	}
	tags := false
	for k := range u {
		if u[k] == '<' && refTagsRe.Match(append(append([]byte{}, u[k:]...), u[:k]...)) { // a rotation from a tag's start
			tags = true
			break
		}
	}
	if !tags && !refPunctRe.Match(u) {
		return false
	}
	ws := strings.Count(string(u), " ") + strings.Count(string(u), "\t") + strings.Count(string(u), "\n") + strings.Count(string(u), "\r")
	amps := strings.Count(string(u), "&")
	switch {
	case ws > 0:
		return ws <= 3
	case amps > 0:
		return amps == 1
	}
	for _, c := range u {
		if strings.Count(string(u), string(c)) > 2 {
			return false
		}
	}
	return true
}

var (
	refTagsRe  = regexp.MustCompile(`^(<[A-Za-z/!][^<>]*>|&[A-Za-z0-9#]+;|[ \t\n\r])*<[A-Za-z/!][^<>]*>(<[A-Za-z/!][^<>]*>|&[A-Za-z0-9#]+;|[ \t\n\r])*$`)
	refPunctRe = regexp.MustCompile(`^[ \t\n!-/:-@\[-\x60{-~]*[!-/:-@\[-\x60{-~][ \t\n!-/:-@\[-\x60{-~]*$`)
)

// caseClass is 1 for an upper-case letter, 2 for lower case, 4 for a digit.
func caseClass(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return 1
	case c >= 'a' && c <= 'z':
		return 2
	case c >= '0' && c <= '9':
		return 4
	}
	return 0
}

// sepDumpBlob reports whether the separated hex dump or the list of
// character codes through the separator t[i] is a blob.
func sepDumpBlob(t []byte, i int) bool {
	_, _, _, blob, _ := sepOrCode(t, i) // lists of character codes too (recall11.go)
	return blob
}

// xDumpBlob reports whether the \x dump through t[i] is a blob.
func xDumpBlob(t []byte, i int) bool {
	_, _, blob := xDump(t, i)
	return blob
}

// checkAgainstRef runs checkText on tx and fails t unless refCheckText
// finds the same (the fast path against the reference); it returns what
// was found.
func checkAgainstRef(t *testing.T, tx []byte) [numEvasionKinds]string {
	t.Helper()
	var want [numEvasionKinds]string
	refCheckText(tx, &want)
	return checkAgainstWant(t, tx, want)
}

// checkAgainstWant runs checkText on tx and fails t unless it finds want,
// refCheckText's finding on tx (refFound); it returns what was found.
func checkAgainstWant(t *testing.T, tx []byte, want [numEvasionKinds]string) [numEvasionKinds]string {
	t.Helper()
	var got [numEvasionKinds]string
	checkText(tx, &got)
	if got != want {
		t.Fatalf("checkText(%q) = %q, want %q", tx[:min(len(tx), 300)], got, want)
	}
	return got
}

// refFound is refCheckText's finding on each of texts. The reference
// does not depend on the kernel path, so a test over every path
// (chunkPaths) computes it once, before the paths, and holds each path
// to it with checkAgainstWant: session 30, the reference was ~half of
// the package's test time when computed again on every path.
func refFound(texts [][]byte) [][numEvasionKinds]string {
	want := make([][numEvasionKinds]string, len(texts))
	for i, tx := range texts {
		refCheckText(tx, &want[i])
	}
	return want
}

// withOffsets is texts, each followed, for the first n of them, by its
// tails from offsets 1-69 (the block and chunk boundaries).
func withOffsets(texts [][]byte, n int) [][]byte {
	var out [][]byte
	for i, tx := range texts {
		out = append(out, tx)
		if i < n {
			for off := 1; off < 70 && off < len(tx); off++ {
				out = append(out, tx[off:])
			}
		}
	}
	return out
}

// checkPathsAgainstRef holds checkText to refCheckText on s through every
// kernel path (chunkPaths): the body of the fuzz tests of recall13.go,
// recall16.go and rfc2047.go.
func checkPathsAgainstRef(t *testing.T, s string) {
	t.Helper()
	var want [numEvasionKinds]string
	refCheckText([]byte(s), &want)
	for _, path := range chunkPaths() {
		var got [numEvasionKinds]string
		restore := path.Use()
		checkText([]byte(s), &got)
		restore()
		if got != want {
			t.Fatalf("%s: checkText(%q) = %q, want %q", path.Name, s, got, want)
		}
	}
}

// foundKinds names the categories found holds a reason for, in order,
// leaving out the one at index skip (-1 for none).
func foundKinds(found [numEvasionKinds]string, skip int) []string {
	var got []string
	for k, e := range found {
		if e != "" && k != skip {
			got = append(got, evasionKinds[k])
		}
	}
	return got
}

// ruleCase is a text a rule is tested on and the categories found (for a
// rule behind a switch, dataURIs or b64urls, with the switch on).
type ruleCase struct {
	name string
	text string
	want []string
}

// checkRuleCases holds checkText to refCheckText on every path for each
// case, its text at offsets 0-69 after prose cut short (the block and
// chunk boundaries), with text going on after it and ending there, and
// wants its categories (non_text aside).
func checkRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range cases {
				for pad := range 70 {
					for _, tail := range []string{" after", ""} {
						tx := strings.Repeat("word.", 30)[:pad] + tt.text + tail
						found := checkAgainstRef(t, []byte(tx))
						if got := foundKinds(found, iNonText); fmt.Sprint(got) != fmt.Sprint(tt.want) {
							t.Fatalf("%s, pad %d: checkText(%q) = %q, want %v", tt.name, pad, tx[:min(len(tx), 120)], found, tt.want)
						}
					}
				}
			}
		})
	}
}

// checkTextsAtOffsets holds checkText to refCheckText on every path for
// each of texts, whole, and the first 200 also from offsets 1-69 (the
// block and chunk boundaries).
func checkTextsAtOffsets(t *testing.T, texts [][]byte) {
	t.Helper()
	texts = withOffsets(texts, 200)
	want := refFound(texts)
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for i, tx := range texts {
				checkAgainstWant(t, tx, want[i])
			}
		})
	}
}

// checkSwitchedRule holds the cases of the rule *on switches to the
// reference, with the switch off and on, on every path (the kernel's,
// with the switch on, only when kernel says it stops for the rule), each
// text at offsets 0-69 after prose cut short: with the switch off a case
// is still found only when kept(its name) says another rule finds it.
func checkSwitchedRule(t *testing.T, on *bool, kernel bool, cases []ruleCase, kept func(name string) bool) {
	t.Helper()
	defer func(was bool) { *on = was }(*on)
	for _, sw := range []bool{false, true} {
		*on = sw
		for _, path := range chunkPaths() {
			if sw && path.Name == "kernel" && !kernel {
				continue
			}
			t.Run(fmt.Sprint(path.Name, sw), func(t *testing.T) {
				defer path.Use()()
				for _, tt := range cases {
					want := tt.want
					if !sw && !kept(tt.name) {
						want = nil
					}
					for pad := range 70 {
						tx := strings.Repeat("word.", 30)[:pad] + tt.text + " after"
						found := checkAgainstRef(t, []byte(tx))
						if got := foundKinds(found, iNonText); fmt.Sprint(got) != fmt.Sprint(want) {
							t.Fatalf("%s, pad %d: checkText(%q) = %q, want %v", tt.name, pad, tx[:min(len(tx), 120)], found, want)
						}
					}
				}
			})
		}
	}
}
