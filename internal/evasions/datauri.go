package evasions

import "strconv"

// Data URIs (session 19, issue 20): base64 under blobB64Min is common in
// mail (message ids, tokens, wrapped lines of bodies, PGP lines), but
// after a data URI's ";base64," it is a file left encoded whatever its
// length. evplant3 plants images as <img src="data:image/png;base64,...">
// with payloads of 32 bytes and up; those of 44-99 characters were missed
// (b64_datauri 0.77/0.73 on seeds 1 and 2). A ";base64," (any case) then
// dataURIMin to blobB64Min-1 characters of letters, digits, + and /
// (line breaks allowed, = padding or anything else ending them) with
// upper, lower and digits is a blob; a longer one is base64's own rule
// (endB64), so no finding it makes changes. Measured: corpus-200MB has
// no ";base64," followed by 40 or more such characters outside a row
// already flagged, nor has any planter's control (evplant, evplant3,
// evplant4, seeds 1 and 2); evplant3 gains 3 and 5 planted rows.
//
// The kernel stops at a chunk holding a ; with a , seven bytes after it
// (";base64," is eight bytes; session 19, chunks.go), and scan's block
// loop asks uriBlob at the block with the ;: a plain chunk is taken
// whole, so without that stop a data URI in a text with nothing else to
// stop the kernel would never be seen. corpus-30MB has 88 such chunks
// in 421,347 (0.02%), and no ";base64,". TestDataURI holds the rule to
// the reference on both paths.
const dataURIMin = 40

// dataURIs turns the data URI rule on (see above; the tests turn it off
// and on).
var dataURIs = true

// dataURIRun returns the base64 payload of the data URI whose
// ";base64," starts at t[j] (a semicolon): where it starts, its
// characters, and whether it is a blob. lo is -1 when no ";base64,"
// starts at t[j].
func dataURIRun(t []byte, j int) (lo, n int, blob bool) {
	if j+1 >= len(t) || t[j+1]|0x20 != 'b' || !hasPrefixFold(t[j+1:], "base64,") {
		return -1, 0, false
	}
	lo = j + len(";base64,")
	var cl uint8
	for _, c := range t[lo:] {
		if c == '\n' || c == '\r' {
			continue
		}
		if c >= 0x80 || c == '=' || asciiEv[c]&acB64 == 0 {
			break
		}
		n++
		cl |= caseCl[c]
	}
	return lo, n, n >= dataURIMin && n < blobB64Min && cl == clUpper|clLower|clDigit
}

// dataURIEvidence is the blob evidence of a data URI's n base64
// characters from t[lo].
func dataURIEvidence(t []byte, lo, n int) string {
	return strconv.Itoa(n) + " base64 characters of a data URI from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// dataURIAt reports whether a data URI that is a blob starts at t[j].
func dataURIAt(t []byte, j int) bool {
	if t[j] != ';' {
		return false
	}
	_, _, blob := dataURIRun(t, j)
	return blob
}

// uriBlob reports whether a semicolon of the m bytes at t[i] heads a
// data URI that is a blob (scan gives up there: the full check records
// it).
func (s *scan) uriBlob(t []byte, i, m int) bool {
	for j := i; j < min(i+m, len(t)); j++ {
		if dataURIAt(t, j) {
			return true
		}
	}
	return false
}

// uriCheck records the data URI whose semicolon at t[i] the full check
// reads, when it is a blob.
func (f *full) uriCheck(i int) {
	if f.found[iBlob] == "" {
		if lo, n, blob := dataURIRun(f.t, i); blob {
			f.found[iBlob] = dataURIEvidence(f.t, lo, n)
		}
	}
}
