package ingest

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// pqShape is how a Parquet source holds chat or instruction data: a
// list<struct<role, content>> (or <from, value>) column, or instruction,
// input and output string columns. The zero value is flat text.
type pqShape struct {
	shape Shape
	// turns is the list column; role and content name its struct's fields.
	turns         string
	role, content string
	// instr, input, output are the instruction triple's paths; input may
	// be nil.
	instr, input, output []string
	// prompt and response are --prompt and --response.
	prompt, response []string
}

// turnsColumn reports whether the top-level field name of sc is a list of
// structs with a role and a content (or from and value) field, and which.
func turnsColumn(sc *arrow.Schema, name string) (shape Shape, role, content string, ok bool) {
	if strings.Contains(name, ".") {
		return 0, "", "", false
	}
	idx := sc.FieldIndices(name)
	if len(idx) == 0 {
		return 0, "", "", false
	}
	var elem arrow.DataType
	switch lt := sc.Field(idx[0]).Type.(type) {
	case *arrow.ListType:
		elem = lt.Elem()
	case *arrow.LargeListType:
		elem = lt.Elem()
	default:
		return 0, "", "", false
	}
	st, isStruct := elem.(*arrow.StructType)
	if !isStruct {
		return 0, "", "", false
	}
	if _, ok := st.FieldByName("role"); ok {
		return ShapeOpenAI, "role", "content", true
	}
	if _, ok := st.FieldByName("from"); ok {
		return ShapeShareGPT, "from", "value", true
	}
	return 0, "", "", false
}

// turnLeaves returns the leaf columns of field f of the list column name.
func turnLeaves(paths []string, name, f string) []int {
	var out []int
	for i, p := range paths {
		if strings.HasPrefix(p, name+".") && strings.HasSuffix(p, "."+f) && strings.Count(p[len(name)+1:], ".") == 2 {
			out = append(out, i)
		}
	}
	return out
}

// pqTurns are the columns of a batch's list of turns.
type pqTurns struct {
	offs           func(i int) (int64, int64)
	valid          func(i int) bool
	roles, content [][]byte
	roleOK, contOK []bool
}

// readTurns reads the list column of a record into r's scratch.
func (r *pqReader) readTurns(sh *pqShape, rec arrow.RecordBatch) (*pqTurns, error) {
	col := rec.Column(rec.Schema().FieldIndices(sh.turns)[0])
	var values arrow.Array
	t := &r.pt
	switch c := col.(type) {
	case *array.List:
		values = c.ListValues()
		t.offs = func(i int) (int64, int64) { s, e := c.ValueOffsets(i); return s, e }
	case *array.LargeList:
		values = c.ListValues()
		t.offs = c.ValueOffsets
	default:
		return nil, fmt.Errorf("column %q has type %s, want a list", sh.turns, col.DataType())
	}
	t.valid = col.IsValid
	st := values.(*array.Struct)
	stt := st.DataType().(*arrow.StructType)
	n := st.Len()
	t.roles, t.roleOK = grow(t.roles, n), growBool(t.roleOK, n)
	t.content, t.contOK = grow(t.content, n), growBool(t.contOK, n)
	for _, f := range []struct {
		name string
		vals [][]byte
		ok   []bool
	}{{sh.role, t.roles, t.roleOK}, {sh.content, t.content, t.contOK}} {
		i, _ := stt.FieldIdx(f.name)
		if i < 0 {
			for k := range n {
				f.ok[k] = false
			}
			continue
		}
		if err := ForEachText(st.Field(i), func(k int, v []byte, ok bool) {
			f.vals[k], f.ok[k] = v, ok && st.IsValid(k)
		}); err != nil {
			return nil, fmt.Errorf("column %q field %q: %w", sh.turns, f.name, err)
		}
	}
	return t, nil
}

func grow(s [][]byte, n int) [][]byte {
	if cap(s) < n {
		return make([][]byte, n)
	}
	return s[:n]
}

func growBool(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	return s[:n]
}

// chatText builds the text, prompt and response columns of a record from
// its list of turns or its instruction triple; rows that cannot be read
// are nulls and bad records.
func (r *pqReader) chatText(src *pqSource, rec arrow.RecordBatch, b *Batch) (arrow.Array, error) {
	sh := &src.shape
	n := int(rec.NumRows())
	r.text.offs, r.text.data = make([]int32, 0, n+1), nil
	r.text.reset()
	for _, c := range [...]*strCol{&r.prompt, &r.response} {
		c.offs, c.data = make([]int32, 0, n+1), nil
		c.reset()
	}
	bad := func(i int, kind, reason string) {
		r.text.appendNull()
		r.prompt.appendNull()
		r.response.appendNull()
		b.Bad = append(b.Bad, BadRecord{Pos: Pos{File: src.idx, N: b.FirstRow + int64(i)}, Kind: kind, Rows: 1, Reason: reason})
	}
	if sh.turns == "" {
		return r.alpacaText(src, rec, b, bad)
	}
	t, err := r.readTurns(sh, rec)
	if err != nil {
		return nil, err
	}
	roles := r.opts.roleMask()
	for i := range n {
		if !t.valid(i) {
			bad(i, BadNullText, fmt.Sprintf("field %q is null", sh.turns))
			continue
		}
		s, e := t.offs(i)
		why := ""
		last := -1
		for k := s; k < e && why == ""; k++ {
			if !t.roleOK[k] {
				why = fmt.Sprintf("%s[%d].%s is null", sh.turns, k-s, sh.role)
				break
			}
			role, ok := roleOf(t.roles[k])
			if !ok {
				why = fmt.Sprintf("%s[%d].%s is %q, not a known role (system, user, assistant, tool; human, gpt)", sh.turns, k-s, sh.role, shortRaw(t.roles[k]))
			}
			if role == RoleAssistant && t.contOK[k] {
				last = int(k)
			}
		}
		if why != "" {
			bad(i, BadTurn, why)
			continue
		}
		rowStart := len(r.text.data)
		kept := 0
		for k := s; k < e; k++ {
			role, _ := roleOf(t.roles[k])
			if !t.contOK[k] || roles&(1<<role) == 0 {
				continue
			}
			if kept > 0 {
				r.text.data = append(r.text.data, '\n')
			}
			start := len(r.text.data) - rowStart
			r.text.data = append(r.text.data, t.content[k]...)
			b.Turns = append(b.Turns, Turn{Row: int32(i), Role: role, Part: partOf(int(k-s), last-int(s)), Start: int32(start), End: int32(len(r.text.data) - rowStart)})
			kept++
		}
		if kept == 0 {
			r.text.rollback(rowStart)
			for len(b.Turns) > 0 && int(b.Turns[len(b.Turns)-1].Row) == i {
				b.Turns = b.Turns[:len(b.Turns)-1]
			}
			bad(i, BadMissingText, fmt.Sprintf("field %q has no %sturns", sh.turns, r.opts.roleWords()))
			continue
		}
		r.text.commit()
		if last < 0 {
			r.prompt.appendNull()
			r.response.appendNull()
			continue
		}
		np := 0
		for k := s; k < int64(last); k++ {
			if !t.contOK[k] {
				continue
			}
			if np > 0 {
				r.prompt.data = append(r.prompt.data, '\n')
			}
			r.prompt.data = append(r.prompt.data, t.content[k]...)
			np++
		}
		r.prompt.commit()
		r.response.data = append(r.response.data, t.content[last]...)
		r.response.commit()
	}
	b.WholeTurns = len(b.Turns) > 0 && r.opts.wholeTurns()
	return r.text.array(), nil
}

// alpacaText is chatText for an instruction triple.
func (r *pqReader) alpacaText(src *pqSource, rec arrow.RecordBatch, b *Batch, bad func(int, string, string)) (arrow.Array, error) {
	sh := &src.shape
	n := int(rec.NumRows())
	var cols [3]struct {
		vals  [][]byte
		valid []bool
	}
	for k, p := range [...][]string{sh.instr, sh.input, sh.output} {
		cols[k].vals, cols[k].valid = make([][]byte, n), make([]bool, n)
		if p == nil {
			continue
		}
		arr, parents := leafArray(rec, p)
		if err := ForEachText(arr, func(i int, t []byte, ok bool) {
			cols[k].vals[i], cols[k].valid[i] = t, ok && validIn(parents, i)
		}); err != nil {
			return nil, err
		}
	}
	for i := range n {
		if !cols[0].valid[i] || !cols[2].valid[i] {
			f := "instruction"
			if cols[0].valid[i] {
				f = "output"
			}
			bad(i, BadNullText, fmt.Sprintf("instruction record: field %q is null", f))
			continue
		}
		for _, c := range [...]*strCol{&r.text, &r.prompt} {
			c.data = append(c.data, cols[0].vals[i]...)
			if cols[1].valid[i] && len(cols[1].vals[i]) > 0 {
				c.data = append(c.data, '\n')
				c.data = append(c.data, cols[1].vals[i]...)
			}
		}
		r.text.data = append(r.text.data, '\n')
		r.text.data = append(r.text.data, cols[2].vals[i]...)
		r.response.data = append(r.response.data, cols[2].vals[i]...)
		r.text.commit()
		r.prompt.commit()
		r.response.commit()
	}
	return r.text.array(), nil
}

// addPromptResponse adds the prompt and response columns: those chatText
// built, with --prompt and --response columns in their place when given.
func (r *pqReader) addPromptResponse(src *pqSource, rec arrow.RecordBatch, textNull func(int) bool, fields *[]arrow.Field, cols *[]arrow.Array) error {
	sh := &src.shape
	built := sh.turns != "" || sh.shape == ShapeAlpaca
	if !built && sh.prompt == nil && sh.response == nil {
		return nil
	}
	n := int(rec.NumRows())
	for _, c := range []struct {
		name string
		col  *strCol
		path []string
	}{{ColPrompt, &r.prompt, sh.prompt}, {ColResponse, &r.response, sh.response}} {
		if c.path != nil {
			arr, parents := leafArray(rec, c.path)
			c.col.offs, c.col.data = make([]int32, 0, n+1), nil
			c.col.reset()
			if err := ForEachText(arr, func(i int, t []byte, ok bool) {
				if !ok || !validIn(parents, i) || textNull(i) {
					c.col.appendNull()
					return
				}
				c.col.data = append(c.col.data, t...)
				c.col.commit()
			}); err != nil {
				return fmt.Errorf("%s column: %w", c.name, err)
			}
		} else if !built {
			c.col.offs, c.col.data = make([]int32, 0, n+1), nil
			c.col.reset()
			for range n {
				c.col.appendNull()
			}
		}
		*fields = append(*fields, arrow.Field{Name: c.name, Type: arrow.BinaryTypes.String, Nullable: true})
		*cols = append(*cols, c.col.array())
	}
	return nil
}
