package textread

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// CSV and TSV files (.csv, .tsv, also .gz and .zst) have a header row that
// names the columns: --text, --label and --id name columns (several --text
// columns are joined with a newline, as JSONL fields are). Quoting is RFC
// 4180's, as encoding/csv reads it without LazyQuotes: a field that starts
// with '"' is quoted, may hold the separator, newlines and "" (a quote);
// a quote anywhere else is bad_quoting in CSV (in TSV, where many writers
// do not quote at all, it is the character), and so is a quoted field followed
// by anything but the separator or the end of the line (the record then
// ends at the end of that line; or at the end of the line the field's
// opening quote is on, when the field is never closed or the fault is on
// a later line: a stray quote then costs its own line, not the rows up to
// the next quote or the end of the file). A record whose number of fields is not
// the header's is wrong_field_count. An empty unquoted text field is null
// (null_text), as DuckDB and pandas read it; a quoted "" is an empty text.
// Blank lines are skipped. A header holding a bare carriage return
// (lines that end in CR alone: old Mac line ends) makes the file an
// unreadable input that says so, rather than one header line and no rows. A record's position is the line it starts on;
// its number (1-based, the header not counted) is in the reason of a bad
// record.
//
// The producer cuts chunks at record boundaries with the same scanner the
// decoders read fields with (scanCSVRecord), so the two always agree.

// The kinds of bad CSV and TSV records.
const (
	BadFieldCount = "wrong_field_count" // a record with more or fewer fields than the header
	BadQuoting    = "bad_quoting"       // a quote where RFC 4180 allows none
)

// csvLayout is what a CSV file's header says: the separator, the number
// of columns and where the text, label and id are.
type csvLayout struct {
	sep     byte
	columns int
	text    []int // column index of each --text
	label   int   // -1 without --label
	id      int   // -1 without --id
}

// csvChunk is the CSV part of a chunk: whole records, the line the first
// starts on and its record number.
type csvChunk struct {
	layout      *csvLayout
	firstLine   int64
	firstRecord int64
}

// span is one field of a record: data[start:end], quoted or not.
type span struct {
	start, end int
	quoted     bool
}

// scanCSVRecord reads the record that starts at data[p]: it returns where
// the next record starts, and, if fields is not nil, appends the record's
// fields to it. final says that data ends where the input ends; otherwise
// a record that data does not hold whole gives ok false. A record with
// bad quoting ends at the end of the line where the fault is, or at the
// end of the line its field's opening quote is on when the field never
// ends properly (strayQuote); why says what it is. far is how far the
// record's bytes were looked at to find its end (len(data) when ok is
// false): the chunker holds it to --max-line-bytes.
func scanCSVRecord(data []byte, p int, sep byte, final bool, fields *[]span) (next, far int, why string, ok bool) {
	n := len(data)
	for {
		if p < n && data[p] == '"' {
			start := p + 1
			q := start
			for {
				i := bytes.IndexByte(data[q:], '"')
				if i < 0 {
					if !final {
						return 0, n, "", false
					}
					// Never closed: the quote opened no field of several
					// lines, so the record ends with the quote's line.
					next, _, why, ok := endOfLine(data, start, final, strayQuote)
					return next, n, why, ok
				}
				q += i + 1
				if q == n {
					if !final {
						return 0, n, "", false
					}
					addSpan(fields, start, q-1, true)
					return n, n, "", true
				}
				switch c := data[q]; {
				case c == '"':
					q++
					continue
				case c == sep:
					addSpan(fields, start, q-1, true)
					p = q + 1
				case c == '\n':
					addSpan(fields, start, q-1, true)
					return q + 1, q + 1, "", true
				case c == '\r' && q+1 < n && data[q+1] == '\n':
					addSpan(fields, start, q-1, true)
					return q + 2, q + 2, "", true
				case c == '\r' && q+1 == n && !final:
					return 0, n, "", false
				default:
					if nl := bytes.IndexByte(data[start:q], '\n'); nl >= 0 {
						// Closed on a later line, wrongly: a stray quote,
						// not a field of several lines; the lines after
						// the quote's are records of their own. The same
						// reason as a quote never closed: a chunk that
						// ends before this closing quote reads it so.
						return start + nl + 1, q + 1, strayQuote, true
					}
					return endOfLine(data, q, final, fmt.Sprintf("%q after the closing quote of a field", c))
				}
				break
			}
			continue
		}
		// An unquoted field: up to the separator or the end of the line.
		for q := p; ; q++ {
			if q == n {
				if !final {
					return 0, n, "", false
				}
				addSpan(fields, p, q, false)
				return n, n, "", true
			}
			switch data[q] {
			case sep:
				addSpan(fields, p, q, false)
				p = q + 1
			case '\n':
				e := q
				if e > p && data[e-1] == '\r' {
					e--
				}
				addSpan(fields, p, e, false)
				return q + 1, q + 1, "", true
			case '"':
				if sep == '\t' {
					continue // TSV: a quote inside a field is the character
				}
				return endOfLine(data, q, final, "a quote inside a field that does not start with one")
			default:
				continue
			}
			break
		}
	}
}

// strayQuote is the reason of a record whose quoted field, opened on its
// first line, never ends properly: no closing quote, or one on a later
// line followed by neither the separator nor the end of a line.
const strayQuote = "a quoted field opened on this line never ends properly (no closing quote, or one followed by neither a separator nor the end of a line): a stray quote; the next line is read as a new record"

// endOfLine ends a record with bad quoting at the end of the line of
// data[q]; far is where it ends (len(data) when ok is false).
func endOfLine(data []byte, q int, final bool, why string) (next, far int, _ string, ok bool) {
	i := bytes.IndexByte(data[q:], '\n')
	if i < 0 {
		if !final {
			return 0, len(data), "", false
		}
		return len(data), len(data), why, true
	}
	return q + i + 1, q + i + 1, why, true
}

func addSpan(fields *[]span, start, end int, quoted bool) {
	if fields != nil {
		*fields = append(*fields, span{start, end, quoted})
	}
}

// isBlankRecord reports whether the record at data[p] is an empty line.
func isBlankRecord(data []byte, p int) bool {
	return p < len(data) && (data[p] == '\n' || (data[p] == '\r' && p+1 < len(data) && data[p+1] == '\n'))
}

// appendField appends a field's value, with "" of a quoted field read as ".
func appendField(dst, data []byte, f span) []byte {
	v := data[f.start:f.end]
	if !f.quoted {
		return append(dst, v...)
	}
	for {
		i := bytes.Index(v, []byte(`""`))
		if i < 0 {
			return append(dst, v...)
		}
		dst = append(dst, v[:i+1]...)
		v = v[i+2:]
	}
}

// csvSep is the separator of a CSV or TSV input.
func csvSep(in source.Input) byte {
	if in.Format == source.TSV {
		return '\t'
	}
	return ','
}

// csvHeader reads the header record at the start of data: the column
// names, and where the records start. ok is false when data does not hold
// it whole and more may come.
func csvHeader(data []byte, sep byte, final bool) (names []string, next, far int, why string, ok bool) {
	p := 0
	if bytes.HasPrefix(data, bom) {
		p = len(bom)
	}
	var fields []span
	next, far, why, ok = scanCSVRecord(data, p, sep, final, &fields)
	if !ok || why != "" {
		return nil, next, far, why, ok
	}
	for _, f := range fields {
		if !f.quoted && bytes.IndexByte(data[f.start:f.end], '\r') >= 0 {
			// Lines that end in a bare CR are one header line here; the
			// file would read as no rows.
			return nil, next, far, "its lines end in a bare carriage return (old Mac line ends), which CSV and TSV records are not split on: convert them to \\n (tr '\\r' '\\n')", true
		}
		names = append(names, string(appendField(nil, data, f)))
	}
	return names, next, far, "", true
}

// layoutFor finds the columns opts names in a header, or says which are
// missing.
func layoutFor(names []string, sep byte, opts *batch.Options) (*csvLayout, error) {
	l := &csvLayout{sep: sep, columns: len(names), label: -1, id: -1}
	// A column named twice is ambiguous: which one was meant is not
	// known, and reading the first would leave the other out unsaid.
	var twice []string
	idx := func(name string) int {
		i := slices.Index(names, name)
		if i >= 0 {
			if j := slices.Index(names[i+1:], name); j >= 0 {
				twice = append(twice, fmt.Sprintf("column %q is in the header twice (columns %d and %d)", name, i+1, i+j+2))
			}
		}
		return i
	}
	var missing []string
	for _, t := range opts.Text {
		i := idx(t)
		if i < 0 {
			missing = append(missing, fmt.Sprintf("%q", t))
		}
		l.text = append(l.text, i)
	}
	if opts.Label != "" {
		if l.label = idx(opts.Label); l.label < 0 {
			missing = append(missing, fmt.Sprintf("%q", opts.Label))
		}
	}
	if opts.ID != "" {
		if l.id = idx(opts.ID); l.id < 0 {
			missing = append(missing, fmt.Sprintf("%q", opts.ID))
		}
	}
	if len(missing) > 0 {
		hint := ""
		if enc, _ := fileEncoding([]byte(strings.Join(names, string(sep)))); enc != "" {
			hint = fmt.Sprintf("; the file is %s, not UTF-8: convert it with iconv -f %s -t UTF-8", enc, enc)
		}
		return nil, fmt.Errorf("no column %s in the header; the columns are: %s%s", strings.Join(missing, ", "), strings.Join(names, ", "), hint)
	}
	if len(twice) > 0 {
		return nil, fmt.Errorf("%s: rename one", strings.Join(twice, "; "))
	}
	return l, nil
}

// probeCSV reads the header of a CSV or TSV input from r and fails if it
// does not have the columns opts names.
func probeCSV(r io.Reader, in source.Input, opts *batch.Options) error {
	data, err := io.ReadAll(io.LimitReader(r, probeBytes))
	if err != nil && len(data) == 0 {
		return nil // the scan reports it where it happens
	}
	names, _, _, why, ok := csvHeader(data, csvSep(in), len(data) < probeBytes)
	if !ok || why != "" || len(names) == 0 || len(names) == 1 && names[0] == "" {
		return nil // no header within the probe (or an empty file): the scan reports it
	}
	if _, err := layoutFor(names, csvSep(in), opts); err != nil {
		return fmt.Errorf("%s: %w", in.Path, err)
	}
	return nil
}

// csvChunker cuts a CSV or TSV input into chunks of whole records, after
// reading its header.
type csvChunker struct {
	r       io.Reader
	counter *source.CountingReader
	file    int
	path    string
	sep     byte
	size    int
	maxLine int
	pool    *Pool
	opts    *batch.Options

	layout  *csvLayout
	line    int64 // the line of carry[0]
	record  int64 // the number of the next record
	carry   []byte
	eof     bool
	done    bool
	err     error
	lastCnt int64
}

func newCSVChunker(r io.Reader, counter *source.CountingReader, idx int, in source.Input, opts *batch.Options, pool *Pool) *csvChunker {
	return &csvChunker{r: r, counter: counter, file: idx, path: in.Path, sep: csvSep(in), size: opts.ChunkSize(),
		maxLine: opts.MaxLine(), pool: pool, opts: opts, line: 1, record: 1}
}

// fill reads into buf up to target bytes, or the end of the input.
func (c *csvChunker) fill(buf []byte, target int) []byte {
	return fill(c.r, buf, target, c.path, &c.eof, &c.err)
}

// next returns the next chunk, or nil at the end of the input.
func (c *csvChunker) next() (*Chunk, error) {
	if c.done {
		err := c.err
		c.err = nil
		return nil, err
	}
	bp := c.pool.get()
	buf := append((*bp)[:0], c.carry...)
	c.carry = c.carry[:0]
	give := func(ch *Chunk, err error) (*Chunk, error) {
		if ch == nil {
			*bp = buf
			c.pool.put(bp)
		}
		return ch, err
	}
	badAt := func(kind, why string) *Chunk {
		c.done = true
		return &Chunk{file: c.file, firstLine: -1, csv: &csvChunk{}, bad: []batch.BadRecord{{Pos: batch.Pos{File: c.file, N: c.line, Line: true}, Kind: kind, Reason: why}}}
	}
	if c.layout == nil {
		var names []string
		var next int
		for {
			buf = c.fill(buf, max(c.size, 2*len(buf)))
			var why string
			var ok bool
			var far int
			names, next, far, why, ok = csvHeader(buf, c.sep, c.eof)
			if far > c.maxLine {
				// Whether its end is in this buffer or not: the same
				// whatever the chunk size.
				return give(badAt(batch.BadUnreadableInput, fmt.Sprintf("the header row is over %d bytes (--max-line-bytes)", c.maxLine)), nil)
			}
			if ok && why != "" {
				return give(badAt(batch.BadUnreadableInput, "the header row cannot be read: "+why), nil)
			}
			if ok {
				break
			}
		}
		if len(names) == 0 || (len(names) == 1 && names[0] == "") {
			c.done = true
			return give(nil, c.err) // an empty file
		}
		l, err := layoutFor(names, c.sep, c.opts)
		if err != nil {
			return give(badAt(batch.BadUnreadableInput, err.Error()), nil)
		}
		c.layout = l
		c.line += int64(bytes.Count(buf[:next], []byte{'\n'}))
		buf = append(buf[:0], buf[next:]...)
	}
	for {
		buf = c.fill(buf, growTarget(len(buf), c.size, c.maxLine))
		// Find the end of the last whole record. A record whose end is
		// not found within maxLine bytes is left for skipLong, alone.
		end, records, long := 0, int64(0), false
		for end < len(buf) {
			if isBlankRecord(buf, end) {
				end = end + 1 + bytes.IndexByte(buf[end:], '\n')
				continue
			}
			next, far, _, ok := scanCSVRecord(buf, end, c.sep, c.eof, nil)
			if far-end > c.maxLine {
				long = true
				break
			}
			if !ok {
				break
			}
			end = next
			records++
		}
		if long && end == 0 {
			return c.skipLong(bp, buf), nil
		}
		if end == 0 && !c.eof {
			continue // one record longer than the buffer: read more
		}
		c.carry = append(c.carry, buf[end:]...)
		buf = buf[:end]
		if c.eof && len(c.carry) == 0 {
			c.done = true
		}
		if len(buf) == 0 && c.counter.N == c.lastCnt {
			if c.done {
				return give(nil, c.err)
			}
			continue
		}
		ch := &Chunk{file: c.file, firstLine: -1, data: buf, csv: &csvChunk{layout: c.layout, firstLine: c.line, firstRecord: c.record}}
		*bp = buf
		ch.buf = bp
		c.line += int64(bytes.Count(buf, []byte{'\n'}))
		c.record += records
		cnt := c.counter.N
		ch.bytes = cnt - c.lastCnt
		c.lastCnt = cnt
		return ch, nil
	}
}

// skipLong makes a chunk of the line_too_long record at the start of buf,
// whose end was not found within maxLine bytes: its first line, read to
// its end however long, is skipped, and reading goes on at the next line.
// Only the first line: where such a record would end is not known without
// reading on without bound (a quote never closed runs to the end of the
// input), and a record cut wherever the buffer happened to end would make
// the report depend on the chunk size. Before, such a record stopped the
// reading of the file ("the rest is not read") when the chunk size was
// under it, and was read whole when the chunk size was over it.
func (c *csvChunker) skipLong(bp *[]byte, buf []byte) *Chunk {
	i := bytes.IndexByte(buf, '\n')
	for i < 0 && !c.eof {
		buf = c.fill(buf[:0], c.size)
		i = bytes.IndexByte(buf, '\n')
	}
	bad := batch.BadRecord{Pos: batch.Pos{File: c.file, N: c.line, Line: true}, Kind: batch.BadLongLine, Rows: 1,
		Reason: fmt.Sprintf("record %d: its end is not within the limit of %d bytes (--max-line-bytes); its first line is skipped, the next read as a new record", c.record, c.maxLine)}
	cut := len(buf)
	if i >= 0 {
		cut = i + 1
		c.line++
	}
	c.record++
	c.carry = append(c.carry, buf[cut:]...)
	if c.eof && len(c.carry) == 0 {
		c.done = true
	}
	ch := &Chunk{file: c.file, firstLine: -1, data: buf[:0], bad: []batch.BadRecord{bad}, csv: &csvChunk{layout: c.layout, firstLine: c.line, firstRecord: c.record}}
	*bp = buf[:0]
	ch.buf = bp
	cnt := c.counter.N
	ch.bytes = cnt - c.lastCnt
	c.lastCnt = cnt
	return ch
}

// decodeCSV decodes a chunk of CSV records into a batch.
func (d *Decoder) decodeCSV(ch *Chunk) *batch.Batch {
	b := d.begin(ch.file, len(ch.data))
	l := ch.csv.layout
	if l == nil {
		return d.finish(b)
	}
	data := ch.data
	line, rec := ch.csv.firstLine, ch.csv.firstRecord
	bad := func(kind string, ln, rec int64, why string) {
		b.Bad = append(b.Bad, batch.BadRecord{Pos: batch.Pos{File: ch.file, N: ln, Line: true}, Kind: kind, Rows: 1, Reason: fmt.Sprintf("record %d: %s", rec, why)})
	}
	for p := 0; p < len(data); {
		if isBlankRecord(data, p) {
			p += 1 + bytes.IndexByte(data[p:], '\n')
			line++
			b.Blank++
			continue
		}
		d.fields = d.fields[:0]
		next, _, why, _ := scanCSVRecord(data, p, l.sep, true, &d.fields)
		ln := line
		line += int64(bytes.Count(data[p:next], []byte{'\n'}))
		p = next
		r := rec
		rec++
		if why != "" {
			bad(BadQuoting, ln, r, why)
			continue
		}
		if len(d.fields) != l.columns {
			bad(BadFieldCount, ln, r, fmt.Sprintf("%d fields, the header has %d", len(d.fields), l.columns))
			continue
		}
		mark := len(d.text.Data)
		found := 0
		for _, c := range l.text {
			f := d.fields[c]
			if f.start == f.end && !f.quoted {
				continue // null
			}
			if found > 0 {
				d.text.Data = append(d.text.Data, '\n')
			}
			d.text.Data = appendField(d.text.Data, data, f)
			found++
		}
		if found == 0 {
			d.text.Rollback(mark)
			if len(l.text) == 1 {
				bad(batch.BadNullText, ln, r, fmt.Sprintf("text column %q is empty", d.opts.Text[0]))
			} else {
				bad(batch.BadNullText, ln, r, fmt.Sprintf("text columns %s are all empty", strings.Join(d.opts.Text, ", ")))
			}
			if f := d.fields[max(l.id, 0)]; l.id >= 0 && (f.start != f.end || f.quoted) {
				b.Bad[len(b.Bad)-1].ID = string(appendField(nil, data, f)) // named by its id, as rows are
			}
			continue
		}
		d.text.Commit()
		if l.label >= 0 {
			if f := d.fields[l.label]; f.start == f.end && !f.quoted {
				d.label.AppendNull()
			} else {
				d.label.Data = appendField(d.label.Data, data, f)
				d.label.Commit()
				if b.LabelKinds[batch.LabelString] == 0 {
					b.FirstLabel[batch.LabelString] = d.text.N - 1
				}
				b.LabelKinds[batch.LabelString]++
			}
		}
		if l.id >= 0 {
			if f := d.fields[l.id]; f.start == f.end && !f.quoted {
				d.id.AppendNull()
			} else {
				d.id.Data = appendField(d.id.Data, data, f)
				d.id.Commit()
			}
		}
		b.Lines = append(b.Lines, ln)
	}
	return d.finish(b)
}
