package evasions

import (
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
// A part a MIME header in the row declares stays an encoded_attachment
// whatever it decodes to: that header says what the base64 is, and
// mimeParts decodes text parts and judges what they hold (session 31).
// The census (TestB64TextCensus) shows why not more: evplant15's 2,000
// SpamAssassin control rows (every planter's) hold 28 and 21 declared
// base64 parts that decode to text (spam's HTML and plain bodies, mostly
// Latin-1 and Big5), which would take the control from 13 to 41 flagged
// (2.05%). evplant11's b64_textplain_part and b64_html_part_declared
// (hard) are such declared parts, and stay encoded_attachment.
//
// Census of the rows b64Fragment or b64Lead take (TestB64TextCensus,
// which decodes line by line): corpus-200MB-s1, 6,062 of its 6,811
// encoded_attachment rows. 1,731 decode to text and are encoded_blob
// rows now (916 ASCII, mostly spam's HTML; 815 other bytes: Latin-1,
// GB2312, Big5, KOI8-R); 3,884 decode to binary (jpeg, png, zip and
// pdf slices) and 447 to text the corpus generator's edits broke (it
// recases and misspells "words", and a base64 line is one): more C0
// controls than the bound once the lines are decoded as one stream,
// left attachments. No other finding of the corpus changes. The
// planters' control (the same 2,000 SpamAssassin rows for every
// planter): 4 rows of each seed decode to text (slices of spam's HTML
// and a GB2312 advertisement), 2 and 1 to binary; so every control
// goes from 12-16 flagged rows to 16-20 (1.00% at most).
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
