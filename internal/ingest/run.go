package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/valyala/fastjson"
	"golang.org/x/sync/errgroup"

	"github.com/dataaudit/dataaudit/internal/recycle"
	"github.com/dataaudit/dataaudit/internal/source"
)

// Options says what to read from the inputs and how.
type Options struct {
	// Text names the text field(s); a dotted path reaches into nested JSON
	// objects or Parquet structs. Several fields are joined with a newline.
	Text []string
	// Label and ID name optional label and id fields.
	Label, ID string
	// TextArrays accepts a JSON array of strings and numbers as a text
	// field, its elements joined with a newline (eval sets' lists of
	// choices); without it an array is a bad record. JSONL only.
	TextArrays bool
	// Workers is the number of decoding and analysing goroutines; 0 means
	// one per CPU.
	Workers int
	// BatchRows is the Parquet batch size in rows (0: about 1 MiB of the columns read, 64 to 8192 rows).
	BatchRows int
	// ChunkBytes is the size of the JSONL chunks handed to workers (0: 512 KiB).
	ChunkBytes int
	// MaxLineBytes is the longest JSONL line kept (0: 256 MiB); a longer one
	// is a bad record.
	MaxLineBytes int
	// LenientJSON reads JSONL as before strict reading: numbers such as 01
	// or NaN, unknown escapes and raw control characters in strings are
	// accepted, and of a key given twice one copy is read. By default a
	// line must be RFC 8259 JSON (an invalid_json bad record otherwise) and
	// a duplicated key is a duplicate_key bad record.
	LenientJSON bool
	// MaxPageBytes is the largest Parquet page, compressed or not, that is
	// read (0: DefaultMaxPageBytes); the rows of a larger page are
	// unreadable_rows. A lower limit bounds the memory a corrupt page
	// header can ask for.
	MaxPageBytes int64
	// Mem allocates Parquet buffers (nil: a recycle.NewPool for the run).
	Mem memory.Allocator
	// Progress, if set, is called with input bytes done, from any worker.
	Progress func(bytes int64)
	// Spool keeps a copy of every stream among the inputs (standard input,
	// a pipe, a FIFO) in a temporary file as it is read, so that a later
	// Run, OpenJSONL or Input.Open can read it again; Close removes the
	// copies. A Parquet stream is always copied whole before it is read:
	// Parquet needs random access.
	Spool bool
	// Notify, if set, is told what the user should know that is not a
	// finding: a stream being copied to a temporary file.
	Notify func(msg string)

	// DetectShape reads a record without the text field (Text is the
	// default, "text") by its shape: a list of turns under messages or
	// conversations, or an instruction, input and output triple (see
	// Shape). A text field holding a list of turns is read as turns
	// whatever DetectShape.
	DetectShape bool
	// Roles keeps only the turns of these roles in the text of chat
	// records (nil: all). The prompt and response columns hold every role.
	Roles []Role
	// Prompt and Response name flat prompt and response fields; they
	// override those taken from turns or instruction triples.
	Prompt, Response string
}

// roleMask has the bits of the roles kept.
func (o *Options) roleMask() uint8 {
	if len(o.Roles) == 0 {
		return 1<<NumRoles - 1
	}
	var m uint8
	for _, r := range o.Roles {
		m |= 1 << r
	}
	return m
}

// wholeTurns says whether Batch.WholeTurns holds for chat rows.
func (o *Options) wholeTurns() bool {
	return len(o.Roles) == 0 && o.Prompt == "" && o.Response == ""
}

// roleWords names the kept roles for a reason: "" for all, "user " for one.
func (o *Options) roleWords() string {
	if len(o.Roles) == 0 {
		return ""
	}
	names := make([]string, len(o.Roles))
	for i, r := range o.Roles {
		names[i] = r.String()
	}
	return strings.Join(names, " or ") + " "
}

func (o *Options) mem() memory.Allocator {
	if o.Mem == nil {
		o.Mem = recycle.NewPool()
	}
	return o.Mem
}

func (o *Options) chunkBytes() int {
	if o.ChunkBytes <= 0 {
		return 512 << 10
	}
	return o.ChunkBytes
}

func (o *Options) maxLine() int {
	if o.MaxLineBytes <= 0 {
		return 256 << 20
	}
	return o.MaxLineBytes
}

// NumWorkers returns the number of workers Run will use.
func (o *Options) NumWorkers() int {
	if o.Workers <= 0 {
		return runtime.NumCPU()
	}
	return o.Workers
}

// unit is one piece of work: a JSONL chunk or a Parquet row group.
type unit struct {
	ch *chunk
	pq *pqSource
	rg int
	b  *Batch // an Arrow input's, made by the producer
}

// Run reads the inputs with opts.NumWorkers() decoding goroutines and calls
// fn with every batch from one of opts.NumWorkers() analysing goroutines;
// worker is that goroutine's index, so fn can keep per-worker state without
// locks. Batches
// reach fn in no particular order. fn owns the batch and must Release its
// Record. The first error from fn, the inputs or ctx stops the run.
//
// Before any worker starts, Run checks every input: Parquet footers and
// columns, and, for JSONL, that the first records have the named fields
// (a misspelt --text is an error, not a million bad records).
func Run(ctx context.Context, inputs []Input, opts Options, fn func(worker int, b *Batch) error) error {
	if len(opts.Text) == 0 {
		return errors.New("no text field given")
	}
	opts.mem() // one allocator for every worker, set before they start
	pqs := make([]*pqSource, len(inputs))
	arrows := make([]*arrowSource, len(inputs))
	skip := make([]error, len(inputs)) // inputs that cannot be read at all
	var ue *unreadableError
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := in.Err(); err != nil {
			skip[i] = unreadable(err)
			continue
		}
		if s := in.Stream(); s != nil && !s.Kept() {
			if s.Consumed() {
				return in.ErrStreamGone()
			}
			if opts.Spool || in.Format == Parquet || in.Format == Arrow {
				if opts.Notify != nil {
					opts.Notify(source.SpoolNote(in))
				}
				if err := s.SpoolTo(); err != nil {
					return err
				}
			}
			if in.Format.Text() {
				err := probeStream(ctx, in, &opts)
				if errors.As(err, &ue) {
					skip[i] = err
				} else if err != nil {
					return err
				}
				continue
			}
			if err := s.SpoolAll(ctx); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if err := s.SpoolErr(); err != nil {
					return err
				}
				skip[i] = unreadable(fmt.Errorf("%s: %w", in.Path, err))
				continue
			}
		}
		var err error
		if s := in.Stream(); s != nil && (in.Format == Parquet || in.Format == Arrow) {
			in.Size = s.Live() // the copy's size
		}
		switch in.Format {
		case Parquet:
			pqs[i], err = prepareParquet(i, in, &opts)
		case Arrow:
			arrows[i], err = prepareArrow(i, in, &opts)
		default:
			err = probeJSONL(in, &opts)
		}
		if errors.As(err, &ue) {
			skip[i] = err
		} else if err != nil {
			return err
		}
	}

	nw := opts.NumWorkers()
	g, ctx := errgroup.WithContext(ctx)
	units := make(chan unit, nw)
	// Two buffers per worker: one being decoded, one being filled.
	pool := newBufPool(2*nw+1, opts.chunkBytes())

	g.Go(func() error {
		defer close(units)
		send := func(u unit) error {
			select {
			case units <- u:
				return nil
			case <-ctx.Done():
				if u.ch != nil && u.ch.buf != nil {
					pool.put(u.ch.buf)
				}
				if u.b != nil {
					u.b.Record.Release()
				}
				return ctx.Err()
			}
		}
		for i, in := range inputs {
			if skip[i] != nil {
				if err := send(unreadableUnit(i, in, 0, skip[i])); err != nil {
					return err
				}
				continue
			}
			if src := arrows[i]; src != nil {
				if err := readArrow(ctx, src, &opts, send); err != nil {
					return err
				}
				continue
			}
			if src := pqs[i]; src != nil {
				for rg := range src.rgRows {
					if err := send(unit{pq: src, rg: rg}); err != nil {
						return err
					}
				}
				continue
			}
			chunk := chunkFile
			if s := in.Stream(); s != nil && !s.Kept() {
				chunk = chunkStream
			}
			if err := chunk(ctx, i, in, &opts, pool, send); err != nil {
				if !errors.As(err, &ue) {
					return err
				}
			}
		}
		return nil
	})

	// Decoding and analysis are separate stages, so that the batches of one
	// large Parquet row group (DuckDB writes 122,880 rows per group) are
	// analysed by every worker, not only by the one that decodes it.
	batches := make(chan *Batch, nw)
	emit := func(b *Batch) error {
		select {
		case batches <- b:
			return nil
		case <-ctx.Done():
			b.Record.Release()
			return ctx.Err()
		}
	}
	var decoding sync.WaitGroup
	for range nw {
		decoding.Add(1)
		g.Go(func() error {
			defer decoding.Done()
			dec := newJSONDecoder(&opts)
			pr := &pqReader{opts: &opts}
			defer pr.close()
			for u := range units {
				if err := ctx.Err(); err != nil {
					if u.ch != nil && u.ch.buf != nil {
						pool.put(u.ch.buf)
					}
					if u.b != nil {
						u.b.Record.Release()
					}
					continue // drain, so the producer never blocks
				}
				if u.b != nil {
					if err := emit(u.b); err != nil {
						return err
					}
					continue
				}
				if u.ch != nil {
					var b *Batch
					switch {
					case u.ch.array:
						b = dec.decodeElems(u.ch.file, u.ch.data, u.ch.elems)
					case u.ch.csv != nil:
						b = dec.decodeCSV(u.ch)
					default:
						b = dec.decode(u.ch.file, u.ch.data, u.ch.firstLine, u.ch.firstLine == 1)
					}
					if len(u.ch.bad) > 0 {
						b.Bad = append(u.ch.bad, b.Bad...)
						if !u.ch.bad[0].Pos.Line {
							b.Lines = nil // a Parquet input's: positions are rows
						}
						if u.ch.array || u.ch.csv != nil {
							sort.SliceStable(b.Bad, func(i, j int) bool { return b.Bad[i].Pos.N < b.Bad[j].Pos.N })
						}
					}
					b.Bytes = u.ch.bytes
					if u.ch.buf != nil {
						pool.put(u.ch.buf)
					}
					if err := emit(b); err != nil {
						return err
					}
					continue
				}
				if err := pr.readRowGroup(ctx, u.pq, u.rg, emit); err != nil {
					return err
				}
			}
			return ctx.Err()
		})
	}
	g.Go(func() error {
		decoding.Wait()
		defer close(batches)
		// A Parquet file's row groups are read by several decoders: it has
		// been read once they are all done.
		var dec *jsonDecoder
		for i, src := range pqs {
			if (src == nil && arrows[i] == nil) || inputs[i].IsStream() || ctx.Err() != nil {
				continue
			}
			st, err := os.Stat(inputs[i].Path)
			if err != nil {
				continue // gone: what was read was read from the file opened
			}
			if u, ok := changedUnit(i, inputs[i], 0, st); ok {
				if dec == nil {
					dec = newJSONDecoder(&opts)
				}
				b := dec.decode(i, nil, -1, false)
				b.Bad, b.Lines = u.ch.bad, nil // rows, not lines
				if err := emit(b); err != nil {
					return err
				}
			}
		}
		return nil
	})
	for w := range nw {
		g.Go(func() error {
			for b := range batches {
				if ctx.Err() != nil {
					b.Record.Release()
					continue // drain, so no decoder blocks
				}
				bytes := b.Bytes
				if err := fn(w, b); err != nil {
					return err
				}
				if opts.Progress != nil && bytes > 0 {
					opts.Progress(bytes)
				}
			}
			return ctx.Err()
		})
	}
	err := g.Wait()
	// After an error from fn, batches may still be queued with no worker
	// left to take them (with one worker, always); by now the channel is
	// closed, so this ends.
	for b := range batches {
		b.Record.Release()
	}
	return err
}

// unreadableUnit is a unit without data that reports an input, or the rest
// of one from line (JSONL, 1-based; 0 for the whole file), as unreadable.
func unreadableUnit(idx int, in Input, line int64, err error) unit {
	return unit{ch: &chunk{file: idx, firstLine: -1, bad: []BadRecord{{
		Pos:    Pos{File: idx, N: line, Line: in.Format.Text()},
		Kind:   BadUnreadableInput,
		Reason: err.Error(),
	}}}}
}

// chunkFile cuts one JSONL file into chunks and sends them. A read error
// (a .gz cut short, say) ends the file with an unreadable_input record at
// the line where reading stopped; the run goes on with the next input. A
// file whose size or modification time is not at the end what it was when
// Expand found it is an input_changed record at the line where reading
// ended: what was read may be a mix of two versions, or a part of one.
func chunkFile(ctx context.Context, idx int, in Input, opts *Options, pool *bufPool, send func(unit) error) error {
	f, err := in.Open()
	if err != nil {
		return send(unreadableUnit(idx, in, 0, err))
	}
	defer f.Close()
	counter := &source.CountingReader{R: f}
	r, closer, err := source.Decompress(in, counter)
	if err != nil {
		return send(unreadableUnit(idx, in, 0, err))
	}
	if closer != nil {
		defer closer.Close()
	}
	line, err := chunkReader(ctx, idx, in, opts, pool, send, r, counter)
	if err != nil || in.IsStream() {
		return err // a stream's copy is this run's own
	}
	if st, err := f.Stat(); err == nil {
		if u, ok := changedUnit(idx, in, line, st); ok {
			return send(u)
		}
	}
	return nil
}

// chunkStream is chunkFile for a stream, read once, here.
func chunkStream(ctx context.Context, idx int, in Input, opts *Options, pool *bufPool, send func(unit) error) error {
	s := in.Stream()
	s.MarkConsumed()
	counter := &source.CountingReader{R: s.Reader(ctx)}
	r, closer, err := source.Decompress(in, counter)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return send(unreadableUnit(idx, in, 0, err))
	}
	if closer != nil {
		defer closer.Close()
	}
	if _, err := chunkReader(ctx, idx, in, opts, pool, send, r, counter); err != nil {
		return err
	}
	if err := s.SpoolErr(); err != nil {
		return err // the copy a later pass needs is not whole
	}
	return ctx.Err()
}

// chunkReader cuts the decompressed stream r of an input into chunks and
// sends them; it returns the number of the line after the last one read.
func chunkReader(ctx context.Context, idx int, in Input, opts *Options, pool *bufPool, send func(unit) error, r io.Reader, counter *source.CountingReader) (int64, error) {
	var c interface {
		next() (*chunk, error)
	}
	var lineOf func() int64
	switch in.Format {
	case JSONArray:
		ac := newArrayChunker(r, counter, idx, in.Path, opts, pool)
		c, lineOf = ac, func() int64 { return ac.line }
	case CSV, TSV:
		cc := newCSVChunker(r, counter, idx, in, opts, pool)
		c, lineOf = cc, func() int64 { return cc.line }
	default:
		lc := &chunker{r: r, counter: counter, file: idx, path: in.Path, size: opts.chunkBytes(), maxLine: opts.maxLine(), pool: pool, line: 1}
		c, lineOf = lc, func() int64 { return lc.line }
	}
	for {
		if err := ctx.Err(); err != nil {
			return lineOf(), err
		}
		ch, err := c.next()
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return lineOf(), cerr
			}
			return lineOf(), send(unreadableUnit(idx, in, lineOf(), err))
		}
		if ch == nil {
			return lineOf(), nil
		}
		if err := send(unit{ch: ch}); err != nil {
			return lineOf(), err
		}
	}
}

// changedUnit reports, as an input_changed record at position n, a file
// whose size or modification time st is not what Expand found.
func changedUnit(idx int, in Input, n int64, st os.FileInfo) (unit, bool) {
	if st.Size() == in.Size && st.ModTime().Equal(in.ModTime()) {
		return unit{}, false
	}
	// The position names the file.
	reason := fmt.Sprintf("modified while it was read (size %d bytes); its records may be a mix of two versions", in.Size)
	if st.Size() != in.Size {
		reason = fmt.Sprintf("changed while it was read: %d bytes at the start, %d at the end; its counts are of neither version", in.Size, st.Size())
	}
	return unit{ch: &chunk{file: idx, firstLine: -1, bad: []BadRecord{{
		Pos:    Pos{File: idx, N: n, Line: in.Format.Text()},
		Kind:   BadInputChanged,
		Reason: reason,
	}}}}, true
}

// probeLines and probeBytes bound what is read of each JSONL file up front.
const (
	probeLines = 1000
	probeBytes = 8 << 20
)

// probeJSONL reads the first lines of a JSONL file and fails if none of the
// objects among them has the text (or label, or id) field, naming the
// fields they do have. Files with no object in their first lines pass: their
// records are reported one by one.
func probeJSONL(in Input, opts *Options) error {
	r, err := source.OpenJSONL(in)
	if err != nil {
		return unreadable(err)
	}
	defer r.Close()
	return probeReader(r, in, opts)
}

// probeStream is probeJSONL for a stream: the bytes it reads are read
// again by the scan.
func probeStream(ctx context.Context, in Input, opts *Options) error {
	s := in.Stream()
	s.StartRecording()
	defer s.Rewind()
	// What the probe reads is held in memory until the scan reads it
	// again: a first line of 100 MB stops the probe, not the scan.
	r, closer, err := source.Decompress(in, io.LimitReader(s.Reader(ctx), probeBytes+1<<20))
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return unreadable(err)
	}
	if closer != nil {
		defer closer.Close()
	}
	if err := probeReader(r, in, opts); err != nil {
		return err
	}
	return ctx.Err()
}

// probeReader is probeJSONL's check, on the decompressed bytes r.
func probeReader(r io.Reader, in Input, opts *Options) error {
	switch in.Format {
	case CSV, TSV:
		return probeCSV(r, in, opts)
	case JSONArray:
		return probeArray(r, in, opts)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	pr := newProber(opts)
	read := 0
	for n := 0; n < probeLines && read < probeBytes; n++ {
		line, n, err := readProbeLine(br)
		read += n
		if len(line) > 0 {
			pr.add(line)
		}
		if err != nil {
			break // EOF, or an error the chunker reports where it happens
		}
	}
	return pr.result(in)
}

// probeArray is probeReader for a JSON array: its first elements.
func probeArray(r io.Reader, in Input, opts *Options) error {
	o := *opts
	o.MaxLineBytes = 1 << 20 // a longer element is not parsed during the probe
	o.ChunkBytes = 1 << 20
	pool := newBufPool(1, o.ChunkBytes)
	c := newArrayChunker(r, &source.CountingReader{R: r}, 0, in.Path, &o, pool)
	pr := newProber(opts)
	read, n := 0, 0
	for n < probeLines && read < probeBytes {
		ch, err := c.next()
		if ch == nil || err != nil {
			break
		}
		for _, e := range ch.elems {
			pr.add(ch.data[e.start:e.end])
			n++
		}
		read += len(ch.data)
		pool.put(ch.buf)
	}
	return pr.result(in)
}

// prober checks that the first records of an input have the fields named.
type prober struct {
	p       fastjson.Parser
	keys    map[string]bool
	has     map[string]bool
	want    []string // the fields asked for
	probe   []string // want, and with shape detection the shape fields
	opts    *Options
	objects int
}

func newProber(opts *Options) *prober {
	want := append([]string{}, opts.Text...)
	if opts.Label != "" {
		want = append(want, opts.Label)
	}
	if opts.ID != "" {
		want = append(want, opts.ID)
	}
	for _, f := range []string{opts.Prompt, opts.Response} {
		if f != "" {
			want = append(want, f)
		}
	}
	probe := want
	if opts.DetectShape {
		probe = append(append([]string{}, want...), shapeFields...)
	}
	return &prober{keys: map[string]bool{}, has: map[string]bool{}, want: want, probe: probe, opts: opts}
}

func (pr *prober) add(rec []byte) {
	if v, perr := pr.p.ParseBytes(rec); perr == nil && v.Type() == fastjson.TypeObject {
		pr.objects++
		v.GetObject().Visit(func(k []byte, _ *fastjson.Value) { pr.keys[string(k)] = true })
		for _, f := range pr.probe {
			if v.Exists(splitPath(f)...) {
				pr.has[f] = true
			}
		}
	}
}

// result fails if none of the objects seen has one of the fields wanted,
// naming the fields they do have. Inputs with no object pass: their
// records are reported one by one.
func (pr *prober) result(in Input) error {
	if pr.objects == 0 {
		return nil
	}
	if pr.opts.DetectShape {
		for _, f := range shapeFields {
			if pr.has[f] && f != "input" {
				pr.has[pr.opts.Text[0]] = true
			}
		}
	}
	var missing []string
	for _, f := range pr.want {
		if !pr.has[f] {
			missing = append(missing, fmt.Sprintf("%q", f))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	names := make([]string, 0, len(pr.keys))
	for k := range pr.keys {
		names = append(names, k)
	}
	sort.Strings(names)
	return fmt.Errorf("%s: no field %s in the first %d records; the records have: %s",
		in.Path, strings.Join(missing, ", "), pr.objects, strings.Join(names, ", "))
}

// readProbeLine reads one line and returns it, keeping at most 1 MiB of it
// (a longer one is not parsed during the probe), and how many bytes it
// consumed.
func readProbeLine(br *bufio.Reader) ([]byte, int, error) {
	var line []byte
	over := false
	n := 0
	for {
		frag, err := br.ReadSlice('\n')
		n += len(frag)
		if !over && len(line)+len(frag) <= 1<<20 {
			line = append(line, frag...)
		} else {
			over, line = true, nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return trimLine(line), n, err
	}
}

func trimLine(b []byte) []byte {
	b = trimBOM(b)
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// Probe runs Run's checks on inputs without reading them in full: the
// fields opts names are in the first records of every text input (JSONL, a
// JSON array, CSV, TSV), in the footer or schema of every Parquet or Arrow
// file. A stream's probed bytes stay to be read. It returns the first
// usage error (a missing or mistyped field); an input that cannot be read
// is left for Run to report. A Parquet or Arrow stream is not checked: it
// must be copied first.
func Probe(ctx context.Context, inputs []Input, opts Options) error {
	if len(opts.Text) == 0 {
		return errors.New("no text field given")
	}
	var ue *unreadableError
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if in.Err() != nil {
			continue
		}
		var err error
		switch s := in.Stream(); {
		case s != nil && !s.Kept():
			if !in.Format.Text() || s.Consumed() {
				continue
			}
			err = probeStream(ctx, in, &opts)
		case in.Format == Parquet:
			_, err = prepareParquet(i, in, &opts)
		case in.Format == Arrow:
			_, err = prepareArrow(i, in, &opts)
		default:
			err = probeJSONL(in, &opts)
		}
		if err != nil && !errors.As(err, &ue) {
			return err
		}
	}
	return nil
}
