package evasions

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Session 33 (enc16): benchmarks/evplant16.py's base64 and
// quoted-printable misses.
//
// # Base64 of a text, no header in the row
//
// b64Fragment and b64Lead take wrapped base64 that is (nearly) the whole
// row, or opens it before a part's end, for "a MIME part declared
// base64, cut from its mail": an encoded_attachment, not a cleaning
// evasion. The rule came from corpus rows cut from mail at line ends,
// where a row inside an attachment is all base64. evplant16's
// base64_body_no_headers writes a whole mail body as wrapped base64 and
// nothing else (a pipeline that kept the body undecoded and dropped its
// headers), and expects encoded_blob: 0 of 30 on both seeds, all
// encoded_attachment. What the base64 decodes to tells the two apart: a
// text (mail, HTML) is words a cleaner never sees, what a spam filter
// calls text disguised as base64 (SpamAssassin's MIME_BASE64_TEXT);
// an image, an archive or a document is an attachment left encoded.
// So a run b64Fragment or b64Lead takes is an encoded_blob when it
// decodes to text (b64Text: at most 2 + 1/256 of its bytes C0 controls
// other than tab, line breaks, form feed and ESC, or DEL, the bound
// textLike puts on a declared text part; any charset, since nothing
// declares one), and stays an encoded_attachment when it decodes to
// anything else. Random and compressed bytes are about one C0 control
// in eight, so b64Text stops at the first few of a binary run.
//
// Census of the rows b64Fragment or b64Lead take (TestB64TextCensus,
// which decodes line by line): corpus-200MB-s1, 6,062 of its 6,811
// encoded_attachment rows. 1,732 decode to text and are encoded_blob
// rows now (916 ASCII, mostly spam's HTML; 808 other bytes: Latin-1,
// GB2312, Big5, KOI8-R; 8 text in their first 3 KB, cut lines after);
// 3,884 decode to binary (jpeg, png, zip and
// pdf slices) and 446 to text the corpus generator's edits broke (it
// recases and misspells "words", and a base64 line is one): more C0
// controls than the bound once the lines are decoded as one stream,
// left attachments. No other finding of the corpus changes. The
// planters' control (the same 2,000 SpamAssassin rows for every
// planter): 4 rows of each seed decode to text (slices of spam's HTML
// and a GB2312 advertisement), 2 and 1 to binary; so every control
// goes from 12-16 flagged rows to 16-20 (1.00% at most).
//
// A part a MIME header in the row declares stays an encoded_attachment
// whatever it decodes to: that header says what the base64 is, and
// mimeParts decodes text parts and judges what they hold (session 31).
// The census (TestB64TextCensus) shows why not every declared text
// part: evplant15's 2,000 SpamAssassin control rows (every planter's)
// hold 28 and 21 declared base64 parts that decode to text (spam's HTML
// and plain bodies, mostly Latin-1 and Big5), which would take the
// control from 13 to 41 flagged (2.05%).
//
// # A "part" no boundary delimits
//
// evplant11's b64_textplain_part and b64_html_part_declared (hard, 0
// and 0-1 of 30) append a delimiter line, a text/plain or text/html
// part header and base64 of spam to a mail, in 53 of 60 rows a whole
// mail whose header declares no boundary, or another one. A mail client
// reads a part only between delimiters of a boundary its headers
// declare; anywhere else those lines are the body's text, and the
// base64 is shown as it is: a text hidden from a cleaner in the body,
// not an attachment. So a declared run is an encoded_blob when
// singlePartText takes it: the row opens with the mail's header block
// (so its boundaries are in the row), which has a Content-Type or no
// MIME-Version, the part's header is in the body, the line above the
// part's header block is no delimiter of a boundary the row declares
// (boundaryDeclared, any case, white space after the =), no multipart
// type in the row lost its boundary parameter, the part says text/*,
// and the run decodes to text. Recall (seeds 1; 2): b64_textplain_part
// 0 -> 26; 26 of 30, b64_html_part_declared 0; 1 -> 26; 21 (the misses
// are rows cut from the middle of a mail, no header block to read). The
// controls: none (the SpamAssassin rows declare their boundaries,
// "boundary= \"...\"" with a space among them). corpus-200MB-s1: one row
// (line 67784: a header block with no MIME-Version and no Content-Type
// before a "------=_NextPart" part of base64 text; the generator's
// edits dropped them, and the row as it stands is a mail whose body
// shows base64); the edits' other traces, recased boundaries ("=_nextpart"
// for "=_NextPart": 3 rows) and parameter lines cut from a multipart
// Content-Type (2), and MIME-Version without Content-Type (1), were
// taken before the rules above and are not now.
//
// # A run of white space written as quoted-printable
//
// qp.go takes qpSpaceMin =20 in a row for a repeated_run; a run of
// no-break spaces written =C2=A0 (evplant16's qp_undecoded_nbsp_run:
// 1,500 of them with soft line breaks, in a mail body with no
// quoted-printable header) was an encoded_blob only (escRun: escapes of
// bytes of 0x80 or more over escMinBytes), which the planter does not
// accept: what the escapes write is a run of thousands of U+00A0, the
// issue's example of a repeated run. qpSpaceOther judges the decoded
// run as the raw text's rule does (runSpaceOtherMin non-ASCII white
// space characters, other white space between them allowed): escapes
// of a non-ASCII white space character (qpRune; U+00A0, U+2000 to
// U+200A, U+3000...) count, and =20, =09, raw white space and soft line
// breaks may come between them. It is asked at each escape of such a
// character, and measures the run only at its first one (qpSpaceOtherFirst):
// the run is the same from wherever a reader starts, and read once.
// The blob stays: the escapes are a blob too (what the row holds is
// encoded, and what the encoding hides is padding). corpus-200MB-s1
// has 20 rows with one such escape and none with two in a run; the
// planters' controls and negatives none.

// b64TextMax is the most base64 characters b64Text decodes (3 KB of
// bytes): enough to tell text from binary (random and compressed bytes
// show a control in every eight or so), and a bound on the time a long
// body costs (corpus-200MB's rows are 7 KB at most but for a few).
const b64TextMax = 4 << 10

// b64TextMin is the fewest bytes a run must decode to for b64Text to call
// it text.
const b64TextMin = 48

// b64Text reports whether the base64 run t[start:end] (lines of the
// alphabet, line breaks, a space opening a line: b64End's run) decodes
// to text: b64TextMin bytes or more, at most 2 + 1/256 of them C0
// controls other than tab, line feed, carriage return, form feed and
// ESC, or DEL (textLike's bound on a declared text part). It decodes
// b64TextMax characters at most, and stops at padding or at any other
// byte; it stops early once the controls pass the bound for the whole
// run.
func b64Text(t []byte, start, end int) bool {
	end = min(end, start+b64TextMax)
	maxBad := 2 + (end-start)*3/4/256 // the bound for the most bytes the run can decode to
	var acc uint32
	k, n, bad := 0, 0, 0
	for _, c := range t[start:end] {
		v := b64Dec[c]
		if v < 0 {
			if c == '\n' || c == '\r' || c == ' ' {
				continue
			}
			break // padding, or the end of the run
		}
		acc = acc<<6 | uint32(v)
		if k++; k < 4 {
			continue
		}
		if bad += int(b64Ctl[byte(acc>>16)] + b64Ctl[byte(acc>>8)] + b64Ctl[byte(acc)]); bad > maxBad {
			return false
		}
		n += 3
		k, acc = 0, 0
	}
	return n >= b64TextMin && bad <= 2+n/256
}

// b64Dec is the value of each base64 character, -1 for other bytes.
var b64Dec = func() (d [256]int8) {
	for c := range d {
		d[c] = int8(b64Value(byte(c))) // recall19.go
	}
	return d
}()

// b64Ctl is 1 for the bytes b64Text counts against text: C0 controls
// but tab, line feed, carriage return, form feed and ESC, and DEL.
var b64Ctl = func() (d [256]uint8) {
	for c := range 0x20 {
		if c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B {
			d[c] = 1
		}
	}
	d[0x7F] = 1
	return d
}()

// b64TextEvidence is the encoded_blob evidence of n base64 characters
// from t[start] that b64Fragment or b64Lead took for an attachment cut
// from its mail, when they decode to text (b64Text; the run is known to
// reach t[known], as b64EvidenceRun's); false when they do not.
func b64TextEvidence(t []byte, n, start, known int, lazy uint8) (string, bool) {
	if !b64Text(t, start, b64End(t, known)) {
		return "", false
	}
	if lazy&lazyBlob != 0 {
		return lazyEvidence, true
	}
	return strconv.Itoa(n) + " base64 characters from byte " + strconv.Itoa(start) + " that decode to text, no MIME header declaring them: " + quoteVisible(t[start:], 24), true
}

// spaceOther reports whether r is white space outside ASCII (the
// characters the raw text's runSpaceOtherMin counts).
func spaceOther(r rune) bool {
	return r >= utf8.RuneSelf && unicode.IsSpace(r)
}

// qpSpaceOther returns the run of white space written as quoted-printable
// that the escapes at t[i] (of r, qpRune's) open: where it ends, how
// many non-ASCII white space characters it writes, and whether they are
// runSpaceOtherMin or more (a repeated_run). ok is false, and the run
// not read, unless r is such a character and the first of its run
// (qpSpaceOtherFirst).
func qpSpaceOther(t []byte, i int, r rune) (hi, n int, ok bool) {
	if !spaceOther(r) || !qpSpaceOtherFirst(t, i) {
		return 0, 0, false
	}
	for j := i; ; {
		for j < len(t) && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r') {
			j++ // raw white space
		}
		if j+1 < len(t) && t[j] == '=' && (t[j+1] == '\n' || t[j+1] == '\r') {
			j += 2 // a soft line break
			continue
		}
		if v := qpUnit(t, j); v == ' ' || v == '\t' {
			j += 3
			continue
		}
		r, end := qpRune(t, j)
		if !spaceOther(r) {
			break
		}
		n++
		hi, j = end, end
	}
	return hi, n, n >= runSpaceOtherMin
}

// qpSpaceOtherFirst reports whether no escapes of a non-ASCII white space
// character end before t[i] with only white space (raw, =20, =09) and
// soft line breaks between.
func qpSpaceOtherFirst(t []byte, i int) bool {
	j := i
	for j > 0 {
		switch c := t[j-1]; {
		case c == ' ' || c == '\t' || c == '\r':
			j--
			continue
		case c == '\n':
			j--
			if j > 0 && t[j-1] == '=' {
				j-- // a soft line break
			} else if j > 1 && t[j-1] == '\r' && t[j-2] == '=' {
				j -= 2
			}
			continue
		}
		v := qpUnit(t, j-3)
		if v == ' ' || v == '\t' {
			j -= 3
			continue
		}
		if v < 0x80 || v > 0xBF {
			return true // not the end of a character written as escapes
		}
		// The escapes of the character that ends at t[j]: its lead is
		// one to three escapes back (qpBefore: soft line breaks between).
		p := j - 3
		for range 3 {
			if p = qpBefore(t, p); p < 0 {
				return true
			}
			if r, end := qpRune(t, p); r >= 0 {
				return end != j || !spaceOther(r)
			}
		}
		return true
	}
	return true
}

// qpSpaceOtherEvidence is the repeated_run evidence of n non-ASCII white
// space characters written as quoted-printable from t[i] to t[hi].
func qpSpaceOtherEvidence(t []byte, i, hi, n int) string {
	return strconv.Itoa(n) + " non-ASCII white space characters (no-break spaces and the like) written as quoted-printable escapes from byte " + strconv.Itoa(i) + " to " + strconv.Itoa(hi) + ": " + quoteVisible(t[i:], 24)
}

// mailHeaderMax is how far mailHeaderEnd reads for the blank line that
// ends a mail's header block.
const mailHeaderMax = 64 << 10

// mailHeaderEnd returns where the body of the mail t opens with starts
// (past the blank line that ends its header block), or -1 when t does
// not open with a header block: an mbox "From " line or a header field
// first, then header fields ("Name: value") and their continuation
// lines only, to a blank line within mailHeaderMax bytes.
func mailHeaderEnd(t []byte) int {
	p, fields := 0, 0
	if bytes.HasPrefix(t, []byte("From ")) {
		k := bytes.IndexByte(t, '\n')
		if k < 0 {
			return -1
		}
		p = k + 1
	}
	for p < min(len(t), mailHeaderMax) {
		k := bytes.IndexByte(t[p:], '\n')
		if k < 0 {
			return -1
		}
		line := bytes.TrimSuffix(t[p:p+k], []byte{'\r'})
		switch {
		case len(line) == 0:
			if fields == 0 {
				return -1
			}
			return p + k + 1
		case line[0] == ' ' || line[0] == '\t':
			if fields == 0 {
				return -1
			}
		case !headerField(line):
			return -1
		}
		fields++
		p += k + 1
	}
	return -1
}

// headerField reports whether line starts with a header field's name
// (letters, digits and -) and a colon.
func headerField(line []byte) bool {
	for i, c := range line {
		switch {
		case c == ':':
			return i > 0
		case c == '-' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z':
		default:
			return false
		}
	}
	return false
}

// singlePartText reports whether the base64 run from t[start] (to
// t[end]) that a Content-Transfer-Encoding header at t[at] declares is a
// text left as base64 in a mail's body rather than a part of the mail:
// t opens with the mail's header block (mailHeaderEnd), which has a
// Content-Type line or no MIME-Version line (a mail written before MIME,
// or as if: its body is one text; a MIME-Version without a Content-Type
// is a header block the corpus generator cut), the header at t[at] is
// in its body, and no
// boundary the text declares delimits it (undelimited: a mail client
// shows it as the text of the body or of the part it sits in, base64
// and all), every multipart type in t with a boundary of its own (none
// lost: a row whose parameter line was cut says nothing); the part's
// Content-Type is text/*, and the run decodes to text (b64Text, past
// the header's own "base64" word when the run takes it in).
func singlePartText(t []byte, at, start, end int) bool {
	h := mailHeaderEnd(t)
	if h < 0 || at < h || !headerHas(t[:h], "content-type:") && headerHas(t[:h], "mime-version:") || countFold(t, "multipart/") > countFold(t, "boundary=") || !undelimited(t, at) {
		return false
	}
	body := start
	if hasPrefixFold(t[start:], "base64") {
		body += len("base64")
	}
	k := partContentType(t, at, body)
	if k < 0 {
		return false
	}
	v := t[k+len("content-type:") : body]
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	return hasPrefixFold(v, "text/") && b64Text(t, body, end)
}

// undelimited reports whether the header block that holds the line at
// t[at] is delimited by no boundary t declares: the line above the block
// (past its other fields and their continuation lines) is not "--" and
// a boundary of a "boundary=" parameter in t (boundaryDeclared), or t
// declares none.
func undelimited(t []byte, at int) bool {
	e := at - 1 // t[e] is the line feed that ends the line above
	for e > 0 {
		s := bytes.LastIndexByte(t[:e], '\n') + 1
		line := bytes.TrimSuffix(t[s:e], []byte{'\r'})
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t' || headerField(line)) {
			e = s - 1
			continue
		}
		if len(line) > 2 && line[0] == '-' && line[1] == '-' {
			return !boundaryDeclared(t, bytes.TrimRight(line[2:], " \t"))
		}
		break
	}
	return indexFold(t, "boundary=") < 0
}

// boundaryDeclared reports whether t holds a "boundary=" parameter (any
// case, white space after the =, its value quoted or not) whose value is
// b, in any case: corpus-200MB's rows have words recased, boundaries
// among them (the generator's edits; a writer's own boundary is matched
// case-sensitively by a client, but a row recased is not an evasion).
func boundaryDeclared(t, b []byte) bool {
	for off := 0; ; {
		k := indexFold(t[off:], "boundary=")
		if k < 0 {
			return false
		}
		v := t[off+k+len("boundary="):]
		for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
			v = v[1:] // boundary= "X" (SpamAssassin has it)
		}
		if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
			v = v[1:]
		}
		if len(v) >= len(b) && bytes.EqualFold(v[:len(b)], b) {
			if r := v[len(b):]; len(r) == 0 || r[0] == '"' || r[0] == '\'' || r[0] == ';' || r[0] == ' ' || r[0] == '\t' || r[0] == '\r' || r[0] == '\n' {
				return true
			}
		}
		off += k + len("boundary=")
	}
}

// headerHas reports whether a line of the header block h starts with
// name (any case).
func headerHas(h []byte, name string) bool {
	for p := 0; p < len(h); {
		if hasPrefixFold(h[p:], name) {
			return true
		}
		k := bytes.IndexByte(h[p:], '\n')
		if k < 0 {
			break
		}
		p += k + 1
	}
	return false
}

// countFold is how many times s (lower case) is in t, in any case.
func countFold(t []byte, s string) int {
	n := 0
	for off := 0; ; n++ {
		k := indexFold(t[off:], s)
		if k < 0 {
			return n
		}
		off += k + len(s)
	}
}

// singlePartEvidence is the encoded_blob evidence of n base64 characters
// from t[start] under the header at t[at] when singlePartText takes
// them, with the run known to reach t[known] (b64EvidenceRun's); false
// when it does not.
func singlePartEvidence(t []byte, n, start, at, known int, lazy uint8) (string, bool) {
	if !singlePartText(t, at, start, b64End(t, known)) {
		return "", false
	}
	if lazy&lazyBlob != 0 {
		return lazyEvidence, true
	}
	return strconv.Itoa(n) + " base64 characters from byte " + strconv.Itoa(start) + " that decode to text, under a part header (byte " + strconv.Itoa(at) + ") that no boundary of the mail delimits: " + quoteVisible(t[start:], 24), true
}
