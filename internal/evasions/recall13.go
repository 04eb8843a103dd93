package evasions

import (
	"bytes"
	"math/bits"
	"strconv"
)

// Session 27: encodings that hide text and no rule read
// (benchmarks/evplant7.py's blind misses, and benchmarks/evplant9.py,
// a spammer's encodings of 2002-2024 planted by hand). Three rules and
// three widenings of others (below), no new instruction in the kernel:
//
//   - JavaScript's %u escapes (pctURun): unescape('%u0068%u0074...')
//     writes each character as % u and four hex digits (unescape takes
//     a lower-case u only), which escRun's units (% and two hex digits)
//     never were. A run of them, %XX units allowed among them (unescape
//     reads both), spanning escMinBytes or more is an encoded_blob: a
//     page's script hiding a phrase or a URL, or text that is not ASCII
//     written so (the =XX and %XX rule for those, escHiMin, is a blob at
//     that length too). The kernel stops for it where it stops for a
//     run of =XX or %XX escapes: the u is of ccSep now (one bit of the
//     class table, no instruction more), so a chunk of a %u run is a
//     chunk of separated hex (chunkSepHex), and a run of escMinBytes
//     holds one wherever chunks start; without the kernel, sepChunk's
//     look (sepWord) and its prose test (scan.blocks: a letter past f
//     other than u and x) take the u too. escUnitAt, escBits and
//     escCheck take a %u unit (pctUAt), and escRun hands a run to
//     pctURun from a %u unit or from a %XX run a %u escape joins
//     (pctUBeside): scan's escBlob and escBits and the full check's
//     escCheck read these runs where they read the others, the same run
//     from any of its units. corpus-200MB has no %u escape at all.
//   - RFC 1924 base85 (b85Run): Python's base64.b85encode and git's
//     binary patches write 0-9 A-Z a-z and !#$%&()*+-;<=>?@^_`{|}~,
//     which a85Run (! to u) cuts at each v w x y { | } ~. A run of that
//     alphabet on one line, a85Min characters or more, or lines of one
//     width (a85WrapMin or more) of it stacked as a85Wrapped stacks
//     Ascii85's, with upper- and lower-case letters, digits and an
//     eighth or more of other characters (b85SymShare), is an
//     encoded_blob. The alphabet has a backtick, which stops the kernel
//     (ccBackslash), and the rule is asked where uuFile is: at each
//     backtick scan's block loop and the full check read. A run of random bytes holds one with a chance of
//     1-(84/85)^n: 0.69 at 100 characters, 0.97 at 300. Z85 (ZeroMQ)
//     has neither backtick nor backslash: left (below).
//   - Bytes as 0x character codes (hexCodes): var k=[0x68,0x74,...], a
//     script's table of a URL or phrase, is a separated dump of sepDump's
//     (0x prefixes, one separator) under sepDumpMin units. As codeList
//     takes decimal codes: codeListMin units or more spanning
//     codeListBytes or more (a chunk the kernel stops at, chunkSepHex,
//     lies inside it wherever chunks start), each of a printable ASCII
//     character, half of them or more letters. corpus-200MB has no list
//     of 8 or more 0x units.
//
// And \x escapes of escAlnumMin ASCII letters or digits in a row are a
// blob at any length (xAlnumRun, asked by xDump at a backslash, where the
// kernel stops already): evplant7's js_x_escapes of a 26-character phrase
// were under xDumpMin. corpus-200MB's \x runs (shellcode, UTF-8 bytes in
// 36 rows) have no 4 letters or digits in a row.
//
// Uuencode in CRLF text is found too (uuPastCR, uuTrimCR, below).
//
// Recall (benchmarks/README.md, "A planter of encodings"): evplant7's
// encoded_blob 0.681; 0.667 -> 0.952; 0.957 (seeds 1; 2), evplant9's
// 0.483; 0.475 -> 0.705; 0.687; their controls the same rows, evplant.py,
// evplant3/4/5/6's findings the same but one evidence and one more
// uuencode row, corpus-200MB's identical.
//
// Cost against main fe7acf7 (evasions test binaries alternated under the
// CPU lock at load 11-13, thread CPU, 12 rounds a set, benchstat):
// BenchmarkCheckTextHot +0.9% and +3.1% (p=0.48, 0.20), AddCorpus/lazy
// +1.8% and +4.0% (p=0.63, 0.51) in two sets, when escBits and escCheck
// called escUnitAt (no longer inlined) at each = and % and escRun walked
// each %XX run for a %u escape first; with pctUAt and pctUBeside, Hot
// 460.0 -> 466.6 us (+1.4%, p=0.38), AddCorpus/lazy 16.97 -> 17.27 ms
// (+1.8%, p=0.38): not told apart from the noise (+-5%); in a profile of
// both, the %u test at a run's ends is 10 ms of 6.1 s. With
// blobAfterAny too (below), two more sets at load 11-19: Hot -5.4% and
// +0.3% (p=0.15, 0.76), AddCorpus/lazy +4.7% and +0.9% (p=0.11, 0.55);
// the three sets pooled (36 rounds): Hot 493.9 -> 492.7 us (p=0.98),
// AddCorpus/lazy 17.94 -> 18.40 ms (+2.6%, p=0.11).
//
// Looked at and left (evplant9 seeds 1 and 2): String.fromCharCode and
// arrays of 8 to 20 codes, atob('...') of a short URL, base64 cut into
// groups of four by spaces, Z85: the kernel stops nowhere in them (a
// stop of their own would cost every chunk: benchmarks/README.md's
// section). yEnc read as Latin-1 is a control_char finding already (its
// bytes 0x80-0x9F).

// pctUUnit reports whether a %u escape (% u and four hex digits) starts
// at t[u].
func pctUUnit(t []byte, u int) bool {
	return u >= 0 && u+6 <= len(t) && t[u] == '%' && t[u+1] == 'u' && hexByte(t[u+2]) && hexByte(t[u+3]) && hexByte(t[u+4]) && hexByte(t[u+5])
}

// pctUAt is pctUUnit behind a test of the byte after t[j], a % or =,
// that the inliner takes: escBits and escCheck ask it at each = and %
// that starts no %XX unit (quoted-printable's soft line breaks), where
// a call was the likely part of one set's +3.1% (below).
func pctUAt(t []byte, j int) bool {
	return j+1 < len(t) && t[j+1] == 'u' && pctUUnit(t, j)
}

// pctUnitLen is the length of the %u or %XX escape at t[u], or 0.
func pctUnitLen(t []byte, u int) int {
	switch {
	case pctUUnit(t, u):
		return 6
	case escUnit(t, u, '%'):
		return 3
	}
	return 0
}

// pctNext returns where the unit after the %u or %XX unit at t[u]
// starts, or -1: after a comma and a space or line feed, each optional,
// as escNext joins %XX units.
func pctNext(t []byte, u int) int {
	k := u + pctUnitLen(t, u)
	if k < len(t) && t[k] == ',' {
		k++
	}
	if k < len(t) && (t[k] == ' ' || t[k] == '\n') {
		k++
	}
	if pctUnitLen(t, k) > 0 {
		return k
	}
	return -1
}

// pctPrev returns where the unit before the unit at t[u] starts (the
// unit whose pctNext is u), or -1.
func pctPrev(t []byte, u int) int {
	for g := range 3 {
		for _, l := range [2]int{3, 6} {
			if p := u - l - g; p >= 0 && pctUnitLen(t, p) == l && pctNext(t, p) == u {
				return p
			}
		}
	}
	return -1
}

// pctUBeside reports whether a %u escape joins the run of %XX units
// from t[lo] to the unit at t[last] (escRun's) before or after it: then
// the run is pctURun's, whichever of its units escRun is asked at, so
// that it is the same run from any of them. A %XX unit there would have
// gone on with the run, so a unit there is a %u escape.
func pctUBeside(t []byte, lo, last int) bool {
	return pctPrev(t, lo) >= 0 || pctNext(t, last) >= 0
}

// pctURun returns the run of %u and %XX units (pctNext) through the unit
// at t[j], one holding a %u escape (pctUBeside): where it starts and ends,
// its units, and whether it is a blob: escMinBytes or more, or
// escAlnumMin %XX units in a row, no gap, of ASCII letters or digits (the
// rule of escRun's %XX runs, whose kernel stop is a % pair).
func pctURun(t []byte, j int) (lo, hi, n int, blob bool) {
	lo = j
	for p := pctPrev(t, lo); p >= 0; p = pctPrev(t, lo) {
		lo = p
	}
	alnum, alnumMax := 0, 0
	for u := lo; u >= 0; u = pctNext(t, u) {
		n++
		if u != hi {
			alnum = 0 // after a gap
		}
		if alnum++; pctUUnit(t, u) || !escAlnum(t, u) {
			alnum = 0
		}
		alnumMax = max(alnumMax, alnum)
		hi = u + pctUnitLen(t, u)
	}
	return lo, hi, n, hi-lo >= escMinBytes || alnumMax >= escAlnumMin
}

// pctUEvidence is the blob evidence of the run of %u escapes t[lo:hi] of
// n units, or "" when t[lo:hi] holds no %u escape (a run of escRun's).
func pctUEvidence(t []byte, lo, hi, n int) string {
	if t[lo] != '%' || !bytes.Contains(t[lo:hi], []byte("%u")) {
		return ""
	}
	return strconv.Itoa(n) + " characters written as %uXXXX escapes (JavaScript's unescape) from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// b85Byte reports whether c is of RFC 1924's base85 alphabet.
func b85Byte(c byte) bool {
	return c < 0x80 && b85Alphabet[c]
}

var b85Alphabet = func() (a [128]bool) {
	for _, c := range []byte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~") {
		a[c] = true
	}
	return a
}()

// b85Line returns the run of b85Byte characters through t[j] on its line.
func b85Line(t []byte, j int) (lo, hi int) {
	lo, hi = j, j+1
	for lo > 0 && b85Byte(t[lo-1]) {
		lo--
	}
	for hi < len(t) && b85Byte(t[hi]) {
		hi++
	}
	return lo, hi
}

// b85Whole reports whether t[lo:hi] is a whole line: a line break or the
// text's end either side (a carriage return before the line feed).
func b85Whole(t []byte, lo, hi int) bool {
	return (lo == 0 || t[lo-1] == '\n') && (hi == len(t) || t[hi] == '\n' || t[hi] == '\r')
}

// b85NextLine returns where the line after the one ending at t[hi]
// starts, or -1.
func b85NextLine(t []byte, hi int) int {
	if hi < len(t) && t[hi] == '\r' {
		hi++
	}
	if hi < len(t) && t[hi] == '\n' && hi+1 < len(t) {
		return hi + 1
	}
	return -1
}

// b85PrevLine returns the run of the line before the one starting at
// t[lo] when that line is a whole run of the alphabet, else ok false.
func b85PrevLine(t []byte, lo int) (plo, phi int, ok bool) {
	if lo < 2 || t[lo-1] != '\n' {
		return 0, 0, false
	}
	phi = lo - 1
	if t[phi-1] == '\r' {
		phi--
	}
	if phi == 0 || !b85Byte(t[phi-1]) {
		return 0, 0, false
	}
	plo, _ = b85Line(t, phi-1)
	return plo, phi, b85Whole(t, plo, phi)
}

// b85Run returns the RFC 1924 base85 run through the backtick at t[j]:
// where it starts and ends, and whether it is a blob. Not a blob, it is
// the run on t[j]'s line alone, the same from any of its backticks.
func b85Run(t []byte, j int) (lo, hi int, blob bool) {
	lo, hi = b85Line(t, j)
	if hi-lo >= a85Min {
		return lo, hi, b85Classes(t[lo:hi])
	}
	if !b85Whole(t, lo, hi) {
		return lo, hi, false
	}
	// Lines of one width w (the last no longer), a85WrapLines above
	// and twice as many below at most; t[j]'s line may be the last,
	// shorter than the one above.
	w, top, bot, last := hi-lo, lo, hi, false
	if plo, phi, ok := b85PrevLine(t, lo); ok && phi-plo > w {
		w, top, last = phi-plo, plo, true
	}
	if w < a85WrapMin || w >= a85Min {
		return lo, hi, false
	}
	for n := 0; n < a85WrapLines; n++ {
		plo, phi, ok := b85PrevLine(t, top)
		if !ok || phi-plo != w {
			break
		}
		top = plo
	}
	for n := 0; !last && n <= 2*a85WrapLines && bot-top < 4*a85Min; n++ {
		s := b85NextLine(t, bot)
		if s < 0 || !b85Byte(t[s]) {
			break
		}
		_, e := b85Line(t, s)
		if e-s > w || !b85Whole(t, s, e) {
			break
		}
		bot = e
		if e-s < w {
			break
		}
	}
	if b85Chars(t[top:bot]) < a85Min || !b85Classes(t[top:bot]) {
		return lo, hi, false
	}
	return top, bot, true
}

// b85Chars is the characters of the alphabet in b.
func b85Chars(b []byte) int {
	n := 0
	for _, c := range b {
		if b85Byte(c) {
			n++
		}
	}
	return n
}

// b85Classes reports whether the characters of the alphabet in b hold
// upper- and lower-case letters, digits and an eighth or more of others.
func b85Classes(b []byte) bool {
	var cl uint8
	n, sym := 0, 0
	for _, c := range b {
		if !b85Byte(c) {
			continue
		}
		n++
		if k := caseCl[c]; k != 0 {
			cl |= k
		} else {
			sym++
		}
	}
	return cl == clUpper|clLower|clDigit && b85SymShare*sym >= n
}

// b85SymShare: one in b85SymShare characters or more of a base85 run are
// neither letters nor digits. Random bytes give 0.27 (0.17 at the least
// of 300 runs of 75-750 characters), text 0.21 (0.14 at the least):
// a85Run's fifth missed one run in six of text (evplant9's rfc1924_line).
const b85SymShare = 8

// b85Evidence is the blob evidence of the base85 run t[lo:hi].
func b85Evidence(t []byte, lo, hi int) string {
	return strconv.Itoa(b85Chars(t[lo:hi])) + " base85 characters (RFC 1924) from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// b85Blob reports whether a base85 run that is a blob runs through a
// backtick of the block at t[i] (bt: their high bits). A run that is
// not a blob is read once (b85Done).
func (s *scan) b85Blob(t []byte, i int, bt uint64) bool {
	for ; bt != 0; bt &= bt - 1 {
		if j := i + bits.TrailingZeros64(bt)/8; j >= s.b85Done {
			_, hi, blob := b85Run(t, j)
			if blob {
				return true
			}
			s.b85Done = hi
		}
	}
	return false
}

// b85Check records the base85 run through the backtick t[i], which the
// full check reads, when it is a blob (b85Done: runs read).
func (f *full) b85Check(i int) {
	if f.found[iBlob] == "" && i >= f.b85Done {
		lo, hi, blob := b85Run(f.t, i)
		if f.b85Done = hi; blob {
			f.found[iBlob] = b85Evidence(f.t, lo, hi)
		}
	}
}

// hexCodes reports whether the separated dump t[lo:hi] of n units
// (sepDump's, not a blob) is a list of character codes written 0xHH:
// codeListMin units or more over codeListBytes or more, each of a
// printable ASCII character, half of them or more letters.
func hexCodes(t []byte, lo, hi, n int) bool {
	if n < codeListMin || hi-lo < codeListBytes || !sepPrefixed(t, lo+2) {
		return false
	}
	letters := 0
	for u := lo; u+4 <= hi; {
		v := hexVal(t[u+2])<<4 | hexVal(t[u+3])
		if v < 32 || v > 126 {
			return false
		}
		if v|0x20 >= 'a' && v|0x20 <= 'z' {
			letters++
		}
		for u += 4; u < hi && (t[u] == ',' || t[u] == ' '); u++ {
		}
	}
	return 2*letters >= n
}

// xAlnumRun reports whether the run of \xHH escapes t[lo:hi] (xDump's)
// holds escAlnumMin in a row of ASCII letters or digits: a string
// hidden from a keyword filter ("\x4c\x69\x6d\x69\x74\x65\x64"), as
// %XX escapes hide a URL (escapes.go) and \u00XX escapes a word
// (recall6.go).
func xAlnumRun(t []byte, lo, hi int) bool {
	n := 0
	for u := lo; u+4 <= hi; u += 4 {
		c := hexVal(t[u+2])<<4 | hexVal(t[u+3])
		if c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' {
			if n++; n >= escAlnumMin {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

// Uuencode in CRLF text (uuFile): a line's carriage return is no
// character of it, and the backtick line may end in one ("`\r\nend").
// evplant9's uuencode_file missed the rows written with CRLF (5% of
// them: 1 and 4 of 30).

// uuPastCR returns k, or k+1 past a carriage return at t[k].
func uuPastCR(t []byte, k int) int {
	if k < len(t) && t[k] == '\r' {
		return k + 1
	}
	return k
}

// uuTrimCR is l without a carriage return ending it.
func uuTrimCR(l []byte) []byte {
	if len(l) > 0 && l[len(l)-1] == '\r' {
		return l[:len(l)-1]
	}
	return l
}

// A blob of another encoding after a declared part (blobAfterAny): a row
// holding a base64 attachment, then a %XX URL, \x or \u escapes, HTML
// entities, uuencode or base85 that hide text, was an encoded_attachment,
// the blob behind it (b64Evidence keeps one evidence): blobAfterPart
// looks for base64 and hex alone. One planted row in 30 of nearly every
// such variant of evplant5, evplant7 and evplant9 was (a whole mail
// with an attachment, the plant inserted after it). blobAfterOther asks
// the rules the full check asks at those bytes, from the part's end on,
// once blobAfterPart finds nothing: rows with a declared part alone, and
// each run read once; the bytes no rule is asked at are passed in a
// tight loop (afterTrigger). BenchmarkBlobAfterOther on corpus-30MB's
// declared parts (thread CPU, load 11-14): blobAfterPart 176 us a pass,
// blobAfterOther 78 us, 0.45% of BenchmarkAddCorpus/lazy's 17.3 ms.
// Found: evplant5 seed 1's backslash_x_escapes and
// percent_encoded_ascii 29 -> 30, evplant7's js_percent_u (seed 1) and
// js_fromcharcode (seed 2) one row more each, evplant9 seed 2's
// ent_hex_phrase and rfc1924_wrapped one each; corpus-200MB: two rows
// were encoded_attachment and are encoded_blob now, spam hiding a host
// as %XX escapes after an attachment (%63%79%62%65%72..., a host of 0s
// and 1s as %31%30%31%31...), as escapes.go flags them in a row without
// one. The controls the same rows.

// blobAfterAny is blobAfterPart, or where a blob of another encoding
// starts after t[from] (blobAfterOther), or a line of ROT13 (rotAfter),
// or -1.
func blobAfterAny(t []byte, from int) int {
	if b := blobAfterPart(t, from); b >= 0 {
		return b
	}
	if b := blobAfterOther(t, from); b >= 0 {
		return b
	}
	if b := rotAfter(t, from); b >= 0 { // recall34.go
		return b
	}
	return qpBinaryAfter(t, from) // recall37.go
}

// blobAfterOther returns where the first blob of the rules other than
// base64 and hex (escapes, \x and \u escapes, octal, HTML entities,
// separated hex and character codes, uuencode, Ascii85, base85, data
// URIs) is found at a byte of t[from:], or -1.
func blobAfterOther(t []byte, from int) int {
	escDone, a85Done, b85Done, sepDone, cssDone := from, from, from, from, from
	for j := from; j < len(t); j++ {
		for j < len(t) && !afterTrigger[t[j]] {
			j++ // the bytes no rule is asked at, in a tight loop
		}
		if j == len(t) {
			break
		}
		switch t[j] {
		case '%', '=':
			if j >= escDone && escUnitAt(t, j) {
				_, hi, _, blob := escRun(t, j)
				if blob {
					return j
				}
				escDone = hi
			}
		case '\\':
			if xEscAt(t, j) {
				if _, _, blob := xDump(t, j); blob {
					return j
				}
			}
			if k, _ := uEscEvasion(t, j, false); k == iBlob || cssAfter(t, j, &cssDone) { // CSS escapes: recall29.go
				return j
			}
			if j >= a85Done {
				_, hi, blob := a85Run(t, j)
				if blob {
					return j
				}
				a85Done = hi
			}
		case '~':
			if a85TildeBlob(t, j, &a85Done) {
				return j // recall16.go
			}
			if j >= b85Done {
				_, hi, blob := b85Run(t, j)
				if blob {
					return j
				}
				b85Done = hi
			}
		case '`':
			if start, _ := uuFile(t, j); start >= 0 {
				return j
			}
			if j >= a85Done {
				_, hi, blob := a85Run(t, j)
				if blob {
					return j
				}
				a85Done = hi
			}
			if j >= b85Done {
				_, hi, blob := b85Run(t, j)
				if blob {
					return j
				}
				b85Done = hi
			}
		case '&':
			if entBlob(t, j) {
				return j
			}
		case ';':
			if dataURIs && dataURIAt(t, j) {
				return j
			}
		case '(':
			if jsAt(t, j) {
				return j // recall19.go
			}
		case ',', ':', '-', ' ':
			if j >= sepDone && j > 0 && hexByte(t[j-1]) && sepOrCodeAt(t, j) {
				_, hi, _, blob, _ := sepOrCode(t, j)
				if blob {
					return j
				}
				sepDone = max(hi, j+1)
			}
		}
	}
	return -1
}

// afterTrigger holds the bytes blobAfterOther asks a rule at.
var afterTrigger = func() (a [256]bool) {
	for _, c := range []byte("%=\\`&;,:- ~(") {
		a[c] = true
	}
	return a
}()
