package evasions

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Session 33 (enc16): benchmarks/evplant16.py's quoted-printable miss.
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
