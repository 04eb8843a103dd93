package evasions

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// Session 31 (enc14): hard evasions of the blind planters
// (benchmarks/evplant11.py, evplant12.py) that kept encoded_blob and
// non_text at or under 0.9 when hard variants count, each counted
// against real mail (corpus-200MB-s1.jsonl, 137,265 rows; the
// SpamAssassin sample, 6,046 mails; evplant5's control rows) before it
// is kept.
//
// An armoured PGP MESSAGE (armourHidesText): evplant11's hard pgp_armor,
// "-----BEGIN PGP MESSAGE-----", a Version line and 200-500 random bytes
// as base64 wrapped at 64. declaredArmour let every -----BEGIN armour
// declare the base64 after it (signatures and keys are mail structure),
// so all 60 rows (seeds 1 and 2) were missed. A signature or a key rides
// beside text a reader sees; a PGP message is the text, encrypted: what
// a cleaner reads of it is a blob, and a spammer's armour line is all it
// takes to hide base64 from a filter that trusts armour. corpus-200MB
// has 5 rows with "BEGIN PGP MESSAGE" (one mail's "blah, blah, blah"
// between the armour lines, no base64) and one "PGP  MESSAGE" heading
// clear text; the SpamAssassin sample 2 files, the same mail: no
// base64 after any of them, so none is a new finding. pgp_armor 0 ->
// 30 of 30 on seeds 1 and 2 (evplant11 encoded_blob 0.885 -> 0.906,
// 0.882 -> 0.903); every other planter's scores and controls,
// corpus-200MB's and the SpamAssassin sample's --checks evasions and
// verify.sh's 41 files unchanged. It costs nothing where there is no
// armour line: declaredArmour is asked only of a base64 run of
// blobB64Min or more.

// armourHidesText reports whether w, the text after "-----BEGIN ",
// starts an armoured PGP message (any case): encrypted text, not a
// signature or a key, so the base64 after it is a blob.
func armourHidesText(w []byte) bool {
	return hasPrefixFold(w, "pgp message")
}

// A random printable key (keyRun): evplant12's hard
// nt_random_printable_key, a line of 600 to 2,000 characters drawn from
// the 94 printable ASCII characters, a third of them punctuation: a key
// or a blob, not text (the planter accepts non_text or encoded_blob).
// Its letters and digits keep the row's share of text over nonTextShare,
// and no byte of it stops the kernel, so 27 of 30 rows were missed on
// each seed. Real mail has no such run: benchmarks/census31.py counts,
// in corpus-200MB, the SpamAssassin sample (ham and spam) and evplant5's
// and evplant11-12's control rows, no run of 512 bytes or more
// without white space, all printable ASCII, a fifth of it punctuation or
// more, of even 12 distinct punctuation characters (long URLs have / . ?
// = & % - _ : and a few more; base64 + / =); every planted key has 24
// or more. keyRun wants keyKinds (16).
//
// Finding a run of keyMin bytes without white space costs no pass over
// the text: any such run holds the 24 bytes around a multiple of
// keyStep (8 before it, 16 from it on), so keyRun loads those three
// words at each multiple and reads further only where none of their
// bytes is white space or past ASCII and one is punctuation other than
// base64's + / = (a word of prose has a space within eight bytes; a
// line of base64 is its alphabet alone; a URL is read eight bytes at a
// time to its ends). A key's 24 bytes are base64's alphabet alone one
// time in 7,000 ((65/94)^24); a run of 600 or more bytes has one such
// window or more at each multiple of keyStep it holds. The first
// version expanded every word of eight bytes without white space at
// each multiple of keyMin-8 (780 of 2,907 probes of
// BenchmarkCheckTextHot's texts, most inside base64 lines): 17-21 us a
// megabyte alone, 2% of checkText, twice on each text twice that (the
// branches, not cache misses). As built, BenchmarkKeyRunHot/alone is
// 15-21 us (cpu-ns, 10 runs at load 10-14) for the megabyte's 727 texts
// and about 2,900 looks, against checkText's 0.98-1.11 ms there: the
// looks' three loads and their tests, about 6 ns each, not the reads
// along runs (expanding only where the 24 bytes are not base64's
// alphabet alone changed nothing measurable). The test binaries of
// main and this, alternated 10 rounds under the CPU lock (load 10-14,
// cpu-ns): CheckTextHot 1.067 -> 1.012 ms (+-9% and 19%, p=0.58),
// AddCorpus/lazy 33.7 -> 34.2 ms (+-14% and 7%, p=0.53): not told
// apart. Then keyRun took the tally's gate (chars - texty under a fifth
// of keyMin: no key), which skips 53% of corpus-200MB's rows and 21% of
// its bytes; the reference passes len(t) (refKeyRun). Measured again
// so (10 rounds, load 10-14): CheckTextHot 979 -> 931 us (+-18% and
// 13%, p=0.48), AddCorpus/lazy 29.8 -> 28.6 ms (p=0.32).
//
// nt_random_printable_key 3 -> 30 of 30 on seeds 1 and 2 (evplant12
// non_text 0.907 -> 0.997 both); every other planter's scores and
// controls, corpus-200MB's and the SpamAssassin sample's --checks
// evasions and verify.sh's 41 files unchanged.

// keyMin is the fewest bytes without white space a key run has.
const keyMin = 528

// keyStep is how far apart keyRun looks: keyMin-24, so a run of keyMin
// holds the 24 bytes around one multiple.
const keyStep = keyMin - 24

// keyTextMin is the fewest bytes of a text under keyMin that is a key
// all of it (evplant14's random_printable: the text is 200 to 2,000
// random printable characters; 48 and 52 of 60 were 528 or more).
// corpus-200MB, the SpamAssassin sample and evplant5's controls have no
// text of 64 to 527 bytes without white space, all printable ASCII and
// a fifth of it punctuation or more; the tally's gate (a fifth of the
// text's characters neither letters, digits nor white space) leaves
// keyText to few short texts. evplant14 random_printable 24 -> 30 and
// 26 -> 30 of 30 (non_text 0.978 -> 1.000, 0.985 -> 1.000); every other
// score, the controls, corpus-200MB's and the SpamAssassin sample's
// --checks evasions and verify.sh's 41 files unchanged.
const keyTextMin = 128

// keyKinds is the fewest distinct punctuation characters a key run
// holds.
const keyKinds = 16

// keyRun records a non_text finding for a run of keyMin printable ASCII
// bytes or more without white space, a fifth of them or more
// punctuation of keyKinds kinds or more (see above), or for a text of
// keyTextMin bytes or more that is such a run, all of it. A key draws
// on all of printable ASCII: the run must hold one of v to } (Ascii85,
// recall16.go, stops at u; its <~ ~> add ~ alone), or a text that is
// Ascii85 alone would be non_text as well as a blob (TestRecall16). other is how many
// characters of t are neither letters, digits nor white space (the
// tally's chars - texty), or len(t): under a fifth of keyMin there is
// no such run to look for (corpus-200MB: 53% of rows, 21% of bytes).
func keyRun(t []byte, other int, found *[numEvasionKinds]string) {
	if found[iNonText] != "" {
		return
	}
	if len(t) < keyMin {
		if len(t) >= keyTextMin && other*5 >= len(t) && keyText(t) {
			found[iNonText] = keyEvidence(t, 0)
		}
		return
	}
	if other*5 < keyMin {
		return
	}
	done := 0                     // looks before it are inside a run read already
	nw := (len(t)-24)/keyStep + 1 // the looks: the 24 bytes from each multiple of keyStep within t
	for w := 0; w < nw; w += 64 {
		for m := keyMasks(t, w*keyStep, min(64, nw-w)); m != 0; m &= m - 1 {
			p := (w+bits.TrailingZeros64(m))*keyStep + 8
			if p < done {
				continue
			}
			a := p - 8
			for a >= 8 && notPrint(binary.LittleEndian.Uint64(t[a-8:])) == 0 {
				a -= 8
			}
			for a > 0 && t[a-1] > ' ' && t[a-1] < 0x7F {
				a--
			}
			b := p + 16
			for b+8 <= len(t) && notPrint(binary.LittleEndian.Uint64(t[b:])) == 0 {
				b += 8
			}
			for b < len(t) && t[b] > ' ' && t[b] < 0x7F {
				b++
			}
			if b-a >= keyMin {
				if e := keyEvidence(t[a:b], a); e != "" {
					found[iNonText] = e
					return
				}
			}
			done = b // the next look past this run
		}
	}
}

// keyMasks marks keyRun's n looks (at most 64) from t[from], keyStep
// apart: bit i when the 24 bytes at from+i*keyStep are printable ASCII,
// none white space, and one is not of base64's alphabet. On the
// kernel's CPUs one call (windowsAVX512 with keyClass) takes the 64:
// session 33, the looks were three loads, notPrint and notB64 each, a
// call to notB64 a word (keyRun 2.5% of checkTextLazy's samples on
// corpus-200MB's evasion check, with the line gate and looks37 in
// assembly). BenchmarkKeyRunHot/alone, thread CPU, 6 runs alternated at
// load 6-9: 24.2 -> 16.7 us (-31%, p=0.015, +-40%: a loaded host).
func keyMasks(t []byte, from, n int) (m uint64) {
	if useChunks {
		_ = t[from+(n-1)*keyStep+23]
		_, m = windowsAVX512(&t[from], n, keyStep, &keyClass)
		return m
	}
	for i := range n {
		q := from + i*keyStep
		w0 := binary.LittleEndian.Uint64(t[q:])
		w1 := binary.LittleEndian.Uint64(t[q+8:])
		w2 := binary.LittleEndian.Uint64(t[q+16:])
		if notPrint(w0)|notPrint(w1)|notPrint(w2) == 0 && notB64(w0)|notB64(w1)|notB64(w2) != 0 {
			m |= 1 << i
		}
	}
	return m
}

// keyClass is what windowsAVX512 looks up for each ASCII byte in
// keyMasks: bit 1 white space, a control or DEL (not printable), bit 2
// printable and not of base64's alphabet (notB64).
var keyClass = func() (t [128]byte) {
	for c := range 128 {
		switch {
		case c <= ' ' || c == 0x7F:
			t[c] |= 1
		case asciiEv[c]&acB64 == 0:
			t[c] |= 2
		}
	}
	return t
}()

// keyPast85 reports whether r holds a character of v to }, past
// Ascii85's alphabet (! to u) but for its delimiter ~.
func keyPast85(r []byte) bool {
	for _, c := range r {
		if c >= 'v' && c <= '}' {
			return true
		}
	}
	return false
}

// keyText reports whether t is printable ASCII without white space, all
// of it.
func keyText(t []byte) bool {
	i := 0
	for ; i+8 <= len(t); i += 8 {
		if notPrint(binary.LittleEndian.Uint64(t[i:])) != 0 {
			return false
		}
	}
	for ; i < len(t); i++ {
		if t[i] <= ' ' || t[i] >= 0x7F {
			return false
		}
	}
	return true
}

// notPrint has the high bit of each byte of w that is not printable
// ASCII other than the space: white space, a control, DEL, or a byte
// past ASCII.
func notPrint(w uint64) uint64 {
	low := ^(w + (0x80-0x21)*ones) & highs // bytes under 0x21
	del := (w + ones) & highs              // 0x7F
	return w&highs | low | del
}

// notB64 has the high bit of each byte of w, eight printable ASCII
// bytes, that is not of base64's alphabet (letters, digits, + / =).
func notB64(w uint64) uint64 {
	lw := w | 0x20*ones
	b64 := inRange(lw, 'a', 'z') | inRange(w, '0', '9') | eqByte(w, '+') | eqByte(w, '/') | eqByte(w, '=')
	return ^b64 & highs
}

// keyWordEvery is the fewest bytes a key run has for each stretch of
// keyWordLen or more lower-case letters in it: random printable ASCII
// draws one in about 620 bytes (20,000 random keys of 200 to 2,000
// bytes: at most one in 68; evplant12's and evplant14's planted keys at
// most one in 68), code one in 10 to 20 (identifiers: a minified
// tokenizer table of 691 bytes, `r_=[["{%",c.OpenStatement],...`, one
// in 16, which keyRun flagged before this test; 2 of 3,000 lines of
// 600+ bytes without white space from benchmarks/node_modules' .js,
// .json and .css files were flagged, none after).
const (
	keyWordEvery = 32
	keyWordLen   = 5
)

// keyWords reports whether r holds a stretch of keyWordLen or more
// lower-case letters for every keyWordEvery bytes of it: words, not a
// key.
func keyWords(r []byte) bool {
	words, run := 0, 0
	for _, c := range r {
		if c >= 'a' && c <= 'z' {
			run++
			if run == keyWordLen {
				words++
			}
			continue
		}
		run = 0
	}
	return words*keyWordEvery >= len(r)
}

// keyEvidence is the evidence for the run r from byte at, when a fifth
// of it or more is punctuation of keyKinds kinds or more and it is not
// words (keyWords); else "".
func keyEvidence(r []byte, at int) string {
	var kinds [2]uint64
	punct := 0
	for _, c := range r {
		if asciiEv[c]&acWord == 0 {
			punct++
			kinds[c>>6] |= 1 << (c & 63)
		}
	}
	n := bits.OnesCount64(kinds[0]) + bits.OnesCount64(kinds[1])
	if punct*5 < len(r) || n < keyKinds || !keyPast85(r) || keyWords(r) {
		return ""
	}
	return fmt.Sprintf("%d printable characters from byte %d without white space, %d of them punctuation of %d kinds: %s",
		len(r), at, punct, n, quoteVisible(r, 24))
}

// Left (each needs a stop of the kernel: keyRun's looks cost about 6 ns
// each, and a stride fine enough for these, a few tens of bytes, is 10
// to 25 times keyRun's looks, 15-50% of checkText):
//
//   - eb_rot13 (evplant12): built in session 31 (recall34.go), as
//     designed here: a kernel stop at a chunk with a space and 6 or more
//     of q v z j, then session 30's word test over its lines.
//   - b64_short (evplant11, 0 of 30): 40-96 base64 characters of one
//     spam phrase inside a line ("ref: ..."): recall27.go's rule (0 rows
//     of corpus-200MB, SpamAssassin or the controls) still wants a stop
//     at base64 runs under chainB64's 10 blocks.
//   - random_token (evplant11, 20 and 18 of 30): the misses are the
//     tokens of 60-99 letters and digits, under blobB64Min; lines of 60
//     or more alone of the three classes, neither line beside them
//     base64 (benchmarks/census31.py): 83 rows of corpus-200MB (PGP
//     signatures of one line, the cut first or last lines of base64
//     parts), so a rule needs more than the length, and a stop too.
