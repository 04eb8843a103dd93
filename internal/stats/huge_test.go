package stats

import (
	"strings"
	"testing"
)

// TestHugeText: a text whose lowercase copy is too big to keep from row to
// row (over maxKeptText) is still tokenised and counted, as are the rows
// after it. Its bitmaps were dropped before countTokens read them: a
// panic, "slice bounds out of range", on any text over 16 MiB.
func TestHugeText(t *testing.T) {
	const word = "word "
	for _, tc := range []struct {
		name  string
		words int
		tail  string
	}{
		{"kept", (maxKeptText - 64) / len(word), ""},
		{"just-over", maxKeptText/len(word) + 1, ""},
		{"over-non-ascii", maxKeptText/len(word) + 100, " Ünïcode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Repeat(word, tc.words) + tc.tail
			r := summarize(t, []row{{Text: "small Text"}, {Text: text}, {Text: "small text"}}, 1, 10)
			want := uint64(tc.words + 4)
			if tc.tail != "" {
				want++
			}
			if r.Tokens.Total != want || r.Counts.Rows != 3 {
				t.Errorf("summarize(%d-byte text) = %d tokens in %d rows, want %d in 3", len(text), r.Tokens.Total, r.Counts.Rows, want)
			}
		})
	}
}
