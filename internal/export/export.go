// Package export writes a corpus back out without some of its rows (the
// redundant copies found by --dedup), so that a finding can be acted on.
// JSONL inputs give JSONL out, every kept line copied byte for byte; Parquet
// inputs give Parquet out with the same Arrow schema, read and written in
// batches. Rows that were bad records are kept: they are not duplicates,
// and dropping them would lose data without saying so.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/outfile"
)

// Stats says what a write did.
type Stats struct {
	Kept, Dropped int64
}

// Exportable says why the inputs cannot be exported, or nil: only JSONL and
// Parquet inputs are copied row for row (a JSON array, CSV, TSV or Arrow
// input is not). Like Write's, its errors are said for the caller to put
// how the export was asked for first.
func Exportable(inputs []ingest.Input) error {
	for _, in := range inputs {
		if in.Format != ingest.JSONL && in.Format != ingest.Parquet {
			return fmt.Errorf("writes JSONL or Parquet inputs only; %s is %s", in.Path, in.Format)
		}
	}
	return nil
}

// Write writes the inputs to path without the rows in drop (sorted by
// position, as analysis.Result.Drop is). Its errors name path, but not
// how it was asked for: the caller puts that first. The inputs must all
// be JSONL or all Parquet; path's extension must match (.jsonl, .ndjson, optionally
// .gz or .zst; .parquet). The file is written to a temporary file beside
// path and renamed (package outfile), so a failed or cancelled write
// leaves the previous file, if any, and no half file. Write stops soon
// after ctx is cancelled and returns ctx's error.
func Write(ctx context.Context, path string, inputs []ingest.Input, drop []ingest.Pos) (Stats, error) {
	format := inputs[0].Format
	if err := Exportable(inputs); err != nil {
		return Stats{}, err
	}
	for _, in := range inputs[1:] {
		if in.Format != format {
			return Stats{}, errors.New("needs inputs of one format: JSONL and Parquet are mixed")
		}
	}
	lower := strings.ToLower(path)
	wantParquet := strings.HasSuffix(lower, ".parquet") || strings.HasSuffix(lower, ".pq")
	if wantParquet != (format == ingest.Parquet) {
		return Stats{}, fmt.Errorf("%s: the inputs are %s; write %s", path, format, map[bool]string{true: "a .parquet file", false: "a .jsonl file (.gz or .zst to compress)"}[format == ingest.Parquet])
	}
	f, err := outfile.Create(path)
	if err != nil {
		return Stats{}, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Abort()
	var st Stats
	if format == ingest.Parquet {
		// pqarrow's writer closes a writer that is an io.Closer: hide it.
		st, err = writeParquet(ctx, struct{ io.Writer }{f}, inputs, drop)
	} else {
		st, err = writeJSONL(ctx, f, lower, inputs, drop)
	}
	if err == nil {
		err = ctx.Err() // cancelled after the last check: keep nothing
	}
	if err == nil {
		err = f.Commit()
	}
	if err != nil {
		return Stats{}, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}

// dropper walks the sorted drop list alongside the input.
type dropper struct {
	drop []ingest.Pos
}

// has reports whether row (file, n) is dropped; calls must come in input
// order.
func (d *dropper) has(file int, n int64) bool {
	for len(d.drop) > 0 && (d.drop[0].File < file || d.drop[0].File == file && d.drop[0].N < n) {
		d.drop = d.drop[1:]
	}
	return len(d.drop) > 0 && d.drop[0].File == file && d.drop[0].N == n
}

// checkEvery is how many lines or batches the writers copy between two
// looks at the context.
const checkEvery = 4096

func writeJSONL(ctx context.Context, f io.Writer, lower string, inputs []ingest.Input, drop []ingest.Pos) (Stats, error) {
	var w io.Writer
	var closer io.Closer
	bw := bufio.NewWriterSize(f, 1<<20)
	w = bw
	switch {
	case strings.HasSuffix(lower, ".gz"):
		zw := gzip.NewWriter(bw)
		w, closer = zw, zw
	case strings.HasSuffix(lower, ".zst"):
		zw, err := zstd.NewWriter(bw)
		if err != nil {
			return Stats{}, err
		}
		w, closer = zw, zw
	}
	var st Stats
	d := &dropper{drop: drop}
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		if err := unchanged(in); err != nil {
			return st, err
		}
		r, err := ingest.OpenJSONL(in)
		if err != nil {
			return st, err
		}
		br := bufio.NewReaderSize(r, 1<<20)
		line := int64(1)
		atStart := true // at the start of a line
		skip := false
		for {
			frag, err := br.ReadSlice('\n')
			if len(frag) > 0 {
				if atStart {
					skip = d.has(i, line)
					if skip {
						st.Dropped++
					} else {
						st.Kept++
					}
				}
				if !skip {
					if _, werr := w.Write(frag); werr != nil {
						r.Close()
						return st, werr
					}
				}
				atStart = frag[len(frag)-1] == '\n'
				if atStart {
					line++
					if line%checkEvery == 0 {
						if err := ctx.Err(); err != nil {
							r.Close()
							return st, err
						}
					}
				}
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if err != nil {
				r.Close()
				if !errors.Is(err, io.EOF) {
					return st, fmt.Errorf("%s: line %d: %w", in.Path, line, err)
				}
				// A last line without a newline gets one, so the next
				// file's first line does not run into it.
				if !atStart && !skip {
					if _, werr := w.Write([]byte{'\n'}); werr != nil {
						return st, werr
					}
				}
				if err := unchanged(in); err != nil {
					return st, err // changed while it was copied
				}
				break
			}
		}
	}
	if closer != nil {
		if err := closer.Close(); err != nil {
			return st, err
		}
	}
	return st, bw.Flush()
}

func writeParquet(ctx context.Context, f io.Writer, inputs []ingest.Input, drop []ingest.Pos) (st Stats, err error) {
	// arrow-go panics on some malformed files (ingest recovers and reports
	// them): an error here, not a crash.
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("read Parquet input: the Parquet reader failed (arrow-go panicked): %v", v)
		}
	}()
	mem := memory.DefaultAllocator
	var fw *pqarrow.FileWriter
	var schema *arrow.Schema
	d := &dropper{drop: drop}
	for i, in := range inputs {
		if err := unchanged(in); err != nil {
			return st, err
		}
		src, err := in.Open() // a stream: the copy the scan kept
		if err != nil {
			return st, fmt.Errorf("%s: %w", in.Path, err)
		}
		rdr, err := file.NewParquetReader(src) // rdr.Close closes src
		if err != nil {
			src.Close()
			return st, fmt.Errorf("%s: %w", in.Path, err)
		}
		fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: 8192}, mem)
		if err != nil {
			rdr.Close()
			return st, fmt.Errorf("%s: %w", in.Path, err)
		}
		rr, err := fr.GetRecordReader(ctx, nil, nil)
		if err != nil {
			rdr.Close()
			return st, fmt.Errorf("%s: %w", in.Path, err)
		}
		if fw == nil {
			schema = rr.Schema()
			if fw, err = newArrowWriter(schema, f, groupRowsFor(rdr)); err != nil {
				rr.Release()
				rdr.Close()
				return st, err
			}
		} else if !schema.Equal(rr.Schema()) {
			rr.Release()
			rdr.Close()
			return st, fmt.Errorf("%s: its schema differs from %s's; export the files one at a time", in.Path, inputs[0].Path)
		}
		var row int64
		for rr.Next() {
			if err := ctx.Err(); err != nil {
				rr.Release()
				rdr.Close()
				if fw != nil {
					fw.Close()
				}
				return st, err
			}
			rec := rr.RecordBatch()
			n := rec.NumRows()
			// Write the runs of kept rows as slices.
			start := int64(0)
			for j := int64(0); j <= n; j++ {
				if j < n && !d.has(i, row+j) {
					continue
				}
				if j > start {
					s := rec.NewSlice(start, j)
					err := fw.WriteBuffered(s)
					s.Release()
					if err != nil {
						rr.Release()
						rdr.Close()
						return st, err
					}
					st.Kept += j - start
				}
				if j < n {
					st.Dropped++
				}
				start = j + 1
			}
			row += n
		}
		err = rr.Err()
		rr.Release()
		rdr.Close()
		if err != nil && !errors.Is(err, io.EOF) {
			return st, fmt.Errorf("%s: %w", in.Path, err)
		}
		if err := unchanged(in); err != nil {
			return st, err // changed while it was copied
		}
	}
	return st, fw.Close()
}

// unchanged returns an error if the file of input in is not the version
// the scan read: its size or modification time is not what Expand found
// (as ingest's input_changed records say of a change during a read). The
// rows to drop are positions in the version scanned; in another they are
// other rows, and the export would drop rows that are no duplicates and
// keep duplicates without a word. A stream is read from the copy the
// scan kept, which does not change.
func unchanged(in ingest.Input) error {
	if in.IsStream() {
		return nil
	}
	st, err := in.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", in.Path, err)
	}
	if st.Size() != in.Size || !st.ModTime().Equal(in.ModTime()) {
		return fmt.Errorf("%s changed since it was scanned (%d bytes then, %d now): the rows to drop are those of the version scanned; scan it again", in.Path, in.Size, st.Size())
	}
	return nil
}

// rowGroupRows is the most rows a row group written by Write holds, and
// rowGroupBytes about the most uncompressed bytes: the writer holds a
// whole row group in memory before it writes it, and 128 Ki rows of mail
// text (1.4 kB a row) made exporting a 56 MB file peak at 416 MiB.
const (
	rowGroupRows  = 128 << 10
	rowGroupBytes = 64 << 20
)

// groupRowsFor sizes the row groups written from the input rdr: about
// rowGroupBytes of its rows, uncompressed, between 1,024 and rowGroupRows
// rows.
func groupRowsFor(rdr *file.Reader) int64 {
	md := rdr.MetaData()
	var bytes, rows int64
	for i := range md.NumRowGroups() {
		bytes += md.RowGroup(i).TotalByteSize()
		rows += md.RowGroup(i).NumRows()
	}
	if rows == 0 || bytes == 0 {
		return rowGroupRows
	}
	return min(max(rowGroupBytes*rows/bytes, 1024), rowGroupRows)
}

// newArrowWriter returns the Parquet writer that Write uses: zstd, row
// groups of at most groupRows rows, the Arrow schema stored in the footer
// so that Arrow types Parquet cannot express (large_utf8, dictionary) read
// back as they were; arrow-go's defaults otherwise (1 MiB data pages,
// dictionary encoding tried first and dropped for a column whose
// dictionary passes 1 MiB).
//
// Why arrow-go's pqarrow and not github.com/parquet-go/parquet-go: both
// were measured on the 200 MB corpus (137,265 rows, 56 MB of Parquet; see
// "Parquet writer for --export-dedup" in benchmarks/README.md and
// writer_bench_test.go). parquet-go's column writers encode the same
// batches with about 20% less CPU when the batches are already in memory
// (170 against 136 MB/s of text), write 5% smaller files (56.5 against
// 59.5 MB: DELTA_LENGTH_BYTE_ARRAY for strings) and allocate 1.8 k times
// against 182 k. But in what Write does, reading the input and writing
// the file, the whole run took only 4% less CPU (median of 8 alternating
// runs, 0.88 to 1.05 run by run on the shared machine) and 13% more peak
// memory (468 against 416 MiB). Using it also needs our own Arrow-to-
// parquet-go layer (schema, value boxing, the ARROW:schema entry), which
// as written handles flat columns only: nested inputs (struct, list),
// which pqarrow writes, would need definition and repetition levels by
// hand. That is not a clear win, so Write keeps the library that owns
// the Arrow types.
func newArrowWriter(schema *arrow.Schema, w io.Writer, groupRows int64) (*pqarrow.FileWriter, error) {
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd), parquet.WithMaxRowGroupLength(groupRows))
	return pqarrow.NewFileWriter(schema, w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
}
