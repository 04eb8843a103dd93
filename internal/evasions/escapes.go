package evasions

import "strconv"

// Escapes of characters that never need escaping (session 18, issue
// 20): benchmarks/evplant4.py plants URLs written all in %XX escapes
// (http%3A%2F%2F as %68%74%74%70%3A%2F%2F...), which a browser or mail
// client shows as the plain URL and a filter reads as none of it; main
// found 0 of 48. Letters and digits never need percent-encoding
// (RFC 3986 §2.3), so a run of them written as %XX is obfuscation; real
// mail's %20, %2F, %3D and percent-encoded UTF-8 are not letters or
// digits. A run of escapes (escRun, blobs.go) with escAlnumMin units in
// a row, with no gap, that each encode an ASCII letter or digit
// (%68%74%74%70: http) is an encoded_blob, whatever its length.
//
// The numbers (units in a row encoding a letter or digit, the most in a
// row of a text): corpus-200MB has 3 or more in 573 rows, 4 or more in
// 481; all spam (hosts and paths of spam URLs: %77%77%77, a host of
// 0s and 1s as %31%30..., JavaScript tables) but 4 ham rows quoting spam
// URLs (one asks how to decode http://w%77%77%2Eo%70%74...). The
// controls: evplant.py seed 1 has 13 rows with 4 or more in a row of
// its 3,000 (all spam pieces), evplant3.py none of 5,000, evplant4.py
// 12 of 5,094 (all spam pieces). A run of 3 would add 2 of evplant4's
// control rows and ~90 of corpus-200MB's (all spam, %77%77%77 and
// %63%6f%6d); 4 is the least that holds "http", a host or a path.
//
// Finding it: the kernel stops at a chunk with two % three bytes apart
// (a % pair: two units in a row), one VPCMPEQB, KSHIFTRQ, KANDQ and KORQ
// a chunk (0.24% of corpus-30MB's chunks have one); a run of
// escAlnumMin units holds a pair within one chunk wherever the chunks
// start (12 bytes: one side of any chunk boundary holds two units).
// scan's block loop asks escBlob at each block with a % (the block where
// the kernel stopped, and every block without the kernel).
const escAlnumMin = 4

// escAlnum reports whether the escape unit at t[u] (e and two hex
// digits) encodes an ASCII letter or digit.
func escAlnum(t []byte, u int) bool {
	c := hexVal(t[u+1])<<4 | hexVal(t[u+2])
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
}

// hexVal is the value of the hex digit c.
func hexVal(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// Numeric HTML entities (&#104;&#116;&#116;&#112;: http) are the same
// trick in HTML: letters and digits never need one. A run of entities
// (entRun: &#NNN; or &#xHH;, one right after another) with
// entAlnumMin in a row that each stand for an ASCII letter or digit is
// an encoded_blob. The numbers (entities of letters or digits in a row,
// the most of a text): corpus-200MB has 1 in 7 rows and 11 in 231 rows,
// all a newsletter's mailto: address written as entities (hard-ham-1,
// Lockergnome, hidden from address harvesters: text a filter does not
// see), none from 2 to 10; evplant.py's control 11 in 10 rows,
// evplant4.py's 11 in 11 (the same newsletter), evplant3.py's none.
//
// Measured on evplant4.py seed 1: html_numeric_entities 0 -> 1.000 (24
// rows), encoded_blob 0.903 -> 0.969; its control 0.55% -> 0.77%
// (+11, the newsletter), evplant.py's 1.20% -> 1.53% (+10, the same),
// evplant3.py's unchanged (0.34%); corpus-200MB +230 rows, the 231
// above but one already an encoded_blob.
//
// Finding it: the kernel stops at a chunk with & then # (two VPCMPEQB,
// a KSHIFTRQ, KANDQ and KORQ more a chunk; 0.43% of corpus-30MB's
// chunks hold one); of a run of entAlnumMin entities, only one &# can
// straddle a chunk boundary, so another lies in one chunk wherever the
// chunks start. scan's block loop asks entBlob at each block with an &,
// and asciiByte at each & and % it reads (the last bytes of a text).
const entAlnumMin = 4

// entUnit returns where the entity at t[u] (&#, 1-7 digits or x and 1-6
// hex digits, ;) ends and the character it stands for, or -1.
func entUnit(t []byte, u int) (end int, c rune) {
	if u < 0 || u+4 > len(t) || t[u] != '&' || t[u+1] != '#' {
		return -1, 0
	}
	k, base, maxd := u+2, rune(10), 7
	if t[k]|0x20 == 'x' {
		k, base, maxd = k+1, 16, 6
	}
	d := 0
	for ; k < len(t) && d < maxd; k++ {
		v := rune(hexVal(t[k]))
		if !(t[k] >= '0' && t[k] <= '9' || base == 16 && t[k]|0x20 >= 'a' && t[k]|0x20 <= 'f') {
			break
		}
		c = c*base + v
		d++
	}
	if d == 0 || k >= len(t) || t[k] != ';' {
		return -1, 0
	}
	return k + 1, c
}

// entRun returns the run of entities through the entity at t[j] (one
// right after another): where it starts and ends and whether it is a
// blob. It is the same run from any of its entities.
func entRun(t []byte, j int) (lo, hi int, blob bool) {
	lo = j
	for {
		p := -1
		for q := lo - 4; q >= max(0, lo-11); q-- {
			if e, _ := entUnit(t, q); e == lo {
				p = q
				break
			}
		}
		if p < 0 {
			break
		}
		lo = p
	}
	alnum, most := 0, 0
	for u := lo; ; {
		e, c := entUnit(t, u)
		if e < 0 {
			break
		}
		if alnum++; !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z') {
			alnum = 0
		}
		most = max(most, alnum)
		u, hi = e, e
	}
	return lo, hi, most >= entAlnumMin
}

// entEvidence is the blob evidence of the run of entities t[lo:hi].
func entEvidence(t []byte, lo, hi int) string {
	return strconv.Itoa(hi-lo) + " bytes of numeric HTML entities from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// entBlob reports whether a run of entities that is a blob runs through
// an & of the m bytes at t[i]. A run that is not a blob is read once
// (entDone).
func (s *scan) entBlob(t []byte, i, m int) bool {
	for j := max(i, s.entDone); j < min(i+m, len(t)); j++ {
		if t[j] == '&' && j+1 < len(t) && t[j+1] == '#' {
			if e, _ := entUnit(t, j); e >= 0 {
				_, hi, blob := entRun(t, j)
				if blob {
					return true
				}
				s.entDone = max(hi, j+1)
				j = s.entDone - 1
			}
		}
	}
	return false
}

// entCheck records a run of entities that is a blob through t[i], an &
// the full check reads (entDone: runs read).
func (f *full) entCheck(i int) {
	if f.found[iBlob] == "" && i >= f.entDone {
		if e, _ := entUnit(f.t, i); e >= 0 {
			lo, hi, blob := entRun(f.t, i)
			if f.entDone = hi; blob {
				f.found[iBlob] = entEvidence(f.t, lo, hi)
			}
		}
	}
}
