package evasions

import (
	"math"
	"math/bits"
)

// Legitimate mail the blob and escape rules flagged (session 33, neg16).
// benchmarks/evplant16.py scores apart a negative set of legitimate mail
// that must not be flagged; 57 and 50 of its 340 rows were (seeds 1 and
// 2), by three rules that took identifiers and code for evasions. Each
// is now told apart by what the flagged text decodes to and where it
// stands, not by its length alone, because the blind planters plant the
// same alphabets as payloads:
//
//   - A hash is not a hex blob (hashHex): a run of exactly 64, 96 or 128
//     hex digits (SHA-256, SHA-384, SHA-512; MD5's 32 and SHA-1's 40 are
//     under blobHexMin), one token (no letter, digit or _ either side, one
//     case), not one line of a wrapped hex block (no 16 hex digits end
//     the line before it or open the line after it), whose bytes look
//     random (randomBytes). Release mail's checksums and sha256sum
//     output are such runs; the planters' hex payloads decode to text
//     (evplant12's token=, evplant13's ref=), start with a file's
//     signature (evplant5's MZ, evplant15's %PDF) or run longer.
//   - A token in a link is not a blob (queryToken): the value of a query
//     parameter of an http(s) URL that carries other parameters beside
//     it, whose base64, base64url or hex decodes to random bytes. That is
//     a newsletter's click-tracking or signed token (SendGrid's upn=,
//     Salesforce's qs=) next to its utm_ or id parameters. A payload that
//     decodes to text or a URL stays a blob wherever it stands (evplant11
//     b64url_param, evplant13 b64url_query_param with &src=mail); random
//     bytes stay one in a URL of one parameter (evplant5
//     base64url_in_url's ?d=), after token= outside a URL (evplant15
//     b64url_no_padding) and in a link's path (evplant11's hard
//     random_token_url), because nothing there says what wrote them.
//     Random bytes alone cannot tell the two apart: evplant5 plants the
//     same random bytes in ?d= as evplant16's negative in upn=.
//   - An escape in code is not the character (escInLiteral): a \uXXXX of
//     an invisible or bidi character standing in a string literal of
//     escapes alone ("\u200B", '\u202e', "\u200b\u200c") or a regular
//     expression's character class of escapes and ranges alone
//     ([\u200B-\u200D\uFEFF]) is source code naming the character, most
//     often to strip it. Written inside a word (Up\u200bdate: JSON encoded
//     twice, evplant5's literal_json_escape, evplant16's
//     json_twice_escaped, evplant15's json_in_json_literal_escape) it is
//     still the character.
//
// Each is asked only where its rule would otherwise record a finding
// (endHex, notBase64 and b64Take, b64urlRun, uEscEvasion), so clean
// text costs nothing. The numbers: benchmarks/README.md, "(issue 20,
// session 33, neg16)".

// hashHex reports whether the run of n hex digits at t[start:] is a
// hash (see above).
func hashHex(t []byte, start, n int) bool {
	if n != 64 && n != 96 && n != 128 || start+n > len(t) {
		return false
	}
	end := start + n
	if start > 0 && tokenByte(t[start-1]) || end < len(t) && tokenByte(t[end]) {
		return false
	}
	var lower, upper bool
	for _, c := range t[start:end] {
		lower = lower || c >= 'a' && c <= 'f'
		upper = upper || c >= 'A' && c <= 'F'
	}
	if lower && upper || hexLineBefore(t, start) || hexLineAfter(t, end) {
		return false
	}
	var r randomCount
	for i := start; i+1 < end; i += 2 {
		r.add(hexVal(t[i])<<4 | hexVal(t[i+1]))
	}
	return r.random()
}

// tokenByte reports whether c would join a token: an ASCII letter,
// digit or _.
func tokenByte(c byte) bool {
	return c < 0x80 && (asciiEv[c]&acWord != 0 || c == '_')
}

// wrapHex is how many hex digits at the end of the line before, or the
// start of the line after, make a run one line of a wrapped hex block.
const wrapHex = 16

// hexLineBefore reports whether the run at t[start] opens its line and
// the line before ends in wrapHex hex digits.
func hexLineBefore(t []byte, start int) bool {
	j := start
	if j == 0 || t[j-1] != '\n' {
		return false
	}
	j--
	if j > 0 && t[j-1] == '\r' {
		j--
	}
	for k := 1; k <= wrapHex; k++ {
		if j-k < 0 || t[j-k] >= 0x80 || asciiEv[t[j-k]]&acHex == 0 {
			return false
		}
	}
	return true
}

// hexLineAfter reports whether the run ending at t[end] ends its line and
// the line after starts with wrapHex hex digits.
func hexLineAfter(t []byte, end int) bool {
	j := end
	if j < len(t) && t[j] == '\r' {
		j++
	}
	if j >= len(t) || t[j] != '\n' {
		return false
	}
	j++
	for k := range wrapHex {
		if j+k >= len(t) || t[j+k] >= 0x80 || asciiEv[t[j+k]]&acHex == 0 {
			return false
		}
	}
	return true
}

// randomCount counts the bytes a token decodes to, for random.
type randomCount struct {
	n, printable int
	head         [8]byte
	seen         [4]uint64
}

// add counts the byte c.
func (r *randomCount) add(c byte) {
	if r.n < len(r.head) {
		r.head[r.n] = c
	}
	r.n++
	if c >= 0x20 && c < 0x7F || c == '\t' || c == '\n' || c == '\r' {
		r.printable++
	}
	r.seen[c>>6] |= 1 << (c & 63)
}

// randomMin is the fewest bytes random judges.
const randomMin = 24

// fileSignatures are the openings of files that a payload of random
// bytes may carry (an executable, a PDF, an archive, an image): such a
// token is a file, not a random one.
var fileSignatures = []string{"MZ", "%PDF", "PK\x03\x04", "\x1f\x8b", "\x7fELF", "GIF8", "\x89PNG", "\xff\xd8\xff", "Rar!", "7z\xbc\xaf", "BZh", "\xfd7zXZ"}

// random reports whether the bytes counted look like random bytes (a
// hash, a signature, a cipher text): randomMin or more, fewer than three
// in four printable ASCII (random bytes have 37%, text nearly all), at
// least four fifths of the distinct values that as many uniform random
// bytes have on average (text repeats its letters: a third of them),
// and no file's signature first.
func (r *randomCount) random() bool {
	if r.n < randomMin || 4*r.printable >= 3*r.n {
		return false
	}
	for _, s := range fileSignatures {
		if len(s) <= min(r.n, len(r.head)) && string(r.head[:len(s)]) == s {
			return false
		}
	}
	distinct := 0
	for _, w := range r.seen {
		distinct += bits.OnesCount64(w)
	}
	want := 256 * (1 - math.Pow(255.0/256, float64(r.n)))
	return float64(distinct) >= 0.8*want
}

// urlReach is how far back from a token queryToken looks for its
// parameter's start and its URL's scheme.
const urlReach = 4096

// urlEnd reports whether c ends a URL's word: white space, a quote, an
// angle bracket, a control, or a byte outside ASCII.
func urlEnd(c byte) bool {
	return c <= ' ' || c >= 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`'
}

// queryToken reports whether the run t[lo:hi] (a base64, base64url or
// hex run a blob rule would record) lies in the value of a query
// parameter of an http or https URL with another parameter beside it,
// and that value decodes to random bytes (see above).
func queryToken(t []byte, lo, hi int) bool {
	// The parameter: back from the run to its ? or &.
	p := lo - 1
	for ; p >= 0 && lo-p < urlReach && t[p] != '?' && t[p] != '&'; p-- {
		if urlEnd(t[p]) {
			return false
		}
	}
	if p < 0 || t[p] != '?' && t[p] != '&' {
		return false
	}
	eq := p + 1
	for eq < len(t) && eq < hi && t[eq] != '=' {
		if !tokenByte(t[eq]) && t[eq] != '-' && t[eq] != '.' {
			return false
		}
		eq++
	}
	if eq == p+1 || eq >= hi || t[eq] != '=' {
		return false
	}
	vhi := eq + 1
	for vhi < len(t) && !urlEnd(t[vhi]) && t[vhi] != '&' && t[vhi] != '#' {
		vhi++
	}
	if hi > vhi && !shortTail(t, vhi, hi) {
		return false // the run goes on past the value into a blob of its own
	}
	// Another parameter beside it: one before (the & that opens it) or
	// one after (&name=).
	sibling := t[p] == '&'
	if !sibling && vhi < len(t) && t[vhi] == '&' {
		k := vhi + 1
		for k < len(t) && tokenByte(t[k]) {
			k++
		}
		sibling = k > vhi+1 && k < len(t) && t[k] == '='
	}
	if !sibling || !httpBefore(t, p) {
		return false
	}
	// The value's piece of the base64 and base64url alphabets that holds
	// the run.
	a := max(lo, eq+1)
	for a > eq+1 && b64urlAny(t[a-1]) {
		a--
	}
	b := a
	for b < vhi && b64urlAny(t[b]) {
		b++
	}
	pad := b
	for pad < vhi && pad-b < 2 && t[pad] == '=' {
		pad++ // base64's padding
	}
	if pad < min(hi, vhi) {
		return false
	}
	return decodesRandom(t[a:b])
}

// shortTail reports whether the base64 run's bytes t[vhi:hi] past a
// URL's value are a line break and fewer than blobB64Min characters (the
// first word of the next line), not a blob of their own.
func shortTail(t []byte, vhi, hi int) bool {
	if t[vhi] != '\n' && t[vhi] != '\r' {
		return false
	}
	n := 0
	for _, c := range t[vhi:hi] {
		if c != '\n' && c != '\r' {
			n++
		}
	}
	return n < blobB64Min
}

// b64urlValue is the value of c, a character of base64's or
// base64url's alphabet (b64urlAny).
func b64urlValue(c byte) int {
	switch c {
	case '-':
		return 62
	case '_':
		return 63
	}
	return b64Value(c)
}

// b64urlAny reports whether c is of base64's or base64url's alphabet
// (padding aside).
func b64urlAny(c byte) bool {
	return c < 0x80 && (asciiEv[c]&acWord != 0 || c == '+' || c == '/' || c == '-' || c == '_')
}

// httpBefore reports whether the URL word holding t[p] starts with
// http:// or https:// (any case).
func httpBefore(t []byte, p int) bool {
	w := p
	for w > 0 && p-w < urlReach && !urlEnd(t[w-1]) {
		w--
	}
	for k := w; k+7 <= p; k++ {
		if hasPrefixFold(t[k:], "http://") || hasPrefixFold(t[k:], "https://") {
			return true
		}
	}
	return false
}

// decodesRandom reports whether v, hex digits (an even number of them,
// one case) or base64 and base64url characters, decodes to random bytes.
func decodesRandom(v []byte) bool {
	var r randomCount
	hex, lower, upper := len(v)%2 == 0, false, false
	for _, c := range v {
		hex = hex && asciiEv[c]&acHex != 0
		lower = lower || c >= 'a' && c <= 'f'
		upper = upper || c >= 'A' && c <= 'F'
	}
	if hex && !(lower && upper) {
		for i := 0; i+1 < len(v); i += 2 {
			r.add(hexVal(v[i])<<4 | hexVal(v[i+1]))
		}
		return r.random()
	}
	var acc uint32
	bitsIn := 0
	for _, c := range v {
		acc = acc<<6 | uint32(b64urlValue(c))
		if bitsIn += 6; bitsIn >= 8 {
			bitsIn -= 8
			r.add(byte(acc >> bitsIn))
		}
	}
	return r.random()
}

// queryTokenRun reports whether the base64 run from t[start] (its
// letters, digits, + / = and line breaks: b64RunEnd) is a queryToken.
func queryTokenRun(t []byte, start int) bool {
	end, _ := b64RunEnd(t, start)
	return queryToken(t, start, end)
}

// escInLiteral reports whether the \uXXXX escape at t[i] stands in a
// string literal of escapes alone or a character class of escapes and
// ranges alone (see above).
func escInLiteral(t []byte, i int) bool {
	lo, hi := i, i+6
	for lo >= 6 && uEsc(t, lo-6) >= 0 {
		lo -= 6
	}
	for uEsc(t, hi) >= 0 {
		hi += 6
	}
	if lo == 0 || hi >= len(t) {
		return false
	}
	switch open, close := t[lo-1], t[hi]; {
	case open == close && (open == '"' || open == '\'' || open == '`'):
		return true
	case open == '[' || open == '-' || close == ']' || close == '-':
		// A class: back to its [ and on to its ] over escapes and -.
		for lo > 0 && t[lo-1] == '-' && lo >= 7 && uEsc(t, lo-7) >= 0 {
			lo -= 7
			for lo >= 6 && uEsc(t, lo-6) >= 0 {
				lo -= 6
			}
		}
		for hi+7 <= len(t) && t[hi] == '-' && uEsc(t, hi+1) >= 0 {
			hi += 7
			for uEsc(t, hi) >= 0 {
				hi += 6
			}
		}
		return lo > 0 && t[lo-1] == '[' && hi < len(t) && t[hi] == ']'
	}
	return false
}

// hexToken reports whether the hex run of n digits at t[start:] is a
// hash or a link's token, not a blob (endHex).
func hexToken(t []byte, start, n int) bool {
	return hashHex(t, start, n) || queryToken(t, start, start+n)
}
