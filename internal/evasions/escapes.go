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
// the kernel stopped, and every block without the kernel), and asciiByte
// at each % it reads (bytes the block loop does not take: before a
// character that is not ASCII, and a text's last bytes; blocks and
// chunks start a multiple of 8 bytes from where the loop starts, so a
// run of 4 has a % pair in one loaded chunk anyway: this is a guard).
//
// Cost against int fc01929 (CPU, 6 runs alternated, benchstat, load
// 1.5-6): BenchmarkCheckTextHot +0.9% and +0.9%, Corpus/fast +2.2% and
// +1.4%, none significant (p=0.18-0.31); geomean +1.2-1.6%.
//
// Tried and not kept: numeric HTML entities (&#104;&#116;&#116;&#112;)
// by the same rule, 4 or more in a row of letters or digits (entRun:
// &#NNN; or &#xHH; one right after another), the kernel stopping at &
// then # (two VPCMPEQB, KSHIFTRQ, KANDQ, KORQ more a chunk; 0.43% of
// corpus-30MB's chunks hold one) and scan's block loop asking at each
// block with an &. It found every one of evplant4.py's
// html_numeric_entities (0 -> 1.000 of 24, encoded_blob 0.903 ->
// 0.969); corpus-200MB +230 rows, all ham: one newsletter's mailto:
// address written as entities (letters or digits in a row as entities:
// 1 in 7 rows, 11 in 231, none 2 to 10); controls +11 (evplant4, 0.55%
// -> 0.77%) and +10 (evplant, 1.20% -> 1.53%), that newsletter. Cost
// against the % rule alone: Hot +8.9-9.2%, Corpus/fast +7.4-9.7%
// (p<0.01, 6 runs alternated, three sets); the Go side alone (the
// kernel not stopping at &#) Hot +4.6%, Corpus/fast +4.3%: HTML mail's
// &nbsp; and &amp; put an & in many of the blocks the Go code reads.
// Commit 1e011c3 on branch s18-esc has it. Left to try: a cheaper
// trigger (two &# within 8 bytes: 0.086% of the chunks) and the Go side
// asking only at an & followed by #. Session 20 (entities.go): the
// kernel stops at each &# (two instructions a chunk, out of line into
// K1) for entities of invisible and bidi characters, and scan's block
// loop asks only at an & with a # after it; letters as entities are
// flagged only where they spell http (that newsletter's are mailto).
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
