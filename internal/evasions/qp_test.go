package evasions

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// qpHeader heads a quoted-printable part as Python's email package
// writes it (benchmarks/evplant5.py's qp_part).
const qpHeader = "--=_NextPart_000_0001\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"

// qpCases are evasions written in quoted-printable (qp.go), with the
// quoted-printable of real mail that must stay unflagged; each is the
// whole text.
var qpCases = []ruleCase{
	// Characters written as escapes of their UTF-8 bytes.
	{"zero-width space in a word", qpHeader + "Cl=E2=80=8Bick here to claim=\nplease reply", []string{Invisible}},
	{"zero-width space, lower case after the lead", "Cl=E2=80=8bick here", []string{Invisible}},
	{"zero-width space, lower case lead", "Cl=e2=80=8bick here", nil}, // RFC 2045: upper case (qpRune)
	{"zero-width space across a soft line break", "Cl=E2=\n=80=8Bick here", []string{Invisible}},
	{"zero-width space across a CRLF soft line break", "Cl=E2=80=\r\n=8Bick here\r\n", []string{Invisible}},
	{"two zero-width spaces in a row", "Cl=E2=80=8B=E2=80=8Bick here", []string{Invisible}},
	{"soft hyphen in a word", "Vi=C2=ADagra cheap", []string{Invisible}},
	{"word joiner", "fr=E2=81=A0ee offer", []string{Invisible}},
	{"ZWJ between Latin letters", "fr=E2=80=8Dee offer", []string{Invisible}},
	{"right-to-left override", qpHeader + "invoice_=E2=80=AEfdp.exe attached", []string{Bidi}},
	{"right-to-left mark before a word", "=E2=80=8Fwinner today", []string{Bidi}},
	{"isolate", "=E2=81=A7money now", []string{Bidi}},
	{"U+FFFD", qpHeader + "Caf=EF=BF=BD au lait", []string{Replacement}},
	{"U+FFFD after a raw one", "\ufffd then Caf=EF=BF=BD", []string{Replacement}},
	{"cyrillic a in a Latin word", qpHeader + "Verify your p=D0=B0ypal account", []string{MixedScript}},
	{"cyrillic o ending a word", "Log in to micros=D0=BE now", []string{MixedScript}},
	{"two cyrillic letters in a word", "Visit =D1=80=D0=B0ypal now", []string{MixedScript}},
	{"Q-encoded subject", "Subject: =?UTF-8?Q?Cl=E2=80=8Bick_here_now?=\nFrom: x", []string{Invisible}},
	// Runs of =20.
	{"=20 padding", "pad " + strings.Repeat("=20", qpSpaceMin) + " x", []string{Repeated}},
	{"=20 padding, one short", "pad " + strings.Repeat("=20", qpSpaceMin-1) + " x", nil},
	{"=20 padding in lines", qpHeader + strings.Repeat(strings.Repeat("=20", 25)+"=\n", 7) + "Act now", []string{Repeated}},
	{"=20 padding in CRLF lines", strings.Repeat(strings.Repeat("=20", 25)+"=\r\n", 4) + "Act now", []string{Repeated}},
	{"=20 padding after a hex blob", strings.Repeat("0123456789abcdef", 8) + "\n" + strings.Repeat("=20", 70) + "x", []string{Repeated, Blob}},
	// Real mail's quoted-printable.
	{"smart quotes and spaces", qpHeader + "It=E2=80=99s here=20\nwith =E2=80=9Cquotes=E2=80=9D and=C2=A0nbsp=3D", nil},
	{"accents", "caf=C3=A9 na=C3=AFve, Gr=C3=BC=C3=9Fe", nil},
	{"russian", "=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82, =D0=BC=D0=B8=D1=80", nil},
	{"greek", "=CE=9A=CE=B1=CE=BB=CE=B7=CE=BC=CE=AD=CF=81=CE=B1 =CF=83=CE=B1=CF=82", nil},
	{"big5 read as UTF-8 by chance", "=ABH=A5=\n=CE=A5d=A7Q=B2v</span>", nil},
	{"big5 at a line's start", "<b>    =20\n=CE=A5d</option>", nil},
	{"gb2312 beside ASCII", "=D1=A7=D0=A3MBA=B5=C4", nil},
	{"emoji with a ZWJ", "hi =F0=9F=91=A8=E2=80=8D=F0=9F=92=BB there", nil},
	{"emoji with a variation selector", "love =E2=9D=A4=EF=B8=8F you", nil},
	{"BOM", "=EF=BB=BFHello there", nil},
	{"a cyrillic letter alone", "letter =D0=B0 alone", nil},
	{"a cyrillic letter beside one ASCII letter", "x =D0=B0b y", nil},
	{"cut short", "Cl=E2=80", nil},
	{"overlong", "Cl=C0=80ick", nil},
	{"surrogate", "Cl=ED=A0=80ick", nil},
	{"stray continuation after", "Cl=E2=80=8B=80ick", nil},
	{"trailing spaces", strings.Repeat("line=20\n", 60), nil},
	{"markup", strings.Repeat("<font size=3D2 face=3D\"Arial\">=20\n", 10), nil},
}

func TestQuotedPrintable(t *testing.T) {
	checkCasesAtOffsets(t, qpCases)
}

// checkCasesAtOffsets checks each case's text at every offset of the
// kernel's chunks and blocks, on every kernel path, against the reference
// and the kinds it wants (TestQuotedPrintable, TestRecall10).
func checkCasesAtOffsets(t *testing.T, cases []ruleCase) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range cases {
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

// TestQuotedPrintableEvidence pins the evidence of each category.
func TestQuotedPrintableEvidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"Cl=E2=80=8Bick", `invisible character U+200B written as quoted-printable escapes at byte 2: "Cl=E2=80=8Bick"`},
		{"a =E2=80=AEfdp", `bidirectional control U+202E written as quoted-printable escapes at byte 2: "a =E2=80=AEfdp"`},
		{"Caf=EF=BF=BD", `U+FFFD replacement character written as quoted-printable escapes at byte 3: "Caf=EF=BF=BD"`},
		{"p=D0=B0ypal", `look-alike letter U+0430 written as quoted-printable escapes at byte 1: "p=D0=B0ypal"`},
		{"a" + strings.Repeat("=20", 50), `50 spaces written as quoted-printable =20 from byte 1 to 151: "=20=20=20=20=20=20=20=20…"`},
	})
}

// evidenceCase is a text and the evidence of all its findings, joined.
type evidenceCase struct{ text, want string }

// checkEvidenceJoined checks each text against the reference and wants
// the evidence of all its findings joined (TestQuotedPrintableEvidence,
// TestRecall10Evidence).
func checkEvidenceJoined(t *testing.T, cases []evidenceCase) {
	t.Helper()
	for _, tt := range cases {
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

// FuzzCheckTextQP holds checkText to refCheckText on quoted-printable.
func FuzzCheckTextQP(f *testing.F) {
	for _, tt := range qpCases {
		f.Add(tt.text)
	}
	f.Add(strings.Repeat("=20=\n", 60) + "=E2=80=8B")
	f.Add(strings.Repeat("=D0=9F", 50) + strings.Repeat("=20", 60) + "p=D0=B0y")
	f.Fuzz(func(t *testing.T, s string) {
		var want [numEvasionKinds]string
		refCheckText([]byte(s), &want)
		for _, path := range chunkPaths() {
			var got [numEvasionKinds]string
			restore := path.Use()
			checkText([]byte(s), &got)
			restore()
			if got != want {
				t.Errorf("checkText(%q) with %s = %q, want %q", s, path.Name, got, want)
			}
		}
	})
}

// TestQPPlain holds qpPlain's ranges to no character of qpEvasion's.
func TestQPPlain(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !qpPlain(r) {
			continue
		}
		n++
		if r == utf8.RuneError || isBidi(r) || isInvisible(r) || lookalike(r) {
			t.Errorf("qpPlain(%U) = true, but it may be an evasion", r)
		}
	}
	if n < 40000 {
		t.Errorf("qpPlain holds %d code points, want the ranges of Latin, CJK and Hangul", n)
	}
}

// TestQPNextMay holds qpNextMay to qpFound: for an = whose next byte it
// rules out, qpFound answers false and leaves done as it was, whatever
// follows and whatever is found; and the = that ends a text.
func TestQPNextMay(t *testing.T) {
	tails := []string{"", "0", "00", "08", "0A", "1B", "7F", "20", "20=20=20=20=20=20=20=20=20=20=20=20", "A0", "BF", "E2=80=8B", "D0=B0", "?utf-8?B?0J/RgNC40LLQtdGC?=", "?UTF-8?Q?=E2=80=8B?=", "=3D", "3D", "2=80=8B", "F=BF=BD", "2=80=AE", "0=B0"}
	masks := []int{0, qpFoundMask(&[numEvasionKinds]string{}), 1<<iInvisible | 1<<iBidi | 1<<iMixed | 1<<iRepeated | 1<<iControl | 1<<iReplacement}
	for c := range 256 {
		for _, tail := range tails {
			for _, pre := range []string{"", "Content-Transfer-Encoding: quoted-printable\n\nx"} {
				text := []byte(pre + "=" + string([]byte{byte(c)}) + tail)
				i := len(pre)
				for _, m := range masks {
					done := 0
					got := qpFound(text, i, &done, m)
					if !qpNextMay[c] && (got || done != 0) {
						t.Fatalf("qpFound(%q, %d) = %v, done %d, but qpNextMay[%#x] is false", text, i, got, done, c)
					}
				}
			}
		}
	}
	for _, m := range masks {
		done := 0
		if qpFound([]byte("a="), 1, &done, m) || done != 0 {
			t.Fatal("qpFound at an = ending the text")
		}
	}
}
