package evasions

// punyIndexAVX512 is the offset of the first xn-- of t, letters in
// either case, or of a candidate punyIndex tests (recall40_amd64.s), or
// -1.
//
//go:noescape
func punyIndexAVX512(t []byte) int

// punyIndex is the offset of the first candidate for an xn-- in t, or
// -1: every xn-- (any case) is at or after it. punyLinks tests it.
func punyIndex(t []byte) int {
	if useChunks {
		return punyIndexAVX512(t)
	}
	return indexFold(t, "xn--")
}
