package evasions

// Session 24 (benchmarks/evplant5.py's hard variants still at 0 of 30,
// and the misses of session 23's second planter; the numbers are in
// benchmarks/README.md's evplant5 section):
//
//   - Padding of HTML tags or punctuation repeated (padUnit): <br> 150
//     to 600 times (evplant5's html_br_padding, 0.00), <p></p>, -=-=,
//     ". . .". A repeated stretch of phrase.go's rule whose unit is HTML
//     markup without text (tags, one at least, with entities and white
//     space between: <p>&nbsp;</p>) or punctuation and white space alone
//     (one punctuation byte at least) is a repeated run from padMinBytes,
//     when the windows' candidates reach its period (padFound). The
//     kernel's period test had no candidate in a window without white
//     space or an &: it now takes the distances from the window's first
//     byte to the next two of that byte (byteCands; bytecand in
//     chunks_amd64.s, out of line behind the tests for white space and
//     for an &, so only on the chunks it tests for a period that hold
//     neither and are not letters and digits alone). A unit with white
//     space (<br />, ". ") had its candidates already.
//     corpus-200MB's longest run of tags is 39 </FONT> (273 bytes, 21
//     rows of three mails); of punctuation, "; ; ;" in one spam's
//     Content-Type (14,274 bytes, rows p00002-006464 and p00003-015561
//     of spam-2/00471: hash-busting padding, now a repeated_run).
//   - Letters and digits written as quoted-printable escapes
//     (=43=6C=69=63=6B: evplant5's qp_every_byte, 0.00): escRun takes a
//     run of =XX escapes that spans escMinBytes (134 bytes: a phrase of
//     44 characters or more) and holds escAlnumMin escapes of ASCII
//     letters or digits in a row as a blob, as it takes such runs of %XX
//     of any length (escapes.go). No writer escapes a letter or a digit:
//     corpus-200MB has no run of three. The length keeps every path to
//     the same findings: the kernel stops in a run of =XX only at a chunk
//     inside it (chunkSepHex, blobs.go), which a run of escMinBytes holds
//     wherever the chunks start (%XX has a stop of its own, PCTPAIRS);
//     at 4 escapes, as for %, the kernel missed runs the eight-byte path
//     found. Shorter runs would need a stop at = with = three bytes
//     after: 1.4% of corpus-30MB's chunks where the kernel stops for
//     nothing else (QP HTML writes =3E=3C=2F, tabs =09=09). Session 25
//     (recall9.go): a stop at = with 4 to 7 after it and = three bytes
//     after (14 chunks of corpus-30MB), runs of qpLetterMin letters.

// The numbers (against main 630a69f): evplant5 seeds 1; 2, repeated_run
// 0.944; 0.939 -> 1.000; 0.994 (html_br_padding 0 -> 30 of 30 each),
// encoded_blob 0.931; 0.941 -> 0.944; 0.961 (qp_every_byte 0 -> 7 and
// 11 of 30), every finding added a planted row of those two variants;
// the controls unchanged. evplant.py, evplant3.py, evplant4.py (seeds 1
// and 2): scores unchanged, findings byte-identical but for two planted
// rows of evplant4's seed 2 whose host is the "; ; ;" spam. A blind
// planter of this session (/tmp/recall/plant8.py in session 24: 12
// variants of 30 SpamAssassin mails, 600 controls, two seeds): runs of
// <BR>, <br />, <div></div>, </font>, <p>&nbsp;</p>, -=, ". " 0 -> 30 of
// 30; *~ _.- +- <> 0 -> 28 and 27 (the rest under padMinBytes); a
// 60-75 character sentence as =XX or =xx 1-3 -> 30 of 30, a short one
// (7-18 characters) unchanged (1-2); its controls unchanged.
//
// Cost: nothing in the kernel's loop; bytecand runs on the chunks it
// tests for a period (one in eight) that hold neither white space nor
// an & (8,139 of corpus-30MB's 421,347 aligned 64-byte windows), six
// instructions and two period tests there. Texts where scan sets
// scan.rep (phraseRun then reads the whole text) on corpus-30MB: 34
// against 29, phraseRun 54 against 35 µs a pass over the corpus
// (checkText 52-64 ms). BenchmarkCheckTextHot and Corpus/fast against
// main, 16 runs alternated at load 4-7 (thread CPU, benchstat): Hot
// 500.4 -> 528.2 µs (+5.6%, p=0.42, ±6-9%), Corpus/fast 18.51 -> 19.04
// ms (+2.9%, p=0.62, ±2-5%): not told apart; the work added (above)
// accounts for under 0.2%. Before, at load 8-16: ±13-39%.
//
// Not done (session 25 built it and did not keep it: recall9.go):
// escapes of C0 controls in quoted-printable (=1B[31m, =00: evplant5's
// qp_controls). The kernel does not stop at them: an = with 0
// or 1 then a hex digit after it is in 1.7% of corpus-30MB's chunks
// (width=100, size=10), 1.0% where the kernel does not stop already, and
// a pair of escapes of ASCII bytes (=3E=3C=2F, QP HTML) in 1.0%: twice
// the stops of EQLEAD (qp.go), whose cost is already over what was
// asked.

// padMinBytes is the least bytes of a repeated stretch whose unit is
// padUnit's that is a repeated run (see the session 24 notes).
const padMinBytes = phraseMinBytes

// byteCands returns the candidate periods of the 64 bytes w that hold
// neither white space nor an &: the distances from w[0] to the next two
// of that byte, 0 for those over phraseMaxPeriod or missing (the kernel
// the same: bytecand); for 64 bytes of letters and digits alone (no unit
// of padUnit's is) those up to shortMaxPeriod (session 29, recall24.go's
// shortUnit; alnumcand); none for 64 of one byte, whose runs are
// runs.go's (the kernel stops before its period test at eight of one
// byte). Without those two limits, scan set scan.rep in 164 texts of
// corpus-30MB (29 before), at base64's iIiI and runs of /, and phraseRun
// read 323 KB of text (57 KB before): 0.66 ms against checkText's 64 ms
// over the corpus.
func byteCands(w []byte) (c [3]int) {
	if oneByte(w) {
		return c
	}
	most := phraseMaxPeriod
	if alnumWindow(w) {
		most = shortMaxPeriod
	}
	k := 0
	for j := 1; j <= most && j < len(w) && k < 2; j++ {
		if w[j] == w[0] {
			c[k] = j
			k++
		}
	}
	return c
}

// padUnit reports whether u, a unit of a repeated stretch, is padding:
// HTML markup without text (tagUnit), or ASCII punctuation and white
// space alone with one punctuation byte at least; and whether the
// windows tested for a period find it (periodicWindow): one to three
// white-space bytes (periodCands), or none and one & (windowCands), or
// none and no &, each byte there once or twice (byteCands).
func padUnit(u []byte) bool {
	return (tagUnit(u) || punctUnit(u)) && padFound(u)
}

// padFound reports whether the candidates of periodicWindow reach the
// period of a stretch of the unit u from any window inside it.
func padFound(u []byte) bool {
	var n [128]uint8
	ws := 0
	for _, c := range u {
		if c >= 0x80 {
			return false
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' { // wsMask's
			ws++
		}
		n[c]++
	}
	switch {
	case ws > 0:
		return ws <= 3
	case n['&'] > 0:
		return n['&'] == 1
	}
	for _, k := range n {
		if k > 2 {
			return false
		}
	}
	return true
}

// tagUnit reports whether u, turned to start at its first <, is HTML
// markup without text: tags (< then a letter, / or ! then bytes that
// are not < or >, then >), one at least, entities (& then letters,
// digits or #, then ;) and white space.
func tagUnit(u []byte) bool {
	lt := -1
	for j, c := range u {
		if c == '<' {
			lt = j
			break
		}
	}
	if lt < 0 {
		return false
	}
	const (
		out = iota
		tag
		ent
	)
	st, name := out, 0
	for k := range u {
		c := u[(lt+k)%len(u)]
		if c >= 0x80 {
			return false
		}
		switch st {
		case out:
			switch {
			case c == '<':
				if n := u[(lt+k+1)%len(u)]; !asciiLetterByte(n) && n != '/' && n != '!' {
					return false
				}
				st = tag
			case c == '&':
				st, name = ent, 0
			case c != ' ' && c != '\t' && c != '\n' && c != '\r':
				return false
			}
		case tag:
			if c == '<' {
				return false
			}
			if c == '>' {
				st = out
			}
		case ent:
			switch {
			case c == ';' && name > 0:
				st = out
			case alnum(c) || c == '#':
				name++
			default:
				return false
			}
		}
	}
	return st == out
}

// punctUnit reports whether u is ASCII punctuation and white space
// (space, tab, line feed) alone, with one punctuation byte at least.
func punctUnit(u []byte) bool {
	punct := false
	for _, c := range u {
		switch {
		case c == ' ' || c == '\t' || c == '\n':
		case c > ' ' && c < 0x7F && !alnum(c):
			punct = true
		default:
			return false
		}
	}
	return punct
}

// oneByte reports whether w is one byte repeated.
func oneByte(w []byte) bool {
	for _, c := range w[1:] {
		if c != w[0] {
			return false
		}
	}
	return true
}

// alnumWindow reports whether w holds only ASCII letters and digits.
func alnumWindow(w []byte) bool {
	for _, c := range w {
		if !alnum(c) {
			return false
		}
	}
	return true
}
