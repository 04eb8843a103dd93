package batch

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Column names of the records in a Batch.
const (
	ColText     = "text"
	ColLabel    = "label"
	ColID       = "id"
	ColPrompt   = "prompt"   // chat and instruction data: the turns before the last assistant turn
	ColResponse = "response" // chat and instruction data: the last assistant turn
)

// LabelKind is the type a label had in the input.
type LabelKind uint8

// The label kinds. A JSON number, a Parquet integer or float, is a number.
const (
	LabelString LabelKind = iota
	LabelNumber
	LabelBool
	numLabelKinds
)

// NumLabelKinds is the number of LabelKind values.
const NumLabelKinds = int(numLabelKinds)

func (k LabelKind) String() string {
	switch k {
	case LabelString:
		return "string"
	case LabelNumber:
		return "number"
	case LabelBool:
		return "bool"
	}
	return fmt.Sprintf("LabelKind(%d)", uint8(k))
}

// Batch is a run of good records from one input file, in input order.
//
// Record has a text column (ColText) whose type is one of String,
// LargeString, Binary, LargeBinary or a Dictionary of those (Parquet columns
// are passed through as pqarrow returns them; use ForEachText), an optional
// label column (ColLabel, always String: numbers and booleans are rendered
// as text, and LabelKinds says what they were) and an optional id column
// (ColID, String). A null text is not a good record: it is listed in Bad,
// and analysers skip null rows (ForEachText reports them as not valid).
//
// The receiver of a Batch owns one reference to Record and must Release it.
type Batch struct {
	Record arrow.RecordBatch
	// File is the index of the input file in the list Expand returned.
	File int
	// Lines holds the 1-based line number of each row for JSONL (and CSV)
	// input. It is nil for Parquet input, where row i of the batch is row
	// FirstRow+i of the file (0-based), and for a JSON array.
	Lines    []int64
	FirstRow int64
	// Elems holds the 0-based index of each row's element for a JSON
	// array input, and is the row's position (as a Parquet row's): its
	// elements may share a line (an array written on one line), so a
	// line would not say which row was meant. nil for other inputs. See
	// Elem.
	Elems []int64
	// LabelKinds counts the labels of each kind in this batch, and
	// FirstLabel is the row (in this batch) where each kind first appears, or
	// -1.
	LabelKinds [NumLabelKinds]int64
	FirstLabel [NumLabelKinds]int
	// Bad lists the records of the same stretch of input that could not be
	// read, in input order, and Blank counts its blank lines (JSONL).
	Bad   []BadRecord
	Blank int64
	// Bytes is how many input bytes (as stored: compressed for .gz, .zst
	// and Parquet) the batch stands for, for progress and throughput.
	Bytes int64
	// Shapes counts the good records of each Shape, and Turns lists the
	// chat turns in the text of the rows read from turns, in row order
	// (nil for flat text).
	Shapes [NumShapes]int64
	Turns  []Turn
	// WholeTurns says that Turns holds every turn with a content (no
	// Options.Roles) and that the prompt and response columns are made
	// of them (no Options.Prompt or Response): a row's prompt is its
	// PartPrompt turns joined with a newline, its response its
	// PartResponse turn, so an analysis may measure turns once.
	WholeTurns bool
	// Words, when not nil, holds the word hashes of the batch's texts,
	// filled by the token summary (stats.Summary, the first analysis of
	// every worker) as it tokenises them, so that an analysis after it in
	// the same worker need not tokenise them again. It belongs to the
	// summary and is valid only during that worker's Adds of this batch.
	// The summary fills it once asked (WordHashes.Want).
	Words *WordHashes
	// Kept, when not nil, keeps text for the excerpts of findings (see
	// Kept): an analysis that flags a row at a byte hands it the bytes
	// around it (Kept.Window). Set by Run from Options.Kept.
	Kept *Kept
}

// WordHashes holds stats.StableHash of every token the stats.Tokenizer
// finds in each text of a batch, in order: row i's are
// Hashes[Ends[i-1]:Ends[i]] (from 0 for row 0). A row not tokenised (a
// null text) has none; Ends is shorter than the batch when tokenising
// stopped on an error. 8 bytes a token, reused from batch to batch.
//
// Hashing every token costs the summary a store a token, so it does so
// only after an analysis has asked: the reader sets Want on a batch's
// WordHashes (the summary's own), and the summary fills them from the
// next batch on; until then Ends is empty and the reader tokenises the
// texts itself. The same goroutine runs a worker's analyses one after
// the other on each batch, so no lock is needed.
type WordHashes struct {
	Hashes []uint64
	Ends   []int
	Want   bool
	// ASCII, when as long as Ends, says which texts are all ASCII (the
	// summary knows it from its lowercasing pass), so that a reader need
	// not test every byte again.
	ASCII []bool
}

// RowASCII returns whether row i's text is all ASCII, and whether the
// batch knows it.
func (w *WordHashes) RowASCII(i int) (ascii, ok bool) {
	if w == nil || i >= len(w.ASCII) || len(w.ASCII) != len(w.Ends) {
		return false, false
	}
	return w.ASCII[i], true
}

// Row returns the word hashes of row i and whether the batch has them.
func (w *WordHashes) Row(i int) ([]uint64, bool) {
	if w == nil || i >= len(w.Ends) {
		return nil, false
	}
	start := 0
	if i > 0 {
		start = w.Ends[i-1]
	}
	return w.Hashes[start:w.Ends[i]], true
}

// Pos returns the position of row i of the batch in its file: a line number
// for JSONL, a row number for Parquet, an element for a JSON array.
func (b *Batch) Pos(i int) Pos {
	if b.Elems != nil {
		return Pos{File: b.File, N: b.Elems[i]}
	}
	if b.Lines != nil {
		return Pos{File: b.File, N: b.Lines[i], Line: true}
	}
	return Pos{File: b.File, N: b.FirstRow + int64(i)}
}

// Elem returns the index of row i's element in its JSON array, which
// tells apart rows at the same line; 0 for other inputs, whose rows never
// share a position.
func (b *Batch) Elem(i int) int64 {
	if b.Elems == nil {
		return 0
	}
	return b.Elems[i]
}

// Column returns the named column of the batch's record, or nil.
func (b *Batch) Column(name string) arrow.Array {
	idx := b.Record.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return nil
	}
	return b.Record.Column(idx[0])
}

// Pos is the position of a record: a 1-based line of a JSONL file, or a
// 0-based row of a Parquet file or element of a JSON array.
type Pos struct {
	File int
	N    int64
	Line bool
}

// Less orders positions by file, then by line or row.
func (p Pos) Less(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	return p.N < q.N
}

// Format names the position in the house style: file:line or file#row.
//
// It builds the name with strconv in one buffer, as fmt.Sprintf("%s:%d")
// would (TestPosFormatMatchesSprintf): the near-duplicate finish names
// the rows of its 1,000 listed clusters (8,330 rows on the 200 MB mail)
// on the scan's last, lone thread, where three fmt.Sprintf calls a row
// (one for a "file%d" name not used) were most of its findings' time.
func (p Pos) Format(files []string) string {
	var buf [64]byte
	b := buf[:0]
	if p.File >= 0 && p.File < len(files) {
		b = append(b, files[p.File]...)
	} else {
		b = append(b, "file"...)
		b = strconv.AppendInt(b, int64(p.File), 10)
	}
	if p.Line {
		b = append(b, ':')
	} else {
		b = append(b, '#')
	}
	return string(strconv.AppendInt(b, p.N, 10))
}

// BadRecord is a record that could not be read: its position and why.
type BadRecord struct {
	Pos Pos
	// Kind is one of the Bad* names: stable, for counting and filtering.
	Kind string
	// Rows is how many records this stands for: 1, or more for a stretch
	// of a Parquet row group that could not be decoded.
	Rows   int64
	Reason string
	// ID is the record's --id when it was read (a JSON object whose
	// text is null or missing, say; a CSV or Parquet row's id column),
	// or "": the report names the record by it, as it names rows.
	ID string
}

// NameBad gives each bad record of b that stands for one row of its
// record (a row of a Parquet batch whose text is null, say) the id of
// that row, when b has an id column and the row's id is not null: the
// report names the record by it, as it names rows. Batches positioned
// by line or element keep their bad records as their readers named
// them.
func (b *Batch) NameBad() {
	if len(b.Bad) == 0 || b.Lines != nil || b.Elems != nil || b.Record == nil {
		return
	}
	ids, ok := b.Column(ColID).(*array.String)
	if !ok {
		return
	}
	for k := range b.Bad {
		bad := &b.Bad[k]
		i := bad.Pos.N - b.FirstRow
		if bad.ID != "" || bad.Rows != 1 || bad.Pos.Line || bad.Pos.File != b.File || i < 0 || i >= int64(ids.Len()) || ids.IsNull(int(i)) {
			continue
		}
		bad.ID = strings.Clone(ids.Value(int(i)))
	}
}

// ForEachText calls fn for every row of a text column with the row's bytes,
// or with valid false for a null. The bytes alias the array's memory. The
// column may be String, LargeString, Binary, LargeBinary, StringView,
// BinaryView or a Dictionary of those; for any other type ForEachText
// returns an error.
func ForEachText(col arrow.Array, fn func(i int, text []byte, valid bool)) error {
	if col == nil {
		return errors.New("no text column")
	}
	switch c := col.(type) {
	case *array.String:
		eachOffset(c, c.ValueOffsets(), c.ValueBytes(), fn)
	case *array.LargeString:
		eachOffset(c, c.ValueOffsets(), c.ValueBytes(), fn)
	case *array.Binary:
		for i := range c.Len() {
			fn(i, c.Value(i), c.IsValid(i))
		}
	case *array.LargeBinary:
		for i := range c.Len() {
			fn(i, c.Value(i), c.IsValid(i))
		}
	case *array.StringView:
		for i := range c.Len() {
			if c.IsNull(i) {
				fn(i, nil, false)
				continue
			}
			v := c.Value(i)
			fn(i, unsafe.Slice(unsafe.StringData(v), len(v)), true)
		}
	case *array.BinaryView:
		for i := range c.Len() {
			fn(i, c.Value(i), c.IsValid(i))
		}
	case *array.Dictionary:
		// Decode the dictionary once, then index it.
		dict := c.Dictionary()
		vals := make([][]byte, dict.Len())
		valid := make([]bool, dict.Len())
		if err := ForEachText(dict, func(i int, t []byte, ok bool) { vals[i], valid[i] = t, ok }); err != nil {
			return fmt.Errorf("dictionary: %w", err)
		}
		for i := range c.Len() {
			if c.IsNull(i) {
				fn(i, nil, false)
				continue
			}
			k := c.GetValueIndex(i)
			fn(i, vals[k], valid[k])
		}
	default:
		return fmt.Errorf("column type %s is not text", col.DataType())
	}
	return nil
}

// eachOffset walks a string array's raw buffers: data starts at offs[0],
// which is not 0 in a slice of a larger array. An array without nulls
// (every text column of the benchmark files) is walked without asking
// IsNull of each row, a call through the interface.
func eachOffset[T int32 | int64](c arrow.Array, offs []T, data []byte, fn func(i int, text []byte, valid bool)) {
	base := offs[0]
	if n := c.Len(); c.NullN() == 0 && len(offs) > n {
		for i := range n {
			fn(i, data[offs[i]-base:offs[i+1]-base], true)
		}
		return
	}
	for i := range c.Len() {
		if c.IsNull(i) {
			fn(i, nil, false)
			continue
		}
		fn(i, data[offs[i]-base:offs[i+1]-base], true)
	}
}

// IsTextType reports whether ForEachText accepts arrays of type dt.
func IsTextType(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.BINARY, arrow.LARGE_BINARY, arrow.STRING_VIEW, arrow.BINARY_VIEW:
		return true
	case arrow.DICTIONARY:
		return IsTextType(dt.(*arrow.DictionaryType).ValueType)
	}
	return false
}

// The kinds of bad records.
const (
	BadJSON        = "invalid_json"     // the line is not RFC 8259 JSON (see Options.LenientJSON)
	BadNotObject   = "not_object"       // the line is JSON but not an object
	BadMissingText = "missing_text"     // the text field is absent
	BadNullText    = "null_text"        // the text field is null
	BadTextType    = "text_not_string"  // the text field is a number, object, ...
	BadLabelType   = "label_not_scalar" // the label is an object or array
	BadIDType      = "id_not_scalar"    // the id is an object, array or boolean
	BadLongLine    = "line_too_long"    // over --max-line-bytes
	BadUnreadable  = "unreadable_rows"  // Parquet pages that fail to decode
	// BadMissingRows is a stretch of Parquet rows that the footer counts
	// and the reader did not return, without an error: a row group that
	// ends early, or a footer total above the sum of its row groups. Rows
	// says how many; rows read plus rows bad always make the footer's
	// count.
	BadMissingRows = "missing_rows"
	// BadUnreadableInput is a file that could not be read at all, or the
	// rest of one from the position given (a .gz cut short, say). How many
	// records were lost is unknown, so Rows is 0.
	BadUnreadableInput = "unreadable_input"
	// BadInputChanged is a file whose size or modification time changed
	// while it was read: its records may be a part of it, or a mix of two
	// versions. Rows is 0.
	BadInputChanged = "input_changed"
	// BadFileEncoding is a JSONL file in UTF-16 or UTF-32, not UTF-8,
	// said once at its first line with the command that converts it.
	// Rows is 0: each of its lines is a bad record of its own.
	BadFileEncoding = "file_encoding"
)

// BadDuplicateKey is a JSONL record with an object, at any depth, that has
// the same key twice: readers disagree on which copy counts, so the record
// is not audited (unless Options.LenientJSON).
const BadDuplicateKey = "duplicate_key"

// UnreadableError marks an error that stops reading one input but not the
// run: the other inputs are still read, and the error becomes a bad record.
type UnreadableError struct{ err error }

func (e *UnreadableError) Error() string { return e.err.Error() }
func (e *UnreadableError) Unwrap() error { return e.err }

// Unreadable wraps err as an UnreadableError.
func Unreadable(err error) error { return &UnreadableError{err} }
