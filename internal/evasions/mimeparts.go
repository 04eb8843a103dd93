package evasions

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"unicode/utf8"
)

// Declared base64 text parts (session 31, issue 20): benchmarks/
// evplant10.py's b64_body_zwsp and evplant11.py's b64_body_cyr plant a
// zero-width space or Cyrillic look-alikes in a text/plain part that a
// "Content-Transfer-Encoding: base64" header declares. The raw text is
// ASCII base64, which the rules call an encoded_attachment; a mail
// client decodes it and shows the characters, so a mail-aware auditor
// judges what it decodes to as it judges plain text.
//
// mimeParts.check decodes each such part of a row (Content-Type text/*,
// charset UTF-8, US-ASCII or none, or ISO-8859-1, -15 and Windows-1252
// transcoded; at most mimePartMax bytes of base64 a part) into the
// worker's scratch and runs checkText on it; an invisible character, a
// bidi control, a word mixing scripts or a repeated run found there is
// the row's, its evidence saying which part (the byte of the part's
// body in the row, then the decoded text's own evidence). Only rows
// where checkText found a blob are read (a declared base64 body of
// blobB64Min characters or more is one: encoded_attachment or, with a
// blob after it, encoded_blob): Checker.Add asks, so checkText itself,
// and its reference refCheckText, are unchanged.
//
// The categories taken from a decoded part are those whose raw form the
// part hides; the others stay the raw text's: a decoded part's controls
// (form feeds), replacement characters, blobs (a PGP signature inside
// the text) and non_text (a part of symbols) are the writer's text, not
// hidden from a cleaner that decodes nothing.
//
// Why rows with a blob only: a declared base64 body of blobB64Min or
// more is one, and a part declared quoted-printable can hide only what
// its escapes write (its ASCII is the raw text's): qp.go judges escapes
// of an invisible character, a bidi control or a look-alike where the
// kernel stops, and a run of escapes long enough to hide padding
// (runSpaceOtherMin no-break spaces, 300 bytes of =C2=A0) is a blob of
// escMinBytes. Searching every row for part headers would read all the
// text again.
//
// # Measured (session 31)
//
// Recall, seeds 1; 2: evplant10 b64_body_zwsp 0 -> 29/30; 30/30 (the
// miss, r04786, has no blob found in the raw text), padding_in_qp_part
// 0 -> 30/30; 30/30; evplant11 b64_body_cyr 0 -> 30/30; 30/30; every
// other score of evplant5-13 and every control identical.
//
// Clean mail (TestMIMEPartCensus, EVASIONS_CENSUS=FILE): corpus-200MB-s1
// has 7,541 rows with a blob (17.8 MB); in them 444 declared text parts
// (base64 84 UTF-8, 275 Latin-1; quoted-printable 27, 53 and 5
// Windows-1252; 1.09 MB; 458 once partContentType reads Content-Type
// lines that are not the block's first match), 140 (149) of which do not decode to text and are
// skipped (textLike). The parts' own findings: repeated_run 2 (spam's
// runs of 100 "+" and 21 "$", both rows now flagged, as the same text
// unencoded is), invisible_char 2 (soft hyphens of Latin-1 parts: a
// cut base64 line's noise and a spam URL's unescaped "q=AD", not taken:
// see mimeKinds); decoded line by line; whole-stream decoding found 15
// (soft hyphens and look-alikes in the noise after a cut line). 2,299
// rows with no blob hold 4.0 MB of declared text parts, not read.
// evplant5's controls (2,000 rows each): 49 and 46 rows with a blob,
// 28 and 18 parts, no finding. SpamAssassin's 6,046 whole messages
// (benchmarks/sa_messages.py): 158 rows with a blob, 85 parts, no
// finding; `scan --checks evasions` byte-identical.
//
// Cost: the default audit of the benchmark Parquet, pprof over 10 runs:
// mimeParts.check 0.67% of the samples (0.10 of 14.84 s; indexFold,
// textCharset, the decoded parts' checkText, decode about equal
// shares); with partContentType reading the header by lines, 0.66%
// (0.10 of 15.07 s at load 23: indexFold 0.27%, the decoded parts'
// checkText 0.20%). Under the 1% asked, so no gate on the raw base64
// (its 4-character groups that could write a zero-width space or a
// Cyrillic letter) was tried: decoding is under 0.1%. BenchmarkAddCorpus/lazy, 20 runs alternated with main's test
// binary at load 11-14: CPU 28.29 ms +-6% against 28.54 ms +-11%
// (p=0.62); bytes +25% (the scratch, grown once per Checker); at the
// last commit, load 16-31, 28.80 ms +-12% against 29.42 ms +-11%
// (p=0.55): the noise is wider than the cost. Its profile (150
// iterations): mimeParts.check 2.2% of the samples, 2.7% of Add's.
type mimeParts struct {
	buf   []byte // scratch: the decoded part, then its UTF-8 when transcoded
	found [numEvasionKinds]string
}

// mimePartMax is the most base64 of a part that mimeParts decodes: the
// text parts of mail are a few KB; a longer one is read to here.
const mimePartMax = 256 << 10

// mimeKinds are the categories a decoded part may add to its row. From
// a part in a Latin charset, not invisible_char: its one invisible
// character is the soft hyphen (U+00AD), which Latin-1 text uses as a
// hyphenation point, and which spam's URLs hold as "=AD" in parts
// declared quoted-printable that their writer did not escape
// (corpus-200MB-s1, line 82025: "Click?q=AD-_4IAQ..."), and cut lines
// of base64 decode to (line 24315).
var mimeKinds = [...]int{iInvisible, iBidi, iMixed, iRepeated}

// textPart is a text part nextTextPart found: its body is t[body:end],
// declared quoted-printable (qp) or base64, in the charset cs
// (textCharset's).
type textPart struct {
	body, end int
	qp        bool
	cs        int
}

// nextTextPart returns the first part of t from off on whose header block
// declares it base64 or quoted-printable text (a Content-Transfer-Encoding
// line, partBody, textCharset), and where to look for the next part; ok
// is false when there is none.
func nextTextPart(t []byte, off int) (p textPart, next int, ok bool) {
	const header = "content-transfer-encoding:"
	for off < len(t) {
		k := indexFold(t[off:], header)
		if k < 0 {
			break
		}
		at := off + k
		off = at + len(header)
		if at > 0 && t[at-1] != '\n' {
			continue // not a header line
		}
		v := off
		for v < len(t) && (t[v] == ' ' || t[v] == '\t') {
			v++
		}
		qp := hasPrefixFold(t[v:], "quoted-printable")
		if !qp && !hasPrefixFold(t[v:], "base64") {
			continue
		}
		body, ok := partBody(t, at)
		if !ok {
			continue
		}
		cs, ok := textCharset(t, at, body)
		if !ok {
			continue
		}
		end := b64End(t, body)
		if qp {
			end = qpBodyEnd(t, body)
		}
		return textPart{body: body, end: end, qp: qp, cs: cs}, max(off, end), true
	}
	return textPart{}, len(t), false
}

// decodePart returns p's body decoded (at most mimePartMax bytes of it),
// in m's scratch.
func (m *mimeParts) decodePart(t []byte, p textPart) []byte {
	b := t[p.body:min(p.end, p.body+mimePartMax)]
	if p.qp {
		return m.decodeQP(b)
	}
	return m.decode(b)
}

// check adds to found what the declared base64 text parts of t hide.
func (m *mimeParts) check(t []byte, found *[numEvasionKinds]string) {
	for off := 0; ; {
		p, next, ok := nextTextPart(t, off)
		if !ok {
			return
		}
		off = next
		enc := "base64"
		if p.qp {
			enc = "quoted-printable"
		} else if p.end-p.body < 4 {
			continue
		}
		d := m.decodePart(t, p)
		body, cs := p.body, p.cs
		if len(d) == 0 || !textLike(d, cs) {
			continue
		}
		d = m.charset(d, cs)
		m.found = [numEvasionKinds]string{}
		checkTextLazy(d, &m.found, lazyReplacement|lazyBlob|lazyAttachment) // evidence of none of mimeKinds

		done := true
		for _, c := range mimeKinds {
			if c == iInvisible && cs != csUTF8 {
				continue // a soft hyphen, Latin-1's one invisible character: see mimeKinds
			}
			if found[c] == "" && m.found[c] != "" {
				found[c] = "in the MIME part declared " + enc + " from byte " + strconv.Itoa(body) + ", decoded: " + m.found[c]
			}
			done = done && found[c] != ""
		}
		if done {
			return
		}
	}
}

// partBody returns where the body of the part whose header block holds
// the line at t[at] starts: past the blank line that ends the block,
// within mimeHeaderReach bytes.
func partBody(t []byte, at int) (int, bool) {
	w := t[at:min(len(t), at+mimeHeaderReach)]
	if k := bytes.Index(w, []byte("\n\r\n")); k >= 0 {
		w = w[:k+3] // a blank line of CR LF; a bare one before it wins below
	}
	if k := bytes.Index(w, []byte("\n\n")); k >= 0 {
		return at + k + 2, true
	}
	if k := bytes.Index(w, []byte("\n\r\n")); k >= 0 {
		return at + k + 3, true
	}
	return 0, false
}

// mimeHeaderReach is how far around a Content-Transfer-Encoding header
// the other fields of its part's header are looked for.
const mimeHeaderReach = 1024

// Charsets a decoded part is read in.
const (
	csUTF8 = iota
	csLatin1
	csWindows1252
)

// textCharset returns the charset of the part whose header holds the
// line at t[at] and ends where its body starts, t[body]: its
// Content-Type must be text/* and its charset one mimeParts reads.
func textCharset(t []byte, at, body int) (int, bool) {
	k := partContentType(t, at, body)
	if k < 0 {
		return 0, false
	}
	v := t[k+len("content-type:") : body]
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	if !hasPrefixFold(v, "text/") {
		return 0, false
	}
	// The value runs to the first line that is not a continuation.
	e := 0
	for {
		n := bytes.IndexByte(v[e:], '\n')
		if n < 0 {
			e = len(v)
			break
		}
		e += n + 1
		if e >= len(v) || v[e] != ' ' && v[e] != '\t' {
			break
		}
	}
	v = v[:e]
	c := indexFold(v, "charset=")
	if c < 0 {
		return csUTF8, true
	}
	cs := v[c+len("charset="):]
	if len(cs) > 0 && cs[0] == '"' {
		cs = cs[1:]
	}
	name := cs
	if e := bytes.IndexAny(cs, "\"; \t\r\n"); e >= 0 {
		name = cs[:e]
	}
	var low [16]byte
	if len(name) > len(low) {
		return 0, false
	}
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	switch string(low[:len(name)]) { // no allocation: the compiler compares in place
	case "utf-8", "utf8", "us-ascii", "ascii":
		return csUTF8, true
	case "iso-8859-1", "iso8859-1", "iso-8859-15", "iso8859-15", "latin1", "latin-1":
		return csLatin1, true
	case "windows-1252", "cp1252":
		return csWindows1252, true
	}
	return 0, false
}

// partContentType returns where the Content-Type line of the part whose
// header holds the line at t[at] starts, or -1: the lines from there to
// the body at t[body], then those above it to the blank line that
// starts the header, within mimeHeaderReach. Line by line, not a search
// of the block's bytes (bytes.LastIndex of the blank line and indexFold
// were most of textCharset's time, which every declared attachment
// pays).
func partContentType(t []byte, at, body int) int {
	for p := at; p < body; {
		if hasPrefixFold(t[p:body], "content-type:") {
			return p
		}
		k := bytes.IndexByte(t[p:body], '\n')
		if k < 0 {
			break
		}
		p += k + 1
	}
	lo := max(0, at-mimeHeaderReach)
	for e := at - 1; e > lo; { // t[e] is the line feed that ends the line above
		s := bytes.LastIndexByte(t[lo:e], '\n') + 1 + lo
		line := t[s:e]
		if len(line) == 0 || len(line) == 1 && line[0] == '\r' {
			break // the blank line above the header
		}
		if hasPrefixFold(line, "content-type:") {
			return s
		}
		e = s - 1
	}
	return -1
}

// decode returns the base64 b decoded, in m's scratch (room after it
// for charset's UTF-8).
//
// Each line is decoded on its own, to its last whole group of four: a
// writer wraps base64 at a multiple of four characters, and a line cut
// short (corpus-200MB's mail rows hold parts whose lines were cut or
// repeated) would shift every byte after it, garbage the rules read as
// soft hyphens and look-alikes (session 31: 8 rows before decoding by
// lines).
func (m *mimeParts) decode(b []byte) []byte {
	n := base64.StdEncoding.DecodedLen(len(b))
	if cap(m.buf) < 4*n {
		m.buf = make([]byte, 4*n) // room for the transcoded text (3 bytes a byte at most) after the decoded one
	}
	buf := m.buf[:cap(m.buf)]
	w := 0
	for len(b) > 0 {
		line := b
		if k := bytes.IndexByte(b, '\n'); k >= 0 {
			line, b = b[:k], b[k+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		line = bytes.TrimPrefix(line, []byte{' '})
		k, _ := base64.StdEncoding.Decode(buf[w:], line[:len(line)&^3]) // what it wrote before an error stands
		w += k
	}
	return buf[:w]
}

// textLike reports whether d, decoded from a part declared text in
// charset cs, reads as text: valid UTF-8 (csUTF8), and few controls
// other than white space (C0, DEL, and C1 but in Windows-1252). A part
// that decodes to anything else was not text (a binary declared
// text/plain by spam, a body whose lines were cut), and the rules would
// find look-alikes and invisible characters in its noise.
func textLike(d []byte, cs int) bool {
	if cs == csUTF8 && !utf8.Valid(d) {
		return false
	}
	bad := 0
	for _, c := range d {
		if c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F || cs == csLatin1 && c >= 0x80 && c < 0xA0 {
			bad++
		}
	}
	return bad <= 2+len(d)/256
}

// charset returns d, read in charset cs, as UTF-8: d itself, or its
// characters written after it in m's scratch (room for 3 bytes each).
func (m *mimeParts) charset(d []byte, cs int) []byte {
	if cs == csUTF8 {
		return d
	}
	o := m.buf[len(d):len(d)]
	for _, c := range d {
		r := rune(c)
		if cs == csWindows1252 && c >= 0x80 && c < 0xA0 {
			r = cp1252[c-0x80]
		}
		o = utf8.AppendRune(o, r)
	}
	return o
}

// qpBodyEnd returns where the quoted-printable body from t[body] ends:
// at the first line that starts with "--" (the next boundary), or the
// text's end.
func qpBodyEnd(t []byte, body int) int {
	for i := body; i < len(t); {
		if i+1 < len(t) && t[i] == '-' && t[i+1] == '-' {
			return i
		}
		k := bytes.IndexByte(t[i:], '\n')
		if k < 0 {
			break
		}
		i += k + 1
	}
	return len(t)
}

// decodeQP returns the quoted-printable b decoded (soft line breaks
// taken out; an = that starts no escape left as it is), in m's scratch
// (room after it for charset's UTF-8).
func (m *mimeParts) decodeQP(b []byte) []byte {
	if cap(m.buf) < 4*len(b) {
		m.buf = make([]byte, 4*len(b)) // as decode's
	}
	buf := m.buf[:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '=' {
			if v := qpUnit(b, i); v >= 0 {
				buf = append(buf, byte(v))
				i += 2
				continue
			}
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
				continue
			}
			if i+2 < len(b) && b[i+1] == '\r' && b[i+2] == '\n' {
				i += 2
				continue
			}
		}
		buf = append(buf, c)
	}
	return buf
}

// cp1252 is Windows-1252's characters for the bytes 0x80 to 0x9F (its
// five unassigned bytes read as the C1 controls, as Python's cp1252 does
// not but browsers do).
var cp1252 = [32]rune{
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
}
