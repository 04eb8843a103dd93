package evasions

import (
	"bytes"
	"math/bits"
	"strconv"
)

// Short JavaScript encodings (session 29): a script that writes a word
// it hides from a filter, String.fromCharCode(118,105,97,103,114,97) or
// atob('dmlhZ3Jh') ("viagra"), hides it however short it is; evplant9's
// fromcharcode_short 0 of 30, atob_short 1 of 30, js_code_array 13 of
// 30 (the lists of 16 codes and more, recall11.go's codeList), and
// evplant11's js_fromcharcode_short 0 of 30 before. Two rules, each
// keyed on the call, so that a list of numbers or a quoted word in
// prose is not one:
//
//   - Character codes (jsFromCharCode): a ( right after "fromCharCode",
//     then jsCodesMin or more decimal codes of 2 or 3 digits (codeUnit)
//     separated by , or ", ", closed by ); each a printable ASCII
//     character (32 to 126), half of them or more letters. Where its
//     arguments are not such codes (String.fromCharCode(a[i])), an array
//     of them within jsNear bytes, [...] closed by ], is (var
//     a=[118,...]; ... String.fromCharCode(a[i])). A list codeList
//     takes already (codeListMin codes spanning codeListBytes) is left
//     to it, so its evidence stays.
//   - atob (jsAtob): a ( right after "atob", a quote, jsB64Min to
//     blobB64Min-1 characters of base64's alphabet (= padding after),
//     the same quote; the bytes they decode to, jsB64Min*3/4 or more,
//     each printable ASCII, half of them or more letters. A longer
//     string is base64's own rule (endB64).
//
// unescape('%76%69...'), \x and \u escapes in script were found already
// at any length of a word (escapes.go, recall6.go, recall13.go's
// xAlnumRun).
//
// The kernel stops at an e or a b with a ( after it (JSCALL,
// chunks_amd64.s: a compare of the 64 bytes from SI+1 with (, a VPERMB
// of the chunk's bytes in a table by their low six bits, which takes %
// and " too, a VPTESTMB under the ( mask and a KORQ: four instructions a
// chunk); scan's block loop asks jsBlob at each ( of the blocks it reads
// and at one right after a block ending in e or b, asciiByte at one of
// a text's last bytes, the full check jsCheck at each, blobAfterOther
// too (recall13.go). corpus-30MB: 508 of its 442,216 chunks (in 299
// rows) hold such a pair; corpus-200MB has no "fromCharCode(" nor
// "atob(" (nor has the SpamAssassin mail), and its --checks evasions
// findings are unchanged.
//
// Recall (seeds 1; 2): evplant9's encoded_blob 0.710; 0.702 -> 0.837;
// 0.835 (fromcharcode_short, atob_short, js_code_array 30 of 30 each),
// evplant11's 0.823 -> 0.844 (js_fromcharcode_short 30 of 30), evplant7's
// 0.971; 0.967 -> 0.995; 0.986 (js_fromcharcode's lists under
// codeListBytes); every other planter's scores and every control row the
// same, corpus-200MB's --checks evasions and verify.sh identical.
//
// Cost: the kernel alone (BenchmarkAmpStop/plain, 4,096 chunks of prose,
// no pair in them), thread CPU at load 8-17: 8 runs alternated under the
// CPU lock, 43.0 against 52.6 us (p=0.16, +-35%); 4 more unlocked,
// base 36.3-39.4 against 39.6-47.7 us: about +10% of the kernel, which
// is about a third of BenchmarkCheckTextHot, so some +3% there, over the
// +2% asked. Measured whole (6 runs alternated under the lock, +-20%):
// Hot 744.0 against 743.9 us (p=0.82), AddCorpus/lazy 25.0 against 26.9
// ms (p=0.09): not told apart. The first design below: 36.3 against 47.3 us (+30%,
// p=0.010, 8 runs under the lock); Hot 632 against 676 us and
// AddCorpus/lazy 21.2 against 26.1 ms at +-45% (p=0.19, 0.09, 10 runs):
// the load of the session let no Hot or AddCorpus difference of a few
// per cent be told apart. Session 30 (evk6): Hot with JSCALL taken out,
// 10 runs alternated under the lock, 655 -> 634 us (-3%, p=0.39, +-13%):
// under the estimate, and not told from noise; kept.
//
// Tried first and not kept: the kernel stopping at a ( or [ with a ,
// three or four bytes after it (the opener and a code of 2 or 3 digits)
// or a ( with a quote after it, the rule asked at each ( and [ (arrays
// anywhere "fromCharCode" is within jsNear): the same recall and
// findings, 937 stops on corpus-30MB (6,294 of corpus-200MB's 2,950,066
// chunks), but eleven instructions a chunk and a load (two compares of
// the chunk, two of the bytes 3 and 4 on, two of the byte after, five
// KORQ); at roughly 0.7% of BenchmarkCheckTextHot an instruction a
// chunk (AMPHASH's two cost +1.4%, SEMICOMMA's and the url table's
// eight +5.5%: chunks.go), some +8%, over the +2% allowed. Arrays of
// codes that no fromCharCode( is beside (String.fromCharCode.apply(null,
// [99,...])) are left with it.

// jsCodesMin is the fewest character codes of a script that make a
// blob: a word of four letters.
const jsCodesMin = 4

// jsNear is how far from an array of character codes "fromCharCode" is
// looked for.
const jsNear = 256

// jsB64Min is the fewest base64 characters of atob's argument that make
// a blob: a word of six letters.
const jsB64Min = 8

// jsCodes returns the end of the list of character codes after the
// opener t[i], ( or [, closed by ) or ] as it opens, their number, and
// whether they are a blob (see above).
func jsCodes(t []byte, i int) (hi, n int, blob bool) {
	end := byte(')')
	if t[i] == '[' {
		end = ']'
	}
	letters, comma := 0, -1
	for u := i + 1; ; {
		v, e := codeUnit(t, u)
		if v < 32 || v > 126 || e >= len(t) {
			return e, 0, false
		}
		if v|0x20 >= 'a' && v|0x20 <= 'z' {
			letters++
		}
		n++
		if t[e] == end {
			hi = e + 1
			break
		}
		if t[e] != ',' {
			return e, 0, false
		}
		if comma < 0 {
			comma = e
		}
		if u = e + 1; u < len(t) && t[u] == ' ' {
			u++
		}
	}
	if n < jsCodesMin || 2*letters < n {
		return hi, n, false
	}
	if _, _, _, long := codeList(t, comma); long {
		return hi, n, false // recall11.go's rule
	}
	return hi, n, true
}

// jsFromCharCode returns where the character codes of the call
// fromCharCode( whose ( is t[i] start (past the opener) and their
// number, and whether they are a blob: its arguments, or else an array
// of codes within jsNear bytes.
func jsFromCharCode(t []byte, i int) (lo, n int, blob bool) {
	if !bytes.HasSuffix(t[:i], []byte("fromCharCode")) {
		return -1, 0, false
	}
	if _, n, blob = jsCodes(t, i); blob {
		return i + 1, n, true
	}
	from, to := max(0, i-jsNear), min(len(t), i+jsNear)
	for k := from; k < to; k++ {
		d := bytes.IndexByte(t[k:to], '[')
		if d < 0 {
			break
		}
		k += d
		if _, n, blob = jsCodes(t, k); blob {
			return k + 1, n, true
		}
	}
	return -1, 0, false
}

// jsAtob returns where atob's quoted argument after the ( at t[i]
// starts, its base64 characters, and whether it is a blob (see above).
func jsAtob(t []byte, i int) (lo, n int, blob bool) {
	if t[i] != '(' || i+2 >= len(t) || (t[i+1] != '\'' && t[i+1] != '"') || !bytes.HasSuffix(t[:i], []byte("atob")) {
		return -1, 0, false
	}
	q := t[i+1]
	lo = i + 2
	acc, nbits, out, letters := uint(0), 0, 0, 0
	j := lo
	for ; j < len(t); j++ {
		v := b64Value(t[j])
		if v < 0 {
			break
		}
		acc, nbits = acc<<6|uint(v), nbits+6
		if nbits >= 8 {
			nbits -= 8
			c := byte(acc >> nbits)
			if c < 32 || c > 126 {
				return lo, j - lo, false
			}
			if c|0x20 >= 'a' && c|0x20 <= 'z' {
				letters++
			}
			out++
		}
	}
	n = j - lo
	pad := 0
	for ; j < len(t) && t[j] == '=' && pad < 2; j++ {
		pad++
	}
	if j >= len(t) || t[j] != q || n%4 == 1 || pad > 0 && (n+pad)%4 != 0 {
		return lo, n, false
	}
	return lo, n, n >= jsB64Min && n < blobB64Min && 4*out >= 3*jsB64Min && 2*letters >= out
}

// b64Value is the value of the base64 character c, or -1.
func b64Value(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// jsAt reports whether the ( at t[i] ends fromCharCode( or atob( whose
// character codes or base64 are a blob.
func jsAt(t []byte, i int) bool {
	if t[i] != '(' {
		return false
	}
	if _, _, blob := jsFromCharCode(t, i); blob {
		return true
	}
	_, _, blob := jsAtob(t, i)
	return blob
}

// jsEvidence is the blob evidence of the ( at t[i] (jsAt).
func jsEvidence(t []byte, i int) string {
	if lo, n, blob := jsFromCharCode(t, i); blob {
		return strconv.Itoa(n) + " character codes of a script (fromCharCode) from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
	}
	lo, n, _ := jsAtob(t, i)
	return strconv.Itoa(n) + " base64 characters of a script (atob) from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// jsBlob reports whether a ( of the block at t[i] (the high bits of
// op), or one right after it, is a blob (jsAt): scan gives up there, the
// full check records it. The kernel stops at the byte before a (, so the
// ( may be the next block's first.
func (s *scan) jsBlob(t []byte, i int, op uint64) bool {
	for ; op != 0; op &= op - 1 {
		if jsAt(t, i+bits.TrailingZeros64(op)/8) {
			return true
		}
	}
	return i+8 < len(t) && t[i+8] == '(' && jsAt(t, i+8)
}

// jsCheck records the blob the opener at t[i] the full check reads
// heads, if any.
func (f *full) jsCheck(i int) {
	if f.found[iBlob] == "" && jsAt(f.t, i) {
		f.found[iBlob] = jsEvidence(f.t, i)
	}
}
