package textread

import "bytes"

// encodingHint returns a clause to append to the reason of a bad JSONL
// line (not JSON, or over the line limit) when the line shows the file's
// fault: UTF-16 text (a UTF-16 byte-order mark, or ASCII interleaved with
// NUL bytes), or records separated by bare carriage returns (old Mac line
// ends: the whole file is then one line). "" when it shows neither. Only
// bad lines are looked at, so good files cost nothing and report as
// before.
func encodingHint(ln []byte) string {
	if bytes.HasPrefix(ln, []byte{0xFF, 0xFE}) || bytes.HasPrefix(ln, []byte{0xFE, 0xFF}) || nulInterleaved(ln) {
		return "; the file looks like UTF-16 (byte-order mark or NUL-interleaved ASCII): convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)"
	}
	if crRecords(ln) {
		return "; records separated by bare carriage returns (old Mac line ends): convert them to \\n (tr '\\r' '\\n')"
	}
	return ""
}

// nulInterleaved reports whether the first (up to) 32 bytes of ln, at
// least 8, are NUL at every even or every odd position and at no other:
// ASCII in UTF-16, either byte order, from either side of a code unit
// (a line after the first starts with the NUL half of the '\n' before it).
func nulInterleaved(ln []byte) bool {
	n := min(len(ln), 32)
	if n < 8 {
		return false
	}
	var zero [2]int
	for i, c := range ln[:n] {
		if c == 0 {
			zero[i&1]++
		}
	}
	even, odd := (n+1)/2, n/2
	return zero[0] == even && zero[1] == 0 || zero[1] == odd && zero[0] == 0
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
