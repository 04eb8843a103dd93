package evasions

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// recall38Prose is English prose the cases below sit in, so that the
// English-text guard of oneMarkWord (recall22.go) holds.
const recall38Prose = "Thanks for the note, and we will send the rest of the order to you on Friday. "

// recall38Cases are recall38.go's rules both ways.
var recall38Cases = []ruleCase{
	// Decomposed (NFD) text in a language with diacritics: plain.
	{"vietnamese nfd, thanks", recall38Prose + norm.NFD.String("Cảm ơn bạn đã đặt hàng. Chúng tôi sẽ giao hàng sớm."), nil},
	{"vietnamese nfd, hello", recall38Prose + norm.NFD.String("Xin chào, tôi là người Việt Nam."), nil},
	{"french nfd", recall38Prose + norm.NFD.String("Où est la réunion ? À demain, café crème."), nil},
	{"vietnamese nfd, the neighbour's letter the same", recall38Prose + norm.NFD.String("giao hàng và"), nil},
	{"german nfd", recall38Prose + norm.NFD.String("Grüße aus Zürich, Straße 5, Größe XL."), nil},
	// One mark in English prose, or marks no orthography writes
	// together, or a mark that composes with no letter: mixed_script.
	{"one mark in an english word", recall38Prose + "Send us your Vi\u0301agra order with the rest.", []string{MixedScript}},
	{"marks on a spam line, no one orthography", recall38Prose + "Cli\u0301ck n\u0301ow fr\u0301ee to win", []string{MixedScript}},
	{"a mark that composes with no letter", recall38Prose + "la cre\u0300me brq\u0300le\u0301e", []string{MixedScript}},
	// Windows-1252 punctuation read as Latin-1: mojibake.
	{"cp1252 quotes and apostrophes", recall38Prose + "He said \u0093call me\u0094 and it\u0092s \u0091fine\u0092 now.", []string{Mojibake}},
	{"cp1252 in place, fewer than the other C1", recall38Prose + "it\u0092s a\u0081b\u0082c", []string{Control}},
	{"a C1 among U+FFFD", recall38Prose + "\ufffd\u0093\ufffdM\ufffd", []string{Replacement}},
	// Letters shaped as digits among digits: mixed_script.
	{"cyrillic O in a percentage", recall38Prose + "Get 1\u041e0% guaranteed, ref 4521", []string{MixedScript}},
	{"cyrillic O in an amount", recall38Prose + "Win $5\u041e\u041e today", []string{MixedScript}},
	{"greek omicron in a number", recall38Prose + "Call 2\u039f00 now", []string{MixedScript}},
	{"greek alpha after a digit", recall38Prose + "the 5\u03b1-reductase enzyme", nil},
	{"russian number and company form", "Цена 5ОО рублей, ООО Ромашка, звоните в 10:00, спасибо.", nil},
	{"cyrillic O alone", recall38Prose + "see \u041e here", nil},
}

func TestRecall38(t *testing.T) {
	checkCasesAtOffsets(t, recall38Cases)
}

func TestRecall38Evidence(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		kind       int
		want       string
	}{
		{"cp1252", "He said \u0093call me\u0094 twice", iMojibake,
			"2 C1 controls of Windows-1252 punctuation read as Latin-1, the first U+0093 (for \u201c) at byte 8: \"He said \\u0093call me\\u0094 twice\""},
		{"digits", "Win $5\u041e\u041e today, and the rest of the order to you on Friday", iMixed,
			"the number \"5\u041e\u041e\" at byte 5 has Cyrillic letters shaped as digits (the first U+041E at byte 6), in Latin text"},
	} {
		var found [numEvasionKinds]string
		checkText([]byte(tt.text), &found)
		if found[tt.kind] != tt.want {
			t.Errorf("%s: checkText(%q)[%s] = %q, want %q", tt.name, tt.text, evasionKinds[tt.kind], found[tt.kind], tt.want)
		}
	}
}

// TestNFDPhraseOrthographies checks that every orthography's letters
// decompose to ASCII letters and marks or stay one letter, and that the
// table holds no letter twice in one language: a typo there would let a
// phrase through, or never.
func TestNFDPhraseOrthographies(t *testing.T) {
	for _, o := range orthographies {
		seen := map[rune]bool{}
		for _, r := range o {
			if seen[r] {
				t.Errorf("orthography %q lists %c twice", o, r)
			}
			seen[r] = true
			if !utf8.ValidRune(r) || r < utf8.RuneSelf || strings.ToLower(string(r)) != string(r) {
				t.Errorf("orthography %q: %c is not a small letter outside ASCII", o, r)
			}
		}
	}
}

func BenchmarkNFDPhrase(b *testing.B) {
	t := []byte(recall38Prose + norm.NFD.String("Cảm ơn bạn đã đặt hàng."))
	start := len(recall38Prose)
	end := start + len(norm.NFD.String("Cảm"))
	b.ReportAllocs()
	for b.Loop() {
		if !nfdPhrase(t, start, end) {
			b.Fatal("not a phrase")
		}
	}
}
