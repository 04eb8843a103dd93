package chatjson

import (
	"bytes"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/strictjson"
)

// RawTurn is a turn found by TurnReader.Read: its role and its content's
// raw JSON (nil when absent or null).
type RawTurn struct {
	Role    batch.Role
	Content []byte
}

// TurnReader reads lists of turns from raw JSON. One per decoder; its
// scratch is kept from record to record.
type TurnReader struct {
	Turns []RawTurn
	key   []byte
}

// The JSON walkers below read values the strict parser (or fastjson)
// already accepted: they look for structure only, and stop safely at the
// end of s whatever it holds.

func wsAt(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the position after the value at s[i].
func skipValue(s []byte, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '"':
		return skipString(s, i)
	case '{', '[':
		depth := 0
		for i < len(s) {
			switch s[i] {
			case '"':
				i = skipString(s, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(s) && s[i] != ',' && s[i] != ']' && s[i] != '}' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' {
		i++
	}
	return i
}

// skipString returns the position after the string whose quote is s[i]:
// the first quote after it not escaped by an odd run of backslashes
// (IndexByte is vectorised; most strings have no backslash before a quote).
func skipString(s []byte, i int) int {
	start := i + 1
	i = start
	for i < len(s) {
		j := bytes.IndexByte(s[i:], '"')
		if j < 0 {
			return len(s)
		}
		q := i + j
		n := 0
		for k := q - 1; k >= start && s[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		i = q + 1
	}
	return i
}

// eachElement calls fn with the raw JSON of each element of the array s
// (which starts with '['), in order, until fn returns false.
func eachElement(s []byte, fn func(k int, v []byte) bool) {
	i := wsAt(s, 1)
	for k := 0; i < len(s) && s[i] != ']'; k++ {
		end := skipValue(s, i)
		if !fn(k, s[i:end]) {
			return
		}
		i = wsAt(s, end)
		if i < len(s) && s[i] == ',' {
			i = wsAt(s, i+1)
		}
	}
}

// eachMember calls fn with each key (decoded into scratch when it has
// escapes) and raw value of the object s (which starts with '{').
func (t *TurnReader) eachMember(s []byte, fn func(key, v []byte)) {
	i := wsAt(s, 1)
	for i < len(s) && s[i] == '"' {
		kend := skipString(s, i)
		key := s[i+1 : kend-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			t.key = strictjson.AppendUnescaped(t.key[:0], key)
			key = t.key
		}
		i = wsAt(s, kend)
		if i < len(s) && s[i] == ':' {
			i = wsAt(s, i+1)
		}
		vend := skipValue(s, i)
		fn(key, s[i:vend])
		i = wsAt(s, vend)
		if i < len(s) && s[i] == ',' {
			i = wsAt(s, i+1)
		}
	}
}

// Read reads the list of turns raw (a JSON array) into t.Turns, and
// returns its shape, or a reason when a turn cannot be read. field names
// the list in reasons.
func (t *TurnReader) Read(raw []byte, field string) (shape batch.Shape, reason string) {
	t.Turns = t.Turns[:0]
	shape = batch.ShapeOpenAI
	eachElement(raw, func(k int, v []byte) bool {
		if JSONKind(v) != "object" {
			reason = fmt.Sprintf("%s[%d] is %s, want an object with a role and a content", field, k, WithArticle(JSONKind(v)))
			return false
		}
		var role, content, from, value []byte
		t.eachMember(v, func(key, val []byte) {
			switch string(key) {
			case "role":
				role = val
			case "content":
				content = val
			case "from":
				from = val
			case "value":
				value = val
			}
		})
		roleKey, contentKey := "role", "content"
		if role == nil && from != nil {
			role, content, roleKey, contentKey = from, value, "from", "value"
			if k == 0 {
				shape = batch.ShapeShareGPT
			}
		}
		if JSONKind(role) != "string" {
			reason = fmt.Sprintf("%s[%d].%s is %s, want a string", field, k, roleKey, WithArticle(JSONKind(role)))
			if role == nil {
				reason = fmt.Sprintf("%s[%d] has no role (nor from)", field, k)
			}
			return false
		}
		r, ok := batch.RoleOf(role[1 : len(role)-1])
		if !ok {
			reason = fmt.Sprintf("%s[%d].%s is %s, not a known role (system, user, assistant, tool; human, gpt)", field, k, roleKey, batch.ShortRaw(role))
			return false
		}
		switch JSONKind(content) {
		case "string", "missing":
		case "null":
			content = nil
		case "array":
			if why := t.CheckParts(content); why != "" {
				reason = fmt.Sprintf("%s[%d].%s%s", field, k, contentKey, why)
				return false
			}
		default:
			reason = fmt.Sprintf("%s[%d].%s is %s, want a string or a list of text parts", field, k, contentKey, WithArticle(JSONKind(content)))
			return false
		}
		t.Turns = append(t.Turns, RawTurn{Role: r, Content: content})
		return true
	})
	return shape, reason
}

// CheckParts checks a list of content parts: objects, whose text, where
// their type is "text", is a string. It returns what is wrong, or "".
func (t *TurnReader) CheckParts(raw []byte) (reason string) {
	eachElement(raw, func(k int, v []byte) bool {
		if JSONKind(v) != "object" {
			reason = fmt.Sprintf("[%d] is %s, want a content part object", k, WithArticle(JSONKind(v)))
			return false
		}
		var typ, text []byte
		t.eachMember(v, func(key, val []byte) {
			switch string(key) {
			case "type":
				typ = val
			case "text":
				text = val
			}
		})
		if string(typ) == `"text"` && JSONKind(text) != "string" {
			reason = fmt.Sprintf("[%d].text is %s, want a string", k, WithArticle(JSONKind(text)))
			return false
		}
		return true
	})
	return reason
}

// AppendContent appends a turn's text: its string, or its text parts
// joined with a newline (parts of other types, images, are not text).
func (t *TurnReader) AppendContent(dst, content []byte) []byte {
	if content[0] == '"' {
		return strictjson.AppendUnescaped(dst, content[1:len(content)-1])
	}
	first := true
	eachElement(content, func(_ int, v []byte) bool {
		var typ, text []byte
		t.eachMember(v, func(key, val []byte) {
			switch string(key) {
			case "type":
				typ = val
			case "text":
				text = val
			}
		})
		if string(typ) == `"text"` {
			if !first {
				dst = append(dst, '\n')
			}
			dst = strictjson.AppendUnescaped(dst, text[1:len(text)-1])
			first = false
		}
		return true
	})
	return dst
}

// LastAssistant returns the index of the last assistant turn with a
// content, or -1.
func (t *TurnReader) LastAssistant() int {
	for k := len(t.Turns) - 1; k >= 0; k-- {
		if t.Turns[k].Role == batch.RoleAssistant && t.Turns[k].Content != nil {
			return k
		}
	}
	return -1
}
