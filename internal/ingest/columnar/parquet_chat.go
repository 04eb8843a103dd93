package columnar

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/dataaudit/dataaudit/internal/ingest/batch"
)

// pqShape is how a Parquet source holds chat or instruction data: a
// list<struct<role, content>> (or <from, value>) column, or instruction,
// input and output string columns. The zero value is flat text.
type pqShape struct {
	shape batch.Shape
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
func turnsColumn(sc *arrow.Schema, name string) (shape batch.Shape, role, content string, ok bool) {
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
		return batch.ShapeOpenAI, "role", "content", true
	}
	if _, ok := st.FieldByName("from"); ok {
		return batch.ShapeShareGPT, "from", "value", true
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
func (r *Reader) readTurns(sh *pqShape, rec arrow.RecordBatch) (*pqTurns, error) {
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
		if err := batch.ForEachText(st.Field(i), func(k int, v []byte, ok bool) {
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
func (r *Reader) chatText(src *Source, rec arrow.RecordBatch, b *batch.Batch) (arrow.Array, error) {
	sh := &src.shape
	n := int(rec.NumRows())
	r.text.Offs, r.text.Data = make([]int32, 0, n+1), nil
	r.text.Reset()
	for _, c := range [...]*batch.StrCol{&r.prompt, &r.response} {
		c.Offs, c.Data = make([]int32, 0, n+1), nil
		c.Reset()
	}
	bad := func(i int, kind, reason string) {
		r.text.AppendNull()
		r.prompt.AppendNull()
		r.response.AppendNull()
		b.Bad = append(b.Bad, batch.BadRecord{Pos: batch.Pos{File: src.idx, N: b.FirstRow + int64(i)}, Kind: kind, Rows: 1, Reason: reason})
	}
	if sh.turns == "" {
		return r.alpacaText(src, rec, b, bad)
	}
	t, err := r.readTurns(sh, rec)
	if err != nil {
		return nil, err
	}
	roles := r.opts.RoleMask()
	for i := range n {
		if !t.valid(i) {
			bad(i, batch.BadNullText, fmt.Sprintf("field %q is null", sh.turns))
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
			role, ok := batch.RoleOf(t.roles[k])
			if !ok {
				why = fmt.Sprintf("%s[%d].%s is %q, not a known role (system, user, assistant, tool; human, gpt)", sh.turns, k-s, sh.role, batch.ShortRaw(t.roles[k]))
			}
			if role == batch.RoleAssistant && t.contOK[k] {
				last = int(k)
			}
		}
		if why != "" {
			bad(i, batch.BadTurn, why)
			continue
		}
		rowStart := len(r.text.Data)
		kept := 0
		for k := s; k < e; k++ {
			role, _ := batch.RoleOf(t.roles[k])
			if !t.contOK[k] || roles&(1<<role) == 0 {
				continue
			}
			if kept > 0 {
				r.text.Data = append(r.text.Data, '\n')
			}
			start := len(r.text.Data) - rowStart
			r.text.Data = append(r.text.Data, t.content[k]...)
			b.Turns = append(b.Turns, batch.Turn{Row: int32(i), Role: role, Part: batch.PartOf(int(k-s), last-int(s)), Start: int32(start), End: int32(len(r.text.Data) - rowStart)})
			kept++
		}
		if kept == 0 {
			r.text.Rollback(rowStart)
			for len(b.Turns) > 0 && int(b.Turns[len(b.Turns)-1].Row) == i {
				b.Turns = b.Turns[:len(b.Turns)-1]
			}
			bad(i, batch.BadMissingText, fmt.Sprintf("field %q has no %sturns", sh.turns, r.opts.RoleWords()))
			continue
		}
		r.text.Commit()
		if last < 0 {
			r.prompt.AppendNull()
			r.response.AppendNull()
			continue
		}
		np := 0
		for k := s; k < int64(last); k++ {
			if !t.contOK[k] {
				continue
			}
			if np > 0 {
				r.prompt.Data = append(r.prompt.Data, '\n')
			}
			r.prompt.Data = append(r.prompt.Data, t.content[k]...)
			np++
		}
		r.prompt.Commit()
		r.response.Data = append(r.response.Data, t.content[last]...)
		r.response.Commit()
	}
	b.WholeTurns = len(b.Turns) > 0 && r.opts.WholeTurns()
	return r.text.Array(), nil
}

// alpacaText is chatText for an instruction triple.
func (r *Reader) alpacaText(src *Source, rec arrow.RecordBatch, b *batch.Batch, bad func(int, string, string)) (arrow.Array, error) {
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
		if err := batch.ForEachText(arr, func(i int, t []byte, ok bool) {
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
			bad(i, batch.BadNullText, fmt.Sprintf("instruction record: field %q is null", f))
			continue
		}
		for _, c := range [...]*batch.StrCol{&r.text, &r.prompt} {
			c.Data = append(c.Data, cols[0].vals[i]...)
			if cols[1].valid[i] && len(cols[1].vals[i]) > 0 {
				c.Data = append(c.Data, '\n')
				c.Data = append(c.Data, cols[1].vals[i]...)
			}
		}
		r.text.Data = append(r.text.Data, '\n')
		r.text.Data = append(r.text.Data, cols[2].vals[i]...)
		r.response.Data = append(r.response.Data, cols[2].vals[i]...)
		r.text.Commit()
		r.prompt.Commit()
		r.response.Commit()
	}
	return r.text.Array(), nil
}

// addPromptResponse adds the prompt and response columns: those chatText
// built, with --prompt and --response columns in their place when given.
func (r *Reader) addPromptResponse(src *Source, rec arrow.RecordBatch, textNull func(int) bool, fields *[]arrow.Field, cols *[]arrow.Array) error {
	sh := &src.shape
	built := sh.turns != "" || sh.shape == batch.ShapeAlpaca
	if !built && sh.prompt == nil && sh.response == nil {
		return nil
	}
	n := int(rec.NumRows())
	for _, c := range []struct {
		name string
		col  *batch.StrCol
		path []string
	}{{batch.ColPrompt, &r.prompt, sh.prompt}, {batch.ColResponse, &r.response, sh.response}} {
		if c.path != nil {
			arr, parents := leafArray(rec, c.path)
			c.col.Offs, c.col.Data = make([]int32, 0, n+1), nil
			c.col.Reset()
			if err := batch.ForEachText(arr, func(i int, t []byte, ok bool) {
				if !ok || !validIn(parents, i) || textNull(i) {
					c.col.AppendNull()
					return
				}
				c.col.Data = append(c.col.Data, t...)
				c.col.Commit()
			}); err != nil {
				return fmt.Errorf("%s column: %w", c.name, err)
			}
		} else if !built {
			c.col.Offs, c.col.Data = make([]int32, 0, n+1), nil
			c.col.Reset()
			for range n {
				c.col.AppendNull()
			}
		}
		*fields = append(*fields, arrow.Field{Name: c.name, Type: arrow.BinaryTypes.String, Nullable: true})
		*cols = append(*cols, c.col.Array())
	}
	return nil
}
