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
	{"base64 line inside the text", "Thanks\n" + base64.StdEncoding.EncodeToString([]byte("Unsubscribe from this mailing list")) + "\nBob\n", nil},
	{"PGP signature line", "-----BEGIN PGP SIGNATURE-----\n\niD8DBQE9jSHxJo4bf4B5OCERAsWUAJ9VqwoTnHVFmDpwK3OBpCV8MpVfvQCgm/LT\n=1r3Y\n-----END PGP SIGNATURE-----\n", nil},
	{"message id", "Message-Id: <20020829101112.GA1234@example.com>\nMTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", nil},
}

func TestRecall23(t *testing.T) {
	checkCasesAtOffsets(t, recall23Cases)
}

// TestRecall23Evidence pins the evidence of each rule.
func TestRecall23Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{bin("Buy now!"), `8 8-bit groups of binary digits from byte 0 decode to "Buy now!": "01000010 01110101 011110…"`},
		{"Bob\nVW5zdWJzY3JpYmUgZnJvbSB0aGlzIG1haWxpbmcgbGlzdA==\n", `a line of 48 base64 characters at byte 4 decodes to ASCII words "Unsubscribe from this mailing list": "VW5zdWJzY3JpYmUgZnJvbSB0…"`},
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
