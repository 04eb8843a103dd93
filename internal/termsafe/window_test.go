package termsafe

import (
	"fmt"
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

// windowBytesTexts mix ASCII, multi-byte characters, invalid bytes, runs
// of continuation bytes and escapes, long enough for every case of
// Window (start, middle, near the end).
func windowBytesTexts() []string {
	return []string{
		"",
		"a",
		"hello world",
		strings.Repeat("a", 159),
		strings.Repeat("a", 160),
		strings.Repeat("a", 161),
		strings.Repeat("a", 100) + "X" + strings.Repeat("b", 900),
		strings.Repeat("é", 700),
		strings.Repeat("🚀x", 400),
		strings.Repeat("\x80", 1500) + "abc",
		"abc" + strings.Repeat("\x80", 1500),
		strings.Repeat("a\xffb\u200b\x1b[2J日本語\n", 120),
		strings.Repeat("x", 150) + strings.Repeat("\U0001F600", 30) + strings.Repeat("y", 800),
		strings.Repeat("\xf0\x9f\x98", 300) + strings.Repeat("z", 300),
	}
}

// TestWindowBytes: the window of the kept bytes is the window of the
// whole text, for every at and several limits, and a window of the start
// of ASCII text keeps limit+1 bytes.
func TestWindowBytes(t *testing.T) {
	for k, s := range windowBytesTexts() {
		for _, limit := range []int{1, 2, 3, 10, 160} {
			t.Run(fmt.Sprintf("text%d/limit%d", k, limit), func(t *testing.T) {
				for at := -1; at <= len(s)+1; at++ {
					lo, hi := WindowBytes(s, at, limit)
					if lo < 0 || hi > len(s) || lo > hi {
						t.Fatalf("WindowBytes(text%d, %d, %d) = %d, %d, out of [0, %d]", k, at, limit, lo, hi, len(s))
					}
					if got, want := Window(s[lo:hi], at-lo, limit), Window(s, at, limit); got != want {
						t.Fatalf("Window(s[%d:%d], %d, %d) = %q, want %q (text%d)", lo, hi, at-lo, limit, got, want, k)
					}
				}
			})
		}
	}
	for _, n := range []int{0, 5, 160, 161, 5000} {
		s := strings.Repeat("a", n)
		if _, hi := WindowBytes(s, 0, 160); hi != min(n, 161) {
			t.Errorf("WindowBytes(%d ASCII bytes, 0, 160) = _, %d, want %d", n, hi, min(n, 161))
		}
	}
}

// FuzzWindowBytes holds WindowBytes to Window on any text and offset.
func FuzzWindowBytes(f *testing.F) {
	for _, s := range windowBytesTexts() {
		f.Add(s, 0, 160)
		f.Add(s, len(s)/2, 10)
	}
	f.Fuzz(func(t *testing.T, s string, at, limit int) {
		limit = limit%200 + 1
		if limit <= 0 {
			limit += 200
		}
		lo, hi := WindowBytes(s, at, limit)
		if lo < 0 || hi > len(s) || lo > hi {
			t.Fatalf("WindowBytes(%q, %d, %d) = %d, %d, out of [0, %d]", s, at, limit, lo, hi, len(s))
		}
		if got, want := Window(s[lo:hi], at-lo, limit), Window(s, at, limit); got != want {
			t.Fatalf("Window(s[%d:%d], %d, %d) = %q, want %q (s %q)", lo, hi, at-lo, limit, got, want, s)
		}
	})
}

// TestWriteHex holds writeHex to fmt's %02x, %04x and %08x escapes.
func TestWriteHex(t *testing.T) {
	for _, v := range []uint32{0, 0x1b, 0x7f, 0x9b, 0xff, 0x200b, 0xfeff, 0xffff, 0xe0001, 0x10ffff} {
		for _, c := range []struct {
			prefix, format string
			n              int
		}{{`\x`, `\x%02x`, 2}, {`\u`, `\u%04x`, 4}, {`\U`, `\U%08x`, 8}} {
			if v >= 1<<(4*c.n) {
				continue
			}
			var b strings.Builder
			writeHex(&b, c.prefix, v, c.n)
			if got, want := b.String(), fmt.Sprintf(c.format, v); got != want {
				t.Errorf("writeHex(%q, %#x, %d) = %q, want %q", c.prefix, v, c.n, got, want)
			}
		}
	}
}

// BenchmarkWindow: excerpts of mail-like text, at the start and at an
// offset, some with invalid bytes.
func BenchmarkWindow(b *testing.B) {
	mail := strings.Repeat("Dear friend, the offer ends soon.\n", 40)
	bad := strings.Repeat("\xb5\xc4 \xd6\xd0\xce\xc4 <BR>\n", 60)
	for b.Loop() {
		_ = Window(mail, 0, 160)
		_ = Window(mail, 700, 160)
		_ = Window(bad, 300, 160)
	}
}
