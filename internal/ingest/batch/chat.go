package batch

import (
	"fmt"
	"strings"
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

// RoleOf maps the role of a turn, as written, to a Role.
func RoleOf(name []byte) (Role, bool) {
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

// PartOf is the part of turn k of a conversation whose last assistant turn
// with a content is last (-1: none).
func PartOf(k, last int) TurnPart {
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

// ShortRaw quotes a raw JSON value for a reason, cut to 40 bytes.
func ShortRaw(raw []byte) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}
