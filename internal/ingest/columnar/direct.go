package columnar

import (
	"errors"
	"slices"
	"strconv"
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

// directGroups counts the row groups readDirect read to their end.
var directGroups atomic.Int64

// DirectGroups returns how many row groups the direct reader has read to
// their end in this process: tests tell with it that a file was read by
// the direct reader at all.
func DirectGroups() int64 { return directGroups.Load() }

// DirectText turns on readDirect for files whose only column read is a
// top-level String text column. A variable so that tests read the same
// files through pqarrow too and compare.
var DirectText = true

// directKeep is how many freed text buffers a file's readers keep for
// their next batches (Source.directMem): one being filled, the ones
// queued for the workers and held by them (as the JSONL decoder's).
//
// The buffers are the file's, shared by its Readers (session 16): the
// decoders take row groups in turn, and with a Recycler of each Reader's
// own, each filled a set of its own (and dropped those over directKeep
// when its batches came back). On the 200 MB corpus's Parquet, 13-16
// buffers of about 1.4 MiB were allocated a run, 5 shared. What it
// saves is fresh memory, not time that could be told apart here:
// --checks none, 6 rounds alternated (load 17-19): minor faults
// 23,060-25,670 (mean 23,960) to 20,490-22,380 (mean 21,600), CPU 1.30
// and 1.33 s (mean), peak RSS 142 and 141 MB; default audit, 6 rounds
// (load 16-19): faults 46,230 to 45,370 (mean), CPU 2.29 and 2.32 s,
// peak RSS 217 and 222 MB (5 earlier rounds at load 13-14 had CPU 2.35
// to 2.24 s and peak RSS 218 to 204 MB: noise either way). The peak
// comes at the near finish, when the reader's memory is garbage that
// the collector hands out again.
const directKeep = 4

// readDirect reads row group rg of a file with one flat String text
// column and nothing else to read but an --id column (Source.direct,
// directOK; the ids by directIDs), the text with its own page reader
// where the chunk's pages are PLAIN (pageText, session 17: every page
// DuckDB, pyarrow and arrow-go write for text without a dictionary),
// otherwise through arrow-go's column reader, as readWanted does for
// excerpts (with pageText too since session 22, see wantedOwn, but
// without an --id), in the batches pqarrow
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
// How a streamed page was decoded before pageText (session 15; pageText
// Reads its own klauspost Decoder straight into the batch, one copy
// fewer, see pageText): arrow-go's zstd codec
// takes a klauspost Decoder (WithDecoderConcurrency(1)) from a sync.Pool
// and Reads the page through it: blocks are decoded into the decoder's
// history ring (window 2 MiB on DuckDB's frames, no checksum) and copied
// into arrow-go's 1 MiB stream buffer (memmove 1.35% of the default
// audit's samples), then into the batch here (1.45%). Decoding each
// page whole (DecodeAll into a reused buffer) was measured slower alone:
// the 200 MB corpus's nine 21.8 MB text pages, CPU time, GOGC=off, 3
// rounds, 0.71-0.90 GB/s against 0.99-1.02 GB/s streamed (the ring stays
// in cache, a whole page does not). Nor could batches alias a decoded
// page: PLAIN values are separated by their 4-byte lengths, and an Arrow
// String's are contiguous, so the page would be moved down anyway.
//
// Nor are the zstd decoders made again (session 16): arrow-go keeps them
// in a sync.Pool, which a collection empties, and a decoder made anew
// allocates its 2.3 MiB history ring. A codec of parquetcompat's
// keeping them in a list of its own was built and counted: one decoder
// made a run with it and one with arrow-go's pool (default audit of the
// 200 MB corpus, about 17 collections), so it was not kept. Nor is
// klauspost/compress v1.20.5 faster here than v1.20.3 (its decodeSync
// copies matches 32 bytes at a time): BenchmarkReadParquetText/direct on
// the 200 MB corpus, 6 runs of 6 reads each alternated (load 17), 1.72-2.08
// CPU s (mean 1.90) against 1.63-2.26 (mean 1.89).
//
// Session 18 looked for 5% of the default audit's CPU in how zstd is
// driven, on the 200 MB corpus's Parquet (nine 21.8 MB text pages, each
// one frame: window 2 MiB, no checksum, so IgnoreChecksum changes
// nothing), and found none. The nine pages decoded alone (thread CPU
// time, load 5-8): 170-185 ms read 64 KiB at a time, 175-215 into
// rotating 1.3 MB buffers as batches are, 172-191 value by value as
// pageText reads them, 179-230 with DecodeAll into a reused buffer;
// libzstd 1.5.7 through cgo (DataDog/zstd, measured only) 161-188,
// whole or streamed; klauspost's two-pass decode with match prefetch,
// forced on amd64 in a patched copy, 741-877 MB/s against 983-1,009
// (its source says it costs 7-12% on this class of CPU). In the default
// audit pageText.batch took 217-261 ms of thread CPU at load 7-10. Not
// kept, in that audit, 5 rounds alternated: handing batches on 4 at a
// time, so that the decoder's ring stays in cache between them
// (pageText.batch 219-259 ms, mean 246, against 217-255, mean 236; perf
// zstd samples 530-589 against 537-587); reading a column chunk with
// one pread(2) instead of through the 256 KiB bufio.Reader (205-248,
// mean 226: noise; peak RSS +8 MB, faults +2,500). Alone, staging
// through a 64 KiB buffer copied out with non-temporal stores, to spare
// L2 the batches' writes, took 218-241 ms against 199-215; reading each
// value with the next one's length in one call saved 4 ms of 182. Of
// the default audit's page faults (39,949), the read took 6,215: 2,268
// in the batches' first writes (5-6 buffers of 1.3 MB made before the
// Recycler has any back), 2,707 in two batches grown by a 1.7 MB mail
// (to 2.5 and 3.2 MB), 575 in the zstd ring; that memory goes back to
// the heap when the read ends and the near-duplicate finish reuses it,
// so it was not chased (session 16's directKeep note).
//
// Session 20 counted those grown batches (a trace of the Recycler): 7
// buffers made a run, and 5 grows in 2 batches, append's growth (a
// quarter more each time) taking one 1.3 MB buffer to 1.6, 2.0 and 2.5
// MB and another to 2.5 and 3.2, each outgrown buffer left to the GC.
// A batch now grows through its Recycler (Grow): at least twice its
// capacity, once, the outgrown buffer given back for the next batch.
// Benchmark Parquet's default audit, 20 rounds alternated with main
// 60bea37 in three sets, 3 s apart (load 1-4): CPU 1.074 to 1.057 s
// (mean; -1.6%; the sets -1.4%, -2.3%, -1.2%), wall 0.578 to 0.565,
// peak RSS 201.1 to 193.0 MB, minor faults 43,080 to 42,070. DuckDB's
// snappy layout, 6 rounds: CPU 1.093 to 1.085, RSS 198.4 to 194.6 MB;
// the one-row-group zstd file, 6 rounds: CPU 1.072 to 1.050, RSS 200.9
// to 192.3 MB.
//
// Session 33 (rss): the own page reader grows no batch for a long
// value. Grown, a batch was copied once into a buffer twice its size,
// every byte of the copy a fresh page at the read's high-water mark: on
// the benchmark Parquet the two mails of over 1 MB took 806 faults in
// that copy (perf record -e page-faults: runtime.memmove under
// readDirect; none without those two rows). pageText.batch now ends a
// piece of the batch before and after a long value that would take the
// text past batchRoom (what a buffer Recycler.Get makes for est holds),
// the long value in a buffer of its own size when the one handed out is
// smaller; the pieces are handed to fn as batches of their own, but only
// once all n rows are read, so that a damaged page still stops the read
// at the n rows' first and pqarrow reports the rest from where it did
// (TestParquetDirectTextDamaged has a 1.5 MB row before its damage: it
// failed when each piece was handed on as read). Where pieces end depends
// on the values and the footer's sizes only, the same in every run: on
// the benchmark Parquet 2 of its 184 batches are read in three pieces
// (104, 44 and 630 rows; 499, 1 and 278). Reports
// identical (verify set; the benchmark Parquet's default and --all JSON,
// --workers 1 too). Measured in benchmarks/README.md's session 33 rss
// section. arrow-go's path (directBatch) still grows its batches.
//
// Tried and not kept (session 20, pq2): row group 0's first batches an
// eighth, a quarter and a half of batchRows (their buffers still sized
// for a whole batch, so that the Recycler hands them out again), so
// that the first analysing worker starts after about 128 KiB of text
// instead of 1 MiB while the one decoder reads on: the start's wait for
// the first batch (session 20's timeline: the decoder alone from 15 to
// 20-21 ms, its batch buffer's and zstd ring's first pages; the
// "io.ReadAtLeast" of a fault profile is pageBytes.read's Decoder.Read
// into the batch, not a whole column chunk read at once) is a few ms of
// one core. Reports identical (verify set). Benchmark Parquet's default
// audit, 12 rounds alternated with branch int's binary in two sets, 3 s
// apart (load 0.7-2.4): wall 0.653 s (mean; median 0.63) against 0.633
// (median 0.62), the base's mean raised by one 0.88 s run; CPU 1.181
// against 1.190 s; peak RSS 192.8 and 193.2 MB; faults 41,287 and
// 41,028. DuckDB's snappy layout, 3 rounds: CPU 1.213 against 1.173,
// wall 0.647 against 0.640. No gain told from the noise.
//
// *done counts the rows it handed to fn, complete batches only, as it
// goes (a panic leaves it right for ReadRowGroup's report). ok is
// false when it stopped before the footer's rows without a result of
// fn's (an error of the reader, a panic of arrow-go on a malformed page,
// fewer rows than the footer says): ReadRowGroup then reads the rest with
// pqarrow from that row on, so that what is reported about a damaged row
// group is exactly what pqarrow reports. A file cut short under pageText's
// mapping of it (a MapFault, see mapIn) is the exception: the rest of the
// row group is reported unreadable with the fault, which names the file
// and the byte.
func (r *Reader) readDirect(src *Source, rg int, fn func(*batch.Batch) error, done *int64) (ok bool, err error) {
	own := r.ownStart(src, rg)
	var bcr *file.ByteArrayColumnChunkReader
	nullable := false
	if own != nil {
		defer own.done(src)
	} else {
		cr, cerr := r.rdr.RowGroup(rg).Column(src.textLeaf)
		if cerr != nil {
			directStops.Add(1)
			return false, nil
		}
		defer cr.Close()
		isBA := false
		if bcr, isBA = cr.(*file.ByteArrayColumnChunkReader); !isBA {
			directStops.Add(1)
			return false, nil
		}
		nullable = cr.Descriptor().MaxDefinitionLevel() > 0
	}
	var idr file.ColumnChunkReader
	if src.id != nil {
		c, err := r.rdr.RowGroup(rg).Column(src.idLeaf)
		if err != nil {
			directStops.Add(1)
			return false, nil
		}
		defer c.Close()
		idr = c
	}
	rows := src.rgRows[rg]
	var parts []*batch.StrCol // the pieces of one batch of n rows
	for *done < rows {
		n := min(int64(src.batchRows), rows-*done)
		read := true
		parts = parts[:0]
		if est := src.rgRaw[rg] * n / max(rows, 1); own != nil {
			// pageText ends a piece before a long value it has no room
			// for: the pieces are handed on only once all n rows are
			// read, so that a damaged page stops the read where it
			// stopped with one piece (at the n rows' first).
			for got := int64(0); read && got < n; {
				var col *batch.StrCol
				col, read = own.batch(src.directMem, n-got, est)
				parts = append(parts, col)
				got += int64(col.N)
				read = read && col.N > 0 // a piece has a row
			}
		} else {
			var col *batch.StrCol
			col, read = r.directBatch(src.directMem, bcr, nullable, n, est)
			parts = append(parts, col)
		}
		var ids *batch.StrCol
		if read && idr != nil {
			ids, read = r.directIDs(idr, n)
		}
		if !read {
			for _, col := range parts {
				releaseDirect(src.directMem, col)
			}
			if own != nil && own.fault() != nil {
				// The mapped file was cut short: no reader would read
				// the rest as it was.
				return true, r.lostRows(src, rg, *done, own.fault(), fn)
			}
			directStops.Add(1)
			return false, nil
		}
		var idArr arrow.Array
		if ids != nil {
			idArr = ids.Array()
		}
		at := int64(0) // the piece's first row among the n
		for i, col := range parts {
			k := int64(col.N)
			var pieceIDs arrow.Array
			if idArr != nil {
				if len(parts) == 1 {
					pieceIDs = idArr
				} else {
					pieceIDs = array.NewSlice(idArr, at, at+k)
				}
			}
			err := r.handDirect(src, rg, *done, col, pieceIDs, fn)
			if pieceIDs != nil && len(parts) > 1 {
				pieceIDs.Release()
			}
			*done += k
			at += k
			if err != nil {
				for _, rest := range parts[i+1:] {
					releaseDirect(src.directMem, rest)
				}
				if idArr != nil {
					idArr.Release()
				}
				return true, err
			}
		}
		if idArr != nil {
			idArr.Release()
		}
	}
	directGroups.Add(1)
	if own != nil {
		ownGroups.Add(1)
	}
	return true, nil
}

// handDirect hands fn the batch of col's rows, the first of them row
// first of row group rg, with their ids when ids is not nil (one id a
// row, retained by the batch's record).
func (r *Reader) handDirect(src *Source, rg int, first int64, col *batch.StrCol, ids arrow.Array, fn func(*batch.Batch) error) error {
	n := int64(col.N)
	b := &batch.Batch{File: src.idx, FirstRow: src.rgStart[rg] + first, FirstLabel: [batch.NumLabelKinds]int{-1, -1, -1}}
	if first == 0 {
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
	if ids != nil {
		b.Record = array.NewRecordBatch(textAndID, []arrow.Array{text, ids}, n)
	} else {
		b.Record = array.NewRecordBatch(textOnly, []arrow.Array{text}, n)
	}
	text.Release()
	b.NameBad() // null texts named by their ids
	return fn(b)
}

// directBatch reads the next n rows of the text column into a StrCol
// whose data comes from mem (Source.directMem), sized for about est bytes. read is
// false if the rows could not all be read (see readDirect); a panic of
// arrow-go is one of those.
func (r *Reader) directBatch(mem *recycle.Recycler, bcr *file.ByteArrayColumnChunkReader, nullable bool, n, est int64) (col *batch.StrCol, read bool) {
	col = &batch.StrCol{Offs: make([]int32, 1, n+1), Alloc: mem}
	col.Data = mem.Get(int(min(max(est, 0), maxPreAlloc)))
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
	step := directStep(n, est)
	var got int64
	for got < n {
		var d []int16
		if nullable {
			d = defs[got:]
		}
		lv, nv, err := bcr.ReadBatchInPage(min(n-got, step), r.vals[:n-got], d, nil)
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
		col.Data = mem.Grow(col.Data, len(col.Data)+size)
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

// directStepBytes is about how many bytes of text directBatch reads
// from a streamed page at a time: a quarter of arrow-go's stream buffer
// (streaming.DefaultBufferSize, 1 MiB, unexported).
const directStepBytes = 256 << 10

// directStep returns how many of a batch's n rows, about est bytes of
// text, directBatch reads from the page at a time: rows for about
// directStepBytes, at least 1, at most n.
//
// A streamed page's values come from a 1 MiB buffer that arrow-go fills
// ahead to its end and that a read's values alias until the next read.
// Read in one go, a batch of about 1 MiB (batchTargetBytes) ran past the
// buffer's end in nearly every read, and arrow-go then took a fresh
// 1 MiB buffer from the allocator, zeroed (recycle's pool) though it is
// overwritten at once: 185 MB zeroed on the 200 MB corpus. A quarter at
// a time, the buffer is instead moved down once it is more than half
// read (the unread quarter, already in cache). The 200 MB corpus's
// Parquet read alone (Run without analyses, perf record -g, 2 rounds
// each, 3 runs a round): memclrNoHeapPointers 109-112 to 41-44 samples
// of about 4,400, memmove 646-659 to 615-702 (noise).
func directStep(n, est int64) int64 {
	if est <= directStepBytes || n <= 1 {
		return max(n, 1)
	}
	return max(n*directStepBytes/est, 1)
}

// directIDs reads the next n values of the --id column (Source.idLeaf,
// strings or 32- or 64-bit integers, wantedIDOK) into a String column, as
// the pqarrow path renders them (appendScalars): a null id is null. read
// is false if the n values could not all be read (see readDirect).
func (r *Reader) directIDs(cr file.ColumnChunkReader, n int64) (col *batch.StrCol, read bool) {
	defer func() {
		if v := recover(); v != nil {
			read = false // ReadRowGroup's pqarrow reading reports it
		}
	}()
	col = &batch.StrCol{Offs: make([]int32, 1, n+1)}
	if cap(r.idDefs) < int(n) {
		r.idDefs = make([]int16, n)
	}
	nullable := cr.Descriptor().MaxDefinitionLevel() > 0
	var defs []int16
	if nullable {
		defs = r.idDefs[:n]
	}
	var got int64
	for got < n {
		var d []int16
		if nullable {
			d = defs[got:]
		}
		var (
			lv  int64
			nv  int
			err error
		)
		// Each value is rendered from the page before the next read,
		// which may reuse the page's buffers.
		switch c := cr.(type) {
		case *file.ByteArrayColumnChunkReader:
			if cap(r.idBA) < int(n) {
				r.idBA = make([]parquet.ByteArray, n)
			}
			lv, nv, err = c.ReadBatchInPage(n-got, r.idBA[:n-got], d, nil)
			if err == nil {
				err = appendIDs(col, d, lv, nv, func(k int) { col.Data = append(col.Data, r.idBA[k]...) })
			}
		case *file.Int32ColumnChunkReader:
			if cap(r.idI32) < int(n) {
				r.idI32 = make([]int32, n)
			}
			lv, nv, err = c.ReadBatchInPage(n-got, r.idI32[:n-got], d, nil)
			if err == nil {
				err = appendIDs(col, d, lv, nv, func(k int) { col.Data = strconv.AppendInt(col.Data, int64(r.idI32[k]), 10) })
			}
		case *file.Int64ColumnChunkReader:
			if cap(r.idI64) < int(n) {
				r.idI64 = make([]int64, n)
			}
			lv, nv, err = c.ReadBatchInPage(n-got, r.idI64[:n-got], d, nil)
			if err == nil {
				err = appendIDs(col, d, lv, nv, func(k int) { col.Data = strconv.AppendInt(col.Data, r.idI64[k], 10) })
			}
		default:
			return col, false
		}
		if err != nil || lv == 0 {
			return col, false
		}
		got += lv
	}
	return col, true
}

// errIDs is a page whose levels and values do not agree.
var errIDs = errors.New("id levels and values disagree")

// appendIDs appends lv ids to col: value k (of nv read) by put, in the
// order of the definition levels d (nil for a required column: every
// level a value).
func appendIDs(col *batch.StrCol, d []int16, lv int64, nv int, put func(k int)) error {
	if d == nil {
		if int64(nv) != lv {
			return errIDs
		}
		for k := range nv {
			put(k)
			col.Commit()
		}
		return nil
	}
	k := 0
	for _, dl := range d[:lv] {
		if dl == 0 {
			col.AppendNull()
			continue
		}
		if k >= nv {
			return errIDs
		}
		put(k)
		col.Commit()
		k++
	}
	if k != nv {
		return errIDs
	}
	return nil
}

// releaseDirect gives back the text buffer of a batch that was not made.
func releaseDirect(mem *recycle.Recycler, col *batch.StrCol) {
	if col != nil && col.Data != nil {
		mem.Free(col.Data)
	}
}

// directOK says whether src can be read by readDirect: one flat column
// of strings (textLeaf), whose Arrow type is String (pqarrow would make
// that), optional or required, read alone or beside an --id column that
// readWanted can read (idLeaf, another column).
//
// With --id, pqarrow's LoadBatch was 19% of the samples of a --id scan
// of the 200 MB corpus's Parquet (session 13).
func directOK(src *Source, dt arrow.DataType, maxDef int16) bool {
	leaves := []int{src.textLeaf}
	if src.id != nil {
		if src.idLeaf < 0 || src.idLeaf == src.textLeaf {
			return false
		}
		leaves = append(leaves, src.idLeaf)
		slices.Sort(leaves)
	}
	return src.textLeaf >= 0 && slices.Equal(src.leaves, leaves) &&
		src.label == nil && arrow.TypeEqual(dt, arrow.BinaryTypes.String) && maxDef <= 1
}
