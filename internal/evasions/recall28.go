package evasions

import (
	"bytes"
	"strconv"
)

// Session 30 (benchmarks/evplant13.py, a planter written blind).
//
// A short unit of punctuation with a letter or a digit (mixUnit): "<3"
// repeated 600-1,500 times (evplant13's period_two_three_pattern: its
// other units "ab", "xo", "$$!", "-=*" were found, "<3" 0 of 2 and 0 of 2
// on seeds 1 and 2). phraseRun found its stretch (the windows' byte
// candidates reach a period of two, byteCands) but no unit rule took
// it: shortUnit takes letters alone, punctUnit punctuation alone. The
// unit: two to shortMaxPeriod ASCII graphic bytes, a letter or digit and
// a punctuation byte at least but = % & \ (the escapes and entities of
// other rules: =3D is shortUnit's), none three times, not a unit of two
// twice (<3, :D, x), ^5); of mixMinBytes or more. Measured in
// corpus-200MB-s1.jsonl (TestRepeatCensus: every text, periods 2 to 4,
// brute force): the longest stretch of such a unit is 84 bytes ("</a>"
// 21 times, a few mails), then 76 ("+Pj4", base64 lines); 155 of 64
// bytes or more. The least planted is 1,200 bytes; phraseMinBytes is
// 6.9 times the longest real one. evplant13's
// period_two_three_pattern 28 -> 30 of 30 on both seeds; every other
// score of evplant5 to evplant13 and every control the same;
// corpus-200MB's findings identical. No cost: a unit test, only on a
// stretch phraseRun found.

// mixMinBytes is the least bytes of a repeated stretch whose unit is
// mixUnit's that is a repeated run.
const mixMinBytes = phraseMinBytes

// runUnit28 reports whether a repeated stretch of n bytes whose unit is
// u (phraseRun) is a repeated run by session 30's rules (mixUnit).
func runUnit28(u []byte, n int) bool {
	return n >= mixMinBytes && mixUnit(u)
}

// mixUnit reports whether u is two to shortMaxPeriod ASCII graphic
// bytes but = % & \, a letter or digit and a punctuation byte at
// least, none three times or more, and not a unit of two twice.
func mixUnit(u []byte) bool {
	if len(u) < 2 || len(u) > shortMaxPeriod || len(u) == 4 && u[0] == u[2] && u[1] == u[3] {
		return false
	}
	an, pu := false, false
	for _, c := range u {
		if c <= ' ' || c >= 0x7F || c == '=' || c == '%' || c == '&' || c == '\\' {
			return false // escapes and entities are other rules' (qp.go, escapes.go, phrase.go's entityUnit)
		}
		if alnum(c) {
			an = true
		} else {
			pu = true
		}
		if byteCount(u, c) > 2 {
			return false
		}
	}
	return an && pu
}

// U+FFFD read as Windows-1252 (mojibakeFFFD): "ï¿½", the three bytes
// of U+FFFD's UTF-8 (EF BF BD) each read as a character (Latin-1 reads
// them the same), then written again as UTF-8: evplant13's
// fffd_mojibake_efbfbd (1 to 3 in words), found as mojibake
// (mojibake.go: its evidence says "ï¿½" for "�") but not as
// replacement_char: 3 of 30 and 0 of 30 on seeds 1 and 2, those by other
// damage. The replacement_char is the trace of bytes lost to a
// lossy decode, and this is that trace read once more the wrong way, as
// an entity or escape of U+FFFD written out is (recall7.go). Every
// "ï¿½" counts, as every U+FFFD does (replacementEvidence): a text with
// a U+FFFD or a lone-surrogate escape has that evidence, this is for
// those with neither. Only texts with a character U+00C2 to U+00F4 look
// (tally.latin1, as mojibakeEvidence: ï is U+00EF), one bytes.Index
// over the text. corpus-200MB-s1.jsonl has no "ï¿½" (TestRepeatCensus),
// nor does any control row of evplant5 to evplant13 (seeds 1 and 2);
// their rows with one are evplant10's fffd_mojibake_twice (accepted as
// mojibake already) and evplant13's variant: 3 -> 30 and 0 -> 30 of 30,
// replacement_char 0.887; 0.875 -> 1.000, every other score and every
// control the same; corpus-200MB's findings identical.
const fffdMojibake = "\u00ef\u00bf\u00bd"

// mojibakeFFFD returns the replacement_char evidence of the U+FFFD read
// as Windows-1252 in t ("" when there is none; lazyEvidence with
// lazyReplacement in lazy).
func mojibakeFFFD(t []byte, lazy uint8) string {
	at := bytes.Index(t, []byte(fffdMojibake))
	if at < 0 {
		return ""
	}
	if lazy&lazyReplacement != 0 {
		return lazyEvidence
	}
	n := 1 + bytes.Count(t[at+len(fffdMojibake):], []byte(fffdMojibake))
	return strconv.Itoa(n) + " U+FFFD replacement " + plural(n, "character") + " read as Windows-1252 (\"ï¿½\"), the first at byte " + strconv.Itoa(at) + ": " + quoteVisible(t[contextStart(t, at):], 24)
}

// Long phrases repeated, shorter (evplant13's sentence_repeated_lines:
// a spam sentence of 26-61 bytes 40-90 times on one line, joined by a
// line feed, a space or ". "; 23 of 30 on both seeds, every miss a
// stretch under 2.2 KB or lines ending in CRLF). Two changes to
// recall24long.go's rule:
//
//   - longEvery 2,048 -> 1,536 (longMinBytes 2,176 -> 1,664): the gate
//     samples a text every 1.5 KB. The corpus's longest such stretch is
//     292 bytes (recall24long.go); the least of this planter's is 1,080
//     (27 bytes 40 times). Cost (BenchmarkLongGateHot against
//     BenchmarkCheckTextHot in one run, thread CPU, 8 runs under the CPU
//     lock, the host at load 22-26): checkText 895 us, the gate a sample
//     every 2 KB 9.4 us (1.05%), every 1.5 KB 15.2 us (1.70%): +0.65%
//     of checkText; every 1.25 KB 20.4 us (+1.2%) and every 1 KB 29.6
//     us (+2.3%), over the +1% asked: rejected. A second set (10
//     runs, load 15): checkText 1,044 us, 2 KB 12.2 us, 1.5 KB 17.2 us
//     (+0.47%), 1 KB 27.4 us (+1.45%). BenchmarkCheckTextHot and
//     BenchmarkAddCorpus/lazy against main's test binary (10 pairs
//     alternated under the lock, load 15-27): median pair ratios 1.040
//     and 0.971 at +-22-32%: noise, not a measure. longConfirm compares
//     the first eight bytes inline before bytes.Equal: 3-8% off the
//     gate, within its noise (1K-equal and 2K-equal in the benchmark).
//     BenchmarkLongGateWarm runs the loop after checkText (the text
//     warm, as in the scan); at that load its runs were too noisy
//     (+-10-22%) to tell.
//   - longUnit takes a carriage return as white space: lines of a
//     sentence in a mail whose lines end in CRLF (the unit
//     "\r\nYour Microsoft 365 password..."). corpus-200MB has no
//     stretch of three such units or more of 128 bytes or more with a
//     carriage return (TestRepeatCensus, texts with one, periods 17 to
//     64, brute force).
//
// evplant13's sentence_repeated_lines 23 -> 29 and 23 -> 28 of 30
// (repeated_run 0.998; 0.996 with the two rules above); evplant12's
// rr_phrase_padding 29 -> 30 on seed 1; evplant6's phrase4/5/6_repeated
// and phrase_lines 0/0/8/1 -> 2/1/17/2 (seed 1) and -/0/11/1 ->
// -/4/20/2 (seed 2); every other score and every control the same.
// Left: stretches under 1,664 bytes (r02677, 35 bytes 40 times on seed
// 1; two on seed 2), a step of 1 KB at +2.3%.

// byteCount returns how many times c is in u, a unit of a few bytes
// (mixUnit's and alnumUnit's no byte three times).
func byteCount(u []byte, c byte) int {
	n := 0
	for _, d := range u {
		if d == c {
			n++
		}
	}
	return n
}
