package textread

import (
	"io"
	"sort"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// NewPool returns a pool of n chunk buffers of size bytes: the bound on
// the memory of the chunks in flight.
func NewPool(n, size int) *Pool { return newBufPool(n, size) }

// Release gives the buffer of a decoded (or dropped) chunk back to the
// pool.
func (p *Pool) Release(ch *Chunk) {
	if ch != nil && ch.buf != nil {
		p.put(ch.buf)
	}
}

// BadChunk is a chunk without data that carries bad records of file: an
// input, or the rest of one, that could not be read.
func BadChunk(file int, bad []batch.BadRecord) *Chunk {
	return &Chunk{file: file, firstLine: -1, bad: bad}
}

// A Chunker cuts one decompressed text input into chunks.
type Chunker struct {
	next  func() (*Chunk, error)
	line  func() int64
	lines *chunker // of JSONL, else nil
}

// MarkLines asks a JSONL chunker to give each chunk its Marks.
func (c *Chunker) MarkLines() {
	if c.lines != nil {
		c.lines.marks = true
	}
}

// Next returns the next chunk, or nil at the end of the input.
func (c *Chunker) Next() (*Chunk, error) { return c.next() }

// Line returns the number of the line after the last one read (of a JSON
// array, the index of the next element).
func (c *Chunker) Line() int64 { return c.line() }

// NewChunker returns the chunker of input idx's format (JSONL, a JSON
// array, CSV or TSV) over r, its decompressed bytes; counter counts the
// bytes as stored, for Batch.Bytes.
func NewChunker(r io.Reader, counter *source.CountingReader, idx int, in source.Input, opts *batch.Options, pool *Pool) *Chunker {
	switch in.Format {
	case source.JSONArray:
		ac := newArrayChunker(r, counter, idx, in.Path, opts, pool)
		return &Chunker{ac.next, func() int64 { return ac.index }, nil} // positions are elements
	case source.CSV, source.TSV:
		cc := newCSVChunker(r, counter, idx, in, opts, pool)
		return &Chunker{cc.next, func() int64 { return cc.line }, nil}
	}
	lc := &chunker{r: r, counter: counter, file: idx, path: in.Path, size: opts.ChunkSize(), maxLine: opts.MaxLine(), pool: pool, line: opts.FirstLine(), comp: in.Compression}
	return &Chunker{lc.next, func() int64 { return lc.line }, lc}
}

// NewDecoder returns a decoder of chunks; one per worker.
func NewDecoder(opts *batch.Options) *Decoder { return newJSONDecoder(opts) }

// DecodeLines decodes data, whole JSONL lines of input file whose first is
// line firstLine (1-based), into a Batch; bomAllowed says that data starts
// the file, where a byte-order mark may stand.
func (d *Decoder) DecodeLines(file int, data []byte, firstLine int64, bomAllowed bool) *batch.Batch {
	d.enc = ""
	return d.decode(file, data, firstLine, bomAllowed)
}

// Decode turns a chunk into a Batch, with the chunk's own bad records (a
// line too long, an unreadable rest of the input) in input order among the
// decoded ones. It does not release the chunk's buffer.
func (d *Decoder) Decode(ch *Chunk) *batch.Batch {
	var b *batch.Batch
	switch {
	case ch.array:
		b = d.decodeElems(ch.file, ch.data, ch.elems)
	case ch.csv != nil:
		b = d.decodeCSV(ch)
	default:
		d.enc = ch.enc
		b = d.decode(ch.file, ch.data, ch.firstLine, ch.firstLine == 1)
	}
	if len(ch.bad) > 0 {
		b.Bad = append(ch.bad, b.Bad...)
		if !ch.bad[0].Pos.Line {
			b.Lines = nil // a Parquet input's: positions are rows
		}
		if ch.array || ch.csv != nil {
			sort.SliceStable(b.Bad, func(i, j int) bool { return b.Bad[i].Pos.N < b.Bad[j].Pos.N })
		}
	}
	b.Bytes = ch.bytes
	return b
}

// Elements calls fn with the index and the bytes of each element of the
// JSON array r (decompressed), in order, until fn returns false or the
// array ends; an element over opts' line limit is not passed. It is for
// reading a few elements again (the excerpts of bad records), with one
// chunk in memory.
func Elements(r io.Reader, path string, opts *batch.Options, fn func(index int64, raw []byte) bool) error {
	pool := newBufPool(1, opts.ChunkSize())
	counter := &source.CountingReader{R: r}
	c := newArrayChunker(counter, counter, 0, path, opts, pool)
	for {
		ch, err := c.next()
		if ch == nil || err != nil {
			return err
		}
		for _, e := range ch.elems {
			if !fn(e.index, ch.data[e.start:e.end]) {
				return nil
			}
		}
		pool.Release(ch)
	}
}
