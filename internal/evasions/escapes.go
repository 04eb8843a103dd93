package evasions

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
