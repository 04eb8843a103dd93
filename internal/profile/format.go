package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// indentJSON lays out compact JSON for people and diffs, but compactly:
// objects put each member on its own line, except objects inside arrays
// that hold no object or array ("flat"), which stay on one line; an array
// of flat values stays on one line, any other array puts each element on
// its own line. So a token list is one token a line, not four.
func indentJSON(dst *bytes.Buffer, src []byte, indent string) error {
	return layout(dst, json.RawMessage(src), indent, 0, false)
}

func layout(dst *bytes.Buffer, raw json.RawMessage, indent string, depth int, inArray bool) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return fmt.Errorf("empty JSON value")
	}
	switch raw[0] {
	case '{':
		if inArray && flat(raw) {
			dst.Write(raw)
			return nil
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if _, err := dec.Token(); err != nil {
			return err
		}
		if !dec.More() {
			dst.WriteString("{}")
			return nil
		}
		dst.WriteString("{")
		first := true
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return err
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return err
			}
			if !first {
				dst.WriteByte(',')
			}
			first = false
			newline(dst, indent, depth+1)
			key, _ := json.Marshal(k)
			dst.Write(key)
			dst.WriteString(": ")
			if err := layout(dst, v, indent, depth+1, false); err != nil {
				return err
			}
		}
		newline(dst, indent, depth)
		dst.WriteByte('}')
	case '[':
		if flat(raw) {
			dst.Write(raw)
			return nil
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return err
		}
		dst.WriteString("[")
		for i, e := range elems {
			if i > 0 {
				dst.WriteByte(',')
			}
			newline(dst, indent, depth+1)
			if err := layout(dst, e, indent, depth+1, true); err != nil {
				return err
			}
		}
		newline(dst, indent, depth)
		dst.WriteByte(']')
	default:
		dst.Write(raw)
	}
	return nil
}

// flat reports whether a compact object or array holds no object or array.
func flat(raw []byte) bool {
	inStr, esc := false, false
	for _, c := range raw[1 : len(raw)-1] {
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case !inStr && (c == '{' || c == '['):
			return false
		}
	}
	return true
}

func newline(dst *bytes.Buffer, indent string, depth int) {
	dst.WriteByte('\n')
	for range depth {
		dst.WriteString(indent)
	}
}
