// Package evasions flags rows that carry what rule-based cleaning lets
// through: invisible and bidirectional-control characters, other
// controls, U+FFFD replacement characters and lone-surrogate escapes
// (the trace of bytes lost to a lossy decode), words mixing scripts
// (homoglyphs), long repeated runs (non-ASCII white space included),
// base64 and hex blobs (hex dumps with spaces between the bytes
// included), text that is mostly not text, and empty or white-space-only
// texts. Each is a subkind of the cleaning_evasion
// finding.
//
// Checker is a mergeable accumulator: one per worker, Add batches, Merge
// the others in a fixed order, then Result. Counts are exact and the rows
// listed per category are the first by input position
// (finding.Examples), so for any split of the input into batches and
// workers, a.Add(b1); a.Add(b2) ≡ a.Add(b1); o.Add(b2); a.Merge(o). A row
// is checked on its own (checkText), in one pass, ASCII from a table.
package evasions

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// The categories of text a rule-based cleaner lets through, in report
// order. Each is a finding subkind of finding.KindCleaningEvasion.
const (
	Invisible   = "invisible_char"   // zero-width and other invisible format characters
	Bidi        = "bidi_control"     // bidirectional overrides and isolates
	Control     = "control_char"     // C0/C1 controls other than tab and newlines, DEL, ANSI escapes
	Replacement = "replacement_char" // U+FFFD or a lone-surrogate escape \udcNN written out: bytes lost to a lossy decode
	MixedScript = "mixed_script"     // a word mixing Latin, Cyrillic and Greek letters: homoglyphs
	Repeated    = "repeated_run"     // one character repeated at length
	Blob        = "encoded_blob"     // base64 or hex
	NonText     = "non_text"         // mostly symbols, box drawing, emoji
	Empty       = "empty_text"
	Whitespace  = "whitespace_only"
)

var evasionKinds = []string{Invisible, Bidi, Control, Replacement, MixedScript, Repeated, Blob, NonText, Empty, Whitespace}

// Thresholds. Measured against ordinary mail (the SpamAssassin sample):
// separator lines of 70-odd dashes or equals signs, message ids and hashes
// of 32 to 40 hex digits must not be flagged.
const (
	runWordMin   = 20  // a letter or digit repeated this often: "aaaaaaaaaaaaaaaaaaaa"
	runOtherMin  = 100 // any other character (separator lines are shorter)
	blobB64Min   = 100 // base64 characters in a row, line breaks allowed, with upper, lower and digits
	blobHexMin   = 64  // hex digits in a row, with both digits and letters; or in a hex dump, groups of 2 or 4 between white space
	nonTextMin   = 20  // characters a text needs before non_text can be judged
	nonTextShare = 0.5 // the share of letters, digits and spaces below which a text is non_text
)

// Checker flags rows that carry what rule-based cleaning misses. It is a
// mergeable accumulator like stats.Summary; the rows listed per category
// are the first by position, so the result does not depend on workers.
type Checker struct {
	counts map[string]int64
	items  map[string]*finding.Examples
}

// NewChecker returns an empty Checker listing at most maxExamples rows
// per category (0: 1000; negative: none).
func NewChecker(maxExamples int) *Checker {
	e := &Checker{counts: map[string]int64{}, items: map[string]*finding.Examples{}}
	max := finding.MaxExamples(maxExamples)
	for _, k := range evasionKinds {
		l := finding.NewExamples(max)
		e.items[k] = &l
	}
	return e
}

// Add checks every row of a batch. It does not release the batch.
func (e *Checker) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	ids := finding.IDColumn(b)
	var found [numEvasionKinds]string
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		found = [numEvasionKinds]string{}
		checkText(t, &found)
		for k, reason := range found {
			if reason == "" {
				continue
			}
			kind := evasionKinds[k]
			e.counts[kind]++
			e.items[kind].Add(finding.Item{Pos: b.Pos(i), ID: finding.RowID(ids, i), Kind: kind, Reason: reason})
		}
	})
}

// Merge adds the counts and examples of other, a *Checker, to e; other
// must not be used afterwards (the law of analysis.Analyser).
func (e *Checker) Merge(other analysis.Analyser) error {
	o, ok := other.(*Checker)
	if !ok {
		return analysis.Mismatch(e, other)
	}
	for k, n := range o.counts {
		e.counts[k] += n
	}
	for k, l := range o.items {
		e.items[k].Merge(l)
	}
	return nil
}

// Result returns the rows flagged per cleaning-evasion category, the
// findings (in category order, then by position) and, per finding kind,
// how many were not listed.
//
// Replacement characters are checked here, in the same pass, but are not
// a cleaning evasion: like invalid UTF-8, they are the trace of a lossy
// decode upstream (ordinary mail carries them), so they are findings of
// their own kind, finding.KindReplacementChar, outside the category
// counts.
func (e *Checker) Result(files []string) (map[string]int64, []finding.Finding, map[string]int64) {
	var fs []finding.Finding
	unlisted := map[string]int64{}
	for _, k := range evasionKinds {
		kind, sub := finding.KindCleaningEvasion, k
		if k == Replacement {
			kind, sub = finding.KindReplacementChar, ""
		}
		items := e.items[k].List()
		for _, it := range items {
			fs = append(fs, finding.Finding{
				Kind: kind, Subkind: sub, Severity: finding.Warning,
				Rows: []finding.Row{finding.NewRow(files, it.Pos, it.ID)}, Evidence: it.Reason,
				At: finding.ByteOffset(it.Reason),
			})
		}
		if n := e.counts[k] - int64(len(items)); n > 0 {
			unlisted[kind] += n
		}
	}
	counts := map[string]int64{}
	for k, n := range e.counts {
		if k != Replacement {
			counts[k] = n
		}
	}
	return counts, fs, unlisted
}

// index of each kind in evasionKinds
const (
	iInvisible = iota
	iBidi
	iControl
	iReplacement
	iMixed
	iRepeated
	iBlob
	iNonText
	iEmpty
	iWhitespace
	numEvasionKinds
)

func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// isInvisible reports characters that render as nothing: format characters
// (Cf: zero-width space and joiners, word joiner, soft hyphen, BOM, tags)
// other than bidi controls, and the Hangul fillers.
func isInvisible(r rune) bool {
	// Other_Default_Ignorable_Code_Point adds the invisible characters
	// that are not format characters (Cf): the Hangul fillers (U+3164,
	// U+115F, U+1160, U+FFA0), U+034F COMBINING GRAPHEME JOINER, the
	// Khmer inherent vowels U+17B4 and U+17B5, unassigned tags.
	return unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || (unicode.Is(unicode.Cf, r) && !isBidi(r))
}

type script uint8

const (
	scriptOther script = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
)

func scriptOf(r rune) script {
	switch {
	case r < utf8.RuneSelf:
		if r|0x20 >= 'a' && r|0x20 <= 'z' {
			return scriptLatin
		}
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Greek, r):
		return scriptGreek
	}
	return scriptOther
}

func (s script) String() string {
	return [...]string{"other", "Latin", "Cyrillic", "Greek"}[s]
}

// Byte classes of the ASCII fast path.
const (
	acTexty   = 1 << iota // letter, digit or white space
	acWord                // letter or digit
	acB64                 // base64 alphabet
	acHex                 // hex digit
	acLetter              // letter (for hex: a letter, not a digit)
	acSpace               // white space
	acControl             // C0 control other than tab and newlines, or DEL
)

var asciiEv = func() (t [utf8.RuneSelf]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		letter := c|0x20 >= 'a' && c|0x20 <= 'z'
		digit := c >= '0' && c <= '9'
		space := c == ' ' || c == '\t' || c == '\n' || c == '\r'
		if letter || digit || space {
			t[c] |= acTexty
		}
		if letter || digit {
			t[c] |= acWord
		}
		if letter || digit || c == '+' || c == '/' || c == '=' {
			t[c] |= acB64
		}
		if digit || c|0x20 >= 'a' && c|0x20 <= 'f' {
			t[c] |= acHex
		}
		if letter {
			t[c] |= acLetter
		}
		if space {
			t[c] |= acSpace
		}
		if c < 0x20 && !space || c == 0x7F {
			t[c] |= acControl
		}
	}
	return t
}()

// checkText fills found[k] with the evidence for each category k the text
// falls in. Most texts are ASCII without controls, where only runs, blobs,
// the share of text and white space can be found: checkASCII looks for
// those alone, on a table of byte classes, and the full check runs only
// when it finds something or the text is not plain ASCII.
func checkText(t []byte, found *[numEvasionKinds]string) {
	if len(t) == 0 {
		found[iEmpty] = "the text is empty"
		return
	}
	if plainASCII(t) && !checkASCII(t) {
		return
	}
	checkFull(t, found)
}

// plainASCII reports whether t is ASCII without control characters.
func plainASCII(t []byte) bool {
	for _, c := range t {
		if c >= utf8.RuneSelf || asciiEv[c]&acControl != 0 {
			return false
		}
	}
	return true
}

// checkASCII reports whether a plain ASCII text may fall in a category:
// a long run, a blob (a hex dump too), a lone-surrogate escape written
// out, little text or only white space. It is exact: when it says no,
// checkFull would find nothing.
func checkASCII(t []byte) bool {
	texty, run, b64, hex := 0, 0, 0, 0
	b64Classes, hexClasses := 0, 0
	allSpace := true
	var prev byte
	dump, dumpCl := 0, 0 // hexDump's run, kept at the ends of the hex runs above
	for i, c := range t {
		cl := asciiEv[c]
		texty += int(cl & acTexty)
		if cl&acSpace == 0 {
			allSpace = false
		}
		if c == prev && cl&acSpace == 0 {
			run++
			if run >= runOtherMin || run >= runWordMin && cl&acWord != 0 {
				return true
			}
		} else {
			prev, run = c, 1
		}
		switch {
		case cl&acB64 != 0:
			b64++
			b64Classes |= caseClass(c)
		case (c == '\n' || c == '\r') && b64 > 0:
		default:
			if b64 >= blobB64Min && b64Classes == 7 || c == '\\' && loneSurrogateEscape(t, i) {
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
					if dump >= blobHexMin && dumpCl == 3 {
						return true
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
	return allSpace || b64 >= blobB64Min && b64Classes == 7 || hex >= blobHexMin && hexClasses == 3 || dump >= blobHexMin && dumpCl == 3 ||
		len(t) >= nonTextMin && float64(texty) < nonTextShare*float64(len(t))
}

// hexDump follows hex bytes written with white space between them, as
// hex dumps print them: "d3 da 8a 0f" or "d3da 8a0f". A run is groups of
// 2 or 4 hex digits, each followed by white space; it ends at any other
// character or group, and is a blob when its groups hold blobHexMin hex
// digits or more, with both digits and letters. Groups of other lengths
// are left to the contiguous hex rule. No allocation: four ints.
type hexDump struct {
	group, digits, start int   // digits in the current group and in the run's groups; byte where the run starts
	groupCl, runCl       uint8 // 1: a digit seen, 2: a letter seen
}

// step takes the class of the character at byte i (0 for a non-ASCII
// one; call it with 0 at the end of the text). When a run long enough has
// just ended, it returns its hex digits and the byte it starts at.
func (h *hexDump) step(cl uint8, i int) (digits, start int) {
	switch {
	case cl&acHex != 0:
		if h.group == 0 && h.digits == 0 {
			h.start = i
		}
		h.group++
		h.groupCl |= 1 << (cl & acLetter >> 4)
		return 0, 0
	case cl&acSpace != 0 && (h.group == 0 || h.group == 2 || h.group == 4):
		h.digits += h.group
		h.runCl |= h.groupCl
		h.group, h.groupCl = 0, 0
		return 0, 0
	}
	if h.group == 2 || h.group == 4 {
		h.digits += h.group
		h.runCl |= h.groupCl
	}
	if h.digits >= blobHexMin && h.runCl == 3 {
		digits, start = h.digits, h.start
	}
	*h = hexDump{}
	return digits, start
}

// loneSurrogateEscape reports whether t[i:] starts with a UTF-16
// surrogate written out as an escape, \uD800 to \uDFFF, that is not one
// half of a pair: what Python's surrogateescape error handler leaves of
// an undecodable byte (\udc80 to \udcff) once the text is escaped.
func loneSurrogateEscape(t []byte, i int) bool {
	u, ok := surrogateEscape(t, i)
	switch {
	case !ok:
		return false
	case u < 0xDC00: // high half: needs a low half next
		l, ok := surrogateEscape(t, i+6)
		return !ok || l < 0xDC00
	default: // low half: needs a high half before
		h, ok := surrogateEscape(t, i-6)
		return !ok || h >= 0xDC00
	}
}

// surrogateEscape reads an escape \uDxxx at t[i:] and returns the code
// unit when it is a surrogate.
func surrogateEscape(t []byte, i int) (uint16, bool) {
	if i < 0 || i+6 > len(t) || t[i] != '\\' || t[i+1] != 'u' && t[i+1] != 'U' {
		return 0, false
	}
	var u uint16
	for _, c := range t[i+2 : i+6] {
		if c >= utf8.RuneSelf || asciiEv[c]&acHex == 0 {
			return 0, false
		}
		d := c - '0'
		if c > '9' {
			d = c | 0x20 - 'a' + 10
		}
		u = u<<4 | uint16(d)
	}
	return u, u >= 0xD800 && u <= 0xDFFF
}

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

// mixedScripts reports whether a word has letters of more than one script.
func mixedScripts(ws *[4]int) bool {
	n := 0
	for s := scriptLatin; s <= scriptGreek; s++ {
		if ws[s] > 0 {
			n++
		}
	}
	return n > 1
}

// checkFull is the full check, one pass over the characters.
func checkFull(t []byte, found *[numEvasionKinds]string) {
	var (
		chars, texty         int
		runChar              rune
		runLen, runStart     int
		b64Len, b64Start     int
		b64Up, b64Lo, b64Dig bool
		hexLen, hexStart     int
		hexDig, hexLet       bool
		wordStart            = -1
		wordScripts          [4]int // first byte offset of each script in the word, +1
		allSpace             = true
		dump                 hexDump
		fffd, fffdAt         int // U+FFFD characters, the first's offset
		esc, escAt           int // lone-surrogate escapes written out, the first's offset
		wsOther, wsAt        int // non-ASCII white space in the current run of white space, the first's offset
	)
	endWord := func(end int) {
		if wordStart >= 0 && found[iMixed] == "" && mixedScripts(&wordScripts) {
			// The description is built only for a word that mixes scripts:
			// formatting it for every word was 10% of a scan --all.
			var parts, letters []string
			for s := scriptLatin; s <= scriptGreek; s++ {
				if off := wordScripts[s]; off > 0 {
					parts = append(parts, s.String())
					r, _ := utf8.DecodeRune(t[off-1:])
					letters = append(letters, fmt.Sprintf("%s %c U+%04X at byte %d", s, r, r, off-1))
				}
			}
			found[iMixed] = fmt.Sprintf("the word %s at byte %d mixes %s letters (first of each: %s)",
				quoteVisible(t[wordStart:end], 40), wordStart, strings.Join(parts, " and "), strings.Join(letters, ", "))
		}
		wordStart = -1
		wordScripts = [4]int{}
	}
	endB64 := func() {
		if b64Len >= blobB64Min && b64Up && b64Lo && b64Dig && found[iBlob] == "" {
			found[iBlob] = fmt.Sprintf("%d base64 characters from byte %d: %s", b64Len, b64Start, quoteVisible(t[b64Start:], 24))
		}
		b64Len, b64Up, b64Lo, b64Dig = 0, false, false, false
	}
	endDump := func(n, at int) {
		if n > 0 && found[iBlob] == "" {
			found[iBlob] = fmt.Sprintf("a hex dump: %d hex digits in groups between white space from byte %d: %s", n, at, quoteVisible(t[at:], 24))
		}
	}
	endHex := func() {
		if hexLen >= blobHexMin && hexDig && hexLet && found[iBlob] == "" {
			found[iBlob] = fmt.Sprintf("%d hex digits from byte %d: %s", hexLen, hexStart, quoteVisible(t[hexStart:], 24))
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
		isDigit := r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsNumber(r)
		isSpace := r == ' ' || r == '\t' || r == '\n' || r == '\r' || r >= utf8.RuneSelf && unicode.IsSpace(r)
		if isLetter || isDigit || isSpace {
			texty++
		}
		if !isSpace {
			allSpace = false
		}

		// Controls, invisible and bidi characters.
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7F, r >= 0x80 && r <= 0x9F:
			if found[iControl] == "" {
				what := fmt.Sprintf("control character U+%04X", r)
				if r == 0x1B && i+1 < len(t) && t[i+1] == '[' {
					what = "ANSI escape sequence"
				}
				found[iControl] = fmt.Sprintf("%s at byte %d: %s", what, i, quoteVisible(t[max(0, i-8):], 24))
			}
		case r >= utf8.RuneSelf && r != utf8.RuneError && isBidi(r):
			if found[iBidi] == "" {
				found[iBidi] = fmt.Sprintf("bidirectional control U+%04X at byte %d: %s", r, i, quoteVisible(t[max(0, i-8):], 24))
			}
		case r >= utf8.RuneSelf && r != utf8.RuneError && isInvisible(r) && !(r == 0xFEFF && i == 0):
			if found[iInvisible] == "" {
				found[iInvisible] = fmt.Sprintf("invisible character U+%04X at byte %d: %s", r, i, quoteVisible(t[max(0, i-8):], 24))
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

		// Words and their scripts.
		if isLetter {
			if wordStart < 0 {
				wordStart = i
			}
			if s := scriptOf(r); s != scriptOther && wordScripts[s] == 0 {
				wordScripts[s] = i + 1
			}
		} else if !(r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r)) {
			endWord(i)
		}

		// Runs of one character.
		if r == runChar && !isSpace {
			runLen++
		} else {
			runChar, runLen, runStart = r, 1, i
		}
		if found[iRepeated] == "" && (runLen == runWordMin && (isLetter || isDigit) || runLen == runOtherMin) {
			found[iRepeated] = fmt.Sprintf("%s repeated %d+ times from byte %d", quoteVisible(t[runStart:runStart+size], 8), runLen, runStart)
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
			if wsOther == runOtherMin && found[iRepeated] == "" {
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
		i += size
	}
	endWord(len(t))
	endB64()
	endHex()
	endDump(dump.step(0, len(t)))
	switch {
	case fffd > 0:
		found[iReplacement] = fmt.Sprintf("%d U+FFFD replacement %s, the first at byte %d: %s", fffd, plural(fffd, "character"), fffdAt, quoteVisible(t[max(0, fffdAt-8):], 24))
		if esc > 0 {
			found[iReplacement] += fmt.Sprintf("; %d lone-surrogate %s, the first at byte %d", esc, plural(esc, "escape"), escAt)
		}
	case esc > 0:
		found[iReplacement] = fmt.Sprintf("%d lone-surrogate %s written out, the first at byte %d: %s", esc, plural(esc, "escape"), escAt, quoteVisible(t[max(0, escAt-8):], 24))
	}
	if allSpace {
		found[iWhitespace] = fmt.Sprintf("the text is %d characters of white space", chars)
	} else if chars >= nonTextMin && float64(texty) < nonTextShare*float64(chars) {
		found[iNonText] = fmt.Sprintf("only %d of %d characters are letters, digits or spaces: %s", texty, chars, quoteVisible(t, 24))
	}
}

// quoteVisible shows up to max characters of b, with invisible, control
// and bidi characters and invalid bytes written as escapes.
func quoteVisible(b []byte, max int) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for n := 0; len(b) > 0 && n < max; n++ {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&sb, `\x%02x`, b[0])
		case r == '"' || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r == ' ' || unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r) && !isInvisible(r):
			sb.WriteRune(r)
		case r < 0x10000:
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			fmt.Fprintf(&sb, `\U%08x`, r)
		}
		b = b[size:]
	}
	if len(b) > 0 {
		sb.WriteString("…")
	}
	sb.WriteByte('"')
	return sb.String()
}

// plural is noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
