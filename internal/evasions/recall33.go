package evasions

import "math/bits"

// Session 31 (b64w): benchmarks/evplant14.py, a blind planter, wraps
// the forms session 29-30's rules take on one line (b64groups.go,
// sephex.go) as mail does, and writes some of its mails with CR LF.
//
// Groups of four wrapped (groupSep): evplant14's b64_groups_of_4 joins
// base64's groups of four with spaces and, half the time, wraps the
// line at 80 columns, 16 groups a line, so each line ends with a space
// and a line feed ("...LiBN YWtl \nIG1v ..."): groupedRun took one
// space or one line feed after a group, and a run ended at the first
// line's end (79 bytes, under groupSpanMin). 12 and 22 of 30 on seeds
// 1 and 2 (the runs on one line). A group may now end with a space, a
// line feed, CR LF, or a space before either. The kernel's stop is
// not changed: it takes the spaces every 5 bytes exactly, so the
// chunks holding a line's end do not stop it, but the chunks inside a
// line do (a line of 80 holds a chunk at 17 of its 81 offsets; the
// chunk starts step back 17 a chunk modulo 81, so one of any 5 chunks
// in a row lies inside a line: a run of 320 bytes or more stops it).
//
// Quoted lines with CR LF (quotedLineEnd): quotedRun took a line feed
// alone after each quoted line, so a quoted run in a CR LF mail
// (evplant14's b64_quoted_reply: 4 of its misses on seeds 1 and 2, all
// CR LF) ended at its first line. A quoted line may now end with CR LF.
//
// Separated hex wrapped (sepNext): evplant14's hex_text writes hex
// bytes joined by colons and, half the time, wraps them at 48 columns
// (16 bytes a line, each line ending with its colon: "...:20:6d:\n6f:
// 72:..."); sepDump took the separator alone between two units, and a
// dump ended at its line's end (16 units, under sepDumpMin). The
// separator may now have a line feed or CR LF after it, the next unit
// right after that (no indentation: openssl's modulus and fingerprint
// lines are indented, and certificate dumps are left as they were).
//
// Where they are found: the runs are read as before (groupB64 over
// groupHints' stretches, sepDump where scan stops), so the stops had to
// reach the wrapped forms. A chunk of groups holding line ends after
// spaces does not pass the kernel's grouped test, so a run under some
// 320 bytes (two or three lines of 80) often had no chunk stopping it:
// the kernel now also stops (chunkGroup) at a chunk whose separators,
// the line feeds' bits dropped (PEXT), fall every 5 or 9 bytes
// (grpwrap in chunks_amd64.s; refGroupChunk). groupRunByte takes CR
// (a hint's stretch is read back over a CR LF run). The kernel stops at
// every CR, so in a CR LF mail a dump wrapped under 64 bytes a line is
// asked for at the CR's block (crSepBlob). Left: groups wrapped with
// CR LF at under 64 bytes a line (every chunk holds a CR, and CR is no
// byte of the kernel's grouped chunks); the reference finds them.
//
// Measured (da built the README way, against da-base31): evplant14
// b64_groups_of_4 12 -> 28 and 22 -> 30 of 30 (seeds 1, 2; the two
// left have an attachment's blob found first), hex_text 28 -> 30 and
// 23 -> 30, b64_quoted_reply 28 -> 30 and 26 -> 29 (the one left has an
// attachment's blob first); evplant12 eb_b64_quoted_reply 27 -> 29 and
// 28 -> 29 (CR LF mails); every other variant and control row of every
// planter the same; corpus-200MB-s1 --checks evasions and the
// SpamAssassin mail (12,092 files as rows) the same findings.
//
// Cost: grpwrap runs for a chunk that came to grpchunk (bit 0x40 alone,
// a digit, + or /), is neither quoted nor grouped, and holds a space and
// a line feed (two instructions, ANDN and POPCNT, send the others back).
// BenchmarkCheckTextHot's megabyte (727 texts), chunks from each text's
// start, blobs found or not (BenchmarkWrapChunks): 1,402 come to grpchunk, 1,204 of them with
// a line feed (base64 bodies' lines, no space), 35 with a space too;
// none stops at grpwrap (no new hint: groupB64 reads nothing more).
// crSepBlob is a byte test a CR of the blocks scan reads; groupSep,
// quotedLineEnd and sepNext/sepPrev run inside runs read before. pprof
// of the evasions test binary (Hot and AddCorpus/lazy, 6.3 s of
// samples in two runs, at load 20-30): one 10 ms sample on grpwrap's
// lines (before the ANDN exit), none in the Go functions here. Test
// binaries alternated against main e29d378's under the CPU lock (order
// flipped each round, thread CPU, load 1-32): four sets of 10 rounds
// (the last two with the ANDN exit), Hot 932 -> 1001 us (p=0.32), 781
// -> 817 us (p=0.68), 838 -> 813 us (p=0.32) and 704 -> 766 us
// (p=0.74), the pairs' median ratios 1.05, 0.96, 0.94 and 1.07;
// AddCorpus/lazy 31.1 -> 31.8 ms (p=0.74), 26.4 -> 25.4 ms (p=0.91),
// 26.1 -> 27.1 ms (p=0.80) and 23.8 -> 22.9 ms (p=0.39), 1.03, 0.98,
// 0.99 and 0.96; the last three sets pooled (30 rounds) Hot 827 -> 798
// us (p=0.69, 0.97), AddCorpus/lazy 25.5 -> 25.7 ms (p=0.67, 0.98):
// within the noise (+-10-30% a set), not resolved to the 0.5% the work
// above bounds it by.
//
// Left (evplant14's encoded_blob misses after this, seeds 1;2: 3;7):
// runs after an attachment's blob (b64_groups_of_4 2, b64_quoted_reply
// 1, b64_one_long_line 1, b64_folded_header 1: groupB64 and the kernel's
// grouped stop give way to any blob found, and the kernel's url table is
// zeros once one is, so following them needs the kernel to go on
// testing groups after an attachment); runs under blobB64Min (a base64
// line of 99 characters, a JSON field of 88, base32 of 95: no stop, see
// recall27.go's b64_short); two folded headers spanning 115-116 bytes,
// under groupSpanMin (no whole chunk of them is sure to stop the
// kernel).

// groupSep returns the length of the separator after a group of
// base64 at t[i]: a space, a line feed or CR LF, or a space before a
// line feed or CR LF; 0 if there is none.
func groupSep(t []byte, i int) int {
	if i >= len(t) {
		return 0
	}
	n := 0
	if t[i] == ' ' {
		n = 1
	}
	if e := quotedLineEnd(t, i+n); e > 0 {
		return n + e
	}
	return n
}

// quotedLineEnd returns the length of the line end at t[i]: 1 for a
// line feed, 2 for CR LF, 0 for neither.
func quotedLineEnd(t []byte, i int) int {
	switch {
	case i < len(t) && t[i] == '\n':
		return 1
	case i+1 < len(t) && t[i] == '\r' && t[i+1] == '\n':
		return 2
	}
	return 0
}

// sepNext returns where the unit after the separator sep at t[i] starts:
// right after it, or after a line feed or CR LF right after it.
func sepNext(t []byte, i int, sep []byte) int {
	return i + len(sep) + quotedLineEnd(t, i+len(sep))
}

// sepPrev returns where the separator sep before the unit at t[u] starts
// (its line end between, as sepNext), and whether there is one.
func sepPrev(t []byte, u int, sep []byte) (int, bool) {
	switch {
	case u >= 1 && t[u-1] == '\n':
		u--
		if u >= 1 && t[u-1] == '\r' {
			u--
		}
	}
	if u < len(sep) || string(t[u-len(sep):u]) != string(sep) {
		return 0, false
	}
	return u - len(sep), true
}

// crSepBlob reports whether a separated hex dump that is a blob runs
// through a separator right before a CR of the block at t[i] (cr: the
// high bits of its CR bytes). The kernel stops at every CR (bareCR),
// so in a CR LF mail wrapped at under 64 bytes a line it never reaches
// a chunk of the dump alone (chunkSepHex), and scan's block loop asks
// here, at the CR's block (a byte test a CR; a dump that is no blob is
// read once: sepDone).
func (s *scan) crSepBlob(t []byte, i int, cr uint64) bool {
	for ; cr != 0; cr &= cr - 1 {
		p := i + bits.TrailingZeros64(cr)>>3
		if p >= 3 && (t[p-1] == ':' || t[p-1] == '-' || t[p-1] == ',') && s.sepBlob(t, p-1, 1) {
			return true
		}
	}
	return false
}

// JavaScript escapes of both kinds in one string (uMixRun): evplant14's
// js_unicode_escapes writes each byte of a phrase as \u00XX or \xXX at
// random ("\u0043\u006f\u006e\x67\x72\x61..."). A run of one kind of
// escapes of letters or digits (uRun, recall6.go, before; xAlnumRun,
// recall13.go) reached escAlnumMin in all but 1 of 30 (seed 1: runs of
// 3 at most, the spaces between words \x20). A run of \u00XX and \xXX
// escapes of ASCII letters and digits, the two kinds mixed, one right
// after another, now counts as one, escAlnumMin in a row as before. It
// is asked where uRun was (uEscEvasion and uEscEvidence, at a \u escape
// of a letter or digit), so a run of \x escapes alone is judged as
// before; read back and forth from any of its escapes it is the same
// run (a \u escape and an \x escape cannot end at the same byte: the
// one's backslash would be the other's hex digit). js_unicode_escapes
// 29 -> 30 of 30 on seed 1; every other row of every planter, corpus-
// 200MB-s1 and the SpamAssassin mail the same.

// xAlnum reports whether t[i:] starts with an escape \xXX of an ASCII
// letter or digit.
func xAlnum(t []byte, i int) bool {
	if !xEscAt(t, i) {
		return false
	}
	c := hexVal(t[i+2])<<4 | hexVal(t[i+3])
	return c >= '0' && c <= '9' || asciiLetterByte(c)
}

// uMixRun returns the run of \u00XX and \xXX escapes of ASCII letters and
// digits, one right after another, through the \u escape at t[i]: where
// it starts, its escapes, and " and \x" when it holds an \x escape.
func uMixRun(t []byte, i int) (lo, n int, mixed string) {
	lo = i
	for {
		if uAlnum(t, lo-6) {
			lo -= 6
		} else if xAlnum(t, lo-4) {
			lo -= 4
			mixed = ` and \x`
		} else {
			break
		}
	}
	for j := lo; ; n++ {
		if uAlnum(t, j) {
			j += 6
		} else if xAlnum(t, j) {
			j += 4
			mixed = ` and \x`
		} else {
			break
		}
	}
	return lo, n, mixed
}

// Base32 after a line ending in a base32 character (b32Glued):
// evplant14's base32 (seed 2, r01204) put its lines after "Subject: Re:
// [ILUG] Optimizing for Pentium Pt.2", so the run of the base64
// alphabet started at that line's "2", and with it the base32 before
// the padding was one character too many to fill the last group of
// eight ("...ORUW4===" then "References:", base32LenOf). Where the
// padding fills the last group without the first line's characters,
// the base32 starts on the second line. The same for lower-case base32
// (base32LenOf 'a', recall11.go) after a line ending in a word of a-z
// ('"democratize" content' then the base32: evplant7's base32_lower).
// Measured (da built the README way against da-base31): evplant14
// base32 28 -> 29 of 30 on seed 2 (the one left is 95 characters, under
// blobB64Min), evplant7 base32_lower 29 -> 30 and 28 -> 29 (seeds 1,
// 2); every other variant and control row of every planter, corpus-
// 200MB-s1 --checks evasions and the SpamAssassin mail the same.

// b32Glued reports whether n base32 characters and pad padding, less
// the firstN (>= 0) of the run's first line, fill whole groups of eight
// and are blobB64Min or more.
func b32Glued(n, pad, firstN int) bool {
	return firstN > 0 && pad > 0 && (n-firstN+pad)%8 == 0 && n-firstN >= blobB64Min
}
