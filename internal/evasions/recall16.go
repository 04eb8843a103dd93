package evasions

import "math/bits"

// Session 27 (benchmarks/evplant11.py, a planter written blind): Adobe's
// Ascii85 between <~ and ~> (PostScript's and PDF's ASCII85Decode,
// Python's base64.a85encode(adobe=True)) with neither a backslash nor a
// backtick in it, which no stop of the kernel fell in: a85Run was asked
// only at those two bytes (blobs.go), so one run in four of the planted
// ones (ascii85_adobe 0.90; 0.77, seeds 1; 2) went unread. A tilde is
// of ccBackslash now (one bit of the class table, no instruction more a
// chunk), and a85Run is asked at the bytes either side of each tilde
// the block loop and the full check read (a85Tilde): the run after <~
// and the run before ~>. The tilde is in RFC 1924 base85's alphabet
// too, so b85Run is asked at it as at a backtick (base85_rfc1924 0.77;
// 0.80 with the backtick alone).
//
// corpus-200MB: 5,110 of its 137,265 rows hold a tilde (home pages in
// URLs, ~~~ lines, signatures), in 8,961 64-byte chunks (backticks:
// 3,051), about 3% more kernel stops (310,625).

// a85Tilde returns the Ascii85 run beside the tilde at t[j] (before it,
// then after it) that is a blob, or blob false. Runs that are not blobs
// are read once: done is where the last run read ended (a85Done).
func a85Tilde(t []byte, j int, done *int) (lo, hi int, blob bool) {
	for _, k := range [2]int{j - 1, j + 1} {
		if k >= *done && k >= 0 && k < len(t) && a85Byte(t[k]) {
			if lo, hi, blob = a85Run(t, k); blob {
				return lo, hi, true
			}
			*done = hi
		}
	}
	return 0, 0, false
}

// a85TildeBlob reports whether an Ascii85 run beside the tilde at t[j]
// is a blob (a85Tilde).
func a85TildeBlob(t []byte, j int, done *int) bool {
	_, _, blob := a85Tilde(t, j, done)
	return blob
}

// tildeBlob reports whether an Ascii85 run beside a tilde of the block
// at t[i] (tl: their high bits), or a base85 run through one, is a blob.
func (s *scan) tildeBlob(t []byte, i int, tl uint64) bool {
	for b := tl; b != 0; b &= b - 1 {
		if a85TildeBlob(t, i+bits.TrailingZeros64(b)/8, &s.a85Done) {
			return true
		}
	}
	return s.b85Blob(t, i, tl)
}

// tildeCheck records the Ascii85 run beside the tilde t[i], or the
// base85 run through it, which the full check reads, when it is a blob.
func (f *full) tildeCheck(i int) {
	if f.found[iBlob] == "" {
		if lo, hi, blob := a85Tilde(f.t, i, &f.a85Done); blob {
			f.found[iBlob] = a85Evidence(f.t, lo, hi)
			return
		}
	}
	f.b85Check(i)
}
