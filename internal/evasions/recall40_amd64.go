package evasions

// stops40AVX512 is stops40 on this CPU (recall40_amd64.s has the
// contract). odd is z85OddTab.
//
//go:noescape
func stops40AVX512(t []byte, odd *[64]byte) (win int, cands uint64, halves int)

// stops40 returns the first window of 64 bytes from t[0] (they start
// stops40Step apart) with a place looks40 looks at, or -1: cands has a
// bit for each byte where an xn-- or &nu; may start (any case; the
// kernel takes a CR for a -, an ACK for an &, an ESC for a ;), halves
// bit 0 and 1 for its 32-byte halves without white space or controls
// and with two of z85Odd's bytes or more.
func stops40(t []byte) (win int, cands uint64, halves int) {
	if useChunks {
		return stops40AVX512(t, &z85OddTab)
	}
	return stops40Go(t)
}
