package evasions

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refQuoteVisible is quoteVisible before session 14's short path (a
// decode, the Unicode tables and fmt for every character): the oracle of
// TestQuoteVisibleRef and FuzzQuoteVisible.
func refQuoteVisible(b []byte, max int) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for n := 0; len(b) > 0 && n < max; n++ {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&sb, `\x%02x`, b[0])
		case r == '"' || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r == ' ' || unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r) && !isInvisible(r):
			sb.WriteRune(r)
		case r < 0x10000:
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			fmt.Fprintf(&sb, `\U%08x`, r)
		}
		b = b[size:]
	}
	if len(b) > 0 {
		sb.WriteString("…")
	}
	sb.WriteByte('"')
	return sb.String()
}

// TestQuoteVisibleRef holds quoteVisible to refQuoteVisible on every
// byte alone, every code point alone and after an ASCII letter, and cut
// at every max from 0 to 4.
func TestQuoteVisibleRef(t *testing.T) {
	var inputs [][]byte
	for c := range 256 {
		inputs = append(inputs, []byte{byte(c)}, []byte{'a', byte(c), 'b'})
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r&0xFF == 0 || r < 0x3000 || r >= 0xE0000 || r >= 0xFE00 && r <= 0xFFFF {
			inputs = append(inputs, utf8.AppendRune(nil, r), utf8.AppendRune([]byte("x"), r))
		}
	}
	for _, in := range inputs {
		for max := range 5 {
			if got, want := quoteVisible(in, max), refQuoteVisible(in, max); got != want {
				t.Fatalf("quoteVisible(%q, %d) = %s, want %s", in, max, got, want)
			}
		}
	}
}

// FuzzQuoteVisible holds quoteVisible to refQuoteVisible.
func FuzzQuoteVisible(f *testing.F) {
	for _, s := range []string{"plain \"quoted\" \\ text", "\x00\x1b[31m\x7f", "\xff\xfe abc", "a\u200bb\u202ec\ufeff\U000e0041", "\ufffd \u00a0 😂 \U0001d400", "日本語のテキスト"} {
		f.Add(s, 24)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max & 63
		if got, want := quoteVisible([]byte(s), max), refQuoteVisible([]byte(s), max); got != want {
			t.Errorf("quoteVisible(%q, %d) = %s, want %s", s, max, got, want)
		}
	})
}
