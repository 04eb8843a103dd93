package evasions

import "testing"

// qpAltPart heads a part declared quoted-printable in a multipart mail
// whose boundary is b1.
const qpAltPart = "Content-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"

// recall10Cases are controls written as quoted-printable escapes
// (recall10.go), with the mail that must stay unflagged; each is the
// whole text.
var recall10Cases = []ruleCase{
	{"escapes after words", qpHeader + "Paypal=07 security notice=00 update billing information=1B[31m", []string{Control}},
	{"ANSI escape", qpHeader + "Lose weight=1B[31m guaranteed", []string{Control}},
	{"ANSI colour around a word", qpHeader + "a =1B[1;31mFREE=1B[0m offer", []string{Control}},
	{"NUL", qpHeader + "Click=00 here", []string{Control}},
	{"NUL in a word", qpHeader + "Vi=00agra now", []string{Control}},
	{"bell", qpHeader + "Click=07 here", []string{Control}},
	{"bell at the end", qpHeader + "Click here=07", []string{Control}},
	{"backspaces", qpHeader + "Lose=08=08 weight", []string{Control}},
	{"DEL", qpHeader + "Copy your DVDs NOW=7F. Best", []string{Control}},
	{"SOH in a word", qpHeader + "a l=01arge campaign", []string{Control}},
	{"unit separator", qpHeader + "cheap=1Fmeds", []string{Control}},
	{"top-level header, CRLF, soft line breaks", "Subject: hi\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\nsome text=20\r\nand mo=\r\nre=1A text\r\n", []string{Control}},
	{"the part's other lines escaped", qpAltPart + "width=3D\"100\" and=20\nsoft=\nbreak\n\nAfter: a paragraph\n\nthe=1B[0m end\n--b1--\n", []string{Control}},
	{"after a signature", qpHeader + "text\n--=20\n\nsig=07 here", []string{Control}},
	{"after a dashed line", qpHeader + "text\n-------------\n\nnext=07 here", []string{Control}},
	// Not declared, not escapes, or escapes the kernel does not stop at.
	{"no header", "Paypal=07 security notice=00 update=1B[31m", nil},
	{"declared 7bit", "Content-Transfer-Encoding: 7bit\n\nPaypal=07 notice", nil},
	{"a part with no encoding after a QP one", qpAltPart + "hi=3D\n--b1\nContent-Type: text/html\n\nx=07y\n", nil},
	{"a part with no header after a QP one", qpAltPart + "hi=3D\n--b1\n\nx=07y\n", nil},
	{"raw HTML declared quoted-printable", qpHeader + "<td width=100 size=1>\nthe=1B[0m end", nil},
	{"raw HTML's numbers", "<td width=10 height=12 border=0 cellpadding=01>", nil},
	{"a URL's parameters", "see http://x.example/article.pl?sid=02/08/22/1234&q=08-I&id=0207 and value=08>08", nil},
	{"a number after", qpHeader + "spambytes_id=100115 ok", nil},
	{"a digit after", qpHeader + "code=073 ok", nil},
	{"lower case", qpHeader + "Lose weight=1b[31m guaranteed", nil},
	{"ISO 2022 escapes", qpHeader + "<=1B$B;v6H<T=1B(B>\n", nil},
	{"tab and line breaks", qpHeader + "a=09b=0D=0Ac=0B=0C", nil},
	{"controls the kernel does not stop at", qpHeader + "a=0Eb=0Fc=10d=19e", nil},
	{"nroff underlining", qpHeader + "___=08=08=08see", nil},
	{"an earlier message's header", "Content-Transfer-Encoding: quoted-printable\n\nhi\n\nFrom: x\nContent-Type: text/plain\n\nx=07y", nil},
	{"cut short", qpHeader + "x=0", nil},
}

func TestRecall10(t *testing.T) {
	checkCasesAtOffsets(t, recall10Cases)
}

// TestRecall10Evidence pins the evidence.
func TestRecall10Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{qpHeader + "Click=00 here", `control character U+0000 written as a quoted-printable escape at byte 114: "e\u000a\u000aClick=00 here"`},
		{qpHeader + "now=1B[31m!", `ANSI escape sequence written as a quoted-printable escape at byte 112: "ble\u000a\u000anow=1B[31m!"`},
	})
}

// TestQPCtlStopAt holds qpCtlStopAt to the escapes qpControl asks for
// (an = the kernel does not stop at is none of them) and keeps it off
// the = of raw HTML and URLs, at the end of a text too.
func TestQPCtlStopAt(t *testing.T) {
	for a := range 128 {
		for b := range 128 {
			for _, c := range []byte{' ', 'a', '[', '=', '.', '\n'} {
				tx := []byte{'=', byte(a), byte(b), c}
				v := int(hexVal(byte(a))<<4 | hexVal(byte(b)))
				ctl := qpUpperHex(byte(a)) && qpUpperHex(byte(b)) && (a == '0' && v <= 8 || a == '1' && v >= 0x1A || v == 0x7F)
				if got := qpCtlStopAt(tx, 0); ctl && !got {
					t.Errorf("qpCtlStopAt(%q, 0) = false, want true", tx)
				}
			}
		}
	}
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"=07", true},
		{"=00x", true},
		{"=1B[", true},
		{"=7F", true},
		{"=0", false},
		{"=10 ", false},
		{"=12>", false},
		{"=09=09", false},
		{"=0D", false},
		{"=02/08", false},
		{"=08-I", false},
		{"=0207", false},
		{"=08>08", false},
		{"=1b[", false},
	} {
		if got := qpCtlStopAt([]byte(tt.text), 0); got != tt.want {
			t.Errorf("qpCtlStopAt(%q, 0) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
