package evasions

import (
	"encoding/base64"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Session 28 (benchmarks/evplant10.py, a planter written blind, its
// misses outside mixed_script and encoded_blob).
//
// RFC 2047 B-encoded words (rfc2047Find): rfc2047.go decoded a UTF-8
// B word for mixed_script only; a zero-width space or an override in a
// Subject travels the same way (rfc2047_subject_zwsp 0.43; 0.50,
// rfc2047_subject_rlo 0.53; 0.47 on seeds 1; 2: the Q half of each was
// qp.go's). Now the decoded word's invisible_char and bidi_control are
// the row's too, at the same kernel stop (=? before a letter): both
// 1.00; 1.00. corpus-200MB's 176 B words declare no UTF-8: unchanged.
//
// NEL line ends (nelLineEnd): U+0085 is Windows-1252's ellipsis read as
// Latin-1 (cp1252Punct kept it plain but between two letters) or EBCDIC's
// NEL written where line ends go (nel_line_ends_ebcdic 0.47; 0.47: only
// the NELs between two letters were found). SpamAssassin's mail
// (the package's five folders read as Latin-1, binary parts left out)
// holds 166 ellipses 0x85 between ASCII characters: after a letter before . , space, a line
// end, < & or ", after a space before a space, a line end, < , . or a
// letter, after ) before . or a space, at a line's start before , or .,
// and in threes ("now that………???", evplant4's control); never after >
// or before it, never between an ASCII digit or punctuation and a letter
// or digit. Those are the line ends now, a run of U+0085 taken as one
// and judged by the characters around it (two letters: a line end as
// before): nel_line_ends_ebcdic 0.97; 0.90 (left: NELs after a space or
// a letter before a space or a line end, where ellipses go).
//
// Private-use blocks (puaBlockMin): symbol fonts (Wingdings, Symbol)
// map their glyphs to U+F020..U+F0FF, and a block of them pasted after a
// mail shows as boxes or dingbats (private_use_wingdings 0.83; 0.87: the
// blocks of 20 to 31 missed symBlockMin). A block of symBlock's of 20+
// private-use characters, its changes and different characters as
// symBlock asks, is non_text: 1.00; 1.00. corpus-200MB and the controls
// of evplant5, evplant10, evplant.py, evplant3 and evplant4 hold no run
// of 20 private-use characters.
//
// Unchanged: every other planter's scores and controls (evplant5 to
// evplant11, seeds 1 and 2; evplant.py, evplant3.py, evplant4.py seed
// 1); corpus-200MB's evasion findings (--checks evasions) and the
// verify set's reports, byte for byte.

// rfc2047Find records at found the mixed_script, invisible_char and
// bidi_control findings of the UTF-8 B-encoded word at t[i] (=?) that
// found lacks: the decoded word checked as a text of its own.
func rfc2047Find(t []byte, i int, found *[numEvasionKinds]string) {
	if found[iMixed] != "" && found[iInvisible] != "" && found[iBidi] != "" {
		return
	}
	f, pre := rfc2047Check(t, i)
	for _, k := range [...]int{iMixed, iInvisible, iBidi} {
		if found[k] == "" && f[k] != "" {
			found[k] = pre + f[k]
		}
	}
}

// rfc2047Found reports whether the B-encoded word at t[i] holds a
// finding of rfc2047Find's of a category not in mask (bits 1<<k, as
// qpFound's).
func rfc2047Found(t []byte, i int, mask int) bool {
	if mask&(1<<iMixed) != 0 && mask&(1<<iInvisible) != 0 && mask&(1<<iBidi) != 0 {
		return false
	}
	f, _ := rfc2047Check(t, i)
	for _, k := range [...]int{iMixed, iInvisible, iBidi} {
		if mask&(1<<k) == 0 && f[k] != "" {
			return true
		}
	}
	return false
}

// rfc2047Check checks the decoding of the UTF-8 B-encoded word at t[i]
// as a text and returns its findings and the prefix of their evidence in
// the row; nothing when no such word is there or its decoding is not
// UTF-8.
func rfc2047Check(t []byte, i int) (f [numEvasionKinds]string, pre string) {
	p, e, end := rfc2047B(t, i)
	if p < 0 {
		return f, ""
	}
	d := make([]byte, base64.StdEncoding.DecodedLen(e-p))
	n, err := base64.StdEncoding.Decode(d, t[p:e])
	if err != nil || !utf8.Valid(d[:n]) {
		return f, ""
	}
	d = d[:n]
	checkText(d, &f)
	return f, "RFC 2047 encoded word at byte " + strconv.Itoa(i) + " (" + quoteVisible(t[i:end], 24) + ") decodes to " + strconv.Quote(string(d)) + ": "
}

// nelLineEnd reports whether U+0085 at t[i] (its two bytes) is a line
// end rather than Windows-1252's ellipsis read as Latin-1 (see above).
// Its run of U+0085 is taken as one ("now that………???" is an ellipsis
// thrice) and judged by the characters before and after the run: a line
// end between two letters, after or before >, or before an ASCII letter
// or digit after ASCII punctuation or an ASCII digit.
func nelLineEnd(t []byte, i int) bool {
	lo, hi := i, i+2
	for lo >= 2 && t[lo-2] == 0xC2 && t[lo-1] == 0x85 {
		lo -= 2
	}
	for hi+2 <= len(t) && t[hi] == 0xC2 && t[hi+1] == 0x85 {
		hi += 2
	}
	if lo == 0 || hi == len(t) {
		return false // cp1252Punct's: never plain at a text's edge
	}
	prev, _ := utf8.DecodeLastRune(t[:lo])
	next, _ := utf8.DecodeRune(t[hi:])
	switch {
	case prev == '>' || next == '>':
		return true
	case unicode.IsLetter(prev) && unicode.IsLetter(next) && prev != utf8.RuneError && next != utf8.RuneError:
		return true
	case prev >= utf8.RuneSelf || next >= utf8.RuneSelf || prev <= ' ':
		return false
	}
	return asciiEv[next]&acWord != 0 && asciiEv[prev]&acLetter == 0
}

// puaBlockMin is the fewest private-use characters a block of symbols
// (symBlock) needs to be non_text when it is shorter than symBlockMin.
const puaBlockMin = 20

// isPrivateUse reports whether r is a private-use character of the BMP
// or of planes 15 and 16.
func isPrivateUse(r rune) bool {
	return r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000 && r <= 0x10FFFD
}

// puaBlockEvidence is the non_text evidence of a block of private-use
// characters from t[start].
func puaBlockEvidence(t []byte, start int) string {
	return "a block of " + strconv.Itoa(puaBlockMin) + "+ private-use characters (symbol-font glyphs) from byte " + strconv.Itoa(start) + ": " + quoteVisible(t[start:], 24)
}
