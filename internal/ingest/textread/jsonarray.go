package textread

import (
	"bytes"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// A .json file (or a stream) whose first byte other than white space is
// '[' is one JSON array, read element by element: arrayChunker cuts it into
// chunks of whole elements without holding more than a chunk (and one
// element, up to --max-line-bytes) in memory, and each element's bytes go
// through the decoding of a JSONL line (Decoder.decodeLine), so that
// every field path and shape a JSONL record may have works in an array
// too. A record's position is its element's 0-based index in the array
// (batch.Batch.Elems), not a line: an array written on one line has all
// its elements on line 1.
//
// The cut only follows strings and brackets: an element that breaks the
// bracket structure (a missing '}') takes the elements after it into
// itself, up to the next ',' at depth 0, and is reported as invalid JSON.

// elem is one element of an array chunk: data[start:end] and its 0-based
// index in the array.
type elem struct {
	start, end int
	index      int64
}

// The places an arrayChunker can be at between elements.
const (
	arrBefore = iota // before the '['
	arrValue         // after '[' or ',': an element or ']'
	arrEnd           // after the ']'
	arrIgnore        // after something that is not an array, or data after its end
)

// arrayChunker cuts a JSON array into chunks of whole elements of about
// size bytes. An element over maxLine bytes is a line_too_long record and
// is not kept in memory.
type arrayChunker struct {
	r       io.Reader
	counter *source.CountingReader
	file    int
	size    int
	maxLine int
	pool    *Pool
	path    string

	index int64  // index of the next element
	phase int    // at the first byte of carry
	comma bool   // the last separator was a ',' (a ']' next is a trailing comma)
	carry []byte // an element not yet complete
	eof   bool
	final bool  // the chunk with the end of the input was made
	err   error // a read error, returned once the data before it is out

	lastCnt int64
	began   bool // a byte other than white space was seen (a BOM may come before)
}

func newArrayChunker(r io.Reader, counter *source.CountingReader, file int, path string, opts *batch.Options, pool *Pool) *arrayChunker {
	return &arrayChunker{r: r, counter: counter, file: file, path: path, size: opts.ChunkSize(), maxLine: opts.MaxLine(), pool: pool}
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// next returns the next chunk, or nil at the end of the input.
func (c *arrayChunker) next() (*Chunk, error) {
	if c.final {
		err := c.err
		c.err = nil
		return nil, err
	}
	bp := c.pool.get()
	buf := append((*bp)[:0], c.carry...)
	c.carry = c.carry[:0]
	var (
		elems    []elem
		bad      []batch.BadRecord
		i        int // scan position
		inElem   bool
		inStr    bool
		depth    int
		start    int  // of the element being read
		comma0   bool // c.comma when the element started
		skipping bool // the element is over maxLine: its bytes are dropped
		skipped  int64
		more     bool // the bytes from bomAt on need more to be read
		bomAt    int
	)
	// A record's position is its element (see batch.Batch.Elems); the
	// unreadable rest of the input's, the element where reading stopped.
	addBad := func(kind string, rows int64, reason string) {
		bad = append(bad, batch.BadRecord{Pos: batch.Pos{File: c.file, N: c.index}, Kind: kind, Rows: rows, Reason: reason})
	}
	endElem := func(e int) {
		inElem = false
		if !skipping && e-start > c.maxLine {
			skipping = true // found whole in the buffer: held to the same limit
		}
		if skipping {
			n := skipped + int64(e-start)
			bad = append(bad, batch.BadRecord{Pos: batch.Pos{File: c.file, N: c.index}, Kind: batch.BadLongLine, Rows: 1,
				Reason: fmt.Sprintf("element %d is %d bytes, over the limit of %d (--max-line-bytes); skipped", c.index, n, c.maxLine)})
			skipping, skipped = false, 0
		} else {
			for e > start && isJSONSpace(buf[e-1]) {
				e--
			}
			elems = append(elems, elem{start: start, end: e, index: c.index})
		}
		c.index++
	}
	for {
		if more {
			i, more = bomAt, false
		}
		for i < len(buf) {
			ch := buf[i]
			if inElem {
				if inStr {
					i, inStr = skipArrayString(buf, i)
					continue
				}
				switch ch {
				case '"':
					inStr = true
				case '{', '[':
					depth++
				case '}':
					if depth > 0 {
						depth--
					}
				case ']':
					if depth == 0 {
						endElem(i)
						c.phase = arrEnd
					} else {
						depth--
					}
				case ',':
					if depth == 0 {
						endElem(i)
						c.phase, c.comma = arrValue, true
					}
				}
				i++
				continue
			}
			if isJSONSpace(ch) {
				i++
				continue
			}
			switch c.phase {
			case arrBefore:
				if !c.began && !c.eof && len(buf)-i < len(bom) && bytes.HasPrefix(bom, buf[i:]) {
					more, bomAt = true, i // a BOM cut by the chunk size: read on
					i = len(buf)
					continue
				}
				if !c.began && bytes.HasPrefix(buf[i:], bom) {
					i += len(bom)
					c.began = true
					continue
				}
				c.began = true
				if ch != '[' {
					addBad(batch.BadUnreadableInput, 0, fmt.Sprintf("not a JSON array: the first byte is %q, want '['", ch))
					c.phase = arrIgnore
					continue
				}
				c.phase, c.comma = arrValue, false
				i++
			case arrValue:
				switch ch {
				case ']':
					if c.comma {
						addBad(batch.BadJSON, 1, fmt.Sprintf("element %d is empty: a ',' before the ']' that ends the array", c.index))
						c.index++
					}
					c.phase = arrEnd
					i++
				case ',':
					addBad(batch.BadJSON, 1, fmt.Sprintf("element %d is empty: two ',' in a row", c.index))
					c.index++
					c.comma = true
					i++
				default:
					inElem, inStr, depth, start, comma0 = true, false, 0, i, c.comma
					c.comma = false
				}
			case arrEnd:
				addBad(batch.BadUnreadableInput, 0, "data after the ']' that ends the JSON array; not read")
				c.phase = arrIgnore
			case arrIgnore:
				i = len(buf)
			}
		}
		if inElem && !skipping && len(buf)-start > c.maxLine {
			skipping = true
		}
		if skipping {
			// Drop the element's bytes scanned so far.
			over := i - len(buf) // an escaped byte not read yet
			skipped += int64(len(buf) - start)
			buf = buf[:start]
			i = start + over
		}
		if c.eof {
			break
		}
		if len(buf) >= c.size && !skipping && !more {
			if !inElem {
				break
			}
			if len(elems) > 0 || len(bad) > 0 {
				// The element is read again, whole, in the next chunk.
				c.carry = append(c.carry, buf[start:]...)
				buf = buf[:start]
				c.phase, c.comma = arrValue, comma0
				inElem = false
				break
			}
		}
		// Read more: at least a chunk, and geometrically more for a long
		// element (see chunker.next).
		// Always something: an element being skipped keeps the buffer at
		// its start, which may be past both bounds.
		target := max(growTarget(len(buf), c.size, c.maxLine), len(buf)+max(c.size/2, 1))
		buf = fill(c.r, buf, target, c.path, &c.eof, &c.err)
	}
	if c.eof {
		c.final = true
		if inElem {
			if skipping {
				endElem(len(buf))
			} else {
				// A torn last element: the strict parser says where it ends.
				elems = append(elems, elem{start: start, end: len(buf), index: c.index})
				c.index++
			}
		}
		if c.err == nil && (c.phase == arrValue || inElem) {
			addBad(batch.BadUnreadableInput, 0, fmt.Sprintf("the JSON array is cut short: no ']' after element %d", c.index-1))
		}
	}
	if len(elems) == 0 && len(bad) == 0 && c.counter.N == c.lastCnt && c.err == nil {
		*bp = buf
		c.pool.put(bp)
		if c.final {
			return nil, nil
		}
		return c.next()
	}
	ch := &Chunk{file: c.file, firstLine: -1, data: buf, bad: bad, elems: elems, array: true}
	*bp = buf
	ch.buf = bp
	cnt := c.counter.N
	ch.bytes = cnt - c.lastCnt
	c.lastCnt = cnt
	return ch, nil
}

// skipArrayString scans a JSON string from buf[i], inside it, and returns where
// scanning goes on: after its closing quote (in false), or at the end of
// buf (in true), or one past the end when buf ends with a backslash whose
// escaped byte is still to be read. Each byte is looked at once whatever
// the escapes (finding the quote anew after each escape made mail text,
// an escape every few dozen bytes, quadratic in the length of a string).
func skipArrayString(buf []byte, i int) (next int, in bool) {
	for {
		q := bytes.IndexByte(buf[i:], '"')
		end := len(buf)
		if q >= 0 {
			end = i + q
		}
		// Skip the escapes before end; one may escape the byte at end.
		k := i
		for {
			s := bytes.IndexByte(buf[k:end], '\\')
			if s < 0 {
				break
			}
			k += s + 2
			if k > end {
				break
			}
		}
		switch {
		case k > end && q >= 0:
			i = end + 1 // an escaped quote: the string goes on
		case q < 0:
			return max(k, end), true
		default:
			return end + 1, false
		}
	}
}

// decodeElems decodes the elements of an array chunk as decode does lines.
func (d *Decoder) decodeElems(file int, data []byte, elems []elem) *batch.Batch {
	b := d.begin(file, len(data))
	b.Lines, b.Elems = nil, make([]int64, 0, len(elems)) // positions are elements
	for _, e := range elems {
		d.col = 0
		turnMark := len(b.Turns)
		if kind, reason := d.decodeLine(b, data[e.start:e.end]); kind != "" {
			b.Turns = b.Turns[:turnMark]
			b.Bad = append(b.Bad, batch.BadRecord{Pos: batch.Pos{File: file, N: e.index}, Kind: kind, Rows: 1,
				Reason: fmt.Sprintf("element %d: %s", e.index, reason), ID: d.takeBadID()})
		} else {
			b.Elems = append(b.Elems, e.index)
		}
	}
	return d.finish(b)
}
