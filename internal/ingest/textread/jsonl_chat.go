package textread

import (
	"fmt"
	"strings"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/ingest/chatjson"
	"github.com/dataaudit/dataaudit/internal/strictjson"
)

// readText appends the record's text to d.text.Data and returns its shape,
// or the kind of bad record and why.
func (d *Decoder) readText(b *batch.Batch) (shape batch.Shape, kind, reason string) {
	d.chatField = false
	if d.shapeIdx >= 0 && len(d.raw(0, &d.bufs[0])) == 0 {
		return d.readShape(b)
	}
	// Text: every field that is a string or a list of turns, joined with a
	// newline.
	found, nulls := 0, 0
	for i := range d.textPaths {
		raw := d.raw(i, &d.bufs[i])
		k := chatjson.JSONKind(raw)
		if k == "array" && d.opts.TextArrays {
			if n, ok := d.appendArray(raw, found > 0); ok {
				if n > 0 {
					found++
				}
				continue
			}
		}
		if k == "array" {
			s, n, kind, reason := d.appendTurns(b, raw, d.opts.Text[i], found > 0)
			if kind != "" {
				return 0, kind, reason
			}
			if n > 0 {
				shape = s
				found++
				continue
			}
			if len(d.textPaths) == 1 {
				return 0, batch.BadMissingText, fmt.Sprintf("text field %q has no %sturns", d.opts.Text[i], d.opts.RoleWords())
			}
			continue
		}
		switch k {
		case "string":
			if found > 0 {
				d.text.Data = append(d.text.Data, '\n')
			}
			switch {
			case !d.spans || d.strict.Decoded&(1<<i) == 0:
				d.text.Data = strictjson.AppendUnescaped(d.text.Data, raw[1:len(raw)-1])
			case d.strict.Dst == nil:
				d.text.Data = append(d.text.Data, d.strict.Dec[i]...)
			}
			found++
		case "missing", "null":
			if k == "null" {
				nulls++
			}
			if len(d.textPaths) == 1 {
				if k == "null" {
					return 0, batch.BadNullText, fmt.Sprintf("text field %q is null", d.opts.Text[i])
				}
				return 0, batch.BadMissingText, fmt.Sprintf("text field %q is missing", d.opts.Text[i])
			}
		default:
			return 0, batch.BadTextType, fmt.Sprintf("text field %q is %s, want a string", d.opts.Text[i], chatjson.WithArticle(k))
		}
	}
	if found == 0 {
		if nulls == len(d.textPaths) {
			return 0, batch.BadNullText, fmt.Sprintf("text fields %s are all null", strings.Join(d.opts.Text, ", "))
		}
		return 0, batch.BadMissingText, fmt.Sprintf("text fields %s are all missing or null", strings.Join(d.opts.Text, ", "))
	}
	return shape, "", ""
}

// readShape reads a record without a text field, with the default --text:
// a list of turns under messages or conversations, or an instruction
// triple.
func (d *Decoder) readShape(b *batch.Batch) (shape batch.Shape, kind, reason string) {
	for _, f := range [...]int{sfMessages, sfConversations} {
		raw := d.raw(d.shapeIdx+f, &d.bufs[d.shapeIdx+f])
		switch k := chatjson.JSONKind(raw); k {
		case "missing":
			continue
		case "array":
			s, n, kind, reason := d.appendTurns(b, raw, shapeFields[f], false)
			if kind != "" {
				return 0, kind, reason
			}
			if n == 0 {
				return 0, batch.BadMissingText, fmt.Sprintf("field %q has no %sturns", shapeFields[f], d.opts.RoleWords())
			}
			return s, "", ""
		case "null":
			return 0, batch.BadNullText, fmt.Sprintf("field %q is null", shapeFields[f])
		default:
			return 0, batch.BadTextType, fmt.Sprintf("field %q is %s, want a list of turns", shapeFields[f], chatjson.WithArticle(k))
		}
	}
	instr := d.raw(d.shapeIdx+sfInstruction, &d.bufs[d.shapeIdx+sfInstruction])
	input := d.raw(d.shapeIdx+sfInput, &d.bufs[d.shapeIdx+sfInput])
	output := d.raw(d.shapeIdx+sfOutput, &d.bufs[d.shapeIdx+sfOutput])
	if len(instr) == 0 && len(output) == 0 {
		// The reason of a record without text whatever DetectShape: the
		// shapes are a fallback, not what the user asked for.
		return 0, batch.BadMissingText, fmt.Sprintf("text field %q is missing", d.opts.Text[0])
	}
	for _, f := range [...]struct {
		name string
		raw  []byte
		opt  bool
	}{{"instruction", instr, false}, {"input", input, true}, {"output", output, false}} {
		switch k := chatjson.JSONKind(f.raw); {
		case k == "string":
		case f.opt && (k == "missing" || k == "null"):
		case k == "missing":
			return 0, batch.BadMissingText, fmt.Sprintf("instruction record: field %q is missing", f.name)
		case k == "null":
			return 0, batch.BadNullText, fmt.Sprintf("instruction record: field %q is null", f.name)
		default:
			return 0, batch.BadTextType, fmt.Sprintf("instruction record: field %q is %s, want a string", f.name, chatjson.WithArticle(k))
		}
	}
	d.text.Data = appendAlpacaPrompt(d.text.Data, instr, input)
	d.text.Data = append(d.text.Data, '\n')
	d.text.Data = strictjson.AppendUnescaped(d.text.Data, output[1:len(output)-1])
	return batch.ShapeAlpaca, "", ""
}

// appendAlpacaPrompt appends the instruction and, when it is a non-empty
// string, the input, joined with a newline.
func appendAlpacaPrompt(dst, instr, input []byte) []byte {
	dst = strictjson.AppendUnescaped(dst, instr[1:len(instr)-1])
	if len(input) > 2 && input[0] == '"' {
		dst = append(dst, '\n')
		dst = strictjson.AppendUnescaped(dst, input[1:len(input)-1])
	}
	return dst
}

// appendTurns reads the list of turns raw and appends the contents of the
// turns kept by --role to the text, each after a newline if sep or after
// the first; it records them in b.Turns. It returns the list's shape and
// the number of turns appended, or the kind of bad record and why.
func (d *Decoder) appendTurns(b *batch.Batch, raw []byte, field string, sep bool) (shape batch.Shape, n int, kind, reason string) {
	shape, why := d.turns.Read(raw, field)
	if why != "" {
		return 0, 0, batch.BadTurn, why
	}
	d.chatField = true
	rowStart := int(d.text.Offs[len(d.text.Offs)-1])
	last := d.turns.LastAssistant()
	for k, t := range d.turns.Turns {
		if t.Content == nil || d.roles&(1<<t.Role) == 0 {
			continue
		}
		if sep || n > 0 {
			d.text.Data = append(d.text.Data, '\n')
		}
		start := len(d.text.Data) - rowStart
		d.text.Data = d.turns.AppendContent(d.text.Data, t.Content)
		b.Turns = append(b.Turns, batch.Turn{Row: int32(d.text.N), Role: t.Role, Part: batch.PartOf(k, last), Start: int32(start), End: int32(len(d.text.Data) - rowStart)})
		n++
	}
	return shape, n, "", ""
}

// promptResponse builds the row's prompt into d.pbuf and its response into
// d.rbuf: from --prompt and --response, else from the turns or the
// instruction triple. hasP and hasR say whether each is there (a null
// otherwise); ok is false with kind and reason set for a bad record.
func (d *Decoder) promptResponse(shape batch.Shape, kind, reason *string) (hasP, hasR, ok bool) {
	d.pbuf, d.rbuf = d.pbuf[:0], d.rbuf[:0]
	switch {
	case d.chatField:
		if last := d.turns.LastAssistant(); last >= 0 {
			n := 0
			for _, t := range d.turns.Turns[:last] {
				if t.Content == nil {
					continue
				}
				if n > 0 {
					d.pbuf = append(d.pbuf, '\n')
				}
				d.pbuf = d.turns.AppendContent(d.pbuf, t.Content)
				n++
			}
			d.rbuf = d.turns.AppendContent(d.rbuf, d.turns.Turns[last].Content)
			hasP, hasR = true, true
		}
	case shape == batch.ShapeAlpaca:
		i := d.shapeIdx
		d.pbuf = appendAlpacaPrompt(d.pbuf, d.bufValue(i+sfInstruction), d.bufValue(i+sfInput))
		out := d.bufValue(i + sfOutput)
		d.rbuf = strictjson.AppendUnescaped(d.rbuf, out[1:len(out)-1])
		hasP, hasR = true, true
	}
	for _, f := range [...]struct {
		idx  int
		name string
		buf  *[]byte
		has  *bool
	}{{d.promptIdx, d.opts.Prompt, &d.pbuf, &hasP}, {d.responseIdx, d.opts.Response, &d.rbuf, &hasR}} {
		if f.idx < 0 {
			continue
		}
		raw := d.raw(f.idx, &d.bufs[f.idx])
		switch k := chatjson.JSONKind(raw); k {
		case "string":
			*f.buf = strictjson.AppendUnescaped((*f.buf)[:0], raw[1:len(raw)-1])
			*f.has = true
		case "missing", "null":
			*f.buf, *f.has = (*f.buf)[:0], false
		default:
			*kind, *reason = batch.BadTextType, fmt.Sprintf("field %q is %s, want a string", f.name, chatjson.WithArticle(k))
			return false, false, false
		}
	}
	return hasP, hasR, true
}

// bufValue is the raw value at path i, read by readShape.
func (d *Decoder) bufValue(i int) []byte {
	if d.spans {
		return d.strict.Value(i)
	}
	return d.bufs[i]
}

// commitPR appends the row's prompt and response (d.pbuf, d.rbuf), or
// nulls, to their columns; the columns start, with nulls for the rows
// before, at the batch's first row that has either.
func (d *Decoder) commitPR(hasP, hasR bool) {
	if d.prRows == 0 {
		if !hasP && !hasR {
			return
		}
		before := d.text.N - 1
		for _, c := range [...]*batch.StrCol{&d.prompt, &d.response} {
			// A prompt or response is never longer than the chunk.
			c.Offs, c.Data, c.Alloc = make([]int32, 0, d.lastRows+d.lastRows/8+16), d.recycle.Get(d.chunkLen), d.recycle
			c.Reset()
			for range before {
				c.AppendNull()
			}
		}
	}
	if hasP || hasR {
		d.prRows++
	}
	for _, c := range [...]struct {
		col *batch.StrCol
		buf []byte
		has bool
	}{{&d.prompt, d.pbuf, hasP}, {&d.response, d.rbuf, hasR}} {
		if !c.has {
			c.col.AppendNull()
			continue
		}
		c.col.Data = append(c.col.Data, c.buf...)
		c.col.Commit()
	}
}
