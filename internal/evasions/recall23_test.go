package evasions

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// bin writes s as 8-bit groups of binary digits, one space between them
// (benchmarks/evplant12.py's eb_binary_digits).
func bin(s string) string {
	g := make([]string, len(s))
	for i := range len(s) {
		g[i] = fmt.Sprintf("%08b", s[i])
	}
	return strings.Join(g, " ")
}

// gzipLatin1 is the start of a gzip member (magic 1F 8B 08, flags, mtime
// 0, XFL, OS) and deflate bytes, as Latin-1 read as text.
func gzipLatin1() string {
	b := []byte{0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0x0b, 0xc9, 0xc8, 0x2c, 0x56, 0x00, 0xa2, 0x44, 0x85, 0x92, 0xd4, 0xe2, 0x12,
		0x85, 0x9a, 0x0f, 0x01, 0x94, 0x8e, 0x1b, 0x05, 0xa3, 0x60, 0x14, 0x8c, 0x02, 0x11, 0x00, 0x15, 0x9c, 0x03, 0x10, 0x7f, 0x81, 0x1e, 0x9d, 0x90, 0x04}
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// recall23Cases are the blobs and binary recall23.go finds (evplant12's
// eb_hex_string after a word with capitals, eb_binary_digits,
// eb_b64_short_in_sig, nt_gzip_raw_in_body) and the clean texts beside
// them: message ids, tokens, base64 bodies' last lines, PGP lines.
var recall23Cases = []ruleCase{
	{"hex after a key, capitals on the line before", "CLICK\ntoken=" + fmt.Sprintf("%x", "Wire transfer of the inheritance funds. Your parcel is waiting"), []string{Blob}},
	{"hex after a key, hex on the line before", "id 6F21E16F03\ntoken=" + fmt.Sprintf("%x", "Claim your crypto airdrop before it expires. Unsubscribe"), []string{Blob}},
	{"hex after a key, short", "CLICK\ntoken=" + fmt.Sprintf("%x", "Claim your prize"), nil},
	{"binary digits", "Cc: a@b.net\n" + bin("Paypal security notice") + "\n", []string{Blob}},
	{"binary digits, eight", "see " + bin("Buy now!") + " ok", []string{Blob}},
	{"binary digits, seven", "see " + bin("Buy now") + " ok", nil},
	{"binary digits, not ASCII", "see " + strings.Repeat("11000011 ", 9) + "ok", nil},
	{"binary digits in a longer number", "see 1" + bin("Buy now!") + " ok", nil},
	{"bits of a register", "flags 0000 0001 0010 0011 0100 0101 0110 0111 1000 1001 1010 1011", nil},
	{"base64 line after a signature", "Thanks\n\n-- \nBob\nTel: +1 555 0100\n" + base64.StdEncoding.EncodeToString([]byte("Unsubscribe from this mailing list")) + "\n", []string{Blob}},
	{"base64 line, no padding", "Thanks\n\n-- \nBob\n" + base64.StdEncoding.EncodeToString([]byte("Claim your crypto airdrop before it expires")) + "\r\n\r\n", []string{Blob}},
	{"base64 line of a token", "Thanks\n\n-- \nBob\n" + base64.StdEncoding.EncodeToString([]byte("13FqyX4813QAAO1-616VGpe276l67")) + "\n", nil},
	{"base64 line of code", "x\n" + base64.StdEncoding.EncodeToString([]byte(" $opt_Z ? &safe_compress($b) : 1;\n}\n")) + "\n", nil},
	{"base64 body's last line", "x\n" + base64.StdEncoding.EncodeToString([]byte("Hello there, this is the first line of a text p"))[:60] + "\n" + base64.StdEncoding.EncodeToString([]byte("art sent as base64 to you")) + "\n", nil},
	{"base64 line a header declares", "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + base64.StdEncoding.EncodeToString([]byte("Help wanted.  We are a 14 year old fortune 50")) + "\n", nil},
	{"base64 line after an attachment", "Content-Transfer-Encoding: base64\n\n" + strings.Repeat("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw0KR0lGODlhAQABAIAA\n", 8) + "\n--b--\n\n-- \nBob\n" + base64.StdEncoding.EncodeToString([]byte("Unsubscribe from this mailing list")) + "\n", []string{Blob}},
	{"base64 body's last line, lines indented", "x\n" + base64.StdEncoding.EncodeToString([]byte("Hello there, this is the first line of a text p"))[:60] + "\n " + base64.StdEncoding.EncodeToString([]byte("Hello there, this is the first line of a text p"))[:60] + "\n" + base64.StdEncoding.EncodeToString([]byte("art sent as base64 to you")) + "\n", nil},
	{"base64 line inside the text", "Thanks\n" + base64.StdEncoding.EncodeToString([]byte("Unsubscribe from this mailing list")) + "\nBob\n", nil},
	{"PGP signature line", "-----BEGIN PGP SIGNATURE-----\n\niD8DBQE9jSHxJo4bf4B5OCERAsWUAJ9VqwoTnHVFmDpwK3OBpCV8MpVfvQCgm/LT\n=1r3Y\n-----END PGP SIGNATURE-----\n", nil},
	{"message id", "Message-Id: <20020829101112.GA1234@example.com>\nMTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", nil},
	{"gzip read as Latin-1", "Hello there, this is a long mail with a lot of text in it, more than eight times the controls " + strings.Repeat("and more words of plain text here ", 20) + "\n" + gzipLatin1() + "\nbye", []string{Control, NonText}},
	{"gzip magic without binary after it", "Hello there " + strings.Repeat("and more words of plain text here ", 20) + "\n\x1f\u008b\x08 plain text after it, no controls at all in it here\nbye", []string{Control}},
}

func TestRecall23(t *testing.T) {
	checkCasesAtOffsets(t, recall23Cases)
}

// TestRecall23Evidence pins the evidence of each rule.
func TestRecall23Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{bin("Buy now!"), `8 8-bit groups of binary digits from byte 0 decode to "Buy now!": "01000010 01110101 011110…"`},
		{"Bob\nVW5zdWJzY3JpYmUgZnJvbSB0aGlzIG1haWxpbmcgbGlzdA==\n", `a line of 48 base64 characters at byte 4 decodes to ASCII words "Unsubscribe from this mailing list": "VW5zdWJzY3JpYmUgZnJvbSB0…"`},
		{"Content-Transfer-Encoding: base64\n\n" + strings.Repeat("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw0KR0lGODlhAQABAIAA\n", 8) + "\n--b--\nBob\nVW5zdWJzY3JpYmUgZnJvbSB0aGlzIG1haWxpbmcgbGlzdA==\n", `a line of 48 base64 characters at byte 662 decodes to ASCII words "Unsubscribe from this mailing list": "VW5zdWJzY3JpYmUgZnJvbSB0…"`},
		{"<p>&nbsp;</p>", `the text is 1 no-break space written as HTML entities between 2 tags without attributes: "<p>&nbsp;</p>"`},
	})
}

// TestHexAfterKey: the hex run after key= is judged alone.
func TestHexAfterKey(t *testing.T) {
	for _, tt := range []struct {
		s    string
		at   int
		want bool
	}{{"token=ab", 6, true}, {"==ab", 2, false}, {"ab", 0, false}, {"x=ab", 2, true}, {"9=ab", 2, false}} {
		if got := hexAfterKey([]byte(tt.s), tt.at); got != tt.want {
			t.Errorf("hexAfterKey(%q, %d) = %v, want %v", tt.s, tt.at, got, tt.want)
		}
	}
}

// FuzzCheckTextRecall23 holds checkText to refCheckText on texts grown
// from recall23Cases.
func FuzzCheckTextRecall23(f *testing.F) {
	for _, tt := range recall23Cases {
		f.Add(tt.text)
	}
	f.Add(bin("Buy now!") + "\n" + bin("Free money") + "0")
	f.Add("X00100000 00100000 00100000 00100000 00100000 00100000 00100000 00001001A")
	f.Fuzz(checkPathsAgainstRef)
}
