package textread

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
