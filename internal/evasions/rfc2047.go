package evasions

import "bytes"

// Session 27 (benchmarks/evplant11.py, a planter written blind):
// RFC 2047 B-encoded words (=?utf-8?B?0KHQvtGA0L7RiA==?=): a header
// cannot carry raw UTF-8, so a Subject or From of look-alike letters
// (PаyPаl with Cyrillic а) travels as base64 of its UTF-8 in an encoded
// word, which the rules of the raw characters never saw (evplant11's
// subject_rfc2047_b: 0 of 30 on seeds 1 and 2; the Q form, =D0=B0, is
// qp.go's). An encoded word of rfc2047Max characters at most
// declaring UTF-8, its base64 decoding to UTF-8, is decoded and checked
// as a text of its own (checkText); a mixed_script finding there is one
// of the row's. Only mixed_script was taken (the subject's words are
// what a reader sees); session 28 takes invisible_char and bidi_control
// too (recall18.go, rfc2047Find).
//
// The kernel stops at =? followed by a letter: recall10.go's lookup of
// the byte after each = (qpctl1, by its low six bits) has ? (0x3F,
// its aliases DEL and bytes not ASCII, which stop the kernel anyway)
// as a fourth lead, qpctl2 every ASCII letter as its next byte, and
// qpctl3 leaves every letter after that: the same instructions a chunk
// (a table's bytes), the out-of-line lookup of the next two bytes taken
// at each =? besides. corpus-200MB has 677 =? in 137,265 rows (176
// encoded words in B, most of them Subjects of mail in Chinese, Japanese
// and Russian).
// The cost, measured with recall16.go's tilde: recall16.go.

// rfc2047Max is the longest encoded word read. RFC 2047 (section 2)
// allows 75 characters, and a mailer that folds (Python's email, most
// clients) writes no longer one, but a spammer's tool that does not fold
// writes the whole Subject as one word: evplant11's are 68-192
// characters, and at 75 the rule found 11 and 13 of 30 (seeds 1; 2).
// corpus-200MB's 176 B words (ISO-2022-JP, GB2312, ISO-8859-1, Big5,
// GBK: none declares UTF-8) are all 75 or under.
const rfc2047Max = 256

// rfc2047B returns where the base64 of the B-encoded word declaring
// UTF-8 at t[i] (=?) starts and ends, and where the word ends; p < 0
// when none is there.
func rfc2047B(t []byte, i int) (p, e, end int) {
	lim := min(len(t), i+rfc2047Max)
	if i+12 > lim || t[i] != '=' || t[i+1] != '?' {
		return -1, 0, 0
	}
	k := bytes.IndexByte(t[i+2:lim], '?')
	if k != 5 || !bytes.EqualFold(t[i+2:i+7], []byte("utf-8")) {
		return -1, 0, 0
	}
	p = i + 8 // the encoding
	if p+2 > lim || t[p]|0x20 != 'b' || t[p+1] != '?' {
		return -1, 0, 0
	}
	p += 2
	e = p
	for e < lim && (b64Alpha(t[e]) || t[e] == '=') {
		e++
	}
	if e == p || e+2 > lim || t[e] != '?' || t[e+1] != '=' {
		return -1, 0, 0
	}
	return p, e, e + 2
}

// b64Alpha reports whether c is of base64's alphabet (not the =).
func b64Alpha(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}
