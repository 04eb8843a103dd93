package evasions

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
)

// Session 29 (benchmarks/evplant12.py, a twelfth planter written blind:
// its encoded_blob and non_text misses).
//
// Markup and no-break spaces (voidText, recall18.go): a text of tags
// without attributes, `&nbsp;` references and white space alone
// (evplant12's hard ws_html_nbsp_only, `&nbsp; <br>&nbsp;\n<br>`, 2 of
// 30; 1 on seed 2) was empty_text, as markup with no text. What renders
// of it is white space, the no-break spaces, so it is whitespace_only
// now when it holds one entity or more, and empty_text still when it
// holds none (`<br><br>`: nothing renders). ws_html_nbsp_only 29 of 30
// on seed 2 (the one left is `<br><br>` alone), 30 of 30 on seed 1;
// evplant10's empty_html_shell takes either. corpus-200MB: 7 rows
// (`<p>&nbsp;</p>` between closing tags of a page cut in slices) move
// from empty_text (215 -> 208) to whitespace_only (1,082 -> 1,089).
//
// Hex after a key (hexAfterKey): `token=` then the hex of a paragraph on
// one line (eb_hex_string 26 of 30 on seed 1). endHex leaves a hex run
// that lies in a region of the base64 alphabet that inBlob calls a blob:
// that region (letters, digits, + / = and line breaks) went on through
// the = and, across the line break, into the word ending the line before
// ("CLICK\ntoken=5769..."), whose capitals gave it the three classes;
// the base64 run itself (which an = ends) had no capital and was no blob
// either, so neither was recorded. An = then a hex run is a key and its
// value, never the inside of a base64 body (an = there is padding, at
// its end): a hex run right after an = after a letter is judged as a
// hex run alone. eb_hex_string 26 -> 30 of 30 on seed 1.
//
// Binary digits (binaryBlob): a phrase written as 8-bit groups
// (`01000011 01101100 ...`, eb_binary_digits 0 of 30). binGroupMin
// groups or more, each eight of 0 and 1 starting with 0 (an ASCII
// byte) and standing for a printable character or a line break, one
// space or line break between groups, is an encoded_blob. Such a line
// is digits and spaces, a chain of hex blocks to scan: the kernel and
// the block loop stop there already (chainHex), and hexClean gives up
// when the stretch holds such groups (binaryIn). corpus-200MB holds no
// run of six 8-bit groups.
//
// Short base64 on the last line (b64TailLine): after a `-- ` signature
// line, one line with the base64 of one spam phrase (eb_b64_short_in_sig
// 0 of 30: 48 to 80 characters, under blobB64Min). A line of base64
// alone that decodes to printable ASCII words is hidden text. How short
// such lines are in clean mail (corpus-200MB, 137,265 rows, lines of the
// base64 alphabet alone, a multiple of 4 long, decoding to printable
// ASCII): 6,812 + 1,955 decode to words (two spaces, three words,
// letters 60% of it) and sit in wrapped base64 bodies (a base64 line
// before or after them); only 41 stand alone (neither line beside them
// of the base64 alphabet), all the cut first or last lines of a text
// part sent as base64 (a row is a slice of a mail), 32 to 79 long. No
// message id, token or PGP line decodes to words. The kernel does not
// stop at a line of 48 to 80 base64 characters (a chain of base64 blocks
// stops it at chainB64, 80+ bytes) and a new stop would cost every
// chunk of prose, so the rule reads the text's last line only, once a
// row, after the scan (where a signature's line stands): the line must
// be 16 to 200 characters of the alphabet, padded to a multiple of 4,
// decode to printable ASCII words as above, and the line before it must
// not be of the base64 alphabet alone (the end of a wrapped body) nor a
// Content-Transfer-Encoding: base64 header declare it (declaredMIME: a
// text part's one line, encoded_attachment's business; 2 rows of
// corpus-200MB). After a declared part the row's blob evidence is the
// line's, as a blob after an attachment is (blobAfterAny): the one
// eb_b64_short_in_sig row of 30 a seed that holds an attachment.
// eb_b64_short_in_sig 0 -> 30 of 30. Lines elsewhere (evplant11's hard
// b64_short, `ref: ` and the base64 of a phrase inside a line) are left:
// they need a kernel stop.
//
// Left: eb_rot13 (hard: letters and spaces, no alphabet tells it; a
// test of its words, gur, naq, lbh, would read every word of every row,
// where the kernel takes prose in chunks), nt_hexdump_xxd's one row of
// 30 on seed 1 (a mail with an attachment, the dump appended: the blob
// slot keeps the attachment's evidence; blobAfterPart's proseSkip passes
// stretches of hex and white space under blobHexMin, and an xxd line is
// 39 bytes between its offset and its text column, so taking dump lines
// there would read every attachment's following prose again).
//
// The CPU against main 637b0b3 (evasions test binaries alternated under
// the CPU lock, 10 rounds, load 12-14, thread CPU, benchstat):
// BenchmarkCheckTextHot 594.5 -> 601.9 us (p=0.48, +-9% and +-17%),
// AddCorpus/lazy 22.19 -> 21.58 ms (p=0.17): not told apart; the host's
// noise is larger than the 2% asked. No new kernel stop: binaryIn runs
// where hexClean already reads a hex chain's stretch, endHex's tests
// where a hex run of 8 ends, gzipEvidence in rows with a control only,
// b64TailLine once a row on its last line (back to the first byte out
// of the base64 alphabet: the last word of most texts).
//
// gzip read as Latin-1 (gzipEvidence): gzip's bytes decoded as Latin-1
// in a body line (nt_gzip_raw_in_body 3 of 30; 7 on seed 2) were found
// as control_char only: 96 to 244 bytes in a mail of thousands are
// fewer than one control in binaryShare of its characters. The gzip
// magic, U+001F U+008B U+0008 (or its raw bytes 1F 8B 08), then
// binaryMin or more controls (C0 but tab and line breaks, DEL, C1) in
// the 64 characters after it, is non_text. Asked only of a text with a
// control finding, as binaryEvidence is.

// hexAfterKey reports whether the hex run from t[start] follows an = after
// a letter (key=value): a base64 body's = is padding at its end, so the
// run is not inside one whatever inBlob reads around it.
func hexAfterKey(t []byte, start int) bool {
	return start >= 2 && t[start-1] == '=' && asciiEv[t[start-2]]&acLetter != 0
}

// binGroupMin is the fewest 8-bit groups in a row binaryBlob takes.
const binGroupMin = 8

// binGroup reports whether t[i:] starts with an 8-bit group of an ASCII
// character: eight of 0 and 1, the first 0, a printable character, tab
// or line break, not followed by a letter or digit.
func binGroup(t []byte, i int) bool {
	if i < 0 || i+8 > len(t) || t[i] != '0' {
		return false
	}
	v := 0
	for _, c := range t[i : i+8] {
		if c != '0' && c != '1' {
			return false
		}
		v = v<<1 | int(c-'0')
	}
	if i+8 < len(t) && asciiEv[t[i+8]]&acWord != 0 {
		return false
	}
	return v >= 0x20 && v < 0x7F || v == '\t' || v == '\n' || v == '\r'
}

// binSep returns the length of the separator between two 8-bit groups at
// t[k]: a space or a line feed (1), CR LF (2), or 0.
func binSep(t []byte, k int) int {
	switch {
	case k < len(t) && (t[k] == ' ' || t[k] == '\n'):
		return 1
	case k+1 < len(t) && t[k] == '\r' && t[k+1] == '\n':
		return 2
	}
	return 0
}

// binaryRun returns the 8-bit groups in a row from t[i] (binGroup, binSep
// between them) and where the last ends.
func binaryRun(t []byte, i int) (n, end int) {
	end = i
	for binGroup(t, i) {
		n++
		end = i + 8
		s := binSep(t, end)
		if s == 0 {
			break
		}
		i = end + s
	}
	return n, end
}

// binaryBlob reports whether t[i] starts a run of binGroupMin 8-bit
// groups or more, at the text's start or after white space.
func binaryBlob(t []byte, i int) bool {
	if i > 0 && t[i-1] != ' ' && t[i-1] != '\t' && t[i-1] != '\n' && t[i-1] != '\r' {
		return false
	}
	n, _ := binaryRun(t, i)
	return n >= binGroupMin
}

// binaryFirst reports whether the 8-bit group at t[i] is the first of its
// run: no group ends a separator before it. Runs are read from their
// first group only.
func binaryFirst(t []byte, i int) bool {
	return !(i >= 9 && binSep(t, i-1) == 1 && binGroup(t, i-9) || i >= 10 && binSep(t, i-2) == 2 && binGroup(t, i-10))
}

// binaryIn reports whether t[lo:hi], a stretch of hex digits and white
// space, holds a binaryBlob.
func binaryIn(t []byte, lo, hi int) bool {
	for j := lo; j+8*binGroupMin <= hi+1; j++ {
		if t[j] == '0' && (j == 0 || t[j-1] == ' ' || t[j-1] == '\n' || t[j-1] == '\r' || t[j-1] == '\t') && binaryBlob(t, j) {
			return true
		}
	}
	return false
}

// binaryEvidenceAt is the encoded_blob evidence of the 8-bit groups from
// t[i].
func binaryEvidenceAt(t []byte, i int) string {
	n, end := binaryRun(t, i)
	var d []byte
	for j := i; j < end; j += 8 + binSep(t, j+8) {
		v := byte(0)
		for _, c := range t[j : j+8] {
			v = v<<1 | (c - '0')
		}
		d = append(d, v)
		if len(d) == 24 {
			break
		}
	}
	return strconv.Itoa(n) + " 8-bit groups of binary digits from byte " + strconv.Itoa(i) + " decode to " + quoteVisible(d, 24) + ": " + quoteVisible(t[i:], 24)
}

// b64TailMin and b64TailMax bound the length of the base64 line
// b64TailLine takes.
const (
	b64TailMin = 16
	b64TailMax = 200
)

// tailEnd is where a rule reading a text's end (b64TailLine, utf7Tail)
// starts from: the end with trailing white space left out, and false
// when a blob is found already (an attachment's evidence gives way, as
// blobAfterAny's does).
func tailEnd(t []byte, found *[numEvasionKinds]string) (hi int, ok bool) {
	if found[iBlob] != "" && !strings.HasPrefix(found[iBlob], attachmentEvidence) {
		return 0, false
	}
	hi = len(t)
	for hi > 0 && voidSpace(t[hi-1]) {
		hi--
	}
	return hi, true
}

// b64TailLine records an encoded_blob for a text whose last line (trailing
// white space left out) is a short line of base64 that decodes to
// printable ASCII words, the line before it not of the base64 alphabet
// alone (see above).
func b64TailLine(t []byte, found *[numEvasionKinds]string) {
	hi, ok := tailEnd(t, found)
	if !ok {
		return
	}
	lo := hi
	for lo > 0 && hi-lo <= b64TailMax && t[lo-1] != '\n' && t[lo-1] != '\r' {
		c := t[lo-1]
		if c >= 0x80 || asciiEv[c]&acB64 == 0 {
			return
		}
		lo--
	}
	n := hi - lo
	if n < b64TailMin || n > b64TailMax || n%4 != 0 {
		return
	}
	line := t[lo:hi]
	if bytes.IndexByte(line[:n-2], '=') >= 0 {
		return // = only as padding at its end
	}
	if b64AloneBefore(t, lo) || declaredMIME(t, lo) >= 0 {
		return // the end of a wrapped body; a text part declared base64, an attachment's
	}
	var buf [b64TailMax * 3 / 4]byte
	d := buf[:base64.StdEncoding.DecodedLen(n)]
	m, err := base64.StdEncoding.Decode(d, line)
	if err != nil || !asciiWords(d[:m]) {
		return
	}
	found[iBlob] = "a line of " + strconv.Itoa(n) + " base64 characters at byte " + strconv.Itoa(lo) + " decodes to ASCII words " + strconv.Quote(string(d[:min(m, 48)])) + ": " + quoteVisible(line, 24)
}

// b64AloneBefore reports whether the line before the one starting at
// t[lo] (after its line break) is b64TailMin or more bytes of the base64
// alphabet alone, white space before them allowed: the end of a wrapped
// base64 body (corpus-200MB has bodies whose lines start with a space).
func b64AloneBefore(t []byte, lo int) bool {
	j := lo
	for j > 0 && (t[j-1] == '\n' || t[j-1] == '\r') && lo-j < 2 {
		j--
	}
	if j == lo || j == 0 {
		return false
	}
	k := j
	for k > 0 && t[k-1] < 0x80 && asciiEv[t[k-1]]&acB64 != 0 {
		k--
	}
	n := j - k
	for k > 0 && (t[k-1] == ' ' || t[k-1] == '\t') {
		k-- // indented, as blobAfterPart lets a body's line be
	}
	return n >= b64TailMin && (k == 0 || t[k-1] == '\n' || t[k-1] == '\r')
}

// asciiWords reports whether d is printable ASCII that reads as words:
// two spaces or more, three runs of two letters or more, letters 60% of
// it or more.
func asciiWords(d []byte) bool {
	spaces, words, letters, run := 0, 0, 0, 0
	for _, c := range d {
		if c < 0x20 || c >= 0x7F {
			return false
		}
		if c|0x20 >= 'a' && c|0x20 <= 'z' {
			letters++
			if run++; run == 2 {
				words++
			}
			continue
		}
		run = 0
		if c == ' ' {
			spaces++
		}
	}
	return spaces >= 2 && words >= 3 && letters*5 >= len(d)*3
}

// gzipWindow is how many characters after the gzip magic gzipEvidence
// reads for controls.
const gzipWindow = 64

// gzipEvidence returns the non_text evidence of gzip data read as Latin-1
// in t (see above), or "".
func gzipEvidence(t []byte) string {
	for from := 0; ; {
		k := bytes.IndexByte(t[from:], 0x1F)
		if k < 0 {
			return ""
		}
		at := from + k
		from = at + 1
		var end int
		switch rest := t[from:]; {
		case len(rest) >= 3 && rest[0] == 0xC2 && rest[1] == 0x8B && rest[2] == 0x08:
			end = from + 3
		case len(rest) >= 2 && rest[0] == 0x8B && rest[1] == 0x08:
			end = from + 2
		default:
			continue
		}
		n := 0
		for i, chars := end, 0; i < len(t) && chars < gzipWindow; chars++ {
			switch c := t[i]; {
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7F:
				n++
				i++
			case c == 0xC2 && i+1 < len(t) && t[i+1] >= 0x80 && t[i+1] <= 0x9F:
				n++
				i += 2
			case c < 0x80:
				i++
			default:
				i++
				for i < len(t) && t[i]&0xC0 == 0x80 {
					i++
				}
			}
		}
		if n >= binaryMin {
			return "gzip data read as text (magic 1F 8B 08) at byte " + strconv.Itoa(at) + ", " + strconv.Itoa(n) + " controls in the " + strconv.Itoa(gzipWindow) + " characters after it: " + quoteVisible(t[at:], 24)
		}
	}
}
