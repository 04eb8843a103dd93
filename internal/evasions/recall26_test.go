package evasions

import (
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// recall26Cases are the blind planters' misses found now (recall26.go),
// with the plain texts next to them that must stay unflagged.
var recall26Cases = []ruleCase{
	{"percent-encoded soft hyphen (two escapes)", "http://x.com/pay%C2%ADpal", []string{Invisible}},
	{"percent-encoded soft hyphen in a link", `<a href="http://cli%c2%adck.mailer-offers.com/unsubscribe">Buy</a>`, []string{Invisible}},
	{"percent-encoded grapheme joiner", "http://x.com/pay%CD%8Fpal", []string{Invisible}},
	{"percent-encoded Arabic letter mark", "http://x.com/invoice%D8%9Cfdp.exe", []string{Bidi}},
	{"percent-encoded soft hyphen ending a text", "see http://x.com/pay%C2%AD", []string{Invisible}},
	{"percent-encoded no-break space", "http://x.com/a%C2%A0b", nil},
	{"percent-encoded accented letters", "http://fr.wikipedia.org/wiki/Caf%C3%A9_%C3%A0_%CD%B0%D8%A7", nil},
	{"percent-encoded soft hyphen's bytes in a longer character", "q=%E2%C2%AD", nil},
	{"percent-encoded soft hyphen, a continuation after it", "q=%C2%AD%80x", nil},
	{"percents three apart, no escape", "50% 40% 30% off", nil},
	{"Z85 on its line", "Hi,\n" + z85Line + "\nbye", []string{Blob}},
	{"Z85 after a colon and a space", "key: " + z85Line + " end", []string{Blob}},
	{"Z85 with an & before a byte that stops the kernel", "Hi,\n" + z85AmpA + "\nbye", []string{Blob}},
	{"Z85 with no &", "Hi,\n" + strings.ReplaceAll(z85Line, "&", ".") + "\nbye", []string{Blob}}, // recall40.go's looks40: a half of a window with two of z85Odd and no white space
	{"Z85, short", "Hi,\n" + z85Line[:60] + "\nbye", nil},
	{"a URL with a long query", "http://www.example.com/cgi-bin/redirect.pl?Session=A83kD93&ref=Zm9vYmFy&lang=EN&id=1234567890&s=AbC(1)!&r=[x]", nil},
	{"a path with a long query", "/cgi-bin/redirect.pl?Session=A83kD93&ref=Zm9vYmFy&lang=EN&id=1234567890&s=AbC(1)!&r=[x]<b>", nil},
	{"hash-busting letters and marks", "\n\niR$WV*yij$pj%upiaigmOBX@J!jeuMzscZ!PoRu&v!KMkpXxzYA@lRJ@d*g$y$fqOwzTyZps*pJZWWEIEachnnli%^O0pnHfhpIIIcQ*0x$xZS*ERcNQCjqujNuBmuXefgxnHBJEi^yZqPzqdiJoxNXFSAflpIBHDwcCVSpd%OBXqUN@G&C^avGHUh$QbHXu\n", nil},
	{"tags with no space", "<b>Hello</b><i>World</i><br><br>(Call 1-800-555-1234 now!)&nbsp;<u>Free</u>&copy;2002&reg;<p>Order#1</p>", nil},
}

// z85Line and z85AmpA are Z85 of 120 random bytes, each holding an &
// with a byte after it that stops the kernel (in z85AmpA an a: the
// Cyrillic names' stop, recall17.go).
const (
	z85Line = ")=O1+]iTijN[bdD+i8Oaarze7DK]Iw&BEd#@@K.oJ)GncP((Lfbr9>aL/j*L0bVG&[w9k#c1R$net5{E^l6*Cgx!&/}c4g/vmeR:jiDe>0e^lMyHtgt6?Su5GAOlu-u=&-yj3o0Zuv(SmA5LcPlbM>"
	z85AmpA = "-N+/S{%kD4W@j=#m>/D^O?.Q>[IvPfP>K8TG=ZKM+MdNvE5n2{AE7gqe?9N(h>30@S+vQRf2:MiLWm:85qxZ2eKAbAdAEG[zQ%^e@i!8LjnC{=D<CP>Ak2zN*8&ayA2f/fkvuT}f1<sV3U9Hc]>LSS"
)

func TestRecall26(t *testing.T) {
	checkCasesAtOffsets(t, recall26Cases)
}

// TestRecall26Edge puts the soft hyphen's first % at each byte of a
// chunk's end and the next chunk's start, after text the kernel takes
// whole: the kernel must stop at it (PCTPAIRS reads the 64 bytes from
// SI+3) for scan to find what the reference does.
func TestRecall26Edge(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for at := 40; at < 140; at++ {
				for _, esc := range []string{"%C2%AD", "%C2%A0"} {
					tx := strings.Repeat("plain words here", 10)[:at] + esc + "ck.example.com and then some words after it"
					found := checkAgainstRef(t, []byte(tx))
					want := esc == "%C2%AD"
					if got := found[iInvisible] != ""; got != want {
						t.Errorf("checkText(%q) = %q, want invisible_char %v", tx, found, want)
					}
				}
			}
		})
	}
}

// TestRecall26Evidence pins the evidence.
func TestRecall26Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"pay%C2%ADpal", `invisible character U+00AD written as percent escapes at byte 3: "pay%C2%ADpal"`},
		{"x\n" + z85Line, `150 characters of Z85 (ZeroMQ's base85) from byte 2: ")=O1+]iTijN[bdD+i8Oaarze…"`},
	})
}

// TestZ85Brackets holds z85Brackets to the brackets of z85Odd.
func TestZ85Brackets(t *testing.T) {
	var want uint16
	for _, c := range "()[]{}<>" {
		want |= 1 << strings.IndexRune(z85Odd, c)
	}
	if z85Brackets != want {
		t.Errorf("z85Brackets = %#b, want %#b", z85Brackets, want)
	}
}

// BenchmarkZ85Hot asks z85At at every & of BenchmarkCheckTextHot's texts
// (the first MB of corpus-30MB; the &s found before the timing): a bound
// on the work the rule adds to checkText there (scan asks it only where
// the kernel stops at the &, the full check where it reads one), to set
// against BenchmarkCheckTextHot's.
func BenchmarkZ85Hot(b *testing.B) {
	texts, n := hotTexts(b)
	type amp struct{ text, i int }
	var amps []amp
	for k, tx := range texts {
		for i := range tx {
			if tx[i] == '&' {
				amps = append(amps, amp{k, i})
			}
		}
	}
	defer fixtures.ThreadCPU(b)()
	b.SetBytes(n)
	blobs := 0
	for b.Loop() {
		for _, a := range amps {
			if z85At(texts[a.text], a.i) {
				blobs++
			}
		}
	}
	if blobs != 0 {
		b.Fatalf("z85At found %d blobs in corpus-30MB's first MB, want none", blobs)
	}
}

// FuzzCheckTextRecall26 holds checkText to refCheckText on the texts of
// recall26.go's rules, through every kernel path.
func FuzzCheckTextRecall26(f *testing.F) {
	for _, tt := range recall26Cases {
		f.Add(tt.text)
	}
	f.Add(strings.Repeat("ab", 30) + "%C2%AD" + z85Line)
	f.Fuzz(func(t *testing.T, s string) {
		checkPathsAgainstRef(t, s)
	})
}
