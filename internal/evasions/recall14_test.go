package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// recall14Cases are benchmarks/evplant10.py's misses found now
// (recall14.go), with the plain texts next to them that must stay
// unflagged.
var recall14Cases = []ruleCase{
	{"selectors in a row after an emoji", "Hi \U0001F600\uFE01\uFE02\U000E0110 there", []string{Invisible}},
	{"many selectors after an emoji", "Hi \U0001F600\uFE01\uFE02\uFE03\U000E0110\U000E0111 there", []string{Invisible, NonText}},
	{"an ideographic selector after an emoji", "Hi \U0001F600\U000E0110 there", []string{Invisible}},
	{"an ideographic selector after Han", "\u845b\U000E0100\u57ce\u5e02", nil},
	{"an emoji's presentation selector", "I \u2764\uFE0F it and \u263A\uFE0E too", nil},
	{"keycap", "press 1\uFE0F\u20E3 now", nil},
	{"emoji with selectors repeated", "Love you so much, my dear friend, and I mean it with all my heart, every word of it " + strings.Repeat("\u2764\uFE0F", 25) + " bye", []string{Repeated}},
	{"emoji with selectors, short", "Love you " + strings.Repeat("\u2764\uFE0F", 5) + " bye", nil},
	{"fullwidth exclamation marks", "Buy now" + strings.Repeat("\uFF01", 25) + " today, for you", []string{Repeated}},
	{"ideographic full stops", "Buy now" + strings.Repeat("\u3002", 25) + " today, for you", []string{Repeated}},
	{"fullwidth rule alone on its line", "\u4f1a\u8b70\u306e\u304a\u77e5\u3089\u305b\u3067\u3059\u3002\u6765\u9031\u306e\u6708\u66dc\u65e5\u306b\u4f1a\u8b70\u304c\u3042\u308a\u307e\u3059\u3002\n" + strings.Repeat("\uFF1D", 30) + "\n\u65e5\u6642\u306f\u6765\u9031\u306e\u6708\u66dc\u65e5\u3001\u5834\u6240\u306f\u672c\u793e\u306e\u4f1a\u8b70\u5ba4\u3067\u3059\u3002", nil},
	{"fullwidth exclamation marks, short", "Buy now" + strings.Repeat("\uFF01", 5) + " today", nil},
	{"exclamation marks", "Make a million" + strings.Repeat("!", 30) + " now", []string{Repeated}},
	{"question marks", "Really" + strings.Repeat("?", 24) + " yes", []string{Repeated}},
	{"exclamation marks, short", "Make a million" + strings.Repeat("!", 19) + " now", nil},
	{"dollar signs", "Make money " + strings.Repeat("$", 40) + " now", []string{Repeated}}, // not alone on its line: recall18.go's dollarRun (session 28)
	{"dollar line", "Make money\n" + strings.Repeat("$", 40) + "\nnow", nil},
	{"a form feed ending a text", "The end.\n\f", nil},
	{"entity without a semicolon", "Cl&#8203ick here", []string{Invisible}},
	{"hex entity without a semicolon", "<p>Cl&#x200Bick here</p>", []string{Invisible}},
	{"bidi entity without a semicolon", "invoice&#8238fdp.exe", []string{Bidi}},
	{"other entity without a semicolon", "caf&#233 and &#169 2002", nil},
	{"BOM entity in a word", "Cl&#65279;ick here", []string{Invisible}},
	{"BOM entity in a URL", "[3] http://boingboing.net/&#65279;http://www.io.com/~riddle/", nil},
	{"percent-encoded zero-width space", `<a href="http://pay%E2%80%8Bpal.com/x">x</a>`, []string{Invisible}},
	{"percent-encoded, lower case", `<a href="http://pay%e2%80%8cpal.com/x">x</a>`, []string{Invisible}},
	{"percent-encoded override", `<a href="http://x.com/invoice%E2%80%AEfdp.exe">x</a>`, []string{Bidi}},
	{"percent-encoded UTF-8 text", "http://ja.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC%E2%80%93x", nil},
	{"percent-encoded after a lead byte", "q=%C3%E2%80%8B", nil},
	{"percent-encoded BOM", "http://x.com/%EF%BB%BFfile", nil},
}

func TestRecall14(t *testing.T) {
	checkCasesAtOffsets(t, recall14Cases)
}

// TestBlankText: texts of white space with a vertical tab or a form feed
// (blankText), each the whole text.
func TestBlankText(t *testing.T) {
	for _, tt := range []ruleCase{
		{"a vertical tab alone", "\v", []string{Whitespace}},
		{"a form feed and line feeds", "\n\f\n", []string{Whitespace}},
		{"vertical tabs and a space", " \v\v", []string{Control, Whitespace}},
		{"a no-break space and a form feed", "\u00a0\f", []string{Control, Whitespace}},
		{"a form feed alone on its line in a text", "page one\n\f\npage two", []string{Control}}, // recall30.go (session 31)
		{"a form feed alone on its line ending a text", "page one\n\f\n", nil},
		{"white space only", " \n\t", []string{Whitespace}},
	} {
		found := checkAgainstRef(t, []byte(tt.text))
		if got := foundKinds(found, -1); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: checkText(%q) = %q, want %v", tt.name, tt.text, found, tt.want)
		}
	}
}

// TestRecall14Evidence pins the evidence of the rules.
func TestRecall14Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"pay%E2%80%8Bpal", `invisible character U+200B written as percent escapes at byte 3: "pay%E2%80%8Bpal"`},
		{"x%E2%80%AEy", `bidirectional control U+202E written as percent escapes at byte 1: "x%E2%80%AEy"`},
		{"\v\n", "the text is 2 characters of white space"},
		{"Wow" + strings.Repeat("!", 20), `"!" repeated 20+ times from byte 3`},
	})
}

// FuzzCheckTextRecall14 holds checkText to refCheckText on the texts of
// recall14.go's rules.
func FuzzCheckTextRecall14(f *testing.F) {
	for _, tt := range recall14Cases {
		f.Add(tt.text)
	}
	f.Add(strings.Repeat("%E2%80%8B", 30) + strings.Repeat("!", 19))
	f.Fuzz(func(t *testing.T, s string) {
		var want [numEvasionKinds]string
		refCheckText([]byte(s), &want)
		for _, path := range chunkPaths() {
			func() {
				defer path.Use()()
				var got [numEvasionKinds]string
				checkText([]byte(s), &got)
				if got != want {
					t.Fatalf("%s: checkText(%q) = %q, want %q", path.Name, s, got, want)
				}
			}()
		}
	})
}
