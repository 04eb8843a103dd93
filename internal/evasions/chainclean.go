package evasions

import (
	"encoding/binary"
	"math/bits"
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
				return (end - i - 8) / 8, !blob
			}
		}
	}
	return (hi - i - 8) / 8, true
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
