package evasions

import (
	"bytes"
	"fmt"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Session 32, rep15 (benchmarks/evplant15.py, a sixth planter written
// blind: its repeated_run 0.815; 0.812 on seeds 1; 2 at the session's
// start, 0.802; 0.800 without hard variants). The same line, token or
// symbol repeated many times is stuffing whatever its shape; three
// shapes had no rule.
//
// # Lines repeated (lineRun)
//
// A line repeated lineMinReps (10) times or more in a row over
// lineMinBytes (576) or more, each copy the same bytes up to and with
// its line feed, of lineMaxBytes (4,096) or fewer, a line of words
// (lineWords): past its quote marks (> and white space: a quoted
// reply's "> ", ">> ") a letter of any script, none of < > & = \ (HTML
// lines and entities, quoted-printable and escapes are other rules'),
// and not one word of the base64 alphabet over lineWordMax (16) bytes
// (base64 lines of one byte repeated, "AAAA...", are attachments).
// evplant15's paragraph_duplicated_pipeline_bug (a 2-3 sentence line
// 10-50 times, 1-6 KB: 0 of 30 on both seeds), repeat_in_quoted_reply
// ("> BUY NOW", ">> Earn $$$" 60-300 times, 650 bytes and up: 0; 0),
// footer_line_repeated under longRun's 1,024 bytes (21 copies of a
// 42-byte footer: 29; 26 of 30). Measured (TestRepeatCensus36, every
// run of equal lines): corpus-200MB-s1.jsonl's longest run of a line
// of words is 7 lines ("> > Fuck.", 70 bytes; "E: Tried to dequeue a
// fetching object" 6 times, 228 bytes), its largest 290 bytes (5 lines
// of an apt log); SpamAssassin's 6,046 mails the same (7 lines, 266
// bytes). Runs of HTML lines go to 11 lines (<p align=3D"center">&nbsp;
// </p>, spam's spacer paragraphs) and of base64 lines to 64 ("AAAA..."
// 4,928 bytes): both out of the rule by their characters. The least planted is
// 10 lines and 650 bytes. So 10 lines, 1.4 times the longest real run,
// and 576 bytes, twice the largest and phraseMinBytes as for the other
// repeated stretches.
//
// Finding it: lineGate samples a text of lineMinBytes or more every
// lineEvery (448) bytes: the first line feed at the sample or after
// (e1), the next (e2), both from the line feeds of the 128 bytes at the
// sample (byteMask) or else bytes.IndexByte (on the kernel's CPUs, the
// whole loop is one call, lineGateAVX512, up to a sample that finds a
// candidate: below); the line between them is tested when the line after
// it ends the same distance on (one byte), then counted out either
// way (lineRunAt). A run of k lines of p bytes from a holds a sample in
// [a-1, a+(k-2)p-1] (its e1 a line feed of the run, e2 the next, the
// line after inside too) when k*p >= lineEvery+2p: for p <= 64 that is
// 576 bytes (lineMinBytes), for p > 64 ten lines (8p >= 520): the rule's
// least run always holds a sample (TestLineGate, every offset). After a
// line read by bytes.IndexByte the next sample is past it, so a text of
// long lines is read once at most. Only when a sample finds a run of the
// rule does lineRun read the text line by line for the first run.
// repEvidence takes the first by start of phraseRun's, longRun's and
// lineRun's (the reference: refPhrase and refLineRunAt, line by line).
// Left: a paragraph of several lines repeated (a unit of two lines or
// more over 64 bytes: the gate reads one line), lines over 4 KB.
//
// Session 33 (evcpu): the gate was 6% of the evasion check's samples on
// corpus-200MB-s1.jsonl (perf of --checks evasions), at 407,014
// samples, 290,875 of them (71%) without two line feeds in the 64
// bytes at the sample: those called eqMask64AVX512 on the same 64 bytes
// again in lineEnds, then on the next 64, then bytes.IndexByte past
// them, each call through the assembly's ABI wrapper. Now, on the
// kernel's CPUs, lineGateAVX512 runs the samples itself: both line
// feeds from the 128 bytes at the sample (two compares that wait on
// nothing but the sample), else 64 bytes a compare up to lineMaxBytes;
// the next sample is a branch, not a CMOV, so its loads start before
// e2 is known. It returns only at a sample whose next line ends as far
// on (t[2*e2-e1] a line feed), where lineRunAt reads the lines; without
// the kernel the loop is the Go one (lineEnds, byteMask's word
// arithmetic). TestLineGateKernel holds the two to each other.
// BenchmarkLineGateHot/448, thread CPU, 6 runs alternated at load 5-8:
// 57.5 us -> 20.8 us (-64%, p=0.002). Tried first: one call of 128
// bytes in place of lineEnds' two of 64, the loop still in Go (32 us);
// the loop in assembly with each sample's line feeds found 64 bytes a
// compare from the sample, each compare waiting on the last (a chain of
// load, compare, mask move and the next address): 45 us, slower than
// that.
//
// # Tokens and symbols (tokenUnit, symbolUnit)
//
// token_stuffing_glitch_word's "<|endoftext|>" 100-500 times (every
// such row missed, 21; 16 of 30, its " SolidGoldMagikarp" rows found as
// words): phraseRun found
// the stretch (the windows' byte candidates reach a period of 13) but
// no unit rule took it. tokenUnit is mixUnit (recall28.go) up to
// phraseMaxPeriod: 5 to 32 ASCII graphic bytes but = % & \, a letter
// and a punctuation byte at least, none three times (what byteCands
// reaches), not a shorter unit repeated ("<|endoftext|>", "[MASK]",
// "</s><s>"). Measured (TestRepeatCensus36, brute force, periods 5 to
// 32): corpus-200MB's longest such stretch that is not tags is 76 bytes
// ("E1j0/xWM", a base64 line), of tags 273 bytes ("</FONT>" 39 times,
// padUnit's already from 576), SpamAssassin's 76 bytes. symbolUnit: a
// unit of symbols of symbolRun's with skin tones, U+200D and
// presentation selectors and zero to three spaces ("🔥 🔥 🔥",
// "🔥💰🔥💰", flags): none in either corpus. Both from lineMinBytes
// (576, phraseMinBytes when measured; 320 since recall35.go lowered it
// for words and phrases).
// windowCands' test for an & (eqByte) saw one at bytes over 0x7F, so a
// window of emoji without white space never reached byteCands: it is
// eqByteAny now, exact, as wsMask's since session 29.
//
// # Skin tones (skinTone)
//
// emoji_wall's "👍🏽" (an emoji and a skin tone, 150-1,200 times: 0 of
// 5; 0 of 6, its other emoji found): the tone ended the run of the
// emoji. A skin tone after a symbol of symbolRun's is now as U+FE0F
// there (selectorInRun, recall14.go): it neither ends nor lengthens the
// run, so "👍🏽" 20 times is a run of 👍.
//
// Measured (da-base32 against this, scoreall.sh, seeds 1; 2):
// evplant15's repeated_run 0.815; 0.812 -> 0.996; 0.992
// (paragraph_duplicated_pipeline_bug 0; 0 -> 30; 30,
// repeat_in_quoted_reply 0; 0 -> 30; 30, token_stuffing_glitch_word 9;
// 14 -> 30; 30, emoji_wall 25; 24 -> 30; 30, footer_line_repeated 29; 26
// -> 30; 30; word_repeated_on_line 28; 26 left: words under 576 bytes);
// evplant14's sentence_per_line_repeated 29 -> 30 (seed 1); evplant6's
// phrase_lines 15; 11 -> 30; 30; every other score, every control row of
// evplant5 to evplant15 and evplant15's negatives the same;
// corpus-200MB's evasion findings identical.
//
// Cost: the unit rules nothing (a unit test on a stretch phraseRun
// found); skinTone a compare inlined in selectorInRun. lineGate is not
// cheap: a sample every 448 bytes, each a 64-byte compare or two and
// bytes.IndexByte past long lines. BenchmarkLineGateHot against
// BenchmarkCheckTextHot (the first MB of corpus-30MB, thread CPU, 4
// runs, the host at load 10-19 on 2 cores): checkText 1,425 us, the gate
// 84 us (5.9%), with both line feeds by bytes.IndexByte 80 us, every
// 896 bytes 38 us; the first compare inlined where it finds both line
// feeds (most samples) took 12% more off (4 pairs alternated: 52 against
// 59 us). On all of corpus-200MB-s1.jsonl (TestLineGateShare,
// best of 5, one thread): checkText 316 ms with the gate inside it,
// where its profile gives the gate 22 ms (7.5%, the text warm); a pass
// of the gate alone over the cold texts 69 ms. So about 22 ms of the
// default audit's ~1.3 s CPU on that file, 1.7%; the audit alternated
// (12 rounds against da-base32, 10 against edc4831 built alike) could
// not tell it (median pair ratios 1.015 and 1.08 at +-15-30%). The
// lever: every 896 bytes halves it, but then the rule needs 896+2p
// bytes (1,120 for every p): 5-7 of evplant15's 30 quoted replies (a
// short line, which phraseRun's windows could take at 576 bytes as a
// unit), 1-4 footers and 0-3 paragraphs a seed are under that.

// The line rule's sizes.
const (
	lineMinReps  = 10   // the least lines of a line run
	lineMinBytes = 576  // the least bytes of a line run (and of a token or emoji unit's: runUnit36); phraseMinBytes was 576 when they were measured, 320 since recall35.go, whose windows do not reach the line gate
	lineEvery    = 448  // lineGate samples a text every lineEvery bytes
	lineMaxBytes = 4096 // the longest line of a line run
	lineWordMax  = 16   // the longest line body without white space or punctuation that is a word, not an encoded one
)

// lineWords reports whether the line l (its line feed last) is a line
// of words: past its quote marks (> and spaces or tabs before the
// text) and without the white space and carriage return that end it, a
// letter at least, none of < > & = \ (markup, entities, escapes: other
// rules'), and white space, punctuation or a character that is not
// ASCII, unless lineWordMax bytes or fewer (one word of letters and
// digits longer is base64's).
func lineWords(l []byte) bool {
	b := l[:len(l)-1]
	for len(b) > 0 && (b[0] == '>' || b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	letter, word := false, len(b) <= lineWordMax
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<' || c == '>' || c == '&' || c == '=' || c == '\\':
				return false
			case asciiLetterByte(c):
				letter = true
			case c >= '0' && c <= '9' || c == '+' || c == '/':
			default:
				word = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		letter = letter || unicode.IsLetter(r)
		word = true
		i += size
	}
	return letter && word
}

// lineGate reports whether, at a sample every lineEvery bytes of t (or
// past the line bytes.IndexByte read at the last), the line that starts
// after the sample's first line feed is in a line run (lineRunAt): the
// rule's least run holds a sample wherever it starts (TestLineGate).
func lineGate(t []byte) bool {
	if len(t) < lineMinBytes {
		return false
	}
	return lineGateStep(t, lineEvery)
}

// lineGateStep is lineGate's loop, a sample every step bytes
// (BenchmarkLineGateHot measures the steps): on the kernel's CPUs
// lineGateAVX512's calls, each up to a candidate for lineRunAt.
func lineGateStep(t []byte, step int) bool {
	if useChunks {
		for q := 0; q < len(t); {
			at, e1, e2 := lineGateAVX512(t, q, step)
			if at >= len(t) {
				return false
			}
			if lineRunAt(t, e1+1, e2-e1) {
				return true
			}
			q = max(at+step, e2)
		}
		return false
	}
	for q := 0; q < len(t); {
		e1, e2 := lineEnds(t, q)
		switch {
		case e1 < 0:
			q += lineMaxBytes // no line feed in reach: no line run starts before q+lineMaxBytes
			continue
		case e2 < 0:
			q = e1 + 1 + lineMaxBytes // the line after e1 is too long
			continue
		}
		if n := e2 + 1 + e2 - e1; n <= len(t) && t[n-1] == '\n' && lineRunAt(t, e1+1, e2-e1) {
			return true
		}
		q = max(q+step, e2) // bytes.IndexByte read up to e2: never again
	}
	return false
}

// lineEnds returns the first line feed of t at q or after, e1, and the
// next, e2, each within lineMaxBytes of the one before (-1 when there
// is none): from the line feeds of the 128 bytes at q where it can
// (byteMask), else bytes.IndexByte.
func lineEnds(t []byte, q int) (e1, e2 int) {
	e1, e2 = -1, -1
	from := q // bytes.IndexByte looks from here
	for k := 0; k < 2 && q+64*k+64 <= len(t); k++ {
		for m := byteMask(t[q+64*k:q+64*k+64], '\n'); m != 0; m &= m - 1 {
			if e := q + 64*k + bits.TrailingZeros64(m); e1 < 0 {
				e1 = e
			} else {
				return e1, e
			}
		}
		from = q + 64*k + 64
	}
	if e1 < 0 {
		if e1 = bytes.IndexByte(t[from:min(len(t), q+lineMaxBytes)], '\n'); e1 < 0 {
			return -1, -1
		}
		e1 += from
		from = e1 + 1
	}
	if e2 = bytes.IndexByte(t[from:min(len(t), e1+1+lineMaxBytes)], '\n'); e2 >= 0 {
		e2 += from
	}
	return e1, e2
}

// lineRunAt reports whether the line of p bytes at t[s] is in a line
// run: the same line before and after it (counted out from it) is
// lineMinReps lines or more and lineMinBytes or more, and a line of
// words (lineWords).
func lineRunAt(t []byte, s, p int) bool {
	l := t[s : s+p]
	a, b := s, s+p
	for a >= p && bytes.Equal(t[a-p:a], l) {
		a -= p
	}
	for b+p <= len(t) && bytes.Equal(t[b:b+p], l) {
		b += p
	}
	return lineRunOK(t, a, (b-a)/p, p)
}

// lineRun finds t's first line run: from byte a, k lines of p bytes
// each the same; k 0 when there is none.
func lineRun(t []byte) (a, k, p int) {
	for s := 0; s < len(t); {
		e := bytes.IndexByte(t[s:], '\n')
		if e < 0 {
			break
		}
		l := e + 1
		if k > 0 && l == p && bytes.Equal(t[s:s+l], t[a:a+l]) {
			k++
		} else {
			if lineRunOK(t, a, k, p) {
				return a, k, p
			}
			a, k, p = s, 1, l
		}
		s += l
	}
	if lineRunOK(t, a, k, p) {
		return a, k, p
	}
	return 0, 0, 0
}

// lineRunOK reports whether k lines of p bytes from t[a] are a line
// run.
func lineRunOK(t []byte, a, k, p int) bool {
	return k >= lineMinReps && k*p >= lineMinBytes && p <= lineMaxBytes && lineWords(t[a:a+p])
}

// lineEvidence returns the repeated_run evidence of t's first line run
// and its start, -1 when there is none (lineGate first).
func lineEvidence(t []byte) (string, int) {
	if !lineGate(t) {
		return "", -1
	}
	a, k, p := lineRun(t)
	if k == 0 {
		return "", -1
	}
	return fmt.Sprintf("%s repeated %d times from byte %d", quoteVisible(t[a:a+p], phraseMaxPeriod), k, a), a
}

// runUnit36 reports whether a repeated stretch of n bytes whose unit is
// u (phraseRun) is a repeated run by this file's rules (tokenUnit,
// symbolUnit), of phraseMinBytes or more.
func runUnit36(u []byte, n int) bool {
	return n >= lineMinBytes && (tokenUnit(u) || symbolUnit(u))
}

// tokenUnit reports whether u is mixUnit's longer: shortMaxPeriod+1 to
// phraseMaxPeriod ASCII graphic bytes but = % & \, a letter and a
// punctuation byte at least, none three times or more (the windows'
// byte candidates reach its period: byteCands), not a shorter unit
// repeated ("<|endoftext|>", "[MASK]").
func tokenUnit(u []byte) bool {
	if len(u) <= shortMaxPeriod || len(u) > phraseMaxPeriod {
		return false
	}
	letter, punct := false, false
	var n [128]uint8
	for _, c := range u {
		if c <= ' ' || c >= 0x7F || c == '=' || c == '%' || c == '&' || c == '\\' {
			return false
		}
		if n[c]++; n[c] > 2 {
			return false
		}
		switch {
		case asciiLetterByte(c):
			letter = true
		case c < '0' || c > '9':
			punct = true
		}
	}
	return letter && punct && primitiveUnit(u)
}

// symbolUnit reports whether u, turned to start at a character, is
// symbols: valid UTF-8 of symbols of symbolRun's (emoji, dingbats),
// skin tones, zero-width joiners and presentation selectors with zero
// to three ASCII white-space bytes (space, tab, line feed), one symbol
// at least, not a shorter unit repeated; and the windows' candidates
// reach its period: white space, or none and no byte three times
// (byteCands).
func symbolUnit(u []byte) bool {
	k := 0
	for k < len(u) && u[k]&0xC0 == 0x80 {
		k++
	}
	if k == len(u) || len(u) > phraseMaxPeriod {
		return false
	}
	var buf [phraseMaxPeriod]byte
	r := append(append(buf[:0], u[k:]...), u[:k]...)
	ws, sym := 0, false
	for len(r) > 0 {
		c, size := utf8.DecodeRune(r)
		r = r[size:]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			ws++
		case symbolRun(c):
			sym = true
		case skinTone(c) || c == 0x200D || c == 0xFE0F || c == 0xFE0E:
		default:
			return false // invalid UTF-8 too
		}
	}
	if !sym || ws > 3 {
		return false
	}
	if ws == 0 {
		for _, c := range u {
			if byteCount(u, c) > 2 {
				return false
			}
		}
	}
	return primitiveUnit(u)
}

// skinTone reports whether r is an emoji modifier (U+1F3FB to U+1F3FF,
// skin tones): after a symbol, part of it ("👍🏽").
func skinTone(r rune) bool {
	return uint32(r)-0x1F3FB < 5
}

// primitiveUnit reports whether u is not a shorter unit repeated.
func primitiveUnit(u []byte) bool {
	for d := 1; d <= len(u)/2; d++ {
		if len(u)%d == 0 && bytes.Equal(u[d:], u[:len(u)-d]) {
			return false
		}
	}
	return true
}
