package evasions

import (
	"strings"
	"testing"
)

// TestContextStart: an evidence string's context before the character it
// names starts on a UTF-8 character's first byte, so a valid text's
// evidence never shows "\x.." escapes of bytes it does not have.
func TestContextStart(t *testing.T) {
	for _, tt := range []struct {
		t    string
		i    int
		want int
	}{
		{"abc", 2, 0},
		{"0123456789abcdef", 12, 4},
		{"ab\u00e9cdefghij", 11, 2},         // 8 back is é's second byte: back one
		{"a\u20acbcdefghij", 11, 1},         // € (3 bytes): its third byte, back two
		{"\U0001F600abcdefgh", 11, 0},       // 😀 (4 bytes): its fourth byte, back three
		{"ab\x80\x80cdefghijk", 12, 4},      // stray continuation bytes: left as they are
		{"\xe2\x82\x82\x82abcdefgh", 12, 4}, // 8 back lands after a whole character's bytes
	} {
		if got := contextStart([]byte(tt.t), tt.i); got != tt.want {
			t.Errorf("contextStart(%q, %d) = %d, want %d", tt.t, tt.i, got, tt.want)
		}
	}
	// Through the checks: a zero-width space 8 bytes after the middle of
	// an é, a bidi override after a €, a control after a Greek letter.
	for _, tx := range []string{
		"caf\u00e9 abcd\u200bef", "a\u20acbcdefg\u202eexe.txt", "\u03b1\u03b2\u03b3 word\x01 more", "na\u00efve\ufffd text",
	} {
		found := checkAgainstRef(t, []byte(tx))
		any := false
		for _, ev := range found {
			if ev == "" {
				continue
			}
			any = true
			if strings.Contains(ev, `\x`) {
				t.Errorf("evidence for %q shows an escaped byte of a valid character: %s", tx, ev)
			}
		}
		if !any && !strings.Contains(tx, "\ufffd") {
			t.Errorf("no finding for %q", tx)
		}
	}
}
