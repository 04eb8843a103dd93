package evasions

import (
	"math/bits"
	"strconv"
	"strings"
)

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

// ZeroMQ's Z85 on one line (evplant9's z85_line, 0 of 30 on seeds 1 and
// 2): the alphabet is 0-9 a-z A-Z and . - : + = ^ ! / * ? & < > ( ) [ ]
// { } @ % $ #, with neither a backtick, a tilde nor a backslash, so no
// stop of the kernel falls in it but by chance (recall20.go). Such a
// chance is the rule's trigger: an & with a byte after it that stops
// the kernel (ampStop: # and the first letters of the named entities,
// and the bytes sharing their low six bits; some 24 of Z85's 85
// characters), where the kernel, scan's block loop and the full check
// ask entBlob on every path already. z85At measures the run of the
// alphabet (no white space, quotes, comma or semicolon) around that &:
// z85Min characters or more, with upper and lower case letters and
// z85DigitsMin distinct digits, and among them z85OddMin distinct
// characters of z85Odd (the
// brackets and marks a URL or a path seldom holds; random Z85 has 16.5%)
// making up a tenth or more of it, one of them a bracket, and no "://"
// (a URL's). corpus-200MB-s1's spam writes hash-busting lines of letters,
// 0 and ! @ $ % ^ & * (17 rows): no bracket, one digit. Random Z85 holds an &
// with a stop byte after it at a rate of about 1 in 300 characters: a
// line of 100 characters holds one with a chance of 0.28, of 375 (300
// bytes) 0.71. A stop of its own (a chunk of the alphabet alone, no
// space: long URLs are such chunks too) would find all of them, but
// scan's block loop, the full check (its windows end at reset points
// inside such a run) and the reference must then carry the run through
// every byte as they carry base64url's (b64url.go): left.
//
// The numbers (main 32ef2a1 -> this, with the soft hyphen's above):
// z85_line 0 -> 23 and 0 -> 20 of 30 (seeds 1; 2), evplant9's
// encoded_blob 0.890 -> 0.928 and 0.887 -> 0.920; evplant11 seed 1's
// binhex (hard) 29 -> 30, evplant12's nt_random_printable_key (hard) 2 ->
// 3 of 30 on both seeds; every other score and every planter's controls
// the same rows; corpus-200MB-s1's and corpus-30MB-s1's evasion findings
// identical (before the bracket and the digits were asked, 17 rows of
// corpus-200MB's hash-busting spam were Z85). The CPU: corpus-30MB's
// first MB (BenchmarkCheckTextHot's texts) holds 1,290 &s, 139 of them
// with a stop byte after, whose runs z85At walks, 3,258 bytes in all;
// BenchmarkZ85Hot (z85At at every & of them) 4.8-6.4 us of thread CPU a
// pass under the CPU lock, against BenchmarkCheckTextHot's 650-1,100 us
// in the same minutes (load 11-18): a bound of 0.5-1%, where scan asks
// only at the 139 and the full check at the &s it reads. Alternated
// test binaries (10 rounds under the lock, load 11-18, thread CPU,
// benchstat): Hot 783 -> 807 us (p=0.85, the pairs' median ratio
// 1.047), AddCorpus/lazy 26.98 -> 26.31 ms (p=1.00, 0.984), the spread
// +-17-29%; a second set of 10 (load 13-17) 836 -> 833 us (p=0.97) and
// 29.8 -> 27.4 ms (p=0.53); the 20 rounds pooled, the pairs' median
// ratios 1.026 and 0.957 (p=0.90, 0.62): not told apart.

// z85Min is the fewest characters of a Z85 run z85At takes.
const z85Min = 64

// z85Odd are the characters of Z85's alphabet z85At counts: of 85, 14.
const z85Odd = "^!*()[]{}<>@$#"

// z85OddMin is the fewest distinct z85Odd characters of a run.
const z85OddMin = 5

// z85Brackets are z85Odd's ( ) [ ] { } < >, by their bits in z85At's
// odd: a run holds one or more (random Z85 of 64 characters but for a
// chance of 0.002).
const z85Brackets = 0b0111_1111_1000

// z85DigitsMin is the fewest distinct digits of a run (random Z85 of 64
// characters has 5.3 on average).
const z85DigitsMin = 3

// z85Tab: 1 for Z85's alphabet, 2 more for z85Odd.
var z85Tab = func() (t [256]uint8) {
	for _, c := range "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#" {
		t[c] = 1
	}
	for _, c := range z85Odd {
		t[c] |= 2
	}
	return t
}()

// z85Run returns the run of Z85's alphabet through t[i].
func z85Run(t []byte, i int) (lo, hi int) {
	lo, hi = i, i
	for lo > 0 && z85Tab[t[lo-1]] != 0 {
		lo--
	}
	for hi < len(t) && z85Tab[t[hi]] != 0 {
		hi++
	}
	return lo, hi
}

// z85At reports whether the & at t[i], with a byte after it that stops
// the kernel (ampStop), is inside a run of Z85 that is a blob.
func z85At(t []byte, i int) bool {
	if i+1 >= len(t) || t[i] != '&' || !ampStop(t[i+1]) || z85Tab[t[i+1]] == 0 {
		return false
	}
	lo, hi := z85Run(t, i)
	return hi-lo >= z85Min && z85Blob(t, lo, hi)
}

// z85Blob reports whether the run t[lo:hi] of Z85's alphabet is a blob
// (see above; z85At and recall40.go's looks40).
func z85Blob(t []byte, lo, hi int) bool {
	var cl uint8
	var odd, digits uint16
	n := 0
	for k, c := range t[lo:hi] {
		switch {
		case z85Tab[c]&2 != 0:
			n++
			odd |= 1 << strings.IndexByte(z85Odd, c)
		case c >= '0' && c <= '9':
			digits |= 1 << (c - '0')
		case c == ':' && lo+k+2 < hi && t[lo+k+1] == '/' && t[lo+k+2] == '/':
			return false
		}
		cl |= caseCl[c]
	}
	return cl == clUpper|clLower|clDigit && 10*n >= hi-lo && bits.OnesCount16(odd) >= z85OddMin && odd&z85Brackets != 0 && bits.OnesCount16(digits) >= z85DigitsMin
}

// z85Evidence is the blob evidence of z85At's run through t[i].
func z85Evidence(t []byte, i int) string {
	lo, hi := z85Run(t, i)
	return strconv.Itoa(hi-lo) + " characters of Z85 (ZeroMQ's base85) from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// Looked at and left (session 30):
//
//   - ncr_mailto (evplant11, 1 and 0 of 30): a mailto: link written as
//     numeric entities. The planters' controls and corpus-200MB-s1 hold
//     the same markup to the byte (Lockergnome's newsletter hides its
//     addresses so: recall17.go's note); the planted addresses differ
//     only in their domains and the link's text.
//   - ncr_named_greek (evplant11, 24 and 24 of 30): the six misses on
//     each seed are all "Net&nu;ork". The kernel stops at an & by the
//     byte after it (ampStopTab), and n starts &nbsp; (112,075 of
//     corpus-200MB-s1's 117,966 &n): a stop there would send every
//     chunk with a &nbsp; to scan's block loop. Telling &nu; from &nbsp;
//     needs the second byte after the & (a load from SI+2 and two masked
//     compares a chunk). The raw "Netνork" is found already.
//   - A base64 body cut from its mail with a blob of another encoding
//     right after it (evplant11 seed 2's pct_whole_line, evplant9 seed
//     1's ent_hex_phrase: one row of 30 each): b64Fragment (the run 90%
//     of the text, under five spaces) makes it an encoded_attachment
//     without asking blobAfterLead as b64Lead does. Asking it finds both
//     rows (corpus-200MB's findings and the controls unchanged), but the
//     evidence is not the reference's: refCheckText records the %XX run
//     at its first % before it ends the base64 run there, scan the base64
//     run first (earlyB64). The same disagreement stands for a declared
//     part with a %XX line right after it: checkText says "a blob from
//     byte N, after a MIME part declared base64", refCheckText "33 bytes
//     written as %XX escapes from byte N" (Content-Transfer-Encoding:
//     base64, a blank line, 16 lines of 72 base64 characters, a line of
//     %XX escapes; no test holds that text).
//   - The other stragglers (29 of 30) are plants inside or glued to a
//     declared part (base32 on the line after the header, a data URI as
//     its first line, hex after its last line: evplant11 seed 1's
//     base32_upper, data_uri_plain_url, hex_string, hex_string_upper),
//     an xxd dump after a cut body (blobAfter wants 40 hex digits in a
//     row; xxd's lines are 32 between their offsets and text), and the
//     short runs recall20.go lists (btoa_block, rfc1924_*, b64_short_lines).
