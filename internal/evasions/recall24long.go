package evasions

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
)

// Long phrases repeated (session 29: evplant12's rr_phrase_padding, a
// spam phrase and ". " 60-200 times at the end of a mail, 28-63 bytes a
// unit with 4-10 spaces, some with : or ;; 0 of 30 on both seeds).
// phrase.go's windows find periods up to phraseMaxPeriod (32) whose unit
// has one to three white-space bytes alone. The rule (longRun): a
// stretch of phrase.go's kind (t[j] == t[j+p] throughout, made as long
// as it goes) with a period p of longMinPeriod (17) to longMaxPeriod
// (64), of longMinBytes (2,176) or more and phraseMinReps units, whose
// unit is printable ASCII but markup and escapes (< > & = \) and white
// space (space, tab, line feed), one letter at least, four white-space
// bytes at least up to 32 bytes (fewer are phraseRun's) and one over,
// and not a shorter unit repeated. Measured in corpus-200MB-s1.jsonl
// (every text, every period 17-64, brute force): the longest such
// stretch is 292 bytes (5 times an apt log line, easy-ham-1/01074; 257
// bytes, 6 times "user dude does not exist - using root"), 116 texts of
// three units or more, none of ten; with < > & = \ allowed, 731 bytes
// (<br> lines of one spam). The least planted is 1,680 bytes (28 bytes
// 60 times).
//
// Session 30 (recall28.go): longEvery 1,536 (longMinBytes 1,664), a
// carriage return white space in a unit. The numbers below are session
// 29's, at 2,048.
//
// Finding it: the kernel is not asked (a period over 32 cannot be told
// from one chunk). longGate samples a text of longMinBytes or more every
// longEvery (2,048) bytes: the 64 bytes at q against those p later, for
// the p of 17-64 whose byte equals t[q] (eqByteAny over 48 bytes); a
// stretch of longEvery+128 bytes holds a sample with its 64+p bytes
// inside: longMinBytes. Only when a sample repeats does longRun read the
// text, as phraseRun does (its windows every 64 bytes). checkText's hook
// (repEvidence) takes the first stretch by start of phraseRun's and
// longRun's, as the reference (refPhrase, periods 2-64) does.
//
// Cost (BenchmarkLongGateHot against BenchmarkCheckTextHot, the first MB
// of corpus-30MB in the second-level cache, thread CPU, 6 runs under the
// CPU lock, host loaded): checkText 588 us a run (568-725 in a second
// set); longGate's loop every 1 KB (8c2c21b: longMinBytes 1,152) 19.5
// us, 3.3%, every 2 KB 8.0 us, 1.35% (12-13.5 us in the second set, of
// the two-byte kind below: 2.1%), every 4 KB 2.6 us, 0.4%. On the whole
// corpus-30MB, 7,607 texts of 1,152 bytes or more took 23,928 samples a
// KB apart (8c2c21b measured longGate warm after each checkText at about
// 4% of checkText); 3,943 texts of 2,176 bytes or more take 9,613 samples
// at 2 KB: 40% of it, about 1.6%. Recall given up: evplant12's plants
// under 2,176 bytes (28-byte units 60-77 times: 1.1% of its unit and
// count draws; seed 1 loses 1 of 30, seed 2 none), evplant6's
// phrase4/5_repeated and phrase_lines (which 1 KB found 6-14 of 30)
// and most of phrase6_repeated (28 -> 8; 11), shorter stretches. 4 KB
// (longMinBytes 4,224) would lose 26% of evplant12's draws. Rejected: a
// candidate where the first two bytes repeat, not the first alone
// (longCandsTwoByte in the benchmark): fewer 64-byte compares, twice the
// eqByteAny work, no faster (20.6 against 19.5 us at 1 KB).
//
// Measured (2 KB, against the integration binary da-int29b): evplant12's
// rr_phrase_padding 0 -> 29; 30 of 30 on seeds 1; 2 (repeated_run 0.900
// -> 0.997; 1.000); evplant6's phrase6_repeated 0 -> 8; 11; every other
// score of evplant5 to evplant12 and every control the same.

const (
	longMinPeriod = 17
	longMaxPeriod = 64
	longEvery     = 896 // 2,048 before session 30 (recall28.go), 1,536 before session 32 (recall32.go)
	longMinBytes  = longEvery + 128
)

// longGate reports whether a sample of t, every longEvery bytes,
// repeats with a period of 33 to longMaxPeriod over 64 bytes.
func longGate(t []byte) bool {
	if len(t) < longMinBytes {
		return false
	}
	return longGateStep(t, longEvery)
}

// longGateStep is longGate's loop, a sample every step bytes
// (BenchmarkLongGateHot measures the steps): on the kernel's CPUs one
// call, longGateAVX512. Session 33: a call of eqPairMask64AVX512 and
// one of longConfirm a sample were 1.8% of checkTextLazy's samples on
// corpus-200MB's evasion check; BenchmarkTextGatesHot/long (the first MB
// of corpus-30MB), thread CPU, 6 runs alternated at load 7: 15.5 us
// (eqMask64AVX512, one byte) -> 13.0 (eqPairMask64AVX512, two) -> 5.8
// (this call; p=0.002 each). TestLongGateKernel holds it to the Go loop.
func longGateStep(t []byte, step int) bool {
	if useChunks {
		return longGateAVX512(t, step)
	}
	for q := 0; q+2*longMaxPeriod <= len(t); q += step {
		if longCands(t, q) != 0 {
			return true
		}
	}
	return false
}

// longCands returns the periods p of longMinPeriod to longMaxPeriod
// (bit p-longMinPeriod) at which the 64 bytes at q repeat (t[q:q+64] ==
// t[q+p:q+p+64]); t holds q+128 bytes or more.
//
// On the kernel's CPUs the first step is one compare of the 64 bytes
// from q+longMinPeriod, kept to 48 (eqMask64AVX512): session 31 (evk7),
// perf of the default audit on the benchmark Parquet (4 runs each,
// alternated), longCands 0.205% of the samples to 0.095% with
// eqMask64AVX512 (longConfirm the same, 0.17%). Session 33: the
// candidates are where the first two bytes repeat (eqPairMask64AVX512,
// one compare more in the same call): in prose t[q] is a space or a
// common letter, which the 48 bytes hold five times or more, each a
// word compared in longConfirm and a branch mispredicted; the two-byte
// candidates were rejected in session 29 as word arithmetic (twice the
// eqByteAny work: longCandsTwoByte), which the kernel's compare is not.
// BenchmarkLongGateHot/0.875K, thread CPU, 6 runs alternated at load
// 5-8: 12.47 -> 11.95 us (-4.2%, p=0.041); longGate is 2% of the
// evasion check's samples on corpus-200MB, so this is a small gain.
func longCands(t []byte, q int) uint64 {
	if useChunks {
		_ = t[q+longMinPeriod+64]
		return longConfirm(t, q, eqPairMask64AVX512(&t[q+longMinPeriod], t[q], t[q+1])&(1<<(longMaxPeriod-longMinPeriod+1)-1))
	}
	c := t[q]
	var m uint64
	for k := range 6 {
		x := eqByteAny(binary.LittleEndian.Uint64(t[q+longMinPeriod+8*k:]), c)
		m |= ((x >> 7) * 0x0102040810204080 >> 56) << (8 * k)
	}
	return longConfirm(t, q, m)
}

// longConfirm keeps the candidate periods m (bit p-longMinPeriod) at
// which the 64 bytes at q repeat whole (longCands' second step): the
// first eight bytes compared inline, then the rest.
func longConfirm(t []byte, q int, m uint64) uint64 {
	var out uint64
	w := binary.LittleEndian.Uint64(t[q:])
	for r := m; r != 0; r &= r - 1 {
		p := longMinPeriod + bits.TrailingZeros64(r)
		if binary.LittleEndian.Uint64(t[q+p:]) == w && bytes.Equal(t[q+8:q+64], t[q+p+8:q+p+64]) {
			out |= 1 << (p - longMinPeriod)
		}
	}
	return out
}

// longRun finds the first long phrase of t (the rule above): its start,
// end and period, p 0 when there is none; as phraseRun, from the
// windows at 0, 64, 128 ...
func longRun(t []byte) (a, b, p int) {
	var end [longMaxPeriod + 1]int
	for q := 0; q+2*longMaxPeriod <= len(t); q += 64 {
		for r := longCands(t, q); r != 0; r &= r - 1 {
			c := longMinPeriod + bits.TrailingZeros64(r)
			if q+64 <= end[c] {
				continue
			}
			lo, hi := periodStretch(t, q, q+c+64, c)
			end[c] = hi
			if hi-lo >= longMinBytes && hi-lo >= phraseMinReps*c && longUnit(t[lo:lo+c]) && (p == 0 || lo < a) {
				a, b, p = lo, hi, c
			}
		}
		if p != 0 {
			return a, b, p
		}
	}
	return 0, 0, 0
}

// longUnit reports whether u is a unit of the rule: printable ASCII
// but markup and escapes (< > & = \) and white space (space, tab, line
// feed, carriage return), one letter at least and four white-space
// bytes (one over phraseMaxPeriod), not a shorter unit repeated.
func longUnit(u []byte) bool {
	letters, ws := 0, 0
	for j, c := range u {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r': // \r: session 30 (recall28.go)
			ws++
		case c == '>' && quoteMark(u, j): // session 32 (recall32.go)
		case c <= ' ' || c >= 0x7F || c == '<' || c == '>' || c == '&' || c == '=' || c == '\\':
			return false
		case c|0x20 >= 'a' && c|0x20 <= 'z':
			letters++
		}
	}
	if letters == 0 || ws < 4 && (ws == 0 || len(u) <= phraseMaxPeriod) {
		return false
	}
	for d := 1; d <= len(u)/2; d++ {
		if len(u)%d == 0 && bytes.Equal(u[d:], u[:len(u)-d]) {
			return false
		}
	}
	return true
}

// repEvidence is the repeated_run evidence of t's first repeated phrase
// of phraseRun's (when short: scan saw a window repeating), longRun's
// (when longGate) or lineRun's (when lineGate: recall36.go), the first
// by start, "" when there is none.
func repEvidence(t []byte, short bool) string {
	var a, b, p int
	if short {
		a, b, p = phraseRun(t)
	}
	if longGate(t) {
		if la, lb, lp := longRun(t); lp != 0 && (p == 0 || la < a) {
			a, b, p = la, lb, lp
		}
	}
	if ev, la := lineEvidence(t); la >= 0 && (p == 0 || la < a) { // recall36.go: lines repeated
		return ev
	}
	if p == 0 {
		return ""
	}
	return fmt.Sprintf("%s repeated %d times from byte %d", quoteVisible(t[a:a+p], phraseMaxPeriod), (b-a)/p, a)
}
