package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dataaudit/dataaudit/internal/strictjson"
)

// Shape is how a record holds its text: a flat field, a list of chat
// turns, or an instruction triple.
type Shape uint8

// The shapes. ShapeText is a flat text field (or several); ShapeOpenAI a
// list of {role, content} turns; ShapeShareGPT a list of {from, value}
// turns; ShapeAlpaca the instruction, input and output fields.
const (
	ShapeText Shape = iota
	ShapeOpenAI
	ShapeShareGPT
	ShapeAlpaca
	numShapes
)

// NumShapes is the number of Shape values.
const NumShapes = int(numShapes)

func (s Shape) String() string {
	switch s {
	case ShapeText:
		return "text"
	case ShapeOpenAI:
		return "openai_chat"
	case ShapeShareGPT:
		return "sharegpt"
	case ShapeAlpaca:
		return "alpaca"
	}
	return fmt.Sprintf("Shape(%d)", uint8(s))
}

// Role is the speaker of a chat turn.
type Role uint8

// The roles. ShareGPT's human and gpt are RoleUser and RoleAssistant,
// OpenAI's developer is RoleSystem, function and observation are RoleTool.
const (
	RoleSystem Role = iota
	RoleUser
	RoleAssistant
	RoleTool
	numRoles
)

// NumRoles is the number of Role values.
const NumRoles = int(numRoles)

var roleNames = [NumRoles]string{"system", "user", "assistant", "tool"}

func (r Role) String() string {
	if int(r) < NumRoles {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// ParseRole reads a --role name: system, user, assistant or tool.
func ParseRole(name string) (Role, error) {
	for i, n := range roleNames {
		if name == n {
			return Role(i), nil
		}
	}
	return 0, fmt.Errorf("unknown role %q, want one of %s", name, strings.Join(roleNames[:], ", "))
}

// roleOf maps the role of a turn, as written, to a Role.
func roleOf(name []byte) (Role, bool) {
	switch string(name) {
	case "system", "developer":
		return RoleSystem, true
	case "user", "human":
		return RoleUser, true
	case "assistant", "gpt", "model", "bot":
		return RoleAssistant, true
	case "tool", "function", "observation", "ipython":
		return RoleTool, true
	}
	return 0, false
}

// Turn is one chat turn of a row whose text was read from turns: the
// bytes [Start, End) of the row's text (ColText) are its content. Only the
// turns kept by Options.Roles are in the text, and so in Batch.Turns.
type Turn struct {
	Row        int32
	Role       Role
	Part       TurnPart
	Start, End int32
}

// TurnPart says whether a turn is part of its row's prompt or is its
// response (see ColPrompt, ColResponse).
type TurnPart uint8

// The parts of a turn.
const (
	PartNone TurnPart = iota
	PartPrompt
	PartResponse
)

// partOf is the part of turn k of a conversation whose last assistant turn
// with a content is last (-1: none).
func partOf(k, last int) TurnPart {
	switch {
	case last < 0 || k > last:
		return PartNone
	case k < last:
		return PartPrompt
	}
	return PartResponse
}

// BadTurn is a record whose list of turns has a turn that cannot be read:
// not an object, no role, a role that is not known, a content that is
// neither a string nor a list of text parts. The whole record is bad: half
// a conversation would be audited as if it were whole.
const BadTurn = "bad_turn"

// The fields read as a shape when --text is left at its default and a
// record has no text field.
var shapeFields = []string{"messages", "conversations", "instruction", "input", "output"}

// The indexes of shapeFields.
const (
	sfMessages = iota
	sfConversations
	sfInstruction
	sfInput
	sfOutput
)

// rawTurn is a turn found by walkTurns: its role and its content's raw
// JSON (nil when absent or null).
type rawTurn struct {
	role    Role
	content []byte
}

// turnReader reads lists of turns from raw JSON. One per decoder; its
// scratch is kept from record to record.
type turnReader struct {
	turns []rawTurn
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
func (t *turnReader) eachMember(s []byte, fn func(key, v []byte)) {
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

// read reads the list of turns raw (a JSON array) into t.turns, and
// returns its shape, or a reason when a turn cannot be read. field names
// the list in reasons.
func (t *turnReader) read(raw []byte, field string) (shape Shape, reason string) {
	t.turns = t.turns[:0]
	shape = ShapeOpenAI
	eachElement(raw, func(k int, v []byte) bool {
		if jsonKind(v) != "object" {
			reason = fmt.Sprintf("%s[%d] is %s, want an object with a role and a content", field, k, withArticle(jsonKind(v)))
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
				shape = ShapeShareGPT
			}
		}
		if jsonKind(role) != "string" {
			reason = fmt.Sprintf("%s[%d].%s is %s, want a string", field, k, roleKey, withArticle(jsonKind(role)))
			if role == nil {
				reason = fmt.Sprintf("%s[%d] has no role (nor from)", field, k)
			}
			return false
		}
		r, ok := roleOf(role[1 : len(role)-1])
		if !ok {
			reason = fmt.Sprintf("%s[%d].%s is %s, not a known role (system, user, assistant, tool; human, gpt)", field, k, roleKey, shortRaw(role))
			return false
		}
		switch jsonKind(content) {
		case "string", "missing":
		case "null":
			content = nil
		case "array":
			if why := t.checkParts(content); why != "" {
				reason = fmt.Sprintf("%s[%d].%s%s", field, k, contentKey, why)
				return false
			}
		default:
			reason = fmt.Sprintf("%s[%d].%s is %s, want a string or a list of text parts", field, k, contentKey, withArticle(jsonKind(content)))
			return false
		}
		t.turns = append(t.turns, rawTurn{role: r, content: content})
		return true
	})
	return shape, reason
}

// checkParts checks a list of content parts: objects, whose text, where
// their type is "text", is a string. It returns what is wrong, or "".
func (t *turnReader) checkParts(raw []byte) (reason string) {
	eachElement(raw, func(k int, v []byte) bool {
		if jsonKind(v) != "object" {
			reason = fmt.Sprintf("[%d] is %s, want a content part object", k, withArticle(jsonKind(v)))
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
		if string(typ) == `"text"` && jsonKind(text) != "string" {
			reason = fmt.Sprintf("[%d].text is %s, want a string", k, withArticle(jsonKind(text)))
			return false
		}
		return true
	})
	return reason
}

// appendContent appends a turn's text: its string, or its text parts
// joined with a newline (parts of other types, images, are not text).
func (t *turnReader) appendContent(dst, content []byte) []byte {
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

// shortRaw quotes a raw JSON value for a reason, cut to 40 bytes.
func shortRaw(raw []byte) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}

// lastAssistant returns the index of the last assistant turn with a
// content, or -1.
func (t *turnReader) lastAssistant() int {
	for k := len(t.turns) - 1; k >= 0; k-- {
		if t.turns[k].role == RoleAssistant && t.turns[k].content != nil {
			return k
		}
	}
	return -1
}
