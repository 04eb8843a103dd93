package evasions

import (
	"fmt"
	"math/bits"
)

// HTML entities of invisible and bidi characters (session 20, issue 20):
// benchmarks/evplant4.py plants format characters written as numeric
// entities, which a browser or mail client renders as the character
// itself: a zero-width space or joiner inside a word (Cl&#8203;ick,
// &#x200B;, &#8204;, &#173;) and a right-to-left override in a file
// name (invoice_&#8238;fdp.exe). main found none of them (evplant4
// invisible_char 0.889 and bidi_control 0.909 on seeds 1 and 2, the
// lowest categories). An entity &#N; or &#xH; (entCode) that stands
// for a bidi control (isBidi) is a bidi_control, one that stands for an
// invisible character (isInvisible) an invisible_char, as the raw
// character would be; but U+FEFF: corpus-200MB's only entities of such
// characters are &#65279; (8 in 7 rows of one real mail thread: a BOM
// pasted into a URL), which is what a converter writes for a text's
// BOM. Otherwise corpus-200MB has 3,088 rows with &#, none standing
// for such a character. The raw character's exceptions (plainJoiner,
// plainBidiMark: joiners in emoji and Indic words, marks in
// right-to-left text) are not asked: text written as entities has no
// raw neighbours to judge by.
//
// A link's URL written as entities (evplant4's html_numeric_entities:
// <a href="&#104;&#116;&#116;&#112;&#58;...">) hides its host from a
// URL filter as %XX escapes do (escapes.go): entities in a row from an
// & that spell http in any case (entURL) are an encoded_blob. Not
// letters as entities in general: corpus-200MB's 437 runs of 4 or more
// entities start mailto (one newsletter's address, hidden from
// harvesters; session 18 flagged 230 rows and 10-11 of each control
// with them), E-mail, Your R or controls; none spells http or www. The
// planters' controls hold none either.
//
// Finding it: the kernel stops at an & with a # right after it
// (AMPHASH in chunks_amd64.s: a VPCMPEQB of the chunk, one of the 64
// bytes from SI+1 under the first's mask, a KORQ; the # may be the next
// chunk's first byte), and scan's block loop asks entBlock at each
// block with an & (the block where the kernel stopped, and every block
// without the kernel) where an & has a # after it in the block or ends
// it, asciiByte at each & it reads. The full check and refCheckText ask
// entEvasion at each & they read. 0.44% of corpus-30MB's 64-byte chunks
// hold &# (an & in 4.2%, a # in 6.8%: HTML colours; a backslash 0.17%).
//
// The numbers (session 20): evplant4 seeds 1 and 2, invisible_char
// 0.889 -> 0.928 (zw_html_entity 0 -> 14 of 20: the named ones are
// left), bidi_control 0.909 -> 1.000 (rlo_html_entity 0 -> 33 of 33),
// encoded_blob 0.933 -> 1.000 (html_numeric_entities 0 -> 24 of 24);
// every other category of evplant, evplant3 and evplant4 and their
// controls unchanged; corpus-200MB's evasion findings (--checks
// evasions) byte-identical. Cost against main 60bea37, CPU, benchstat:
// with the stop as VPCMPEQB, a masked VPCMPEQB and a KORQ into K1,
// BenchmarkCheckTextHot +2.2-3.1% (p<0.01), Corpus/fast +3.4-3.5%
// (6 runs, two sets); with the KORQ moved out of line (K6 tested with
// K1 by the KORTESTQ there was, joined to K1 at partial), Hot +1.6%
// (p=0.12), Corpus/fast +0.5% (p=0.32), 10 runs alternated at load
// 0.5-1.5; the Go side alone (the kernel not stopping) in the same
// rounds Hot +3.8% (p=0.22), Corpus/fast -0.6%: the noise is ±4%. Two
// more sets (with entURL, which costs nothing measurable: the same as
// without it in the same rounds): Hot +3.4% (p=0.02) and +2.1%
// (p=0.05), Corpus/fast +3.8% (p=0.007) and +3.6% (p=0.000), 9-10 runs
// at load 1-5. So +1% to +3.6%, over the 1.5% asked: left to try, the
// ; compare of SEMICOMMA under a mask as AMPHASH's (one KANDQ less). The
// default audit on the 200 MB JSONL, 7 rounds alternated 3 s apart: CPU
// (user+sys) 0.979 (0.94-1.08, median 0.95) against main's 0.961
// (0.95-0.98, median 0.96), RSS 162-176 against 173-176 MB, faults
// 35,000-39,000 against 34,700-36,100; the Parquet, the 4 quiet rounds
// of 6: 1.13 (1.11-1.15) against 1.17 (1.14-1.19).
//
// Not done: named entities (&zwnj; &shy; &lrm;: no # to stop at; 1 in 3
// of evplant4's zw_html_entity rows). Runs of &nbsp; (evplant4's
// html_nbsp_entities, 120 or 400 in a row): a repeated run, found as a
// repeated phrase is (phrase.go's entityUnit).

// entDigitsMax is the most digits an entity's number may have (entCode):
// U+10FFFF is 1114111, seven decimal digits; a hex number has six.
const entDigitsMax = 7

// entCode returns the character an HTML numeric entity at t[i] (&#
// decimal digits ; or &#x hex digits ;) stands for, and where it ends;
// or -1 when none starts there.
func entCode(t []byte, i int) (rune, int) {
	if i+3 >= len(t) || t[i] != '&' || t[i+1] != '#' {
		return -1, i
	}
	j, base := i+2, rune(10)
	if t[j]|0x20 == 'x' {
		j, base = j+1, 16
	}
	r, n := rune(0), 0
	for ; j < len(t) && n < entDigitsMax; j, n = j+1, n+1 {
		c := t[j]
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c|0x20 >= 'a' && c|0x20 <= 'f':
			d = rune(c|0x20-'a') + 10
		default:
			goto end
		}
		r = r*base + d
	}
end:
	if n == 0 || j >= len(t) || t[j] != ';' || r > 0x10FFFF {
		return -1, i
	}
	return r, j + 1
}

// entEvasion returns the category (iBidi, iInvisible) of an HTML entity
// at t[i] that stands for a bidi control or an invisible character, and
// that character; -1 when there is none.
func entEvasion(t []byte, i int) (k int, r rune) {
	r, end := entCode(t, i)
	if r < 0 {
		r = entName(t, i) // entnames.go
		if r >= 0x391 && r <= 0x3C1 {
			_, end = greekName(t, i) // recall15.go
		}
		if r < 0 {
			r, end = cyrName(t, i) // recall17.go
		}
	}
	if r < 0 && i+1 < len(t) && t[i+1] == '#' {
		r = entBare(t, i) // no semicolon: recall14.go
	}
	if k := entMore(t, i, end, r); k >= 0 {
		return k, r // a control, a look-alike letter in a word (recall6.go)
	}
	if r < 0x80 {
		return -1, r
	}
	switch {
	case isBidi(r):
		return iBidi, r
	case r != 0xFEFF && isInvisible(r), r == 0xFEFF && entInWord(t, i, end): // a BOM's entity inside a word: recall14.go
		return iInvisible, r
	}
	return -1, r
}

// entURL reports whether HTML entities in a row from t[i] spell http
// (in any case): a link's URL written as entities.
func entURL(t []byte, i int) bool {
	for _, c := range "http" {
		r, end := entCode(t, i)
		if r|0x20 != c {
			return false
		}
		i = end
	}
	return true
}

// entURLEvidence is the evidence of a URL written as entities at t[i].
func entURLEvidence(t []byte, i int) string {
	return fmt.Sprintf("a URL written as HTML entities from byte %d: %s", i, quoteVisible(t[i:], 24))
}

// entEvidence is the evidence of an entity of category k standing for r
// at t[i].
func entEvidence(t []byte, i int, k int, r rune) string {
	what := "invisible character"
	switch k {
	case iBidi:
		what = "bidirectional control"
	case iControl:
		what = "control character"
	case iMixed:
		what = "look-alike of a Latin letter, in a word,"
	case iReplacement:
		what = "replacement character" // recall7.go
	}
	return fmt.Sprintf("%s U+%04X as an HTML entity at byte %d: %s", what, r, i, quoteVisible(t[contextStart(t, i):], 24))
}

// entBlock reports whether an & of the block at t[i] (the high bits of
// amp) starts an entity of a bidi control or an invisible character, or
// a URL written as entities, that the full check would record (entNew).
func entBlock(t []byte, i int, amp uint64, found *[numEvasionKinds]string) bool {
	for ; amp != 0; amp &= amp - 1 {
		if entNew(t, i+bits.TrailingZeros64(amp)/8, found) {
			return true
		}
	}
	return false
}

// entNew reports whether the full check's entCheck would record a
// category at the & at t[i] that found does not hold yet: scan goes on
// past an entity whose category is found (the first entity is the
// evidence). Session 27: spam that writes controls as &#20;&#2;&#5;
// after raw ones made scan give up at every block of them, and the full
// check read each for nothing: BenchmarkFullWindows/other 837 windows
// to 309 on corpus-30MB (of 2,566 in all), 5,467 to 1,948 on
// corpus-200MB.
//
// An & without an ampStop byte after it starts nothing entEvasion or
// entBlob takes (the kernel relies on it: TestAmpStop, TestCyrNamesStop,
// TestGreekNamesStop), so entNew answers no there at once. Session 30:
// entBlock asked entEvasion at every & of a block with one stop (&nbsp;
// beside &amp;) or with an & at its end, each reading entName's,
// greekName's and cyrName's names.
func entNew(t []byte, i int, found *[numEvasionKinds]string) bool {
	if i+1 >= len(t) || !ampStop(t[i+1]) {
		return false
	}
	k, _ := entEvasion(t, i)
	return k >= 0 && found[k] == "" || found[iBlob] == "" && entBlob(t, i)
}

// entCheck records an entity of a bidi control or an invisible character
// at t[i], an &, and a URL written as entities from there (after every
// other blob that may end at t[i], as refCheckText asks).
func (f *full) entCheck(i int) {
	if k, r := entEvasion(f.t, i); k >= 0 && f.found[k] == "" {
		f.found[k] = entEvidence(f.t, i, k, r)
	}
	if f.found[iBlob] == "" && entBlob(f.t, i) {
		f.found[iBlob] = entBlobEvidence(f.t, i) // recall7.go
	}
}
