package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWindow: a window shows at most limit characters around at, escaped,
// "…" where it is cut.
func TestWindow(t *testing.T) {
	long := strings.Repeat("a", 100) + "X" + strings.Repeat("b", 100)
	tests := []struct {
		name      string
		s         string
		at, limit int
		want      string
	}{
		{"short, whole", "hello", 0, 20, "hello"},
		{"short, at ignored", "hello", 3, 20, "hello"},
		{"start", long, 0, 10, "aaaaaaaaa…"},
		{"around", long, 100, 10, "…aaaXbbbb…"},
		{"near the end", long, 199, 10, "…bbbbbbbbb"},
		{"at past the end", "hello world", 99, 6, "…world"},
		{"negative at", "hello world", -5, 6, "hello…"},
		{"zero width", "a\u200bb", 1, 10, `a\u200bb`},
		{"bidi", "abc\u202edef", 3, 10, `abc\u202edef`},
		{"escape sequence", "x\x1b[2Jy", 0, 10, `x\x1b[2Jy`},
		{"newline and tab", "a\nb\tc", 0, 10, `a\nb\tc`},
		{"invalid byte", "a\xffb", 0, 10, `a\xffb`},
		{"escape counts as one", "\u200b\u200b\u200b\u200b", 0, 3, `\u200b\u200b…`},
		{"at inside a character", "ééééé", 7, 3, "…é…"},
		{"no limit", "a\u200b", 0, 0, `a\u200b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Window(tt.s, tt.at, tt.limit)
			if got != tt.want {
				t.Errorf("Window(%q, %d, %d) = %q, want %q", tt.s, tt.at, tt.limit, got, tt.want)
			}
		})
	}
}

// TestWindowHostile: whatever the text and window, no character a
// terminal acts on comes through, and the window holds at most limit
// characters, escapes counted once.
func TestWindowHostile(t *testing.T) {
	all := strings.Join(hostile(), "x")
	for _, limit := range []int{1, 2, 5, 160} {
		for at := 0; at <= len(all); at += 7 {
			got := Window(all, at, limit)
			if r := forbidden(got, false); r != -1 {
				t.Fatalf("Window(hostile, %d, %d) = %q holds %U", at, limit, got, r)
			}
			if c := countShown(got); c > limit {
				t.Fatalf("Window(hostile, %d, %d) = %q: %d characters, want at most %d", at, limit, got, c, limit)
			}
		}
	}
}

// countShown counts the characters of an escaped string, an escape as one.
func countShown(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 'x':
				i += 4
			case 'u':
				i += 6
			case 'U':
				i += 10
			default:
				i += 2
			}
			n++
			continue
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		n++
	}
	return n
}

// TestFewerRunes holds fewerRunes to utf8.RuneCountInString, invalid and
// cut characters included, for every count around the text's.
func TestFewerRunes(t *testing.T) {
	for _, s := range []string{"", "abc", "héllo", "日本語", "a\xffb", "\xe2\x82", "x\xe2\x82\xacy\xf0\x9f", "🚀🚀", strings.Repeat("é", 40)} {
		t.Run(s, func(t *testing.T) {
			c := utf8.RuneCountInString(s)
			for n := 0; n <= c+2; n++ {
				if got, want := fewerRunes(s, n), c < n; got != want {
					t.Errorf("fewerRunes(%q, %d) = %v, want %v", s, n, got, want)
				}
			}
		})
	}
}
