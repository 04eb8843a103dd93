package evasions

import (
	"bytes"
	"encoding/base64"
	"math/bits"
	"strconv"
	"strings"
)

// Session 30 (benchmarks/evplant13.py, a blind planter).
//
// CSS escapes (cssRun): a style sheet writes a character as a backslash
// and one to six hex digits, a white-space character after them
// optional (it ends the escape where a hex digit follows):
// content:"\54 \72 \61 ..." shows "Tra..." on the page and hides the
// words from a filter, as \x escapes do in a script (xAlnumRun,
// recall13.go). evplant13's css_content_escapes (60-250 bytes of spam
// or prompt injection so, in a text/html part at a mail's end) was 0
// of 30 on seeds 1 and 2. A run of such escapes, one right after
// another, holding escAlnumMin or more in a row that stand for ASCII
// letters or digits is an encoded_blob, at any length, judged as \x,
// \u00XX, octal and %XX escapes of letters are. Real CSS escapes are
// one or two characters outside ASCII (content:"\201C", an icon font's
// "\f101", font-family:"\5B8B\4F53"): none is a letter or digit.
// corpus-200MB-s1 has 931 runs of CSS-escape form (904 of one escape,
// 27 of two, none standing for a letter or digit); the SpamAssassin
// mail (data/*/*.txt) 167, of one or two, one a letter. Other
// backslashes are no unit or no letter: \x and \u escapes (x and u are
// no hex digits), regular expressions' \d \b (one digit: a control),
// octal escapes \101 (0x101, not ASCII), Windows paths and TeX
// (\Users, \cdot: a letter past f ends the digits, leaving a control or
// a character past 0x7F; a letter or digit needs 30 to 7A, or leading
// zeros).
//
// Finding it: the kernel stops at every backslash already (ccBackslash),
// and scan's block loop and asciiByte ask cssBlob at each backslash they
// read, as they ask xBlob; the full check (general) and refCheckText
// ask at each backslash they read. The run read back and forth from any
// of its escapes is the same run (cssPrev is the unit whose cssNext is
// the one given), so a full check starting inside one (a backslash ends
// a window: isReset) finds what the whole text's does; a run that is no
// blob is read once (cssDone).

// Base64 folded into a mail header's continuation lines (foldedB64):
// X-Campaign-Data: V2hlbiBzdW1t...\n\tUgYW5kIHRoYXQ...\n\t... (RFC 5322
// folding: a line break, then a tab or a space). evplant13's
// b64_folded_x_header (120-420 bytes of spam or prompt injection,
// lines of 70 characters after a tab, in the mail's header block) was 0
// of 30 on seeds 1 and 2: the kernel's base64 chain (chainB64, ten
// blocks of eight bytes of the alphabet) breaks at each "\n\t", and a
// line after a tab holds 8 blocks at most; the full check's base64 run
// takes line breaks but not the white space after them. The rule reads
// a text once, after the scan, as b64TailLine (recall23.go) does: only
// a text that starts with a header line (a field name and a colon,
// after an mbox "From " line or not), in its header block (to the first
// empty line), at each line break followed by a tab or a space whose
// line is of the base64 alphabet alone (foldB64Line: a Received line's
// "by host (...)" fails at its first space). A header whose whole value
// is base64 and folding white space, blobB64Min characters or more
// over two lines or more, = only as padding, whose first foldB64Max
// characters decode to printable ASCII words (asciiWords: the test
// b64TailLine's short lines pass) is an encoded_blob. Headers of base64
// that clean mail folds decode to binary (X-Gm-Message-State, Face:,
// X-Microsoft-Antispam-Message-Info) or are not base64 alone
// (DKIM-Signature's and ARC-Seal's b= tag, Autocrypt's keydata=, RFC
// 2047 encoded words). In corpus-200MB-s1 20,108 of 137,265 rows start
// with a header line; their header blocks are 12.1 MB of the 184 MB and
// hold 21,071 folds with a tab and 40,534 with a space. Found:
// evplant13's b64_folded_x_header 0 -> 30 of 30 on seeds 1 and 2 (with
// the CSS rule below, encoded_blob 0.748 -> 0.873 and 0.740 -> 0.865);
// every other planter's scores and controls, corpus-200MB-s1's evasions
// report and the SpamAssassin mail's (6,046 messages of
// data/*/*.txt) unchanged.
//
// Left for the lead (not built): session 29's way, the kernel's base64
// chain stepping over a tab or a space after a line feed, as it would
// over "\n> " (recall20.go), with the block loop, b64Clean and b64Take
// (chainclean.go), the full check's and the reference's base64 runs
// stepping over the same bytes. benchmarks/b64chain_sim.py's mode C
// (session 30) on corpus-200MB-s1: the chain reaches 10 blocks 145,163
// times as it is, 145,498 with C (+335; rows 7,869 -> 7,873), 145,526
// with B and C; blocks that may go on with a chain 3.44 -> 3.48 million;
// the first MB (BenchmarkCheckTextHot) 1,067 -> 1,068. So few new stops,
// but five passes to change together, in the chain the grouped and
// quoted base64 work (b64groups) changes too, and a body's indented
// lines would join a run. foldedB64 reads only the header blocks.
//
// Cost: headerBlock's test of a text's first bytes, and for the 15% of
// corpus-200MB's rows that start with a header, two searches over the
// header block (6.6% of the bytes: "\n\n", "\n\r\n") and two for folds
// ("\n\t", "\n "), each fold's line read to its first byte out of the
// base64 alphabet.

// foldB64Max is how many base64 characters of a folded header
// foldedB64 decodes and judges (384 bytes).
const foldB64Max = 512

// foldedB64 records an encoded_blob for a text whose header block holds a
// header of base64 folded over lines that decodes to ASCII words (see
// above). As b64TailLine, it gives way to no blob but an attachment's.
func foldedB64(t []byte, found *[numEvasionKinds]string) {
	if found[iBlob] != "" && !strings.HasPrefix(found[iBlob], attachmentEvidence) {
		return
	}
	h := headerBlock(t)
	if len(h) == 0 {
		return
	}
	for _, fold := range [...]string{"\n\t", "\n "} {
		done := 0
		for from := 0; from < len(h); {
			k := bytes.Index(h[from:], []byte(fold))
			if k < 0 {
				break
			}
			p := from + k
			from = p + 2
			if p < done || !foldB64Line(h, p+1) {
				continue
			}
			start, stop := headerAround(h, p)
			done = stop
			if e := foldedB64Evidence(t, start, stop); e != "" {
				found[iBlob] = e
				return
			}
		}
	}
}

// headerBlock returns the header block t starts with (to its first empty
// line), or nil when t does not start with a header line (a field name
// and a colon, after an mbox "From " line or not).
func headerBlock(t []byte) []byte {
	lo := 0
	if bytes.HasPrefix(t, []byte("From ")) {
		k := bytes.IndexByte(t, '\n')
		if k < 0 {
			return nil
		}
		lo = k + 1
	}
	if fieldName(t[lo:]) == 0 {
		return nil
	}
	end := len(t)
	if k := bytes.Index(t[lo:], []byte("\n\n")); k >= 0 {
		end = lo + k
	}
	if k := bytes.Index(t[lo:end], []byte("\n\r\n")); k >= 0 {
		end = lo + k
	}
	return t[:end]
}

// fieldName returns the length of the header field name l starts with
// (printable ASCII but the colon, then a colon), or 0.
func fieldName(l []byte) int {
	for k, c := range l {
		if c == ':' {
			return k
		}
		if c <= ' ' || c >= 0x7F || k >= 76 {
			return 0
		}
	}
	return 0
}

// foldB64Line reports whether the line from h[q] (the white space after
// a line break) is of the base64 alphabet alone after its white space,
// 16 characters or more.
func foldB64Line(h []byte, q int) bool {
	for q < len(h) && (h[q] == ' ' || h[q] == '\t') {
		q++
	}
	n := 0
	for ; q < len(h) && h[q] != '\n' && h[q] != '\r'; q++ {
		if c := h[q]; c >= 0x80 || asciiEv[c]&acB64 == 0 {
			return false
		}
		n++
	}
	return n >= 16
}

// headerAround returns where the header that the line break h[p] folds
// starts and ends (its last line's break, or len(h)).
func headerAround(h []byte, p int) (start, stop int) {
	start = bytes.LastIndexByte(h[:p], '\n') + 1
	for start > 0 && (h[start] == ' ' || h[start] == '\t') {
		start = bytes.LastIndexByte(h[:start-1], '\n') + 1
	}
	stop = p
	for {
		n := bytes.IndexByte(h[stop+1:], '\n')
		if n < 0 {
			return start, len(h)
		}
		stop += 1 + n
		if stop+1 >= len(h) || h[stop+1] != ' ' && h[stop+1] != '\t' {
			return start, stop
		}
	}
}

// foldedB64Evidence returns the encoded_blob evidence of the header
// t[start:stop] when its value is base64 folded over two lines or more,
// blobB64Min characters or more, that decodes to ASCII words; else "".
func foldedB64Evidence(t []byte, start, stop int) string {
	name := fieldName(t[start:stop])
	if name == 0 {
		return ""
	}
	var buf [foldB64Max]byte
	n, m, lines, from, pad := 0, 0, 1, -1, false
	for _, c := range t[start+name+1 : stop] {
		switch {
		case c == ' ' || c == '\t' || c == '\r':
		case c == '\n':
			lines++
		case c >= 0x80 || asciiEv[c]&acB64 == 0 || pad && c != '=':
			return ""
		default:
			pad = pad || c == '='
			if m < len(buf) {
				buf[m] = c
				m++
			}
			n++
		}
	}
	if n < blobB64Min || lines < 2 {
		return ""
	}
	from = start + name + 1
	for t[from] == ' ' || t[from] == '\t' {
		from++
	}
	var d [foldB64Max * 3 / 4]byte
	k, err := base64.StdEncoding.Decode(d[:], buf[:m-m%4])
	if err != nil || !asciiWords(d[:k]) {
		return ""
	}
	return strconv.Itoa(n) + " base64 characters folded over " + strconv.Itoa(lines) + " lines of the header " + string(t[start:start+name]) + " from byte " + strconv.Itoa(from) + " decode to " + quoteVisible(d[:k], 24)
}

// cssEnd returns where the CSS escape at t[u] ends, its white space
// included, or -1: a backslash, one to six hex digits, then one space,
// tab, line feed, form feed, carriage return or CR LF, optional.
func cssEnd(t []byte, u int) int {
	if u < 0 || u >= len(t) || t[u] != '\\' {
		return -1
	}
	k := u + 1
	for k < len(t) && k < u+7 && hexByte(t[k]) {
		k++
	}
	if k == u+1 {
		return -1
	}
	if k < len(t) {
		switch t[k] {
		case '\r':
			if k+1 < len(t) && t[k+1] == '\n' {
				k++
			}
			k++
		case ' ', '\t', '\n', '\f':
			k++
		}
	}
	return k
}

// cssNext returns where the escape after the CSS escape at t[u] starts
// (right after it), or -1.
func cssNext(t []byte, u int) int {
	if k := cssEnd(t, u); k >= 0 && cssEnd(t, k) >= 0 {
		return k
	}
	return -1
}

// cssPrev returns where the escape before the CSS escape at t[u] starts
// (the one whose cssNext is u), or -1. It has two to eight bytes: a
// backslash between them ends the digits of one before it.
func cssPrev(t []byte, u int) int {
	for p := u - 2; p >= max(0, u-9); p-- {
		if t[p] == '\\' {
			if cssEnd(t, p) == u {
				return p
			}
			return -1
		}
	}
	return -1
}

// cssAlnum reports whether the CSS escape at t[u] stands for an ASCII
// letter or digit.
func cssAlnum(t []byte, u int) bool {
	v := 0
	for k := u + 1; k < len(t) && k < u+7 && hexByte(t[k]); k++ {
		v = v<<4 | int(hexVal(t[k]))
	}
	return v < 0x80 && alnumRune(rune(v))
}

// cssRun returns the run of CSS escapes through the one at t[j]: where
// it starts and ends, its escapes, and whether it is a blob (escAlnumMin
// or more in a row standing for ASCII letters or digits). It is the same
// run from any of its escapes.
func cssRun(t []byte, j int) (lo, hi, n int, blob bool) {
	lo = j
	for p := cssPrev(t, lo); p >= 0; p = cssPrev(t, lo) {
		lo = p
	}
	alnum := 0
	for u := lo; u >= 0; u = cssNext(t, u) {
		n++
		if alnum++; !cssAlnum(t, u) {
			alnum = 0
		}
		blob = blob || alnum >= escAlnumMin
		hi = cssEnd(t, u)
	}
	return lo, hi, n, blob
}

// cssEvidence is the blob evidence of the run of CSS escapes t[lo:hi]
// of n escapes.
func cssEvidence(t []byte, lo, hi, n int) string {
	return strconv.Itoa(n) + " characters written as CSS escapes from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// cssBlob reports whether a run of CSS escapes that is a blob runs
// through a backslash of the block at t[i], whose backslashes bs marks
// (high bits; 0x80 for the one byte t[i]). A run that is no blob is
// read once (cssDone).
func (s *scan) cssBlob(t []byte, i int, bs uint64) bool {
	for ; bs != 0; bs &= bs - 1 {
		if j := i + bits.TrailingZeros64(bs)/8; j >= s.cssDone && cssEnd(t, j) >= 0 {
			_, hi, _, blob := cssRun(t, j)
			if blob {
				return true
			}
			s.cssDone = hi
		}
	}
	return false
}

// cssCheck records a run of CSS escapes that is a blob through t[i], a
// backslash the full check reads.
func (f *full) cssCheck(i int) {
	if f.found[iBlob] == "" && i >= f.cssDone && cssEnd(f.t, i) >= 0 {
		lo, hi, n, blob := cssRun(f.t, i)
		if f.cssDone = hi; blob {
			f.found[iBlob] = cssEvidence(f.t, lo, hi, n)
		}
	}
}

// cssAfter reports whether a run of CSS escapes that is a blob runs
// through t[j], a backslash past a declared part (blobAfterOther,
// recall13.go); runs that are no blob are read once (done).
func cssAfter(t []byte, j int, done *int) bool {
	if j < *done || cssEnd(t, j) < 0 {
		return false
	}
	_, hi, _, blob := cssRun(t, j)
	*done = hi
	return blob
}
