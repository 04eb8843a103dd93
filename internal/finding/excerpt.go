package finding

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// ExcerptChars is the most characters an excerpt shows, escapes and the
// "…" of a cut end counted as one each.
const ExcerptChars = 160

// EmptyExcerpt is the excerpt of an empty text: a note, not data, so
// that a finding naming a row always has an excerpt.
const EmptyExcerpt = "(empty text)"

// NoTextExcerpt is the excerpt of a bad record that has no line to show
// (a Parquet or Arrow row whose text is null or could not be decoded).
const NoTextExcerpt = "(no text)"

// ExcerptOf returns the excerpt of text for f: at most ExcerptChars
// characters around the first match of f.Needle (ignoring case) or else
// byte f.At, escaped as termsafe.Window escapes them (controls, bidi and
// zero-width characters, invalid bytes and newlines shown as escapes).
func (f *Finding) ExcerptOf(text []byte) string {
	if len(text) == 0 {
		return EmptyExcerpt
	}
	at := f.At
	if f.Needle != "" {
		// The needle, else its first word (a gram of tokens may be
		// written with punctuation between its words).
		if i := indexFold(text, f.Needle); i >= 0 {
			at = i
		} else if i := indexFold(text, Words(f.Needle, 1)); i >= 0 {
			at = i
		}
	}
	// Window reads text and keeps none of it: no copy of a text that may
	// be megabytes long for an excerpt of 160 characters.
	return termsafe.Window(unsafe.String(&text[0], len(text)), at, ExcerptChars)
}

// indexFold returns the byte offset of the first match of needle in s,
// ignoring case (simple Unicode folding, as bytes.EqualFold) and the
// width of white space (a space of needle matches any run of it), or -1.
// Excerpts are taken for listed rows only, so the quadratic worst case
// is bounded by the listing limits.
func indexFold(s []byte, needle string) int {
	if i := bytes.Index(s, []byte(needle)); i >= 0 {
		return i
	}
	n := []byte(strings.Join(strings.Fields(needle), " "))
	if len(n) == 0 {
		return -1
	}
	for i := 0; i < len(s); {
		if foldPrefix(s[i:], n) {
			return i
		}
		_, w := utf8.DecodeRune(s[i:])
		i += w
	}
	return -1
}

// foldPrefix reports whether s starts with needle, ignoring case and the
// width of white space.
func foldPrefix(s, needle []byte) bool {
	i := 0
	for len(needle) > 0 {
		if i >= len(s) {
			return false
		}
		if needle[0] == ' ' {
			n := 0
			for i < len(s) {
				r, w := utf8.DecodeRune(s[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i, n = i+w, n+1
			}
			if n == 0 {
				return false
			}
			needle = needle[1:]
			continue
		}
		_, w := utf8.DecodeRune(s[i:])
		_, wn := utf8.DecodeRune(needle)
		if !bytes.EqualFold(s[i:i+w], needle[:wn]) {
			return false
		}
		i += w
		needle = needle[wn:]
	}
	return true
}

// Words returns the first n words of s (split at white space), joined by
// a space: a needle that matches the text it was taken from, however its
// white space was normalised.
func Words(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

// ByteOffset returns the number after the first "byte " in an evidence
// ("invisible character U+200B at byte 17: ..."), or 0: the offset that
// the evasion and encoding checks name, where their excerpts centre.
func ByteOffset(evidence string) int {
	i := strings.Index(evidence, "byte ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range []byte(evidence[i+len("byte "):]) {
		if c < '0' || c > '9' || n > 1<<40 {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}
