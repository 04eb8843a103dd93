package columnar

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/source"
)

// RowGroupBytes returns the compressed bytes of each row group of the
// Parquet file in, as its footer says, for a plan that cuts the file into
// ranges of row groups (batch.Span.RowGroups). It opens the footer as
// PrepareParquet does and fails where PrepareParquet would find the file
// unreadable, so that a plan never cuts a file that a run reports as one
// unreadable input: such a file stays whole, read by one shard.
//
// A failure to read the file's bytes (rather than a footer that is not
// valid) is an ErrRead: it may not recur, and a plan that read the
// footer in one process and not in another would read the file twice.
func RowGroupBytes(in source.Input) (sizes []int64, err error) {
	var f *readsFile
	defer func() {
		if v := recover(); v != nil {
			sizes, err = nil, fmt.Errorf("%s: read Parquet footer: %s", in.Path, panicReason(v))
		}
		if err != nil && f != nil && f.err != nil {
			err = fmt.Errorf("%w: %s: %w", ErrRead, in.Path, f.err)
		}
	}()
	of, err := in.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRead, err)
	}
	defer of.Close()
	f = &readsFile{File: of}
	if err := checkParquetMagic(f, in.Size); err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	opts := &batch.Options{}
	rdr, err := openFooter(f, opts, nil)
	if rp := (*readerPanic)(nil); errors.As(err, &rp) {
		if md, _ := patchedFooter(f, in.Size); md != nil {
			rdr, err = openFooter(f, opts, md)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: read Parquet footer: %w", in.Path, err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: maxBatchRows}, opts.Allocator())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	if _, err := fr.Schema(); err != nil {
		return nil, fmt.Errorf("%s: arrow schema: %w", in.Path, err)
	}
	md := rdr.MetaData()
	sizes = make([]int64, md.NumRowGroups())
	for rg := range sizes {
		rgm := md.RowGroup(rg)
		if rows := rgm.NumRows(); rows < 0 {
			return nil, fmt.Errorf("%s: read Parquet footer: row group %d has %d rows", in.Path, rg, rows)
		}
		sizes[rg] = groupBytes(rgm)
	}
	return sizes, nil
}

// groupBytes is the compressed size of a row group's column chunks (0
// for those whose metadata cannot be read: the run reports them).
func groupBytes(rgm *metadata.RowGroupMetaData) int64 {
	var n int64
	for c := range rgm.NumColumns() {
		if cc, err := rgm.ColumnChunk(c); err == nil {
			n += max(cc.TotalCompressedSize(), 0)
		}
	}
	return n
}

// Groups returns the row groups [lo, hi) of the source a run with span
// sp reads: all of them, or the span's (batch.Span.RowGroups), the last
// span of a file (End the footer's count) also taking the entry of the
// rows that no row group holds.
func (src *Source) Groups(sp *batch.Span) (lo, hi int) {
	n := len(src.rgRows)
	if sp == nil || !sp.RowGroups {
		return 0, n
	}
	lo, hi = int(min(sp.Start, int64(n))), int(min(sp.End, int64(n)))
	if sp.End >= int64(src.groups) {
		hi = n
	}
	return lo, hi
}

// wanted returns the rows of row group rg that opts.Only names (file
// rows, sorted), and whether Only names rows of this file at all (see
// batch.Options.Only).
func (src *Source) wanted(opts *batch.Options, rg int) (rows []int64, filter bool) {
	only, filter := opts.Wanted(src.idx)
	if !filter {
		return nil, false
	}
	start, end := src.rgStart[rg], src.rgStart[rg]+src.rgRows[rg]
	lo := sort.Search(len(only), func(k int) bool { return only[k] >= start })
	hi := sort.Search(len(only), func(k int) bool { return only[k] >= end })
	return only[lo:max(lo, hi)], true
}

// Skips says whether row group rg holds no row that opts.Only names, so
// that it need not be read at all.
func (src *Source) Skips(opts *batch.Options, rg int) bool {
	rows, filter := src.wanted(opts, rg)
	return filter && len(rows) == 0
}

// ErrRead is what RowGroupBytes returns when the file's bytes could not
// be read.
var ErrRead = errors.New("cannot read the file")

// readsFile keeps the first failure of its File's reads that is not the
// end of the file.
type readsFile struct {
	source.File
	err error
}

func (f *readsFile) ReadAt(p []byte, off int64) (int, error) {
	n, err := f.File.ReadAt(p, off)
	if err != nil && !errors.Is(err, io.EOF) && f.err == nil {
		f.err = err
	}
	return n, err
}
