package evasions

import (
	"math/bits"
	"strconv"
)

// Base64url (RFC 4648 section 5: - and _ for + and /, padding dropped):
// redirect links carry a payload so (http://host/r?d=PGh0bWw-PGJvZHk...),
// and evplant4 plants 267 characters in a URL (b64_urlsafe_in_url
// 0.542/0.708 on seeds 1 and 2, its only variant under 1 but probes),
// evplant3 base64url of 32-1,024 bytes (b64url 0.69/0.82). A - or _
// every 32 characters on average breaks scan's base64 chain and the full
// check's base64 run, so a payload is found only where a piece between
// two of them reaches blobB64Min.
//
// The rule (b64urlRun): a run of letters, digits, - and _ (no line
// break) of b64urlMin characters or more, with upper, lower and digits,
// a - or _, at most one in eight of them - or _, and never four of them
// in a row (separator lines, slugs of words). b64urlMin is 127 so that
// the run holds a whole 64-byte chunk wherever the kernel's chunks
// start.
//
// Session 18 built a variant (100+, - and _ continuing scan's base64
// chain in the kernel's class table, the full check asking at each - and
// _) and reverted it: Hot +8 points, Corpus/fast +3 (hyphenated text
// and dates fill the chain). This one leaves the chain alone and needs a
// stop of its own: the kernel must stop at a chunk whose 64 bytes are
// all letters, digits, - and _ (while no blob is found), and scan's
// block loop measure the run through it (session 19: chunks.go, where
// the stop and its cost are). TestB64URL holds the rule to the reference
// on both paths; on the eight-byte path (no kernel) scan measures the
// run after urlChain blocks of those bytes alone (urlBlob).
//
// Measured with it and data URIs on and the kernel off (JSONL, session
// 19): evplant4 encoded_blob 0.903/0.914 -> 0.933/0.933
// (b64_urlsafe_in_url 1.0; 1.000 without probes), evplant3 0.910/0.930
// -> 0.920/0.937 (data URIs' 0.900/0.913 -> 0.910/0.930 before);
// corpus-200MB --checks evasions, evplant.py's, evplant3's and
// evplant4's findings otherwise and their controls byte-identical. Cost
// with both on and the kernel as it is (no stop: the Go side alone),
// against both off, 4 runs alternated at load 6-7:
// BenchmarkCheckTextHot +5%, Corpus/fast +8% (scan's block loop asks
// urlBlob only after urlChain blocks of the alphabet in a row; the full
// check carries the run through its base64 blocks without a call, and
// not at all once a blob is found: first built without those, +60% and
// +31%). With both off, within the noise (8 runs at load 12: Corpus/fast
// 16.21 against 16.20 ms CPU, p=0.96; Hot 403.6 against 419.5 us,
// p=0.28).
//
// The kernel stops at a chunk of 64 bytes all letters, digits, - or _
// while no blob is found (chunkURL; no class bit is free: a table of its
// own), and scan calls urlBlob(t, i, 64) there. A run of b64urlMin holds
// a whole chunk wherever chunks start. Base64 bodies hold such chunks
// only before their blob is found (earlyB64 finds it within the first
// line or two); prose and HTML hardly ever (a word of 64 letters): 328
// stops on corpus-30MB. With both rules on and the stops, evplant3 and
// evplant4 score as measured above (JSONL, seeds 1 and 2), their
// controls, corpus-200MB --checks evasions and the verify set
// byte-identical.
const b64urlMin = 127

// urlChain is the blocks of eight of base64url's alphabet alone in a row
// after which scan's block loop measures the run: a run of b64urlMin
// holds that many wherever the blocks start.
const urlChain = (b64urlMin - 7) / 8

// b64urls turns the base64url rule on (see above; the tests turn it off
// and on).
var b64urls = true

// urlByte reports whether c is of base64url's alphabet.
func urlByte(c byte) bool {
	return c < 0x80 && (asciiEv[c]&acB64 != 0 && c != '+' && c != '/' && c != '=' || c == '-' || c == '_')
}

// b64urlRun returns the run of base64url's alphabet through t[j]: where
// it starts and ends, its - and _, and whether it is a blob. A run
// followed by + / or = is not (a base64 run going on past it, which the
// full check may record before the url run ends: earlyB64).
func b64urlRun(t []byte, j int) (lo, hi, n int, blob bool) {
	lo, hi = j, j
	for lo > 0 && urlByte(t[lo-1]) {
		lo--
	}
	for hi < len(t) && urlByte(t[hi]) {
		hi++
	}
	if hi-lo < b64urlMin || hi < len(t) && (t[hi] == '+' || t[hi] == '/' || t[hi] == '=') {
		return lo, hi, 0, false
	}
	var cl uint8
	inRow, maxRow := 0, 0
	for _, c := range t[lo:hi] {
		if c == '-' || c == '_' {
			n++
			inRow++
			maxRow = max(maxRow, inRow)
			continue
		}
		inRow = 0
		cl |= caseCl[c]
	}
	return lo, hi, n, cl == clUpper|clLower|clDigit && n > 0 && 8*n <= hi-lo && maxRow < 4 && !queryToken(t, lo, hi) // recall42.go
}

// b64urlEvidence is the blob evidence of the base64url run t[lo:hi].
func b64urlEvidence(t []byte, lo, hi int) string {
	return strconv.Itoa(hi-lo) + " base64url characters from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// urlBlob reports whether a base64url run that is a blob runs through
// the m bytes at t[i], a block of its alphabet alone. A run that is not
// a blob is read once (urlDone); one that is, once too (urlHi: the full
// check, which records it at its end, reads it in windows between its -
// and _, and scan gives up again at each).
func (s *scan) urlBlob(t []byte, i, m int) bool {
	if i < s.urlHi {
		return true
	}
	for j := max(i, s.urlDone); j < min(i+m, len(t)); j++ {
		if urlByte(t[j]) {
			_, hi, _, blob := b64urlRun(t, j)
			if blob {
				s.urlHi = hi
				return true
			}
			s.urlDone = max(hi, j+1)
			j = s.urlDone - 1
		}
	}
	return false
}

// endURL ends the run of base64url's alphabet, if any, before byte i
// (the full check records it at its end, as refCheckText does): a run
// of b64urlMin or more, or one the window started inside (after a - or
// _: a reset point), is measured whole.
func (f *full) endURL(i int) {
	if f.urlLen > 0 && f.found[iBlob] == "" && (f.urlLen >= b64urlMin || f.urlStart == f.from && f.from > 0 && urlByte(f.t[f.from-1])) {
		if lo, hi, _, blob := b64urlRun(f.t, i-1); blob {
			f.found[iBlob] = b64urlEvidence(f.t, lo, hi)
		}
	}
	f.urlLen = 0
}

// urlStep carries the run of base64url's alphabet over the ASCII byte c
// at t[i]. It is not inlined; written out in full.ascii (session 19),
// with urlByte from the byte's class, it measured within the noise
// (BenchmarkCheckTextHot -1.9%, Corpus/fast +0.4%, 8 runs alternated)
// and was not kept.
func (f *full) urlStep(i int, c byte) {
	if urlByte(c) {
		if f.urlLen == 0 {
			f.urlStart = i
		}
		f.urlLen++
	} else if f.urlLen >= b64urlMin || f.urlLen > 0 && f.urlStart == f.from {
		f.endURL(i)
	} else {
		f.urlLen = 0
	}
}

// urlBlock carries the run of base64url's alphabet over the eight bytes
// at t[i] that the full check reads as a block (letters, digits, + /
// =; u: the letters and digits). A + / or = ends the run, never as a
// blob (b64urlRun): the run is the block's trailing letters and digits.
func (f *full) urlBlock(i int, u uint64) {
	if u == highs {
		if f.urlLen == 0 {
			f.urlStart = i
		}
		f.urlLen += 8
		return
	}
	trail := bits.LeadingZeros64(^u&highs) / 8
	f.urlStart, f.urlLen = i+8-trail, trail
}
