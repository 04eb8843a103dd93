package dups

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// refCollapseASCII is collapseASCII before its eight-byte path: one byte
// at a time, for ASCII text only.
func refCollapseASCII(t []byte) []byte {
	out := make([]byte, len(t))
	w := 0
	sp := 1
	for _, c := range t {
		l := asciiLower[c&0x7f]
		s := 0
		if l == ' ' {
			s = 1
		}
		out[w] = l
		w += 1 - s&sp
		sp = s
	}
	if w > 0 && out[w-1] == ' ' {
		w--
	}
	return out[:w]
}

// collapseTexts are ASCII texts made of words, capitals, every white
// space byte alone and in runs, NUL and punctuation, at every length, so
// that the eight-byte path meets white space at every offset of a word
// and at its edges.
func collapseTexts() []string {
	pieces := []string{"a", "Z", "Hello", "WORLD", "x1", "@[`{", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\x00", "\x7f", "\x1f", "\x08", "\x0e", "AZaz09"}
	rng := rand.New(rand.NewPCG(20, 10))
	var out []string
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	for c := range utf8.RuneSelf {
		for n := range 20 {
			out = append(out, strings.Repeat("ab", n)+string(rune(c))+"cD", strings.Repeat(string(rune(c)), n)+"X")
		}
	}
	return out
}

// TestCollapseASCII holds collapseASCII to its byte-at-a-time definition
// on ASCII texts, and checks that it gives up on any text with a byte that
// is not ASCII, wherever the byte is.
func TestCollapseASCII(t *testing.T) {
	var buf []byte
	for _, s := range collapseTexts() {
		got, ok := collapseASCII(buf, []byte(s))
		if want := refCollapseASCII([]byte(s)); !ok || string(got) != string(want) {
			t.Fatalf("collapseASCII(%q) = %q, %v, want %q, true", s, got, ok, want)
		}
		buf = got
		for _, at := range []int{0, len(s) / 2, len(s)} {
			bad := s[:at] + "é" + s[at:]
			if got, ok := collapseASCII(buf, []byte(bad)); ok || len(got) != 0 {
				t.Fatalf("collapseASCII(%q) = %q, %v, want \"\", false", bad, got, ok)
			}
		}
	}
}
