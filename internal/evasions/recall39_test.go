package evasions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// floats returns a list of n numbers written as Python writes an
// embedding ("%.6f", ", " between them).
func floats(n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%.6f", float64(i%7-3)*0.0371)
	}
	b.WriteByte(']')
	return b.String()
}

// recall39Whole are recall39.go's whole-text rules both ways: each text
// is the whole row.
var recall39Whole = []ruleCase{
	// A header block alone, its Subject empty: empty_text.
	{"no subject placeholder", "Subject: (no subject)\n\n", []string{Empty}},
	{"no subject placeholder, CR LF", "Subject: (no subject)\r\n\r\n", []string{Empty}},
	{"empty subject, four fields", "From: a@example.com\nTo: b@example.com\nSubject: \nDate: Mon, 2 Sep 2002 10:00:00 +0100\n\n", []string{Empty}},
	{"mbox line, folded field, bare subject", "From someone@example.com  Mon Sep  2 16:27:55 2002\nReturn-Path: <a@example.com>\nReceived: from x\n\tby y; Mon, 2 Sep 2002\nX-Mailer: Foo 1.0\nSubject:\n\n\n", []string{Empty}},
	// Not taken: a Subject that says something, no Subject, no blank
	// line, a body after it, names no mail header has.
	{"a real subject", "From: Perry <perry@example.com>\nTo: list@example.com\nSubject: Sun donates elliptic curve code to OpenSSL?\n\n\n", nil},
	{"no subject field", "Received: by example.com id 0FDC2\nDate: Wed, 14 Aug 2002 22:44:51 -0700\nFrom: nobody@example.com\n\n", nil},
	{"no blank line", "From: a@example.com\nSubject: \n", nil},
	{"a short body after it", "From: a@example.com\nSubject: \n\nok\n\n", nil},
	{"key value lines", "Name: \nEmail: \nSubject: \n\n", nil},
	{"yaml", "title: none\nsubject: \n\n", nil},
	{"a continuation first", " folded\nSubject: \n\n", nil},
	// A leading BOM: invisible_char; a BOM alone stays bomText's.
	{"leading bom", "\ufeffHello Bob, the invoice is attached. Regards, Ann", []string{Invisible}},
	{"bom alone", "\ufeff", []string{Empty}},
	{"bom and white space", "\ufeff \n", []string{Whitespace}},
	{"bom inside", "Hello \ufeffBob", []string{Invisible}},
	{"no bom", "Hello Bob, the invoice is attached.", nil},
	// A list of numbers alone: non_text.
	{"embedding", floats(384), []string{NonText}},
	{"embedding, white space around", "\n " + floats(16) + "\n", []string{NonText}},
	{"nested lists", "[" + floats(8) + ", " + floats(8) + "]", []string{NonText}},
	{"exponents, spaces only", "[ 1e-05 -2.5E+03  3\n 4 5 6 7 8 9 10 11 12 13 14 15 16 ]", []string{NonText}},
	{"too few", floats(15), nil},
	{"a word among them", strings.Replace(floats(20), "]", ", NaN]", 1), nil},
	{"a footnote", "[1] See the note, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 [2]", nil},
	{"unbalanced", "[" + floats(20), nil},
	{"text after", floats(20) + " and more", nil},
}

func TestRecall39Whole(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall39Whole {
				found := checkAgainstRef(t, []byte(tt.text))
				if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tt.text[:min(len(tt.text), 120)], found, tt.want)
				}
			}
		})
	}
}

// recall39Lossy are lossyQuestion's cases, at every offset.
var recall39Lossy = []ruleCase{
	{"letters lost", "Meeting at the caf? with Jos? Mu?oz in Z?rich, r?sum? attached", []string{Replacement}},
	{"two words", "Greetings from Z?rich and (Mu?oz).", []string{Replacement}},
	{"a cyrillic phrase", "Subject: ?????? ???? today", []string{Replacement}},
	{"a phrase at the end", "he wrote \"?????? ????\"", []string{Replacement}},
	// Not taken.
	{"one word", "Greetings from Z?rich, see you soon", nil},
	{"apostrophes lost", "It?s today?s news and AIB?s offer, we?ll see", nil},
	{"dashes lost", "help you find?and fund?long term care", nil},
	{"hyphens lost", "the middle?to?upper class has re?emerged, e?mail me", nil},
	{"urls", "http://clickthru.online.com/Click?q=3Ddf and main.php?rx=3 and www.x.com/ab?cd ok", nil},
	{"host names", "HELO oreilly?server.oreilly?domain and a@b.c?de", nil},
	{"short host labels", "HELO mu?oz.zu?ich.example and gh?kl:zx?qw", nil},
	{"questions", "really?I think so. why? because. What?no", nil},
	{"marks alone", "reading from\n??????\nor mean ??? some ?? of it", nil},
	{"question words", "Where ?? are ? you", nil},
}

func TestRecall39Lossy(t *testing.T) {
	checkCasesAtOffsets(t, recall39Lossy)
}

func TestRecall39Evidence(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		kind       int
		want       string
	}{
		{"headers", "From: a@example.com\nSubject: (no subject)\n\n", iEmpty,
			`the text is a mail's header block alone (2 header fields), its Subject empty, no body: "From: a@example.com\u000aSubj…"`},
		{"bom", "\ufeffHello", iInvisible,
			`the text opens with a byte-order mark (U+FEFF), a file's encoding mark left in: invisible, kept by strip(), a token to a model: "\ufeffHello"`},
		{"numbers", floats(16), iNonText,
			`the text is a list of 16 numbers and nothing else (an embedding or an array dumped as text): "[-0.111300, -0.074200, -…"`},
		{"lossy", "at the caf? in Z?rich with Mu?oz", iReplacement,
			`2 words with a '?' where a letter was, from byte 15 (characters lost to a lossy conversion to ASCII, errors="replace"): "Z?rich with Mu?oz"`},
		{"run", "x ?????? ????", iReplacement,
			`words of '?' alone at byte 2 (a phrase lost to a lossy conversion to ASCII, errors="replace"): "?????? ????"`},
	} {
		var found [numEvasionKinds]string
		checkText([]byte(tt.text), &found)
		if found[tt.kind] != tt.want {
			t.Errorf("%s: checkText(%q)[%s] = %q, want %q", tt.name, tt.text, evasionKinds[tt.kind], found[tt.kind], tt.want)
		}
	}
}

// BenchmarkRecall39 runs recall39 alone, two of its rules alone, and
// checkText whole, over the first megabyte of the 30 MB mail corpus
// (hot: in cache, as after the kernel) and over all of it, when this
// machine has it: the rules' share of the check (benchmarks/README.md,
// session 33 (hard)).
func BenchmarkRecall39(b *testing.B) {
	all := corpusTexts(b)
	if all == nil {
		b.Skip("no corpus")
	}
	hot, _ := hotTexts(b)
	for _, set := range []struct {
		name  string
		texts [][]byte
	}{{"hot", hot}, {"corpus", all}} {
		var n int64
		for _, t := range set.texts {
			n += int64(len(t))
		}
		for _, fn := range []struct {
			name string
			f    func([]byte, *[numEvasionKinds]string)
		}{{"recall39", recall39}, {"lossyQuestion", lossyQuestion}, {"headersOnly", headersOnly}, {"checkText", checkText}} {
			b.Run(set.name+"/"+fn.name, func(b *testing.B) {
				defer fixtures.ThreadCPU(b)()
				b.SetBytes(n)
				b.ReportAllocs()
				var found [numEvasionKinds]string
				for b.Loop() {
					for _, t := range set.texts {
						if len(t) == 0 {
							continue
						}
						found = [numEvasionKinds]string{}
						fn.f(t, &found)
					}
				}
			})
		}
	}
}
