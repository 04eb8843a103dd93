package columnar

import (
	"slices"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/recycle"
)

// directStops counts the row groups readDirect left to pqarrow before
// their end (see DirectStops).
var directStops atomic.Int64

// DirectStops returns how many times the direct reader has stopped
// before the end of a row group and left the rest to pqarrow, in this
// process: tests tell with it that the direct reader read what they
// compare, since pqarrow would have read the same.
func DirectStops() int64 { return directStops.Load() }

// DirectText turns on readDirect for files whose only column read is a
// top-level String text column. A variable so that tests read the same
// files through pqarrow too and compare.
var DirectText = true

// directKeep is how many freed text buffers a Reader keeps for its next
// batches: one being filled, the ones queued for the workers and held by
// them (as the JSONL decoder's).
const directKeep = 4

// readDirect reads row group rg of a file with one flat String text
// column and nothing else to read (Source.direct) through arrow-go's
// column reader, as readWanted does for excerpts, in the batches pqarrow
// would make (src.batchRows rows): each batch's text is copied once from
// the page into a buffer sized for it from the footer and recycled when
// the batch is released. pqarrow copied it into a BinaryBuilder that it
// reserved from the same estimate and zeroed, and grew by doubling
// (another copy, and more zeroing) for the batches above the average,
// with two allocations a batch more. Reading the 200 MB mail corpus's
// Parquet (BenchmarkReadParquetText, CPU profile samples, load 15):
// 1.16-1.17 s against pqarrow's 1.23-1.29 s, about 7% less; the rest is
// zstd decoding, which both do once.
//
// *done counts the rows it handed to fn, complete batches only, as it
// goes (a panic leaves it right for ReadRowGroup's report). ok is
// false when it stopped before the footer's rows without a result of
// fn's (an error of the reader, a panic of arrow-go on a malformed page,
// fewer rows than the footer says): ReadRowGroup then reads the rest with
// pqarrow from that row on, so that what is reported about a damaged row
// group is exactly what pqarrow reports.
func (r *Reader) readDirect(src *Source, rg int, fn func(*batch.Batch) error, done *int64) (ok bool, err error) {
	cr, cerr := r.rdr.RowGroup(rg).Column(src.textLeaf)
	if cerr != nil {
		directStops.Add(1)
		return false, nil
	}
	defer cr.Close()
	bcr, isBA := cr.(*file.ByteArrayColumnChunkReader)
	if !isBA {
		directStops.Add(1)
		return false, nil
	}
	if r.direct == nil {
		r.direct = recycle.NewRecycler(directKeep, 4*maxPreAlloc)
	}
	nullable := cr.Descriptor().MaxDefinitionLevel() > 0
	rows := src.rgRows[rg]
	for *done < rows {
		n := min(int64(src.batchRows), rows-*done)
		col, read := r.directBatch(bcr, nullable, n, src.rgRaw[rg]*n/max(rows, 1))
		if !read {
			r.releaseDirect(col)
			directStops.Add(1)
			return false, nil
		}
		b := &batch.Batch{File: src.idx, FirstRow: src.rgStart[rg] + *done, FirstLabel: [batch.NumLabelKinds]int{-1, -1, -1}}
		if *done == 0 {
			b.Bytes = src.rgBytes[rg]
		}
		text := col.Array()
		if text.NullN() > 0 {
			for i := range int(n) {
				if text.IsNull(i) {
					addNullText(b, src, i)
				}
			}
		}
		b.Shapes[src.shape.shape] = n - int64(text.NullN())
		b.Record = array.NewRecordBatch(textOnly, []arrow.Array{text}, n)
		text.Release()
		*done += n
		if err := fn(b); err != nil {
			return true, err
		}
	}
	return true, nil
}

// directBatch reads the next n rows of the text column into a StrCol
// whose data comes from r.direct, sized for about est bytes. read is
// false if the rows could not all be read (see readDirect); a panic of
// arrow-go is one of those.
func (r *Reader) directBatch(bcr *file.ByteArrayColumnChunkReader, nullable bool, n, est int64) (col *batch.StrCol, read bool) {
	col = &batch.StrCol{Offs: make([]int32, 1, n+1), Alloc: r.direct}
	col.Data = r.direct.Get(int(min(max(est, 0), maxPreAlloc)))
	defer func() {
		if v := recover(); v != nil {
			read = false // ReadRowGroup's pqarrow reading reports it
		}
	}()
	if cap(r.vals) < int(n) {
		r.vals = make([]parquet.ByteArray, n)
		r.defs = make([]int16, n)
	}
	var defs []int16
	if nullable {
		defs = r.defs[:n]
	}
	var got int64
	for got < n {
		var d []int16
		if nullable {
			d = defs[got:]
		}
		lv, nv, err := bcr.ReadBatchInPage(n-got, r.vals[:n-got], d, nil)
		if err != nil || lv == 0 {
			return col, false
		}
		// The values alias the page (or the stream buffer) until the next
		// read: copy them now, growing the data once.
		vals := r.vals[:nv]
		size := 0
		for _, v := range vals {
			size += len(v)
		}
		if len(col.Data)+size > 1<<31-1 {
			return col, false // more than an Arrow String batch holds: pqarrow says what
		}
		col.Data = slices.Grow(col.Data, size)
		if !nullable {
			for _, v := range vals {
				col.Data = append(col.Data, v...)
				col.Commit()
			}
		} else {
			k := 0
			for _, dl := range d[:lv] {
				if dl == 0 {
					col.AppendNull()
					continue
				}
				if k >= len(vals) {
					return col, false
				}
				col.Data = append(col.Data, vals[k]...)
				col.Commit()
				k++
			}
			if k != len(vals) {
				return col, false
			}
		}
		got += lv
	}
	return col, true
}

// releaseDirect gives back the text buffer of a batch that was not made.
func (r *Reader) releaseDirect(col *batch.StrCol) {
	if col != nil && col.Data != nil {
		r.direct.Free(col.Data)
	}
}

// directOK says whether src can be read by readDirect: one flat column
// of strings (textLeaf), read alone, whose Arrow type is String (pqarrow
// would make that), optional or required.
func directOK(src *Source, dt arrow.DataType, maxDef int16) bool {
	return src.textLeaf >= 0 && len(src.leaves) == 1 && src.leaves[0] == src.textLeaf &&
		src.label == nil && src.id == nil && arrow.TypeEqual(dt, arrow.BinaryTypes.String) && maxDef <= 1
}
