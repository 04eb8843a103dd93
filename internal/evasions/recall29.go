package evasions

import (
	"math/bits"
	"strconv"
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
