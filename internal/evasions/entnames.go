package evasions

import "math/bits"

// Named HTML entities of invisible and bidi characters (session 21):
// benchmarks/evplant4.py's zw_html_entity writes a third of its
// zero-width characters as &zwnj; and &shy; ("Cl&zwnj;ick"), which a
// mail client renders as the characters themselves; session 20 found
// only the numeric ones (&#8203;, &#x200B;: entities.go), 14 of 20 rows
// a seed. A named entity of a format character is an invisible_char (or
// a bidi_control) as the raw character is (entName): &zwnj; (U+200C),
// &zwj; (U+200D), &shy; (U+00AD) and &rlm; (U+200F) (and, session 26,
// &lrm; &ZeroWidthSpace; &Negative...Space; &NoBreak;: below). corpus-200MB has
// none of them (nor &lrm;, &ZeroWidthSpace;, &NoBreak;, &it;, &ic;, &af;);
// its entities are &nbsp; (117,134), numeric (&#1..: 18,908), &amp;
// (6,565), &quot; (4,667), &reg;/&rsquo;... (1,545), &gt; and &br.. (841).
//
// Finding it costs no new stop: the kernel's AMPHASH compared the byte
// after an & with #; it compares that byte OR-ed with 0x59 with 0x7B
// instead (one VPORQ a chunk more, its load folded in), which holds for
// # and for z, s and r, the first letters of those names (and for " * +
// 2 3 : ; b c j k {). &lrm; (l, 0x6C) was not among them.
//
// Session 26: &lrm; (U+200E), &ZeroWidthSpace; and the four
// &Negative...Space; (U+200B) and &NoBreak; (U+2060) too. Their first
// letters l, Z and N join # z s r with no OR-and-compare that holds for
// all seven and few others, so the kernel looks the byte after an & up
// in a 64-byte table by its low six bits instead (VPERMB and VPTESTMB in
// place of VPORQ and VPCMPEQB: the same two instructions; ampStopTab).
// The table holds # z s r l N Z, and so the bytes that share their low
// six bits: c : 3 2 , and the controls 0x0E 0x1A (which stop the kernel
// anyway), and bytes that are not ASCII (likewise). corpus-200MB-s1 has
// &l 1,423 times (706 &lt;, which now stops it), &N 1,425, &Z 7.
// Measured (int ad96a3e against this, test binaries alternated run by
// run under the CPU lock at load 2-4.3): BenchmarkCheckTextHot CPU
// median 458.9 against 453.1 µs (+1.3%, p=0.79, n=40; the 8 lowest
// 414-424 against 410-434), BenchmarkAddCorpus/lazy 17.10 against 17.33
// ms (-1.3%, p=0.25, n=16): not told apart. Findings on corpus-200MB-s1
// (--checks evasions) and verify.sh unchanged; benchmarks/evplant7.py
// ent_lrm and ent_zwsp_name 0 -> 30 of 30 on seeds 1 and 2 (ent_named_mix
// 29 and 26 -> 30), its control and evplant5's scores unchanged.
//
// Left: &InvisibleTimes; &it; (U+2062), &InvisibleComma; &ic; (U+2063),
// &ApplyFunction; &af; (U+2061) are invisible too (Cf), but their first
// letters I, i, A, a would stop the kernel at every &amp; (6,565) and
// alias TAB (I, 0x49) and ! (a).

// ampStopTab: the kernel stops at an & with a byte c after it where
// ampStopTab[c&63] is not zero (ampStop; chunks_amd64.s loads it as
// ampstop<>).
var ampStopTab = func() (t [64]byte) {
	for _, c := range "#zsrlNZ" + greekStops + cyrStops { // recall15.go, recall17.go
		t[c&63] = 0xFF
	}
	return t
}()

// ampStop reports whether an & with c after it stops the kernel: c is #
// (a numeric entity) or the first letter of a name entName knows (z, s,
// r, l, N, Z; greekStops), or a byte sharing the low six bits of one.
func ampStop(c byte) bool {
	return ampStopTab[c&63] != 0
}

// ampStops reports whether an & in the first seven bytes of the block
// t[i:i+8] (amp: eqByte of it) has a byte after it that ampStop holds
// for (the SWAR path's form of the kernel's AMPHASH).
func ampStops(t []byte, i int, amp uint64) bool {
	for amp &= highs >> 8; amp != 0; amp &= amp - 1 {
		if ampStop(t[i+bits.TrailingZeros64(amp)/8+1]) {
			return true
		}
	}
	return false
}

// entName returns the character a named entity at t[i] (an &) stands
// for when it is one of an invisible or bidi character entName knows
// or a Greek look-alike of a Latin letter (greekName, recall15.go), or
// -1. Names are case-sensitive, as HTML's are.
func entName(t []byte, i int) rune {
	if i+5 > len(t) || t[i] != '&' {
		return -1
	}
	w := t[i+1:]
	has := func(name string) bool {
		return len(w) >= len(name) && string(w[:len(name)]) == name
	}
	switch w[0] {
	case 'z':
		switch {
		case has("zwnj;"):
			return 0x200C
		case has("zwj;"):
			return 0x200D
		}
	case 's':
		if has("shy;") {
			return 0x00AD
		}
	case 'r':
		if has("rlm;") {
			return 0x200F
		}
	case 'l':
		if has("lrm;") {
			return 0x200E
		}
	case 'Z':
		if has("ZeroWidthSpace;") {
			return 0x200B
		}
	case 'N':
		switch {
		case has("NoBreak;"):
			return 0x2060
		case has("NegativeThinSpace;"), has("NegativeMediumSpace;"), has("NegativeThickSpace;"), has("NegativeVeryThinSpace;"):
			return 0x200B
		}
	}
	if r, _ := greekName(t, i); r > 0 {
		return r // recall15.go
	}
	return -1
}
