package evasions

import (
	"encoding/base64"
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

// TestEvidenceFormat holds replacementEvidence and b64Evidence, written
// by concatenation, to the fmt.Sprintf formats they had before session
// 14, on texts with a header, cut from a mail or neither.
func TestEvidenceFormat(t *testing.T) {
	text := []byte("héllo \ufffd wörld \\udc80 and \ufffd again, the end")
	for _, c := range [][4]int{{1, 7, 0, 0}, {2, 7, 1, 18}, {0, 0, 1, 18}, {0, 0, 0, 0}, {123, 0, 456, 3}} {
		fffd, fffdAt, esc, escAt := c[0], c[1], c[2], c[3]
		want := ""
		switch {
		case fffd > 0:
			want = fmt.Sprintf("%d U+FFFD replacement %s, the first at byte %d: %s", fffd, plural(fffd, "character"), fffdAt, quoteVisible(text[contextStart(text, fffdAt):], 24))
			if esc > 0 {
				want += fmt.Sprintf("; %d lone-surrogate %s, the first at byte %d", esc, plural(esc, "escape"), escAt)
			}
		case esc > 0:
			want = fmt.Sprintf("%d lone-surrogate %s written out, the first at byte %d: %s", esc, plural(esc, "escape"), escAt, quoteVisible(text[contextStart(text, escAt):], 24))
		}
		if got := replacementEvidence(text, fffd, fffdAt, esc, escAt); got != want {
			t.Errorf("replacementEvidence(%v) = %q, want %q", c, got, want)
		}
	}
	text64 := strings.Repeat("TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIEJhc2U2NCBl\n", 4)
	bin64 := strings.Repeat("TWFu"+base64.StdEncoding.EncodeToString(payload(33, 5))+"\n", 4) // binary after "Man"
	var bodies []string
	for _, body := range []string{text64, bin64} {
		bodies = append(bodies, "Content-Transfer-Encoding: base64\n\n"+body, body, "see this: "+body+" as asked")
	}
	for _, tx := range bodies {
		text := []byte(tx)
		start := strings.Index(tx, "TWF")
		n := strings.Count(tx[start:], "") - 1
		var want string
		if at := declaredMIME(text, start); at >= 0 {
			want = fmt.Sprintf("%s (header at byte %d): %d base64 characters from byte %d: %s", attachmentEvidence, at, n, start, quoteVisible(text[start:], 24))
		} else if (b64Fragment(text, n) || b64Lead(text, start)) && b64Text(text, start, b64End(text, start)) {
			want = fmt.Sprintf("%d base64 characters from byte %d that decode to text, no MIME header declaring them: %s", n, start, quoteVisible(text[start:], 24))
		} else if b64Fragment(text, n) || b64Lead(text, start) {
			want = fmt.Sprintf("%s, cut from its mail: the text is %d base64 characters from byte %d: %s", attachmentEvidence, n, start, quoteVisible(text[start:], 24))
		} else {
			want = fmt.Sprintf("%d base64 characters from byte %d: %s", n, start, quoteVisible(text[start:], 24))
		}
		if got := b64Evidence(text, n, start, 0); got != want {
			t.Errorf("b64Evidence(%q, %d, %d) = %q, want %q", tx[:20], n, start, got, want)
		}
	}
}
