package evasions

import "math/bits"

// Session 27 (benchmarks/evplant11.py, a planter written blind): Adobe's
// Ascii85 between <~ and ~> (PostScript's and PDF's ASCII85Decode,
// Python's base64.a85encode(adobe=True)) with neither a backslash nor a
// backtick in it, which no stop of the kernel fell in: a85Run was asked
// only at those two bytes (blobs.go), so one run in four of the planted
// ones (ascii85_adobe 0.90; 0.77, seeds 1; 2) went unread. A tilde is
// of ccBackslash now (one bit of the class table, no instruction more a
// chunk), and a85Run is asked beside each tilde the block loop and the
// full check read (a85Tilde): the run after <~ and the run before ~>.
// The tilde is in RFC 1924 base85's alphabet too, so b85Run is asked at
// it as at a backtick (base85_rfc1924 0.77; 0.80 with the backtick
// alone -> 0.97; 0.93).
//
// corpus-200MB: 5,110 of its 137,265 rows hold a tilde (home pages in
// URLs, ~~~ lines, signatures), in 8,961 64-byte chunks (backticks:
// 3,051), about 3% more kernel stops (310,625); BenchmarkCheckTextHot's
// first megabyte, 48 chunks of 16,781. Its findings (--checks evasions)
// and the verify set's reports are byte-identical; evplant5, evplant6,
// evplant.py, evplant3 and evplant4 the same, evplant7 seed 1's
// encoded_blob 0.957 -> 0.967 and evplant9's 0.705; 0.690 -> 0.710;
// 0.698 (base85 and Ascii85 lines), their controls the same rows.
//
// Cost against int 96fa48b, rfc2047.go in (evasions test binaries
// alternated under the CPU lock at load 8-13, thread CPU, benchstat):
// with a85Run asked on both sides of every tilde, three sets (28
// rounds) pooled,
// BenchmarkCheckTextHot 491.3 -> 520.4 us (+5.9%, p=0.017),
// AddCorpus/lazy 18.68 -> 18.28 ms (p=0.49); a profile put a85Run's
// walk along URLs through /~user/ at 0.8% of Hot's samples. Asked only
// beside <~ and ~> (a85Tilde), Hot 497.1 -> 502.6 us (+1.1%, p=0.73),
// AddCorpus/lazy 18.59 -> 17.93 ms (p=0.44), 9 rounds at load 9-13;
// with 8 more at load 12-14 (spread +-25%), 17 pooled: Hot 495.8 ->
// 509.6 us (+2.8%, p=0.27), AddCorpus/lazy 18.59 -> 18.24 ms (p=0.87).
// Not told apart from the noise; a quieter machine should confirm Hot.

// a85Tilde returns the Ascii85 run beside the tilde at t[j] that is a
// blob, or blob false: the run before it when it starts ~>, the run after
// it when it ends <~. Asked at every tilde, a85Run measured the run
// through a URL's /~user/ too (0.8% of BenchmarkCheckTextHot's profile
// samples with tildeBlob). Runs that are not blobs are read once: done
// is where the last run read ended (a85Done).
func a85Tilde(t []byte, j int, done *int) (lo, hi int, blob bool) {
	for _, k := range [2]int{j - 1, j + 1} {
		if k < j && (j+1 >= len(t) || t[j+1] != '>') || k > j && (j == 0 || t[j-1] != '<') {
			continue // a tilde in a URL, a line of them: not a delimiter
		}
		if k >= *done && k >= 0 && k < len(t) && a85Byte(t[k]) {
			if lo, hi, blob = a85Run(t, k); blob {
				return lo, hi, true
			}
			if k > j {
				if lo, hi, blob := a85Delimited(t, j); blob { // recall20.go
					return lo, hi, true
				}
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
