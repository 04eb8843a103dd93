package finding

import (
	"strings"
	"testing"
)

// TestExcerptOf: an excerpt centres on the needle (ignoring case and the
// width of white space, else its first word), else on At, else starts the
// text; what it shows is escaped.
func TestExcerptOf(t *testing.T) {
	pad := strings.Repeat("x", 300)
	tests := []struct {
		name string
		f    Finding
		text string
		want string // what the excerpt must hold
		not  string // and must not
	}{
		{"start", Finding{}, "hello " + pad, "hello", "…hello"},
		{"empty", Finding{}, "", EmptyExcerpt, ""},
		{"at", Finding{At: 306}, "hello " + pad + "TARGET" + pad, "TARGET", "hello"},
		{"needle", Finding{Needle: "target"}, pad + " TARGET " + pad, "TARGET", ""},
		{"needle over at", Finding{Needle: "cf mn", At: 0}, "start " + pad + " cf\n\tmn " + pad, `cf\n\tmn`, "start"},
		{"needle's first word", Finding{Needle: "cf mn"}, "start " + pad + " cf, mn " + pad, "cf, mn", "start"},
		{"needle not found", Finding{Needle: "absent", At: 306}, "hello " + pad + "TARGET" + pad, "TARGET", "hello"},
		{"zero width made visible", Finding{At: 306}, "hello " + pad + "a\u200bb\u202ec\x1b[2J" + pad, `a\u200bb\u202ec\x1b[2J`, "\u200b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f.ExcerptOf([]byte(tt.text))
			if !strings.Contains(got, tt.want) || tt.not != "" && strings.Contains(got, tt.not) {
				t.Errorf("ExcerptOf(%q) = %q, want it to hold %q and not %q", tt.text[:20], got, tt.want, tt.not)
			}
			if n := len([]rune(got)); n > ExcerptChars+40 { // escapes count as one
				t.Errorf("ExcerptOf(%q) = %q: %d runes", tt.text[:20], got, n)
			}
		})
	}
}

func TestByteOffset(t *testing.T) {
	for _, tt := range []struct {
		ev   string
		want int
	}{
		{"invisible character U+200B at byte 17: \"a\"", 17},
		{"1168 base64 characters from byte 1311: \"x\"", 1311},
		{"no offset", 0},
		{"at byte x", 0},
	} {
		if got := ByteOffset(tt.ev); got != tt.want {
			t.Errorf("ByteOffset(%q) = %d, want %d", tt.ev, got, tt.want)
		}
	}
}
