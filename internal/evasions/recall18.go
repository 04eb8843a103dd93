package evasions

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Session 28 (benchmarks/evplant10.py, a planter written blind, its
// misses outside mixed_script and encoded_blob).
//
// Texts that carry nothing (voidText). evplant10 plants them as hard
// variants (a policy, not a character, tells them): the trace of a
// pipeline that wrote a missing value as a string (placeholder_none_nan:
// None, nan, NaN, null, NULL, N/A, <NA>), an empty string written with
// its quotes (empty_quoted: "", '', " "), an HTML shell with no text
// (empty_html_shell: <html><body></body></html>, <p></p>, <div>&nbsp;</div>)
// and no-break spaces written as entities (nbsp_entities_only). The
// policy, on the whole text with ASCII white space trimmed from both
// ends:
//   - empty_text: a missing-value placeholder, matched exactly (case as
//     listed: pandas' default na_values that are words or signs, None,
//     none, NONE, null, Null, NULL, (null), nil, NaN, nan, NAN, -nan,
//     -NaN, N/A, n/a, NA, <NA>, #N/A, NaT, undefined, Undefined); two
//     quotes of one kind with only white space between ("", '', " "),
//     [] or {} (an empty list or object serialized); or markup alone:
//     one or more tags without attributes (<p>, </BODY>, <br/>), with
//     only white space between them (with no-break-space entities too:
//     whitespace_only, session 29, recall23.go). A tag
//     with an attribute (<img src=...>, <td width=10>, <a href=...>)
//     carries an image, a link or a layout cell of a page cut in slices,
//     and is not taken: corpus-200MB has 2,268 rows of markup and white
//     space alone, 2,089 of them with attributes (table cells of HTML
//     mail cut into rows), 179 of bare tags (`</BODY></HTML>`,
//     `</table>\n</body>\n</html>`), which are now empty_text.
//   - whitespace_only: no-break spaces written as entities (&nbsp;,
//     &#160;, &#xA0;, any case) and ASCII white space, one entity or
//     more.
//
// The kernel's hook is one test of the first byte (or the length) at the
// end of checkTextLazy, as blankText's: voidText reads only a text that
// starts with <, & or white space, or one of voidShort bytes or fewer.
//
// evplant10, seeds 1; 2: placeholder_none_nan, empty_quoted,
// empty_html_shell and nbsp_entities_only 0 -> 30 of 30 each; empty_text
// 0.500 -> 1.000, whitespace_only 0.929 -> 1.000 on both. What it adds
// elsewhere, all bare-tag texts: seed 1's control of 2,000 mails
// (evplant5, 7, 8, 9, 10, 11) 2 rows (`</td>\n</tr>\n</tbody>...` and
// `<html><p><BR><p><p><p>\n</BODY>\n</HTML>`, slices of mail with no
// text), seed 2's none; evplant4's control 1 of 5,094
// (`</table>\n</center>\n</div>\n<p>&nbsp;</p>`); evplant.py's and
// evplant3's (multilingual) none; corpus-200MB 179 rows (empty_text 36
// -> 215, cleaning evasions 1.48% -> 1.61% of rows), corpus-30MB 27
// (empty_text 8 -> 35). No placeholder nor quoted empty string in any of
// them.
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
// Runs of $ (dollarRun): a run of 20 to 99 dollar signs not alone on
// its line (dollar_run_short's "$" rows: "$$$$$$$$$$$$$$$$$$$$$$$$$ Get
// your FREE credit report"; its "!" rows were recall14.go's, its "*"
// rows were left (session 29 took those before a phrase: recall21.go):
// star runs decorate real mail inline, corpus-200MB 511 of them,
// histograms of mailing-list statistics among them) is a
// repeated run from runWordMin, as ! and ? are. corpus-200MB holds 142
// runs of 20 to 99 $, 120 of them alone on their line (separator lines:
// left as they are) and 22 not, all in 16 rows of three chain-letter
// spams ("$$$$$$$$$$$$$$$$$$$$$ YOUR SUCCESS GUIDELINES",
// "<BR>$$$...$<BR>If"), now 16 rows more repeated_run; seed 2's control
// of evplant5 to evplant11 1 row (r01844, the first of those spams), seed
// 1's none, evplant.py's 1 of 3,000 and evplant4's 1 of 5,094 (the same
// spams). dollar_run_short 0.30; 0.47 -> 0.63; 0.73 (seeds 1; 2),
// repeated_run 0.902; 0.900 -> 0.915; 0.910. The kernel stopped at such
// runs already (eight equal bytes: asciiRun); asciiRunMin says 20 for $
// now and asciiRun asks dollarRun under runOtherMin.
//
// The CPU against main 6216817 (evasions test binaries alternated under
// the CPU lock, 20 rounds in four holds of 5, load 4-30, thread CPU,
// benchstat): BenchmarkCheckTextHot 565.0 -> 556.4 us (p=0.84),
// AddCorpus/lazy 20.10 -> 20.63 ms (p=0.41), not told apart; its
// allocations +3.1% (4,710 -> 4,855 an op: the evidence of corpus-30MB's
// 29 rows more, 27 empty_text and 2 repeated_run). No new kernel stop.
//
// The RFC 2047, NEL and private-use rules change nothing else: every
// other planter's scores and controls (evplant5 to evplant11, seeds 1
// and 2; evplant.py, evplant3.py, evplant4.py seed 1), corpus-200MB's
// evasion findings (--checks evasions) and the verify set's reports,
// byte for byte. voidText's and dollarRun's additions are listed with
// them above.

// voidShort is the longest trimmed text voidText takes as a placeholder
// ("undefined", "Undefined"), and the length under which checkTextLazy
// asks voidText whatever the first byte.
const voidShort = 9

// voidText records empty_text or whitespace_only for a text that carries
// nothing but a placeholder, quotes, bare tags or no-break-space
// entities (see above), when neither is found yet.
func voidText(t []byte, found *[numEvasionKinds]string) {
	if found[iEmpty] != "" || found[iWhitespace] != "" {
		return
	}
	lo, hi := 0, len(t)
	for lo < hi && voidSpace(t[lo]) {
		lo++
	}
	for hi > lo && voidSpace(t[hi-1]) {
		hi--
	}
	s := t[lo:hi]
	if len(s) == 0 {
		return // white space alone: the white-space test's
	}
	if len(s) <= voidShort && placeholder(s) {
		found[iEmpty] = "the text is the placeholder " + strconv.Quote(string(s)) + " of a missing value"
		return
	}
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] && allVoidSpace(s[1:len(s)-1]) {
		found[iEmpty] = "the text is an empty quoted string: " + quoteVisible(s, 24)
		return
	}
	if s[0] != '<' && s[0] != '&' {
		return
	}
	tags, ents := 0, 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case voidSpace(c):
			i++
		case c == '&':
			n := nbspEntity(s[i:])
			if n == 0 {
				return
			}
			ents++
			i += n
		case c == '<':
			n := bareTag(s[i:])
			if n == 0 {
				return
			}
			tags++
			i += n
		default:
			return
		}
	}
	switch {
	case ents == 0:
		found[iEmpty] = "the text is markup with no text: " + strconv.Itoa(tags) + " " + plural(tags, "tag") + " without attributes: " + quoteVisible(s, 24)
	case tags > 0: // what renders is white space (recall23.go)
		found[iWhitespace] = "the text is " + strconv.Itoa(ents) + " no-break " + plural(ents, "space") + " written as HTML entities between " + strconv.Itoa(tags) + " " + plural(tags, "tag") + " without attributes: " + quoteVisible(s, 24)
	default:
		found[iWhitespace] = "the text is " + strconv.Itoa(ents) + " no-break " + plural(ents, "space") + " written as HTML entities: " + quoteVisible(s, 24)
	}
}

// voidSpace reports whether c is ASCII white space (vertical tab and form
// feed too).
func voidSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func allVoidSpace(s []byte) bool {
	for _, c := range s {
		if !voidSpace(c) {
			return false
		}
	}
	return true
}

// placeholder reports whether s is a missing-value placeholder or an
// empty list or object ([], {}).
func placeholder(s []byte) bool {
	switch string(s) {
	case "None", "none", "NONE", "null", "Null", "NULL", "(null)", "nil", "NaN", "nan", "NAN", "-nan", "-NaN",
		"N/A", "n/a", "NA", "<NA>", "#N/A", "NaT", "undefined", "Undefined", "[]", "{}":
		return true
	}
	return false
}

// nbspEntity returns the length of the no-break-space entity s starts
// with (&nbsp;, &#160;, &#xA0;, any case; leading zeros allowed), or 0.
func nbspEntity(s []byte) int {
	end := 0
	for k := 1; k < len(s) && k <= 12; k++ {
		if s[k] == ';' {
			end = k + 1
			break
		}
	}
	if end < 4 {
		return 0
	}
	var b [11]byte
	name := b[:0]
	for _, c := range s[1 : end-1] {
		name = append(name, c|0x20) // lower case (digits and # unchanged)
	}
	switch {
	case string(name) == "nbsp":
		return end
	case name[0] != '#':
		return 0
	}
	digits, want := name[1:], "160"
	if len(digits) > 0 && digits[0] == 'x' {
		digits, want = digits[1:], "a0"
	}
	for len(digits) > len(want) && digits[0] == '0' {
		digits = digits[1:]
	}
	if string(digits) == want {
		return end
	}
	return 0
}

// bareTag returns the length of the tag without attributes s starts
// with: <name>, </name>, <name/>, a letter then letters and digits,
// white space before > or />; 0 when s starts with no such tag.
func bareTag(s []byte) int {
	i := 1
	if i < len(s) && s[i] == '/' {
		i++
	}
	start := i
	for i < len(s) && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z' || i > start && s[i] >= '0' && s[i] <= '9') {
		i++
	}
	if i == start {
		return 0
	}
	for i < len(s) && voidSpace(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '/' && s[1] != '/' {
		i++
	}
	if i < len(s) && s[i] == '>' {
		return i + 1
	}
	return 0
}

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

// dollarRun reports whether the run of $ from t[start] is a repeated run
// from runWordMin: not alone on its line (white space, > quote marks and
// HTML tags around it allowed, as ruleLine allows them).
func dollarRun(t []byte, start int) bool {
	for j := start - 1; j >= 0 && t[j] != '\n' && t[j] != '\r'; j-- {
		if t[j] == '>' {
			if k := bytes.LastIndexByte(t[max(0, j-tagMax):j], '<'); k >= 0 && htmlTag(t[max(0, j-tagMax)+k:j+1]) {
				j = max(0, j-tagMax) + k // an HTML tag before the run: <BR>$$$
			}
			continue
		}
		if t[j] != ' ' && t[j] != '\t' {
			return true
		}
	}
	end := start
	for end < len(t) && t[end] == '$' {
		end++
	}
	for ; end < len(t) && t[end] != '\n' && t[end] != '\r'; end++ {
		if t[end] == '<' {
			if k := bytes.IndexByte(t[end:min(len(t), end+tagMax)], '>'); k >= 0 && htmlTag(t[end:end+k+1]) {
				end += k // an HTML tag after it: $$$<BR>
				continue
			}
		}
		if t[end] != ' ' && t[end] != '\t' {
			return true
		}
	}
	return false
}
