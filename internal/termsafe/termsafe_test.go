package termsafe

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile holds one of every kind of character a terminal must not get raw.
func hostile() []string {
	var out []string
	for c := rune(0); c < 0x20; c++ {
		out = append(out, string(c))
	}
	out = append(out, "\x7f")
	for c := rune(0x80); c < 0xa0; c++ {
		out = append(out, string(c)) // C1 controls, UTF-8 encoded
	}
	for _, c := range []rune{0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
		0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x2028, 0x2029, 0x3164, 0x115f, 0x034f, 0xe0001, 0xe0041, 0xfff9} {
		out = append(out, string(c))
	}
	for b := 0x80; b < 0x100; b++ {
		out = append(out, string([]byte{byte(b)})) // lone bytes: not UTF-8
	}
	out = append(out, "\x1b]0;PWNED\x07\x1b[2J", "\xe2\x80", "\xf0\x9f\x98")
	return out
}

// Forbidden returns the first character of s a terminal must not get raw,
// or -1. layout allows newlines and tabs.
func forbidden(s string, layout bool) rune {
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return rune(s[i])
		}
		if layout && (r == '\n' || r == '\t') {
			continue
		}
		if !Visible(r) {
			return r
		}
	}
	return -1
}

func TestEscapeEverything(t *testing.T) {
	for _, h := range hostile() {
		for _, s := range []string{h, "a" + h + "b", h + h} {
			if got := Escape(s); forbidden(got, false) >= 0 {
				t.Errorf("Escape(%q) = %q: raw %U", s, got, forbidden(got, false))
			}
			if got := Clip(s, 3); forbidden(got, false) >= 0 {
				t.Errorf("Clip(%q, 3) = %q: raw %U", s, got, forbidden(got, false))
			}
			var buf bytes.Buffer
			n, err := NewWriter(&buf).Write([]byte(s))
			if err != nil || n != len(s) {
				t.Errorf("Write(%q) = %d, %v; want %d, nil", s, n, err, len(s))
			}
			if r := forbidden(buf.String(), true); r >= 0 {
				t.Errorf("Write(%q) wrote %q: raw %U", s, buf.String(), r)
			}
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"café ΑΘΗΝΑ 日本 😀", "café ΑΘΗΝΑ 日本 😀"},
		{"\x1b]0;PWNED\x07\x1b[2J", `\x1b]0;PWNED\x07\x1b[2J`},
		{"x\u202ey", `x\u202ey`},
		{"\u0085\u009b", `\x85\x9b`},
		{"del\x7f", `del\x7f`},
		{"tab\tnl\ncr\r", `tab\tnl\ncr\r`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"real \uFFFD kept", "real \uFFFD kept"},
		{"tag\U000E0041", `tag\U000e0041`},
		{"filler\u3164", `filler\u3164`},
		{`back\slash "q"`, `back\slash "q"`},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriterKeepsLayout(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	in := "col\tcol\nid \x1b[31mred\u202e\n"
	if _, err := w.Write([]byte(in)); err != nil {
		t.Fatal(err)
	}
	if want := "col\tcol\nid \\x1b[31mred\\u202e\n"; buf.String() != want {
		t.Errorf("Write(%q) wrote %q, want %q", in, buf.String(), want)
	}
	if NewWriter(w) != w || Raw(w) != &buf || Raw(&buf) != &buf {
		t.Error("NewWriter or Raw does not unwrap")
	}
}
