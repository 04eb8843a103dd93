package evasions

// Session 30 (enc13): the blind planters' misses outside grouped and
// quoted base64.
//
// A soft hyphen percent-encoded in a link (evplant10's
// percent_encoded_zw_in_href "http://cli%C2%ADck.example.com", 23 and 24
// of 30 on seeds 1 and 2: every miss was a %C2%AD row). pctEvasion took
// only the lead escapes of three- and four-byte characters (pctLead),
// because the kernel stopped at a % with another % three bytes after it
// only when both were in one chunk (PCTPAIRS shifted the chunk's mask of
// %): a character of two escapes whose first % is in a chunk's last
// three bytes stopped nothing, and one of three or four escapes has a
// pair inside a chunk wherever the chunks start. PCTPAIRS now compares
// the 64 bytes from SI+3, loaded already for EQLEAD (within t at its
// end), under the mask of %: a masked VPCMPEQB in place of the KSHIFTRQ
// and the KANDQ, so the second % may be the next chunk's first bytes;
// and pctLead takes the leads pctLeadTwo does. Scan's block loop, the
// full check and the reference read at each % already (pctBlock,
// pctCheck, pctEvasion).
//
// The numbers (main 32ef2a1 -> this): percent_encoded_zw_in_href 23 ->
// 30 and 24 -> 30 (seeds 1; 2), evplant10's invisible_char 0.963 ->
// 0.970 and 0.964 -> 0.970 (1.000 without its hard variant); every other
// planter's scores (scoreall.sh) and controls the same, corpus-200MB-s1's
// evasion findings (--checks evasions --json) and verify.sh's 41 files
// identical; corpus-200MB has no %C2%AD, %CD%8F or %D8%9C. The CPU
// (evasions test binaries alternated under the CPU lock, 10 rounds at
// load 10-14, thread CPU, benchstat): BenchmarkCheckTextHot 853 -> 810
// us (p=0.80), AddCorpus/lazy 27.3 -> 27.7 ms (p=0.97), the pairs'
// median ratios 1.025 and 1.028, the spread +-12-28%: not told apart.
// The kernel runs one instruction less a chunk (a masked compare for the
// shift and the and; the load from SI+3 was there), the Go side asks
// pctLeadTwo only at a % whose next byte is c or d.

// pctLeadTwo reports whether the escape %hl (h, l: its hex digits) is the
// lead byte of a two-byte character pctEvasion may flag: C2 (U+00AD SOFT
// HYPHEN), CD (U+034F COMBINING GRAPHEME JOINER), D8 (U+061C ARABIC
// LETTER MARK, and U+0600 to U+0605, format characters); upper or lower
// case. The others hold no invisible or bidi character.
func pctLeadTwo(h, l byte) bool {
	switch h | 0x20 {
	case 'c':
		return l == '2' || l|0x20 == 'd'
	case 'd':
		return l == '8'
	}
	return false
}
