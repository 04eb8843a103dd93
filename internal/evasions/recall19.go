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
//   - Character codes (jsCodes): a ( right after "fromCharCode", or a [
//     with "fromCharCode" within jsNear bytes before or after the array
//     (var a=[...]; ... String.fromCharCode(a[i])), then jsCodesMin or
//     more decimal codes of 2 or 3 digits (codeUnit) separated by , or
//     ", ", closed by ) or ]; each a printable ASCII character (32 to
//     126), half of them or more letters. A list codeList takes already
//     (codeListMin codes spanning codeListBytes) is left to it, so its
//     evidence stays.
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
// The kernel stops at a ( or [ with a , three or four bytes after it
// (an opener and a code of 2 or 3 digits) and at a ( with a quote after
// it (JSOPEN, chunks_amd64.s); scan's block loop asks jsBlob at each (
// or [ of the blocks it reads, asciiByte at one of a text's last bytes,
// the full check jsCheck at each, blobAfterOther too (recall13.go).
// corpus-30MB: 53,780 of its 442,216 chunks hold a ( or [, 937 (in 477
// rows) the stop; corpus-200MB has no "fromCharCode(" nor "atob(".

// jsCodesMin is the fewest character codes of a script that make a
// blob: a word of four letters.
const jsCodesMin = 4

// jsNear is how far from an array of character codes "fromCharCode" is
// looked for.
const jsNear = 256

// jsB64Min is the fewest base64 characters of atob's argument that make
// a blob: a word of six letters.
const jsB64Min = 8

// jsOpener reports whether c may open a script's character codes or
// atob's argument.
func jsOpener(c byte) bool { return c == '(' || c == '[' }

// jsCodes returns the end of the list of character codes the opener
// t[i] heads, their number, and whether it is a blob (see above).
func jsCodes(t []byte, i int) (hi, n int, blob bool) {
	end := byte(')')
	if t[i] == '[' {
		end = ']'
	} else if !bytes.HasSuffix(t[:i], []byte("fromCharCode")) {
		return i + 1, 0, false
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
	if end == ']' && !bytes.Contains(t[max(0, i-jsNear):min(len(t), hi+jsNear)], []byte("fromCharCode")) {
		return hi, n, false
	}
	return hi, n, true
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

// jsAt reports whether the opener t[i] heads character codes or atob's
// argument that are a blob.
func jsAt(t []byte, i int) bool {
	if !jsOpener(t[i]) {
		return false
	}
	if _, _, blob := jsCodes(t, i); blob {
		return true
	}
	_, _, blob := jsAtob(t, i)
	return blob
}

// jsEvidence is the blob evidence of the opener t[i] (jsAt).
func jsEvidence(t []byte, i int) string {
	if _, n, blob := jsCodes(t, i); blob {
		return strconv.Itoa(n) + " character codes of a script (fromCharCode) from byte " + strconv.Itoa(i+1) + ": " + quoteVisible(t[i+1:], 24)
	}
	lo, n, _ := jsAtob(t, i)
	return strconv.Itoa(n) + " base64 characters of a script (atob) from byte " + strconv.Itoa(lo) + ": " + quoteVisible(t[lo:], 24)
}

// jsBlob reports whether an opener of the block at t[i] (the high bits
// of op) is a blob (jsAt): scan gives up there, the full check records
// it.
func (s *scan) jsBlob(t []byte, i int, op uint64) bool {
	for ; op != 0; op &= op - 1 {
		if jsAt(t, i+bits.TrailingZeros64(op)/8) {
			return true
		}
	}
	return false
}

// jsCheck records the blob the opener at t[i] the full check reads
// heads, if any.
func (f *full) jsCheck(i int) {
	if f.found[iBlob] == "" && jsAt(f.t, i) {
		f.found[iBlob] = jsEvidence(f.t, i)
	}
}
