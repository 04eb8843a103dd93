package evasions

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Blob chains proved clean (session 27). Scan's blob chains (chainB64,
// chainHex: blocks of the base64 alphabet, of hex digits and white space,
// in a row) stand for the blobs the full check follows a byte at a time:
// where one reaches its length, scan gave up and the full check read the
// text from the reset point before. A base64 or base32 blob needs a run
// of blobB64Min characters of the base64 alphabet (line breaks between
// them allowed; full.endB64, earlyB64), a hex blob a run of blobHexMin
// hex digits or a dump of dumpLineMin digits in groups between white
// space (full.endHex, endDump), and each run lies in one stretch of the
// bytes that carry it: any other byte ends it. So where a chain reaches
// its length, scan reads that stretch (the bytes before the chain and
// after the block too) and goes on when no such run can be there; the
// blocks of the stretch past the block start the chain below its length
// (its count set to minus them), so that neither scan nor the kernel
// stops in the same stretch again. The full check's windows are asked
// nothing else of: every other category has a stop of its own. A new
// rule that finds something in such a stretch with fewer characters, or
// without digits or letters (a shorter base64 blob, base85 of letters
// and digits alone), must say so here too, or scan will not hand it the
// stretch: TestChainClean's texts are the place to pin it.
//
// Corpus-30MB (BenchmarkFullWindows, the windows by why scan gave up):
// hex chains 404 windows (38,846 bytes, 1.0-2.6 us each) to 3: PGP key
// fingerprints (10 groups of 4), MD5 sums and message ids (32 to 38
// digits in a row), columns of numbers, dates. Base64 chains that found
// nothing 152 to 73 (PGP signatures under blobB64Min characters, lines
// of / or + without a digit), 1,155 windows to 1,078 in all (a few texts
// whose hex window had found an attachment now give up at its base64
// chain). Corpus-200MB (fullWindows over the 200 MB JSONL): hex chains
// 2,738 windows to 14, base64 chains 7,811 to 7,350 (6,863 and 6,873
// found a blob).
//
// The CPU, with entNew (entities.go) and asciiRun's separator lines
// (all of session 27's fewer windows: 2,566 to 1,517 on corpus-30MB,
// 16,991 to 10,044 on corpus-200MB): BenchmarkAddCorpus/lazy 18.79 to
// 17.40 ms CPU (-7.4%, p=0.011, 10 runs alternated under the CPU lock
// at load 16), CheckTextHot 502.8 to 483.0 us (p=0.63). The default
// audit of the benchmark Parquet (perf cpu-clock, 1999 Hz, 14 runs
// alternated with main): the evasion check's samples 3,570 to 3,452
// (11.81% to 11.41% of the audit's), checkFull's with its callees 728
// to 594; these functions 52.
//
// Session 28, base64 blobs taken by scan (b64Take): of the 7,350
// base64-chain windows left on corpus-200MB, 6,873 found the blob, most
// in a row that is a body from its first byte (a mail cut into rows) or
// after "Content-Transfer-Encoding: base64": 2.6 us a window, half of it
// the byte and block paths over the body's first hundred characters,
// half earlyB64 (TestCensus). Scan now records such a blob itself, with
// earlyB64's read-ahead (b64RunAhead) and the same evidence, and goes on
// with the blob found: 924 base64-chain windows are left (625 short, 299
// bodies with a run of A or hex digits of dumpLineMin read to their end,
// which b64Take leaves to the full check). Findings identical: the verify
// set, every planter's scores, corpus-200MB --checks evasions.
//
// Then (evk4) b64Take reads each body it takes fewer times: with no = in
// the run, notBase64 (which would read the body again to its end for the
// counts b64Take has) is declaredArmour alone, and b64End, where a MIME
// header declares the body, reads on from the run's end that b64RunAhead
// found (b64EvidenceRun) rather than from the body's start.
// BenchmarkAddCorpus/lazy, pprof of 4 x 200 iterations each at load 8-9:
// b64Take 1.60 to 1.54 s of samples, its notBase64 0.13 to 0.02 s (plus
// declaredArmour 0.04 s), b64End 0.01 to 0; -count 10 alternated, CPU
// 18.96 against 19.35 ms (p=0.80, the noise). Three quarters of
// b64Take's time is b64Evidence (blobAfterAny, b64Fragment, b64Lead,
// b64What, declaredMIME): the next place to look.
//
// Session 29 (evk5): b64Take takes the bodies with a hex run of
// dumpLineMin too (runs of A, lines of hex digits), where dumpFree
// proves that no hex dump can end in the stretch (a hex run is never
// recorded inside the blob: inBlob), and asciiRun lets a letter's or a
// digit's run under runOtherMin in a base64 blob through, as checkRun
// does (without it scan, taking such a body, gave up again at each of
// its runs of A: session 25's retry). Corpus-200MB's full-check windows
// (TestCensus) 3,664 to 2,761: base64 chains 924 to 536 (bodies read
// to their end 299 to 1; 1.27 MB to 0.13 MB), the others 1,751 to
// 1,235 (runs of letters in a found blob 1,233 to 0). Each alone moves
// windows more than it removes them: b64Take alone moved the bodies'
// runs of A to the other windows (1,751 to 2,551), asciiRun alone let
// scan reach more chains in bodies (base64-chain windows 924 to 993).
// The CPU: checkTextLazy
// over corpus-30MB, within one process, the old and new paths
// alternated each pass (a switch, 58 passes each, load 10): -3.5%,
// -8.4%, -10.1%, -10.1% in four runs; each alone and both, four ways
// alternated (40 passes each, three runs): b64Take's bodies alone
// -7.5%, -6.3%, -4.2%, asciiRun's runs alone -4.3%, +1.8%, +0.3%, both
// -5.2%, -5.9%, -11.8%. BenchmarkAddCorpus/lazy, pprof of
// 4 x 200 iterations each alternated with main at load 11-17: checkFull
// 2.71 to 1.30 s of samples, b64Take 1.10 to 1.64 (the bodies' evidence
// moves there from checkFull's endB64), scanChunksAVX512 4.11 to 4.78
// (the kernel now reads the bodies), Add 16.45 to 16.18 s. The default audit of the
// benchmark Parquet (pprof, 14 runs each alternated): Checker.Add
// 17.54% to 16.91% of the samples (2.71 to 2.64 s), checkFull 3.04% to
// 1.02%, scan.run 12.4% to 13.6% (scanChunksAVX512 4.21% to 4.87%, more
// than the bytes it now reads would cost at its usual rate: over
// corpus-30MB its calls rose 58,130 to 58,979 and the bytes it took
// 26.48 to 26.64 MB, counted with a counter in scan.blocks, not kept;
// not explained); ab.sh (12 rounds, load 10-17) 1.053 against 1.111 s CPU,
// the host's noise (the spread of its wall times 1.4-4.8 s). -count 10
// benchmarks at that load (CheckTextHot 557 against 587 us, AddCorpus/
// lazy 20.7 against 20.7 ms, p=0.85 and 0.28, spreads of 40-50%) could
// not tell them apart.

// hexClean reports whether the stretch of ASCII hex digits and white
// space through the block t[i:i+8] (a block of scan's hex chain) holds
// no hex run or hex dump that the full check records, and returns the
// whole blocks of the stretch after the block (left). A hex run of
// blobHexMin digits with digits and letters is taken for a blob without
// endHex's inBlob and b64Line, which only ever spare one. A stretch
// with dumpLineMin hex digits, digits and letters both, is followed as
// the full check follows it (hexBlobFrom); the others cannot hold one.
func hexClean(t []byte, i int) (left int, clean bool) {
	lo := i
	for lo > 0 && hexRunByte(t[lo-1]) {
		lo--
	}
	n, cl := 0, uint8(0)
	hi := lo
	for ; hi < len(t) && hexRunByte(t[hi]); hi++ {
		if e := asciiEv[t[hi]]; e&acHex != 0 {
			n++
			if cl |= 1 << (e & acLetter >> 4); n >= dumpLineMin && cl == hxDigit|hxLetter {
				end, blob := hexBlobFrom(t, lo)
				return (end - i - 8) / 8, !blob && !binaryIn(t, lo, end)
			}
		}
	}
	return (hi - i - 8) / 8, !binaryIn(t, lo, hi) // 8-bit groups of binary digits (recall23.go)
}

// hexBlobFrom follows the hex runs and dumps of the stretch of ASCII hex
// digits and white space from t[lo] (its first byte) as full.ascii does,
// and reports whether the full check records one (as hexClean's doc
// says), and where the stretch ends (or where it knew). A run or dump
// is known for a blob once it has blobHexMin digits, digits and letters
// both: both only grow until it ends.
func hexBlobFrom(t []byte, lo int) (end int, blob bool) {
	var d hexDump
	run, cl := 0, uint8(0)
	for j := lo; ; j++ {
		e := uint8(0) // past the stretch: ends the run and the dump
		if j < len(t) && hexRunByte(t[j]) {
			e = asciiEv[t[j]]
		}
		if e&acHex != 0 {
			run++
			if cl |= 1 << (e & acLetter >> 4); run >= blobHexMin && cl == hxDigit|hxLetter {
				return j, true
			}
		} else {
			run, cl = 0, 0
		}
		if n, at := d.step(e, j); n > 0 && dumpBlob(t, n, at) || d.digits >= blobHexMin && d.runCl == hxDigit|hxLetter {
			return j, true
		}
		if e == 0 {
			return j, false
		}
	}
}

// hexRunByte reports whether the full check's hex run or dump may go on
// through c: an ASCII hex digit or white space.
func hexRunByte(c byte) bool {
	return c < 0x80 && asciiEv[c]&(acHex|acSpace) != 0
}

// b64Clean reports whether the stretch of the base64 alphabet (letters,
// digits, + / =) and line breaks through the block t[i:i+8] (a block of
// scan's base64 chain) holds fewer than blobB64Min of its characters or
// no digit, so that the full check records no base64 or base32 blob
// from it (each wants blobB64Min characters in a run, and digits), and
// returns the whole blocks of the stretch after the block (left). It
// reads on from the block, eight bytes at a time, then back to the
// stretch's start, and stops at blobB64Min characters with a digit:
// an attachment's body is read for a hundred characters, not to its end
// (read whole, every attachment's body once more, b64Clean took 1.2% of
// the default audit's samples; a byte at a time from the stretch's
// start, 0.13%).
func b64Clean(t []byte, i int) (left int, clean bool) {
	n, dig := 0, false
	hi := i
	for ; hi+8 <= len(t); hi += 8 {
		w := binary.LittleEndian.Uint64(t[hi:])
		if w&highs != 0 {
			break
		}
		digit := inRange(w, '0', '9')
		b64 := inRange(w|0x20*ones, 'a', 'z') | digit | eqByte(w, '+') | eqByte(w, '/') | eqByte(w, '=')
		if b64|eqByte(w, '\n')|eqByte(w, '\r') != highs {
			break
		}
		n += bits.OnesCount64(b64)
		if dig = dig || digit != 0; n >= blobB64Min && dig {
			return 0, false // may be a blob: the full check says
		}
	}
	for ; hi < len(t) && b64RunByte(t[hi]); hi++ {
		if b64Char(t[hi], &n, &dig) {
			return 0, false
		}
	}
	for lo := i; lo > 0 && b64RunByte(t[lo-1]); lo-- {
		if b64Char(t[lo-1], &n, &dig) {
			return 0, false
		}
	}
	return (hi - i - 8) / 8, true
}

// b64Char counts c, a byte of a base64 run, for b64Clean, and reports
// whether the run may now be a blob.
func b64Char(c byte, n *int, dig *bool) bool {
	if asciiEv[c]&acB64 != 0 {
		*n++
		*dig = *dig || caseCl[c] == clDigit
	}
	return *n >= blobB64Min && *dig
}

// b64RunByte reports whether the full check's base64 run goes on
// through c: a character of the alphabet or a line break.
func b64RunByte(c byte) bool {
	return c < 0x80 && (asciiEv[c]&acB64 != 0 || c == '\n' || c == '\r')
}

// b64Take records, for scan, the base64 blob that the full check's
// window would record where scan's base64 chain reaches chainB64 at the
// block t[i:i+8] and b64Clean cannot prove the stretch clean, and
// reports whether it did: scan then goes on with the blob found instead
// of giving up (session 28). It takes only a stretch of the base64
// alphabet and line breaks that starts at the window's start, or after
// spaces and tabs from there ("Content-Transfer-Encoding: base64" then
// the body: the window starts after the colon), the window's start
// being the run's start from or after an ASCII symbol, not - or _ (a
// reset point: the full check would start there, isReset), and that holds a base64 blob the
// full check records as its first blob: blobB64Min characters or more,
// with upper case, lower case and digits, not notBase64, no hex dump
// that can end in it (dumpFree, asked only where a hex run, hex digits
// and line breaks in a row, of dumpLineMin stops b64RunAhead: earlyB64
// then leaves the run to endB64 at its end; session 29), and no =
// escape (escUnit) in it. Then the full check reads the stretch finding
// nothing else (scan has read it: the chain is all it gave up at; no
// hex run (inBlob spares it) or dump, run of escapes, base64url run,
// separated dump or other blob can be in it) and earlyB64 or endB64
// records b64Evidence(t, n, start) for the whole run: that is what this
// records. Any other stretch (a part's header before it in the window,
// a run without digits, lines of hex groups) is the full check's, as
// before.
func (s *scan) b64Take(t []byte, i int) bool {
	if s.found == nil {
		return false
	}
	lo := i
	for lo > s.from && b64RunByte(t[lo-1]) {
		lo--
	}
	p := lo // the window's start: spaces and tabs before the stretch are read too
	for p > s.from && (t[p-1] == ' ' || t[p-1] == '\t') {
		if p-1 >= 3 && t[p-4]|0x20 == 'x' {
			return false // the full check asks sepDump there
		}
		p--
	}
	if p > s.from {
		if c := t[p-1]; c >= utf8.RuneSelf || asciiEv[c]&resetMask(false) != 0 || c == '-' || c == '_' {
			return false
		}
	}
	end, n, ok := b64RunAhead(t, lo, 0, 0)
	if !ok {
		// A hex run of dumpLineMin in the stretch (a run of A, a line of
		// hex digits): the full check reads the body to its end and
		// records the blob there (endB64) unless a hex dump ends first;
		// a hex run is not recorded inside the blob (inBlob).
		if end, n = b64RunEnd(t, lo); !dumpFree(t[lo:end]) {
			return false
		}
	}
	if n < blobB64Min {
		return false
	}
	start, cl := -1, uint8(0)
	for j := lo; j < end && cl != clUpper|clLower|clDigit; j++ {
		if c := t[j]; asciiEv[c]&acB64 != 0 {
			if start < 0 {
				start = j
			}
			cl |= caseCl[c]
		}
	}
	if cl != clUpper|clLower|clDigit {
		return false
	}
	eq := false
	for j := lo; j < end; j++ {
		k := bytes.IndexByte(t[j:end], '=')
		if k < 0 {
			break
		}
		if j += k; escUnit(t, j, '=') {
			return false
		}
		eq = true
	}
	// Without an = in the run, notBase64 would read it to its end for
	// the counts found above (n of blobB64Min or more, all three
	// classes) and ask declaredArmour alone; with one it splits the run
	// at each = and is asked.
	if eq && notBase64(t, start) || !eq && (declaredArmour(t[max(0, start-declaredWindow):start]) || queryTokenRun(t, start)) {
		return false
	}
	s.found[iBlob] = b64EvidenceRun(t, n, start, end, s.lazy)
	return true
}

// b64RunEnd returns where the stretch of the base64 alphabet and line
// breaks from t[j] ends, and its characters (line breaks not counted):
// b64RunAhead without its hex run.
func b64RunEnd(t []byte, j int) (end, n int) {
	for {
		next, m, _ := b64Blocks(t, j)
		if j, n = next, n+m; j == len(t) || !b64OrBreak(t[j]) {
			return j, n
		}
		if t[j] != '\n' && t[j] != '\r' {
			n++
		}
		j++
	}
}

// dumpFree reports whether the stretch r, of the base64 alphabet and
// line breaks, from the window's start or after spaces there (b64Take),
// can hold no hex dump that the full check records before the stretch
// ends. Such a dump has dumpLineMin hex digits or more (dumpBlob) in
// groups of 2 or 4 between white space, so 8 groups or more, starting
// in r (the byte before the window's spaces ends a dump); each group
// but its first and last lies between white space on both sides, and
// the only white space in r is line breaks: a whole line of 2 or 4
// characters. So r with fewer than 6 such lines holds none. Lines are
// cut at line feeds, with the carriage returns at their ends taken off;
// a carriage return elsewhere (inside a line, a line of CRs) answers
// false: the full check says.
func dumpFree(r []byte) bool {
	crs := bytes.Count(r, []byte{'\r'})
	short := 0
	for len(r) > 0 {
		line := r
		if k := bytes.IndexByte(r, '\n'); k >= 0 {
			line, r = r[:k], r[k+1:]
		} else {
			r = nil
		}
		for len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
			crs--
		}
		if len(line) == 2 || len(line) == 4 {
			if short++; short >= 6 {
				return false
			}
		}
	}
	return crs == 0
}
