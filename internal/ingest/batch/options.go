package batch

import (
	"math"
	"runtime"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/dataaudit/dataaudit/internal/recycle"
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

	// Span, if set, reads only a part of one input (see Span).
	Span *Span

	// Only, if set, names the rows wanted of some inputs (keyed by their
	// index among Run's inputs), sorted: lines of JSONL, rows of Parquet.
	// Run may then skip the other rows of those inputs without decoding
	// them, and leaves out the bad records among the rows it skips; it
	// may also return rows not named. It is for reading again a few rows
	// that an earlier read found good (the excerpts of findings), where
	// decoding every row cost as much as the first read, so the fields
	// of an input with an entry are not checked again (ingest.Run's
	// probe of its first records). An input without an entry is read
	// whole, as are JSON arrays, CSV and TSV.
	Only map[int][]int64

	// Marks, if set, keeps where the chunks of plain JSONL inputs start:
	// a read without Only records them, a read with Only cuts those
	// inputs among its workers by them (see Marks).
	Marks *Marks

	// Kept, if set, keeps text for the excerpts of findings during the
	// read (see Kept): Run hands it every batch and sets Batch.Kept.
	Kept *Kept
}

// Wanted returns the rows Only names for input file, and whether it names
// any (see Only).
func (o *Options) Wanted(file int) ([]int64, bool) {
	rows, ok := o.Only[file]
	return rows, ok
}

// RoleMask has the bits of the roles kept.
func (o *Options) RoleMask() uint8 {
	if len(o.Roles) == 0 {
		return 1<<NumRoles - 1
	}
	var m uint8
	for _, r := range o.Roles {
		m |= 1 << r
	}
	return m
}

// WholeTurns says whether Batch.WholeTurns holds for chat rows.
func (o *Options) WholeTurns() bool {
	return len(o.Roles) == 0 && o.Prompt == "" && o.Response == ""
}

// RoleWords names the kept roles for a reason: "" for all, "user " for one.
func (o *Options) RoleWords() string {
	if len(o.Roles) == 0 {
		return ""
	}
	names := make([]string, len(o.Roles))
	for i, r := range o.Roles {
		names[i] = r.String()
	}
	return strings.Join(names, " or ") + " "
}

// Allocator returns Mem, set to a recycle.NewPool on first use.
func (o *Options) Allocator() memory.Allocator {
	if o.Mem == nil {
		o.Mem = recycle.NewPool()
	}
	return o.Mem
}

// ChunkSize is ChunkBytes or its default, 512 KiB.
func (o *Options) ChunkSize() int {
	if o.ChunkBytes <= 0 {
		return 512 << 10
	}
	return o.ChunkBytes
}

// MaxLine is MaxLineBytes or its default, 256 MiB.
func (o *Options) MaxLine() int {
	if o.MaxLineBytes <= 0 {
		return 256 << 20
	}
	return o.MaxLineBytes
}

// NumWorkers returns the number of workers Run will use: Workers, one per
// CPU for 0 or less, at most MaxWorkers.
func (o *Options) NumWorkers() int {
	if o.Workers <= 0 {
		return runtime.NumCPU()
	}
	return min(o.Workers, MaxWorkers())
}

// MaxWorkers is the most workers Run uses, whatever Options.Workers asks
// for: 8 per CPU, at least 64. Each worker holds its analyses' state
// (about 1 MB with the default audit) and a chunk or batch in flight, so
// a mistyped --workers 100000 asked for over 100 GB; past a few per CPU
// more workers only add memory. The report does not depend on the
// number (its run.workers says the number used).
func MaxWorkers() int { return max(64, 8*runtime.NumCPU()) }

// DefaultMaxPageBytes is the largest Parquet page, compressed or not,
// read by default: the format stores page sizes as 32-bit signed integers,
// and parquet-mr, Arrow C++ (pyarrow) and DuckDB accept any page that fits.
// arrow-go's own defaults (64 MiB compressed, 256 MiB uncompressed) made a
// page holding one 500 MB value unreadable.
const DefaultMaxPageBytes = math.MaxInt32

// MaxPage is MaxPageBytes or DefaultMaxPageBytes.
func (o *Options) MaxPage() int64 {
	if o.MaxPageBytes <= 0 {
		return DefaultMaxPageBytes
	}
	return o.MaxPageBytes
}
