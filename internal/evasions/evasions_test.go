package evasions

import (
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	b64 := "TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBlbmNvZGluZyBzY2hlbWVzIGFyZSBjb21tb25seSB1c2Vk\nIHdoZW4gdGhlcmUgaXMgYSBuZWVkIHRvIGVuY29kZSBiaW5hcnkgZGF0YQ=="
	tests := []struct {
		name string
		text string
		want []string // categories, in evasionKinds order
	}{
		{"plain", "The quick brown fox jumps over the lazy dog.", nil},
		{"mail separators", "Hi all,\nthe meeting moved to Friday at ten, in the usual room on the second floor.\n" + strings.Repeat("-", 76) + "\nSee the agenda attached and bring your notes from last week.\n" + strings.Repeat("=", 70) + "\nRegards, Ann", nil},
		{"hashes and ids", "Message-ID: <3d2f1a9b8c7e6d5f4a3b2c1d0e9f8a7b@example.com> sha1 0a4d55a8d778e5022fab701977c5d840bbc486d0", nil},
		{"url", "see https://example.com/path/to/some/page.html?query=abc&x=1 for more", nil},
		{"accents and scripts", "Café naïve Ünïcödé, Αθήνα and Москва are fine words.", nil},
		{"emoji in a sentence", "Great job 🎉🎉 see you soon 👍", nil},
		{"cjk", "東京タワーは高いです。", nil},
		{"zero width space", "pay\u200bpal account", []string{Invisible}},
		{"combining grapheme joiner", "pay\u034fpal account", []string{Invisible}},
		{"hangul filler", "pay\u3164pal account", []string{Invisible}},
		{"soft hyphen", "in\u00advisible", []string{Invisible}},
		{"leading BOM is fine", "\ufeffhello", nil},
		{"bidi override", "invoice\u202egpj.exe", []string{Bidi}},
		{"nul byte", "abc\x00def", []string{Control}},
		{"ansi escape", "\x1b[31mred\x1b[0m", []string{Control}},
		{"C1 control", "abc\u0085def", []string{Control}},
		{"cyrillic a in a latin word", "log in to p\u0430ypal now", []string{MixedScript}},
		{"greek omicron in a latin word", "micr\u03bfsoft", []string{MixedScript}},
		{"repeated letters", "buy now " + strings.Repeat("a", 25), []string{Repeated}},
		{"repeated punctuation", strings.Repeat("!", 120), []string{Repeated, NonText}},
		{"base64 blob", "attachment:\n" + b64, []string{Blob}},
		{"hex blob", "key " + strings.Repeat("deadbeef0123", 6), []string{Blob}},
		{"box drawing", "┌──┬──┐│  │  │├──┼──┤└──┴──┘", []string{NonText}},
		{"empty", "", []string{Empty}},
		{"white space", " \t\n\u3000 ", []string{Whitespace}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var found [numEvasionKinds]string
			checkText([]byte(tt.text), &found)
			var got []string
			for k, reason := range found {
				if reason != "" {
					got = append(got, evasionKinds[k])
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("checkText(%q) = %v, want %v; evidence %q", tt.text, got, tt.want, found)
			}
		})
	}
}

func TestQuoteVisible(t *testing.T) {
	for in, want := range map[string]string{
		"pay\u200bpal": `"pay\u200bpal"`,
		"a\x00b\xffc":  `"a\u0000b\xffc"`,
		`say "hi"`:     `"say \"hi\""`,
		"abcdefghijk":  `"abcde…"`,
	} {
		if got := quoteVisible([]byte(in), 5+6*map[bool]int{true: 1}[in != "abcdefghijk"]); got != want {
			t.Errorf("quoteVisible(%q) = %s, want %s", in, got, want)
		}
	}
}

// FuzzCheckText checks the claim the ASCII fast path rests on: when it
// finds nothing in a plain ASCII text, the full check finds nothing
// either. And the checks never panic.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"plain text", strings.Repeat("a", 30), strings.Repeat("-", 120), "abc\x00", "p\u0430ypal",
		strings.Repeat("QUJDREVG", 20), strings.Repeat("0a", 40), "   ", "", "┌──┐"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var found [numEvasionKinds]string
		checkText([]byte(s), &found)
		if len(s) > 0 && plainASCII([]byte(s)) && !checkASCII([]byte(s)) {
			var full [numEvasionKinds]string
			checkFull([]byte(s), &full)
			for k, reason := range full {
				if reason != "" {
					t.Errorf("checkASCII(%q) = false, but checkFull finds %s: %s", s, evasionKinds[k], reason)
				}
			}
		}
	})
}
