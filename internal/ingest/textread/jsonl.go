package textread

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/valyala/fastjson"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/ingest/chatjson"
	"github.com/dataaudit/dataaudit/internal/recycle"
	"github.com/dataaudit/dataaudit/internal/strictjson"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// lineFast says whether a decoder with one text field, reading strictly
// with its fields found by the parser, cuts a chunk's lines by parsing
// them (strictjson.ParseLine), rather than finding each newline first
// and parsing the line. A variable so that tests run both ways.
var lineFast = true

// Decoder turns chunks of JSONL into Batches. One per worker.
type Decoder struct {
	opts      *batch.Options
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
	lineFast          bool               // lines are cut by strict.ParseLine (one text field)
	col               int                // bytes of the line before the one decoded (a BOM)
	enc               string             // the chunk's Chunk.enc: its file's encoding, said once
	p                 fastjson.Parser
	arrP              fastjson.Parser // TextArrays: parses an array field
	v                 *fastjson.Value
	scratch, scratch2 []byte
	// badID is the --id of the object whose decodeFields made it a bad
	// record (null or missing text, say), or ""; taken by takeBadID.
	badID string
	text  batch.StrCol
	label batch.StrCol
	id    batch.StrCol
	// sizes of the previous batch, to size the next one's buffers
	lastRows int

	// Chat and instruction data (chat.go): shapeIdx indexes the paths of
	// shapeFields in paths (-1: --text was given), promptIdx and
	// responseIdx those of --prompt and --response (-1: not given).
	shapeIdx, promptIdx, responseIdx int
	bufs                             [][]byte // per path, for fastjson's raw values
	turns                            chatjson.TurnReader
	roles                            uint8 // bits of the roles kept; all without --role
	prompt, response                 batch.StrCol
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

func newJSONDecoder(opts *batch.Options) *Decoder {
	d := &Decoder{opts: opts, labelPath: splitPath(opts.Label), idPath: splitPath(opts.ID)}
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
	d.roles = opts.RoleMask()
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
				d.strict.Dst = &d.text.Data
				d.lineFast = lineFast
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
	d.recycle = recycle.NewRecycler(keep, 2*opts.ChunkSize())
	d.text.Alloc = d.recycle
	return d
}

// batchSchema is the schema of the records ingest produces from JSONL.
func batchSchema(opts *batch.Options) *arrow.Schema {
	fields := []arrow.Field{{Name: batch.ColText, Type: arrow.BinaryTypes.String, Nullable: false}}
	if opts.Label != "" {
		fields = append(fields, arrow.Field{Name: batch.ColLabel, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	if opts.ID != "" {
		fields = append(fields, arrow.Field{Name: batch.ColID, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	return arrow.NewSchema(fields, nil)
}

// withPromptResponse is sc with the prompt and response columns.
func withPromptResponse(sc *arrow.Schema) *arrow.Schema {
	fields := append(sc.Fields(),
		arrow.Field{Name: batch.ColPrompt, Type: arrow.BinaryTypes.String, Nullable: true},
		arrow.Field{Name: batch.ColResponse, Type: arrow.BinaryTypes.String, Nullable: true})
	return arrow.NewSchema(fields, nil)
}

// decode parses one chunk of whole lines. firstLine is the 1-based number
// of the chunk's first line; bomAllowed says whether that line is the file's
// first, where a byte-order mark may stand.
func (d *Decoder) decode(file int, chunk []byte, firstLine int64, bomAllowed bool) *batch.Batch {
	b := d.begin(file, len(chunk))
	line := firstLine
	// With Options.Only, the lines not wanted are skipped undecoded.
	only, filter := d.opts.Wanted(file)
	if filter {
		only = only[sort.Search(len(only), func(k int) bool { return only[k] >= firstLine }):]
	}
	for len(chunk) > 0 {
		if filter {
			if len(only) == 0 {
				break // no more wanted in this chunk
			}
			if only[0] > line {
				// Skip to the next wanted line.
				for len(chunk) > 0 && line < only[0] {
					i := bytes.IndexByte(chunk, '\n')
					if i < 0 {
						chunk = nil
						break
					}
					chunk = chunk[i+1:]
					line++
				}
				continue
			}
			only = only[1:]
		}
		if d.lineFast && !filter && (line != 1 || !bomAllowed) {
			// The line's end from its parse, not from a pass of its own.
			mark, turnMark := len(d.text.Data), len(b.Turns)
			if end, ok := d.strict.ParseLine(chunk); ok && end <= d.opts.MaxLine() {
				ln := chunk[:end]
				if end < len(chunk) {
					chunk = chunk[end+1:]
				} else {
					chunk = nil
				}
				d.col = 0
				if len(ln) > 0 && ln[len(ln)-1] == '\r' {
					ln = ln[:len(ln)-1]
				}
				kind, reason := d.decodeParsed(b, ln, mark)
				d.record(b, file, line, ln, turnMark, kind, reason)
				line++
				continue
			}
			// Not valid up to a newline: the line again, the usual way,
			// for the error Parse gives.
			d.text.Rollback(mark)
		}
		var ln []byte
		if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
			ln, chunk = chunk[:i], chunk[i+1:]
		} else {
			ln, chunk = chunk, nil
		}
		if len(ln) > d.opts.MaxLine() {
			// The chunker skips a line longer than a chunk; one that fits
			// in a chunk is held to the same limit here.
			b.Bad = append(b.Bad, batch.BadRecord{Pos: batch.Pos{File: file, N: line, Line: true}, Kind: batch.BadLongLine, Rows: 1,
				Reason: fmt.Sprintf("line is %d bytes, over the limit of %d (--max-line-bytes); skipped", len(ln), d.opts.MaxLine()) + d.hint(ln)})
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
		kind, reason := d.decodeLine(b, ln)
		d.record(b, file, line, ln, turnMark, kind, reason)
		line++
	}
	return d.finish(b)
}

// record notes what decoding line ln (number line of file) gave: a row
// (kind ""), a blank line or a bad record; turnMark is the length of
// b.Turns before the line.
func (d *Decoder) record(b *batch.Batch, file int, line int64, ln []byte, turnMark int, kind, reason string) {
	if kind == "" {
		b.Lines = append(b.Lines, line)
		return
	}
	b.Turns = b.Turns[:turnMark]
	if kind == blankLine {
		b.Blank++
		return
	}
	if kind == batch.BadJSON {
		reason += d.hint(ln)
	}
	b.Bad = append(b.Bad, batch.BadRecord{Pos: batch.Pos{File: file, N: line, Line: true}, Kind: kind, Rows: 1, Reason: reason, ID: d.takeBadID()})
}

// takeBadID returns the id of the record decodeFields just made a bad
// record, "" when it has none (or the line was no JSON object), and
// forgets it.
func (d *Decoder) takeBadID() string {
	id := d.badID
	d.badID = ""
	return id
}

// recordID returns the --id of the parsed object as the id column
// would hold it: a string unescaped, a number as written; "" for none
// (no --id, missing, null or not a scalar).
func (d *Decoder) recordID() string {
	if d.idPath == nil {
		return ""
	}
	raw := d.raw(d.idIdx, &d.scratch2)
	switch chatjson.JSONKind(raw) {
	case "string":
		return string(strictjson.AppendUnescaped(nil, raw[1:len(raw)-1]))
	case "number":
		return string(raw)
	}
	return ""
}

// hint is encodingHint(ln), or "" when the file's encoding was said once
// at its start (Chunk.enc).
func (d *Decoder) hint(ln []byte) string {
	if d.enc != "" {
		return ""
	}
	return encodingHint(ln)
}

// begin starts the batch of a chunk of n bytes.
func (d *Decoder) begin(file, n int) *batch.Batch {
	b := &batch.Batch{File: file, FirstLabel: [batch.NumLabelKinds]int{-1, -1, -1}}
	estRows := d.lastRows + d.lastRows/8 + 16
	d.text.Offs = make([]int32, 0, estRows+1)
	// Decoded text is never longer than the JSON it came from: one
	// allocation, no regrowth (growslice was 6% of a scan).
	d.text.Data = d.recycle.Get(n)
	d.text.Reset()
	d.label.Offs, d.label.Data = make([]int32, 0, estRows+1), nil
	d.label.Reset()
	d.id.Offs, d.id.Data = make([]int32, 0, estRows+1), nil
	d.id.Reset()
	d.prRows, d.chunkLen = 0, n
	if d.lastTurns > 0 {
		b.Turns = make([]batch.Turn, 0, d.lastTurns+d.lastTurns/8)
	}
	b.Lines = make([]int64, 0, estRows)
	return b
}

// finish makes the batch's record from the columns decoded since begin.
func (d *Decoder) finish(b *batch.Batch) *batch.Batch {
	d.lastRows, d.lastTurns = d.text.N, len(b.Turns)
	// Instruction rows have a prompt and response but no turns.
	b.WholeTurns = len(b.Turns) > 0 && d.opts.WholeTurns() && b.Shapes[batch.ShapeAlpaca] == 0

	cols := []arrow.Array{d.text.Array()}
	if d.labelPath != nil {
		cols = append(cols, d.label.Array())
	}
	if d.idPath != nil {
		cols = append(cols, d.id.Array())
	}
	schema := d.schema
	if d.prRows > 0 {
		schema = d.schemaPR
		cols = append(cols, d.prompt.Array(), d.response.Array())
	}
	b.Record = array.NewRecordBatch(schema, cols, int64(d.text.N))
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
func (d *Decoder) decodeLine(b *batch.Batch, ln []byte) (kind, reason string) {
	if isBlank(ln) {
		return blankLine, ""
	}
	mark := len(d.text.Data)
	if d.strict != nil && !d.strict.Parse(ln) {
		d.text.Rollback(mark)
		dup, reason := d.strict.Reason(d.col)
		if dup {
			return batch.BadDuplicateKey, reason
		}
		return batch.BadJSON, reason
	}
	if d.spans {
		return d.decodeParsed(b, ln, mark)
	}
	v, err := d.p.ParseBytes(ln)
	if err != nil {
		return batch.BadJSON, "invalid JSON: " + shortJSONError(err)
	}
	if v.Type() != fastjson.TypeObject {
		return batch.BadNotObject, fmt.Sprintf("not a JSON object: the line is a JSON %s", chatjson.JSONKind(v.MarshalTo(d.scratch[:0])))
	}
	d.v = v
	return d.decodeFields(b, mark)
}

// decodeParsed is decodeLine after a successful parse of line ln by
// d.strict (Parse of the line, or ParseLine of the rest of the chunk);
// mark is the length of the text column before the line.
func (d *Decoder) decodeParsed(b *batch.Batch, ln []byte, mark int) (kind, reason string) {
	if k := chatjson.JSONKind(ln[strictjson.SkipSpace(ln, 0):]); k != "object" {
		d.text.Rollback(mark)
		return batch.BadNotObject, "not a JSON object: the line is a JSON " + k
	}
	return d.decodeFields(b, mark)
}

// decodeFields is decodeLine once the line is known to be a JSON object:
// its fields to the columns. A bad record keeps the object's id
// (badID), so that the report names it as it names rows.
func (d *Decoder) decodeFields(b *batch.Batch, mark int) (kind, reason string) {
	if kind, reason = d.decodeObject(b, mark); kind != "" {
		d.badID = d.recordID()
	}
	return kind, reason
}

// decodeObject is decodeFields but for the bad record's id.
func (d *Decoder) decodeObject(b *batch.Batch, mark int) (kind, reason string) {
	shape, kind, reason := d.readText(b)
	if kind != "" {
		d.text.Rollback(mark)
		return kind, reason
	}

	// Label: a scalar; a number or boolean is kept as written.
	var labelKind batch.LabelKind = batch.LabelKind(batch.NumLabelKinds)
	var labelRaw []byte
	if d.labelPath != nil {
		labelRaw = d.raw(d.labelIdx, &d.scratch)
		switch k := chatjson.JSONKind(labelRaw); k {
		case "missing", "null":
		case "string":
			labelKind = batch.LabelString
		case "number":
			labelKind = batch.LabelNumber
		case "boolean":
			labelKind = batch.LabelBool
		default:
			d.text.Rollback(mark)
			return batch.BadLabelType, fmt.Sprintf("label field %q is %s, want a string, number or boolean", d.opts.Label, chatjson.WithArticle(k))
		}
	}
	// The id must be read before anything is committed, so that a bad id
	// leaves no half-written row.
	var idRaw []byte
	if d.idPath != nil {
		idRaw = d.raw(d.idIdx, &d.scratch2)
		switch k := chatjson.JSONKind(idRaw); k {
		case "missing", "null", "string", "number":
		default:
			d.text.Rollback(mark)
			return batch.BadIDType, fmt.Sprintf("id field %q is %s, want a string or number", d.opts.ID, chatjson.WithArticle(k))
		}
	}

	// Prompt and response, last, so that a bad one leaves nothing written.
	var hasP, hasR bool
	if d.promptIdx >= 0 || d.responseIdx >= 0 || shape != batch.ShapeText {
		var ok bool
		if hasP, hasR, ok = d.promptResponse(shape, &kind, &reason); !ok {
			d.text.Rollback(mark)
			return kind, reason
		}
	}

	d.text.Commit()
	b.Shapes[shape]++
	if hasP || hasR || d.prRows > 0 {
		d.commitPR(hasP, hasR)
	}
	if d.labelPath != nil {
		if labelKind == batch.LabelKind(batch.NumLabelKinds) {
			d.label.AppendNull()
		} else {
			appendScalar(&d.label, labelRaw)
			if b.LabelKinds[labelKind] == 0 {
				b.FirstLabel[labelKind] = d.text.N - 1
			}
			b.LabelKinds[labelKind]++
		}
	}
	if d.idPath != nil {
		if k := chatjson.JSONKind(idRaw); k == "missing" || k == "null" {
			d.id.AppendNull()
		} else {
			appendScalar(&d.id, idRaw)
		}
	}
	return "", ""
}

// appendScalar appends a raw JSON string (unescaped), number or boolean.
func appendScalar(c *batch.StrCol, raw []byte) {
	if raw[0] == '"' {
		c.Data = strictjson.AppendUnescaped(c.Data, raw[1:len(raw)-1])
	} else {
		c.Data = append(c.Data, raw...)
	}
	c.Commit()
}

// raw returns the raw JSON of the value at d.paths[i], or nil: a slice of
// the line from the strict parser, or fastjson's, appended to *buf.
func (d *Decoder) raw(i int, buf *[]byte) []byte {
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
func (d *Decoder) appendArray(raw []byte, sep bool) (n int, ok bool) {
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
			d.text.Data = append(d.text.Data, '\n')
		}
		if e.Type() == fastjson.TypeString {
			d.text.Data = append(d.text.Data, e.GetStringBytes()...)
		} else {
			d.text.Data = e.MarshalTo(d.text.Data)
		}
		n++
	}
	return n, true
}
