package evasions

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// qpText writes s (UTF-8) as quoted-printable as Python's
// quopri.encodestring does: printable ASCII and spaces raw but = and a
// space before a line break, every other byte =XX, lines of 76 at most
// ending in a soft line break, eol after each.
func qpText(s, eol string) string {
	var out strings.Builder
	line := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		u := string(c)
		switch {
		case c == '\n':
			out.WriteString(eol)
			line = 0
			continue
		case c == ' ' && (i+1 == len(s) || s[i+1] == '\n'), c < 0x20 || c > 0x7E || c == '=':
			u = fmt.Sprintf("=%02X", c)
		}
		if line+len(u) > 75 {
			out.WriteString("=" + eol)
			line = 0
		}
		out.WriteString(u)
		line += len(u)
	}
	return out.String()
}

// recall41Body is a mail body of prose and HTML, longer than a screen.
var recall41Body = strings.Repeat("Dear friend,\n\nYour account has been selected for our special offer. "+
	"<a href=\"http://example.com/claim\">Click here</a> to claim it today.\r\n\r\nBest regards,\nThe team\n", 6)

// recall41B64Cases are recall41.go's base64 rule both ways: want is the
// blob slot's kind ("blob", "attachment") and, for a blob, a piece of
// its evidence.
var recall41B64Cases = func() []struct {
	name, text, want, evidence string
} {
	b64 := func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
	text := b64([]byte(recall41Body))
	latin1 := b64([]byte(strings.Repeat("Le caf\xe9 cr\xe8me co\xfbte d\xe9j\xe0 trop cher, ch\xe8re amie.\r\n", 20)))
	bin := b64(payload(900, 7))
	utf16 := b64(utf16le(strings.Repeat("Send the money to account 12345 today. ", 12)))
	// A slice from a text part's middle: whole lines of 76 (57 bytes each), from the 3rd.
	slice := wrapped(b64([]byte(strings.Repeat(recall41Body, 3))), 76, "")[3*77 : 20*77]
	// Text with controls: one in 60 bytes, over the bound.
	noisy := []byte(recall41Body)
	for i := 30; i < len(noisy); i += 60 {
		noisy[i] = 0x01
	}
	boundary := "\n------=_NextPart_000_0001\nContent-Type: text/plain\n\nSee you.\n"
	// A part appended to a mail: its delimiter, header and body.
	part := func(ct, body string) string {
		return "\n--=_NextPart_011_0013\nContent-Type: " + ct + "\nContent-Transfer-Encoding: base64\n\n" + wrapped(body, 76, "") + "--=_NextPart_011_0013--\n"
	}
	head := "From: Bob <bob@example.com>\nSubject: the report\nMIME-Version: 1.0\n"
	hello := "\nHi Anna,\nsee below.\n"
	return []struct {
		name, text, want, evidence string
	}{
		{"text, whole row", wrapped(text, 76, ""), "blob", " base64 characters from byte 0 that decode to text"},
		{"text, whole row, CR LF", strings.ReplaceAll(wrapped(text, 76, ""), "\n", "\r\n"), "blob", "that decode to text"},
		{"text, whole row, lines of 64", wrapped(text, 64, ""), "blob", "that decode to text"},
		{"Latin-1 text, whole row", wrapped(latin1, 76, ""), "blob", "that decode to text"},
		{"text, a slice of its part", slice, "blob", "that decode to text"},
		{"text, then the next part", wrapped(text, 76, "") + boundary, "blob", "that decode to text"},
		{"binary, whole row", wrapped(bin, 76, ""), "attachment", "cut from its mail"},
		{"binary, then the next part", wrapped(bin, 76, "") + boundary, "attachment", "cut from its mail"},
		{"UTF-16, whole row", wrapped(utf16, 76, ""), "attachment", "cut from its mail"},
		{"text with controls", wrapped(b64(noisy), 76, ""), "attachment", "cut from its mail"},
		{"text, declared", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + wrapped(text, 76, ""), "attachment", "(header at byte"},
		{"text part in a mail without parts", head + "Content-Type: text/plain\n" + hello + part("text/plain; charset=utf-8", text), "blob", "that no boundary of the mail delimits"},
		{"HTML part in a mail before MIME", "From bob@example.com  Mon Sep  9 19:27:27 2002\nFrom: Bob <bob@example.com>\nSubject: hi\n" + hello + part("text/html", text), "blob", "that no boundary of the mail delimits"},
		{"text part, another boundary declared", head + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain\n" + hello + part("text/plain", text), "blob", "that no boundary of the mail delimits"},
		{"text part, its boundary declared", head + "Content-Type: multipart/mixed; boundary=\"=_NextPart_011_0013\"\n" + hello + part("text/plain", text), "attachment", "(header at byte"},
		{"text part, its boundary declared after a space, recased", head + "Content-Type: multipart/mixed;\n\tBOUNDARY= \"=_nextpart_011_0013\"\n" + hello + part("text/plain", text), "attachment", "(header at byte"},
		{"text part, a multipart type without its boundary", head + "Content-Type: multipart/mixed;\n" + hello + part("text/plain", text), "attachment", "(header at byte"},
		{"text part, MIME but no Content-Type", head + hello + part("text/plain", text), "attachment", "(header at byte"},
		{"text part, no mail header", hello + part("text/plain", text), "attachment", "(header at byte"},
		{"text as a file in a mail without parts", head + "Content-Type: text/plain\n" + hello + part("application/octet-stream; name=\"notes.txt\"", text), "attachment", "(header at byte"},
		{"image part in a mail without parts", head + "Content-Type: text/plain\n" + hello + part("image/gif", bin), "attachment", "(header at byte"},
		{"binary declared text in a mail without parts", head + "Content-Type: text/plain\n" + hello + part("text/plain", bin), "attachment", "(header at byte"},
	}
}()

// TestRecall41Base64 holds recall41.go's base64 rule to recall41B64Cases
// on every path, against the reference.
func TestRecall41Base64(t *testing.T) {
	want := make([][numEvasionKinds]string, len(recall41B64Cases))
	for i, tt := range recall41B64Cases {
		refCheckText([]byte(tt.text), &want[i])
	}
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for i, tt := range recall41B64Cases {
				found := checkAgainstWant(t, []byte(tt.text), want[i])
				got := ""
				switch {
				case strings.HasPrefix(found[iBlob], attachmentEvidence):
					got = "attachment"
				case found[iBlob] != "":
					got = "blob"
				}
				if got != tt.want || !strings.Contains(found[iBlob], tt.evidence) {
					t.Errorf("%s: blob %q, want %s with %q", tt.name, found[iBlob], tt.want, tt.evidence)
				}
			}
		})
	}
}

// TestB64Text checks b64Text's bound on controls and its least length.
func TestB64Text(t *testing.T) {
	mk := func(n, ctl int) []byte {
		b := bytes.Repeat([]byte("abcdefgh "), n/9+1)[:n]
		for i := range ctl {
			b[(i*97+5)%n] = 0x07
		}
		return []byte(wrapped(base64.StdEncoding.EncodeToString(b), 76, ""))
	}
	for _, tt := range []struct {
		name string
		b64  []byte
		want bool
	}{
		{"text", mk(600, 0), true},
		{"text, 4 controls in 600", mk(600, 4), true}, // 2 + 600/256
		{"text, 5 controls in 600", mk(600, 5), false},
		{"text of b64TextMin bytes", mk(b64TextMin, 0), true},
		{"text under b64TextMin bytes", mk(b64TextMin-3, 0), false},
		{"binary", []byte(wrapped(base64.StdEncoding.EncodeToString(payload(600, 2)), 76, "")), false},
		{"padded text", []byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("x "), 40)[:79])), true},
	} {
		if got := b64Text(tt.b64, 0, b64End(tt.b64, 0)); got != tt.want {
			t.Errorf("b64Text(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// recall41QPCases are recall41.go's quoted-printable rule both ways: a
// repeated_run with its evidence's piece, or none ("").
var recall41QPCases = func() []struct {
	name, text, evidence string
} {
	nb := "\u00a0"
	mail := recall37Mail + "Please read the offer below.\n\n"
	return []struct {
		name, text, evidence string
	}{
		{"1,500 no-break spaces", mail + qpText("Limited offer"+strings.Repeat(nb, 1500), "\n") + "\nBob\n", "1500 non-ASCII white space characters"},
		{"1,500 no-break spaces, CR LF", mail + qpText("Limited offer"+strings.Repeat(nb, 1500), "\r\n") + "\r\nBob\r\n", "1500 non-ASCII white space characters"},
		{"50 no-break spaces", mail + qpText("Limited offer"+strings.Repeat(nb, runSpaceOtherMin)+"now", "\n") + "\n", "50 non-ASCII white space characters"},
		{"49 no-break spaces", mail + qpText("Limited offer"+strings.Repeat(nb, runSpaceOtherMin-1)+"now", "\n") + "\n", ""},
		{"no-break spaces and spaces", mail + qpText("Limited offer"+strings.Repeat(nb+" ", 60)+"now", "\n") + "\n", "60 non-ASCII white space characters"},
		{"no-break spaces and =20", mail + strings.Repeat("=C2=A0=20", 60) + "\n", "60 non-ASCII white space characters"},
		{"ideographic spaces", mail + qpText("Limited offer"+strings.Repeat("\u3000", 80), "\n") + "\n", "80 non-ASCII white space characters"},
		{"two runs of 30", mail + qpText("Limited offer"+strings.Repeat(nb, 30)+"x"+strings.Repeat(nb, 30), "\n") + "\n", ""},
		{"Latin-1 text", mail + qpText(strings.Repeat("Le caf\u00e9 cr\u00e8me co\u00fbte d\u00e9j\u00e0 trop cher. ", 20), "\n"), ""},
	}
}()

// TestRecall41QP holds recall41.go's quoted-printable rule to
// recall41QPCases after 0 to 71 bytes of padding (every offset of the
// kernel's chunks and blocks), on every path, against the reference.
func TestRecall41QP(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall41QPCases {
				for pad := range 72 {
					tx := strings.Repeat("word ", 15)[:pad] + "\n" + tt.text
					found := checkAgainstRef(t, []byte(tx))
					if tt.evidence == "" && found[iRepeated] != "" || !strings.Contains(found[iRepeated], tt.evidence) {
						t.Fatalf("%s, pad %d: repeated_run %q, want %q", tt.name, pad, found[iRepeated], tt.evidence)
					}
				}
			}
		})
	}
}

// FuzzRecall41 holds checkText to the reference on texts around base64
// of text and quoted-printable white space.
func FuzzRecall41(f *testing.F) {
	for _, tt := range recall41B64Cases {
		f.Add(tt.text)
	}
	for _, tt := range recall41QPCases {
		f.Add(tt.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPathsAgainstRef(t, s)
	})
}

// TestB64TextCensus prints, for the JSONL file named by EVASIONS_CENSUS,
// the rows whose blob is base64 that b64Fragment or b64Lead takes (an
// encoded_attachment cut from its mail, or since recall41.go an
// encoded_blob that decodes to text) and those a header declares, by
// what the base64 decodes to (decoded line by line, as mimeParts does):
// text (ASCII or other bytes: at most 2 + 1/256 C0 controls), text with
// more controls than that (under 5%), or binary (a magic number, or
// more controls). A measurement, not a check: it skips without the
// variable.
func TestB64TextCensus(t *testing.T) {
	texts := envTexts(t, "EVASIONS_CENSUS")
	runRE := regexp.MustCompile(`(\d+) base64 characters.*? from byte (\d+)`)
	var m mimeParts
	counts := map[string]int{}
	lines := map[string][]int{}
	for i, tx := range texts {
		var found [numEvasionKinds]string
		checkText(tx, &found)
		e := found[iBlob]
		how := ""
		switch {
		case strings.Contains(e, "that decode to text, no MIME header"):
			how = "cut, now encoded_blob"
		case strings.Contains(e, "that no boundary of the mail delimits"):
			how = "declared, undelimited, now encoded_blob"
		case strings.HasPrefix(e, attachmentEvidence+", cut from its mail"):
			how = "cut, encoded_attachment"
		case strings.HasPrefix(e, attachmentEvidence):
			how = "declared, encoded_attachment"
		default:
			continue
		}
		sub := runRE.FindStringSubmatch(e)
		if sub == nil {
			counts[how+": ?"]++
			continue
		}
		start, _ := strconv.Atoi(sub[2])
		d := m.decode(tx[start:b64End(tx, start)])
		if strings.HasPrefix(how, "declared") && len(d) >= 3 && string(d[:3]) == "m\xab\x1e" {
			d = d[3:] // the header's "base64", which the run takes in
		}
		k := how + ": " + b64Census(d)
		counts[k]++
		if len(lines[k]) < 10 {
			lines[k] = append(lines[k], i+1)
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-60s %6d  e.g. lines %v", k, counts[k], lines[k])
	}
}

// b64Census classes the bytes d a base64 run decodes to (TestB64TextCensus).
func b64Census(d []byte) string {
	for _, m := range []struct{ magic, name string }{
		{"\x89PNG", "png"}, {"GIF8", "gif"}, {"\xff\xd8\xff", "jpeg"}, {"PK\x03\x04", "zip"}, {"%PDF", "pdf"},
		{"\xd0\xcf\x11\xe0", "ole"}, {"\x1f\x8b", "gzip"},
	} {
		if bytes.HasPrefix(d, []byte(m.magic)) {
			return "binary (" + m.name + ")"
		}
	}
	bad, high := 0, 0
	for _, c := range d {
		if c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B || c == 0x7F {
			bad++
		}
		if c >= 0x80 {
			high++
		}
	}
	switch {
	case len(d) < b64TextMin:
		return "short"
	case bad <= 2+len(d)/256 && high == 0:
		return "text, ASCII"
	case bad <= 2+len(d)/256:
		return "text, other bytes"
	case bad*20 < len(d):
		return "text with controls"
	}
	return "binary"
}

// TestQPSpaceOtherFirst checks which escapes of a no-break space open
// their run: only the first, past white space, =20 and soft line breaks.
func TestQPSpaceOtherFirst(t *testing.T) {
	for _, tt := range []struct {
		text string
		at   []int // the escapes of white space asked about
		want []bool
	}{
		{"ab=C2=A0=C2=A0", []int{2, 8}, []bool{true, false}},
		{"ab=C2=A0 \t=20=\n=C2=A0", []int{2, 15}, []bool{true, false}},
		{"ab=C2=A0=\r\n=C2=A0", []int{2, 11}, []bool{true, false}},
		{"=C2=A0x=C2=A0", []int{0, 7}, []bool{true, true}},
		{"=E3=80=80=C2=A0", []int{0, 9}, []bool{true, false}},
		{"=C3=A9=C2=A0", []int{6}, []bool{true}}, // after é
		{"=A0=C2=A0", []int{3}, []bool{true}},    // a continuation escape alone
	} {
		for k, i := range tt.at {
			if got := qpSpaceOtherFirst([]byte(tt.text), i); got != tt.want[k] {
				t.Errorf("qpSpaceOtherFirst(%q, %d) = %v, want %v", tt.text, i, got, tt.want[k])
			}
		}
	}
}
