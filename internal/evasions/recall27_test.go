package evasions

import (
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// utf7Part is a text/html part in UTF-7 whose markup is shifted runs
// (benchmarks/evplant11.py's utf7_part), closed by its boundary.
const utf7Part = "\n--=_NextPart_011_0103\nContent-Type: text/html; charset=\"utf-7\"\n\n" +
	"+ADw-a href=+ACI-http://bestpharma.biz/verify+ACI-+AD4-Meet lonely singles in your area tonight+ADw-/a+AD4- " +
	"+ADw-font color=+ACI-red+ACI-+AD4-Limited offer on genuine replica watches+ADw-/font+AD4-\n--=_NextPart_011_0103--\n"

// recall27Cases are the UTF-7 parts and lines utf7Tail finds and the
// clean texts beside them: UTF-7 of letters that are not ASCII, phone
// numbers, C++, signatures, base64 bodies closed by a boundary.
var recall27Cases = []ruleCase{
	{"UTF-7 part closed by its boundary", "Hello Bob,\nsee below.\n" + utf7Part, []string{Blob}},
	{"UTF-7 part, CR LF", strings.ReplaceAll("Hello Bob,\nsee below.\n"+utf7Part, "\n", "\r\n"), []string{Blob}},
	{"UTF-7 line ends the text", "Hello Bob,\n+ADw-script+AD4-alert(1)+ADw-/script+AD4-\n", []string{Blob}},
	{"UTF-7 line without its last -", "Hello\n+ADw-script+AD4-alert(1)+ADw-/script+AD4", nil},
	{"UTF-7 runs ended by a space", "Hello\n+ADw script+AD4 alert(1) x-\n--=_b1--\n", []string{Blob}},
	{"one UTF-7 run", "Hello Bob,\n+ADw-b>bold</b>\n--=_b1--\n", nil},
	{"UTF-7 of letters not ASCII", "Hello\n--b1\nContent-Type: text/plain; charset=utf-7\n\nCaf+AOk- cr+AOg-me br+APs-l+AOk-e, +BBQEPgQxBEAEPgQ1- +BEMEQgRABD4-\n--b1--\n", nil},
	{"phone numbers and C++", "Call +1 555 0100 or +44 20 7946 0958 about C++ and +AB\n--=_b1--\n", nil},
	{"a run that is not whole units", "x +ADx +AD5 y\n--=_b1--\n", nil},
	{"signature dashes", "Thanks\n-- \n", nil},
	{"a line ending in a dash", "Meet me at 10 +AB- +CD-\n", nil},
	{"boundary in a line", "text --=_b1-- more\n+ADw-\n+AD4- --=_b1--\n", nil},
	{"base64 body closed by a boundary", "--b1\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nSGVsbG8gdGhlcmUsIHRoaXMgaXMgYSB0ZXN0IG9mIGEgYmFzZTY0IGJvZHkgKyBzb21lIG1vcmU=\n+w+/+A+b/\n--b1--\n", nil},
}

func TestRecall27(t *testing.T) {
	checkCasesAtOffsets(t, recall27Cases)
}

// TestRecall27Evidence pins utf7Tail's evidence.
func TestRecall27Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"Hi\n+ADw-script+AD4-alert(1)+ADw-/script+AD4-\n", `4 UTF-7 runs from byte 3 decode to ASCII "<script>alert(1)</script>": "+ADw-script+AD4-alert(1)…"`},
		{"Hi\n" + utf7Part, `12 UTF-7 runs from byte 68 decode to ASCII "<a href=\"http://bestpharma.biz/verify\">Meet lone…": "+ADw-a href=+ACI-http://…"`},
	})
}

// TestUTF7Run: shifted runs of whole units, ASCII alone.
func TestUTF7Run(t *testing.T) {
	for _, tt := range []struct {
		s      string
		end    int
		wantOK bool
	}{
		{"+ADw-", 5, true}, {"+ADw", 4, true}, {"+ADw.", 4, true}, {"+AGgAaQ-x", 8, true},
		{"+AOk-", 4, false}, {"+-", 2, false}, {"+1", 2, false}, {"+ADx-", 5, false}, {"+AAA-", 4, false},
	} {
		if end, ok := utf7Run([]byte(tt.s), 0); end != tt.end || ok != tt.wantOK {
			t.Errorf("utf7Run(%q, 0) = %d, %v, want %d, %v", tt.s, end, ok, tt.end, tt.wantOK)
		}
	}
}

// FuzzCheckTextRecall27 holds checkText to refCheckText on texts grown
// from recall27Cases.
func FuzzCheckTextRecall27(f *testing.F) {
	for _, tt := range recall27Cases {
		f.Add(tt.text)
	}
	f.Fuzz(checkPathsAgainstRef)
}

// BenchmarkUTF7TailHot is BenchmarkCheckTextHot (once), the same with
// utf7Tail asked again after each checkText (again: the difference is
// utf7Tail's cost where checkText leaves it, the text's end just read),
// and utf7Tail alone (alone: each text's end a cache miss, an upper
// bound; the texts have no UTF-7, so found stays empty). Read them in one run, as the host's load moves them all.
func BenchmarkUTF7TailHot(b *testing.B) {
	texts, n := hotTexts(b)
	for _, mode := range []string{"once", "again", "alone"} {
		b.Run(mode, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			var found [numEvasionKinds]string
			for b.Loop() {
				for _, t := range texts {
					if mode != "alone" {
						found = [numEvasionKinds]string{}
						checkText(t, &found)
					}
					if mode != "once" {
						utf7Tail(t, &found)
					}
				}
			}
		})
	}
}
