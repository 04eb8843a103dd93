package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// chatRow is what one line decodes to: the text, prompt and response (nil
// for a null), the shape, the turns' roles, or a bad record's kind and
// reason. With --role, the prompt and response still hold every role: the
// trailing user turn after the last assistant turn is in neither.
type chatRow struct {
	text             string
	prompt, response *string
	shape            Shape
	roles            string
	bad              string
}

func decodeChatLine(t *testing.T, opts Options, line string) chatRow {
	t.Helper()
	d := newJSONDecoder(&opts)
	b := d.decode(0, []byte(line+"\n"), 1, true)
	defer b.Record.Release()
	if len(b.Bad) > 0 {
		return chatRow{bad: b.Bad[0].Kind + ": " + b.Bad[0].Reason}
	}
	if b.Record.NumRows() != 1 {
		t.Fatalf("decode(%q): %d rows, want 1", line, b.Record.NumRows())
	}
	var r chatRow
	r.text = b.Column(ColText).(*array.String).Value(0)
	for s := range NumShapes {
		if b.Shapes[s] > 0 {
			r.shape = Shape(s)
		}
	}
	var roles []string
	for _, tu := range b.Turns {
		if got := r.text[tu.Start:tu.End]; !strings.Contains(r.text, got) {
			t.Errorf("turn span %v outside %q", tu, r.text)
		}
		roles = append(roles, fmt.Sprintf("%s=%q", tu.Role, r.text[tu.Start:tu.End]))
	}
	r.roles = strings.Join(roles, " ")
	for _, c := range []struct {
		name string
		dst  **string
	}{{ColPrompt, &r.prompt}, {ColResponse, &r.response}} {
		col := b.Column(c.name)
		if col == nil {
			continue
		}
		if s := col.(*array.String); s.IsValid(0) {
			v := s.Value(0)
			*c.dst = &v
		}
	}
	return r
}

func TestChatShapes(t *testing.T) {
	auto := Options{Text: []string{"text"}, DetectShape: true}
	msgs := Options{Text: []string{"messages"}}
	userOnly := Options{Text: []string{"messages"}, Roles: []Role{RoleUser}}
	flatPR := Options{Text: []string{"text"}, Prompt: "q", Response: "a"}
	tests := []struct {
		name string
		opts Options
		line string
		want chatRow
	}{
		{"flat text stays flat", auto, `{"text":"plain","messages":[]}`, chatRow{text: "plain"}},
		{"openai auto", auto, `{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi\u0021"},{"role":"assistant","content":"Hello."}]}`,
			chatRow{text: "Be brief.\nHi!\nHello.", prompt: strp("Be brief.\nHi!"), response: strp("Hello."), shape: ShapeOpenAI,
				roles: `system="Be brief." user="Hi!" assistant="Hello."`}},
		{"openai explicit", msgs, `{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"},{"role":"assistant","content":"d"}]}`,
			chatRow{text: "a\nb\nc\nd", prompt: strp("a\nb\nc"), response: strp("d"), shape: ShapeOpenAI, roles: `user="a" assistant="b" user="c" assistant="d"`}},
		{"content parts", msgs, `{"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"here"}]},{"role":"assistant","content":"ok"}]}`,
			chatRow{text: "look\nhere\nok", prompt: strp("look\nhere"), response: strp("ok"), shape: ShapeOpenAI, roles: `user="look\nhere" assistant="ok"`}},
		{"null content skipped", msgs, `{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[]},{"role":"tool","content":"42"},{"role":"assistant","content":"it is 42"}]}`,
			chatRow{text: "q\n42\nit is 42", prompt: strp("q\n42"), response: strp("it is 42"), shape: ShapeOpenAI, roles: `user="q" tool="42" assistant="it is 42"`}},
		{"sharegpt auto", auto, `{"id":1,"conversations":[{"from":"system","value":"S"},{"from":"human","value":"H"},{"from":"gpt","value":"G"}]}`,
			chatRow{text: "S\nH\nG", prompt: strp("S\nH"), response: strp("G"), shape: ShapeShareGPT, roles: `system="S" user="H" assistant="G"`}},
		{"role filter", userOnly, `{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]}`,
			chatRow{text: "a\nc", prompt: strp("a"), response: strp("b"), shape: ShapeOpenAI, roles: `user="a" user="c"`}},
		{"no assistant: no pair", msgs, `{"messages":[{"role":"user","content":"a"}]}`,
			chatRow{text: "a", shape: ShapeOpenAI, roles: `user="a"`}},
		{"alpaca", auto, `{"instruction":"Add.","input":"2 2","output":"4"}`,
			chatRow{text: "Add.\n2 2\n4", prompt: strp("Add.\n2 2"), response: strp("4"), shape: ShapeAlpaca}},
		{"alpaca empty input", auto, `{"instruction":"Say hi.","input":"","output":"hi"}`,
			chatRow{text: "Say hi.\nhi", prompt: strp("Say hi."), response: strp("hi"), shape: ShapeAlpaca}},
		{"alpaca no input", auto, `{"instruction":"Say hi.","output":"hi"}`,
			chatRow{text: "Say hi.\nhi", prompt: strp("Say hi."), response: strp("hi"), shape: ShapeAlpaca}},
		{"flat prompt response", flatPR, `{"text":"t","q":"Q","a":"A"}`, chatRow{text: "t", prompt: strp("Q"), response: strp("A")}},
		{"flat prompt missing", flatPR, `{"text":"t","a":"A"}`, chatRow{text: "t", response: strp("A")}},

		{"role unknown", msgs, `{"messages":[{"role":"robot","content":"x"}]}`, chatRow{bad: `bad_turn: messages[0].role is "robot", not a known role (system, user, assistant, tool; human, gpt)`}},
		{"content number", msgs, `{"messages":[{"role":"user","content":"x"},{"role":"user","content":7}]}`, chatRow{bad: `bad_turn: messages[1].content is a number, want a string or a list of text parts`}},
		{"turn not object", auto, `{"conversations":["hi"]}`, chatRow{bad: `bad_turn: conversations[0] is a string, want an object with a role and a content`}},
		{"no role", msgs, `{"messages":[{"content":"x"}]}`, chatRow{bad: `bad_turn: messages[0] has no role (nor from)`}},
		{"part text number", msgs, `{"messages":[{"role":"user","content":[{"type":"text","text":1}]}]}`, chatRow{bad: `bad_turn: messages[0].content[0].text is a number, want a string`}},
		{"empty list", msgs, `{"messages":[]}`, chatRow{bad: `missing_text: text field "messages" has no turns`}},
		{"no user turns", userOnly, `{"messages":[{"role":"system","content":"s"}]}`, chatRow{bad: `missing_text: text field "messages" has no user turns`}},
		{"messages a string", auto, `{"messages":"hi"}`, chatRow{bad: `text_not_string: field "messages" is a string, want a list of turns`}},
		{"nothing known", auto, `{"body":"x"}`, chatRow{bad: `missing_text: text field "text" is missing`}},
		{"alpaca output missing", auto, `{"instruction":"x"}`, chatRow{bad: `missing_text: instruction record: field "output" is missing`}},
		{"alpaca input number", auto, `{"instruction":"x","input":3,"output":"y"}`, chatRow{bad: `text_not_string: instruction record: field "input" is a number, want a string`}},
		{"prompt not string", flatPR, `{"text":"t","q":{}}`, chatRow{bad: `text_not_string: field "q" is an object, want a string`}},
	}
	show := func(r chatRow) string {
		s := func(p *string) string {
			if p == nil {
				return "null"
			}
			return fmt.Sprintf("%q", *p)
		}
		return fmt.Sprintf("text=%q prompt=%s response=%s shape=%s turns=[%s] bad=%q", r.text, s(r.prompt), s(r.response), r.shape, r.roles, r.bad)
	}
	for _, tt := range tests {
		for _, lenient := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/lenient=%v", tt.name, lenient), func(t *testing.T) {
				opts := tt.opts
				opts.LenientJSON = lenient
				got := decodeChatLine(t, opts, tt.line)
				if show(got) != show(tt.want) {
					t.Errorf("decode(%q) = %s, want %s", tt.line, show(got), show(tt.want))
				}
			})
		}
	}
}
