// Package termsafe makes text from the data safe to print on a terminal.
//
// Data (ids, paths, tokens, labels, evidence, field names) may hold bytes
// a terminal obeys instead of showing: ESC sequences that set the window
// title or clear the screen, C1 controls (U+009B is a CSI), bidi controls
// (U+202E) that reverse what follows, zero-width characters that hide
// text. Escape and Clip write each of them as an escape anyone can read:
// \x1b for a byte or C0/C1 control, \u202e for a format or invisible
// character, \xNN for a byte that is not UTF-8. Writer does the same to
// everything written through it, but keeps newlines and tabs: it guards
// whole messages (stderr, a text summary), where those are layout.
//
// Printable text, including every letter, mark, digit, symbol, space and
// U+FFFD itself, passes unchanged, so output without such characters is
// byte for byte what it was.
package termsafe

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every character a terminal could act on or hide
// written as an escape (see the package comment); tabs and newlines are
// escaped too (\t, \n), so a value stays on its line.
func Escape(s string) string {
	if safe(s, false) {
		return s
	}
	var b strings.Builder
	appendEscaped(&b, s, false)
	return b.String()
}

// Clip is Escape for at most max characters of s (counting an escape as
// one character): a longer value is cut and ends with "…". max <= 0 means
// no limit.
func Clip(s string, max int) string {
	if max <= 0 {
		return Escape(s)
	}
	var b strings.Builder
	n := 0
	for i, r := range s {
		if n == max-1 && i+utf8.RuneLen(r) < len(s) {
			b.WriteString("…")
			break
		}
		n++
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			fmt.Fprintf(&b, `\x%02x`, s[i]) // an invalid byte
			continue
		}
		appendRune(&b, r, false)
	}
	return b.String()
}

// Visible reports whether r is shown as itself: a space, or a graphic
// character that is not a format character (zero-width, bidi, tags) nor
// otherwise default-ignorable (Hangul fillers, U+034F).
func Visible(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0x20 && r < 0x7f
	}
	return unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// safe reports whether s needs no escape at all.
func safe(s string, layout bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return safeSlow(s[i:], layout)
		}
		if c < 0x20 || c == 0x7f {
			if !layout || c != '\n' && c != '\t' {
				return false
			}
		}
	}
	return true
}

func safeSlow(s string, layout bool) bool {
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return false
		}
		if !Visible(r) && !(layout && (r == '\n' || r == '\t')) {
			return false
		}
	}
	return true
}

func appendEscaped(b *strings.Builder, s string, layout bool) {
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			fmt.Fprintf(b, `\x%02x`, s[i]) // an invalid byte
			continue
		}
		appendRune(b, r, layout)
	}
}

func appendRune(b *strings.Builder, r rune, layout bool) {
	switch {
	case Visible(r):
		b.WriteRune(r)
	case r == '\t':
		if layout {
			b.WriteByte('\t')
		} else {
			b.WriteString(`\t`)
		}
	case r == '\n':
		if layout {
			b.WriteByte('\n')
		} else {
			b.WriteString(`\n`)
		}
	case r == '\r':
		b.WriteString(`\r`)
	case r < 0x100: // C0, DEL, C1
		writeHex(b, `\x`, uint32(r), 2)
	case r <= 0xffff:
		writeHex(b, `\u`, uint32(r), 4)
	default:
		writeHex(b, `\U`, uint32(r), 8)
	}
}

// writeHex writes prefix and the n lowest hex digits of v, lower case,
// as fmt's %0nx does for a v of at most n digits (an escape a character).
func writeHex(b *strings.Builder, prefix string, v uint32, n int) {
	const digits = "0123456789abcdef"
	var buf [10]byte
	k := copy(buf[:], prefix)
	for i := n - 1; i >= 0; i-- {
		buf[k] = digits[v>>(4*uint(i))&0xf]
		k++
	}
	b.Write(buf[:k])
}

// Writer escapes what is written through it as Escape does, except that
// newlines and tabs pass: they are the layout of the messages written.
// Each Write is escaped on its own, so a character split across two
// writes shows as \xNN escapes; fmt.Fprintf writes once a call.
type Writer struct {
	w io.Writer
}

// NewWriter returns a Writer writing to w; w itself when it is one.
func NewWriter(w io.Writer) *Writer {
	if tw, ok := w.(*Writer); ok {
		return tw
	}
	return &Writer{w: w}
}

// Write writes p to the underlying writer, escaped. It returns len(p)
// when all of it was written.
func (t *Writer) Write(p []byte) (int, error) {
	s := string(p)
	if safe(s, true) {
		return t.w.Write(p)
	}
	var b strings.Builder
	appendEscaped(&b, s, true)
	if _, err := io.WriteString(t.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Unwrap returns the writer t writes to.
func (t *Writer) Unwrap() io.Writer { return t.w }

// Raw returns the writer under w if w is a Writer, else w: for what must
// reach the terminal as it is, such as a progress bar's \r.
func Raw(w io.Writer) io.Writer {
	if t, ok := w.(*Writer); ok {
		return t.w
	}
	return w
}

// fewerRunes says whether s has fewer than n characters (an invalid byte
// counts as one, as for utf8.RuneCountInString), reading no more of s
// than its first n: excerpts are taken from texts of any length.
func fewerRunes(s string, n int) bool {
	c := 0
	for i := 0; i < len(s) && c < n; c++ {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return c < n
}

// Window is Clip for a window of s around byte at: at most limit
// characters (counting an escape as one character, and "…" as one),
// starting about a third of limit before the character at at, so that
// what leads to it shows too. A cut start or end shows as "…". at is
// clamped to s; limit <= 0 means no limit.
func Window(s string, at, limit int) string {
	if limit <= 0 {
		return Escape(s)
	}
	at = min(max(at, 0), len(s))
	for at > 0 && at < len(s) && !utf8.RuneStart(s[at]) {
		at--
	}
	start := at
	for back := limit / 3; back > 0 && start > 0; back-- {
		_, n := utf8.DecodeLastRuneInString(s[:start])
		start -= n
	}
	if start > 0 && fewerRunes(s[start:], limit) {
		// Near the end: show more of what comes before instead.
		start = len(s)
		for n := 0; n < limit-1 && start > 0; n++ {
			_, w := utf8.DecodeLastRuneInString(s[:start])
			start -= w
		}
	}
	var b strings.Builder
	b.Grow(min(len(s)-start, limit) + 4) // one allocation for a window of ASCII
	n := 0
	if start > 0 && limit > 1 {
		b.WriteString("…")
		n++
	}
	for i := start; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if n >= limit-1 && i+w < len(s) {
			b.WriteString("…")
			break
		}
		n++
		if r == utf8.RuneError && w == 1 {
			writeHex(&b, `\x`, uint32(s[i]), 2) // an invalid byte
		} else {
			appendRune(&b, r, false)
		}
		i += w
	}
	return b.String()
}

// WindowBytes returns the bytes of s that Window(s, at, limit) reads, so
// that a caller may keep only s[lo:hi] and make the window later:
// Window(s[lo:hi], at-lo, limit) == Window(s, at, limit) for limit > 0.
// At the start of s (at 0, or only continuation bytes before at) they are
// the first limit characters and one byte more (limit+1 bytes of ASCII);
// elsewhere at most 4*(limit/3)+8 bytes before at (4*limit+8 near the
// end of s) and 4*limit+8 after: each character Window shows or steps
// over is at most 4 bytes.
func WindowBytes(s string, at, limit int) (lo, hi int) {
	if limit <= 0 {
		return 0, len(s)
	}
	at = min(max(at, 0), len(s))
	a := at
	for a > 0 && a < len(s) && !utf8.RuneStart(s[a]) {
		a--
	}
	if a > 0 {
		lo = max(0, min(a-(4*(limit/3)+8), len(s)-(4*limit+8)))
		return lo, min(len(s), at+4*limit+8)
	}
	// Window shows the first limit-1 characters, then the next one if
	// nothing follows it, else "…": limit characters and whether a byte
	// follows the last. at itself must be inside, for Window to step
	// back from it to 0.
	hi = len(s)
	if i, ok := asciiPrefix(s, limit); ok {
		hi = min(len(s), i+1)
	} else {
		n := 0
		for i := 0; i < len(s); n++ {
			w := 1
			if s[i] >= utf8.RuneSelf {
				_, w = utf8.DecodeRuneInString(s[i:])
			}
			if n >= limit-1 {
				hi = min(len(s), i+w+1)
				break
			}
			i += w
		}
	}
	return 0, min(len(s), max(hi, at+1))
}

// asciiPrefix reports whether the first n bytes of s (all of s if
// shorter) are ASCII, and returns n (or len(s)), reading 8 bytes at a
// time.
func asciiPrefix(s string, n int) (int, bool) {
	n = min(n, len(s))
	i := 0
	for ; i+8 <= n; i += 8 {
		if (uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56)&0x8080808080808080 != 0 {
			return 0, false
		}
	}
	for ; i < n; i++ {
		if s[i] >= utf8.RuneSelf {
			return 0, false
		}
	}
	return n, true
}
