package evasions

import (
	"bytes"
	"fmt"
)

// Session 25: C0 controls written as quoted-printable escapes
// (benchmarks/evplant5.py's qp_controls, 0 of 30 before: an ANSI escape
// =1B[31m, a NUL =00, a bell =07, backspaces =08=08 after words of a
// part whose header declares quoted-printable). A mail client decodes
// them and the text holds the control, so they are a control_char as
// the raw byte is (qpControl), when:
//
//   - the escape is =0 or =1 then an upper-case hex digit (RFC 2045) and
//     stands for a C0 control other than tab, line feed, carriage
//     return, vertical tab and form feed (white space: =0D=0A ends lines
//     of mail written by a few clients);
//   - no digit follows it: raw HTML's width=100 and spambytes_id=100115
//     in a part a writer declared quoted-printable and left unescaped;
//   - its part declares quoted-printable (qpDeclared): reading back by
//     lines, a header block (header-like lines right above a blank
//     line) with Content-Transfer-Encoding: quoted-printable is met
//     before a MIME boundary (a line that starts with --), before a
//     header block with a Content-Type and no such header, and before
//     any = in the lines between that does not start an escape or a
//     soft line break (raw text a writer declared quoted-printable).
//
// An = with 0 or 1 then a hex digit is in 1.7% of corpus-30MB's 64-byte
// chunks (raw HTML: width=100, size=10), so the rule looks at the byte
// and the declared encoding: on corpus-200MB, a decode of every such
// escape behind a quoted-printable header flags 4 rows; with the digit
// and the = tests, 2, both pieces of one spam (spam-2/01384) whose link
// ends in f=3D=00 (a NUL in the decoded link: a true control).
//
// Finding it: the kernel's EQLEAD (qp.go) stops at an = with C to F
// after it; it now also stops at one with 0 then 0-8, E or F, or 1 then
// a hex digit, after it (qpStopAt, one table lookup of the byte after
// the = and one of the byte after that, VPERMB: the bytes' low six bits,
// so p, q and bytes of 0x80 or more after the = stop it too, the Go code
// finding nothing there), and sets chunkQP: the block loop takes the
// chunk whole and asks qpFound at each = (qp.go), as it did for EQLEAD.

// Session 25, also: letters written as =XX escapes (evplant5's
// qp_every_byte: 7 and 11 of 30 before, the runs under recall8.go's
// escMinBytes missed). A run of escapes with qpLetterMin escapes of ASCII
// letters in a row, no gap, is an encoded_blob at any length (escRun,
// blobs.go), as %XX runs are from escAlnumMin. The kernel stops at an =
// with 4 to 7 after it and an = three bytes after (qpt1's bit 16, tested
// against qp16 under the mask of = at SI and SI+3: one load, a compare,
// a test and a KORQ more a chunk): the first escape of a letter before
// another escape, which every such run holds; corpus-30MB has 14 chunks
// with one, corpus-200MB 98, and none of either has three escapes of
// letters in a row (nor the controls of evplant.py, evplant3.py and
// evplant4.py, seed 1). Digits alone (=31=32=33) stay under
// recall8.go's rule: the kernel would stop at =3D=, QP HTML's markup.
//
// The numbers (against main 5ee2a31; the commands in the session 25
// report): evplant5 seeds 1; 2, control_char 0.929; 0.929 -> 1.000;
// 1.000 (qp_controls 0 -> 30 of 30 each), encoded_blob 0.944; 0.961 ->
// 0.987; 0.994 (qp_every_byte 7 -> 30 and 11 -> 29 of 30; the one left
// has an encoded_attachment), the controls unchanged (11 and 14 of
// 2,000). evplant.py and evplant3.py seeds 1 and 2 and evplant4.py seed
// 2: findings byte-identical; evplant4.py seed 1: one finding added, a
// planted row whose host is spam-2/01384 (below), scores unchanged.
// corpus-200MB's --checks evasions findings: the two rows of spam-2/01384
// added. A blind planter of this session (/tmp/recall/plant9.py: 9
// variants of 30 SpamAssassin mails, 540 controls that are the same mail
// built the same way without the evasion, and the mail as it is; seeds
// 1 and 2): ANSI escapes in a QP body, NUL in an HTML part, backspaces,
// CRLF mail, DEL, a control inside a word 0 -> 180 and 179 of 180 (the
// one left: a mail whose body holds a part header saying 7bit); a word
// of 4-9 letters as =XX, a short phrase as =XX and as =xx 0 -> 90 of 90
// each; controls unchanged (2 of 540 each, the same rows).
//
// Stops on corpus-30MB's 441,896 chunks (a model of the tables in
// Python): 2,467 chunks with an = the kernel stopped at before, 6,607
// now (=10 and =12 of raw HTML's size=10 and height=12 are most of
// them: the price of asking the decoded byte and the declared encoding
// in Go). The CPU: in the session 25 report.

// qpStopLead and qpStopNext are the kernel's tables of the bytes after
// an = (qpt1, qpt2 in chunks_amd64.s), indexed by a byte's low six bits:
// it stops at an = when the first's entry of the byte after it and the
// second's of the byte after that share a bit (qpStopAt).
var qpStopLead, qpStopNext = qpStopTables()

func qpStopTables() (lead, next [64]byte) {
	for c := 'C'; c <= 'F'; c++ {
		lead[c&63] = 4 // EQLEAD: any byte after
	}
	lead['0'&63], lead['1'&63], lead['7'&63] = 1, 2, 8
	for c := '4'; c <= '7'; c++ {
		lead[c&63] |= qpStopLetter // the escape of a letter, with an = three bytes after it
	}
	for j := range next {
		next[j] = 4
	}
	for _, c := range "012345678EF" {
		next[c&63] |= 1 // after =0: a control but tab, LF, VT, FF, CR
	}
	for _, c := range "0123456789ABCDEF" {
		next[c&63] |= 2 // after =1
	}
	next['F'&63] |= 8 // after =7: DEL
	return lead, next
}

// qpStopLetter is qpStopLead's bit of 4 to 7 (the escape of a letter),
// tested apart: the kernel stops there when an = is three bytes after
// the = (qp16 in chunks_amd64.s).
const qpStopLetter = 16

// qpStopAt reports whether the kernel stops at the = at t[p] for the
// bytes after it (EQLEAD, qpControl's escapes, a letter's escape before
// another escape; past t, as a 0 byte).
func qpStopAt(t []byte, p int) bool {
	var a, b byte
	if p+1 < len(t) {
		a = t[p+1]
	}
	if p+2 < len(t) {
		b = t[p+2]
	}
	return qpStopLead[a&63]&qpStopNext[b&63] != 0 || qpStopLead[a&63]&qpStopLetter != 0 && p+3 < len(t) && t[p+3] == '='
}

// qpLetterMin is the fewest escapes of ASCII letters in a row, no gap,
// that make a run of =XX escapes an encoded_blob (escRun): no writer
// escapes a letter, and corpus-200MB and the controls of evplant.py,
// evplant3.py and evplant4.py have no run of three.
const qpLetterMin = 3

// escLetter reports whether the escape unit at t[u] encodes an ASCII
// letter.
func escLetter(t []byte, u int) bool {
	c := hexVal(t[u+1])<<4 | hexVal(t[u+2])
	return c|0x20 >= 'a' && c|0x20 <= 'z'
}

// qpControl returns the control the escape at t[i] (an =) stands for,
// or -1 (see the session 25 notes).
func qpControl(t []byte, i int) int {
	if i+3 > len(t) || !qpUpperHex(t[i+1]) || !qpUpperHex(t[i+2]) || i+3 < len(t) && t[i+3] >= '0' && t[i+3] <= '9' {
		return -1
	}
	c := int(hexVal(t[i+1])<<4 | hexVal(t[i+2]))
	if c >= '\t' && c <= '\r' || c >= 0x20 && c != 0x7F || !qpDeclared(t, i) {
		return -1
	}
	var buf [2 * qpControlReach]byte
	d, j := qpDecodeAround(buf[:0], t, i)
	if j < 0 || c < 0x20 && plainControl(d, j) || lossyControl(d, j) {
		return -1
	}
	return c
}

// qpControlReach is the most bytes of t either side of an escape of a
// control that qpControl decodes to judge it as the raw control is
// (plainControl: an ISO 2022 escape, nroff's underlining, Windows-1252
// punctuation that lost its high bit with another within
// strippedWindow; lossyControl). A raw =12 (arm\x12s) in a clean mail
// encoded by Python's quopri was flagged with 256.
const qpControlReach = 2 * strippedWindow

// qpDecodeAround appends to buf the quoted-printable decode of t around
// the escape at t[i], from the start of a line qpControlReach bytes back
// at most (the first line that starts in them, or the escape's) to
// qpControlReach bytes after it, soft line breaks taken out; it returns
// the bytes and where the escape's byte is.
func qpDecodeAround(buf, t []byte, i int) ([]byte, int) {
	lo := 0
	if i > qpControlReach {
		lo = i - qpControlReach
		lo += bytes.IndexByte(t[lo:i], '\n') + 1 // 0 when none: the escape's line is cut
		if t[lo-1] != '\n' {
			lo = i
		}
	}
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

// qpDeclaredReach is the most bytes qpDeclared reads back.
const qpDeclaredReach = 64 << 10

// qpDeclared reports whether the = at t[i] is in a part whose header
// declares quoted-printable, reading back by lines (see the session 25
// notes).
func qpDeclared(t []byte, i int) bool {
	lo := max(0, i-qpDeclaredReach)
	// The line of t[i], up to it, is of the body.
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

// qpEscapedLine reports whether every = of line starts an escape (an =
// and two upper-case hex digits) or a soft line break (an = last).
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

func qpUpperHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'F'
}

// mimeBoundary reports whether line is a MIME boundary of a boundary
// parameter in t (boundary=, with or without quotes): lines of dashes,
// -- signatures, mailing lists' --DeathToSpam-- and HTML's --> stand
// above blank lines in bodies.
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

// headerValue returns what follows "name:" when line is that header's
// first line (the name in any case).
func headerValue(line []byte, name string) ([]byte, bool) {
	if len(line) <= len(name) || line[len(name)] != ':' || !bytes.EqualFold(line[:len(name)], []byte(name)) {
		return nil, false
	}
	return line[len(name)+1:], true
}

// headerLike reports whether line may be a line of a mail header: a
// name of letters, digits and - then a colon, or a folded line (white
// space first).
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

// qpControlEvidence is the control_char evidence of the escape at t[i]
// standing for the control c.
func qpControlEvidence(t []byte, i, c int) string {
	what := fmt.Sprintf("control character U+%04X", c)
	if c == 0x1B && i+3 < len(t) && t[i+3] == '[' {
		what = "ANSI escape sequence"
	}
	return fmt.Sprintf("%s written as a quoted-printable escape at byte %d: %s", what, i, quoteVisible(t[contextStart(t, i):], 24+3))
}
