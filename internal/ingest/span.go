package ingest

import (
	"context"
	"io"

	"github.com/dataaudit/dataaudit/internal/source"
)

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
type Span struct {
	File       int
	Start, End int64
	FirstLine  int64
}

// Ranged reports whether the span is a byte range rather than a whole input.
func (s *Span) Ranged() bool { return s != nil && s.End >= 0 }

// skips reports whether a run with this span leaves input i unread.
func (s *Span) skips(i int) bool { return s != nil && s.File != i }

// firstLine is the number of the first line the chunker reads.
func (o *Options) firstLine() int64 {
	if o.Span.Ranged() {
		return o.Span.FirstLine
	}
	return 1
}

// chunkSpan is chunkFile for a byte range of an uncompressed JSONL file.
func chunkSpan(ctx context.Context, idx int, in Input, opts *Options, pool *bufPool, send func(unit) error) error {
	sp := opts.Span
	f, err := in.Open()
	if err != nil {
		return send(unreadableUnit(idx, in, 0, err))
	}
	defer f.Close()
	counter := &source.CountingReader{R: io.NewSectionReader(f, sp.Start, sp.End-sp.Start)}
	line, err := chunkReader(ctx, idx, in, opts, pool, send, counter, counter)
	if err != nil {
		return err
	}
	if st, err := f.Stat(); err == nil {
		if u, ok := changedUnit(idx, in, line, st); ok {
			return send(u)
		}
	}
	return nil
}
