package columnar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// Arrow IPC input (.arrow, what Hugging Face datasets writes): a stream
// (the format datasets uses) or a file, whose bytes after its 8-byte
// magic are a stream too, so one reader reads both. The producer reads the
// record batches in order and turns each into a Batch as a Parquet batch
// is (Reader.batch: a text column passed through without a copy, label
// and id rendered as strings); positions are 0-based rows. A stream is
// copied whole first, as a Parquet stream is. arrow-go's panics on a
// malformed file are recovered: the rest of the file is an
// unreadable_input record at the row where reading stopped. Nothing in
// the IPC format checks a record batch's buffers, and the text column
// goes to the analyses without a copy, so it is checked first (checkText):
// a batch whose text offsets a corrupt file broke is an unreadable_rows
// record for its rows, and the next batch is read.

var magicArrow = []byte("ARROW1")

// ArrowSource is an Arrow input whose schema was read and whose columns
// were resolved before any worker starts.
type ArrowSource struct {
	pq *Source // idx, in, text, label and id, as for Parquet
}

// openArrow opens the IPC stream of an Arrow input: r reads it, counter
// counts the file's bytes read.
func openArrow(in source.Input, opts *batch.Options) (rd *ipc.Reader, f source.File, counter *source.CountingReader, alloc *cappedAlloc, err error) {
	f, err = in.Open()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	off := int64(0)
	if n == 8 && strings.HasPrefix(string(head), string(magicArrow)) {
		off = 8 // an IPC file: a stream follows its magic
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, nil, nil, err
	}
	if st, err := f.Stat(); err == nil {
		if err := checkSchemaMessage(f, off, st.Size()); err != nil {
			f.Close()
			return nil, nil, nil, nil, err
		}
	}
	counter = &source.CountingReader{R: f, N: off}
	defer func() {
		if v := recover(); v != nil {
			f.Close()
			rd, f, err = nil, nil, fmt.Errorf("arrow-go panicked: %s", panicReason(v))
		}
	}()
	limit := int64(1 << 30)
	ropts := []ipc.Option{}
	alloc = &cappedAlloc{Allocator: opts.Allocator(), counter: counter}
	if st, err := f.Stat(); err == nil {
		limit = max(limit, 16*st.Size())
		alloc.size = st.Size()
		// A message's body is in the file: no larger than it.
		ropts = append(ropts, ipc.WithBodySizeLimit(max(st.Size(), 1)))
	}
	alloc.max = int(min(limit, math.MaxInt))
	rd, err = ipc.NewReader(counter, append(ropts, ipc.WithAllocator(alloc))...)
	if err != nil {
		f.Close()
		return nil, nil, nil, nil, err
	}
	return rd, f, counter, alloc, nil
}

// PrepareArrow reads the schema of an Arrow input and resolves the
// columns opts names. A missing or mistyped column is a usage error; an
// input that is not Arrow IPC is unreadable.
func PrepareArrow(idx int, in source.Input, opts *batch.Options) (*ArrowSource, error) {
	rd, f, _, _, err := openArrow(in, opts)
	if err != nil {
		return nil, batch.Unreadable(fmt.Errorf("%s: read Arrow IPC schema: %w", in.Path, err))
	}
	defer f.Close()
	defer rd.Release()
	sc := rd.Schema()
	src := &Source{idx: idx, in: in}
	need := func(flag, name string, ok func(arrow.DataType) bool, want string) ([]string, error) {
		path := strings.Split(name, ".")
		dt, err := fieldType(sc, path)
		if err != nil {
			names := make([]string, 0, sc.NumFields())
			for _, fl := range sc.Fields() {
				names = append(names, fl.Name)
			}
			return nil, fmt.Errorf("%s: no %s column %q (%v); the file has: %s", in.Path, flag, name, err, strings.Join(names, ", "))
		}
		if !ok(dt) {
			return nil, fmt.Errorf("%s: %s column %q has type %s, want %s", in.Path, flag, name, dt, want)
		}
		return path, nil
	}
	for _, t := range opts.Text {
		p, err := need("--text", t, batch.IsTextType, "a string column")
		if err != nil {
			return nil, err
		}
		src.text = append(src.text, p)
	}
	if opts.Label != "" {
		if src.label, err = need("--label", opts.Label, isScalarType, "a string, number or boolean column"); err != nil {
			return nil, err
		}
	}
	if opts.ID != "" {
		if src.id, err = need("--id", opts.ID, isScalarType, "a string or number column"); err != nil {
			return nil, err
		}
	}
	return &ArrowSource{pq: src}, nil
}

// ReadArrow reads the record batches of an Arrow input in order and sends
// each as a Batch to emit. A failure or a panic of the reader ends the
// input with an unreadable_input record, given to lost, at the row where
// reading stopped.
func ReadArrow(ctx context.Context, src *ArrowSource, opts *batch.Options, emit func(*batch.Batch) error, lost func(batch.BadRecord) error) (err error) {
	in, idx := src.pq.in, src.pq.idx
	var row int64
	stop := func(e error) error {
		return lost(batch.BadRecord{
			Pos: batch.Pos{File: idx, N: row}, Kind: batch.BadUnreadableInput,
			Reason: fmt.Sprintf("%s: reading stopped at row %d: %v", in.Path, row, e),
		})
	}
	rd, f, counter, alloc, oerr := openArrow(in, opts)
	if oerr != nil {
		return stop(oerr)
	}
	defer f.Close()
	defer rd.Release()
	pr := &Reader{opts: opts}
	var last int64
	var panicked error
	batches := 0
	next := func() (ok bool) {
		batches++
		alloc.begin(batches)
		defer alloc.end()
		defer func() {
			if v := recover(); v != nil {
				panicked = fmt.Errorf("arrow-go panicked: %s", panicReason(v))
				ok = false
			}
		}()
		return rd.Next()
	}
	for next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec := rd.RecordBatch()
		var b *batch.Batch
		var berr error
		var cerr error
		func() {
			defer func() {
				if v := recover(); v != nil {
					berr = fmt.Errorf("arrow-go panicked: %s", panicReason(v))
				}
			}()
			if cerr = checkText(rec, src.pq.text); cerr == nil {
				b, berr = pr.batch(src.pq, rec, row)
			}
		}()
		if berr != nil {
			return stop(berr)
		}
		if cerr != nil {
			n := rec.NumRows()
			b = &batch.Batch{File: idx, FirstRow: row, Record: emptyRecord(), Bad: []batch.BadRecord{{
				Pos: batch.Pos{File: idx, N: row}, Kind: batch.BadUnreadable, Rows: n,
				Reason: fmt.Sprintf("record batch of %d rows from row %d on cannot be read: %v", n, row, cerr),
			}}}
		}
		row += rec.NumRows()
		b.Bytes = counter.N - last
		last = counter.N
		if err := emit(b); err != nil {
			b.Record.Release()
			return err
		}
	}
	if panicked != nil {
		return stop(panicked)
	}
	if err := rd.Err(); err != nil && !errors.Is(err, io.EOF) {
		return stop(err)
	}
	return nil
}

// checkText checks the text columns (paths) of an IPC record batch the
// way a corrupt or hostile file can break them, which arrow-go does not
// (its readers trust the buffers; the first analysis to slice a value
// would panic): a validity bitmap shorter than the rows, offsets outside
// the data or going back, a dictionary index outside the dictionary, a
// view outside its buffers. Not whether the text is UTF-8: invalid text is
// kept and counted. O(rows); a panic on a buffer too short is the caller's
// to recover.
func checkText(rec arrow.RecordBatch, paths [][]string) error {
	for _, p := range paths {
		a, _ := leafArray(rec, p)
		if err := checkArray(a); err != nil {
			return fmt.Errorf("column %s: %w", strings.Join(p, "."), err)
		}
	}
	return nil
}

func checkArray(a arrow.Array) error {
	d := a.Data()
	off, n := d.Offset(), d.Len()
	if off < 0 || n < 0 {
		return fmt.Errorf("offset %d, length %d", off, n)
	}
	if bm := d.Buffers()[0]; bm != nil && d.NullN() != 0 && bm.Len()*8 < off+n {
		return fmt.Errorf("validity bitmap of %d bytes for %d rows", bm.Len(), off+n)
	}
	switch c := a.(type) {
	case *array.String, *array.Binary:
		return checkOffsets(arrow.Int32Traits.CastFromBytes(bufBytes(d, 1)), off, n, len(bufBytes(d, 2)))
	case *array.LargeString, *array.LargeBinary:
		return checkOffsets(arrow.Int64Traits.CastFromBytes(bufBytes(d, 1)), off, n, len(bufBytes(d, 2)))
	case *array.StringView:
		bv := array.NewBinaryViewData(c.Data())
		defer bv.Release()
		return bv.ValidateFull()
	case *array.BinaryView:
		return c.ValidateFull()
	case *array.Dictionary:
		if err := checkArray(c.Dictionary()); err != nil {
			return fmt.Errorf("dictionary: %w", err)
		}
		if err := checkArray(c.Indices()); err != nil {
			return fmt.Errorf("indices: %w", err)
		}
		if w := c.Indices().DataType().(arrow.FixedWidthDataType).BitWidth() / 8; len(bufBytes(c.Indices().Data(), 1)) < (off+n)*w {
			return fmt.Errorf("indices: %d bytes for %d rows", len(bufBytes(c.Indices().Data(), 1)), off+n)
		}
		size := c.Dictionary().Len()
		for i := range n {
			if c.IsValid(i) {
				if k := c.GetValueIndex(i); k < 0 || k >= size {
					return fmt.Errorf("row %d: dictionary index %d of %d values", i, k, size)
				}
			}
		}
	}
	return nil
}

// bufBytes returns the bytes of buffer i of d, nil when it has none.
func bufBytes(d arrow.ArrayData, i int) []byte {
	if bs := d.Buffers(); i < len(bs) && bs[i] != nil {
		return bs[i].Bytes()
	}
	return nil
}

// checkOffsets checks that the n+1 offsets of a binary column from off on
// stay within its data of size bytes and never go back.
func checkOffsets[T int32 | int64](offs []T, off, n, size int) error {
	if len(offs) < off+n+1 {
		return fmt.Errorf("%d offsets for %d rows", len(offs), off+n)
	}
	offs = offs[off : off+n+1]
	if offs[0] < 0 || int64(offs[n]) > int64(size) {
		return fmt.Errorf("offsets from %d to %d outside the data's %d bytes", offs[0], offs[n], size)
	}
	for i := range n {
		if offs[i+1] < offs[i] {
			return fmt.Errorf("row %d: offsets go back from %d to %d", i, offs[i], offs[i+1])
		}
	}
	return nil
}

// cappedAlloc refuses, by a panic its reader recovers, an allocation the
// file cannot justify: arrow-go allocates a message's body, and each
// compressed buffer's uncompressed size, as the file declares them,
// unchecked, and a few corrupt bytes declaring a terabyte killed the
// process out of memory (a fatal error, which no recover catches).
//
// Two bounds. Any allocation: at most max, 16 times the file's size and
// at least 1 GiB. While a record batch is read (begin, end: its messages,
// a dictionary batch's included), what it allocates in all: at most the
// file's size (its bodies are in the file; ipc.WithBodySizeLimit also
// says so) plus batchSlack plus maxInflate times the bytes read for it
// (decompressed buffers: LZ4's largest ratio is about 255; the slack is
// for zstd on buffers of one repeated byte, such as a validity bitmap).
// Before the second bound, each of a large corrupt file's batches could
// claim up to 16 times the file.
type cappedAlloc struct {
	memory.Allocator
	max int

	counter *source.CountingReader // the file's bytes read
	size    int64                  // the file's size (0: unknown, no batch bound)
	batch   int                    // the record batch being read, from 1; 0: none
	start   int64                  // counter.N when it began
	used    int64                  // bytes it allocated so far
}

const (
	maxInflate = 256
	batchSlack = 64 << 20
)

// begin starts the budget of record batch n (1-based); end ends it.
func (a *cappedAlloc) begin(n int) { a.batch, a.start, a.used = n, a.counter.N, 0 }
func (a *cappedAlloc) end()        { a.batch = 0 }

func (a *cappedAlloc) check(size int) {
	if size > a.max {
		panic(fmt.Sprintf("a buffer of %d bytes, over the %d the file's size allows", size, a.max))
	}
	if a.batch == 0 || a.size == 0 {
		return
	}
	a.used += int64(size)
	read := a.counter.N - a.start
	if allow := a.size + batchSlack + maxInflate*read; a.used > allow {
		panic(fmt.Sprintf("record batch %d: its buffers would take %d bytes, over the %d the file allows (its %d bytes, 64 MiB, and %d times the %d bytes read for the batch, more than any decompression inflates): the lengths the file declares are corrupt",
			a.batch, a.used, allow, a.size, maxInflate, read))
	}
}

func (a *cappedAlloc) Allocate(size int) []byte {
	a.check(size)
	return a.Allocator.Allocate(size)
}

func (a *cappedAlloc) Reallocate(size int, b []byte) []byte {
	a.check(size)
	return a.Allocator.Reallocate(size, b)
}
