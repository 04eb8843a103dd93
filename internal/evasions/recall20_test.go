package evasions

import (
	"encoding/ascii85"
	"strings"
	"testing"
)

// yencBody is n bytes of a fixed pseudo-random stream written as yEnc
// lines of 128 (the bytes plus 42, NUL, LF, CR and = escaped), each
// byte a character U+0000-U+00FF as a JSON reader hands them on (the
// soft hyphen U+00AD, an invisible character, left out).
func yencBody(n int) string {
	var sb strings.Builder
	x, line := uint32(2029), 0
	for range n {
		x = x*1103515245 + 12345
		o := byte(x>>16) + 42
		if o == 0xAD {
			continue
		}
		if o == 0 || o == '\n' || o == '\r' || o == '=' {
			sb.WriteByte('=')
			o += 64
			line++
		}
		sb.WriteRune(rune(o))
		if line++; line >= 128 {
			sb.WriteByte('\n')
			line = 0
		}
	}
	return sb.String()
}

// recall20Cases are the yEnc parts yencCheck takes (benchmarks/evplant9.py's
// yenc_part) and the texts beside them it leaves.
var recall20Cases = []ruleCase{
	{"yEnc part", "hello\n=ybegin line=128 size=300 name=pic.jpg\n" + yencBody(300) + "\n=yend size=300\nbye", []string{Control, Blob}},
	{"yEnc part of a multipart post", "\n=ybegin part=1 line=128 size=9000 name=a.zip\n=ypart begin=1 end=400\n" + yencBody(400) + "\n=yend size=400 part=1 pcrc32=0\n", []string{Control, Blob}},
	{"yEnc part without its end", "hello\n=ybegin line=128 size=300 name=pic.jpg\n" + yencBody(300) + "\nbye", []string{Control}},
	{"yEnc begin line without a name", "\n=ybegin line=128 size=300\n" + yencBody(300) + "\n=yend size=300\n", []string{Control}},
	{"yEnc begin line without a size", "\n=ybegin line=128 name=pic.jpg\n" + yencBody(300) + "\n=yend size=300\n", []string{Control}},
	{"yEnc begin inside a line", "see =ybegin line=128 size=300 name=pic.jpg\n" + yencBody(300) + "\n=yend size=300\n", []string{Control}},
	{"yEnc begin far before the control", "\n=ybegin line=128 size=300 name=pic.jpg\n" + strings.Repeat("The offer runs through May; reply to the list for details.\nThanks, and see the notes from the meeting.\n", 12) + yencBody(300) + "\n=yend size=300\n", []string{Control}},
	{"yEnc lines in prose, no control", "To post it:\n=ybegin line=128 size=300 name=pic.jpg\nthe data\n=yend size=300\n", nil},
}

// a85Of is Ascii85 of n bytes of a fixed pseudo-random stream.
func a85Of(n int) string {
	b := make([]byte, n)
	x := uint32(2029)
	for i := range b {
		x = x*1103515245 + 12345
		b[i] = byte(x >> 16)
	}
	out := make([]byte, ascii85.MaxEncodedLen(n))
	return string(out[:ascii85.Encode(out, b)])
}

// a85DelimCases are Ascii85 runs between <~ and ~> a85Delimited takes
// (evplant9's ascii85_delimited: 75-99 characters, under a85Min) and
// the delimited texts it leaves.
var a85DelimCases = []ruleCase{
	{"delimited on one line", "hello\n<~" + a85Of(60) + "~>\nbye", []string{Blob}},
	{"delimited, wrapped", "hello\n<~" + a85Of(30)[:38] + "\n" + a85Of(30)[:38] + "\n" + a85Of(12) + "~>\nbye", []string{Blob}},
	{"delimited, the closing cut by the wrap", "hello\n<~" + a85Of(60) + "~\n>\nbye", []string{Blob}},
	{"delimited, CRLF lines", "hello\r\n<~" + a85Of(30) + "\r\n" + a85Of(30) + "~>\r\nbye", []string{Blob}},
	{"delimited, wrapped at 60, under a85Min", "Here it is:\n" + a85Wrapped60[:50] + "\n" + a85Wrapped60[len(a85Wrapped60)-47:] + "\nbye", []string{Blob}},
	{"delimited, lines of two widths", "Here it is:\n" + a85Wrapped60[:50] + "\n" + a85Wrapped60[61:122] + "\n" + a85Wrapped60[len(a85Wrapped60)-47:] + "\nbye", []string{Blob}},
	{"delimited, too short", "hello\n<~" + a85Of(36) + "~>\nbye", nil},
	{"not closed", "hello\n<~" + a85Of(60) + "\nbye", nil},
	{"closed by a tilde alone", "hello\n<~" + a85Of(60) + "~ bye", nil},
	{"letters and digits alone", "hello\n<~" + strings.Repeat("klmXYZ0123", 6) + "~>\nbye", nil},
	{"a home directory in a patch", "+Use <~> to refer to the user's home directory.\n \n@@ -257,7 +260,", nil},
}

func TestRecall20(t *testing.T) {
	checkRuleCases(t, recall20Cases)
	checkRuleCases(t, a85DelimCases)
}

// TestRecall20Evidence pins the evidence of a yEnc part.
func TestRecall20Evidence(t *testing.T) {
	tx := "=ybegin line=128 size=300 name=pic.jpg\n" + yencBody(300) + "\n=yend size=300\n"
	found := checkAgainstRef(t, []byte(tx))
	if want := `a yEnc part of 300 bytes from byte 0: "=ybegin line=128 size=300 name=pic.jpg"`; found[iBlob] != want {
		t.Errorf("evidence %q, want %q", found[iBlob], want)
	}
}

// FuzzCheckTextRecall20 holds checkText to refCheckText on texts grown
// from recall20Cases.
func FuzzCheckTextRecall20(f *testing.F) {
	for _, tt := range recall20Cases {
		f.Add(tt.text)
	}
	for _, tt := range a85DelimCases {
		f.Add(tt.text)
	}
	f.Add("=ybegin line=1 size=1 name=x\n\x01\n=yend size=1")
	f.Add("a\x85=ybegin line=1 size=1 name=x\n\x01\x02\n=yend size=")
	f.Fuzz(checkPathsAgainstRef)
}
