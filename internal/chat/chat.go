// Package chat summarises chat and instruction data: which shape the
// records had (ingest.Shape), the lengths and tokens of their prompts and
// responses (the ingest.ColPrompt and ingest.ColResponse columns), and of
// the turns of each role (ingest.Batch.Turns).
//
// It owns one Part per part seen (prompt, response, each role), made
// when first needed: about 100 KB each, whatever the number of rows; a
// flat text corpus without prompt or response costs nothing and gets no
// section. Every count is exact, so the analysis law holds with any split.
package chat

import (
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
)

var _ analysis.Analyser = (*Summary)(nil)

// Spec describes the chat summary. Every scan runs it; its section is
// absent from reports of flat text without --prompt or --response.
var Spec = &analysis.Spec{
	Name: "chat.summary", Version: 1, Report: "chat",
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return &Summary{llm: c.LLM}, nil
	},
	Decode: decodeSummary,
}

// Summary accumulates the chat summary of the batches it is given.
type Summary struct {
	llm              *llmtok.Tokenizer
	shapes           [ingest.NumShapes]int64
	prompt, response *Part
	roles            [ingest.NumRoles]*Part
}

// Result is the chat section of a report.
type Result struct {
	// Shape is the shape of every row (text, openai_chat, sharegpt,
	// alpaca), or "mixed"; Shapes counts the rows of each.
	Shape  string           `json:"shape"`
	Shapes map[string]int64 `json:"shapes"`
	// Prompt and Response describe the prompt and response columns:
	// Count is the rows that have one.
	Prompt   *PartStats `json:"prompt,omitempty"`
	Response *PartStats `json:"response,omitempty"`
	// Roles describes the turns read into the text, per role (system,
	// user, assistant, tool): Count is the turns.
	Roles map[string]PartStats `json:"roles,omitempty"`
}

func (s *Summary) part(p **Part) *Part {
	if *p == nil {
		*p = NewPart(s.llm)
	}
	return *p
}

// Add counts the batch's shapes and measures its prompts, responses and
// turns.
func (s *Summary) Add(b *ingest.Batch) error {
	for i, n := range b.Shapes {
		s.shapes[i] += n
	}
	if b.WholeTurns && s.llm == nil {
		return s.addTurns(b)
	}
	for _, c := range []struct {
		name string
		p    **Part
	}{{ingest.ColPrompt, &s.prompt}, {ingest.ColResponse, &s.response}} {
		col := b.Column(c.name)
		if col == nil {
			continue
		}
		p := s.part(c.p)
		if err := ingest.ForEachText(col, func(_ int, t []byte, ok bool) {
			if ok {
				p.Add(t)
			}
		}); err != nil {
			return fmt.Errorf("%s column: %w", c.name, err)
		}
	}
	if len(b.Turns) == 0 {
		return nil
	}
	turns := b.Turns
	return ingest.ForEachText(b.Column(ingest.ColText), func(i int, t []byte, ok bool) {
		for len(turns) > 0 && int(turns[0].Row) < i {
			turns = turns[1:]
		}
		for len(turns) > 0 && int(turns[0].Row) == i {
			tu := turns[0]
			if ok && int(tu.End) <= len(t) && tu.Start <= tu.End {
				s.part(&s.roles[tu.Role]).Add(t[tu.Start:tu.End])
			}
			turns = turns[1:]
		}
	})
}

// addTurns is Add for a batch whose prompts and responses are its turns
// (ingest.Batch.WholeTurns) and words as tokens: each turn is measured
// once, and a prompt's measures are its turns' summed, with the newlines
// that join them (a newline is a byte, a character, and no token). The
// stats.Summary tokenises the text too; measuring the prompt and response
// columns again would make chat data cost three tokenisations.
func (s *Summary) addTurns(b *ingest.Batch) error {
	turns := b.Turns
	return ingest.ForEachText(b.Column(ingest.ColText), func(i int, t []byte, ok bool) {
		for len(turns) > 0 && int(turns[0].Row) < i {
			turns = turns[1:]
		}
		var pTok, pBytes, pChars uint64
		pTurns, resp := 0, false
		for len(turns) > 0 && int(turns[0].Row) == i {
			tu := turns[0]
			turns = turns[1:]
			if !ok || int(tu.End) > len(t) || tu.Start > tu.End {
				continue
			}
			role := s.part(&s.roles[tu.Role])
			tok, nb, nc := role.Measure(t[tu.Start:tu.End])
			role.AddCounts(tok, nb, nc)
			switch tu.Part {
			case ingest.PartPrompt:
				pTok, pBytes, pChars = pTok+tok, pBytes+nb, pChars+nc
				pTurns++
			case ingest.PartResponse:
				s.part(&s.response).AddCounts(tok, nb, nc)
				resp = true
			}
		}
		if resp {
			sep := uint64(max(pTurns-1, 0))
			s.part(&s.prompt).AddCounts(pTok, pBytes+sep, pChars+sep)
		}
	})
}

// Merge adds other's counts.
func (s *Summary) Merge(other analysis.Analyser) error {
	o, ok := other.(*Summary)
	if !ok {
		return fmt.Errorf("chat: cannot merge a %T", other)
	}
	for i, n := range o.shapes {
		s.shapes[i] += n
	}
	merge := func(dst **Part, src *Part) {
		if src != nil {
			s.part(dst).Merge(src)
		}
	}
	merge(&s.prompt, o.prompt)
	merge(&s.response, o.response)
	for r := range o.roles {
		merge(&s.roles[r], o.roles[r])
	}
	return nil
}

// Finish gives the section, a *Result, nil when the rows were all flat
// text without a prompt or response.
func (s *Summary) Finish(*analysis.Env) (*analysis.Result, error) {
	flat := true
	for i, n := range s.shapes {
		if n > 0 && ingest.Shape(i) != ingest.ShapeText {
			flat = false
		}
	}
	if flat && s.prompt == nil && s.response == nil {
		return &analysis.Result{Section: (*Result)(nil)}, nil
	}
	r := &Result{Shapes: map[string]int64{}}
	for i, n := range s.shapes {
		if n == 0 {
			continue
		}
		name := ingest.Shape(i).String()
		r.Shapes[name] = n
		if r.Shape == "" {
			r.Shape = name
		} else {
			r.Shape = "mixed"
		}
	}
	if s.prompt != nil {
		st := s.prompt.Stats()
		r.Prompt = &st
	}
	if s.response != nil {
		st := s.response.Stats()
		r.Response = &st
	}
	for i, p := range s.roles {
		if p == nil {
			continue
		}
		if r.Roles == nil {
			r.Roles = map[string]PartStats{}
		}
		r.Roles[ingest.Role(i).String()] = p.Stats()
	}
	return &analysis.Result{Section: r}, nil
}

// Rows is the number of rows read from turns or instruction triples.
func (r *Result) Rows() int64 {
	if r == nil {
		return 0
	}
	var n int64
	for name, c := range r.Shapes {
		if name != ingest.ShapeText.String() {
			n += c
		}
	}
	return n
}
