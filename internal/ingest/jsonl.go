package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/valyala/fastjson"

	"github.com/dataaudit/dataaudit/internal/recycle"
	"github.com/dataaudit/dataaudit/internal/strictjson"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// strCol accumulates one String column as raw Arrow buffers: building them
// directly costs a copy of the bytes and nothing per row beyond that, where
// array.StringBuilder does several checks and appends per value.
type strCol struct {
	offs  []int32
	data  []byte
	alloc memory.Allocator // if set, data came from it and goes back on release
	valid []byte           // validity bitmap, nil until the first null
	n     int
	nulls int
}

func (c *strCol) reset() {
	c.offs = append(c.offs[:0], 0)
	c.data = c.data[:0]
	c.valid = nil
	c.n, c.nulls = 0, 0
}

func (c *strCol) appendNull() {
	if c.valid == nil {
		c.valid = make([]byte, (c.n+8)/8+64)
		for i := 0; i < c.n; i++ {
			c.valid[i/8] |= 1 << (i % 8)
		}
	}
	c.ensureBit()
	c.offs = append(c.offs, int32(len(c.data)))
	c.n++
	c.nulls++
}

// commit ends the current value, whose bytes were appended to c.data.
func (c *strCol) commit() {
	if c.valid != nil {
		c.ensureBit()
		c.valid[c.n/8] |= 1 << (c.n % 8)
	}
	c.offs = append(c.offs, int32(len(c.data)))
	c.n++
}

func (c *strCol) ensureBit() {
	for c.n/8 >= len(c.valid) {
		c.valid = append(c.valid, 0)
	}
}

// rollback drops bytes appended after mark for a value that was not
// committed.
func (c *strCol) rollback(mark int) { c.data = c.data[:mark] }

// array hands the buffers to a new String array, which aliases them: give
// c new buffers before its next reset (every caller does), or the next
// values overwrite this array's.
func (c *strCol) array() arrow.Array {
	var validBuf *memory.Buffer
	if c.valid != nil {
		validBuf = memory.NewBufferBytes(c.valid)
	}
	dataBuf := memory.NewBufferBytes(c.data)
	if c.alloc != nil {
		dataBuf = memory.NewBufferWithAllocator(c.data, c.alloc)
	}
	data := array.NewData(arrow.BinaryTypes.String, c.n,
		[]*memory.Buffer{validBuf, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(c.offs)), dataBuf},
		nil, c.nulls, 0)
	dataBuf.Release() // the Data holds its own reference
	defer data.Release()
	return array.MakeFromData(data)
}

// jsonDecoder turns chunks of JSONL into Batches. One per worker.
type jsonDecoder struct {
	opts      *Options
	textPaths [][]string
	labelPath []string
	idPath    []string
	schema    *arrow.Schema

	recycle *recycle.Recycler // text buffers, back from released batches

	// paths are textPaths, then labelPath and idPath if set: labelIdx
	// and idIdx index them.
	paths             [][]string
	labelIdx, idIdx   int
	strict            *strictjson.Parser // nil with Options.LenientJSON
	spans             bool               // strict finds the fields; else fastjson
	col               int                // bytes of the line before the one decoded (a BOM)
	p                 fastjson.Parser
	arrP              fastjson.Parser // TextArrays: parses an array field
	v                 *fastjson.Value
	scratch, scratch2 []byte
	text              strCol
	label             strCol
	id                strCol
	// sizes of the previous batch, to size the next one's buffers
	lastRows int

	// Chat and instruction data (chat.go): shapeIdx indexes the paths of
	// shapeFields in paths (-1: --text was given), promptIdx and
	// responseIdx those of --prompt and --response (-1: not given).
	shapeIdx, promptIdx, responseIdx int
	bufs                             [][]byte // per path, for fastjson's raw values
	turns                            turnReader
	roles                            uint8 // bits of the roles kept; all without --role
	prompt, response                 strCol
	prRows                           int  // rows of the batch with a prompt or a response
	chatField                        bool // the row's text came from turns: prompt and response are d.turns'
	pbuf, rbuf                       []byte
	chunkLen, lastTurns              int
	schemaPR                         *arrow.Schema

	fields []span // of a CSV record
}

func splitPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(p, ".")
}

func newJSONDecoder(opts *Options) *jsonDecoder {
	d := &jsonDecoder{opts: opts, labelPath: splitPath(opts.Label), idPath: splitPath(opts.ID)}
	for _, t := range opts.Text {
		d.textPaths = append(d.textPaths, splitPath(t))
	}
	d.paths = append(d.paths, d.textPaths...)
	if d.labelPath != nil {
		d.labelIdx = len(d.paths)
		d.paths = append(d.paths, d.labelPath)
	}
	if d.idPath != nil {
		d.idIdx = len(d.paths)
		d.paths = append(d.paths, d.idPath)
	}
	d.shapeIdx, d.promptIdx, d.responseIdx = -1, -1, -1
	if opts.DetectShape {
		d.shapeIdx = len(d.paths)
		for _, f := range shapeFields {
			d.paths = append(d.paths, []string{f})
		}
	}
	if opts.Prompt != "" {
		d.promptIdx = len(d.paths)
		d.paths = append(d.paths, splitPath(opts.Prompt))
	}
	if opts.Response != "" {
		d.responseIdx = len(d.paths)
		d.paths = append(d.paths, splitPath(opts.Response))
	}
	d.bufs = make([][]byte, len(d.paths))
	d.roles = opts.roleMask()
	if !opts.LenientJSON {
		// With too many fields for its path masks, the strict parser only
		// validates, and fastjson reads the fields.
		d.spans = len(d.paths) <= strictjson.MaxPaths
		if d.spans {
			// The parser decodes the text fields as it reads them, the
			// only one straight into the column.
			d.strict = strictjson.NewParser(d.paths)
			d.strict.DecodeMask = 1<<len(d.textPaths) - 1
			d.strict.Dec = make([][]byte, len(d.textPaths))
			if len(d.textPaths) == 1 {
				d.strict.Dst = &d.text.data
			}
		} else {
			d.strict = strictjson.NewParser(nil)
		}
	}
	d.schema = batchSchema(opts)
	d.schemaPR = withPromptResponse(d.schema)
	// A worker holds one batch at a time; a few more cover batches
	// retained by analysers for a while.
	// With chat data the prompt and response columns take two more.
	keep := 4
	if d.shapeIdx >= 0 || d.promptIdx >= 0 || d.responseIdx >= 0 {
		keep = 10
	}
	d.recycle = recycle.NewRecycler(keep, 2*opts.chunkBytes())
	d.text.alloc = d.recycle
	return d
}

// batchSchema is the schema of the records ingest produces from JSONL.
func batchSchema(opts *Options) *arrow.Schema {
	fields := []arrow.Field{{Name: ColText, Type: arrow.BinaryTypes.String, Nullable: false}}
	if opts.Label != "" {
		fields = append(fields, arrow.Field{Name: ColLabel, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	if opts.ID != "" {
		fields = append(fields, arrow.Field{Name: ColID, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	return arrow.NewSchema(fields, nil)
}

// withPromptResponse is sc with the prompt and response columns.
func withPromptResponse(sc *arrow.Schema) *arrow.Schema {
	fields := append(sc.Fields(),
		arrow.Field{Name: ColPrompt, Type: arrow.BinaryTypes.String, Nullable: true},
		arrow.Field{Name: ColResponse, Type: arrow.BinaryTypes.String, Nullable: true})
	return arrow.NewSchema(fields, nil)
}

// jsonKind is the type of a JSON value, read from its first byte.
func jsonKind(raw []byte) string {
	if len(raw) == 0 {
		return "missing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "number"
}

// decode parses one chunk of whole lines. firstLine is the 1-based number
// of the chunk's first line; bomAllowed says whether that line is the file's
// first, where a byte-order mark may stand.
func (d *jsonDecoder) decode(file int, chunk []byte, firstLine int64, bomAllowed bool) *Batch {
	b := d.begin(file, len(chunk))
	line := firstLine
	for len(chunk) > 0 {
		var ln []byte
		if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
			ln, chunk = chunk[:i], chunk[i+1:]
		} else {
			ln, chunk = chunk, nil
		}
		if len(ln) > d.opts.maxLine() {
			// The chunker skips a line longer than a chunk; one that fits
			// in a chunk is held to the same limit here.
			b.Bad = append(b.Bad, BadRecord{Pos: Pos{File: file, N: line, Line: true}, Kind: BadLongLine, Rows: 1,
				Reason: fmt.Sprintf("line is %d bytes, over the limit of %d (--max-line-bytes); skipped", len(ln), d.opts.maxLine())})
			line++
			continue
		}
		d.col = 0
		if line == 1 && bomAllowed && bytes.HasPrefix(ln, bom) {
			ln, d.col = ln[len(bom):], len(bom)
		}
		if len(ln) > 0 && ln[len(ln)-1] == '\r' {
			ln = ln[:len(ln)-1]
		}
		turnMark := len(b.Turns)
		if kind, reason := d.decodeLine(b, ln); kind != "" {
			b.Turns = b.Turns[:turnMark]
			if kind == blankLine {
				b.Blank++
			} else {
				b.Bad = append(b.Bad, BadRecord{Pos: Pos{File: file, N: line, Line: true}, Kind: kind, Rows: 1, Reason: reason})
			}
		} else {
			b.Lines = append(b.Lines, line)
		}
		line++
	}
	return d.finish(b)
}

// begin starts the batch of a chunk of n bytes.
func (d *jsonDecoder) begin(file, n int) *Batch {
	b := &Batch{File: file, FirstLabel: [NumLabelKinds]int{-1, -1, -1}}
	estRows := d.lastRows + d.lastRows/8 + 16
	d.text.offs = make([]int32, 0, estRows+1)
	// Decoded text is never longer than the JSON it came from: one
	// allocation, no regrowth (growslice was 6% of a scan).
	d.text.data = d.recycle.Get(n)
	d.text.reset()
	d.label.offs, d.label.data = make([]int32, 0, estRows+1), nil
	d.label.reset()
	d.id.offs, d.id.data = make([]int32, 0, estRows+1), nil
	d.id.reset()
	d.prRows, d.chunkLen = 0, n
	if d.lastTurns > 0 {
		b.Turns = make([]Turn, 0, d.lastTurns+d.lastTurns/8)
	}
	b.Lines = make([]int64, 0, estRows)
	return b
}

// finish makes the batch's record from the columns decoded since begin.
func (d *jsonDecoder) finish(b *Batch) *Batch {
	d.lastRows, d.lastTurns = d.text.n, len(b.Turns)
	// Instruction rows have a prompt and response but no turns.
	b.WholeTurns = len(b.Turns) > 0 && d.opts.wholeTurns() && b.Shapes[ShapeAlpaca] == 0

	cols := []arrow.Array{d.text.array()}
	if d.labelPath != nil {
		cols = append(cols, d.label.array())
	}
	if d.idPath != nil {
		cols = append(cols, d.id.array())
	}
	schema := d.schema
	if d.prRows > 0 {
		schema = d.schemaPR
		cols = append(cols, d.prompt.array(), d.response.array())
	}
	b.Record = array.NewRecordBatch(schema, cols, int64(d.text.n))
	for _, c := range cols {
		c.Release()
	}
	return b
}

const blankLine = "\x00blank"

func isBlank(ln []byte) bool {
	for _, c := range ln {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// decodeLine appends the line's record to the columns and returns "", or
// returns the kind of bad record and why, and appends nothing.
func (d *jsonDecoder) decodeLine(b *Batch, ln []byte) (kind, reason string) {
	if isBlank(ln) {
		return blankLine, ""
	}
	mark := len(d.text.data)
	if d.strict != nil && !d.strict.Parse(ln) {
		d.text.rollback(mark)
		dup, reason := d.strict.Reason(d.col)
		if dup {
			return BadDuplicateKey, reason
		}
		return BadJSON, reason
	}
	if d.spans {
		if k := jsonKind(ln[strictjson.SkipSpace(ln, 0):]); k != "object" {
			d.text.rollback(mark)
			return BadNotObject, "not a JSON object: the line is a JSON " + k
		}
	} else {
		v, err := d.p.ParseBytes(ln)
		if err != nil {
			return BadJSON, "invalid JSON: " + shortJSONError(err)
		}
		if v.Type() != fastjson.TypeObject {
			return BadNotObject, fmt.Sprintf("not a JSON object: the line is a JSON %s", jsonKind(v.MarshalTo(d.scratch[:0])))
		}
		d.v = v
	}

	shape, kind, reason := d.readText(b)
	if kind != "" {
		d.text.rollback(mark)
		return kind, reason
	}

	// Label: a scalar; a number or boolean is kept as written.
	var labelKind LabelKind = numLabelKinds
	var labelRaw []byte
	if d.labelPath != nil {
		labelRaw = d.raw(d.labelIdx, &d.scratch)
		switch k := jsonKind(labelRaw); k {
		case "missing", "null":
		case "string":
			labelKind = LabelString
		case "number":
			labelKind = LabelNumber
		case "boolean":
			labelKind = LabelBool
		default:
			d.text.rollback(mark)
			return BadLabelType, fmt.Sprintf("label field %q is %s, want a string, number or boolean", d.opts.Label, withArticle(k))
		}
	}
	// The id must be read before anything is committed, so that a bad id
	// leaves no half-written row.
	var idRaw []byte
	if d.idPath != nil {
		idRaw = d.raw(d.idIdx, &d.scratch2)
		switch k := jsonKind(idRaw); k {
		case "missing", "null", "string", "number":
		default:
			d.text.rollback(mark)
			return BadIDType, fmt.Sprintf("id field %q is %s, want a string or number", d.opts.ID, withArticle(k))
		}
	}

	// Prompt and response, last, so that a bad one leaves nothing written.
	var hasP, hasR bool
	if d.promptIdx >= 0 || d.responseIdx >= 0 || shape != ShapeText {
		var ok bool
		if hasP, hasR, ok = d.promptResponse(shape, &kind, &reason); !ok {
			d.text.rollback(mark)
			return kind, reason
		}
	}

	d.text.commit()
	b.Shapes[shape]++
	if hasP || hasR || d.prRows > 0 {
		d.commitPR(hasP, hasR)
	}
	if d.labelPath != nil {
		if labelKind == numLabelKinds {
			d.label.appendNull()
		} else {
			appendScalar(&d.label, labelRaw)
			if b.LabelKinds[labelKind] == 0 {
				b.FirstLabel[labelKind] = d.text.n - 1
			}
			b.LabelKinds[labelKind]++
		}
	}
	if d.idPath != nil {
		if k := jsonKind(idRaw); k == "missing" || k == "null" {
			d.id.appendNull()
		} else {
			appendScalar(&d.id, idRaw)
		}
	}
	return "", ""
}

// withArticle says "an object", "a number".
func withArticle(kind string) string {
	if strings.IndexByte("aeiou", kind[0]) >= 0 {
		return "an " + kind
	}
	return "a " + kind
}

// appendScalar appends a raw JSON string (unescaped), number or boolean.
func appendScalar(c *strCol, raw []byte) {
	if raw[0] == '"' {
		c.data = strictjson.AppendUnescaped(c.data, raw[1:len(raw)-1])
	} else {
		c.data = append(c.data, raw...)
	}
	c.commit()
}

// raw returns the raw JSON of the value at d.paths[i], or nil: a slice of
// the line from the strict parser, or fastjson's, appended to *buf.
func (d *jsonDecoder) raw(i int, buf *[]byte) []byte {
	if d.spans {
		return d.strict.Value(i)
	}
	*buf = rawValue(d.v, d.paths[i], (*buf)[:0])
	return *buf
}

// rawValue appends the raw JSON of the value at path to dst, or nothing when
// there is none. Strings come out still escaped, with their quotes, because
// fastjson's own unescaping mangles lone surrogates; see appendUnescaped.
func rawValue(v *fastjson.Value, path []string, dst []byte) []byte {
	x := v.Get(path...)
	if x == nil {
		return dst
	}
	return x.MarshalTo(dst)
}

// shortJSONError trims fastjson's message, which quotes up to the rest of
// the line, to something that fits on one line of a report.
func shortJSONError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "cannot parse JSON: ")
	const max = 160
	if len(msg) > max {
		msg = msg[:max] + "…"
	}
	return msg
}

// appendArray appends the elements of a JSON array of strings and numbers
// to the text, each after a newline (the first too when sep), and returns
// how many; ok is false for an array holding anything else.
func (d *jsonDecoder) appendArray(raw []byte, sep bool) (n int, ok bool) {
	v, err := d.arrP.ParseBytes(raw)
	if err != nil {
		return 0, false
	}
	arr, err := v.Array()
	if err != nil {
		return 0, false
	}
	for _, e := range arr {
		if t := e.Type(); t != fastjson.TypeString && t != fastjson.TypeNumber {
			return 0, false
		}
	}
	for _, e := range arr {
		if sep || n > 0 {
			d.text.data = append(d.text.data, '\n')
		}
		if e.Type() == fastjson.TypeString {
			d.text.data = append(d.text.data, e.GetStringBytes()...)
		} else {
			d.text.data = e.MarshalTo(d.text.data)
		}
		n++
	}
	return n, true
}
