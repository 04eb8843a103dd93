package evasions

import (
	"bytes"
	"fmt"
)

// Session 26: C0 controls and DEL written as quoted-printable escapes
// (evplant5's qp_controls: =1B[31m, =00, =07, =08=08 in a part whose
// header declares quoted-printable; 0 of 30 on seeds 1 and 2 before).
// Session 25's rule (recall9.go: the escape judged as the raw control,
// in a part read back by lines to its header) found them all, but its
// kernel stop (an = with 0, 1 or 7 after it) cost Hot +15-25% CPU: raw
// HTML's size=10, width=100 and border=0 and quoted-printable HTML's
// tabs (=09=09) put one in 1.7% of corpus-30MB's chunks.
//
// The stop is now narrow: an = with, after it, 0 and 0 to 8 (NUL to
// backspace), 1 and A to F (SUB, ESC, the separators) or 7F (DEL), and
// then no digit, / - & or > (qpCtlStopAt). The byte after the
// escape is what keeps a raw HTML attribute or a URL's parameter out:
// corpus-30MB's =0X are ids and dates (sid=02/08/22, q=08-I, id=0207,
// color=0000, value=08>08); without that test 544 of its 441,896 chunks
// would stop there, with it 3 (en=05fca, and =p2q in ISO-2022-JP: the
// alias p of 0 in the lookup of the byte after the =), on corpus-200MB
// 18, none in a quoted-printable part. Escapes of tab and line
// breaks (=09, =0A, =0D), of the other C0 controls but these (=0B, =0C,
// =0E, =0F, =10 to =19: size=10 again) and of a control with a digit
// after it are not looked at.
//
// The kernel (chunks_amd64.s, EQCTL): the byte after each = looked up
// (VPERMB of qpctl1, the 64 bytes from SI+1 it loads for EQLEAD), and
// only for a chunk with an = and 0, 1, 7 (or their aliases p, q, w)
// after it, out of line, the next two bytes (VPERMT2B of qpctl2's and
// qpctl3's 128 entries on the bytes from SI+2 and SI+3),
// into K7 as EQLEAD's (chunkQP). Four instructions a chunk on the hot
// path. The rule (qpControl) is recall9.go's: the escape's part must
// declare quoted-printable (qpDeclared), and the decoded byte is judged
// as the raw one (plainControl, lossyControl).
//
// The numbers (against main 3e31f0d): evplant5 seeds 1; 2, control_char
// 0.929; 0.929 -> 1.000; 1.000 (qp_controls 0 -> 30 of 30), every other
// line of both scores and the controls (11 and 14 of 2,000) unchanged.
// benchmarks/evplant6.py (this session's planter: 30 SpamAssassin mails
// a variant, their body re-encoded as quopri writes it or their own
// quoted-printable part), seeds 1; 2: ANSI colour, NUL, BEL, DEL,
// backspace, SOH/SUB/ESC, in a QP HTML part, in the mail's own QP part
// 0 -> 30 of 30 each; the other C0 controls 0 -> 17 and 11 of 30 (=1C
// to =1F only); its same-mail and raw controls flag the rows main flags.
// evplant.py, evplant3.py, evplant4.py (seeds 1 and 2), corpus-200MB's
// --checks evasions and the verify set: byte-identical (session 25's two
// findings of spam-2/01384's f=3D=00 are not made: > follows it). CPU,
// alternated runs under the CPU lock at load 1-4, thread CPU, benchstat:
// BenchmarkCheckTextHot 468.2 -> 449.6 us (n=40, p=0.50; minima 416.3
// and 419.0), BenchmarkAddCorpus/lazy 18.04 -> 18.11 ms (n=12, p=0.76;
// minima 17.13 both): not told apart. First built with qpCtlStopAt
// reading the three bytes in a loop at every = the block loop and the
// full check read: 4.4% of Hot's profile samples (see its doc).

// qpCtlLead, qpCtlNext and qpCtlAfter are the kernel's tables of the
// bytes after an = (qpctl1, qpctl2, qpctl3 in chunks_amd64.s, indexed as
// VPERMB and VPERMT2B do: by the low 6 bits, by the low 7): the kernel stops
// where the three AND-ed are not zero (qpCtlStopAt).
var qpCtlLead, qpCtlNext, qpCtlAfter = qpCtlTables()

func qpCtlTables() (lead [64]byte, next, after [128]byte) {
	lead['0'&63], lead['1'&63], lead['7'&63] = 1, 2, 4
	lead['?'&63] = 8 // =? and a letter: an RFC 2047 encoded word (recall16.go)
	for c := 'A'; c <= 'Z'; c++ {
		next[c] |= 8
		next[c|0x20] |= 8
	}
	for c := '0'; c <= '8'; c++ {
		next[c] |= 1 // =00 to =08
	}
	for c := 'A'; c <= 'F'; c++ {
		next[c] |= 2 // =1A to =1F
	}
	next['F'] |= 4 // =7F
	for c := range after {
		after[c] = 0xFF
	}
	for _, c := range "0123456789/-&>" {
		after[c] = 0 // an id, a date, a number, a parameter, an attribute's value
	}
	return lead, next, after
}

// qpCtlStopAt reports whether the kernel stops at the = at t[p] as the
// escape of a control (EQCTL): bytes past t read as 0. It is asked at
// every = the block loop and the full check read (qpFound, qpFind), so
// the byte after the = is looked at first: with a loop over the three
// bytes, 4.4% of BenchmarkCheckTextHot's samples.
func qpCtlStopAt(t []byte, p int) bool {
	if p+1 >= len(t) {
		return false
	}
	lead := qpCtlLead[t[p+1]&63]
	if lead == 0 {
		return false
	}
	var next, after byte
	if p+2 < len(t) {
		next = t[p+2]
	}
	if p+3 < len(t) {
		after = t[p+3]
	}
	return lead&qpCtlNext[next&127]&qpCtlAfter[after&127] != 0
}

// qpControl returns the control the escape at t[i] (an =) stands for
// when it is an evasion, else -1: an escape the kernel stops at
// (qpCtlStopAt) in a part declared quoted-printable (qpDeclared), the
// decoded byte no plain control (plainControl) nor a lossy decode's
// debris (lossyControl) among the decoded bytes around it.
func qpControl(t []byte, i int) int {
	if !qpCtlStopAt(t, i) || i+3 > len(t) || !qpUpperHex(t[i+1]) || !qpUpperHex(t[i+2]) {
		return -1
	}
	c := int(hexVal(t[i+1])<<4 | hexVal(t[i+2]))
	if !qpDeclared(t, i) {
		return -1
	}
	var buf [2 * qpControlReach]byte
	d, j := qpDecodeAround(buf[:0], t, i)
	if j < 0 || c < 0x20 && plainControl(d, j) || lossyControl(d, j) {
		return -1
	}
	return c
}

// qpControlReach is how far either side of an escape of a control
// qpDecodeAround decodes, within its line.
const qpControlReach = 256

// qpDecodeAround decodes the quoted-printable of t around the escape at
// t[i] (from the start of its line, at most qpControlReach bytes either
// side) into buf, soft line breaks dropped; it returns the bytes and
// where the escape's byte is in them.
func qpDecodeAround(buf, t []byte, i int) ([]byte, int) {
	lo := max(0, i-qpControlReach)
	lo += bytes.LastIndexByte(t[lo:i], '\n') + 1
	hi := min(len(t), i+qpControlReach)
	j := -1
	for k := lo; k < hi; {
		if k == i {
			j = len(buf)
		}
		if t[k] == '=' {
			if v := qpUnit(t, k); v >= 0 {
				buf = append(buf, byte(v))
				k += 3
				continue
			}
			if k+1 < hi && t[k+1] == '\n' {
				k += 2
				continue
			}
			if k+2 < hi && t[k+1] == '\r' && t[k+2] == '\n' {
				k += 3
				continue
			}
		}
		buf = append(buf, t[k])
		k++
	}
	return buf, j
}

// qpDeclaredReach is how far back qpDeclared reads for the part's
// header.
const qpDeclaredReach = 64 << 10

// qpDeclared reports whether the = at t[i] is in a part whose header
// declares quoted-printable: read back by lines, every = on the way
// starts an escape or a soft line break, the first header above (lines
// like a header right above a blank line) has a
// Content-Transfer-Encoding of quoted-printable; a part header with a
// Content-Type and no encoding, or a boundary line of a declared
// boundary right above a blank line (a part with no header), says no.
func qpDeclared(t []byte, i int) bool {
	lo := max(0, i-qpDeclaredReach)
	start := bytes.LastIndexByte(t[lo:i], '\n') + 1 + lo
	if !qpEscapedLine(t[start:i]) {
		return false
	}
	inHdr, hdrCT, first := false, false, false // in a run of header-like lines right above a blank line; one of them a Content-Type; the line right above one
	for end := start - 1; end > lo; {
		s := bytes.LastIndexByte(t[lo:end], '\n') + 1 + lo
		line := bytes.TrimSuffix(t[s:end], []byte{'\r'})
		end = s - 1
		if len(line) == 0 {
			if inHdr && hdrCT {
				return false // a part's header with no Content-Transfer-Encoding
			}
			inHdr, hdrCT, first = true, false, true
			continue
		}
		if first && mimeBoundary(t, line) {
			return false // a part with no header
		}
		first = false
		if inHdr {
			if v, ok := headerValue(line, "content-transfer-encoding"); ok {
				return bytes.EqualFold(bytes.TrimSpace(v), []byte("quoted-printable"))
			}
			if _, ok := headerValue(line, "content-type"); ok {
				hdrCT = true
				continue
			}
			if headerLike(line) {
				continue
			}
			if hdrCT {
				return false // a part's header with no Content-Transfer-Encoding, under its boundary
			}
			inHdr = false // body lines after all
		}
		if !qpEscapedLine(line) {
			return false
		}
	}
	return false
}

// qpEscapedLine reports whether every = of line starts an upper-case
// escape or ends the line (a soft line break).
func qpEscapedLine(line []byte) bool {
	for k := bytes.IndexByte(line, '='); k >= 0; {
		rest := line[k+1:]
		switch {
		case len(rest) == 0 || len(rest) == 1 && rest[0] == '\r':
		case len(rest) >= 2 && qpUpperHex(rest[0]) && qpUpperHex(rest[1]):
		default:
			return false
		}
		j := bytes.IndexByte(rest, '=')
		if j < 0 {
			break
		}
		k += 1 + j
	}
	return true
}

// qpUpperHex reports whether c is a digit or an upper-case hex letter.
func qpUpperHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'F'
}

// mimeBoundary reports whether line is a boundary line (--boundary) of
// a boundary t declares (boundary=...).
func mimeBoundary(t, line []byte) bool {
	if len(line) < 3 || line[0] != '-' || line[1] != '-' {
		return false
	}
	for w := t; ; {
		k := bytes.Index(w, []byte("oundary="))
		if k < 0 {
			return false
		}
		w = w[k+len("oundary="):]
		v := w
		if len(v) > 0 && v[0] == '"' {
			v = v[1:]
			if e := bytes.IndexByte(v, '"'); e >= 0 {
				v = v[:e]
			}
		} else if e := bytes.IndexAny(v, " \t\r\n;"); e >= 0 {
			v = v[:e]
		}
		if len(v) > 0 && bytes.HasPrefix(line[2:], v) {
			return true
		}
	}
}

// headerValue returns the value of line when it is a header field
// named name (any case).
func headerValue(line []byte, name string) ([]byte, bool) {
	if len(line) <= len(name) || line[len(name)] != ':' || !bytes.EqualFold(line[:len(name)], []byte(name)) {
		return nil, false
	}
	return line[len(name)+1:], true
}

// headerLike reports whether a non-empty line reads as a header field
// (a name of letters, digits and -, then :) or its continuation.
func headerLike(line []byte) bool {
	if line[0] == ' ' || line[0] == '\t' {
		return true
	}
	for k, c := range line {
		switch {
		case c == ':':
			return k > 0
		case asciiLetterByte(c) || c >= '0' && c <= '9' || c == '-':
		default:
			return false
		}
	}
	return false
}

// qpControlEvidence is the evidence of the escape of control c at t[i].
func qpControlEvidence(t []byte, i, c int) string {
	what := fmt.Sprintf("control character U+%04X", c)
	if c == 0x1B && i+3 < len(t) && t[i+3] == '[' {
		what = "ANSI escape sequence"
	}
	return fmt.Sprintf("%s written as a quoted-printable escape at byte %d: %s", what, i, quoteVisible(t[contextStart(t, i):], 24+3))
}

// qpControlFind records at found the escape of a control at t[i] (an =
// the kernel stops at, qpCtlStopAt: its callers ask that inline, for
// every = they read), for qpFind.
func qpControlFind(t []byte, i int, found *[numEvasionKinds]string) {
	if found[iControl] == "" {
		if c := qpControl(t, i); c >= 0 {
			found[iControl] = qpControlEvidence(t, i, c)
		}
	}
}

// Tried in session 26 and not kept (commit b78128f, reverted): repeated
// phrases of four and five words (README's list of misses from session
// 23's blind planter: "phrases of more than three words"). A unit of
// phraseRun held up to five white-space bytes, three now, and
// periodCands and the kernel's period test tried the distances from a
// window's first white-space byte to the next five (two REPNEXT and
// REPTEST more at rep4 and rep5, on the chunks it tests, one in eight).
// benchmarks/evplant6.py's phrase4_repeated, phrase5_repeated and
// phrase_lines ("buy cheap meds now " or "click here to win big " 25-80
// times, or 25-80 such lines) 0 -> 30 of 30 each on seeds 1 and 2 (the
// lines 1 of 30 before), six words still 0; every planter's findings,
// corpus-200MB's --checks evasions and the verify set byte-identical,
// evplant6's controls the same rows; three tests' filler (" and some
// more words" 30 times) became a finding. The CPU kept it out:
// BenchmarkCheckTextHot against eaf7b44 (without it), 24 alternated pairs
// under the CPU lock at load 11-17, the pairs' ratios' median 1.041
// (minima 530 and 566 us); AddCorpus/lazy, 16 pairs, 1.017. Why, most
// likely: in prose the distance to the sixth white-space byte is about
// 32, so REPNEXT's branch (over 32: no test) goes either way. Left to
// try: the two tests without a branch (the distance clamped with a CMOV
// to a period the window fails), or the fifth alone.
