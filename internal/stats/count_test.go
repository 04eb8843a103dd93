package stats

import "testing"

// countNext counts tokens the long way.
func countNext(text []byte) int {
	var tz Tokenizer
	n := 0
	for tok, p := tz.Next(text, 0); tok != nil; tok, p = tz.Next(text, p) {
		n++
	}
	return n
}

var countSeeds = []string{
	"", " ", "a", "Hello, World!", "foo--bar  baz\n", "x1 2y",
	"café au lait", "naïve", "ab\u0301c", "日本語 text", "e\u0301", "A\xffB", "ÀB CD", "abc é", "abcé def",
	"\u00a0word\u2003word", "ǅemal", "Σίσυφος ΣΊΣΥΦΟΣ", "x\u200by",
}

func TestCount(t *testing.T) {
	var tz Tokenizer
	for _, s := range countSeeds {
		t.Run(s, func(t *testing.T) {
			if got, want := tz.Count([]byte(s)), countNext([]byte(s)); got != want {
				t.Errorf("Count(%q) = %d, want %d", s, got, want)
			}
		})
	}
}

func FuzzCount(f *testing.F) {
	for _, s := range countSeeds {
		f.Add([]byte(s))
	}
	var tz Tokenizer
	f.Fuzz(func(t *testing.T, text []byte) {
		if got, want := tz.Count(text), countNext(text); got != want {
			t.Errorf("Count(%q) = %d, want %d", text, got, want)
		}
	})
}
