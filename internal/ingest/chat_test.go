package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/dataaudit/dataaudit/internal/ingest/textread"
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
	d := textread.NewDecoder(&opts)
	// A first batch with every field set: what the decoder keeps from
	// record to record (fastjson's buffers, the turn list) must not leak
	// into the next.
	warm := d.DecodeLines(0, []byte(`{"text":"w","messages":[{"role":"user","content":"w"}],"conversations":[{"from":"gpt","value":"w"}],"instruction":"w","input":"w","output":"w","q":"w","a":"w"}`+"\n"), 1, true)
	warm.Record.Release()
	b := d.DecodeLines(0, []byte(line+"\n"), 1, true)
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

// sampleTexts are the texts of the shipped sample.
func sampleTexts(tb testing.TB) []string {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/sample.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, ln := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct{ Text string }
		if json.Unmarshal([]byte(ln), &r) == nil && r.Text != "" {
			out = append(out, r.Text)
		}
	}
	return out
}

// chatLines makes JSONL of one shape from texts, three texts a record.
func chatLines(shape string, texts []string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := 0; i+3 <= len(texts); i += 3 {
		a, b, c := texts[i], texts[i+1], texts[i+2]
		var rec any
		switch shape {
		case "openai":
			rec = map[string]any{"messages": []map[string]string{{"role": "user", "content": a}, {"role": "assistant", "content": b}, {"role": "user", "content": c}}}
		case "sharegpt":
			rec = map[string]any{"conversations": []map[string]string{{"from": "human", "value": a}, {"from": "gpt", "value": b}, {"from": "human", "value": c}}}
		case "alpaca":
			rec = map[string]string{"instruction": a, "input": b, "output": c}
		default:
			rec = map[string]string{"text": a + "\n" + b + "\n" + c}
		}
		enc.Encode(rec)
	}
	return buf.Bytes()
}

// chatRows runs Run over one file and renders its good rows (text, prompt,
// response, turns) and bad records' kinds, in order.
func chatRows(t *testing.T, path string, opts Options) []string {
	t.Helper()
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer Close(inputs)
	type row struct {
		n int64
		s string
	}
	var mu sync.Mutex
	var rows []row
	err = Run(context.Background(), inputs, opts, func(_ int, b *Batch) error {
		defer b.Record.Release()
		mu.Lock()
		defer mu.Unlock()
		for _, bad := range b.Bad {
			rows = append(rows, row{bad.Pos.N, "bad " + bad.Kind})
		}
		text := b.Column(ColText)
		val := func(name string, i int) string {
			c := b.Column(name)
			if c == nil || c.IsNull(i) {
				return "null"
			}
			return fmt.Sprintf("%q", c.(*array.String).Value(i))
		}
		turns := b.Turns
		return ForEachText(text, func(i int, tx []byte, ok bool) {
			if !ok {
				return
			}
			var roles []string
			for len(turns) > 0 && int(turns[0].Row) == i {
				roles = append(roles, fmt.Sprintf("%s=%q", turns[0].Role, tx[turns[0].Start:turns[0].End]))
				turns = turns[1:]
			}
			rows = append(rows, row{b.Pos(i).N, fmt.Sprintf("%q prompt=%s response=%s [%s]", tx, val(ColPrompt, i), val(ColResponse, i), strings.Join(roles, " "))})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].n < rows[j].n })
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.s
	}
	return out
}

func TestChatParquet(t *testing.T) {
	auto := Options{Text: []string{"text"}, DetectShape: true, Workers: 2}
	tests := []struct {
		name string
		file string
		opts Options
		want []string
	}{
		{"openai auto", "chat.parquet", auto, []string{
			`"Be brief.\nHi!\nHello." prompt="Be brief.\nHi!" response="Hello." [system="Be brief." user="Hi!" assistant="Hello."]`,
			`"a\n42\nb" prompt="a\n42" response="b" [user="a" tool="42" assistant="b"]`,
			`bad bad_turn`,
			`bad null_text`,
			`"only a question" prompt=null response=null [user="only a question"]`,
		}},
		{"openai --role user", "chat.parquet", Options{Text: []string{"messages"}, Roles: []Role{RoleUser}}, []string{
			`"Hi!" prompt="Be brief.\nHi!" response="Hello." [user="Hi!"]`,
			`"a" prompt="a\n42" response="b" [user="a"]`,
			`bad bad_turn`,
			`bad null_text`,
			`"only a question" prompt=null response=null [user="only a question"]`,
		}},
		{"parquet flat prompt and response", "chat.parquet", Options{Text: []string{"id"}, Prompt: "id", Response: "id"}, []string{
			`"c1" prompt="c1" response="c1" []`, `"c2" prompt="c2" response="c2" []`, `"c3" prompt="c3" response="c3" []`,
			`"c4" prompt="c4" response="c4" []`, `"c5" prompt="c5" response="c5" []`,
		}},
		{"sharegpt auto", "sharegpt.parquet", auto, []string{`"H\nG" prompt="H" response="G" [user="H" assistant="G"]`}},
		{"alpaca auto", "alpaca.parquet", auto, []string{
			`"Add.\n2 2\n4" prompt="Add.\n2 2" response="4" []`,
			`"Say hi.\nhi" prompt="Say hi." response="hi" []`,
			`bad null_text`,
		}},
		{"alpaca jsonl", "alpaca.jsonl", auto, []string{
			`"Give three tips for staying healthy.\nEat well, exercise, and sleep enough." prompt="Give three tips for staying healthy." response="Eat well, exercise, and sleep enough." []`,
			`"Translate the sentence to French.\nThe cat is black.\nLe chat est noir." prompt="Translate the sentence to French.\nThe cat is black." response="Le chat est noir." []`,
			`"Summarise the text.\nA short summary." prompt="Summarise the text." response="A short summary." []`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := chatRows(t, filepath.Join("..", "..", "testdata", "chat", tt.file), tt.opts)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Run(%s) rows:\n%s\nwant:\n%s", tt.file, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
