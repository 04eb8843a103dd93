package columnar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/parquetcompat"
	"github.com/dataaudit/dataaudit/internal/recycle"
	"github.com/dataaudit/dataaudit/internal/source"
)

// magicParquet starts and ends every Parquet file.
var magicParquet = []byte("PAR1")

// Source is a Parquet file whose footer was read and whose columns were
// resolved before any worker starts, so that a wrong --text is an error up
// front rather than once per row group.
type Source struct {
	idx     int
	in      source.Input
	leaves  []int      // leaf column indices to read
	text    [][]string // dotted paths of the text fields, split
	label   []string
	id      []string
	rgStart []int64 // first row of each row group
	rgRows  []int64
	rgBytes []int64 // compressed bytes of the columns read, per row group
	// rgSkip holds, per row group, a finding that stands for the whole row
	// group instead of reading it (a column chunk outside the file, say),
	// or a zero BadRecord. A last entry past the footer's row groups holds
	// the rows the footer's total has and no row group does.
	rgSkip []batch.BadRecord
	groups int // the footer's row groups (rgRows may have one more)
	// md is the footer rewritten without logical types arrow-go does not
	// know (see parquetcompat.DropUnknownLogicalTypes), or nil for the file's own.
	md *metadata.FileMetaData
	// nested is true when a column read sits under a struct: pqarrow then
	// opens its column chunks in goroutines of its own (see ReadRowGroup).
	nested bool
	// batchRows is the pqarrow batch size for this file: Options.BatchRows,
	// or about batchTargetBytes of the columns read (see batchRowsFor).
	batchRows int
	// preAlloc turns on pqarrow's PreAllocBinaryData: each batch's string
	// data is reserved once from the footer's sizes instead of grown by
	// doubling (each doubling a copy of what was read). Only when the
	// footer's sizes ask for at most maxPreAlloc a batch and column: they
	// are the file's word, and a corrupt footer must not make the reader
	// allocate what it claims (see preAllocOK).
	preAlloc bool
	// shape says where chat or instruction data is (parquet_chat.go).
	shape pqShape
	// textLeaf is the leaf of the text when it is one top-level column
	// of strings, not repeated, without chat or instruction shapes: rows
	// named by Options.Only are then read from it alone (readWanted).
	// Else -1.
	textLeaf int
	// direct says that row groups are read by readDirect (directOK), and
	// rgRaw holds the text column's uncompressed bytes per row group.
	direct bool
	rgRaw  []int64
	// directMem holds the text buffers of readDirect's batches, shared
	// by every Reader of the file (see directKeep).
	directMem *recycle.Recycler
	// zstdList holds pageText's zstd decoders for the file's Readers
	// when they are not shared with every file (sharedZstd).
	zstdList
	sharedZstd bool
	// idLeaf is the leaf of the --id column when readWanted can read it
	// beside the text (wantedIDOK): one top-level column, not repeated,
	// of strings or 32- or 64-bit integers. Else -1.
	idLeaf int
}

// checkParquetMagic tells a file that is not Parquet from one cut short:
// arrow-go says "file is smaller than indicated metadata size" for both.
func checkParquetMagic(f source.File, size int64) error {
	if size < 12 {
		return fmt.Errorf("not a Parquet file: only %d bytes", size)
	}
	head := make([]byte, 4)
	tail := make([]byte, 4)
	if _, err := f.ReadAt(head, 0); err != nil {
		return err
	}
	if _, err := f.ReadAt(tail, size-4); err != nil {
		return err
	}
	switch {
	case !bytes.Equal(head, magicParquet):
		return fmt.Errorf("not a Parquet file: it does not start with PAR1 (starts with %q)", head)
	case bytes.Equal(tail, []byte("PARE")):
		return errors.New("encrypted Parquet footers are not supported")
	case !bytes.Equal(tail, magicParquet):
		return fmt.Errorf("truncated Parquet file: it starts with PAR1 but does not end with it (%d bytes; was the copy cut short?)", size)
	}
	return nil
}

// PageStreaming turns on arrow-go's streaming page decoder (see
// readerProps). A variable so that tests can read the same files both ways.
var PageStreaming = true

func readerProps(mem memory.Allocator, maxPage int64) *parquet.ReaderProperties {
	props := parquet.NewReaderProperties(mem)
	// A page header that claims more than this is refused before its
	// buffers are allocated.
	props.MaxCompressedPageSize = maxPage
	props.MaxUncompressedPageSize = maxPage
	// Read pages through a buffered stream instead of whole column chunks:
	// on a zstd corpus this peaked at 56 MB instead of 411 MB (see
	// benchmarks/README.md).
	//
	// Tried and not kept (session 16): a smaller buffer (arrow-go makes
	// one for each column chunk opened, 6-9 MB a run on the 200 MB
	// corpus, and it holds the compressed bytes zstd reads next). Default
	// audit, 5 rounds alternated (load 11-15): 2.19 CPU s (mean; 1 MiB),
	// 2.29 (256 KiB), 2.29 (128 KiB); peak RSS 207, 222, 205 MB; minor
	// faults 43,200, 43,400, 42,500: no gain.
	props.BufferedStreamEnabled = true
	props.BufferSize = 1 << 20
	// Decode large PLAIN pages as a stream instead of whole (arrow-go
	// v18.8, PLAIN BYTE_ARRAY pages over 1 MiB, uncompressed, zstd, gzip
	// or brotli; not snappy, which pageText streams for the direct
	// reader's text, see there). DuckDB writes a column chunk as one page of 20-100 MB;
	// decompressed whole, each worker held it plus its compressed copy,
	// and fresh memory is what costs here. On the 200 MB corpus peak RSS
	// went from 185 to 123 MB (DuckDB defaults: 300 to 115 MB) and system
	// time after a DuckDB run from 0.3-0.4 s to 0.1-0.2 s; see
	// benchmarks/README.md.
	props.PageStreamingEnabled = PageStreaming
	return props
}

// leafPaths lists the dotted paths of a file's leaf columns.
func leafPaths(rdr *file.Reader) []string {
	sc := rdr.MetaData().Schema
	out := make([]string, sc.NumColumns())
	for i := range out {
		out[i] = sc.Column(i).ColumnPath().String()
	}
	return out
}

// panicReason is the short reason given for a panic recovered from the
// Parquet reader: its value, without the goroutine dump.
func panicReason(v any) string {
	s := fmt.Sprint(v)
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return "the Parquet reader failed (arrow-go panicked): " + s
}

// PrepareParquet reads the footer of a Parquet file and resolves the
// requested columns. A panic of the Parquet reader (arrow-go panics on some
// malformed footers) makes the file unreadable, like any other failure to
// read it.
func PrepareParquet(idx int, in source.Input, opts *batch.Options) (src *Source, err error) {
	defer func() {
		if v := recover(); v != nil {
			src, err = nil, batch.Unreadable(fmt.Errorf("%s: read Parquet footer: %s", in.Path, panicReason(v)))
		}
	}()
	return prepareParquetFile(idx, in, opts)
}

// openFooter opens f with arrow-go, reading its footer unless md is given.
// A panic of arrow-go is returned as a *readerPanic error.
func openFooter(f source.File, opts *batch.Options, md *metadata.FileMetaData) (rdr *file.Reader, err error) {
	defer func() {
		if v := recover(); v != nil {
			rdr, err = nil, &readerPanic{panicReason(v)}
		}
	}()
	return file.NewParquetReader(f, file.WithReadProps(readerProps(opts.Allocator(), opts.MaxPage())), file.WithMetadata(md))
}

// readerPanic is a panic of arrow-go, recovered.
type readerPanic struct{ why string }

func (e *readerPanic) Error() string { return e.why }

// patchedFooter returns the footer of f without the logical types arrow-go
// does not know, if it has any: a newer writer may annotate a column with a
// type an older reader should ignore, and DuckDB reads such a file.
// Otherwise it returns nil.
func patchedFooter(f source.File, size int64) (md *metadata.FileMetaData, cols []string) {
	footer, err := parquetcompat.ReadFooter(f, size)
	if err != nil {
		return nil, nil
	}
	patched, cols, err := parquetcompat.DropUnknownLogicalTypes(footer)
	if err != nil || len(cols) == 0 {
		return nil, nil
	}
	defer func() {
		if v := recover(); v != nil {
			md, cols = nil, nil
		}
	}()
	if md, err = metadata.NewFileMetaData(patched, nil); err != nil {
		return nil, nil
	}
	md.SetSourceFileSize(size - 8 - int64(len(footer)))
	return md, cols
}

func prepareParquetFile(idx int, in source.Input, opts *batch.Options) (*Source, error) {
	// Failures to read the file are batch.Unreadable(...): the run goes on with
	// the other inputs. A missing or mistyped column is a usage error.
	f, err := in.Open()
	if err != nil {
		return nil, batch.Unreadable(err)
	}
	defer f.Close()
	if err := checkParquetMagic(f, in.Size); err != nil {
		return nil, batch.Unreadable(fmt.Errorf("%s: %w", in.Path, err))
	}
	rdr, err := openFooter(f, opts, nil)
	var md *metadata.FileMetaData
	if rp := (*readerPanic)(nil); errors.As(err, &rp) {
		// arrow-go panics on a logical type it does not know, even in a
		// column not read: try again without those.
		if md, _ = patchedFooter(f, in.Size); md != nil {
			rdr, err = openFooter(f, opts, md)
		}
	}
	if err != nil {
		return nil, batch.Unreadable(fmt.Errorf("%s: read Parquet footer: %w", in.Path, err))
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: maxBatchRows}, opts.Allocator())
	if err != nil {
		return nil, batch.Unreadable(fmt.Errorf("%s: %w", in.Path, err))
	}
	asc, err := fr.Schema()
	if err != nil {
		return nil, batch.Unreadable(fmt.Errorf("%s: arrow schema: %w", in.Path, err))
	}
	paths := leafPaths(rdr)
	src := &Source{idx: idx, in: in}
	src.md = md // the workers read the file with the same footer
	need := func(flag, name string, ok func(arrow.DataType) bool, want string) ([]string, error) {
		leaf, times := -1, 0
		var group []string
		for i, p := range paths {
			if p == name {
				leaf = i
				times++
			} else if strings.HasPrefix(p, name+".") {
				group = append(group, p)
			}
		}
		if times > 1 {
			// Which one was meant is not known; reading one would leave
			// the other out unsaid.
			return nil, fmt.Errorf("%s: %s column %q is in the file %d times: name a file whose columns have distinct names", in.Path, flag, name, times)
		}
		if leaf < 0 {
			if len(group) > 0 {
				return nil, fmt.Errorf("%s: %s column %q is not a single column; its leaves are: %s", in.Path, flag, name, strings.Join(group, ", "))
			}
			return nil, fmt.Errorf("%s: no %s column %q; the file has: %s", in.Path, flag, name, strings.Join(paths, ", "))
		}
		path := strings.Split(name, ".")
		if len(path) > 1 {
			src.nested = true
		}
		dt, err := fieldType(asc, path)
		if err != nil {
			return nil, fmt.Errorf("%s: %s column %q: %w", in.Path, flag, name, err)
		}
		if !ok(dt) {
			return nil, fmt.Errorf("%s: %s column %q has type %s, want %s", in.Path, flag, name, dt, want)
		}
		// Several fields may share a leaf only if named twice; read it once.
		for _, l := range src.leaves {
			if l == leaf {
				return path, nil
			}
		}
		src.leaves = append(src.leaves, leaf)
		return path, nil
	}
	text := opts.Text
	if opts.DetectShape && len(text) == 1 && !slices.Contains(paths, text[0]) {
		// No text column: a list of turns, or an instruction triple.
		for _, f := range [...]string{"messages", "conversations"} {
			if _, _, _, ok := turnsColumn(asc, f); ok {
				text = []string{f}
				break
			}
		}
		if slices.Contains(paths, "instruction") && slices.Contains(paths, "output") {
			src.shape.shape = batch.ShapeAlpaca
			for _, f := range []struct {
				name string
				dst  *[]string
			}{{"instruction", &src.shape.instr}, {"input", &src.shape.input}, {"output", &src.shape.output}} {
				if f.name == "input" && !slices.Contains(paths, f.name) {
					continue
				}
				if *f.dst, err = need("--text", f.name, batch.IsTextType, "a string column"); err != nil {
					return nil, err
				}
			}
			text = nil
		}
	}
	for _, t := range text {
		if shape, role, content, ok := turnsColumn(asc, t); ok && len(text) == 1 {
			src.shape = pqShape{shape: shape, turns: t, role: role, content: content}
			rl, cl := turnLeaves(paths, t, role), turnLeaves(paths, t, content)
			if len(rl) != 1 || len(cl) != 1 {
				return nil, fmt.Errorf("%s: --text column %q: want one %s and one %s leaf of a list of structs", in.Path, t, role, content)
			}
			if ct, _ := asc.Field(asc.FieldIndices(t)[0]).Type.(arrow.ListLikeType).Elem().(*arrow.StructType).FieldByName(content); !batch.IsTextType(ct.Type) {
				return nil, fmt.Errorf("%s: --text column %q: field %q has type %s, want a string (lists of content parts are read from JSONL only)", in.Path, t, content, ct.Type)
			}
			src.leaves = append(src.leaves, rl[0], cl[0])
			src.nested = true
			continue
		}
		p, err := need("--text", t, batch.IsTextType, "a string column")
		if err != nil {
			return nil, err
		}
		src.text = append(src.text, p)
	}
	if opts.Prompt != "" {
		if src.shape.prompt, err = need("--prompt", opts.Prompt, batch.IsTextType, "a string column"); err != nil {
			return nil, err
		}
	}
	if opts.Response != "" {
		if src.shape.response, err = need("--response", opts.Response, batch.IsTextType, "a string column"); err != nil {
			return nil, err
		}
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
	sort.Ints(src.leaves)
	src.idLeaf = -1
	if len(src.id) == 1 {
		if i := slices.Index(paths, src.id[0]); i >= 0 {
			dt, _ := fieldType(asc, src.id)
			if wantedIDOK(rdr.MetaData().Schema.Column(i), dt) {
				src.idLeaf = i
			}
		}
	}
	src.textLeaf = -1
	if len(src.text) == 1 && len(src.text[0]) == 1 && !src.nested && src.shape.shape == batch.ShapeText && src.shape.turns == "" &&
		src.shape.prompt == nil && src.shape.response == nil {
		if i := slices.Index(paths, src.text[0][0]); i >= 0 {
			col := rdr.MetaData().Schema.Column(i)
			if col.PhysicalType() == parquet.Types.ByteArray && col.MaxRepetitionLevel() == 0 {
				src.textLeaf = i
				dt, _ := fieldType(asc, src.text[0])
				src.direct = directOK(src, dt, col.MaxDefinitionLevel())
			}
		}
	}

	md = rdr.MetaData()
	src.groups = md.NumRowGroups()
	var start, rawBytes int64
	var leafRaw [][]int64 // per row group, the uncompressed bytes of each leaf read
	for rg := range md.NumRowGroups() {
		rgm := md.RowGroup(rg)
		rows := rgm.NumRows()
		if rows < 0 {
			return nil, batch.Unreadable(fmt.Errorf("%s: read Parquet footer: row group %d has %d rows", in.Path, rg, rows))
		}
		var nbytes int64
		var skip batch.BadRecord
		raw := make([]int64, 0, len(src.leaves))
		for _, leaf := range src.leaves {
			cc, err := rgm.ColumnChunk(leaf)
			if err != nil {
				skip = lostRowGroup(src, rg, start, rows, fmt.Sprintf("column %q: %v", paths[leaf], err))
				break
			}
			if msg := checkChunk(cc, in.Size); msg != "" {
				skip = lostRowGroup(src, rg, start, rows, fmt.Sprintf("column %q: %s", paths[leaf], msg))
				break
			}
			nbytes += cc.TotalCompressedSize()
			rawBytes += max(cc.TotalUncompressedSize(), 0)
			raw = append(raw, cc.TotalUncompressedSize())
		}
		leafRaw = append(leafRaw, raw)
		if src.direct {
			var n int64 // a skipped row group's is not read
			if len(raw) == len(src.leaves) {
				n = raw[slices.Index(src.leaves, src.textLeaf)]
			}
			src.rgRaw = append(src.rgRaw, n)
		}
		src.rgStart = append(src.rgStart, start)
		src.rgRows = append(src.rgRows, rows)
		src.rgBytes = append(src.rgBytes, nbytes)
		src.rgSkip = append(src.rgSkip, skip)
		start += rows
	}
	// The footer's total and its row groups' rows are stored apart; rows
	// the total has and no row group does are missing.
	if total := md.NumRows; total > start {
		src.rgStart = append(src.rgStart, start)
		src.rgRows = append(src.rgRows, total-start)
		src.rgBytes = append(src.rgBytes, 0)
		if src.direct {
			src.rgRaw = append(src.rgRaw, 0)
		}
		src.rgSkip = append(src.rgSkip, batch.BadRecord{
			Pos:    batch.Pos{File: idx, N: start},
			Kind:   batch.BadMissingRows,
			Rows:   total - start,
			Reason: fmt.Sprintf("the footer says the file has %d rows, its %d row groups hold %d: %d rows from row %d on are in no row group", total, md.NumRowGroups(), start, total-start, start),
		})
	}
	src.sharedZstd = len(src.rgRaw) > 0 && slices.Max(src.rgRaw) <= sharedZstdRaw
	src.batchRows = opts.BatchRows
	if src.batchRows <= 0 {
		src.batchRows = batchRowsFor(rawBytes, start)
	}
	src.preAlloc = preAllocOK(leafRaw, src.rgRows, src.batchRows)
	if src.direct {
		src.directMem = recycle.NewRecycler(directKeep, 4*maxPreAlloc)
	}
	return src, nil
}

// maxPreAlloc is the most string data a batch of one column may reserve
// up front from the footer's sizes (see Source.preAlloc).
const maxPreAlloc = 16 << 20

// preAllocOK says whether reserving each batch's string data from the
// footer's sizes is safe: pqarrow reserves a column's uncompressed bytes
// in its row group times batchRows over the row group's rows, for every
// leaf read, binary or not. raw[rg] lists the uncompressed bytes of the
// leaves read in row group rg.
func preAllocOK(raw [][]int64, rows []int64, batchRows int) bool {
	for rg, leaves := range raw {
		for _, n := range leaves {
			if n < 0 || rows[rg] <= 0 {
				continue // pqarrow reserves nothing for these
			}
			if n/rows[rg] > maxPreAlloc/int64(max(batchRows, 1)) {
				return false
			}
		}
	}
	return true
}

// checkChunk says what is wrong with where a column chunk's metadata puts
// its pages, or "". arrow-go trusts these numbers: a negative size makes
// it panic, a chunk past the end of the file reads as no rows at all.
func checkChunk(cc *metadata.ColumnChunkMetaData, size int64) string {
	start, n := cc.DataPageOffset(), cc.TotalCompressedSize()
	if cc.HasDictionaryPage() && cc.DictionaryPageOffset() > 0 && cc.DictionaryPageOffset() < start {
		start = cc.DictionaryPageOffset()
	}
	switch {
	case start < 0 || n < 0:
		return fmt.Sprintf("the footer puts its pages at byte %d, %d bytes long", start, n)
	case start > size || n > size-start:
		return fmt.Sprintf("the footer puts its pages at bytes %d to %d, past the end of the file (%d bytes)", start, start+n, size)
	case cc.NumValues() < 0:
		return fmt.Sprintf("the footer says it has %d values", cc.NumValues())
	}
	return ""
}

// lostRowGroup is the finding for a row group that cannot be read at all.
func lostRowGroup(src *Source, rg int, start, rows int64, why string) batch.BadRecord {
	return batch.BadRecord{
		Pos:    batch.Pos{File: src.idx, N: start},
		Kind:   batch.BadUnreadable,
		Rows:   rows,
		Reason: fmt.Sprintf("row group %d: %d rows from row 0 on cannot be read: %s", rg, rows, why),
	}
}

const (
	batchTargetBytes = 1 << 20
	minBatchRows     = 64
	maxBatchRows     = 8192
)

// batchRowsFor picks a batch size in rows that holds about
// batchTargetBytes of a file whose columns read hold rawBytes uncompressed
// in rows rows, between minBatchRows and maxBatchRows. A fixed 8192 rows
// made 16 MB batches of mail text: the batches in flight and their
// builders' growth were then most of a scan's memory, and fresh memory
// costs page faults (see benchmarks/README.md). Short texts still get
// 8192-row batches.
//
// Tried and rejected (session 14): batchTargetBytes of 512 KiB (the JSONL
// chunk's size) and 256 KiB, so that a batch stays in a worker's L2 for
// every analysis. The 200 MB corpus's default audit, 4 rounds alternated
// under load 10: 1.95-2.16 CPU s (1 MiB), 2.00-2.12 (512 KiB), 1.94-2.29
// (256 KiB); perf record -g, 3 rounds: 9234-10322 samples against
// 9949-10195, countASCII 1961-2305 against 2103-2270. No difference.
//
// Measured again in session 21 (mem3), at load under 1.3: 512 KiB
// batches (with internal/ingest/batch's row starts in slabs, which alone
// moved nothing) against main, benchmark Parquet's default audit, 14
// rounds alternated in two sets, 3 s apart: CPU 1.105 s (1.04-1.18)
// against 1.095 (1.05-1.15), sys 0.108 against 0.116, peak RSS 184.1
// against 191.0 MB, faults 40,062 against 42,050. The ~2,000 faults
// saved (the batches in flight, made before the Recycler has any back)
// are paid back in the workers' user time; 512 KiB batches alone, 6
// rounds: 1.127 against 1.130 s, 184.3 against 190.3 MB.
func batchRowsFor(rawBytes, rows int64) int {
	if rows <= 0 || rawBytes <= 0 {
		return maxBatchRows
	}
	return int(min(max(batchTargetBytes*rows/rawBytes, minBatchRows), maxBatchRows))
}

func isScalarType(dt arrow.DataType) bool {
	if batch.IsTextType(dt) {
		return true
	}
	switch dt.ID() {
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64,
		arrow.FLOAT32, arrow.FLOAT64, arrow.BOOL:
		return true
	}
	return false
}

// fieldType follows a dotted path through struct fields of an Arrow schema.
func fieldType(sc *arrow.Schema, path []string) (arrow.DataType, error) {
	idx := sc.FieldIndices(path[0])
	if len(idx) == 0 {
		return nil, fmt.Errorf("no field %q", path[0])
	}
	if len(idx) > 1 {
		return nil, fmt.Errorf("field %q is in the schema %d times", path[0], len(idx))
	}
	dt := sc.Field(idx[0]).Type
	for _, name := range path[1:] {
		st, ok := dt.(*arrow.StructType)
		if !ok {
			return nil, fmt.Errorf("%s is not a struct", dt)
		}
		f, ok := st.FieldByName(name)
		if !ok {
			return nil, fmt.Errorf("no field %q", name)
		}
		dt = f.Type
	}
	return dt, nil
}

// leafArray follows a dotted path through struct columns of a record and
// returns the leaf array and the struct arrays above it, whose nulls make
// the leaf's rows null too.
func leafArray(rec arrow.RecordBatch, path []string) (arrow.Array, []arrow.Array) {
	idx := rec.Schema().FieldIndices(path[0])
	arr := rec.Column(idx[0])
	var parents []arrow.Array
	for _, name := range path[1:] {
		st := arr.(*array.Struct)
		i, _ := st.DataType().(*arrow.StructType).FieldIdx(name)
		parents = append(parents, st)
		arr = st.Field(i)
	}
	return arr, parents
}

func anyNulls(arrs []arrow.Array) bool {
	for _, a := range arrs {
		if a.NullN() > 0 {
			return true
		}
	}
	return false
}

func validIn(parents []arrow.Array, i int) bool {
	for _, p := range parents {
		if p.IsNull(i) {
			return false
		}
	}
	return true
}

// Reader reads row groups for one worker. It keeps the last file open,
// since a worker usually gets several row groups of the same file in a row.
type Reader struct {
	opts *batch.Options
	src  *Source
	rdr  *file.Reader
	fr   *pqarrow.FileReader
	f    source.File // the file rdr reads (pageText reads it too)
	// mapf is f when pageText maps it (mapIn): a regular local file, not
	// a stream's copy, on a platform that maps (canMap).
	mapf *os.File
	// pages is readDirect's own page reader (pageText), kept for the
	// next row group.
	pages *pageText
	text  batch.StrCol
	lab   batch.StrCol
	id    batch.StrCol
	// chat and instruction data
	prompt, response batch.StrCol
	pt               pqTurns
	// readDirect's scratch
	vals []parquet.ByteArray
	defs []int16
	// readDirect's --id scratch (directIDs)
	idDefs []int16
	idBA   []parquet.ByteArray
	idI32  []int32
	idI64  []int64
}

func (r *Reader) Close() {
	if r.rdr != nil {
		r.rdr.Close() // closes r.f too
	}
	r.src, r.rdr, r.fr, r.f, r.mapf = nil, nil, nil, nil, nil
}

func (r *Reader) open(src *Source) error {
	if r.src == src {
		return nil
	}
	r.Close()
	f, err := src.in.Open()
	if err != nil {
		return err
	}
	rdr, err := file.NewParquetReader(f, file.WithReadProps(readerProps(r.opts.Allocator(), r.opts.MaxPage())), file.WithMetadata(src.md))
	if err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", src.in.Path, err)
	}
	// Parallel stays off: with it pqarrow decodes the columns of a batch in
	// goroutines of its own, where a panic on a malformed page could not be
	// recovered (see ReadRowGroup), and the workers are parallel already.
	props := pqarrow.ArrowReadProperties{BatchSize: int64(src.batchRows), PreAllocBinaryData: src.preAlloc}
	fr, err := pqarrow.NewFileReader(rdr, props, r.opts.Allocator())
	if err != nil {
		rdr.Close()
		return fmt.Errorf("%s: %w", src.in.Path, err)
	}
	r.src, r.rdr, r.fr, r.f = src, rdr, fr, f
	if of, ok := f.(*os.File); ok && canMap && MapPages && !src.in.IsStream() {
		if st, err := of.Stat(); err == nil && st.Mode().IsRegular() {
			r.mapf = of
		}
	}
	return nil
}

// NewReader returns a Reader of row groups; one per decoding worker.
func NewReader(opts *batch.Options) *Reader { return &Reader{opts: opts} }

// Direct says whether the source's row groups are read by the direct
// text reader (readDirect), unless damaged or filtered (Options.Only).
func (src *Source) Direct() bool { return src.direct && DirectText }

// RowGroups returns the number of row groups of the source.
func (src *Source) RowGroups() int { return len(src.rgRows) }

// ReadRowGroup reads one row group in batches and hands each to fn. Rows
// that cannot be decoded become one bad record for the rest of the row
// group, and so does a panic of the Parquet reader (arrow-go panics on some
// malformed pages); the run goes on. Rows read plus rows reported bad make
// the footer's count: a row group that ends early without an error is a
// missing_rows record.
func (r *Reader) ReadRowGroup(ctx context.Context, src *Source, rg int, fn func(*batch.Batch) error) (err error) {
	if skip := src.rgSkip[rg]; skip.Kind != "" {
		b := &batch.Batch{File: src.idx, FirstRow: skip.Pos.N, Record: emptyRecord(), Bad: []batch.BadRecord{skip}, Bytes: src.rgBytes[rg]}
		return fn(b)
	}
	// skip is the rows readDirect handed over before it stopped: pqarrow
	// reads them again, unreported, and the rest as ever.
	var done, skip int64
	inFn := false
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if inFn {
			panic(v) // not the reader's: fn's own bug
		}
		r.forget()
		err = r.lostRows(src, rg, max(done, skip), errors.New(panicReason(v)), fn)
	}()
	emit := func(b *batch.Batch) error {
		inFn = true
		defer func() { inFn = false }()
		return fn(b)
	}
	if err := r.open(src); err != nil {
		return r.lostRows(src, rg, 0, err, emit)
	}
	if src.nested {
		// pqarrow opens the column chunks of a struct's fields in goroutines
		// of its own, where a panic cannot be recovered from here: open
		// them here first, so that one that would panic does so here.
		for _, leaf := range src.leaves {
			pr, err := r.rdr.RowGroup(rg).GetColumnPageReader(leaf)
			if err != nil {
				return r.lostRows(src, rg, 0, err, emit)
			}
			pr.Close()
		}
	}
	// With Options.Only, reading stops after the last row wanted.
	only, filter := src.wanted(r.opts, rg)
	// readWanted reads the text, and the id when --id names a column it
	// can read (the excerpt pass names the rows of analyses that keep no
	// id, outliers, by it): other ids take the general path.
	if filter && src.textLeaf >= 0 && (src.id == nil || src.idLeaf >= 0) {
		return r.readWanted(src, rg, only, emit)
	}
	last := int64(-1)
	if len(only) > 0 {
		last = only[len(only)-1] - src.rgStart[rg]
	}
	if !filter && src.direct && DirectText {
		if ok, err := r.readDirect(src, rg, emit, &skip); ok || err != nil {
			return err
		}
	}
	rr, err := r.fr.GetRecordReader(ctx, src.leaves, []int{rg})
	if err != nil {
		return r.lostRows(src, rg, skip, err, emit)
	}
	defer rr.Release()
	first := skip == 0
	for rr.Next() {
		rec := rr.RecordBatch()
		if done < skip {
			if done+rec.NumRows() <= skip {
				done += rec.NumRows()
				continue
			}
			rec = rec.NewSlice(skip-done, rec.NumRows())
			defer rec.Release()
			done = skip
		}
		// pqarrow reads what the pages hold; a footer that says fewer rows
		// is taken at its word, as DuckDB does, so that rows
		// read plus rows bad make the footer's count (a footer total above
		// its row groups' is then the missing_rows record of PrepareParquet).
		over := done+rec.NumRows() > src.rgRows[rg]
		if over {
			rec = rec.NewSlice(0, src.rgRows[rg]-done)
		}
		b, err := r.batch(src, rec, src.rgStart[rg]+done)
		if over {
			defer rec.Release()
		}
		if err != nil {
			return fmt.Errorf("%s: row group %d: %w", src.in.Path, rg, err)
		}
		if first {
			b.Bytes = src.rgBytes[rg]
			first = false
		}
		done += rec.NumRows()
		if err := emit(b); err != nil {
			return err
		}
		if over {
			break
		}
		if filter && done > last {
			return nil // the rest is not wanted: not read, not reported
		}
	}
	done = max(done, skip) // rows readDirect handed over are not lost again
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return r.lostRows(src, rg, done, err, emit)
	}
	if done < src.rgRows[rg] {
		lost := src.rgRows[rg] - done
		return emit(&batch.Batch{File: src.idx, FirstRow: src.rgStart[rg] + done, Record: emptyRecord(), Bad: []batch.BadRecord{{
			Pos:    batch.Pos{File: src.idx, N: src.rgStart[rg] + done},
			Kind:   batch.BadMissingRows,
			Rows:   lost,
			Reason: fmt.Sprintf("row group %d: the footer says %d rows, the reader ended after %d without an error: %d rows from row %d on are missing", rg, src.rgRows[rg], done, lost, done),
		}}})
	}
	return nil
}

// readWanted reads the rows of row group rg that Options.Only names
// (rows, file rows, sorted) from the text column alone (src.textLeaf),
// with pageText where it reads the chunk and no id is wanted (wantedOwn),
// otherwise through arrow-go's column reader: the rows between them are skipped
// without being copied into Arrow builders, as pqarrow would (the copy
// and its buffers were a fifth of reading a zstd row group again for
// excerpts). It hands fn one batch of the rows read, positioned by Elems,
// with a text column only.
func (r *Reader) readWanted(src *Source, rg int, rows []int64, fn func(*batch.Batch) error) error {
	start := src.rgStart[rg]
	if src.id == nil {
		if col, pos, ok := r.wantedOwn(src, rg, rows); ok {
			b := &batch.Batch{File: src.idx, FirstRow: start, Elems: pos, Bytes: src.rgBytes[rg], FirstLabel: [batch.NumLabelKinds]int{-1, -1, -1}}
			text := col.Array()
			defer text.Release()
			b.Record = array.NewRecordBatch(textOnly, []arrow.Array{text}, int64(col.N))
			b.Shapes[batch.ShapeText] = int64(col.N - text.NullN())
			return fn(b)
		}
	}
	cr, err := r.rdr.RowGroup(rg).Column(src.textLeaf)
	if err != nil {
		return r.lostRows(src, rg, 0, err, fn)
	}
	defer cr.Close()
	bcr, ok := cr.(*file.ByteArrayColumnChunkReader)
	if !ok {
		return r.lostRows(src, rg, 0, fmt.Errorf("column %d is not of byte arrays", src.textLeaf), fn)
	}
	var id *wantedID
	if src.id != nil {
		c, err := r.rdr.RowGroup(rg).Column(src.idLeaf)
		if err != nil {
			return r.lostRows(src, rg, 0, err, fn)
		}
		defer c.Close()
		id = &wantedID{cr: c}
		id.col.Reset()
	}
	var (
		col  batch.StrCol
		val  [1]parquet.ByteArray
		def  [1]int16
		at   int64 // the row of the group the reader is at
		pos  = make([]int64, 0, len(rows))
		last = int64(-1)
	)
	col.Reset()
	for _, n := range rows {
		row := n - start
		if row <= last {
			continue // named twice
		}
		if row > at {
			if _, err := bcr.Skip(row - at); err != nil {
				return r.lostRows(src, rg, at, err, fn)
			}
			if id != nil {
				if err := id.skip(row - at); err != nil {
					return r.lostRows(src, rg, at, err, fn)
				}
			}
			at = row
		}
		lv, nv, err := bcr.ReadBatchInPage(1, val[:], def[:], nil)
		if err != nil {
			return r.lostRows(src, rg, at, err, fn)
		}
		if lv == 0 {
			break // the row group ended before
		}
		if id != nil {
			if err := id.read(); err != nil {
				return r.lostRows(src, rg, at, err, fn)
			}
		}
		if nv == 0 {
			col.AppendNull()
		} else {
			col.Data = append(col.Data, val[0]...)
			col.Commit()
		}
		pos = append(pos, n)
		at, last = at+1, row
	}
	b := &batch.Batch{File: src.idx, FirstRow: start, Elems: pos, Bytes: src.rgBytes[rg], FirstLabel: [batch.NumLabelKinds]int{-1, -1, -1}}
	text := col.Array()
	defer text.Release()
	if id != nil {
		ids := id.col.Array()
		defer ids.Release()
		b.Record = array.NewRecordBatch(textAndID, []arrow.Array{text, ids}, int64(col.N))
	} else {
		b.Record = array.NewRecordBatch(textOnly, []arrow.Array{text}, int64(col.N))
	}
	b.Shapes[batch.ShapeText] = int64(col.N - text.NullN())
	return fn(b)
}

// ownWanted counts the row groups wantedOwn read (see OwnWanted).
var ownWanted atomic.Int64

// OwnWanted returns how many row groups readWanted has read with
// pageText in this process: tests tell with it that rows were read again
// by it.
func OwnWanted() int64 { return ownWanted.Load() }

// wantedOwn reads the rows of row group rg that readWanted reads (rows,
// file rows, sorted) with pageText, where the text column chunk is one
// it reads and no id is wanted: it reads the chunk's pages from the
// file as it goes and stops after the last row wanted, where arrow-go's
// column reader read the whole compressed chunk into a buffer first
// (its pread(2) was a quarter of the excerpt pass's samples). ok is
// false when it did not read them all (pageText stops at anything it
// does not read as its doc says): readWanted then reads the row group
// with arrow-go from its start, so that what is reported is what
// arrow-go reports.
func (r *Reader) wantedOwn(src *Source, rg int, rows []int64) (col batch.StrCol, pos []int64, ok bool) {
	if r.rdr.MetaData().Schema.Column(src.textLeaf).PhysicalType() != parquet.Types.ByteArray {
		return col, nil, false
	}
	own := r.ownStart(src, rg)
	if own == nil {
		return col, nil, false
	}
	defer own.done(src)
	col.Reset()
	pos = make([]int64, 0, len(rows))
	defer func() {
		if ok {
			ownWanted.Add(1)
		}
	}()
	start := src.rgStart[rg]
	at, last := int64(0), int64(-1) // the row of the group the reader is at
	for _, n := range rows {
		row := n - start
		if row <= last {
			continue // named twice
		}
		if own.skip(row-at) != nil || own.value(&col) != nil {
			return col, nil, false
		}
		pos = append(pos, n)
		at, last = row+1, row
	}
	return col, pos, true
}

// textAndID is the schema of the batches of readWanted with an id: as
// the general path's (batch), the id rendered as a string.
var textAndID = arrow.NewSchema([]arrow.Field{
	{Name: batch.ColText, Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: batch.ColID, Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// wantedIDOK says whether readWanted can read the --id column col, of
// Arrow type dt, beside the text: a top-level column, not repeated, that
// pqarrow makes a String, Int32 or Int64 of. Its values are then rendered
// as appendScalars renders them.
func wantedIDOK(col *schema.Column, dt arrow.DataType) bool {
	if col.MaxRepetitionLevel() != 0 || col.MaxDefinitionLevel() > 1 || col.ColumnPath().String() != col.Name() {
		return false
	}
	switch col.PhysicalType() {
	case parquet.Types.ByteArray:
		return arrow.TypeEqual(dt, arrow.BinaryTypes.String)
	case parquet.Types.Int32:
		return arrow.TypeEqual(dt, arrow.PrimitiveTypes.Int32)
	case parquet.Types.Int64:
		return arrow.TypeEqual(dt, arrow.PrimitiveTypes.Int64)
	}
	return false
}

// wantedID reads the --id column of a row group beside readWanted's text
// reader, one row at a time, into col (a null id a null).
type wantedID struct {
	cr  file.ColumnChunkReader
	col batch.StrCol
	def [1]int16
	ba  [1]parquet.ByteArray
	i32 [1]int32
	i64 [1]int64
}

func (w *wantedID) skip(n int64) error {
	var err error
	switch c := w.cr.(type) {
	case *file.ByteArrayColumnChunkReader:
		_, err = c.Skip(n)
	case *file.Int32ColumnChunkReader:
		_, err = c.Skip(n)
	case *file.Int64ColumnChunkReader:
		_, err = c.Skip(n)
	default:
		err = fmt.Errorf("id column %s is not of byte arrays or integers", w.cr.Descriptor().Name())
	}
	return err
}

// read appends the id of the next row; one the column does not have
// (it ended before the text) is an error.
func (w *wantedID) read() error {
	var (
		lv  int64
		nv  int
		err error
	)
	switch c := w.cr.(type) {
	case *file.ByteArrayColumnChunkReader:
		lv, nv, err = c.ReadBatch(1, w.ba[:], w.def[:], nil)
		if err == nil && lv == 1 && nv == 1 {
			w.col.Data = append(w.col.Data, w.ba[0]...)
		}
	case *file.Int32ColumnChunkReader:
		lv, nv, err = c.ReadBatch(1, w.i32[:], w.def[:], nil)
		if err == nil && lv == 1 && nv == 1 {
			w.col.Data = strconv.AppendInt(w.col.Data, int64(w.i32[0]), 10)
		}
	case *file.Int64ColumnChunkReader:
		lv, nv, err = c.ReadBatch(1, w.i64[:], w.def[:], nil)
		if err == nil && lv == 1 && nv == 1 {
			w.col.Data = strconv.AppendInt(w.col.Data, w.i64[0], 10)
		}
	default:
		return fmt.Errorf("id column %s is not of byte arrays or integers", w.cr.Descriptor().Name())
	}
	switch {
	case err != nil:
		return err
	case lv != 1:
		return fmt.Errorf("id column %s ended before the text", w.cr.Descriptor().Name())
	case nv == 0:
		w.col.AppendNull()
	default:
		w.col.Commit()
	}
	return nil
}

// textOnly is the schema of the batches of readWanted.
var textOnly = arrow.NewSchema([]arrow.Field{{Name: batch.ColText, Type: arrow.BinaryTypes.String, Nullable: true}}, nil)

// forget closes the open file after a panic, as far as arrow-go, whose
// state may be what panicked, lets it; the next row group opens it anew.
func (r *Reader) forget() {
	defer func() {
		recover() // a second panic of the same reader: nothing more to do
		r.src, r.rdr, r.fr = nil, nil, nil
	}()
	r.Close()
}

func emptyRecord() arrow.RecordBatch {
	return array.NewRecordBatch(arrow.NewSchema(nil, nil), nil, 0)
}

// lostRows reports the rows of a row group from done on as unreadable.
func (r *Reader) lostRows(src *Source, rg int, done int64, err error, fn func(*batch.Batch) error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	lost := src.rgRows[rg] - done
	b := &batch.Batch{File: src.idx, FirstRow: src.rgStart[rg] + done, Record: emptyRecord()}
	b.Bad = []batch.BadRecord{{
		Pos:    batch.Pos{File: src.idx, N: src.rgStart[rg] + done},
		Kind:   batch.BadUnreadable,
		Rows:   lost,
		Reason: fmt.Sprintf("row group %d: %d rows from row %d on cannot be read: %v", rg, lost, done, err),
	}}
	return fn(b)
}

// batch turns a record read from Parquet into a Batch: the text column is
// passed through when it is one top-level column, and built by joining
// otherwise; label and id become String columns.
func (r *Reader) batch(src *Source, rec arrow.RecordBatch, firstRow int64) (*batch.Batch, error) {
	b := &batch.Batch{File: src.idx, FirstRow: firstRow, FirstLabel: [batch.NumLabelKinds]int{-1, -1, -1}}
	n := int(rec.NumRows())
	var textArr arrow.Array
	var parents []arrow.Array
	if len(src.text) == 1 {
		textArr, parents = leafArray(rec, src.text[0])
	}
	if src.shape.turns != "" || src.shape.shape == batch.ShapeAlpaca {
		var err error
		if textArr, err = r.chatText(src, rec, b); err != nil {
			return nil, err
		}
	} else if textArr != nil && !anyNulls(parents) {
		// One field, top-level or nested under structs without nulls: the
		// column itself, no copy.
		textArr.Retain()
		if textArr.NullN() > 0 {
			for i := range n {
				if textArr.IsNull(i) {
					addNullText(b, src, i)
				}
			}
		}
	} else {
		var err error
		if textArr, err = r.joinText(src, rec, b); err != nil {
			return nil, err
		}
	}
	fields := []arrow.Field{{Name: batch.ColText, Type: textArr.DataType(), Nullable: true}}
	cols := []arrow.Array{textArr}
	release := func() {
		for _, c := range cols {
			c.Release()
		}
	}
	// Label kinds count the rows with a text only, as for JSONL, where a
	// row without text is a bad record and its label is never read.
	textNull := textArr.IsNull
	if src.label != nil {
		arr, parents := leafArray(rec, src.label)
		r.lab.Offs, r.lab.Data = make([]int32, 0, n+1), nil
		r.lab.Reset()
		if err := appendScalars(&r.lab, arr, parents, textNull, &b.LabelKinds, &b.FirstLabel); err != nil {
			release()
			return nil, err
		}
		fields = append(fields, arrow.Field{Name: batch.ColLabel, Type: arrow.BinaryTypes.String, Nullable: true})
		cols = append(cols, r.lab.Array())
	}
	if src.id != nil {
		arr, parents := leafArray(rec, src.id)
		r.id.Offs, r.id.Data = make([]int32, 0, n+1), nil
		r.id.Reset()
		var kinds [batch.NumLabelKinds]int64
		var firsts [batch.NumLabelKinds]int
		if err := appendScalars(&r.id, arr, parents, textNull, &kinds, &firsts); err != nil {
			release()
			return nil, err
		}
		fields = append(fields, arrow.Field{Name: batch.ColID, Type: arrow.BinaryTypes.String, Nullable: true})
		cols = append(cols, r.id.Array())
	}
	if err := r.addPromptResponse(src, rec, textNull, &fields, &cols); err != nil {
		release()
		return nil, err
	}
	b.Shapes[src.shape.shape] = int64(n - textArr.NullN())
	b.Record = array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(n))
	release()
	b.NameBad() // null texts named by their ids
	return b, nil
}

func addNullText(b *batch.Batch, src *Source, i int) {
	b.Bad = append(b.Bad, batch.BadRecord{
		Pos:    batch.Pos{File: src.idx, N: b.FirstRow + int64(i)},
		Kind:   batch.BadNullText,
		Rows:   1,
		Reason: "text is null",
	})
}

// joinText builds the text column from nested or several fields, joined
// with a newline. A row is null when all of its fields are.
func (r *Reader) joinText(src *Source, rec arrow.RecordBatch, b *batch.Batch) (arrow.Array, error) {
	n := int(rec.NumRows())
	r.text.Offs, r.text.Data = make([]int32, 0, n+1), nil
	r.text.Reset()
	type part struct {
		vals  [][]byte
		valid []bool
	}
	parts := make([]part, len(src.text))
	for k, path := range src.text {
		arr, parents := leafArray(rec, path)
		p := part{vals: make([][]byte, n), valid: make([]bool, n)}
		err := batch.ForEachText(arr, func(i int, t []byte, ok bool) {
			p.vals[i], p.valid[i] = t, ok && validIn(parents, i)
		})
		if err != nil {
			return nil, err
		}
		parts[k] = p
	}
	for i := range n {
		found := 0
		for _, p := range parts {
			if !p.valid[i] {
				continue
			}
			if found > 0 {
				r.text.Data = append(r.text.Data, '\n')
			}
			r.text.Data = append(r.text.Data, p.vals[i]...)
			found++
		}
		if found == 0 {
			r.text.AppendNull()
			addNullText(b, src, i)
			continue
		}
		r.text.Commit()
	}
	return r.text.Array(), nil
}

// appendScalars renders a label or id column as strings, counting the kinds.
// Rows for which skip is true are rendered but not counted.
func appendScalars(out *batch.StrCol, arr arrow.Array, parents []arrow.Array, skip func(int) bool, kinds *[batch.NumLabelKinds]int64, first *[batch.NumLabelKinds]int) error {
	n := arr.Len()
	note := func(i int, k batch.LabelKind) {
		if skip(i) {
			return
		}
		if kinds[k] == 0 {
			first[k] = i
		}
		kinds[k]++
	}
	if batch.IsTextType(arr.DataType()) {
		return batch.ForEachText(arr, func(i int, t []byte, ok bool) {
			if !ok || !validIn(parents, i) {
				out.AppendNull()
				return
			}
			out.Data = append(out.Data, t...)
			out.Commit()
			note(i, batch.LabelString)
		})
	}
	for i := range n {
		if arr.IsNull(i) || !validIn(parents, i) {
			out.AppendNull()
			continue
		}
		kind := batch.LabelNumber
		switch a := arr.(type) {
		case *array.Int8:
			out.Data = strconv.AppendInt(out.Data, int64(a.Value(i)), 10)
		case *array.Int16:
			out.Data = strconv.AppendInt(out.Data, int64(a.Value(i)), 10)
		case *array.Int32:
			out.Data = strconv.AppendInt(out.Data, int64(a.Value(i)), 10)
		case *array.Int64:
			out.Data = strconv.AppendInt(out.Data, a.Value(i), 10)
		case *array.Uint8:
			out.Data = strconv.AppendUint(out.Data, uint64(a.Value(i)), 10)
		case *array.Uint16:
			out.Data = strconv.AppendUint(out.Data, uint64(a.Value(i)), 10)
		case *array.Uint32:
			out.Data = strconv.AppendUint(out.Data, uint64(a.Value(i)), 10)
		case *array.Uint64:
			out.Data = strconv.AppendUint(out.Data, a.Value(i), 10)
		case *array.Float32:
			out.Data = strconv.AppendFloat(out.Data, float64(a.Value(i)), 'g', -1, 32)
		case *array.Float64:
			out.Data = strconv.AppendFloat(out.Data, a.Value(i), 'g', -1, 64)
		case *array.Boolean:
			out.Data = strconv.AppendBool(out.Data, a.Value(i))
			kind = batch.LabelBool
		default:
			return fmt.Errorf("column type %s is not a scalar", arr.DataType())
		}
		out.Commit()
		note(i, kind)
	}
	return nil
}

// LargestRowGroup returns the uncompressed bytes of the largest row group
// of the local Parquet file at path (every column: what a second read of
// a row group's rows may decompress), read from its footer; ok is false
// when the footer cannot be read (the read proper then says why).
func LargestRowGroup(path string) (n int64, ok bool) {
	defer func() {
		if v := recover(); v != nil {
			n, ok = 0, false
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	rdr, err := file.NewParquetReader(f)
	if err != nil {
		return 0, false
	}
	defer rdr.Close()
	md := rdr.MetaData()
	for rg := range md.NumRowGroups() {
		n = max(n, md.RowGroup(rg).TotalByteSize())
	}
	return n, true
}
