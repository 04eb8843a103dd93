package evasions

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestQPStopAt holds qpStopAt to the escapes EQLEAD (qp.go) and escRun's
// letters (recall9.go) ask for, at the end of a text too.
func TestQPStopAt(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"=C2=A0", true},
		{"=F0", true},
		{"=c2", false},
		{"=41=42", true},
		{"=7A=", true},
		{"=4", false},
		{"=41", false},
		{"=41 =42", false},
		{"=3D=3D", false},
		{"=20=20", false},
		{"=8A=8B", false},
		{"=", false},
	} {
		if got := qpStopAt([]byte(tt.text), 0); got != tt.want {
			t.Errorf("qpStopAt(%q, 0) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// qpPart heads a part declared quoted-printable in a multipart mail
// whose boundary is b1.
const qpPart = "Content-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"

// qpControlCases are controls written as quoted-printable escapes
// (recall9.go), with the mail that must stay unflagged; each is the
// whole text.
var qpControlCases = []ruleCase{
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
	// The gate (qpGate): past an escape of a control that is no finding,
	// none is asked up to the next "rintable".
	{"after many chunks", qpHeader + strings.Repeat("Some words of the mail. ", 12) + "Click=07 here", []string{Control}},
	{"a part declared after raw HTML", "<td size=10>\n" + qpHeader + strings.Repeat("Some words of the mail. ", 12) + "Click=07 here", []string{Control}},
	{"raw HTML then a part declared 7bit", "<td size=10>\n" + strings.Replace(qpHeader, "quoted-printable", "7bit", 1) + strings.Repeat("Some words of the mail. ", 12) + "Click=07 here", nil},
	{"after an ISO 2022 escape", qpHeader + "<=1B$B;v6H<T=1B(B>\n" + strings.Repeat("Some words of the mail. ", 12) + "Click=07 here", nil},
	{"after a look-alike (=py)", qpHeader + "?q=python\n" + strings.Repeat("Some words of the mail. ", 12) + "Click=07 here", nil},
}

func TestQPControl(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range qpControlCases {
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

// TestQPControlEvidence pins the evidence.
func TestQPControlEvidence(t *testing.T) {
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

// TestQPCtlStopAt holds the kernel's stop while chunkQPCtl is set
// (qpCtlStopAt) to the escapes qpControl takes: every = it does not
// stop at has none after it.
func TestQPCtlStopAt(t *testing.T) {
	for a := range 256 {
		for b := range 256 {
			tx := []byte{'=', byte(a), byte(b), ' '}
			ctl := qpUpperHex(byte(a)) && qpUpperHex(byte(b)) && (a == '0' && b != '9' && b != 'A' && b != 'B' && b != 'C' && b != 'D' || a == '1' || a == '7' && b == 'F')
			if ctl != qpCtlStopAt(tx, 0) && ctl {
				t.Errorf("qpCtlStopAt(%q) = false, want true", tx)
			}
			if qpControl(tx, 0) >= 0 && !ctl {
				t.Errorf("qpControl(%q) >= 0, not an escape of a control", tx)
			}
		}
	}
	if qpCtlStopAt([]byte("=0"), 0) || qpCtlStopAt([]byte("x=1"), 1) {
		t.Error("qpCtlStopAt stops at an = cut short")
	}
}

// TestQPGate: the gate turns off at the first = of qpCtlStopAt's that is
// no finding, and the scan passes chunkQPCtl to the kernel only while it
// is on (scan.blocks).
func TestQPGate(t *testing.T) {
	tx := []byte(qpHeader + "a=07 b width=100 c=07 d")
	var g qpGate
	i := strings.Index(string(tx), "=07")
	if c := qpCtlControl(&g, tx, i); c != 7 || !g.on(i+1) {
		t.Fatalf("control at %d = %d, on %v; want 7, on", i, c, g.on(i+1))
	}
	j := strings.Index(string(tx), "=10")
	if c := qpCtlControl(&g, tx, j); c >= 0 || g.on(j) || !g.on(j-1) {
		t.Fatalf("control at %d = %d, on %v; want -1, off from %d", j, c, g.on(j), j)
	}
	k := strings.LastIndex(string(tx), "=07")
	if c := qpCtlControl(&g, tx, k); c >= 0 {
		t.Errorf("control at %d = %d past the gate, want -1", k, c)
	}
	if c := qpCtlControl(&g, tx, i); c != 7 {
		t.Errorf("control at %d = %d before the gate (the full check again), want 7", i, c)
	}
	if g.asks(k) {
		t.Errorf("asks(%d) with no quoted-printable header after, want false", k)
	}
	// Raw HTML, then a part declared quoted-printable: on again from its
	// header, each stretch once however often it is read.
	tx = []byte("<td size=10 width=1>\n" + qpHeader + "a=07 <td width=3D1>")
	g = qpGate{}
	for range 2 {
		for p := range tx {
			if tx[p] == '=' {
				qpCtlControl(&g, tx, p)
			}
		}
	}
	if h := strings.Index(string(tx), "-printable"); g.n != 1 || g.off[0] != [2]int{8, h} || !g.asks(0) || !g.asks(h) {
		t.Errorf("gate %v after raw HTML then a part declared, want [8 %d] once", g.off[:g.n], h)
	}
	q := strings.Index(string(tx), "=07")
	if c := qpCtlControl(&g, tx, q); c != 7 {
		t.Errorf("control at %d = %d in the part declared after raw HTML, want 7", q, c)
	}
	// qpGateMax stretches at most, the last to the end.
	tx = []byte(strings.Repeat("size=10 quoted-printable\n", 6))
	g = qpGate{}
	for p := range tx {
		if tx[p] == '=' {
			qpCtlControl(&g, tx, p)
		}
	}
	if g.n != qpGateMax || g.off[g.n-1][1] != math.MaxInt || g.asks(len(tx)-1) {
		t.Errorf("gate %v, want %d stretches, the last to the end", g.off[:g.n], qpGateMax)
	}
}

// qpCtlControl asks g at the = at tx[i] as qpFind and qpFound do.
func qpCtlControl(g *qpGate, tx []byte, i int) int {
	if !qpCtlStopAt(tx, i) {
		return -1
	}
	return g.control(tx, i)
}
