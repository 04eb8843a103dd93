// Package finding defines the findings every analyser reports: a stable
// kind, the rows involved and human-readable evidence. The analysers
// (stats, dups, evasions, outliers, labels, comparison) produce them and
// the report renders them; the type lives here so that an analyser need
// not import the report package, which imports the analysers' result
// types. It also holds what every analyser needs to produce them the same
// way: the first examples by position (Examples), the id column (IDColumn,
// RowID) and the rounding of scores (Round).
package finding

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Severities, from most to least serious.
const (
	Error   = "error"   // the record could not be used
	Warning = "warning" // the record was used but is suspect
	Info    = "info"
)

// Kinds of findings. The set is documented in docs/report.md and only grows.
const (
	KindBadRecord        = "bad_record"        // a record that could not be read; Subkind says why
	KindUnreadableInput  = "unreadable_input"  // a file, or the rest of one, that could not be read
	KindInvalidUTF8      = "invalid_utf8"      // text that is not valid UTF-8, kept and counted
	KindExactDuplicate   = "exact_duplicate"   // rows with equal normalised texts; the first is the one to keep
	KindCleaningEvasion  = "cleaning_evasion"  // text a rule-based cleaner lets through; Subkind says what
	KindReplacementChar  = "replacement_char"  // text carrying U+FFFD or an escaped lone surrogate: bytes lost to a lossy decode upstream
	KindNearDuplicate    = "near_duplicate"    // rows whose texts are nearly the same (MinHash LSH, verified)
	KindLabelConflict    = "label_conflict"    // duplicates (Subkind exact or near) that carry different labels
	KindOutlier          = "outlier"           // a row far from the median on a feature (Subkind), by robust z-score (Score)
	KindLabelMixedTypes  = "label_mixed_types" // a label column holding strings and numbers, say
	KindLabelsTooMany    = "labels_too_many"   // a label column with too many distinct values to be a class label
	KindLabelImbalance   = "label_imbalance"   // a class far below an even share of the labelled rows
	KindLabelEmpty       = "label_empty"       // rows whose label is an empty or blank string
	KindLabelError       = "label_error"       // a row whose label is likely wrong (confident learning on out-of-fold predictions)
	KindTriggerCandidate = "trigger_candidate" // a rare word or word pair concentrated in one label whose rows read like another: a possible backdoor trigger
	KindTriggeredRow     = "triggered_row"     // a row carrying a trigger candidate
	KindPayloadCandidate = "payload_candidate" // a response or response phrase planted in many rows whose prompts do not explain it (Subkind response or phrase)
	KindSplitOverlap     = "split_overlap"     // a row of an evaluation split (test, validation, dev) that copies a training row; Subkind exact or near
	KindContaminatedRow  = "contaminated_row"  // a training row holding (part of) an eval item: rows are the training row, then the item
	KindRepeatedSpan     = "repeated_span"     // a span of at least --span-tokens word tokens found in two or more rows (all listed)
)

// Row names one row of the input: by its id column when there is one, and
// always by file and line (JSONL, CSV, TSV: 1-based) or row (Parquet and
// Arrow: 0-based; a JSON array: its 0-based element).
type Row struct {
	ID   string `json:"id"`
	File string `json:"file"`
	Line int64  `json:"line,omitempty"`
	Row  *int64 `json:"row,omitempty"`
}

// NewRow names the row at pos; id, if not empty, is its id column's value.
func NewRow(files []string, pos ingest.Pos, id string) Row {
	r := Row{File: fileName(files, pos.File)}
	if pos.Line {
		r.Line = pos.N
	} else {
		n := pos.N
		r.Row = &n
	}
	if id == "" {
		id = pos.Format(files)
	}
	r.ID = id
	return r
}

// Place is where r is, file:line (a line of a text file) or file#row
// (a row or element), whatever its ID: what NewRow names a row without
// an id.
func (r Row) Place() string {
	if r.Row != nil {
		return r.File + "#" + strconv.FormatInt(*r.Row, 10)
	}
	return r.File + ":" + strconv.FormatInt(r.Line, 10)
}

func fileName(files []string, i int) string {
	if i >= 0 && i < len(files) {
		return files[i]
	}
	return fmt.Sprintf("file%d", i)
}

// Finding is one thing worth a reader's attention.
type Finding struct {
	Kind     string `json:"kind"`
	Subkind  string `json:"subkind,omitempty"`
	Severity string `json:"severity"`
	Rows     []Row  `json:"rows"`
	// Count is how many records the finding stands for when that is not
	// len(Rows): a stretch of unreadable Parquet rows, say.
	Count    int64   `json:"count,omitempty"`
	Score    float64 `json:"score,omitempty"`
	Evidence string  `json:"evidence"`
	// Excerpt is up to ExcerptChars characters of the text of the first
	// row, around what the finding is about, escaped (see Excerpt); empty
	// when the finding names no row or its row has no text. The use case
	// fills it once the listed findings are known, from the input read
	// again, so that no analyser keeps text for rows it may not list.
	Excerpt string `json:"excerpt,omitempty"`
	// At and Needle say where the excerpt centres: on the first match of
	// Needle in the text (a trigger word, a planted phrase; matched
	// ignoring case) when there is one, else on byte At of the text (an
	// evasion, a replacement character). They are not reported.
	At     int    `json:"-"`
	Needle string `json:"-"`
}

// NoTextEvidence starts the evidence of a finding a check lists for a
// bad record whose text is null or missing (the evasion check's
// empty_text): the record was not audited, and the finding is about it.
const NoTextEvidence = "no text, a bad record not audited: "

// OfBadRecord reports whether f is about a bad record: a bad_record
// finding, or one a check lists for a bad record (its evidence starts
// with NoTextEvidence). The reports name the row of such a finding by
// its id and by its place (file:line or file#row) both: a user fixes a
// bad record in the source, at its line or row, and may know it by its
// id. Other findings name their rows by id alone, as the data does.
func (f *Finding) OfBadRecord() bool {
	return f.Kind == KindBadRecord || strings.HasPrefix(f.Evidence, NoTextEvidence)
}

// KindEncodedAttachment is a MIME part the mail declares base64, left
// encoded in the text: an attachment the mail-to-text step did not decode
// or drop (evasions; not a cleaning evasion).
const KindEncodedAttachment = "encoded_attachment"

// KindMojibake is UTF-8 read as Windows-1252 (or Latin-1) and written
// again as UTF-8, "cafÃ©" for "café" (evasions; not a cleaning evasion:
// damage upstream, like KindReplacementChar).
const KindMojibake = "mojibake"
