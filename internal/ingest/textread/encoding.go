package textread

import (
	"bytes"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// encodingHint returns a clause to append to the reason of a bad JSONL
// line (not JSON, or over the line limit) when the line shows the file's
// fault: UTF-16 text (a UTF-16 byte-order mark, or ASCII interleaved with
// NUL bytes), or records separated by bare carriage returns (old Mac line
// ends: the whole file is then one line). "" when it shows neither. Only
// bad lines are looked at, so good files cost nothing and report as
// before.
func encodingHint(ln []byte) string {
	if enc := lineEncoding(ln); enc != "" {
		return fmt.Sprintf("; the file looks like %s (byte-order mark or NUL-interleaved ASCII): convert it to UTF-8 (iconv -f %s -t UTF-8)", enc, enc)
	}
	if crRecords(ln) {
		return "; records separated by bare carriage returns (old Mac line ends): convert them to \\n (tr '\\r' '\\n')"
	}
	return ""
}

// lineEncoding returns "UTF-16" or "UTF-32" when a bad line ln shows
// one: a byte-order mark, or ASCII with NUL bytes in a fixed pattern,
// read from either side of a code unit (a line after the first starts
// with the NUL bytes of the '\n' before it), so without its byte order.
func lineEncoding(ln []byte) string {
	switch {
	case bytes.HasPrefix(ln, utf32LE), bytes.HasPrefix(ln, utf32BE):
		return "UTF-32"
	case bytes.HasPrefix(ln, utf16LE), bytes.HasPrefix(ln, utf16BE):
		return "UTF-16"
	}
	for phase := range 4 {
		if nulPattern(ln, 4, phase) {
			return "UTF-32"
		}
	}
	if nulPattern(ln, 2, 0) || nulPattern(ln, 2, 1) {
		return "UTF-16"
	}
	return ""
}

// The byte-order marks of UTF-16 and UTF-32. UTF-32LE's starts with
// UTF-16LE's, so it is tested first.
var (
	utf32LE = []byte{0xFF, 0xFE, 0, 0}
	utf32BE = []byte{0, 0, 0xFE, 0xFF}
	utf16LE = []byte{0xFF, 0xFE}
	utf16BE = []byte{0xFE, 0xFF}
)

// fileEncoding returns the encoding of a JSONL file whose first bytes are
// b when it is UTF-16 or UTF-32, as iconv names it ("UTF-16LE", ...), and
// how it shows; "" for any other. A file starts on a code unit, so the
// NUL pattern of ASCII gives the byte order too. A UTF-8 file, whose
// JSON never holds a raw NUL byte, is never taken for one.
func fileEncoding(b []byte) (enc, how string) {
	switch {
	case bytes.HasPrefix(b, utf32LE):
		return "UTF-32LE", "byte-order mark FF FE 00 00"
	case bytes.HasPrefix(b, utf32BE):
		return "UTF-32BE", "byte-order mark 00 00 FE FF"
	case bytes.HasPrefix(b, utf16LE):
		return "UTF-16LE", "byte-order mark FF FE"
	case bytes.HasPrefix(b, utf16BE):
		return "UTF-16BE", "byte-order mark FE FF"
	case nulPattern(b, 4, 0):
		return "UTF-32LE", "ASCII with three NUL bytes after each character"
	case nulPattern(b, 4, 3):
		return "UTF-32BE", "ASCII with three NUL bytes before each character"
	case nulPattern(b, 2, 0):
		return "UTF-16LE", "ASCII with a NUL byte after each character"
	case nulPattern(b, 2, 1):
		return "UTF-16BE", "ASCII with a NUL byte before each character"
	}
	return "", ""
}

// fileEncodingRecord is the file_encoding record of input file, in
// encoding enc (fileEncoding), at its first line. Of a compressed file
// (comp), the command decompresses first: iconv would read the
// compressed bytes.
func fileEncodingRecord(file int, enc, how string, comp source.Compression) batch.BadRecord {
	with, decompress := "convert it with", ""
	switch comp {
	case source.Gzip:
		with, decompress = "decompress and convert it with", "gzip -dc | "
	case source.Zstd:
		with, decompress = "decompress and convert it with", "zstd -dc | "
	}
	return batch.BadRecord{
		Pos:  batch.Pos{File: file, N: 1, Line: true},
		Kind: batch.BadFileEncoding,
		Reason: fmt.Sprintf("the file is %s, not UTF-8 (%s): %s %siconv -f %s -t UTF-8; each of its lines is counted as a bad record",
			enc, how, with, decompress, enc),
	}
}

// nulPattern reports whether the first (up to) 8 code units of b, at
// least 8 bytes, are ASCII in code units of size bytes (2 or 4) whose
// non-NUL byte is at index phase: that byte not NUL at every i%size ==
// phase, every other byte NUL. Eight characters (`{"text":`) are ASCII
// in any JSONL; text after them need not be. JSON never holds a raw NUL.
func nulPattern(b []byte, size, phase int) bool {
	n := min(len(b), 8*size)
	if n < 8 {
		return false
	}
	for i, c := range b[:n] {
		if (c != 0) != (i%size == phase) {
			return false
		}
	}
	return true
}

// crRecords reports whether ln has a carriage return between two JSON
// values, such as `}\r{`: spaces and more carriage returns may stand
// around it. A carriage return inside a string is not one.
func crRecords(ln []byte) bool {
	for i := bytes.IndexByte(ln, '\r'); i >= 0; {
		j := i - 1
		for j >= 0 && (ln[j] == ' ' || ln[j] == '\t' || ln[j] == '\r') {
			j--
		}
		k := i + 1
		for k < len(ln) && (ln[k] == ' ' || ln[k] == '\t' || ln[k] == '\r') {
			k++
		}
		if j >= 0 && (ln[j] == '}' || ln[j] == ']') && k < len(ln) && (ln[k] == '{' || ln[k] == '[') {
			return true
		}
		next := bytes.IndexByte(ln[k:], '\r')
		if next < 0 {
			break
		}
		i = k + next
	}
	return false
}
