package evasions

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// Repeated words and phrases (session 17, issue 20): "free free free
// ...", "click here now! click here now! ...". benchmarks/evplant3.py
// plants a word 30-500 times and a phrase 20-300 times; before this rule
// they were recalled 0.42-0.58 and 0.17-0.22 (only where another rule
// caught the row).
//
// The rule (phraseRun): a stretch of ASCII text [a, b) in which every
// byte equals the byte p later (t[j] == t[j+p] for a <= j < b-p), made
// as long as it goes, of phraseMinBytes bytes or more and phraseMinReps
// units or more ((b-a)/p), with p from 2 to phraseMaxPeriod, whose unit
// t[a:a+p] is words of letters: letters, white space (space, tab, line
// feed) and ! ? . , ' " - only, one letter at least and one to three
// white-space bytes. The first such stretch by start (then by the
// smallest p) is the evidence. corpus-30MB's other repeats are not words
// of letters: `&nbsp;` (60-82 times), `</FONT>`, base64's `iI`, spam's
// `%31%30` URLs; nor are ASCII art and separator lines.
//
// Measured (7e23694 against this): evplant3's repeated_run 0.897 to
// 0.953 (seed 1) and 0.873 to 0.937 (seed 2); its word plants 0.947 and
// 0.737, its phrases 0.917 and 0.889 (those missed are under
// phraseMinBytes: 272-396 bytes); its control, evplant.py's (seeds 1 and
// 2), corpus-30MB's and corpus-200MB's findings byte-identical (no row of
// SpamAssassin mail has 576 bytes of a word or phrase repeated). With
// every chunk tested (phraseMinBytes 192) word and phrase recall was 1.0
// on both seeds, the control unchanged, but at a cost not kept (chunks.go).
//
// Finding it: a unit of one to three white-space bytes and p <= 32 puts
// in any 64 bytes inside the stretch its first white-space byte at s1
// < p and another at s1+p < 64, the (m+1)th after s1 for m white-space
// bytes in the unit; and the white-space mask of those 64 bytes, and
// their bytes, repeat with period p. periodicWindow tests those three
// periods (p1, p2, p3: the distances from the first white-space byte to
// the second, third and fourth) on the white-space mask, then on the
// bytes. The kernel (scanChunksAVX512) runs the same test on the chunks
// at multiples of repEvery from where it starts while chunkRepOff is
// clear, and stops at the first that passes (chunkRepeat); scan's block
// loop tests the window at repNext once it reaches it (repNext: repEvery
// after the last tested); either sets scan.rep; the windows scan did not
// test (the parts the full check read, text
// that is not ASCII), repCatchUp tests; so the windows tested are never
// more than repEvery apart, and a stretch of repEvery+63 bytes holds
// one: phraseMinBytes. checkText then runs phraseRun over the whole
// text.
//
// Session 20 (issue 20: "a run of thousands of non-breaking spaces ...
// is a repeated run"; evplant4's html_nbsp_entities plants &nbsp; 120 or
// 400 times): a stretch whose unit is one HTML entity (entityUnit: & then
// letters, digits or #, then ;) of entityMinBytes or more is one too. A
// window without white space has the distance from its first & to the
// second as its candidate period (windowCands; the kernel the same, out
// of line behind its test for white space, on the chunks it tests).
// evplant4's repeated_run 0.900 -> 1.000 on seeds 1 and 2, every other
// category and every control of evplant, evplant3 and evplant4
// unchanged, corpus-200MB's evasion findings byte-identical. CPU
// against int (cbef03e), 6 runs alternated at load 1-2.6:
// BenchmarkCheckTextHot 433.6 against 428.9 µs (+1.1%, p=0.59),
// Corpus/fast 18.56 against 18.25 ms (+1.7%, p=0.18). At 96 &nbsp;
// (phraseMinBytes) a real mail with 97 in a row (evplant.py's and
// evplant4.py's controls, seed 2) was flagged: hence entityMinBytes.
const (
	phraseMinBytes  = repEvery + 64
	phraseMinReps   = 20
	phraseMaxPeriod = 32
)

// entityMinBytes is the least bytes of a run of one HTML entity that is
// a repeated run (entityUnit): 110 &nbsp;. evplant4 plants 120 or 400;
// SpamAssassin mail has runs of &nbsp; up to 97 (a real mail in
// evplant.py's and evplant4.py's controls, seed 2; corpus-200MB's
// longest is 82). Over phraseMinBytes: the windows tested find it.
const entityMinBytes = 660

// repEvery is how far apart the windows scan tests are: the kernel tests
// one chunk in four (REPSKIP in chunks_amd64.s; the cost measured is in
// chunks.go's doc and, for 256, recall35.go's). 512 before session 32.
const repEvery = 256

// repCatchUp tests the windows from repNext, repEvery apart, up to to
// (not included), unless a window repeating is already seen.
func (s *scan) repCatchUp(t []byte, to int) {
	for ; !s.rep && s.repNext < to; s.repNext += repEvery {
		if q := s.repNext; q+64 <= len(t) && periodicWindow(t[q:q+64]) {
			s.rep = true
		}
	}
}

// phraseClass is, for each ASCII byte, 1 for a letter, 2 for white space
// that may be in a unit (space, tab, line feed), 4 for the punctuation
// that may; 0 for every other byte.
var phraseClass = func() (t [128]uint8) {
	for c := range t {
		switch {
		case c|0x20 >= 'a' && c|0x20 <= 'z':
			t[c] = 1
		case c == ' ' || c == '\t' || c == '\n':
			t[c] = 2
		case c == '!' || c == '?' || c == '.' || c == ',' || c == '\'' || c == '"' || c == '-':
			t[c] = 4
		}
	}
	return t
}()

// wsMask is the mask of the white-space bytes of the 64 bytes w (space,
// tab, line feed, carriage return: the kernel's ccSpace), a bit a byte;
// exact where w holds bytes that are not ASCII (eqByteAny, recall24.go).
// On the kernel's CPUs, four compares of the 64 bytes (wsMask64AVX512):
// session 31 (evk7), perf of the default audit on the benchmark Parquet
// (4 runs each, alternated): wsMask 0.190% of the samples to 0.023%
// with wsMask64AVX512 (repCatchUp's windows of texts with characters
// that are not ASCII, phraseRun's).
func wsMask(w []byte) uint64 {
	if useChunks {
		_ = w[63]
		return wsMask64AVX512(&w[0])
	}
	return wsMaskGo(w)
}

// byteMask is the mask of the bytes c of the 64 bytes w, a bit a byte:
// one compare on the kernel's CPUs (eqMask64AVX512), else eight words of
// eqByteAny (exact for any byte, where eqByte is not above 0x7F).
// windowCands' & and lineGate's line feeds (recall36.go).
func byteMask(w []byte, c byte) uint64 {
	if useChunks {
		_ = w[63]
		return eqMask64AVX512(&w[0], c)
	}
	var m uint64
	for k := range 8 {
		x := eqByteAny(binary.LittleEndian.Uint64(w[8*k:]), c)
		m |= ((x >> 7) * 0x0102040810204080 >> 56) << (8 * k)
	}
	return m
}

// wsMaskGo is wsMask eight bytes at a time, with word arithmetic.
func wsMaskGo(w []byte) uint64 {
	var m uint64
	for k := range 8 {
		x := binary.LittleEndian.Uint64(w[8*k:])
		s := eqByteAny(x, ' ') | eqByteAny(x, '\t') | eqByteAny(x, '\n') | eqByteAny(x, '\r')
		// the high bit of each byte to one bit a byte
		m |= ((s >> 7) * 0x0102040810204080 >> 56) << (8 * k)
	}
	return m
}

// periodCands returns the candidate periods of the 64 bytes whose
// white-space mask is s: the distances from its first white-space byte
// to the second, third and fourth, 0 for those over phraseMaxPeriod or
// missing.
func periodCands(s uint64) (c [3]int) {
	if s == 0 {
		return c
	}
	s1 := bits.TrailingZeros64(s)
	r := s & (s - 1)
	for k := range 3 {
		if r == 0 {
			break
		}
		p := bits.TrailingZeros64(r) - s1
		if p > phraseMaxPeriod {
			break
		}
		c[k] = p
		r &= r - 1
	}
	return c
}

// windowCands returns the candidate periods of the 64 bytes w whose
// white-space mask is s: periodCands(s), or for a window without white
// space the distance from its first & to the second, when that is
// phraseMaxPeriod or under (a run of one HTML entity: entityUnit); for
// one without an & either, byteCands'.
func windowCands(w []byte, s uint64) (c [3]int) {
	if s != 0 {
		return periodCands(s)
	}
	m := byteMask(w, '&') // eqByte saw an & at bytes over 0x7F (recall36.go)
	if m == 0 {
		return byteCands(w) // recall8.go
	}
	if r := m & (m - 1); r != 0 {
		if p := bits.TrailingZeros64(r) - bits.TrailingZeros64(m); p <= phraseMaxPeriod {
			c[0] = p
		}
	}
	return c
}

// periodicWindow reports whether the 64 bytes w repeat with one of
// their candidate periods (periodCands), white-space mask first, then
// the bytes; it is what the kernel tests (chunkRepeat).
func periodicWindow(w []byte) bool {
	s := wsMask(w)
	for _, p := range windowCands(w, s) {
		if p == 0 {
			break
		}
		if (s^s<<p)>>p == 0 && periodicBytes(w, p) {
			return true
		}
	}
	return false
}

// periodicBytes reports whether w[j] == w[j+p] for every j < len(w)-p.
func periodicBytes(w []byte, p int) bool {
	for j := 0; j+p < len(w); j++ {
		if w[j] != w[j+p] {
			return false
		}
	}
	return true
}

// phraseRun finds the first repeated phrase of t (see the rule above):
// its start, end and period, p 0 when there is none. It tests the
// windows of 64 bytes from 0, 64, 128 ...: every stretch of the rule
// holds one, and the first window a stretch of the rule holds is held by
// the first stretch.
func phraseRun(t []byte) (a, b, p int) {
	var end [phraseMaxPeriod + 1]int // the end of the stretch last measured with each period: windows inside it are not measured again
	for q := 0; q+64 <= len(t); q += 64 {
		w := t[q : q+64]
		s := wsMask(w)
		for _, c := range windowCands(w, s) {
			if c == 0 {
				break
			}
			if q+64 <= end[c] || (s^s<<c)>>c != 0 || !periodicBytes(w, c) {
				continue
			}
			lo, hi := periodStretch(t, q, q+64, c)
			end[c] = hi
			if (phraseUnit(t[lo:lo+c]) && hi-lo >= phraseMinBytes || entityUnit(t[lo:lo+c]) && hi-lo >= entityMinBytes || padUnit(t[lo:lo+c]) && hi-lo >= padMinBytes || runUnit24(t[lo:lo+c], hi-lo) || runUnit28(t[lo:lo+c], hi-lo) || runUnit32(t[lo:lo+c], hi-lo) || runUnit36(t[lo:lo+c], hi-lo)) && hi-lo >= phraseMinReps*c && (p == 0 || lo < a) {
				a, b, p = lo, hi, c
			}
		}
		if p != 0 {
			return a, b, p
		}
	}
	return 0, 0, 0
}

// periodStretch widens the periodic stretch t[lo:hi] of period c as far
// as t keeps that period either side (phraseRun's and longRun's
// stretches).
func periodStretch(t []byte, lo, hi, c int) (int, int) {
	for lo > 0 && t[lo-1] == t[lo-1+c] {
		lo--
	}
	for hi < len(t) && t[hi] == t[hi-c] {
		hi++
	}
	return lo, hi
}

// phraseUnit reports whether u is a unit of the rule: words of letters.
func phraseUnit(u []byte) bool {
	letters, ws := 0, 0
	for _, c := range u {
		if c >= 0x80 || !phraseByte(c, &letters, &ws) {
			return false
		}
	}
	return letters > 0 && ws >= 1 && ws <= 3
}

// phraseByte counts the ASCII byte c of a unit in letters or ws by
// phraseClass and reports whether a unit may hold it (phraseUnit's and
// recall24.go's foreignUnit's test of an ASCII byte).
func phraseByte(c byte, letters, ws *int) bool {
	switch phraseClass[c] {
	case 0:
		return false
	case 1:
		*letters++
	case 2:
		*ws++
	}
	return true
}

// entityUnit reports whether u, turned to start at its &, is one HTML
// entity: & then letters, digits or # (one at least), then ; (a run of
// &nbsp; or &#8203;: see phrase.go's doc).
func entityUnit(u []byte) bool {
	amp, semi := -1, -1
	for j, c := range u {
		switch {
		case c == '&' && amp < 0:
			amp = j
		case c == ';' && semi < 0:
			semi = j
		case c == '#' || c < 0x80 && phraseClass[c] == 1 || c >= '0' && c <= '9':
		default:
			return false
		}
	}
	// the bytes from the & round to the ; are its name: the ; is the
	// last of them, so it sits just before the & (round u)
	return amp >= 0 && semi >= 0 && len(u) >= 3 && (semi+1)%len(u) == amp
}

// phraseEvidence is the repeated_run evidence of t's first repeated
// phrase, "" when it has none.
func phraseEvidence(t []byte) string {
	a, b, p := phraseRun(t)
	if p == 0 {
		return ""
	}
	return fmt.Sprintf("%s repeated %d times from byte %d", quoteVisible(t[a:a+p], phraseMaxPeriod), (b-a)/p, a)
}
