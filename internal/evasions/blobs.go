package evasions

import (
	"bytes"
	"math/bits"
	"strconv"
)

// Encodings of bytes other than base64 and hex (session 18, issue 20):
// benchmarks/evplant3.py plants base32, Ascii85, uuencode,
// quoted-printable and percent-encoding of non-Latin text beside
// base64 and hex; on its two seeds each was recalled 0.22-0.61 before
// (encoded_blob 0.74-0.76 in all), and only where another plant of the
// row was found.
//
// Measured (evplant3 seeds 1 and 2, JSONL): encoded_blob 0.760/0.743
// -> 0.890/0.900; base32 0.61/0.30 -> 0.83/0.65 (the rest are under
// blobB64Min), quoted-printable 0.36/0.27 -> 0.86/1.00 and percent
// 0.22/0.36 -> 1.00/0.93 (under escMinBytes), uuencode 0.29/0.25 ->
// 1.00/0.94, Ascii85 0.50/0.44 -> 0.83/0.88. evplant3's control
// unchanged (0.34%, 0.22%); evplant.py's 0.70%/0.77% -> 0.80%/0.90% (2
// and 3 spam rows left quoted-printable in GB2312 or EUC-KR, a
// JavaScript table of %FF%FE..., a uuencoded file); corpus-200MB +212
// rows (205 spam left quoted-printable, 7 parts of uuencoded files).
// Cost against main 888e46d (CPU, alternated): BenchmarkCheckTextHot
// +9.4% (p=0.008) and BenchmarkCheckTextCorpus/fast +3.4% (p=0.032),
// five runs at load 11-12 (Hot's first MB of corpus-30MB holds GB2312
// quoted-printable bodies, now blobs the full check reads into); the
// evasion check alone on the 200 MB JSONL (--checks evasions) 0.743
// against 0.741 s, 8 rounds; the default audit on it within its noise:
// 1.207 against 1.237 s (6 rounds, load 5-8), 1.349 against 1.316 s (13
// rounds, load 11-13, before the last two changes), RSS 160-180 MB and
// 29,000-37,000 faults both.
//
// Tried and not kept: base64url (a run of 100+ letters, digits, - and _
// with all three classes and a - or _ inside, none four in a row; - and
// _ continuing scan's base64 chain, the full check asking at each - and
// _): evplant3's b64url 0.69/0.73 -> 0.88/0.91, encoded_blob
// 0.890/0.900 -> 0.900/0.907, no new finding on corpus-200MB (65 rows
// have such runs of 80-99) or either control; but Hot +8 and
// Corpus/fast +3 points more (6 runs alternated against these rules
// before their last two changes), past the budget for 7 and 4 planted
// rows. Commit 22ec5ea on
// branch s18-blob has it. Session 19: b64url.go has base64url of
// b64urlMin (127) found another way (a stop of its own in the kernel,
// not the base64 chain), off until the kernel has that stop.
//
// Session 19: a base32 run may go on past the base32 (evplant3 glues a
// plant to the text after it: "...MFQ====From: Eva", "...ME======\n\nThe
// publisher"), and then its classes are all three, so endB64 asks
// base32Len whatever lower case the run holds, and base32Len ends the
// base32 after padding that fills its last group of eight, or (without
// padding) at the line break before a line with another character of
// the alphabet. evplant3 b32 0.826/0.652 -> 0.957/0.826, encoded_blob
// 0.890/0.900 -> 0.900/0.913; corpus-200MB --checks evasions, the three
// planters' other findings and controls byte-identical. The b32 plants
// still missed are under blobB64Min (64-93 characters), which the
// kernel never stops at (chainB64): corpus-200MB has no run of 64 or
// more of A-Z and 2-7 with both, so a floor of 64 would cost no false
// finding, but needs a stop.
//
// Base32 (RFC 4648: A-Z and 2-7, = padding at the end only) is a run of
// the base64 alphabet with upper-case letters and digits but no lower
// case, which endB64 let through (it wants all three). A run of
// blobB64Min base32 characters or more before its padding is a blob
// (base32Len): scan's base64 chain already gives up on it, so it costs
// nothing where there is none. corpus-200MB has no run of 64 or more
// characters of A-Z and 2-7 alone (with both letters and digits), nor
// has either planter's control. Runs with = inside (quoted-printable's
// =3D=20) or another digit are not base32.

// base32Len returns the base32 characters of the run of the base64
// alphabet (line breaks allowed) from t[start] when it is a base32 blob,
// and where they start: A-Z and 2-7 only, blobB64Min or more, then =
// padding or nothing to the run's end; else 0. The run may go on past
// the base32 (session 19: evplant3 glues its plants to the text around
// them, and a mail's lines go on after a body): after padding that fills
// the last group of eight (RFC 4648), whatever follows ends it
// ("...MFQ====From: ..."); without padding, a line holding another
// character of the alphabet ends it at the line break before
// ("...IDQME\nThe"). Session 22 (recall6.go): so it may start, the line
// break after a first line holding another character ("EW/0.82\nINXW").
func base32Len(t []byte, start int) (int, int) {
	return base32LenOf(t, start, 'A')
}

// base32LenOf is base32Len with the letters from a to a+25 (A or a:
// lower-case base32, recall11.go).
func base32LenOf(t []byte, start int, a byte) (int, int) {
	n, pad, lineN := 0, 0, 0
	from, first, skip := start, true, false
	firstN, second := -1, 0 // the first line's characters, where the next starts (recall33.go)
	for j, c := range t[start:] {
		switch {
		case c == '\n' || c == '\r':
			if skip {
				from, skip = start+j+1, false
			}
			if first && !skip && c == '\n' {
				firstN, second = n, start+j+1
			}
			first = false
			if pad == 0 {
				lineN = n
			}
		case skip:
		case c == '=' && first && pad == 0 && n < blobB64Min:
			n, skip = 0, true // an = on a short first line (a soft line break, a URL's id=66): the base32 may start on the next (recall17.go)
		case c == '=':
			pad++
		case pad == 0 && (c >= a && c <= a+25 || c >= '2' && c <= '7'):
			if n == 0 {
				from = start + j
			}
			n++
		case c < 0x80 && asciiEv[c]&acB64 != 0:
			// another character of the run: lower case, 0 1 8 9, + /, or
			// one after the padding
			if pad == 0 && first {
				n, skip = 0, true // the first line is not base32: it may start on the next
				continue
			}
			if pad > 0 && (n+pad)%8 == 0 && n >= blobB64Min {
				return n, from
			}
			if b32Glued(n, pad, firstN) {
				return n - firstN, second // recall33.go
			}
			if pad == 0 && lineN >= blobB64Min {
				return lineN, from
			}
			return 0, from
		default:
			if n < blobB64Min {
				return 0, from
			}
			return n, from
		}
	}
	if n < blobB64Min {
		return 0, from
	}
	return n, from
}

// base32Evidence is the encoded_blob evidence of n base32 characters
// from t[start].
func base32Evidence(t []byte, n, start int) string {
	return strconv.Itoa(n) + " base32 characters from byte " + strconv.Itoa(start) + ": " + quoteVisible(t[start:], 24)
}

// Quoted-printable and percent-encoding (escRun): text written as
// =XX or %XX escapes, one a byte, hides its words from a cleaner as
// base64 does. evplant3 encodes non-Latin text so (quopri's and
// urllib.parse.quote's output); SpamAssassin has Chinese and Korean
// spam left quoted-printable (=B9=AB=CB=BE...) and URLs hiding their
// host as %77%77%77 (ASCII). A run of escapes is units of an escape
// character (= or %, the same throughout) and two hex digits, one after
// another or joined by a gap of a comma, then a space or a line feed,
// then (for =) a soft line break "=\n", each optional. It is a blob when
// escHiMin of its units encode a byte of 0x80 or more (text that is not
// ASCII: =3D=20 of mail markup is not) and it spans escMinBytes or
// more, or when escAlnumMin units in a row encode ASCII letters or
// digits (%77%77%77%2E: escapes.go; =XX since session 24: recall8.go).
//
// Finding it (as sephex.go's dumps): a run's bytes (= and %, hex
// digits, comma, space, line feed) are all of the kernel's class of
// separated hex (ccSep, ccHex, ccSpace: = and % joined ccSep), so the
// kernel stops at a chunk inside one (chunkSepHex), and scan measures
// the runs through its escapes (escBlob); without the kernel, sepChunk
// looks at 64 bytes from every eighth block. A run of escMinBytes holds
// 15 whole blocks of any grid, so one of those chunks lies inside it
// wherever they start. The full check (and refCheckText) measure the run
// through each escape they read; a base64 run read ahead (earlyB64)
// is not recorded before a run of escapes it holds (escAhead).
const (
	escHiMin    = 16
	escMinBytes = 134
)

// A run of escMinBytes holds 15 whole blocks of eight bytes wherever
// they start: (134-14)/8.
const _ = uint((escMinBytes-14)/8 - 15)

// escUnit reports whether an escape unit (e and two hex digits) starts
// at t[u].
func escUnit(t []byte, u int, e byte) bool {
	return u >= 0 && u+3 <= len(t) && t[u] == e && hexByte(t[u+1]) && hexByte(t[u+2])
}

// escNext returns where the unit after the unit at t[u] starts, or -1:
// after a comma, a space or line feed and (for =) a soft line break,
// each optional.
func escNext(t []byte, u int, e byte) int {
	k := u + 3
	if k < len(t) && t[k] == ',' {
		k++
	}
	if k < len(t) && (t[k] == ' ' || t[k] == '\n') {
		k++
	}
	if e == '=' && k+1 < len(t) && t[k] == '=' && t[k+1] == '\n' {
		k += 2
	}
	if escUnit(t, k, e) {
		return k
	}
	return -1
}

// escPrev returns where the unit before the unit at t[u] starts (the
// unit whose escNext is u), or -1.
func escPrev(t []byte, u int, e byte) int {
	for g := range 5 {
		if p := u - 3 - g; escUnit(t, p, e) && escNext(t, p, e) == u {
			return p
		}
	}
	return -1
}

// escRun returns the run of escapes through the unit at t[j]: where it
// starts and ends, its units, and whether it is a blob. It is the same
// run from any of its units.
func escRun(t []byte, j int) (lo, hi, n int, blob bool) {
	if pctUAt(t, j) {
		return pctURun(t, j) // %u escapes (recall13.go)
	}
	e := t[j]
	lo = j
	for p := escPrev(t, lo, e); p >= 0; p = escPrev(t, lo, e) {
		lo = p
	}
	high, alnum, alnumMax, letters, lettersMax := 0, 0, 0, 0, 0
	for u := lo; u >= 0; u = escNext(t, u, e) {
		n++
		if c := t[u+1] | 0x20; c >= 'a' || c == '8' || c == '9' {
			high++
		}
		if u != hi {
			alnum, letters = 0, 0 // after a gap
		}
		if letters++; !escLetter(t, u) {
			letters = 0 // letters as =XX in a row, no gap (recall9.go)
		}
		lettersMax = max(lettersMax, letters)
		if alnum++; !escAlnum(t, u) {
			alnum = 0 // letters and digits as %XX or =XX in a row, no gap (escapes.go; =XX: recall8.go)
		}
		alnumMax = max(alnumMax, alnum)
		hi = u + 3
	}
	if e == '%' && pctUBeside(t, lo, hi-3) {
		return pctURun(t, j) // %u escapes among them (recall13.go)
	}
	return lo, hi, n, high >= escHiMin && hi-lo >= escMinBytes || alnumMax >= escAlnumMin && (e == '%' || hi-lo >= escMinBytes) || e == '=' && lettersMax >= qpLetterMin // =XX: recall8.go, recall9.go
}

// escUnitAt reports whether an escape unit starts at t[j].
func escUnitAt(t []byte, j int) bool {
	return (t[j] == '=' || t[j] == '%') && (escUnit(t, j, t[j]) || pctUUnit(t, j)) // %u: recall13.go
}

// escEvidence is the blob evidence of the run of escapes t[lo:hi] of n
// units.
func escEvidence(t []byte, lo, hi, n int) string {
	if e := pctUEvidence(t, lo, hi, n); e != "" {
		return e // recall13.go
	}
	return strconv.Itoa(n) + " bytes written as " + string(t[lo]) + "XX escapes from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// escBlob reports whether a run of escapes that is a blob runs through
// a unit of the m bytes at t[i] (where the kernel stopped: chunkSepHex).
// A run that is not a blob is read once (escDone).
func (s *scan) escBlob(t []byte, i, m int) bool {
	return runBlobThrough(t, i, m, &s.escDone, escUnitAt, escRun)
}

// escBits is escBlob for the block of eight bytes at t[i] (the scan's
// block loop), whose units can start only at its = and % (the high bits
// of m): it looks at those alone, not at each byte through
// runBlobThrough's calls of escUnitAt (session 25; BenchmarkAddCorpus/lazy
// profiles, 4 each alternated at load 7-11: the block loop's escape
// checks 0.65 to 0.40 s of about 17.7 s of Add's samples, Add itself
// within the noise).
func (s *scan) escBits(t []byte, i int, m uint64) bool {
	for ; m != 0; m &= m - 1 {
		j := i + bits.TrailingZeros64(m)/8
		if j < s.escDone || !escUnit(t, j, t[j]) && !pctUAt(t, j) { // %u: recall13.go
			continue
		}
		_, hi, _, blob := escRun(t, j)
		if blob {
			return true
		}
		s.escDone = max(hi, j+1)
	}
	return false
}

// escCheck records a run of escapes that is a blob through t[i], an
// escape character the full check reads (escDone: runs read).
func (f *full) escCheck(i int) {
	if f.found[iBlob] == "" && i >= f.escDone && (escUnit(f.t, i, f.t[i]) || pctUAt(f.t, i)) { // %u: recall13.go
		lo, hi, n, blob := escRun(f.t, i)
		if f.escDone = hi; blob {
			f.found[iBlob] = escEvidence(f.t, lo, hi, n)
		}
	}
}

// escAhead reports whether a unit of a run of escapes that is a blob
// starts in t[from:to], a base64 run earlyB64 read ahead: its evidence
// comes first.
func escAhead(t []byte, from, to int) bool {
	for j := from; j < to; j++ {
		k := bytes.IndexByte(t[j:to], '=')
		if k < 0 {
			return false
		}
		j += k
		if escUnit(t, j, '=') {
			_, hi, _, blob := escRun(t, j)
			if blob {
				return true
			}
			j = max(j, hi-1)
		}
	}
	return false
}

// uuencode (uuBlob): "begin 644 name", lines of a length character
// (0x21-0x60: 1 to 45 bytes) and the bytes four characters to three in
// 0x20-0x60, then a line of a backtick (no more bytes) and "end" (then neither a
// letter nor a digit). The
// rule is asked at the backtick: the lines before it, to a begin line,
// are the file; one line of it or more is a blob. The backtick stops the
// kernel as a backslash does (ccBackslash: 2,931 of corpus-200MB's 2.8
// million chunks hold one), and scan's block loop asks the rule at each
// backtick it reads. corpus-200MB has 11 rows with a backtick line then
// "end". uuencode writing a space instead of the backtick (the oldest
// ones) is not found.

// uuMinLines is the lines a uuencoded file without its begin line needs
// to be a blob: corpus-200MB's 11 rows with a backtick line then "end"
// are parts of files cut into rows (their begin lines in other rows);
// with a begin line, one line is enough.
const uuMinLines = 3

// uuLine reports whether l is a line of a uuencoded file (not the last,
// empty one): its length character, and as many characters after it as
// its bytes need (one more allowed: some writers add a checksum), all in
// 0x20-0x60. It returns its bytes.
func uuLine(l []byte) int {
	if len(l) < 2 || l[0] <= 0x20 || l[0] > 0x60 {
		return 0
	}
	n := int(l[0]-0x20) & 0x3F
	if w := 1 + (n+2)/3*4; n == 0 || len(l) != w && len(l) != w+1 {
		return 0
	}
	for _, c := range l {
		if c < 0x20 || c > 0x60 {
			return 0
		}
	}
	return n
}

// uuBegin reports whether l is a uuencode begin line: "begin", a mode of
// three or four octal digits, a name.
func uuBegin(l []byte) bool {
	if len(l) < len("begin 644 x") || string(l[:6]) != "begin " {
		return false
	}
	k := 6
	for k < len(l) && l[k] >= '0' && l[k] <= '7' {
		k++
	}
	return (k == 9 || k == 10) && k+1 < len(l) && l[k] == ' '
}

// uuFile returns the uuencoded file whose last line is the backtick at
// t[i]: where its begin line (or, without one, its first line) starts
// and its bytes, or -1.
func uuFile(t []byte, i int) (start, n int) {
	k := uuPastCR(t, i+1) // CRLF lines (recall13.go)
	if i == 0 || t[i-1] != '\n' || !bytes.HasPrefix(t[k:], []byte("\nend")) || k+4 < len(t) && alnum(t[k+4]) {
		return -1, 0
	}
	lines := 0
	end := i - 1 // the line feed ending the line above
	for end > 0 {
		ls := bytes.LastIndexByte(t[:end], '\n') + 1
		l := uuTrimCR(t[ls:end])
		if m := uuLine(l); m > 0 {
			n += m
			lines++
			end = ls - 1
			continue
		}
		if lines > 0 && uuBegin(l) {
			return ls, n
		}
		break
	}
	if lines >= uuMinLines {
		return end + 1, n // a part of a file cut into rows: no begin line
	}
	return -1, 0
}

// uuEvidence is the blob evidence of the uuencoded file of n bytes from
// t[start].
func uuEvidence(t []byte, start, n int) string {
	return "a uuencoded file of " + strconv.Itoa(n) + " bytes from byte " + strconv.Itoa(start) + ": " + quoteVisible(t[start:], 24)
}

// uuBlob reports whether a backtick of the block at t[i] (bt: eqByte)
// ends a uuencoded file.
func (s *scan) uuBlob(t []byte, i int, bt uint64) bool {
	for ; bt != 0; bt &= bt - 1 {
		if start, _ := uuFile(t, i+bits.TrailingZeros64(bt)/8); start >= 0 {
			return true
		}
	}
	return false
}

// uuCheck records the uuencoded file the backtick at t[i], which the
// full check reads, ends.
func (f *full) uuCheck(i int) {
	if f.found[iBlob] == "" {
		if start, n := uuFile(f.t, i); start >= 0 {
			f.found[iBlob] = uuEvidence(f.t, start, n)
		}
	}
}

// Ascii85 (a85Run): four bytes as five characters of ! to u, z for four
// zero bytes, no white space: a run of those characters, a85Min or more,
// with upper- and lower-case letters, digits, and a fifth or more of
// other characters (a tenth of them are symbols: random bytes give a
// third). Backslashes and backticks are in its alphabet and stop the
// kernel (ccBackslash), and scan's block loop asks the rule at each it
// reads (as it asks xDump at a backslash): so the rule is a run holding
// a backslash or a backtick. A run of random bytes holds one with a
// chance of 1-(83/85)^n: 0.91 at 100 characters, 0.99 at 200. corpus-200MB
// has no run of 100 or more holding one (21 rows with 64-99: Big5
// quoted-printable, ISO-2022-JP text without its escapes); neither
// planter's control has one of 40.
const a85Min = 100

// a85Byte reports whether c is of Ascii85's alphabet.
func a85Byte(c byte) bool {
	return c >= '!' && c <= 'u' || c == 'z'
}

// a85Run returns the run of Ascii85 characters through t[j] (a
// backslash or backtick): where it starts and ends, and whether it is a
// blob.
func a85Run(t []byte, j int) (lo, hi int, blob bool) {
	lo, hi = j, j+1
	for lo > 0 && a85Byte(t[lo-1]) {
		lo--
	}
	for hi < len(t) && a85Byte(t[hi]) {
		hi++
	}
	if hi-lo < a85Min {
		if wlo, whi, blob := a85Wrapped(t, j, lo, hi); blob { // recall7.go
			return wlo, whi, true
		}
		return lo, hi, false
	}
	var cl uint8
	sym := 0
	for _, c := range t[lo:hi] {
		if k := caseCl[c]; k != 0 {
			cl |= k
		} else {
			sym++
		}
	}
	return lo, hi, cl == clUpper|clLower|clDigit && 5*sym >= hi-lo
}

// a85Evidence is the blob evidence of the Ascii85 run t[lo:hi].
func a85Evidence(t []byte, lo, hi int) string {
	return strconv.Itoa(a85Chars(t[lo:hi])) + " Ascii85 characters from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// a85Blob reports whether an Ascii85 run that is a blob runs through a
// backslash or backtick of the block at t[i] (bs: their high bits). A
// run that is not a blob is read once (a85Done).
func (s *scan) a85Blob(t []byte, i int, bs uint64) bool {
	for ; bs != 0; bs &= bs - 1 {
		if j := i + bits.TrailingZeros64(bs)/8; j >= s.a85Done {
			_, hi, blob := a85Run(t, j)
			if blob {
				return true
			}
			s.a85Done = hi
		}
	}
	return false
}

// a85Check records the Ascii85 run through t[i], a backslash or backtick
// the full check reads, when it is a blob (a85Done: runs read).
func (f *full) a85Check(i int) {
	if f.found[iBlob] == "" && i >= f.a85Done {
		lo, hi, blob := a85Run(f.t, i)
		if f.a85Done = hi; blob {
			f.found[iBlob] = a85Evidence(f.t, lo, hi)
		}
	}
}
