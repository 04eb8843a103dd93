package report

import "io"

// writeIndented writes src, the compact JSON that encoding/json's Marshal
// or Encoder writes (no white space outside strings, one trailing
// newline at most), to w indented as json.Indent(dst, src, "", "  ")
// would, byte for byte: each element on a line of its own, two spaces a
// level, a space after each colon, empty objects and arrays kept as {}
// and [].
//
// encoding/json indents with its validating scanner, a state function
// call per byte, and holds the whole indented copy; that was about 1% of
// the default audit's CPU time on the 200 MB mail corpus, whose report
// is 6.4 MB (7,834 findings). BenchmarkWriteIndented on that report:
// 5.6x faster than json.Indent (110 to 19.6 ms at load 10; the ratio is
// what counts), 2.1x on the sample's. The output is written in pieces
// of about 64 KB, so the indented copy is never held whole. src must be
// valid JSON: writeIndented does not check it (TestWriteIndented and
// FuzzWriteIndented hold it to json.Indent).
func writeIndented(w io.Writer, src []byte) error {
	const flushAt = 64 << 10
	dst := make([]byte, 0, flushAt+4096)
	depth := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch c {
		case '"':
			end := stringEnd(src, i+1)
			if end-i > 4096 {
				// A long string is written from src, not copied into dst.
				if _, err := w.Write(dst); err != nil {
					return err
				}
				dst = dst[:0]
				if _, err := w.Write(src[i:end]); err != nil {
					return err
				}
			} else {
				dst = append(dst, src[i:end]...)
			}
			i = end
			continue
		case '{', '[':
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, c, src[i+1]) // empty: {} or []
				i += 2
				continue
			}
			depth++
			dst = appendNewline(append(dst, c), depth)
		case '}', ']':
			depth--
			dst = append(appendNewline(dst, depth), c)
		case ',':
			dst = appendNewline(append(dst, c), depth)
			if len(dst) >= flushAt {
				if _, err := w.Write(dst); err != nil {
					return err
				}
				dst = dst[:0]
			}
		case ':':
			dst = append(dst, c, ' ')
		default:
			dst = append(dst, c)
		}
		i++
	}
	_, err := w.Write(dst)
	return err
}

// spaces is the indentation of the deepest levels appendNewline writes
// from one slice; deeper ones take more appends.
const spaces = "                                                                " // 64

// appendNewline appends a newline and the indentation of depth levels.
func appendNewline(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for n := 2 * depth; n > 0; n -= len(spaces) {
		dst = append(dst, spaces[:min(n, len(spaces))]...)
	}
	return dst
}

// stringEnd returns the index just past the closing quote of the JSON
// string whose body starts at src[i] (or len(src) if it has none).
func stringEnd(src []byte, i int) int {
	for i < len(src) {
		switch src[i] {
		case '"':
			return i + 1
		case '\\':
			i += 2
		default:
			i++
		}
	}
	return len(src)
}
