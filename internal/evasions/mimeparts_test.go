package evasions

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// mimeText is a mail ending in a part declared with cte, of content
// type ctype and charset cs, whose body is body (already encoded), as
// benchmarks/evplant10.py's b64_part and qp_part write it.
func mimeText(ctype, cs, cte, body string) string {
	h := "From: a@example.com\nSubject: hello\nContent-Type: multipart/alternative; boundary=\"=_NextPart_003_0021\"\n\nThe first part, plain.\n"
	ct := ctype
	if cs != "" {
		ct += "; charset=\"" + cs + "\""
	}
	return h + "\n--=_NextPart_003_0021\nContent-Type: " + ct + "\nContent-Transfer-Encoding: " + cte + "\n\n" + body + "\n--=_NextPart_003_0021--\n"
}

// b64Wrapped is the base64 of s wrapped at 76 characters.
func b64Wrapped(s string) string {
	enc := base64.StdEncoding.EncodeToString([]byte(s))
	var lines []string
	for i := 0; i < len(enc); i += 76 {
		lines = append(lines, enc[i:min(i+76, len(enc))])
	}
	return strings.Join(lines, "\n")
}

// qpUTF8 is s as quoted-printable (UTF-8, every byte of 0x80 or more
// escaped, lines wrapped at 76 with soft line breaks).
func qpUTF8(s string) string {
	var b, line strings.Builder
	for _, c := range []byte(s) {
		tok := string(rune(c))
		if c >= 0x80 || c == '=' {
			tok = fmt.Sprintf("=%02X", c)
		}
		if line.Len()+len(tok) > 75 {
			b.WriteString(line.String() + "=\n")
			line.Reset()
		}
		line.WriteString(tok)
	}
	b.WriteString(line.String())
	return b.String()
}

const mimeProse = "Limited offer on genuine replica watches Click below to unsubscribe from future mailings Earn extra income from home guaranteed. "

// checkParts is Checker.Add's check of one row: checkText, then the
// declared parts when a blob was found.
func checkParts(t []byte) [numEvasionKinds]string {
	var found [numEvasionKinds]string
	checkText(t, &found)
	if found[iBlob] != "" {
		var m mimeParts
		m.check(t, &found)
	}
	return found
}

func TestMIMEParts(t *testing.T) {
	zw := strings.ReplaceAll(mimeProse, "ick", "i\u200bck")
	cyr := "Verify your P\u0430yP\u0430l \u0430ccount tod\u0430y. " + mimeProse
	nbsp := "Hello" + strings.Repeat("\u00a0", 150) + "Click below"
	cases := []ruleCase{
		{"zero-width space in a base64 text part", mimeText("text/plain", "utf-8", "base64", b64Wrapped(zw+mimeProse)), []string{Invisible, Attachment}},
		{"zero-width space, CRLF lines", strings.ReplaceAll(mimeText("text/plain", "utf-8", "base64", b64Wrapped(zw+mimeProse)), "\n", "\r\n"), []string{Invisible, Attachment}},
		{"zero-width space in a base64 HTML part", mimeText("text/html", "UTF-8", "BASE64", b64Wrapped("<p>"+zw+mimeProse+"</p>")), []string{Invisible, Attachment}},
		{"right-to-left override in a base64 part", mimeText("text/plain", "", "base64", b64Wrapped("invoice_\u202efdp.exe "+mimeProse+mimeProse)), []string{Bidi, Attachment}},
		{"look-alikes in a base64 part", mimeText("text/plain", "utf-8", "base64", b64Wrapped(cyr)), []string{MixedScript, Attachment}},
		{"no-break space padding in a quoted-printable part", mimeText("text/plain", "utf-8", "quoted-printable", qpUTF8(nbsp)), []string{Repeated, Blob}},
		{"no-break space padding in a Latin-1 quoted-printable part", mimeText("text/plain", "iso-8859-1", "quoted-printable", "Hello"+strings.Repeat("=A0", 150)+" there"), []string{Repeated, Blob}},
		// What stays as it was.
		{"clean base64 text part", mimeText("text/plain", "utf-8", "base64", b64Wrapped(mimeProse+mimeProse)), []string{Attachment}},
		{"Russian base64 text part", mimeText("text/plain", "utf-8", "base64", b64Wrapped(strings.Repeat("Здравствуйте, это письмо о встрече в Москве. ", 4))), []string{Attachment}},
		{"zero-width space in a base64 image", mimeText("image/gif", "", "base64", b64Wrapped(zw+mimeProse)), []string{Attachment}},
		{"zero-width space in a KOI8-R part", mimeText("text/plain", "koi8-r", "base64", b64Wrapped(zw+mimeProse)), []string{Attachment}},
		{"soft hyphen in a Latin-1 base64 part", mimeText("text/plain", "iso-8859-1", "base64", b64Wrapped("Vi\xadagra "+mimeProse+mimeProse)), []string{Attachment}},
		{"binary declared text", mimeText("text/plain", "iso-8859-1", "base64", b64Wrapped(strings.Repeat("\x00\x01\x02\u200b\x03\x04", 30))), []string{Attachment}},
		{"base64 with no part header", "Here it is:\n\n" + b64Wrapped(zw+mimeProse) + "\n", []string{Blob}}, // b64Fragment's, but it decodes to text: recall41.go
	}
	for _, tt := range cases {
		found := checkParts([]byte(tt.text))
		got := foundKinds(found, -1)
		for i, k := range got {
			if k == Blob && strings.HasPrefix(found[iBlob], attachmentEvidence) {
				got[i] = Attachment
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: checkParts(%q) = %q, want %v", tt.name, tt.text, found, tt.want)
		}
	}
}

// TestMIMEPartsEvidence pins the evidence of a decoded part: the byte of
// the part's body in the row first (finding.ByteOffset), then the
// decoded text's evidence.
func TestMIMEPartsEvidence(t *testing.T) {
	tx := mimeText("text/plain", "utf-8", "base64", b64Wrapped("Cl\u200bick here. "+mimeProse))
	found := checkParts([]byte(tx))
	body := strings.Index(tx, "base64\n\n") + len("base64\n\n")
	want := fmt.Sprintf(`in the MIME part declared base64 from byte %d, decoded: invisible character U+200B at byte 2: "Cl\u200bick here. Limited off…"`, body)
	if found[iInvisible] != want {
		t.Errorf("evidence %q, want %q", found[iInvisible], want)
	}
	if got := finding.ByteOffset(found[iInvisible]); got != body {
		t.Errorf("ByteOffset = %d, want %d", got, body)
	}
}

// TestMIMEPartsCutLines decodes each line on its own: a line cut short
// does not shift the lines after it.
func TestMIMEPartsCutLines(t *testing.T) {
	enc := strings.Split(b64Wrapped(strings.Repeat(mimeProse, 3)), "\n")
	enc[1] = enc[1][:37]
	var m mimeParts
	d := string(m.decode([]byte(strings.Join(enc, "\n"))))
	if !strings.HasSuffix(d, mimeProse[len(mimeProse)-40:]) {
		t.Errorf("decode of cut lines = %q, want it to end %q", d, mimeProse[len(mimeProse)-40:])
	}
}

// TestAddMIMEParts holds the hook in Checker.Add: the row of a
// zero-width space in a base64 part is an invisible_char and an
// encoded_attachment.
func TestAddMIMEParts(t *testing.T) {
	rows := []fixtures.Row{
		{Text: mimeText("text/plain", "utf-8", "base64", b64Wrapped("Cl\u200bick here. "+mimeProse))},
		{Text: mimeText("text/plain", "utf-8", "base64", b64Wrapped(mimeProse+mimeProse))},
	}
	b := fixtures.Batch(t, rows, 1)
	defer b.Record.Release()
	e := NewChecker(10)
	if err := e.Add(b); err != nil {
		t.Fatal(err)
	}
	counts, _, _ := e.Result([]string{"x.jsonl"})
	if counts[Invisible] != 1 || counts[Attachment] != 2 {
		t.Errorf("counts %v, want invisible_char 1, encoded_attachment 2", counts)
	}
}

// TestMIMEPartCensus prints, for the JSONL file named by
// EVASIONS_CENSUS, the rows whose check found a blob (those Add reads
// the parts of), the declared base64 and quoted-printable text parts
// mimeParts decodes in them and their bytes, the categories they add,
// and the time of mimeParts.check against checkText's over all rows
// (best of three). A measurement, not a check: it skips without the
// variable.
func TestMIMEPartCensus(t *testing.T) {
	texts := envTexts(t, "EVASIONS_CENSUS")
	var rows, blobRows, total, blobBytes, unread, unreadBytes int
	var found [numEvasionKinds]string
	var hit []int
	for i, tx := range texts {
		rows++
		total += len(tx)
		found = [numEvasionKinds]string{}
		checkText(tx, &found)
		if found[iBlob] == "" {
			if n, b := countParts(tx); n > 0 {
				unread++
				unreadBytes += b
			}
			continue
		}
		blobRows++
		blobBytes += len(tx)
		hit = append(hit, i)
	}
	// The parts, as check finds them.
	parts := map[string]int{}
	partBytes := map[string]int{}
	added := map[string]int{}
	own := map[string]int{} // the decoded parts' own findings of mimeKinds, found in the raw text too or not
	var m mimeParts
	for _, i := range hit {
		tx := texts[i]
		for off := 0; ; {
			p, next, ok := nextTextPart(tx, off)
			if !ok {
				break
			}
			off = next
			kind, cs := "base64", p.cs
			if p.qp {
				kind = "quoted-printable"
			}
			key := fmt.Sprintf("%s cs%d", kind, cs)
			parts[key]++
			partBytes[key] += min(p.end-p.body, mimePartMax)
			d := m.decodePart(tx, p)
			if len(d) == 0 || !textLike(d, cs) {
				own["(not text)"]++
				continue
			}
			var f [numEvasionKinds]string
			checkText(m.charset(d, cs), &f)
			for _, c := range mimeKinds {
				if f[c] != "" {
					own[fmt.Sprintf("%s cs%d", evasionKinds[c], cs)]++
				}
			}
		}
		found = [numEvasionKinds]string{}
		checkText(tx, &found)
		before := found
		m.check(tx, &found)
		for k := range found {
			if found[k] != before[k] {
				added[evasionKinds[k]]++
			}
		}
	}
	best := func(f func()) time.Duration {
		var b time.Duration
		for r := range 3 {
			s := time.Now()
			f()
			if d := time.Since(s); r == 0 || d < b {
				b = d
			}
		}
		return b
	}
	all := best(func() {
		for _, tx := range texts {
			found = [numEvasionKinds]string{}
			checkText(tx, &found)
		}
	})
	var f2 [numEvasionKinds]string
	parts2 := best(func() {
		for _, i := range hit {
			f2 = found
			m.check(texts[i], &f2)
		}
	})
	t.Logf("%d rows, %d bytes; %d rows with a blob (%d bytes)", rows, total, blobRows, blobBytes)
	t.Logf("declared text parts decoded (cs0 UTF-8, cs1 Latin-1, cs2 Windows-1252): %v, bytes %v", parts, partBytes)
	t.Logf("rows with no blob and a declared text part: %d (%d bytes of parts, not read)", unread, unreadBytes)
	t.Logf("the parts' own findings: %v; categories added to rows: %v", own, added)
	t.Logf("checkText over all rows %v; mimeParts.check over the rows with a blob %v (%.2f%%)", all, parts2, 100*float64(parts2)/float64(all))
}

// countParts returns the declared base64 and quoted-printable text parts
// of t that mimeParts reads, and their bytes.
func countParts(t []byte) (n, size int) {
	for off := 0; ; {
		p, next, ok := nextTextPart(t, off)
		if !ok {
			break
		}
		off = next
		n++
		size += min(p.end-p.body, mimePartMax)
	}
	return n, size
}

// FuzzMIMEParts holds mimeParts.check to no panic and to adding only
// mimeKinds to what checkText found, on any text (seeds: TestMIMEParts'
// kinds of part).
func FuzzMIMEParts(f *testing.F) {
	f.Add(mimeText("text/plain", "utf-8", "base64", b64Wrapped("Cl\u200bick here. "+mimeProse)))
	f.Add(mimeText("text/plain", "windows-1252", "quoted-printable", "Hello"+strings.Repeat("=A0", 60)+"=\n=80=9F"))
	f.Add(mimeText("text/html", "iso-8859-1", "base64", "QUJD\nRA\n=\nQUJDRA==\r\n"))
	f.Add("Content-Transfer-Encoding: base64\n\nContent-Type: text/plain\n")
	f.Fuzz(func(t *testing.T, s string) {
		var found [numEvasionKinds]string
		checkText([]byte(s), &found)
		before := found
		var m mimeParts
		m.check([]byte(s), &found)
		for k := range found {
			if found[k] != before[k] && k != iInvisible && k != iBidi && k != iMixed && k != iRepeated {
				t.Errorf("check(%q) changed category %s", s, evasionKinds[k])
			}
		}
	})
}

// TestMIMEPartsPrefixes runs mimeParts.check on every prefix of texts
// with parts and on copies with bytes changed at random places: no
// index may run out of its text (FuzzMIMEParts with no fuzzing).
func TestMIMEPartsPrefixes(t *testing.T) {
	seeds := []string{
		mimeText("text/plain", "utf-8", "base64", b64Wrapped("Cl\u200bick here. "+mimeProse)),
		strings.ReplaceAll(mimeText("text/plain", "windows-1252", "quoted-printable", "Hello"+strings.Repeat("=A0", 60)+"=\n=80=9F"), "\n", "\r\n"),
		mimeText("text/html", "iso-8859-1", "base64", "QUJD\nRA\n=\nQUJDRA==\r\n"),
	}
	var m mimeParts
	for _, s := range seeds {
		for n := range len(s) + 1 {
			var found [numEvasionKinds]string
			m.check([]byte(s[:n]), &found)
		}
		b := []byte(s)
		for i := range 2000 {
			c := append([]byte(nil), b...)
			p := (i * 7919) % len(c)
			c[p] = "\n\r=-: \"A\xc2"[i%9]
			var found [numEvasionKinds]string
			m.check(c, &found)
		}
	}
}
