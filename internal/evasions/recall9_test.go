package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// qpPart heads a part declared quoted-printable in a multipart mail
// whose boundary is b1.
const qpPart = "Content-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"

// recall9Cases are controls written as quoted-printable escapes
// (recall9.go), with the mail that must stay unflagged; each is the
// whole text.
var recall9Cases = []ruleCase{
	{"ANSI escape after a word", qpHeader + "Paypal=07 security notice=00 update billing information=1B[31m", []string{Control}},
	{"ANSI escape", qpHeader + "Lose weight=1B[31m guaranteed", []string{Control}},
	{"NUL", qpHeader + "Click=00 here", []string{Control}},
	{"bell", qpHeader + "Click=07 here", []string{Control}},
	{"backspaces", qpHeader + "Lose=08=08 weight", []string{Control}},
	{"DEL", qpHeader + "Copy your DVDs NOW=7F. Best", []string{Control}},
	{"in a word", qpHeader + "a l=01arge campaign", []string{Control}},
	{"top-level header, CRLF, soft line breaks", "Subject: hi\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\nsome text=20\r\nand mo=\r\nre=1A text\r\n", []string{Control}},
	{"the part's other lines escaped", qpPart + "width=3D\"100\" and=20\nsoft=\nbreak\n\nAfter: a paragraph\n\nthe=1B[0m end\n--b1--\n", []string{Control}},
	{"after a signature", qpHeader + "text\n--=20\n\nsig=07 here", []string{Control}},
	{"after a dashed line", qpHeader + "text\n-------------\n\nnext=07 here", []string{Control}},
	// Not declared, or not escapes.
	{"no header", "Paypal=07 security notice=00 update=1B[31m", nil},
	{"declared 7bit", "Content-Transfer-Encoding: 7bit\n\nPaypal=07 notice", nil},
	{"a part with no encoding after a QP one", qpPart + "hi=3D\n--b1\nContent-Type: text/html\n\nx=07y\n", nil},
	{"a part with no header after a QP one", qpPart + "hi=3D\n--b1\n\nx=07y\n", nil},
	{"raw HTML declared quoted-printable", qpHeader + "<td width=100 size=1>\nthe=1B[0m end", nil},
	{"a number after", qpHeader + "spambytes_id=100115 ok", nil},
	{"lower case", qpHeader + "Lose weight=1b[31m guaranteed", nil},
	{"ISO 2022 escapes", qpHeader + "<=1B$B;v6H<T=1B(B>\n", nil},
	{"tab and line breaks", qpHeader + "a=09b=0D=0Ac=0B=0C", nil},
	{"nroff underlining", qpHeader + "___=08=08=08see", nil},
	{"an earlier message's header", "Content-Transfer-Encoding: quoted-printable\n\nhi\n\nFrom: x\nContent-Type: text/plain\n\nx=07y", nil},
	{"cut short", qpHeader + "x=0", nil},
}

func TestRecall9(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall9Cases {
				// At every offset of the kernel's chunks and blocks.
				for pad := range 72 {
					tx := strings.Repeat("Some words before it. ", 4)[:pad] + " " + tt.text
					if pad == 0 {
						tx = tt.text
					}
					found := checkAgainstRef(t, []byte(tx))
					if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(tt.want) {
						t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tx, found, tt.want)
						break
					}
				}
			}
		})
	}
}

// TestRecall9Evidence pins the evidence.
func TestRecall9Evidence(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{qpHeader + "Click=00 here", `control character U+0000 written as a quoted-printable escape at byte 114: "e\u000a\u000aClick=00 here"`},
		{qpHeader + "now=1B[31m!", `ANSI escape sequence written as a quoted-printable escape at byte 112: "ble\u000a\u000anow=1B[31m!"`},
	} {
		found := checkAgainstRef(t, []byte(tt.text))
		var got string
		for _, e := range found {
			got += e
		}
		if got != tt.want {
			t.Errorf("checkText(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestQPStopTables holds qpStopAt to the escapes qpControl and EQLEAD
// ask for: every = it does not stop at has neither after it.
func TestQPStopTables(t *testing.T) {
	for a := range 256 {
		for b := range 256 {
			tx := []byte{'=', byte(a), byte(b), ' '}
			eqlead := a >= 'C' && a <= 'F'
			ctl := qpUpperHex(byte(a)) && qpUpperHex(byte(b)) && (a == '0' && b != '9' && b != 'A' && b != 'B' && b != 'C' && b != 'D' || a == '1' || a == '7' && b == 'F')
			if (eqlead || ctl) && !qpStopAt(tx, 0) {
				t.Errorf("qpStopAt(%q) = false, want true", tx)
			}
		}
	}
}
