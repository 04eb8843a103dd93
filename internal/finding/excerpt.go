package finding

import (
	"bytes"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// ExcerptChars is the most characters an excerpt shows, escapes and the
// "…" of a cut end counted as one each.
const ExcerptChars = 160

// ExcerptOf returns the excerpt of text for f: at most ExcerptChars
// characters around the first match of f.Needle (ignoring case) or else
// byte f.At, escaped as termsafe.Window escapes them (controls, bidi and
// zero-width characters, invalid bytes and newlines shown as escapes).
func (f *Finding) ExcerptOf(text []byte) string {
	at := f.At
	if f.Needle != "" {
		if i := indexFold(text, f.Needle); i >= 0 {
			at = i
		}
	}
	return termsafe.Window(string(text), at, ExcerptChars)
}

// indexFold returns the byte offset of the first match of needle in s,
// ignoring case (simple Unicode folding, as bytes.EqualFold), or -1.
// Excerpts are taken for listed rows only, so the quadratic worst case
// is bounded by the listing limits.
func indexFold(s []byte, needle string) int {
	if i := bytes.Index(s, []byte(needle)); i >= 0 {
		return i
	}
	n := []byte(needle)
	for i := 0; i < len(s); {
		if end := foldPrefix(s[i:], n); end > 0 {
			return i
		}
		_, w := utf8.DecodeRune(s[i:])
		i += w
	}
	return -1
}

// foldPrefix returns how many bytes of s match needle ignoring case, or 0
// when s does not start with it.
func foldPrefix(s, needle []byte) int {
	i := 0
	for len(needle) > 0 {
		if i >= len(s) {
			return 0
		}
		r, w := utf8.DecodeRune(s[i:])
		q, wn := utf8.DecodeRune(needle)
		if !bytes.EqualFold(s[i:i+w], needle[:wn]) && r != q {
			return 0
		}
		i += w
		needle = needle[wn:]
	}
	return i
}
