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
//
// Cost: no new stop; one cssEnd (a few byte tests) at each backslash
// scan's blocks or the full check read, a run only where one starts.
// corpus-30MB-s1 holds 2,354 backslashes in 27.6 MB: some 10 us of
// BenchmarkAddCorpus/lazy's 26 ms (0.1%). Measured, evasions test
// binaries of main 32ef2a1 and this one alternated under the CPU lock,
// order rotated, 10 rounds at load 22-25 (thread CPU): the pairs'
// median ratio BenchmarkCheckTextHot 0.866, AddCorpus/lazy 1.044, the
// spread +-13-27%: not told apart from the noise.

// Base64 folded into a mail header (evplant13's b64_folded_x_header,
// 0 of 30 on seeds 1 and 2: X-Campaign-Data: V2hl...\n\tUgYW5k...\n\t...,
// 120-420 bytes of spam or prompt injection, lines of 70 characters
// after a tab, in the header block a text starts with) is left: the
// kernel's base64 chain (chainB64, ten blocks) breaks at each "\n\t",
// a line after a tab holds 8 blocks at most, and the full check's base64
// run takes line breaks but not the white space after them. Two ways
// were measured, neither landed:
//
//   - A rule read once a text after the scan, as b64TailLine is
//     (benchmarks/folded_b64_rule.patch, against c77c8a7: foldedB64 in
//     recall29.go, its tests and hooks): in the header block a text
//     starts with (a field name and a colon, after an mbox From line or
//     not; to its first empty line), at each line break followed by a
//     tab or a space whose line is base64 alone, a header whose whole
//     value is base64 and folding white space, blobB64Min characters or
//     more over two lines or more, that decodes to printable ASCII
//     words (asciiWords). It found b64_folded_x_header 30 of 30 on both
//     seeds, with every other planter's scores and controls,
//     corpus-200MB-s1's evasions report, 6,046 SpamAssassin messages'
//     and verify.sh's files unchanged. But finding the header block's
//     end and its folds (bytes.Index of "\n\n", "\n\r\n", "\n\t", "\n "
//     goes line by line where every line starts with a line break) cost
//     on the first 256 KB of corpus-30MB, in cache (a benchmark of
//     foldedB64 alone and of checkText over the same texts, one after
//     the other, thread CPU, 3 runs each at load 23): 34 us
//     against checkText's 210 us, +16%. Folds after a tab alone, found
//     with IndexByte over the header-led texts (the header's end asked
//     only at a fold whose line is base64): 5.0-6.3 against 158-202 us,
//     +3%. Both over the +1% a rule may cost. corpus-200MB-s1: 20,108
//     of 137,265 rows start with a header line; their header blocks are
//     12.1 MB of the 184 MB, with 21,071 folds after a tab and 40,534
//     after a space.
//   - The kernel's base64 chain stepping over a tab or a space after a
//     line feed (as session 29 thought of "\n> ", recall20.go), with the
//     block loop, b64Clean and b64Take (chainclean.go), the full check's
//     and the reference's base64 runs stepping over the same bytes:
//     benchmarks/b64chain_sim.py's mode C on corpus-200MB-s1, the chain
//     reaches 10 blocks 145,163 times as it is and 145,498 with C (+335;
//     rows 7,869 -> 7,873; with B, grouped and quoted base64, too:
//     145,526), blocks that may go on with a chain 3.44 -> 3.48 million,
//     the first MB (BenchmarkCheckTextHot) 1,067 -> 1,068. Few new stops,
//     so the kernel's part is its instructions (a compare of the chunk
//     with line feeds and of the bytes one on with tab and space, a
//     shift, an AND into CHAINMASKS' classes, as
//     benchmarks/b64chain_kernel_cost.patch measured for spaces), and
//     the base64 runs' rules must take the folds in the same change as
//     b64groups' grouped and quoted base64. A cheaper third way: a stop
//     of its own at a 64-byte chunk of only the base64 alphabet, tab,
//     space and line feed (b64groups' class with the tab), with the
//     rule above asked only there (its look for the header around the
//     stop, not a pass over every header). Built so (session 30, fold2):
//     b64fold.go, with its numbers.

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
