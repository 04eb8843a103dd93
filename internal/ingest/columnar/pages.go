package columnar

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/recycle"
)

// OwnPages turns on pageText, readDirect's own reader of a text column's
// pages. A variable so that tests read the same files through arrow-go's
// column reader too and compare.
var OwnPages = true

// ownGroups counts the row groups pageText read to their end.
var ownGroups atomic.Int64

// OwnGroups returns how many row groups pageText has read to their end in
// this process: tests tell with it that a file was read by it.
func OwnGroups() int64 { return ownGroups.Load() }

// pageText reads the text column chunk of one row group page by page,
// for readDirect, where every page is a version 1 DATA_PAGE of PLAIN
// values, uncompressed or compressed with snappy, zstd or gzip, in a flat
// column (no repetition levels, definition levels RLE-encoded if it is
// optional): what DuckDB, pyarrow and arrow-go write for a text column
// without a dictionary. It decompresses each page as a stream and copies
// each value from the decompressor straight into its batch's buffer.
//
// Why (session 17): arrow-go streams a large PLAIN page only for zstd,
// gzip, brotli and uncompressed chunks; a snappy page is read and
// decompressed whole. DuckDB's default layout (row groups of 122,880
// rows, snappy) makes text pages of 59 and 105 MB on the 200 MB mail
// corpus: held with their compressed copies, peak RSS was 401-414 MB
// against 175-185 MB for the JSONL, and the analysing workers waited
// while a page was decompressed. Snappy's block format has no frames to
// stream by, but the C++ snappy library (DuckDB, pyarrow, parquet-mr via
// snappy-java) compresses 64 KiB at a time, so no copy reaches further
// back than that: snappyStream keeps a window of the output (see
// snappyWindow) and gives up on a copy that reaches past it.
//
// Measured (session 17; CPU = user + sys of the default audit, rounds
// alternated with main 94d4813, each run 3 s after the last, load 6-20,
// so that wall times were 1-6 s and are not compared):
//   - DuckDB's snappy layout (/tmp/lead/c200-snappy-rg122k.parquet, 2
//     row groups, text pages of 105 and 59 MB), 11 rounds: peak RSS
//     373-398 MB to 191-210 MB, minor faults 82,700-86,800 to
//     35,500-42,800; CPU 1.39-1.65 s (mean 1.52) to 1.24-1.68 (mean
//     1.51). The page's decompression is no longer a burst the workers
//     wait on (in the two rounds at the lowest load, 0.78-0.95 s wall
//     against 1.33-1.51), and snappyStream's Go loop costs about what
//     the faults of the whole page did.
//   - The 200 MB corpus's Parquet (zstd, 9 row groups of one 21.8 MB
//     text page), 19 rounds: CPU 1.29-1.67 s (mean 1.531) to 1.27-1.63
//     (mean 1.469), -4.0%; peak RSS 197-214 to 194-210 MB (mean -5 MB);
//     minor faults -2.9%.
//     Read alone (BenchmarkReadParquetText): 222-240 ms a read against
//     240-255 ms through arrow-go's column reader, 21 MB allocated
//     against 33 MB (arrow-go's 1 MiB stream buffer a column chunk, and
//     its copy of the values: pageText reads each value from the
//     decompressor straight into the batch, so memmove fell from 3.1% to
//     2.4% of the default audit's samples). What is left of the read is
//     zstd (67% of its samples), the copy into the batch (9%) and
//     pread(2) (9%); of its allocations, mostly batches grown past the
//     footer's estimate by a single mail of 1.7 MB (3 a read; reserving
//     half as much again up front changed nothing).
//   - One row group (/tmp/lead/c200-zstd-rg1m.parquet), 10 rounds: CPU
//     1.29-1.63 (mean 1.51) to 1.32-1.60 (mean 1.47); peak RSS 197-215
//     to 192-211 MB.
//   - DuckDB's gzip layout (rows as the snappy one's), 3 rounds: CPU
//     1.95-1.99 s to 1.85-1.95, klauspost's gzip as arrow-go's codec.
//   - BenchmarkSnappyStream (8 MiB of text): 740-1,094 MB/s against
//     klauspost's whole-block decoder's 697-1,146 MB/s; before its fast
//     path (8-byte copies while the window has room) reading the snappy
//     file alone took 400 ms against arrow-go's 343-387, after it
//     306-364 against 405-494.
//   - Session 18: the fast loop's loads and stores unchecked (unsafe.Add,
//     16 bytes a step; see fast). The compiled loop had kept its indexes
//     on the stack around a bounds check per 8-byte step and a call to
//     memmove for literals near the input buffer's end (now left to
//     decode). snappyStream.fast was 16.7% of the default audit's samples
//     on DuckDB's snappy layout, 12.2% after. Default audit of
//     /tmp/lead/c200-snappy-rg122k.parquet, 6 rounds alternated with main
//     888e46d, 3 s apart (load 7): CPU 1.48-1.65 s (mean 1.580) to
//     1.39-1.49 (mean 1.447), -8.4%; peak RSS 193-202 to 189-199 MB;
//     faults unchanged (39,700); 6 more rounds at load 11: 1.655 to
//     1.517; 6 at load 12-15: 1.560 to 1.498. That file's two text pages read alone (snappyStream into
//     1.3 MB buffers, thread CPU time, 4 runs): 290-309 ms to 192-206,
//     against 182-185 for klauspost's assembly decoder of a whole block
//     (which needs the page's 105 MB at once). BenchmarkSnappyStream, 6
//     runs alternated (load 7-8): 310-543 MB/s (mean 426) to 450-631
//     (mean 536). Not kept: a run (offset under 8) moved 8 bytes at a
//     time after its first 8 (from the nearest multiple of the offset of
//     8 or more back): the pages read alone took 192-206 ms either way,
//     and the default audit 1.517 s against 1.550 in the same 6 rounds.
//
// What ReadRowGroup is made of (session 19, perf record -g -F 2000 of
// the benchmark Parquet's default audit, main 6bd3a7e, inclusive): 19.7%
// of samples, of which zstd's Decoder.nextBlock 17.2% (sequence decoding
// 12.8% self, huff0 1.4%, its history copies, and reading the
// compressed input: bufio and pread(2) 1.5%), io.ReadFull's loop and
// the calls into the decoder for each value and length 1.4%, the batch's
// own work (slices.Grow, Commit) 0.5%. Outside zstd there is about 2%
// to win, and session 18's measurements (above) put most of it out of
// reach.
//
// Measured again (session 32, main 9b4f763, perf record -g at 4 kHz,
// three default audits of each file at autogroup nice -15 beside other
// builds, each sample given to the first of: a page fault, zstd, a
// reader, an analysis): zstd is 17.6-22.3% of the benchmark Parquet's
// samples (sequence decoding 13.7-18.4% self, huff0 1.5-1.6%, the
// tables 0.7%) and the rest of this reader 1.4-1.6%, against 8.9-9.9%
// for the JSONL reader of the same rows (strictjson, read(2)); the
// analyses take the same shares of both within their spread. So the
// Parquet's extra CPU over the JSONL (medians of 6 alternated rounds:
// 1.420 against 1.185 s) is zstd's, at libzstd's speed (session 18),
// with the unsafe 16-byte copies of klauspost's decodeSync (the safe
// variant is not in the samples). pageText itself (batch, pageBytes,
// next, u32, Decoder.Read's call) is 0.4-0.5% and its copy out of the
// ring 0.6-1.1% (memmove under io.ReadAtLeast). Read alone
// (BenchmarkReadParquetText/direct on the benchmark Parquet, -cpu 1,
// three sets of 8 reads): 247-251 ms a read; inside the audit it is
// 19-24% of 1.3-1.5 CPU s, 250-330 ms: the analysers between batches
// now cost the decoder at most a fifth of its time, and its sequence
// decoding is the part of the audit that moves most with the other
// processes on the host (12.8% to 18.4% of the samples from run to
// run), being the one that reads back through a 2 MiB window.
//
// Where the benchmark Parquet's extra memory comes from (session 20,
// main 60bea37, perf record -e page-faults -c 1 -g, one default audit
// of each, run 3 s apart): 46,129 faults against 39,200 for the same
// rows as JSONL. Of the Parquet's, the read took 4,864: 2,635 in two
// batches grown by a long mail, 1,733 in the first writes of the 7
// batch buffers made, 575 in the zstd decoder's history ring. With a
// batch grown once (see readDirect) the read took 2,845 of 40,789. Kept.Rows took 3,681 (internal/excerpt's
// row starts, about 22 MB live to the end: session 16 measured keeping
// none, which read row groups again for 62-80 ms). The JSONL's own are
// its reader's (strictjson 2,236, the read(2) copy 1,730, the chunks
// 842). The start of the same audit (perf record -F 2000, 5 ms bins,
// three runs): package init ran on one core for the first 10 ms, a
// collection and the footer until 15, then the decoder alone made the
// first batch (its decoder, the ring's and the buffer's first pages)
// until 20-21 ms, when the first worker started; both cores were busy
// from 25-30 ms on. About 15 ms of one core in all, most of it before
// any Parquet is read.
//
// A damaged page of a codec arrow-go decompresses whole (snappy, or any
// page up to 1 MiB) is reported differently, and that is intended: the
// complete batches before the damage are read (as arrow-go reads those
// of a streamed zstd page), and pqarrow reports the rest unreadable with
// its own reason, from the row pageText stopped at, where arrow-go alone
// reported them from the damaged page's first batch on
// (TestParquetOwnPagesDamaged, FuzzParquetOwnPages).
//
// Anything it does not read as described (a dictionary, a data page v2
// or of another encoding, a page header it cannot parse, a size over the
// reader's limits, a copy past the window, trailing bytes, fewer or more
// values than the footer says) is not an error of its own: readDirect
// stops there, and ReadRowGroup reads the rest of the row group with
// pqarrow, so that what is reported about such a row group is exactly
// what arrow-go reports. pageText is only ever stricter than arrow-go.
type pageText struct {
	// in is where the chunk's bytes come from: mp, a mapping of a local
	// file (mapIn), or br, a bufio.Reader over any other (made on first
	// use).
	in      pageIn
	br      *bufio.Reader
	mp      mapIn
	page    io.LimitedReader // the current page's compressed bytes
	codec   compress.Compression
	zd      *zstd.Decoder
	gz      *gzip.Reader // klauspost's, as arrow-go's codec: faster than compress/gzip
	sn      snappyStream
	vals    pageBytes
	maxDef  int16
	maxPage int64
	// rowsLeft is how many values the chunk holds after the current
	// page's; pageLeft how many of the current page's are not read.
	rowsLeft, pageLeft int64
	defs               []byte // the current page's definition levels
	defAt              int
	lvl                []byte // a page's level bytes
	scratch            []byte // skip's
	// held is the length of the value a batch ended before (hasHeld),
	// its bytes the next of vals: the next batch's first value. Only
	// batch sets it; ownStart clears it.
	held    uint32
	hasHeld bool
}

// batchRoom is the most text a batch whose buffer was asked for size
// bytes takes before it ends (see pageText.batch): what a fresh buffer of
// recycle.Recycler.Get(size) holds.
func batchRoom(size int) int { return size + size/4 + 4096 }

// pageIn reads a column chunk's bytes: a *bufio.Reader or a *mapIn.
type pageIn interface {
	io.Reader
	io.ByteReader
}

// errPages is what pageText returns for anything it does not read
// (readDirect then leaves the rest of the row group to pqarrow).
var errPages = errors.New("not read by pageText")

// pageHeaderMax bounds the bytes of a page header pageText parses
// (statistics included); arrow-go's limit is 16 MiB.
const pageHeaderMax = 1 << 20

// ownCodec says whether pageText reads a chunk compressed with c.
func ownCodec(c compress.Compression) bool {
	switch c {
	case compress.Codecs.Uncompressed, compress.Codecs.Snappy, compress.Codecs.Zstd, compress.Codecs.Gzip:
		return true
	}
	return false
}

// ownStart returns a pageText for the text column chunk of row group rg
// if its first page is one pageText reads, or nil: readDirect then reads
// it with arrow-go's column reader.
func (r *Reader) ownStart(src *Source, rg int) *pageText {
	if !OwnPages || r.f == nil {
		return nil
	}
	rgm := r.rdr.MetaData().RowGroup(rg)
	cc, err := rgm.ColumnChunk(src.textLeaf)
	if err != nil || cc.HasDictionaryPage() || !ownCodec(cc.Compression()) {
		return nil
	}
	col := r.rdr.MetaData().Schema.Column(src.textLeaf)
	start, size := cc.DataPageOffset(), cc.TotalCompressedSize()
	if col.MaxRepetitionLevel() != 0 || col.MaxDefinitionLevel() > 1 || cc.NumValues() != src.rgRows[rg] ||
		start < 4 || size <= 0 || start > src.in.Size-size {
		return nil
	}
	p := r.pages
	if p == nil {
		p = &pageText{}
		r.pages = p
	}
	p.codec, p.maxDef, p.maxPage = cc.Compression(), col.MaxDefinitionLevel(), r.opts.MaxPage()
	p.rowsLeft, p.pageLeft = src.rgRows[rg], 0
	// Nothing of a row group it stopped in mid-page is carried over.
	p.vals, p.page, p.defAt = pageBytes{}, io.LimitedReader{}, 0
	p.hasHeld = false
	var h pageHeader
	if r.mapf != nil && p.mp.open(r.mapf, start, start+size) {
		p.in = &p.mp
		// Read the first page's header, then go back to it.
		t := thriftIn{br: &p.mp}
		if readPageHeader(&t, &h) != nil || !h.ours(p) || p.mp.seek(start) != nil {
			p.mp.close()
			return nil
		}
	} else {
		if p.br == nil {
			p.br = bufio.NewReaderSize(nil, 256<<10)
		}
		p.br.Reset(io.NewSectionReader(r.f, start, size))
		p.in = p.br
		// Look at the first page's header without taking it.
		peek, _ := p.br.Peek(int(min(size, int64(p.br.Size()))))
		t := thriftIn{br: bufio.NewReaderSize(&sliceReader{b: peek}, 16)}
		if readPageHeader(&t, &h) != nil || !h.ours(p) {
			return nil
		}
	}
	if p.codec == compress.Codecs.Zstd {
		p.zd = src.takeZstd()
	}
	return p
}

// done gives back what p holds of src's (its zstd decoder), and unmaps
// what it mapped.
func (p *pageText) done(src *Source) {
	if p.zd != nil {
		p.zd.Reset(nil)
		src.putZstd(p.zd)
		p.zd = nil
	}
	if p.br != nil {
		p.br.Reset(nil)
	}
	p.mp.close()
	p.in, p.page, p.vals = nil, io.LimitedReader{}, pageBytes{}
}

// fault returns the MapFault that stopped p, or nil.
func (p *pageText) fault() error { return p.mp.err }

// sliceReader reads a byte slice (bufio.Reader's source for a peek).
type sliceReader struct{ b []byte }

func (s *sliceReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

// takeZstd returns a zstd decoder of the file's, or of the process' when
// the file's text pages are small (sharedZstd): made once and kept,
// where arrow-go's pool loses them at every collection (a new one
// allocates its 2.3 MiB history ring).
//
// Those of a file of small text chunks are kept for the process (session
// 23): the excerpts' read of a few rows again at the end of a scan
// (readWanted, whose Source is new) then takes the decoder the first
// read used, its ring's pages touched already, where a new one's were
// first touched on the run's last core. A file with a text chunk over
// sharedZstdRaw is left its own, as before: its rows' starts are kept
// for the excerpts (internal/excerpt's keepsRows), so it is not read
// again, and its decoders' rings, as large as the writer's window,
// would stay live through the finishes (pyarrow's layout of the 200 MB
// mail, one row group: 3 rounds, 37,601 faults against 39,116 and peak
// RSS 175.5 against 181.4 MB with every file's kept).
func (src *Source) takeZstd() *zstd.Decoder {
	z := src.zstds()
	z.zmu.Lock()
	defer z.zmu.Unlock()
	if n := len(z.zstds); n > 0 {
		d := z.zstds[n-1]
		z.zstds = z.zstds[:n-1]
		return d
	}
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil // ownBatch then stops on the first page
	}
	zstdMade.Add(1)
	return d
}

func (src *Source) putZstd(d *zstd.Decoder) {
	z := src.zstds()
	z.zmu.Lock()
	z.zstds = append(z.zstds, d)
	z.zmu.Unlock()
}

// zstds is where src's zstd decoders are kept.
func (src *Source) zstds() *zstdList {
	if src.sharedZstd {
		return &keptZstd
	}
	return &src.zstdList
}

// zstdList is a list of kept zstd decoders.
type zstdList struct {
	zmu   sync.Mutex
	zstds []*zstd.Decoder
}

// keptZstd holds the zstd decoders of the files of small text chunks,
// shared by every Reader: no more than were ever in use at once.
var keptZstd zstdList

// sharedZstdRaw is the largest text column chunk (uncompressed bytes)
// of a file whose zstd decoders keptZstd keeps: internal/excerpt's
// keepRowGroupBytes. A variable for the tests.
var sharedZstdRaw int64 = 32 << 20

// zstdMade counts the zstd decoders takeZstd made (see ZstdMade).
var zstdMade atomic.Int64

// ZstdMade returns how many zstd decoders pageText has made in this
// process: tests tell with it that a read took a kept one.
func ZstdMade() int64 { return zstdMade.Load() }

// batch reads the next n rows of the chunk, or fewer (at least one),
// into a StrCol whose data comes from mem, sized for about est bytes;
// read is false where it stopped (see pageText).
//
// It ends early where a long value (half of batchRoom or more) would
// take the text past batchRoom, what a buffer mem makes for est holds:
// before the long value, which then opens the next call's StrCol
// (p.held), in a buffer of its own size when it is longer than the one
// mem hands out, and after it. Grown instead, the StrCol was copied into
// a buffer twice its size, every byte of the copy a fresh page: the two
// mails of over 1 MB of the 200 MB corpus took 806 page faults in that
// copy (3.2 MB) on the benchmark Parquet. Where it ends depends only on
// the values and est, not on which buffer mem hands out, so the pieces
// are the same from run to run; readDirect hands them on as batches
// once all n rows are read (see there).
func (p *pageText) batch(mem *recycle.Recycler, n, est int64) (col *batch.StrCol, read bool) {
	col = &batch.StrCol{Offs: make([]int32, 1, n+1), Alloc: mem}
	size := int(min(max(est, 0), maxPreAlloc))
	col.Data = mem.Get(size)
	room := batchRoom(size)
	long := false // the batch holds a long value (half its room or more)
	for range n {
		var l uint32
		if p.hasHeld {
			l, p.hasHeld = p.held, false
		} else {
			if p.pageLeft == 0 {
				if p.next() != nil {
					return col, false
				}
			}
			p.pageLeft--
			if p.maxDef > 0 {
				d := p.defs[p.defAt]
				p.defAt++
				if d == 0 {
					col.AppendNull()
					continue
				}
			}
			var err error
			l, err = p.vals.u32()
			if err != nil || int64(l) > p.vals.left || len(col.Data)+int(l) > 1<<31-1 {
				return col, false
			}
		}
		at := len(col.Data)
		if at+int(l) > room && at > 0 && (long || int(l) >= room/2) {
			p.held, p.hasHeld = l, true
			return col, true
		}
		long = long || int(l) >= room/2
		if at+int(l) > cap(col.Data) {
			if at == 0 {
				// The batch's first value, longer than the buffer mem
				// handed out: a buffer of room, or of the value's size
				// if larger (the next value then ends the batch).
				mem.Free(col.Data)
				col.Data = make([]byte, 0, max(int(l), room))
			} else {
				// A buffer mem handed out with less than room (made for
				// a smaller est): grown, as before ending early.
				col.Data = mem.Grow(col.Data, at+int(l))
			}
		}
		col.Data = col.Data[:at+int(l)]
		if p.vals.read(col.Data[at:]) != nil {
			return col, false
		}
		col.Commit()
	}
	if p.pageLeft == 0 && p.end() != nil {
		return col, false
	}
	return col, true
}

// skip passes over the next n values of the chunk without keeping them
// (readWanted's rows between those wanted): each value is still
// decompressed, into scratch, since its length tells where the next
// starts.
func (p *pageText) skip(n int64) error {
	for ; n > 0; n-- {
		present, err := p.advance()
		if err != nil {
			return err
		}
		if !present {
			continue
		}
		l, err := p.vals.u32()
		if err != nil || int64(l) > p.vals.left {
			return errPages
		}
		for l > 0 {
			if p.scratch == nil {
				p.scratch = make([]byte, 16<<10)
			}
			k := min(l, uint32(len(p.scratch)))
			if err := p.vals.read(p.scratch[:k]); err != nil {
				return err
			}
			l -= k
		}
	}
	return nil
}

// advance moves to the chunk's next value, opening the next page when
// this one is used up, and says whether the value is present (not null).
func (p *pageText) advance() (bool, error) {
	if p.pageLeft == 0 {
		if err := p.next(); err != nil {
			return false, err
		}
	}
	p.pageLeft--
	if p.maxDef > 0 {
		d := p.defs[p.defAt]
		p.defAt++
		return d != 0, nil
	}
	return true, nil
}

// value appends the next value of the chunk to col (a null as a null).
func (p *pageText) value(col *batch.StrCol) error {
	present, err := p.advance()
	if err != nil {
		return err
	}
	if !present {
		col.AppendNull()
		return nil
	}
	l, err := p.vals.u32()
	if err != nil || int64(l) > p.vals.left || len(col.Data)+int(l) > 1<<31-1 {
		return errPages
	}
	at := len(col.Data)
	col.Data = slices.Grow(col.Data, int(l))[:at+int(l)]
	if err := p.vals.read(col.Data[at:]); err != nil {
		return err
	}
	col.Commit()
	return nil
}

// end checks that the page just read held nothing more: every byte of
// it taken, and the decompressor at its end.
func (p *pageText) end() error {
	if p.vals.rd == nil {
		return nil
	}
	if p.vals.left != 0 {
		return errPages
	}
	var one [1]byte
	if n, err := p.vals.rd.Read(one[:]); n != 0 || err != io.EOF {
		return errPages
	}
	p.vals.rd = nil
	// A decompressor need not read the last bytes of its input (arrow-go
	// drops them too).
	if _, err := io.Copy(io.Discard, &p.page); err != nil {
		return errPages
	}
	return nil
}

// next reads the next page's header and levels.
func (p *pageText) next() error {
	if err := p.end(); err != nil {
		return err
	}
	if p.rowsLeft == 0 {
		return errPages // the footer's values are read: more are not
	}
	var h pageHeader
	t := thriftIn{br: p.in}
	if err := readPageHeader(&t, &h); err != nil || !h.ours(p) {
		return errPages
	}
	p.page = io.LimitedReader{R: p.in, N: int64(h.comp)}
	var rd io.Reader
	switch p.codec {
	case compress.Codecs.Uncompressed:
		if h.comp != h.uncomp {
			return errPages
		}
		rd = &p.page
	case compress.Codecs.Zstd:
		if p.zd == nil || p.zd.Reset(&p.page) != nil {
			return errPages
		}
		rd = p.zd
	case compress.Codecs.Gzip:
		if p.gz == nil {
			gz, err := gzip.NewReader(&p.page)
			if err != nil {
				return errPages
			}
			p.gz = gz
		} else if p.gz.Reset(&p.page) != nil {
			return errPages
		}
		rd = p.gz
	case compress.Codecs.Snappy:
		p.sn.reset(&p.page, int64(h.uncomp))
		rd = &p.sn
	default:
		return errPages
	}
	p.vals = pageBytes{rd: rd, left: int64(h.uncomp)}
	nv := int64(h.nvals)
	p.rowsLeft -= nv
	p.pageLeft = nv
	if p.maxDef == 0 {
		return nil
	}
	// The definition levels: a 4-byte length, then the RLE/bit-packed
	// hybrid of bit width 1. A run of single levels takes 2 bytes each.
	n, err := p.vals.u32()
	if err != nil || int64(n) > p.vals.left || int64(n) > 2*nv+64 {
		return errPages
	}
	p.lvl = slices.Grow(p.lvl[:0], int(n))[:n]
	if p.vals.read(p.lvl) != nil {
		return errPages
	}
	p.defs = slices.Grow(p.defs[:0], int(nv))[:nv]
	p.defAt = 0
	if !decodeLevels(p.lvl, p.defs) {
		return errPages
	}
	return nil
}

// ours says whether h is a page pageText reads: a version 1 data page
// of PLAIN values, levels as pageText reads them, sizes within the
// reader's limits, no more values than the chunk has left.
func (h *pageHeader) ours(p *pageText) bool {
	return h.typ == 0 && h.hasData && h.enc == 0 &&
		(p.maxDef == 0 || h.defEnc == 3) &&
		h.comp >= 0 && h.uncomp >= 0 && int64(h.comp) <= p.maxPage && int64(h.uncomp) <= p.maxPage &&
		h.nvals > 0 && int64(h.nvals) <= p.rowsLeft
}

// decodeLevels decodes the definition levels of a flat optional column
// (bit width 1) from src into out, every one of them; false if src does
// not hold them all or holds a level above 1.
func decodeLevels(src, out []byte) bool {
	k := 0
	for k < len(out) {
		h, n := binary.Uvarint(src)
		if n <= 0 || h>>1 == 0 {
			return false
		}
		src = src[n:]
		if h&1 == 0 { // a run of one value
			if len(src) == 0 || src[0] > 1 {
				return false
			}
			v := src[0]
			src = src[1:]
			run := int(min(h>>1, uint64(len(out)-k)))
			for i := range run {
				out[k+i] = v
			}
			k += run
			continue
		}
		groups := h >> 1 // of 8 levels, one byte each
		if groups > uint64(len(src)) {
			return false
		}
		for _, b := range src[:groups] {
			for bit := 0; bit < 8 && k < len(out); bit++ {
				out[k] = b >> bit & 1
				k++
			}
		}
		src = src[groups:]
	}
	return true
}

// pageBytes reads a page's decompressed bytes, no more than the page
// holds.
type pageBytes struct {
	rd   io.Reader
	left int64
	four [4]byte
}

func (p *pageBytes) u32() (uint32, error) {
	if err := p.read(p.four[:]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(p.four[:]), nil
}

func (p *pageBytes) read(dst []byte) error {
	if int64(len(dst)) > p.left || p.rd == nil {
		return errPages
	}
	if _, err := io.ReadFull(p.rd, dst); err != nil {
		return errPages
	}
	p.left -= int64(len(dst))
	return nil
}

// pageHeader is what pageText reads of a Parquet PageHeader (thrift).
type pageHeader struct {
	typ, uncomp, comp          int32
	hasData                    bool
	nvals, enc, defEnc, repEnc int32
}

// thriftIn reads thrift's compact protocol.
type thriftIn struct {
	br  io.ByteReader
	n   int
	err error
}

var errThrift = errors.New("page header not read")

func (t *thriftIn) byte() byte {
	if t.err != nil {
		return 0
	}
	if t.n++; t.n > pageHeaderMax {
		t.err = errThrift
		return 0
	}
	b, err := t.br.ReadByte()
	if err != nil {
		t.err = errThrift
	}
	return b
}

func (t *thriftIn) uvarint() uint64 {
	var x uint64
	for s := uint(0); s < 64; s += 7 {
		b := t.byte()
		if t.err != nil {
			return 0
		}
		x |= uint64(b&0x7f) << s
		if b < 0x80 {
			return x
		}
	}
	t.err = errThrift
	return 0
}

// i32 reads a zigzag varint that must fit 32 bits.
func (t *thriftIn) i32() int32 {
	u := t.uvarint()
	v := int64(u>>1) ^ -int64(u&1)
	if v != int64(int32(v)) {
		t.err = errThrift
	}
	return int32(v)
}

// skip skips a value of compact type typ; inList says that a boolean is
// a byte of its own (in a field header it is in the type).
func (t *thriftIn) skip(typ byte, inList bool, depth int) {
	if depth > 16 {
		t.err = errThrift
		return
	}
	switch typ {
	case 1, 2:
		if inList {
			t.byte()
		}
	case 3:
		t.byte()
	case 4, 5, 6:
		t.uvarint()
	case 7:
		for range 8 {
			t.byte()
		}
	case 8:
		n := t.uvarint()
		if n > pageHeaderMax {
			t.err = errThrift
			return
		}
		for range n {
			if t.byte(); t.err != nil {
				return
			}
		}
	case 9, 10:
		h := t.byte()
		n, et := uint64(h>>4), h&15
		if n == 15 {
			n = t.uvarint()
		}
		if n > pageHeaderMax {
			t.err = errThrift
			return
		}
		for range n {
			if t.skip(et, true, depth+1); t.err != nil {
				return
			}
		}
	case 11:
		n := t.uvarint()
		if n > pageHeaderMax {
			t.err = errThrift
			return
		}
		if n > 0 {
			kv := t.byte()
			for range n {
				t.skip(kv>>4, true, depth+1)
				if t.skip(kv&15, true, depth+1); t.err != nil {
					return
				}
			}
		}
	case 12:
		t.fields(depth+1, func(int16, byte) bool { return false })
	default:
		t.err = errThrift
	}
}

// fields reads a struct's fields up to its stop: f reads the field id of
// compact type typ and returns true, or returns false to have it skipped.
func (t *thriftIn) fields(depth int, f func(id int16, typ byte) bool) {
	if depth > 16 {
		t.err = errThrift
		return
	}
	var last int16
	for t.err == nil {
		h := t.byte()
		if h == 0 || t.err != nil {
			return
		}
		typ := h & 15
		id := last + int16(h>>4)
		if h>>4 == 0 {
			v := t.i32()
			if v != int32(int16(v)) {
				t.err = errThrift
				return
			}
			id = int16(v)
		}
		last = id
		if !f(id, typ) {
			t.skip(typ, false, depth)
		}
	}
}

// readPageHeader reads a PageHeader: its type, sizes and data page
// header. A field it reads that comes twice, or a required one missing,
// is an error.
func readPageHeader(t *thriftIn, h *pageHeader) error {
	*h = pageHeader{}
	var seen, dseen uint
	once := func(seen *uint, bit uint) {
		if *seen&bit != 0 {
			t.err = errThrift
		}
		*seen |= bit
	}
	t.fields(0, func(id int16, typ byte) bool {
		switch {
		case id == 1 && typ == 5:
			once(&seen, 1)
			h.typ = t.i32()
		case id == 2 && typ == 5:
			once(&seen, 2)
			h.uncomp = t.i32()
		case id == 3 && typ == 5:
			once(&seen, 4)
			h.comp = t.i32()
		case id == 5 && typ == 12:
			once(&seen, 8)
			h.hasData = true
			t.fields(1, func(id int16, typ byte) bool {
				if typ != 5 || id < 1 || id > 4 {
					return false
				}
				once(&dseen, 1<<id)
				v := t.i32()
				switch id {
				case 1:
					h.nvals = v
				case 2:
					h.enc = v
				case 3:
					h.defEnc = v
				case 4:
					h.repEnc = v
				}
				return true
			})
		default:
			return false
		}
		return true
	})
	if t.err != nil || seen&7 != 7 || (h.hasData && dseen != 0x1e) {
		return errThrift
	}
	return nil
}

// snappyWindow is how much of a snappy page's output snappyStream keeps
// of a page larger than snappyWhole: a copy may reach back snappyKeep
// bytes at least (the C++ library's blocks are 64 KiB), and one reaching
// further than what is kept stops pageText. A page up to snappyWhole is
// decoded into a buffer of its size, every copy allowed: Go's encoders
// (klauspost's snappy and s2, which arrow-go writes with) make one block
// of a page, its copies reaching back anywhere.
const (
	snappyWindow = 1 << 20
	snappyKeep   = 64 << 10
	snappyWhole  = 8 << 20
)

// errSnappy is a snappy page pageText does not read (corrupt, or a copy
// past the window).
var errSnappy = errors.New("snappy page not read")

// snappyStream decodes a snappy block (a Parquet page) as a stream.
type snappyStream struct {
	src        io.Reader
	in         []byte // compressed bytes, in[ip:ie] not decoded
	ip, ie     int
	eof        bool
	out        []byte // the window: out[rp:op] not read
	op, rp     int
	made, want int64 // bytes decoded and the block's length
	lit        int64 // bytes of the current literal not copied
	started    bool
	err        error
}

func (s *snappyStream) reset(src io.Reader, want int64) {
	if s.in == nil {
		s.in = make([]byte, 64<<10)
	}
	size := want
	if want > snappyWhole {
		size = snappyWindow
	}
	if n := int(size) + 64; cap(s.out) < n {
		s.out = make([]byte, n)
	}
	s.out = s.out[:cap(s.out)]
	*s = snappyStream{src: src, in: s.in, out: s.out, want: want}
}

// refill reads compressed bytes until at least n are buffered or the
// input ends; it says whether n are.
func (s *snappyStream) refill(n int) bool {
	if s.ie-s.ip >= n {
		return true
	}
	s.ie = copy(s.in, s.in[s.ip:s.ie])
	s.ip = 0
	for s.ie < n && !s.eof {
		k, err := s.src.Read(s.in[s.ie:])
		s.ie += k
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = errSnappy
			}
		}
	}
	return s.ie >= n
}

func (s *snappyStream) Read(p []byte) (int, error) {
	for s.rp == s.op {
		if s.err != nil {
			return 0, s.err
		}
		if s.started && s.made == s.want {
			if s.lit == 0 && !s.refill(1) && s.err == nil {
				return 0, io.EOF // all decoded, all input used
			}
			s.err = errSnappy
			return 0, s.err
		}
		s.decode()
	}
	n := copy(p, s.out[s.rp:s.op])
	s.rp += n
	return n, nil
}

// decode decodes up to about 64 KiB more into the window, moving it down
// first if it is nearly full (everything in it read).
func (s *snappyStream) decode() {
	if !s.started {
		s.refill(binary.MaxVarintLen64)
		v, n := binary.Uvarint(s.in[s.ip:s.ie])
		if n <= 0 || v != uint64(s.want) {
			s.err = errSnappy
			return
		}
		s.ip += n
		s.started = true
	}
	if room := len(s.out) - s.op; int64(room) < s.want-s.made && room < 64<<10+64 {
		keep := min(s.op, snappyKeep)
		copy(s.out, s.out[s.op-keep:s.op])
		s.op, s.rp = keep, keep
	}
	stop := min(len(s.out), s.op+64<<10)
	for s.made < s.want && s.err == nil {
		if s.lit == 0 {
			s.fast(stop)
			if s.made == s.want || s.err != nil {
				return
			}
		}
		if s.lit > 0 {
			if s.ip == s.ie && !s.refill(1) {
				s.err = errSnappy
				return
			}
			k := int(min(s.lit, int64(s.ie-s.ip), int64(stop-s.op)))
			if k == 0 {
				return
			}
			copy(s.out[s.op:], s.in[s.ip:s.ip+k])
			s.ip += k
			s.op += k
			s.made += int64(k)
			s.lit -= int64(k)
			continue
		}
		if stop-s.op < 64 {
			return
		}
		s.refill(5)
		if s.ip == s.ie {
			s.err = errSnappy
			return
		}
		in := s.in[s.ip:s.ie]
		tag := in[0]
		var length, off int
		switch tag & 3 {
		case 0:
			l := int64(tag >> 2)
			if l >= 60 {
				nb := int(l) - 59
				if len(in) < 1+nb {
					s.err = errSnappy
					return
				}
				l = 0
				for i := nb; i >= 1; i-- {
					l = l<<8 | int64(in[i])
				}
				s.ip += nb
			}
			s.ip++
			if l+1 > s.want-s.made {
				s.err = errSnappy
				return
			}
			s.lit = l + 1
			continue
		case 1:
			if len(in) < 2 {
				s.err = errSnappy
				return
			}
			length = 4 + int(tag>>2&7)
			off = int(tag&0xe0)<<3 | int(in[1])
			s.ip += 2
		case 2:
			if len(in) < 3 {
				s.err = errSnappy
				return
			}
			length = 1 + int(tag>>2)
			off = int(binary.LittleEndian.Uint16(in[1:]))
			s.ip += 3
		case 3:
			if len(in) < 5 {
				s.err = errSnappy
				return
			}
			length = 1 + int(tag>>2)
			off = int(binary.LittleEndian.Uint32(in[1:]))
			s.ip += 5
		}
		if off == 0 || off > s.op || int64(length) > s.want-s.made {
			s.err = errSnappy // corrupt, or past the window
			return
		}
		if off >= length {
			copy(s.out[s.op:s.op+length], s.out[s.op-off:])
		} else {
			for i := range length {
				s.out[s.op+i] = s.out[s.op-off+i]
			}
		}
		s.op += length
		s.made += int64(length)
	}
}

// fast decodes the elements wholly in the input buffer while a copy fits
// the window before stop; decode takes the rest (long literals, the
// input's end, errors to tell) one element at a time.
//
// Its loads and stores are unchecked (unsafe.Add): the loop runs while 65
// bytes of input are left (a tag and a short literal of up to 60 bytes,
// moved in steps of 16 rounded up; a copy's tag and offset take 5 at
// most) and 64 bytes of window (a copy is at most 64 bytes, moved in
// steps of 8 or 16), and a copy's offset is checked against the bytes
// decoded. A copy whose offset is 16 or more moves 16 bytes a step, each
// read from bytes already written; 8 to 15, 8 bytes a step; under 8 (a
// run), byte by byte, as snappy defines it.
// TestSnappyFast holds it to decode's element-at-a-time path.
func (s *snappyStream) fast(stop int) {
	if !snappyFast {
		return
	}
	in, out := s.in[:s.ie], s.out[:stop]
	ip, op, start := s.ip, s.op, s.op
	left := int(min(s.want-s.made, int64(stop-s.op)))
	end := op + left // out[op:end] may be written
	inp, outp := unsafe.Pointer(unsafe.SliceData(in)), unsafe.Pointer(unsafe.SliceData(out))
loop:
	for ip+65 <= len(in) && op+64 <= end {
		tag := *(*byte)(unsafe.Add(inp, ip))
		var length, off int
		switch tag & 3 {
		case 0:
			l := int(tag>>2) + 1
			if l > 60 {
				break loop // a long literal: decode's
			}
			// 16 bytes at a time: in has 64 after the tag, out room for
			// 64 (the bytes past the literal are written over next).
			src, dst := unsafe.Add(inp, ip+1), unsafe.Add(outp, op)
			for i := 0; i < l; i += 16 {
				*(*[16]byte)(unsafe.Add(dst, i)) = *(*[16]byte)(unsafe.Add(src, i))
			}
			ip += 1 + l
			op += l
			continue
		case 1:
			length = 4 + int(tag>>2&7)
			off = int(tag&0xe0)<<3 | int(*(*byte)(unsafe.Add(inp, ip+1)))
			ip += 2
		case 2:
			length = 1 + int(tag>>2)
			off = int(binary.LittleEndian.Uint16((*[2]byte)(unsafe.Add(inp, ip+1))[:]))
			ip += 3
		default:
			length = 1 + int(tag>>2)
			off = int(binary.LittleEndian.Uint32((*[4]byte)(unsafe.Add(inp, ip+1))[:]))
			ip += 5
		}
		if off == 0 || off > op {
			s.err = errSnappy // corrupt, or past the window
			return
		}
		dst := unsafe.Add(outp, op)
		src := unsafe.Add(dst, -off)
		switch {
		case off >= 16:
			for i := 0; i < length; i += 16 {
				*(*[16]byte)(unsafe.Add(dst, i)) = *(*[16]byte)(unsafe.Add(src, i))
			}
		case off >= 8:
			for i := 0; i < length; i += 8 {
				*(*[8]byte)(unsafe.Add(dst, i)) = *(*[8]byte)(unsafe.Add(src, i))
			}
		default:
			for i := range length {
				*(*byte)(unsafe.Add(dst, i)) = *(*byte)(unsafe.Add(src, i))
			}
		}
		op += length
	}
	s.ip, s.op = ip, op
	s.made += int64(op - start)
}

// snappyFast turns on snappyStream's fast loop (fast); tests turn it off
// to compare with decode's element-at-a-time path.
var snappyFast = true
