package batch

// Span is the part of one input a run reads, for a shard of a job that
// spreads the inputs over several processes (dataaudit-beam): the other
// inputs are not read, so their file indexes stay those of the whole run.
//
// With End < 0 the whole input File is read, in any format. Otherwise File
// is an uncompressed JSONL file and the run reads its bytes [Start, End),
// which the caller has cut at line starts (Start is 0 or follows a
// newline; End is the file's size or follows a newline), numbering its
// lines from FirstLine. The caller finds line starts and counts newlines;
// a line belongs to the span it starts in.
//
// With RowGroups set, File is a Parquet file and the run reads its row
// groups [Start, End) (by the footer's numbering; rows keep their
// positions in the file), and when End is the footer's count of row
// groups also the rows the footer's total has and no row group holds.
type Span struct {
	File       int
	Start, End int64
	FirstLine  int64
	RowGroups  bool
}

// Ranged reports whether the span is a byte range rather than a whole
// input or row groups.
func (s *Span) Ranged() bool { return s != nil && s.End >= 0 && !s.RowGroups }

// Skips reports whether a run with this span leaves input i unread.
func (s *Span) Skips(i int) bool { return s != nil && s.File != i }

// FirstLine is the number of the first line a JSONL chunker reads: 1, or
// a ranged span's FirstLine.
func (o *Options) FirstLine() int64 {
	if o.Span.Ranged() {
		return o.Span.FirstLine
	}
	return 1
}
