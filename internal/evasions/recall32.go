package evasions

import (
	"bytes"
	"fmt"
)

// Session 32 (benchmarks/evplant14.py, a planter written blind: its
// repeated_run 0.840; 0.831 on seeds 1; 2 at the session's start).
//
// Long phrases of 1 KB (sentence_repeated_1_2kb, a spam sentence
// repeated to 1-2 KB on one line, 11; 9 of 30; sentence_per_line_repeated,
// one sentence on 30-120 lines, 25; 26 of 30: every miss a stretch
// under recall24long.go's longMinBytes, 1,664). longEvery 1,536 -> 896
// (longMinBytes 1,024): a stretch of 1,024 bytes with a period of 64
// holds a sample of the gate with its 64+p bytes inside. A sentence
// repeated 20 times or more (phraseMinReps) over 1 KB is spam or
// poison, not mail: corpus-200MB-s1.jsonl's longest stretch of
// longUnit's kind is 292 bytes, SpamAssassin's (its 12,094 messages,
// TestRepeatCensus32, every text, periods 17 to 64, brute force) 267
// bytes; 1,024 is 3.5 times that. Cost (BenchmarkLongGateHot against
// BenchmarkCheckTextHot in one run, thread CPU, 8 runs under the CPU
// lock, load 12): checkText 1,054 us, the gate every 1.5 KB 15.5 us,
// every 896 bytes 26.7 us: +1.1% of checkText; a second set (12 runs,
// load 25-32) 14.3 and 27.9 us, +1.5% of checkText's 890-950 us. The
// gate's hits stay rare (corpus-30MB: 17 -> 32 texts of 5,393 -> 8,386
// sampled, 61 -> 118 KB read again by longRun, nothing found), so the
// cost is the samples': about 14 us a MB of text, 2.7 ms on
// corpus-200MB's 200 MB, +0.2% of the default audit's ~1.23 s CPU.
// BenchmarkCheckTextHot against main's test binary (12 pairs alternated
// under the lock, the order swapped each pair, load 25-32): median pair
// ratio 0.997, means +6.7% at +-12-29% (p=0.41): noise, not a measure
// (a first set, main always first, said +18%, p=0.035, and
// BenchmarkAddCorpus/lazy 0.997 in the same runs). Left: stretches
// under 1,024 bytes (31 lines of a 27-byte sentence, 838 bytes) and
// sentences of 52 bytes or more repeated under 20 times (1,177 bytes,
// 18 times 62 bytes): 29 of 30 on each.
//
// Quoted replies (repeated_in_quoted_reply: 40-120 lines of "> " and a
// sentence, 0 of 30 on both seeds): longUnit refused the > as markup. A
// > that is a quote mark (quoteMark: only > and spaces between it and
// the line feed before it, round the unit) is taken now. Clean mail
// quotes lines again and again ("> " alone, "> -----", signatures), but
// not one line of words 20 times or more over 1 KB: the census's
// longest stretch of such a unit with a > is 265 bytes in corpus-200MB
// (6 times "\n>     user dude does not exist - using root"), none in
// SpamAssassin's messages.
//
// Units of letters and digits (short_unit_run's "0x" 300-2,000 times:
// flagged encoded_blob or nothing, 26 of 30 on both seeds): shortUnit
// takes letters alone, mixUnit (recall28.go) a letter or digit with
// punctuation. alnumUnit: two to shortMaxPeriod ASCII letters and
// digits, a letter and a digit at least, none three times, not a unit
// of two twice; of alnumMinBytes (576; 320 since session 32: recall35.go) or more. The kernel's windows
// reach it (byteCands, alnumcand: the next two of a window's first
// byte). The census's longest such stretch is 76 bytes in both corpora
// ("d3" 38 times, a line of base64); the least planted is 600 bytes.
//
// Measured (da-base31 against this, scoreall.sh, seeds 1; 2):
// evplant14's repeated_run 0.840; 0.831 -> 0.974; 0.971
// (sentence_repeated_1_2kb 11; 9 -> 29; 29 of 30,
// sentence_per_line_repeated 25; 26 -> 29; 30, repeated_in_quoted_reply
// 0; 0 -> 30; 30, short_unit_run 26; 26 -> 30; 30); evplant13's
// sentence_repeated_lines 29; 28 -> 30; 30; evplant6's
// phrase4/5/6_repeated and phrase_lines 2/1/17/2 -> 13/16/28/15 (seed
// 1) and 0/4/20/2 -> 13/15/29/11 (seed 2); every other score and every
// control row of evplant5 to evplant14 the same; corpus-200MB's evasion
// findings identical.

// quoteMark reports whether the > at u[j] of a unit u is a quote mark:
// only > and spaces between it and the line feed before it, round u
// (a quoted reply's "> ", "> > " or ">> " at the start of a line).
func quoteMark(u []byte, j int) bool {
	for k := 1; k < len(u); k++ {
		switch u[(j-k+len(u))%len(u)] {
		case '\n':
			return true
		case '>', ' ':
		default:
			return false
		}
	}
	return false
}

// alnumUnit reports whether u is two to shortMaxPeriod ASCII letters
// and digits, a letter and a digit at least, none three times or more,
// not a unit of two twice ("0x", "x0", "a1b2").
func alnumUnit(u []byte) bool {
	if len(u) < 2 || len(u) > shortMaxPeriod || len(u) == 4 && u[0] == u[2] && u[1] == u[3] {
		return false
	}
	letter, digit := false, false
	for _, c := range u {
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c < 0x80 && phraseClass[c] == 1:
			letter = true
		default:
			return false
		}
		if byteCount(u, c) > 2 {
			return false
		}
	}
	return letter && digit
}

// alnumMinBytes is the least bytes of a repeated stretch whose unit is
// alnumUnit's that is a repeated run.
const alnumMinBytes = phraseMinBytes

// runUnit32 reports whether a repeated stretch of n bytes whose unit is
// u (phraseRun) is a repeated run by session 32's rules (alnumUnit).
func runUnit32(u []byte, n int) bool {
	return n >= alnumMinBytes && alnumUnit(u)
}

// A word repeated in a Subject line (subject_word_run: "Subject: WIN WIN
// ..." or FREE, $$$, URGENT 60-300 times, 22 of 30 on both seeds, every
// miss 552 bytes or under; most of the planter's texts have no header, so
// it writes the Subject as their first line). phraseRun's stretches need
// phraseMinBytes (576) to hold a window scan tested (every 512 bytes;
// 320 and 256 since session 32, recall35.go);
// a shorter one is found only when a window falls inside it, which is
// not a rule: the reference (refPhrase) would disagree. A Subject line
// that starts the text is read whole instead (subjectRun, after the
// other repeated-run rules): a unit of wordUnit's (one word and one
// white-space byte, or "$$$ ") wordMinReps (60) times or more. Measured
// (TestWordCensus32, periods 2 to 32, brute force): neither
// corpus-200MB-s1.jsonl nor SpamAssassin's 12,094 messages has a
// stretch of 40 units or more of one word of letters and one white-space
// byte, nor corpus-200MB of two ASCII graphic bytes or more and a space
// or tab (SpamAssassin: "\n<BR>" 66 times, a line feed and a tag, not
// wordUnit's); 443 of corpus-200MB's texts start with a Subject line,
// none of SpamAssassin's, and neither's findings change. Cost: a byte
// test a text, a case-folded compare for those starting with s, the
// brute force (31 periods) only over a first line that is a Subject of
// 128 bytes or more. evplant14's subject_word_run 22; 22 -> 29; 28 of
// 30 (repeated_run 0.974; 0.971 -> 0.990; 0.986), every other score and
// control row the same. Left: a Subject inside a header block (r00193,
// 150 bytes in; seed 2's two): finding it costs a search of every
// text's header (bytes.Index of "\nSubject:" over each text's first 8
// KB: 200 us against checkText's 800 us on the benchmark's MB,
// BenchmarkSubjectFind, not kept); and body lines of a word repeated
// under 576 bytes (one_word_repeated, "buy" 100 times: 29; 26 of 30;
// 30; 30 from session 32's 320: recall35.go).
// Rejected: wordUnit's runs of 60 units at any length in phraseRun
// (one_word_repeated 30; 30, subject_word_run 23; 22): found or not
// by where scan's windows fall, against the reference.

// wordMinReps is the least units of a repeated stretch whose unit is
// wordUnit's in a Subject line that starts a text that is a repeated run,
// whatever its length (subjectRun).
const wordMinReps = 60

// wordUnit reports whether u is one word and one white-space byte: the
// word letters and phraseUnit's punctuation (! ? . , ' " -), one letter
// at least, and a space, tab or line feed ("free ", "URGENT\n"); or one
// ASCII graphic byte two times or more and a space or tab ("$$$ ").
func wordUnit(u []byte) bool {
	ws, letters, other := 0, 0, 0
	nl, same := false, true
	var sym byte
	for _, c := range u {
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			ws++
			nl = c == '\n'
			continue
		case c <= ' ' || c >= 0x7F:
			return false
		case phraseClass[c] == 1:
			letters++
		case phraseClass[c] == 0:
			other++
		}
		if sym == 0 {
			sym = c
		}
		same = same && c == sym
	}
	return ws == 1 && (letters > 0 && other == 0 || letters == 0 && same && !nl && len(u) >= 3)
}

// subjectRun returns the repeated_run evidence of a word repeated
// wordMinReps times or more (wordUnit) in the Subject line that starts
// t ("" when there is none): the first such stretch by start, then by
// the smallest period, as phraseRun's.
func subjectRun(t []byte) string {
	const name = len("Subject:")
	if len(t) < name+2*wordMinReps || !bytes.EqualFold(t[:name], []byte("Subject:")) {
		return ""
	}
	line := t
	if i := bytes.IndexByte(t, '\n'); i >= 0 {
		line = t[:i]
	}
	if len(line) < name+2*wordMinReps {
		return ""
	}
	a, p, n := -1, 0, 0
	for c := 2; c <= phraseMaxPeriod; c++ {
		for j := name; j+c < len(line); {
			if line[j] != line[j+c] {
				j++
				continue
			}
			k := j
			for k+c < len(line) && line[k] == line[k+c] {
				k++
			}
			if m := k - j + c; m >= wordMinReps*c && (a < 0 || j < a) && wordUnit(line[j:j+c]) {
				a, p, n = j, c, m
			}
			j = k + 1
		}
	}
	if a < 0 {
		return ""
	}
	return fmt.Sprintf("%s repeated %d times from byte %d", quoteVisible(t[a:a+p], phraseMaxPeriod), n/p, a)
}
