package textread

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// Chunk is a piece of one text input for a decoder: whole lines of a
// JSONL file, whole elements of a JSON array or whole CSV records; or, with
// no data, only bad records (see BadChunk).
type Chunk struct {
	file      int
	firstLine int64
	data      []byte
	buf       *[]byte // the pooled buffer data lives in; back to the pool after decoding
	bytes     int64   // input bytes read for this chunk (compressed, for .gz/.zst)
	start     int64   // offset of data in the bytes the chunker read (of a JSONL chunk)
	bad       []batch.BadRecord
	// A JSON array's chunk (array true) is elements, not lines.
	elems []elem
	array bool
	// A CSV or TSV chunk (csv not nil) is whole records.
	csv *csvChunk
	// marks are where lines start inside a JSONL chunk, about every
	// MarkBytes after its start (Marks).
	marks []batch.Mark
	// enc is the encoding of a JSONL file in UTF-16 or UTF-32
	// (fileEncoding), said once in the first chunk's bad records, so
	// no line's record repeats it.
	enc string
}

// MarkBytes is about how far apart the places Chunk.Marks gives are: a
// later read of a few lines (the excerpts' of findings, through
// batch.Marks) reads about this much for each, instead of a whole chunk.
const MarkBytes = 16 << 10

// Marks returns where lines start inside a JSONL chunk (after Start),
// about every MarkBytes, when its chunker was asked for them
// (NewChunker's marks).
func (c *Chunk) Marks() []batch.Mark { return c.marks }

// Start returns where a JSONL chunk starts: the offset of its first byte
// in the bytes its chunker's counter counted (of an uncompressed input,
// in the file) and the number of its first line. A later read of the
// input may begin there (batch.Span, batch.Marks).
func (c *Chunk) Start() batch.Mark { return batch.Mark{Off: c.start, Line: c.firstLine} }

// Pool recycles chunk buffers. It is a channel rather than a sync.Pool
// so that the number of buffers, and with it memory, stays bounded: the
// chunker blocks when every buffer is in flight.
//
// A buffer is made when it is first taken (get), not with the pool: the
// channel starts with n places holding nil. ingest.Run makes a pool for
// every read, and a read of Parquet files only took none of its five
// 512 KiB buffers; made at once, they counted 2.5 MB towards the
// collector's first goals (session 20). The benchmark Parquet's default
// audit, six alternated rounds 3 s apart, load under 2: CPU 1.072 s
// (1.05-1.12) before, 1.060 (1.04-1.10) after; peak RSS 191.1 and 187.4
// MB; faults 42,326 and 41,393 (the JSONL's the same: 0.963 and 0.962).
type Pool struct {
	free chan *[]byte
	size int
}

func newBufPool(n, size int) *Pool {
	p := &Pool{free: make(chan *[]byte, n), size: size}
	for range n {
		p.free <- nil // made by get
	}
	return p
}

// get takes a buffer, waiting while every one is in flight, and makes it
// the first time its place is taken.
func (p *Pool) get() *[]byte {
	bp := <-p.free
	if bp == nil {
		b := make([]byte, 0, p.size)
		bp = &b
	}
	return bp
}

// put returns a buffer. One grown far past the chunk size by a long line is
// dropped for a new one, so a single 100 MB line does not pin 100 MB for the
// rest of the run.
func (p *Pool) put(b *[]byte) {
	if cap(*b) > 4*p.size {
		nb := make([]byte, 0, p.size)
		b = &nb
	}
	*b = (*b)[:0]
	p.free <- b
}

// chunker cuts a stream into chunks of whole lines of about size bytes. A
// line longer than the chunk is kept whole (the buffer grows), up to
// maxLine bytes; a longer one is reported as a bad record and skipped
// without being held in memory.
type chunker struct {
	r       io.Reader
	counter *source.CountingReader
	file    int
	path    string
	size    int
	maxLine int
	pool    *Pool

	marks   bool   // give each chunk its Marks
	line    int64  // number of the next line
	carry   []byte // start of a line not yet complete
	eof     bool
	err     error // a read error, returned once the data before it is out
	lastCnt int64
	sniffed bool               // the file's first bytes were looked at (fileEncoding)
	enc     string             // the file's encoding when UTF-16 or UTF-32
	comp    source.Compression // the file's, for the file_encoding advice
}

// next returns the next chunk, or nil at the end of the stream.
func (c *chunker) next() (*Chunk, error) {
	if c.eof && len(c.carry) == 0 {
		err := c.err
		c.err = nil
		return nil, err
	}
	bp := c.pool.get()
	buf := append((*bp)[:0], c.carry...)
	c.carry = c.carry[:0]
	var bad []batch.BadRecord
	for {
		// Fill the buffer (see growTarget) and hand over what was read (a torn last line is then reported as
		// bad JSON); the next call returns a read error.
		buf = fill(c.r, buf, growTarget(len(buf), c.size, c.maxLine), c.path, &c.eof, &c.err)
		if !c.sniffed {
			// The file's first bytes, unless a later read starts past
			// them (batch.Options.FirstLine).
			c.sniffed = true
			if c.line == 1 {
				if enc, how := fileEncoding(buf); enc != "" {
					c.enc = enc
					bad = append(bad, fileEncodingRecord(c.file, enc, how, c.comp))
				}
			}
		}
		if c.eof {
			break
		}
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			c.carry = append(c.carry, buf[i+1:]...)
			buf = buf[:i+1]
			break
		}
		// No newline yet: one line fills the whole buffer.
		if len(buf) > c.maxLine {
			skipped, err := c.skipLine()
			if err != nil {
				*bp = buf
				c.pool.put(bp)
				return nil, err
			}
			bad = append(bad, batch.BadRecord{
				Pos:    batch.Pos{File: c.file, N: c.line, Line: true},
				Kind:   batch.BadLongLine,
				Rows:   1,
				Reason: fmt.Sprintf("line is %d bytes, over the limit of %d (--max-line-bytes); skipped", int64(len(buf))+skipped, c.maxLine) + c.hint(buf),
			})
			c.line++
			buf = append(buf[:0], c.carry...)
			c.carry = c.carry[:0]
			if c.eof && len(buf) == 0 {
				break
			}
		}
	}
	if len(buf) == 0 && len(bad) == 0 && c.counter.N == c.lastCnt && c.err == nil {
		// The input ended on a chunk boundary (or is empty) and every
		// byte read is already accounted for: no empty batch.
		*bp = buf
		c.pool.put(bp)
		return nil, nil
	}
	// The chunk ends where the carry, the start of the next line, begins.
	start := c.counter.N - int64(len(c.carry)) - int64(len(buf))
	ch := &Chunk{file: c.file, firstLine: c.line, data: buf, bad: bad, start: start, enc: c.enc}
	*bp = buf
	ch.buf = bp
	if c.marks {
		ch.marks = c.markLines(buf, start)
	} else {
		c.line += int64(bytes.Count(buf, []byte{'\n'}))
	}
	cnt := c.counter.N
	ch.bytes = cnt - c.lastCnt
	c.lastCnt = cnt
	return ch, nil
}

// hint is encodingHint(ln), or "" when the file's encoding was said
// once at its start.
func (c *chunker) hint(ln []byte) string {
	if c.enc != "" {
		return ""
	}
	return encodingHint(ln)
}

// markLines counts the lines of buf, a chunk's whole lines starting at
// offset start, into c.line, and returns where a line starts about every
// MarkBytes: the count is done piece by piece, so it costs no more.
func (c *chunker) markLines(buf []byte, start int64) []batch.Mark {
	var marks []batch.Mark
	from := 0
	for at := MarkBytes; at < len(buf); at = from + MarkBytes {
		j := bytes.IndexByte(buf[at:], '\n')
		if j < 0 || at+j+1 >= len(buf) {
			break
		}
		cut := at + j + 1
		c.line += int64(bytes.Count(buf[from:cut], []byte{'\n'}))
		from = cut
		marks = append(marks, batch.Mark{Off: start + int64(cut), Line: c.line})
	}
	c.line += int64(bytes.Count(buf[from:], []byte{'\n'}))
	return marks
}

// skipLine discards the rest of the current line and returns how many bytes
// it discarded.
func (c *chunker) skipLine() (int64, error) {
	var n int64
	scratch := make([]byte, 64<<10)
	for {
		m, err := c.r.Read(scratch)
		if i := bytes.IndexByte(scratch[:m], '\n'); i >= 0 {
			n += int64(i)
			c.carry = append(c.carry[:0], scratch[i+1:m]...)
			return n, nil
		}
		n += int64(m)
		if errors.Is(err, io.EOF) {
			c.eof = true
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: line %d: %w", c.path, c.line, err)
		}
	}
}

// growTarget is how many bytes a chunk buffer holding n should be filled
// to: at least size, and for a record longer than that geometrically
// more, so that the record costs O(len) reads and scans rather than
// O(len²/size), never far past maxLine, and by at least a byte, so that a
// size of 1 makes progress.
func growTarget(n, size, maxLine int) int {
	return max(size, min(n+max(size/2, n/2, 1), maxLine+1))
}

// fill reads from r into buf until it holds target bytes or the input
// ends, growing buf to twice target when it is too small. At the end of
// the input it sets *eof; on a read error too, keeping the error, with
// path, in *errp for the caller to return once it has handed over what
// was read.
func fill(r io.Reader, buf []byte, target int, path string, eof *bool, errp *error) []byte {
	for !*eof && len(buf) < target {
		if cap(buf) < target {
			nb := make([]byte, len(buf), 2*target)
			copy(nb, buf)
			buf = nb
		}
		n, err := r.Read(buf[len(buf):target])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			*eof = true
		} else if err != nil {
			*eof = true
			*errp = fmt.Errorf("%s: reading stopped: %w", path, err)
		}
	}
	return buf
}
