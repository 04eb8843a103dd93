package stats

import (
	"os"
	"strings"
	"testing"
)

// TestCountWords: countWords counts what Tokenizer.Next returns, on real
// mail and on the cases where runes decide (case, marks, invalid bytes).
func TestCountWords(t *testing.T) {
	sample, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"", " ", "a", "Hello, World!", "ÉCOLE é\u0301cole", "東京 and 뷁", "x\xffy \xe2\x82", "ǅungla İstanbul", "a\uFFFDb", "1½ ²3 ⅷ", strings.Repeat("ab-", 100),
		strings.Repeat("x", 63) + "éb" + strings.Repeat("Q", 64), strings.Repeat("Ab1 ", 16) + "東" + strings.Repeat("z", 70), strings.Repeat("@[`{", 40)}
	texts = append(texts, strings.Split(string(sample), "\n")...)
	for i, text := range texts {
		var tz Tokenizer
		var want uint64
		for tok, p := tz.Next([]byte(text), 0); tok != nil; tok, p = tz.Next([]byte(text), p) {
			want++
		}
		if got := CountWords([]byte(text)); got != want {
			t.Errorf("CountWords(text %d %.60q) = %d, want %d", i, text, got, want)
		}
	}
}

// FuzzCountWords checks countWords against Tokenizer.Next on any bytes.
func FuzzCountWords(f *testing.F) {
	for _, s := range []string{"a b", "É\xffx", "ǅ1", strings.Repeat("x", 63) + "é" + strings.Repeat("Z9 ", 30)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		var tz Tokenizer
		var want uint64
		for tok, p := tz.Next(text, 0); tok != nil; tok, p = tz.Next(text, p) {
			want++
		}
		if got := CountWords(text); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", text, got, want)
		}
	})
}

// TestWordRoom: the word hash buffer at least doubles when it grows, and
// is left alone while it has room.
func TestWordRoom(t *testing.T) {
	s := NewSummary(Options{})
	s.words.Hashes = make([]uint64, 1000)
	s.wordRoom(10)
	if cap(s.words.Hashes) < 2000 || len(s.words.Hashes) != 1000 {
		t.Fatalf("grew to len %d cap %d, want 1000 and at least 2000", len(s.words.Hashes), cap(s.words.Hashes))
	}
	p := &s.words.Hashes[:1][0]
	s.wordRoom(cap(s.words.Hashes) - 1000)
	if &s.words.Hashes[:1][0] != p {
		t.Fatal("grew with room left")
	}
	s.wordRoom(5000)
	if cap(s.words.Hashes) < 6000 {
		t.Fatalf("cap %d after room for 5,000 more, want at least 6,000", cap(s.words.Hashes))
	}
}
