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

// qpStopAt reports whether the kernel stops at the = at t[p] for the
// bytes after it (EQLEAD and qpControl's escapes; past t, as a 0 byte).
func qpStopAt(t []byte, p int) bool {
	var a, b byte
	if p+1 < len(t) {
		a = t[p+1]
	}
	if p+2 < len(t) {
		b = t[p+2]
	}
	return qpStopLead[a&63]&qpStopNext[b&63] != 0
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
// (plainControl: an ISO 2022 escape, nroff's underlining; lossyControl).
const qpControlReach = 256

// qpDecodeAround appends to buf the quoted-printable decode of t around
// the escape at t[i], from the start of its line (qpControlReach bytes
// back at most) to qpControlReach bytes after it, soft line breaks
// taken out; it returns the bytes and where the escape's byte is.
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
