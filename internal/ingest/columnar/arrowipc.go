package columnar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"

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
// unreadable_input record at the row where reading stopped.

var magicArrow = []byte("ARROW1")

// ArrowSource is an Arrow input whose schema was read and whose columns
// were resolved before any worker starts.
type ArrowSource struct {
	pq *Source // idx, in, text, label and id, as for Parquet
}

// openArrow opens the IPC stream of an Arrow input: r reads it, counter
// counts the file's bytes read.
func openArrow(in source.Input, opts *batch.Options) (rd *ipc.Reader, f source.File, counter *source.CountingReader, err error) {
	f, err = in.Open()
	if err != nil {
		return nil, nil, nil, err
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	off := int64(0)
	if n == 8 && strings.HasPrefix(string(head), string(magicArrow)) {
		off = 8 // an IPC file: a stream follows its magic
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	counter = &source.CountingReader{R: f, N: off}
	defer func() {
		if v := recover(); v != nil {
			f.Close()
			rd, f, err = nil, nil, fmt.Errorf("arrow-go panicked: %s", panicReason(v))
		}
	}()
	rd, err = ipc.NewReader(counter, ipc.WithAllocator(opts.Allocator()))
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	return rd, f, counter, nil
}

// PrepareArrow reads the schema of an Arrow input and resolves the
// columns opts names. A missing or mistyped column is a usage error; an
// input that is not Arrow IPC is unreadable.
func PrepareArrow(idx int, in source.Input, opts *batch.Options) (*ArrowSource, error) {
	rd, f, _, err := openArrow(in, opts)
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
	rd, f, counter, oerr := openArrow(in, opts)
	if oerr != nil {
		return stop(oerr)
	}
	defer f.Close()
	defer rd.Release()
	pr := &Reader{opts: opts}
	var last int64
	var panicked error
	next := func() (ok bool) {
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
		func() {
			defer func() {
				if v := recover(); v != nil {
					berr = fmt.Errorf("arrow-go panicked: %s", panicReason(v))
				}
			}()
			b, berr = pr.batch(src.pq, rec, row)
		}()
		if berr != nil {
			return stop(berr)
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
