package evasions

import (
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// Quoted-printable (session 23, issue 20): benchmarks/evplant5.py plants
// evasions inside quoted-printable parts and RFC 2047 Q-encoded subjects,
// as Python's email package writes them: a zero-width space in a word
// (Cl=E2=80=8Bick, =C2=AD, =E2=80=8C, =E2=81=A0), a bidi override before
// one (=E2=80=AE), a Cyrillic look-alike inside a Latin word
// (p=D0=B0ypal), U+FFFD (Caf=EF=BF=BD), and padding of =20 (runs of 150
// to 500 in lines of 25 and soft line breaks). main found 0 of 30 of
// each (seeds 1 and 2): the escapes are ASCII, so the rules of the raw
// characters never saw them. A mail client decodes them and shows the
// character, so what they decode to is judged as the raw character is:
//
//   - A character written as escapes of its UTF-8 bytes (qpRune: a lead
//     =C2 to =F4, then its continuation escapes =80 to =BF, soft line
//     breaks allowed between) that is U+FFFD is a replacement_char, a
//     bidi control a bidi_control, an invisible character (not U+FEFF)
//     an invisible_char, a look-alike of a Latin letter (lookalike) with
//     an ASCII letter right before its first = or right after its last
//     escape a mixed_script word. The sequence must stand on its own:
//     an escape of a byte of 0x80 or more right before it must end a
//     character (qpAfterChar) and none of a continuation byte may follow
//     it. Mail left quoted-printable in GB2312 or Big5 (=A5=CE=A5d) holds
//     byte pairs that read as UTF-8 by chance (=CE=A5 is Greek Υ, before
//     a d): corpus-200MB has 123 rows where a naive decode finds a
//     look-alike beside a letter, none once the sequence must stand on
//     its own. The exceptions of the raw characters that live beside
//     other non-ASCII text (joiners in emoji and Indic words, marks in
//     right-to-left text, variation selectors) are not flagged when an
//     escape of a byte of 0x80 or more is right before or after
//     (qpPlainBeside).
//   - qpSpaceMin or more =20 in a row (soft line breaks between allowed)
//     are a repeated_run: a writer escapes a space only before a line
//     break, so a run of them is padding. corpus-200MB and every
//     planter's control have none of 10 or more.
//
// Not done (numbers below): escapes of C0 controls (=1B[31m, =00, =07;
// session 26: recall10.go) and letters written as escapes
// (=54=68=69=73, evplant5's qp_every_byte; session 25: recall9.go).
//
// Finding it: the kernel stops at an = with a byte C to F (upper case)
// right after it (EQLEAD in chunks_amd64.s, into K6 as AMPHASH), and
// at a chunk of escapes of =20 even once a blob is found (sepchunk:
// with = and 2 after it, chunkSepHex); scan's block loop asks qpBlock at
// each block with an =, asciiByte at each = it reads, and at the chunk
// where the kernel stopped with chunkSepHex qpSpaceThrough. The full
// check (qpCheck) and refCheckText ask qpEvasion at each = they read.
//
// The numbers (session 23): evplant5 seeds 1 and 2, invisible_char
// 0.882 -> 1.000, bidi_control 0.909 -> 1.000, mixed_script 0.947 ->
// 1.000 and 0.998, repeated_run 0.889 -> 0.944 and 0.939,
// replacement_char 0.711 -> 0.856 and 0.850 (the six variants 0 -> 30
// of 30 each); its controls unchanged (11 and 14 of 2,000 flagged);
// evplant.py, evplant3.py and evplant4.py findings byte-identical;
// corpus-200MB's evasion findings (--checks evasions) byte-identical.
// Escapes of controls would need the kernel to stop at = 0 and = 1:
// raw HTML's width=100, size=1 and border=0 put them in 1.7% of
// corpus-30MB's chunks (a naive decode flags 12,000 rows of
// corpus-200MB); behind a quoted-printable header only, 6 rows.
//
// Cost, not yet within the 1% asked (6 runs alternated, load 0.5-4,
// against main 35f8541): BenchmarkCheckTextHot +36.6% CPU (p=0.002),
// Corpus/fast +7.3% (p=0.18). The EQLEAD stops alone are 0.56% of
// corpus-30MB's chunks (= c to f too: 1.13%, raw HTML's =center,
// =color: so upper case only), but quoted-printable bodies of Chinese
// and Korean spam hold an = C to F every few bytes, and the kernel
// stops at each, a call and a block of Go code each (session 18 moved
// those bodies back to the kernel: chunks.go). Left to try: the Go code
// taking a whole run of escapes where the kernel stopped (escRun, as
// kernelAt +64 does for chunkSepHex), or EQLEAD only at an = with no =
// three bytes before it (KSHIFTLQ, KANDNQ: the first escape of a run),
// the rule judging only such escapes.
//
// Session 24: the kernel says it stopped at such an = (chunkQP), and
// the block loop takes the chunk there whole, as it does a chunk of
// separated hex (kernelAt +64: the blobs the kernel's chunks find are
// long enough that one of its chunks after lies inside them, sephex.go,
// blobs.go, b64url.go); qpEvasion looks at the character before the
// escapes around it, and first at qpPlain. On corpus-30MB's first
// megabyte (BenchmarkCheckTextHot's texts) kernel calls 2,251 to 1,541
// (stops at EQLEAD 865 to 156); on the whole corpus 59,652 to 53,402.
// Hot, 5,000 iterations each under the CPU profiler at load 8-11:
// checkText's samples 2.30 s before session 23 (2c6c36b), 3.15 s at
// main (630a69f), 2.50 s with both (the kernel 0.80, 1.02, 0.78 s;
// qpBlock -, 0.45, 0.18 s); 8 runs alternated, CPU median 404, 566,
// 551 us (min 321, 489, 523; the noise of load 8-15 is +-20%).
// The first alone (no qpPlain, the category after the escapes): 2,251
// calls to 1,541, qpBlock 13.4% to 8.8% of Hot's samples.
const qpSpaceMin = 50

// A run of qpSpaceMin =20 is 150 bytes or more: a chunk of 64 lies in it
// wherever the kernel's chunks start (127 bytes).
const _ = uint(qpSpaceMin*3 - 127)

// qpUnit returns the byte the escape =XX at t[u] stands for, or -1.
func qpUnit(t []byte, u int) int {
	if u < 0 || u+3 > len(t) || t[u] != '=' || !hexByte(t[u+1]) || !hexByte(t[u+2]) {
		return -1
	}
	return int(hexVal(t[u+1])<<4 | hexVal(t[u+2]))
}

// qpAfter returns where the escape after the one at t[u] would start:
// u+3, or past a soft line break (=\n, =\r\n) there.
func qpAfter(t []byte, u int) int {
	k := u + 3
	if k+1 < len(t) && t[k] == '=' {
		if t[k+1] == '\n' {
			return k + 2
		}
		if t[k+1] == '\r' && k+2 < len(t) && t[k+2] == '\n' {
			return k + 3
		}
	}
	return k
}

// qpBefore returns where the escape before t[u] starts (the escape whose
// qpAfter is u), or -1.
func qpBefore(t []byte, u int) int {
	for _, p := range [...]int{u - 3, u - 5, u - 6} {
		if qpUnit(t, p) >= 0 && qpAfter(t, p) == u {
			return p
		}
	}
	return -1
}

// qpRune returns the character written as escapes of its UTF-8 bytes
// from t[u] and where its last escape ends; -1 when none is. The lead
// escape's first digit is upper case, as RFC 2045 has every writer write
// it (the kernel stops at an = with C to F after it: EQLEAD).
func qpRune(t []byte, u int) (rune, int) {
	b0 := qpUnit(t, u)
	if b0 < 0xC2 || b0 > 0xF4 || t[u+1] > 'F' {
		return -1, u
	}
	var buf [4]byte
	buf[0] = byte(b0)
	n := 2
	if b0 >= 0xF0 {
		n = 4
	} else if b0 >= 0xE0 {
		n = 3
	}
	end := u + 3
	for k := 1; k < n; k++ {
		v := qpUnit(t, qpAfter(t, end-3))
		if v < 0x80 || v > 0xBF {
			return -1, u
		}
		end = qpAfter(t, end-3) + 3
		buf[k] = byte(v)
	}
	r, size := utf8.DecodeRune(buf[:n])
	if r == utf8.RuneError && size < 3 || size != n {
		return -1, u
	}
	return r, end
}

// qpHighBefore reports whether an escape of a byte of 0x80 or more ends
// right before t[u] (a soft line break between allowed); qpHighAfter,
// whether one starts right after the escapes ending at t[end].
func qpHighBefore(t []byte, u int) bool {
	p := qpBefore(t, u)
	return p >= 0 && qpUnit(t, p) >= 0x80
}

func qpHighAfter(t []byte, end int) bool {
	return qpUnit(t, qpAfter(t, end-3)) >= 0x80
}

// qpContAfter reports whether an escape of a continuation byte (0x80 to
// 0xBF) starts right after the escapes ending at t[end].
func qpContAfter(t []byte, end int) bool {
	v := qpUnit(t, qpAfter(t, end-3))
	return v >= 0x80 && v <= 0xBF
}

// qpAfterChar reports whether the escapes before t[u], if an escape of a
// byte of 0x80 or more ends right before it, end a character (qpRune).
func qpAfterChar(t []byte, u int) bool {
	if !qpHighBefore(t, u) {
		return true
	}
	p := u
	for range 3 {
		if p = qpBefore(t, p); p < 0 {
			return false
		}
		if r, end := qpRune(t, p); r >= 0 {
			return end == u
		}
	}
	return false
}

// qpPlainBeside reports whether r is a character whose raw form is
// plain beside other text that is not ASCII: ZWJ and ZWNJ (emoji,
// Indic words: plainJoiner), the left-to-right, right-to-left and
// Arabic letter marks (plainBidiMark), variation selectors, the
// combining grapheme joiner and tags (emoji flags).
func qpPlainBeside(r rune) bool {
	switch {
	case r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F, r == 0x061C, r == 0x034F:
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF, r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}

// qpEvasion returns the category of the escapes at t[i] (an =) and the
// character they stand for: a character written as escapes of its
// UTF-8 bytes that is U+FFFD, a bidi control, an invisible character
// or a look-alike in a Latin word; -1 for none. Runs of =20 are
// qpSpaceRun's.
//
// The category is looked at before the escapes around (qpAfterChar,
// qpContAfter), and first the ranges of qpPlain: most characters written
// as escapes are letters of Chinese, Japanese, Korean or Latin-1 mail,
// none of the four.
func qpEvasion(t []byte, i int) (int, rune, int) {
	r, end := qpRune(t, i)
	if r < 0 || qpPlain(r) || r != utf8.RuneError && !isBidi(r) && !isInvisible(r) && !lookalike(r) || !qpAfterChar(t, i) || qpContAfter(t, end) {
		return -1, r, end
	}
	switch {
	case r == utf8.RuneError:
		return iReplacement, r, end
	case isBidi(r), r != 0xFEFF && isInvisible(r):
		if qpPlainBeside(r) && (qpHighBefore(t, i) || qpHighAfter(t, end)) {
			return -1, r, end
		}
		if isBidi(r) {
			return iBidi, r, end
		}
		return iInvisible, r, end
	case lookalike(r) && qpLatinWord(t, i, end):
		return iMixed, r, end
	}
	return -1, r, end
}

// qpPlain reports whether r is in a range of letters that holds no
// character of qpEvasion's (U+FFFD, a bidi control, an invisible
// character, a look-alike; TestQPPlain reads every code point of them):
// Latin-1 and Latin Extended, CJK symbols, kana and ideographs, Hangul
// syllables. A quick no for most characters written as escapes, before
// isInvisible's table searches.
func qpPlain(r rune) bool {
	return r >= 0xC0 && r < 0x300 || r >= 0x3000 && r < 0x3164 || r > 0x3164 && r < 0xA4D0 || r >= 0xAC00 && r < 0xD800
}

// qpLatinWord reports whether the escapes t[i:end] of a look-alike
// stand in a Latin word: qpWordMin ASCII letters or more right before
// and after them, and no character written as escapes of bytes of 0x80
// or more at the word's ends but look-alikes. GB2312 and Big5 left
// quoted-printable read as UTF-8 by chance here and there (=CE=A5 is
// Greek Υ): beside escapes of their own bytes (=A5=CE=A5d=A7Q) or one
// ASCII letter (=20\n=CE=A5d</option>).
func qpLatinWord(t []byte, i, end int) bool {
	n := 0
	j := i
	for ; j > 0 && n < qpWordReach; j-- {
		if qpUnit(t, j-3) >= 0 || !asciiLetterByte(t[j-1]) {
			break
		}
		n++
	}
	if p := qpBefore(t, j); p >= 0 && qpUnit(t, p) >= 0x80 && !qpLookalikeBefore(t, j) {
		return false
	}
	k := end
	for ; k < len(t) && n < 2*qpWordReach && asciiLetterByte(t[k]); k++ {
		n++
	}
	u := k // the escape after the word, if any
	if k == end {
		u = qpAfter(t, end-3) // past a soft line break
	}
	if qpUnit(t, u) >= 0x80 {
		if r, _ := qpRune(t, u); r < 0 || !lookalike(r) {
			return false
		}
	}
	return n >= qpWordMin
}

// qpWordMin is the fewest ASCII letters a word with a look-alike written
// as escapes has (qpLatinWord); qpWordReach, the most it reads either
// side.
const (
	qpWordMin   = 2
	qpWordReach = 32
)

// qpLookalikeBefore reports whether the escapes ending right before t[u]
// write a look-alike (qpRune).
func qpLookalikeBefore(t []byte, u int) bool {
	p := u
	for range 3 {
		if p = qpBefore(t, p); p < 0 {
			return false
		}
		if r, end := qpRune(t, p); r >= 0 {
			return end == u && lookalike(r)
		}
	}
	return false
}

// qpSpaceRun returns the run of =20 through the escape at t[u] (soft line
// breaks between allowed): where it starts and ends and its escapes. It
// is the same run from any of them.
func qpSpaceRun(t []byte, u int) (lo, hi, n int) {
	lo = u
	for p := qpBefore(t, lo); p >= 0 && qpUnit(t, p) == ' '; p = qpBefore(t, lo) {
		lo = p
	}
	hi = lo
	for k := lo; qpUnit(t, k) == ' '; k = qpAfter(t, k) {
		n++
		hi = k + 3
	}
	return lo, hi, n
}

// qpSpaceAt reports whether t[u] starts an escape =20.
func qpSpaceAt(t []byte, u int) bool {
	return u+3 <= len(t) && t[u] == '=' && t[u+1] == '2' && t[u+2] == '0'
}

// qpEvidence is the evidence of category k for the escapes t[i:end]
// standing for r.
func qpEvidence(t []byte, i, end, k int, r rune) string {
	what := "invisible character"
	switch k {
	case iBidi:
		what = "bidirectional control"
	case iReplacement:
		what = "U+FFFD replacement character"
	case iMixed:
		what = "look-alike letter"
	}
	if k != iReplacement {
		what += fmt.Sprintf(" U+%04X", r)
	}
	return what + " written as quoted-printable escapes at byte " + strconv.Itoa(i) + ": " + quoteVisible(t[contextStart(t, i):], 24+end-i)
}

// qpSpaceEvidence is the repeated_run evidence of the run of n =20 at
// t[lo:hi].
func qpSpaceEvidence(t []byte, lo, hi, n int) string {
	return strconv.Itoa(n) + " spaces written as quoted-printable =20 from byte " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + ": " + quoteVisible(t[lo:], 24)
}

// qpFind records at found what the escapes at t[i] (an =) are, for the
// full check and refCheckText: a character of qpEvasion's, a run of
// non-ASCII white space escapes that i opens (qpSpaceOther, recall41.go),
// or a run of =20 of qpSpaceMin or more when i is at or past *done (the
// runs read up to there).
func qpFind(t []byte, i int, found *[numEvasionKinds]string, done *int) {
	k, r, end := qpEvasion(t, i)
	if k >= 0 && found[k] == "" {
		found[k] = qpEvidence(t, i, end, k, r)
	}
	if found[iRepeated] == "" {
		if hi, n, ok := qpSpaceOther(t, i, r); ok {
			found[iRepeated] = qpSpaceOtherEvidence(t, i, hi, n) // recall41.go
		}
	}
	if qpCtlStopAt(t, i) {
		qpControlFind(t, i, found) // recall10.go
		if t[i+1] == '?' {
			rfc2047Find(t, i, found) // rfc2047.go, recall18.go
		}
	}
	if found[iRepeated] == "" && qpSpaceAt(t, i) && i >= *done {
		lo, hi, n := qpSpaceRun(t, i)
		if *done = hi; n >= qpSpaceMin {
			found[iRepeated] = qpSpaceEvidence(t, lo, hi, n)
		}
	}
}

// qpFound reports whether the escapes at t[i] (an =) are a finding of
// qpFind's of a category not in found (bits 1<<k: scan.qpFound),
// reading a run of =20 only at or past *done; a run that is not one is
// read once. A category found is not asked again: escapes hold no reset
// point (isReset), so the full check would read a long run of them
// again at each.
func qpFound(t []byte, i int, done *int, found int) bool {
	if i+1 < len(t) && t[i+1] >= 'C' && t[i+1] <= 'F' {
		k, r, _ := qpEvasion(t, i)
		if k >= 0 && found&(1<<k) == 0 {
			return true
		}
		if found&(1<<iRepeated) == 0 {
			if _, _, ok := qpSpaceOther(t, i, r); ok {
				return true // recall41.go
			}
		}
	}
	if found&(1<<iControl) == 0 && qpCtlStopAt(t, i) && qpControl(t, i) >= 0 {
		return true // recall10.go
	}
	if i+1 < len(t) && t[i+1] == '?' && rfc2047Found(t, i, found) {
		return true // an RFC 2047 B-encoded word (rfc2047.go, recall18.go)
	}
	if found&(1<<iRepeated) == 0 && qpSpaceAt(t, i) && i >= *done {
		_, hi, n := qpSpaceRun(t, i)
		if n >= qpSpaceMin {
			return true // read again where the full check hands back
		}
		*done = hi
	}
	return false
}

// qpFoundMask is the categories of qpEvasion and qpSpaceRun found, as
// bits 1<<k (qpFound). Asked at each scan.run, so once a text at least:
// written out, not a loop over an array of the five (session 25: the
// loop was 7% of checkTextLazy's samples on texts of eight bytes; in
// BenchmarkAddCorpus/lazy's profiles 150 to 50 ms of about 17.7 s).
func qpFoundMask(found *[numEvasionKinds]string) int {
	return qpBit(found, iInvisible) | qpBit(found, iBidi) | qpBit(found, iReplacement) | qpBit(found, iMixed) | qpBit(found, iRepeated) | qpBit(found, iControl)
}

// qpBit is 1<<k when category k is found, else 0.
func qpBit(found *[numEvasionKinds]string, k int) int {
	if found[k] != "" {
		return 1 << k
	}
	return 0
}

// qpBlock reports whether an = of the block at t[i] (the high bits of eq)
// starts escapes of qpFound's. An = whose next byte qpFound asks about
// in none of its tests (qpNextMay) is passed without the call: the = of
// HTML's attributes (=" ='), of a URL's query or of a separator line,
// most of the ='s the block loop reads. Session 31 (evk7), perf of the
// default audit on the benchmark Parquet (4 runs each, alternated):
// qpFound 0.165% to 0.045% of the samples, qpBlock 0.053% to 0.117%.
func (s *scan) qpBlock(t []byte, i int, eq uint64) bool {
	for ; eq != 0; eq &= eq - 1 {
		if j := i + bits.TrailingZeros64(eq)/8; j+1 < len(t) && qpNextMay[t[j+1]] && qpFound(t, j, &s.qpDone, s.qpFound) {
			return true
		}
	}
	return false
}

// qpNextMay is, for each byte after an =, whether qpFound may report the
// escapes there or read a run of =20 (its only effect besides its
// answer): C to F (qpEvasion), a lead byte of qpCtlStopAt's (qpControl,
// RFC 2047's =?), ? (rfc2047Found) and 2 (qpSpaceAt). qpFound answers
// false for an = that ends the text. TestQPNextMay holds it to qpFound.
var qpNextMay = func() (m [256]bool) {
	for c := range m {
		m[c] = c >= 'C' && c <= 'F' || qpCtlLead[c&63] != 0 || c == '?' || c == '2'
	}
	return m
}()

// qpSpaceThrough reports whether a run of =20 of qpSpaceMin or more runs
// through an = of the m bytes at t[i] (where the kernel stopped:
// chunkSepHex).
func (s *scan) qpSpaceThrough(t []byte, i, m int) bool {
	if s.qpFound&(1<<iRepeated) != 0 {
		return false
	}
	for j := max(i, s.qpDone); j < min(i+m, len(t)); j++ {
		if qpSpaceAt(t, j) {
			_, hi, n := qpSpaceRun(t, j)
			if n >= qpSpaceMin {
				return true
			}
			s.qpDone = hi
			j = hi - 1
		}
	}
	return false
}
