package evasions

import (
	"bytes"
	"fmt"
	"math"
)

// Session 25: letters written as =XX escapes (evplant5's qp_every_byte:
// 7 and 11 of 30 before, the runs under recall8.go's escMinBytes
// missed). A run of escapes with qpLetterMin escapes of ASCII letters in
// a row, no gap, is an encoded_blob at any length (escRun, blobs.go), as
// %XX runs are from escAlnumMin. The kernel stops at an = with 4 to 7
// after it and an = three bytes after (qpStopAt; in chunks_amd64.s the 64
// bytes from SI+3 loaded, compared with = under the = mask, and the byte
// after the = tested as EQLEAD's, against qpfour: a load and four
// instructions a chunk), which the first letter of every such run is.
// corpus-30MB has 14 chunks with one, corpus-200MB 98; neither has three
// escapes of letters in a row, nor do the controls of evplant.py,
// evplant3.py and evplant4.py (seed 1). Digits alone (=31=32=33) stay
// under recall8.go's rule: the kernel would stop at =3D=, QP HTML's
// markup.
//
// The numbers (against main 5ee2a31): evplant5 seeds 1; 2, encoded_blob
// 0.944; 0.961 -> 0.987; 0.994 (qp_every_byte 7 -> 30 and 11 -> 29 of
// 30; the one left has an encoded_attachment), the controls unchanged
// (11 and 14 of 2,000); evplant.py, evplant3.py and evplant4.py seeds 1
// and 2 and corpus-200MB's --checks evasions: findings byte-identical. A
// blind planter of this session (/tmp/recall/plant9.py, 30 SpamAssassin
// mails a variant, controls the same mail built the same way without the
// evasion and the mail as it is; seeds 1 and 2): a word of 4-9 letters
// as =XX, a short phrase as =XX and as =xx 0 -> 90 of 90 each with
// three letters a run (with four, "buy now" was missed: 23-28 of 30);
// its controls flag the same rows as main's. The CPU, against main
// (7 rounds alternated under the CPU lock at load 3-10, thread CPU,
// benchstat): BenchmarkCheckTextHot 634 -> 585 us (p=0.81, +-25%; the
// rounds' ratios median 1.002), Corpus/fast 21.4 -> 22.0 ms (p=0.71):
// not told apart; the work added is a load and four instructions on
// each of the kernel's chunks (a kernel of about 60) and the stops at 14
// chunks of corpus-30MB.
//
// Session 25, second rule: C0 controls written as quoted-printable
// escapes (evplant5's qp_controls, 0 of 30 before: an ANSI escape
// =1B[31m, a NUL =00, a bell =07, backspaces =08=08 after words of a
// part whose header declares quoted-printable). A mail client decodes
// them and the text holds the control, so they are a control_char as
// the raw byte is (qpControl), when:
//
//   - the escape is =0 or =1 then an upper-case hex digit (RFC 2045), or
//     =7F, and stands for a C0 control other than tab, line feed,
//     carriage return, vertical tab and form feed (white space: =0D=0A
//     ends lines of mail written by a few clients), or DEL;
//   - no digit follows it: raw HTML's width=100 and spambytes_id=100115
//     in a part a writer declared quoted-printable and left unescaped;
//   - its part declares quoted-printable (qpDeclared): reading back by
//     lines, a header block (header-like lines right above a blank
//     line) with Content-Transfer-Encoding: quoted-printable is met
//     before a MIME boundary (a line that starts with --), before a
//     header block with a Content-Type and no such header, and before
//     any = in the lines between that does not start an escape or a
//     soft line break (raw text a writer declared quoted-printable);
//   - the byte is judged as the raw control is (plainControl,
//     lossyControl on the decoded window: ISO-2022-JP's =1B$B, a raw =12
//     of a clean mail, Windows-1252 punctuation that lost its high bit);
//   - the text's qpGate is on there (below).
//
// Findings (branch s25-recall, e67532d, where the rule was first built,
// and again here): qp_controls 0 -> 30 of 30 on seeds 1 and 2
// (control_char 0.929 -> 1.000), the controls unchanged; corpus-200MB:
// two rows added, both pieces of spam-2/01384 whose link ends in f=3D=00
// (a NUL once decoded, a true control); a blind planter
// (/tmp/recall/plant9.py: six variants of controls) 0 -> 180/180 and
// 179/180, its controls unchanged.
//
// Finding it cheaply. The kernel must stop at =0X, =1X and =7F for the
// Go code to ask them, and raw HTML's size=10, height=12 and width=100
// put one in 2,467 -> 6,607 of corpus-30MB's chunks with an = stop: at
// every one (e67532d, two VPERMB lookups on each chunk), Hot +15-25% CPU
// and Corpus/fast +5-15%; searching each text for "quoted-printable"
// first was worse (IndexByte of -: 3.4% of Hot's samples). So the
// kernel stops at them only while the Go code says so (chunkQPCtl, bit
// 8 of the flags: the test and branch on each chunk, the lookups out of
// line at qpctl), and the Go code says so while the text's qpGate may
// ask one: the first such = that is no finding (raw HTML's, a part not
// declared, a digit after, an ISO 2022 escape; the tables' aliases: p,
// q, w, bytes of 0x80 or more after the = stand for 0, 1, 7) turns the
// gate off up to the next "rintable" of the text (bytes.Index, once per
// stretch), where a header may declare quoted-printable again (a mail's
// raw HTML part before its quoted-printable one: seed 2's r02436), at
// most qpGateMax stretches a text. Raw HTML thus costs one stop and one
// search of the rest of the text; the kernel's added work elsewhere is a
// TESTQ and a JNZ a chunk.
//
// Left out: an escape of a control after one that is no finding in the
// same stretch (a part with an ISO 2022 escape, or width=100 left raw,
// before the control; a quoted-printable header written
// QUOTED-PRINTABLE after raw HTML).

// qpLetterMin is the fewest escapes of ASCII letters in a row, no gap,
// that make a run of =XX escapes an encoded_blob (escRun).
const qpLetterMin = 3

// qpStopAt reports whether the kernel stops at the = at t[p] for the
// bytes after it: C to F (EQLEAD, qp.go), or 4 to 7 with an = three
// bytes after (the escape of a letter before another escape).
func qpStopAt(t []byte, p int) bool {
	if p+1 >= len(t) {
		return false
	}
	c := t[p+1]
	return c >= 'C' && c <= 'F' || c >= '4' && c <= '7' && p+3 < len(t) && t[p+3] == '='
}

// escLetter reports whether the escape unit at t[u] encodes an ASCII
// letter.
func escLetter(t []byte, u int) bool {
	c := hexVal(t[u+1])<<4 | hexVal(t[u+2])
	return c|0x20 >= 'a' && c|0x20 <= 'z'
}

// qpCtlLead and qpCtlNext are the kernel's tables of the bytes after an
// = (qpc1, qpc2 in chunks_amd64.s), indexed by a byte's low six bits:
// while chunkQPCtl is set it stops at an = when the first's entry of the
// byte after it and the second's of the byte after that share a bit
// (qpCtlStopAt).
var qpCtlLead, qpCtlNext = qpCtlTables()

func qpCtlTables() (lead, next [64]byte) {
	lead['0'&63], lead['1'&63], lead['7'&63] = 1, 2, 8
	for _, c := range "012345678EF" {
		next[c&63] |= 1 // after =0: a control but tab, LF, VT, FF, CR
	}
	for _, c := range "0123456789ABCDEF" {
		next[c&63] |= 2 // after =1
	}
	next['F'&63] |= 8 // after =7: DEL
	return lead, next
}

// qpCtlStopAt reports whether the kernel stops at the = at t[p] for the
// escape of a control (while chunkQPCtl is set; bytes past t read as 0).
// The tables take a byte's low six bits, so p, q, w and bytes of 0x80
// or more stand for 0, 1 and 7 too: such an = is asked (qpGate) and is no
// finding.
func qpCtlStopAt(t []byte, p int) bool {
	var a, b byte
	if p+1 < len(t) {
		a = t[p+1]
	}
	if p+2 < len(t) {
		b = t[p+2]
	}
	return qpCtlLead[a&63]&qpCtlNext[b&63] != 0
}

// qpGate holds, for a text, the stretches where its escapes of
// controls are not asked: from an = of qpCtlStopAt's that is no finding
// of qpControl's (raw HTML's size=10, a digit after, a part not declared
// quoted-printable) to the next "rintable" after it (the next header that
// may declare quoted-printable: Quoted-Printable and quoted-printable,
// not QUOTED-PRINTABLE), or to the end of the text once there is none or
// qpGateMax stretches are taken. The lazy check and the full check ask
// the = in the text's order (each reads on from where the other gave up
// or handed back, the full check again from a reset point before, where
// the lazy check found nothing), so the stretches are the same for both.
type qpGate struct {
	off [qpGateMax][2]int // from, to (math.MaxInt: the end)
	n   int
}

// qpGateMax is the most stretches of a text's qpGate: a search for the
// next "rintable" each.
const qpGateMax = 4

// on reports whether the escapes of controls are asked at t[i].
func (g *qpGate) on(i int) bool {
	for _, o := range g.off[:g.n] {
		if i >= o[0] && i < o[1] {
			return false
		}
	}
	return true
}

// asks reports whether an escape of a control at t[i] or after may be
// asked (chunkQPCtl: the kernel stops at them).
func (g *qpGate) asks(i int) bool {
	return g.n == 0 || g.off[g.n-1][1] != math.MaxInt || i < g.off[g.n-1][0]
}

// control returns the control the escape at t[i] (an = of
// qpCtlStopAt's: the callers ask first, inline) stands for (qpControl),
// or -1; one that is none starts a stretch of the gate.
func (g *qpGate) control(t []byte, i int) int {
	if !g.on(i) {
		return -1
	}
	c := qpControl(t, i)
	if c < 0 && (g.n == 0 || i > g.off[g.n-1][0]) { // not a stretch's start read again
		to := math.MaxInt
		if g.n < qpGateMax-1 {
			if j := qpWordNext(t, i); j >= 0 {
				to = j
			}
		}
		g.off[g.n] = [2]int{i, to}
		g.n++
	}
	return c
}

// qpWordNext returns where the next "-printable" of t, in any case (of
// Content-Transfer-Encoding: quoted-printable), is in the qpHdrReach
// bytes from t[i] on, or -1:
// an IndexByte of -, a byte rare in prose and absent from base64
// (bytes.Index of "rintable" took IndexByte's path at each r, 4.8% of
// BenchmarkCheckTextHot's samples; IndexByte of q and Q, 3.3%: base64
// attachments after raw HTML have them every 32 bytes).
// qpHdrReach is the most bytes qpWordNext reads: past a raw HTML part
// of a mail, a base64 attachment may run to the end of the text.
const qpHdrReach = 32 << 10

func qpWordNext(t []byte, i int) int {
	const w = "-printable"
	t = t[:min(len(t), i+qpHdrReach)]
	for i < len(t) {
		p := bytes.IndexByte(t[i:], '-')
		if p < 0 {
			return -1
		}
		p += i
		if p+len(w) <= len(t) && bytes.EqualFold(t[p:p+len(w)], []byte(w)) {
			return p
		}
		i = p + 1
	}
	return -1
}

// qpControl returns the control the escape at t[i] (an =) stands for,
// or -1 (see the session 25 notes, second rule).
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
// notes, second rule).
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
