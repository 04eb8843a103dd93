package evasions

import (
	"bytes"
	"encoding/binary"
	"strconv"
)

// Hex separated by colons, dashes, commas or 0x (session 17): a dump of
// bytes written "de:ad:be:ef", "de-ad-be-ef", "0xde, 0xad, 0xbe" or "0xde
// 0xad 0xbe", as C arrays, openssl and hexdump tools print them. Session
// 16's independent planter (benchmarks/evplant.py) planted 143 of them
// and none was found. A separated dump is units of exactly two hex digits,
// each with a 0x prefix or none (the same throughout), joined by one
// separator (the same throughout): ":", "-", ",", ", ", or a space when the
// units have their 0x (without it, hex bytes between spaces are hexDump's).
// It is a blob from sepDumpMin units, with both digits and letters.
//
// Scan finds them where no chain of hex blocks (chainHex) does. With the
// AVX-512 kernel (chunks.go), the kernel stops at a 64-byte chunk of hex
// digits, white space and : - , x that holds a hex digit, and says so
// (chunkSepHex); scan then asks sepDump at the separators of that chunk
// and gives up only for a blob (sepBlob), as it does for \x dumps. A
// dump of sepDumpMin units fills 16 blocks or more, so whatever chunk
// the kernel starts from, one of them lies inside it. Without the
// kernel, scan's block loop looks at 64 bytes from every eighth block
// (sepChunk): in prose the first eight bytes end the look. A run of dates, times or
// numbers never reaches the full check for this rule. Session 16 widened
// the hex chain (chainHex, 3 blocks) to : - , x instead: dates and times
// filled it and went to the full check (BenchmarkCheckTextHot +10.1%).
//
// Measured in session 17 (BenchmarkCheckTextHot and
// BenchmarkCheckTextCorpus/fast, CPU, alternated, load 6-11): a first
// version carried the chain in scan's block loop on the kernel's path too
// (the kernel bounded by it, scan reading it back after each call): +4.4%
// and +3.4% (p=0.007, 0.003, 8 runs), of which the Go chain +2.9% and
// the kernel +0.8%. Kept: the kernel's stop and its flag: +2.1% and
// +0.4% (p=0.13, 0.88, 8 runs), -1.1% and +1.3% (p=0.28, 0.38) in a
// second set. Without the kernel (useChunks off, CPUs without AVX-512
// VBMI; 6 runs alternated against main): the chain in every block (a
// call, sepChain) cost Hot +28% and Corpus +24%; inlined, with a test of
// the letters past f first, +16% and +11%; sepChunk every 64 bytes
// behind a test of the first eight bytes for letters past f, kept: +9%
// and +14% (p=0.002), of which about 5% stays with the look taken out
// (+4.9%, p=0.056, 5 runs): not found by the session's end.

// sepDumpMin is the fewest units of a separated hex dump that make a
// blob: over a SHA-256 fingerprint (32 bytes, "AB:CD:..." in certificate
// notices), a MAC address (6) or an IPv6 address; evplant's shortest
// planted dumps are 48 bytes.
const sepDumpMin = 48

// A dump of sepDumpMin units is at least 143 bytes (one-byte
// separators): (143-14)/8 = 16 whole blocks, so one of the chunks of 64
// bytes the kernel or sepChunk looks at lies inside it wherever they
// start (15 blocks would do).
const _ = uint((3*sepDumpMin-1-14)/8 - 15)

// sepAt reports whether t[i] is a separator after a unit of a separated
// hex dump: two hex digits before it, and :, - or , (or a space after
// 0xHH).
func sepAt(t []byte, i int) bool {
	switch t[i] {
	case ':', '-', ',':
	case ' ':
		if !sepPrefixed(t, i-2) {
			return false
		}
	default:
		return false
	}
	return i >= 2 && hexByte(t[i-1]) && hexByte(t[i-2])
}

// sepPrefixed reports whether the two hex digits at t[u] follow 0x.
func sepPrefixed(t []byte, u int) bool {
	return u >= 2 && t[u-2] == '0' && t[u-1]|0x20 == 'x'
}

// sepUnit reports whether a unit of a separated dump (two hex digits,
// after 0x when pre) starts at t[u]: neither a letter nor a digit just
// before it or just after it. It returns the unit's hex class (hxDigit,
// hxLetter).
func sepUnit(t []byte, u int, pre bool) (uint8, bool) {
	n := 2
	if pre {
		if u+4 > len(t) || t[u] != '0' || t[u+1]|0x20 != 'x' {
			return 0, false
		}
		u += 2
	}
	if u+n > len(t) || !hexByte(t[u]) || !hexByte(t[u+1]) || u+n < len(t) && alnum(t[u+n]) {
		return 0, false
	}
	if start := u - 2*b2i(pre); start > 0 && alnum(t[start-1]) {
		return 0, false
	}
	return 1<<(asciiEv[t[u]]&acLetter>>4) | 1<<(asciiEv[t[u+1]]&acLetter>>4), true
}

// alnum reports whether c is an ASCII letter or digit.
func alnum(c byte) bool {
	return c < 0x80 && asciiEv[c]&acWord != 0
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sepDump returns the separated hex dump through the separator t[i]
// (sepAt): where it starts and ends, its units, and whether it is a blob.
// The dump is the same from any of its separators, so a window of the
// full check starting inside it finds the same one (its evidence too).
func sepDump(t []byte, i int) (lo, hi, n int, blob bool) {
	pre := sepPrefixed(t, i-2)
	u := i - 2 - 2*b2i(pre)
	cl, ok := sepUnit(t, u, pre)
	if !ok {
		return i, i + 1, 0, false
	}
	sep := t[i : i+1]
	if t[i] == ',' && i+1 < len(t) && t[i+1] == ' ' {
		sep = t[i : i+2]
	}
	ul := 2 + 2*b2i(pre)
	lo, hi, n = u, u+ul, 1
	for hi+len(sep)+ul <= len(t) && bytes.Equal(t[hi:hi+len(sep)], sep) {
		u := sepNext(t, hi, sep) // a line break after the separator (recall33.go)
		c, ok := sepUnit(t, u, pre)
		if !ok {
			break
		}
		cl |= c
		hi = u + ul
		n++
	}
	for {
		s, ok := sepPrev(t, lo, sep) // recall33.go
		if !ok || s-ul < 0 {
			break
		}
		c, ok := sepUnit(t, s-ul, pre)
		if !ok {
			break
		}
		cl |= c
		lo = s - ul
		n++
	}
	return lo, hi, n, n >= sepDumpMin && cl == hxDigit|hxLetter
}

// sepDumpEvidence is the blob evidence of the separated dump t[lo:hi] of
// n units.
func sepDumpEvidence(t []byte, lo, hi, n int) string {
	return strconv.Itoa(n) + " bytes of hex with separators from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// sepWord has the high bit of each byte of w, eight ASCII bytes, set
// where it may be in a separated hex dump: a hex digit (hx), white space
// (space), : - , or x.
func sepWord(w, lw, hx, space uint64) uint64 {
	return hx | space | eqByte(w, ':') | eqByte(w|ones, '-') | eqByte(lw, 'x') | eqByte(w, '=') | eqByte(w, '%') | eqByte(w, 'u') // , is - but for bit 0; = and % (runs of escapes, blobs.go); u (%u escapes, recall13.go)
}

// sepChunk reports whether the 64 bytes at t[i] are all ASCII hex
// digits, white space or : - , x, with a hex digit: where the kernel
// stops for a separated hex dump (chunkSepHex), for scan without it.
func sepChunk(t []byte, i int) bool {
	if i+64 > len(t) {
		return false
	}
	anyHex := uint64(0)
	for j := i; j < i+64; j += 8 {
		w := binary.LittleEndian.Uint64(t[j:])
		if w&highs != 0 {
			return false
		}
		lw := w | 0x20*ones
		hx := inRange(w, '0', '9') | inRange(lw, 'a', 'f')
		space := eqByte(w, ' ') | eqByte(w, '\t') | eqByte(w, '\n') | eqByte(w, '\r')
		if sepWord(w, lw, hx, space) != highs {
			return false
		}
		anyHex |= hx
	}
	return anyHex != 0
}

// sepBlob reports whether a separated dump that is a blob runs through a
// separator of the m bytes at t[i]. A dump that is not a blob is read
// once (sepDone).
func (s *scan) sepBlob(t []byte, i, m int) bool {
	return runBlobThrough(t, i, m, &s.sepDone, sepOrCodeAt, func(t []byte, j int) (lo, hi, n int, blob bool) {
		lo, hi, n, blob, _ = sepOrCode(t, j) // and lists of character codes (recall11.go)
		return lo, hi, n, blob
	})
}

// runBlobThrough reports whether a run that is a blob (run, found from a
// byte where at holds) runs through the m bytes at t[i]: the scan's look
// at separated dumps (sepBlob) and at runs of escapes (escBlob, blobs.go)
// where the kernel stopped. A run that is not a blob is read once: *done
// is where reading may start again.
func runBlobThrough(t []byte, i, m int, done *int, at func([]byte, int) bool, run func([]byte, int) (lo, hi, n int, blob bool)) bool {
	for j := max(i, *done); j < min(i+m, len(t)); j++ {
		if at(t, j) {
			_, hi, _, blob := run(t, j)
			if blob {
				return true
			}
			*done = max(hi, j+1)
			j = *done - 1
		}
	}
	return false
}
