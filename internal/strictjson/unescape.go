package strictjson

import (
	"bytes"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// AppendUnescaped appends the decoded form of the body of a JSON string (the
// bytes between the quotes) to dst. It follows encoding/json: a \u escape of
// a lone or mismatched UTF-16 surrogate becomes U+FFFD, and the character
// after it is kept. Unknown escapes are kept as written, since the record is
// still worth auditing; bytes that are not UTF-8 are kept as they are and
// flagged later.
func AppendUnescaped(dst, s []byte) []byte {
	i := bytes.IndexByte(s, '\\')
	if i < 0 {
		return append(dst, s...)
	}
	// The decoded form is never longer than the escaped one (\uXXXX is six
	// bytes for at most three, a surrogate pair twelve for four), so grow
	// once and write by index: mail and web text has an escape every few
	// dozen bytes, and an append per piece was 15% of a scan.
	n := len(dst)
	dst = slices.Grow(dst, len(s))[:n+len(s)]
	w := n
	for {
		w += copy(dst[w:], s[:i])
		s = s[i:]
		if len(s) < 2 {
			w += copy(dst[w:], s)
			return dst[:w]
		}
		c := s[1]
		s = s[2:]
		switch c {
		case '"', '\\', '/':
			dst[w] = c
			w++
		case 'b':
			dst[w] = '\b'
			w++
		case 'f':
			dst[w] = '\f'
			w++
		case 'n':
			dst[w] = '\n'
			w++
		case 'r':
			dst[w] = '\r'
			w++
		case 't':
			dst[w] = '\t'
			w++
		case 'u':
			r, ok := hex4(s)
			if !ok {
				dst[w], dst[w+1] = '\\', 'u'
				w += 2
				break
			}
			s = s[4:]
			if utf16.IsSurrogate(r) {
				r2, ok := rune(0), false
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					r2, ok = hex4(s[2:])
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					w += utf8.EncodeRune(dst[w:], dec)
					s = s[6:]
					break
				}
				r = utf8.RuneError
			}
			w += utf8.EncodeRune(dst[w:], r)
		default:
			dst[w], dst[w+1] = '\\', c
			w += 2
		}
		i = bytes.IndexByte(s, '\\')
		if i < 0 {
			w += copy(dst[w:], s)
			return dst[:w]
		}
	}
}

func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
