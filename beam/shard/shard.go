// Package shard cuts the inputs of a dataaudit run into shards that
// processes read apart, and turns the portable states they write back
// into the one-process result. It holds no Beam code: the pipeline in
// package pipeline moves its values between workers.
//
// A shard is a whole input (a compressed or non-JSONL file, one read), a
// byte range of an uncompressed JSONL file, or a range of row groups of a
// Parquet file (whose rows keep their positions in the file). A line
// belongs to the range it starts in. Planning knows only file sizes and
// Parquet footers; a first pass over each range (Count) finds its first
// line start and counts its newlines, and Lines turns those counts into
// each range's exact bytes and first line number, so that positions in
// findings are the file's own lines.
package shard

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
	"github.com/dataaudit/dataaudit/internal/source"
)

// Shard is one unit of work: input File of the run's file table, whole
// (Ranged and RowGroups false), its bytes [Start, End) (Ranged) or its
// Parquet row groups [Start, End) (RowGroups).
type Shard struct {
	Index     int // position in the plan: states merge in this order
	File      int
	Ranged    bool
	RowGroups bool
	// Start and End are the planned range until Lines sets them to
	// the range's line starts.
	Start, End int64
	// Count and Lines fill these.
	Newlines  int64 // newlines at offsets [Start-1, End-1) of the planned range (from 0 for the first)
	LineStart int64 // the first line start at or after Start (Found), or -1
	FirstLine int64 // the number of the line at Start (after Lines)
}

// Plan cuts inputs into shards: an uncompressed JSONL file larger than
// size bytes into ranges of size bytes, a Parquet file larger than size
// bytes into ranges of whole row groups of size compressed bytes or more
// (the last one less; the footer's sizes), any other input whole. size
// <= 0 keeps every input whole. The plan depends only on the inputs'
// sizes and the Parquet footers (read with ranged reads for an object);
// a Parquet file whose footer a run could not read either is one shard,
// and a failure to read its bytes is an error (another try could plan
// otherwise).
func Plan(inputs []ingest.Input, size int64) ([]Shard, error) {
	var out []Shard
	for i, in := range inputs {
		if in.IsStream() {
			return nil, fmt.Errorf("%s: a stream cannot be cut into shards; name a file", in.Path)
		}
		if size > 0 && in.Err() == nil && in.Format == source.Parquet && in.Size > size {
			groups, err := columnar.RowGroupBytes(in)
			if errors.Is(err, columnar.ErrRead) {
				return nil, err
			}
			if err == nil && len(groups) > 1 {
				out = groupShards(out, i, groups, size)
				continue
			}
		}
		if size <= 0 || in.Err() != nil || in.Format != source.JSONL || in.Compression != source.None || in.Size <= size {
			out = append(out, Shard{Index: len(out), File: i, End: -1})
			continue
		}
		for s := int64(0); s < in.Size; s += size {
			out = append(out, Shard{Index: len(out), File: i, Ranged: true, Start: s, End: min(s+size, in.Size), LineStart: -1})
		}
	}
	return out, nil
}

// groupShards appends to plan the shards of the row groups of file i,
// of the given compressed sizes, cut once size bytes or more are in.
func groupShards(plan []Shard, i int, groups []int64, size int64) []Shard {
	var n int64
	first := 0
	for g, b := range groups {
		n += b
		if n >= size || g == len(groups)-1 {
			plan = append(plan, Shard{Index: len(plan), File: i, RowGroups: true, Start: int64(first), End: int64(g + 1), LineStart: -1})
			first, n = g+1, 0
		}
	}
	return plan
}

// Count reads the planned range of a ranged shard once: it counts the
// newlines at offsets [Start-1, End-1) and finds the first line start in
// [Start, End), if any. A whole shard is returned as it is.
func Count(ctx context.Context, in ingest.Input, sh Shard) (Shard, error) {
	if !sh.Ranged {
		return sh, nil
	}
	f, err := in.Open()
	if err != nil {
		return sh, fmt.Errorf("shard %d: %w", sh.Index, err)
	}
	defer f.Close()
	from := max(sh.Start-1, 0)
	r := source.Section(f, from, sh.End-1-from)
	if sh.Start == 0 {
		r = source.Section(f, 0, sh.End-1)
		sh.LineStart = 0
	}
	buf := make([]byte, min(1<<20, sh.End-from))
	off := from
	for {
		if err := ctx.Err(); err != nil {
			return sh, err
		}
		n, err := r.Read(buf)
		b := buf[:n]
		if sh.LineStart < 0 {
			if i := bytes.IndexByte(b, '\n'); i >= 0 {
				sh.LineStart = off + int64(i) + 1
			}
		}
		sh.Newlines += int64(bytes.Count(b, []byte{'\n'}))
		off += int64(n)
		if err == io.EOF {
			return sh, nil
		}
		if err != nil {
			return sh, fmt.Errorf("shard %d: %s: %w", sh.Index, in.Path, err)
		}
	}
}

// Lines sets, from the counted shards of a plan (in any order), every
// ranged shard's exact bytes [Start, End), cut at line starts, and its
// FirstLine, and returns the plan in order without the ranges that hold
// no line start.
func Lines(counted []Shard, inputs []ingest.Input) ([]Shard, error) {
	sh := slices.Clone(counted)
	slices.SortFunc(sh, func(a, b Shard) int { return cmp.Compare(a.Index, b.Index) })
	for i := range sh {
		if sh[i].Index != i {
			return nil, fmt.Errorf("shard %d missing from the plan's counts", i)
		}
	}
	// Ends, from the back: a range ends where the next range of its file
	// has its first line start (or the file ends).
	next := map[int]int64{}
	for i := len(sh) - 1; i >= 0; i-- {
		s := &sh[i]
		if !s.Ranged {
			continue
		}
		end, ok := next[s.File]
		if !ok {
			end = inputs[s.File].Size
		}
		if s.LineStart < 0 || s.LineStart >= s.End { // no line starts here
			s.LineStart = end
		}
		next[s.File] = s.LineStart
		s.End = end
	}
	var out []Shard
	line := map[int]int64{} // newlines before the next range's planned start - 1
	for _, s := range sh {
		if !s.Ranged {
			out = append(out, s)
			continue
		}
		before := line[s.File]
		line[s.File] = before + s.Newlines
		if s.LineStart >= s.End {
			continue
		}
		// The line at LineStart follows the newlines before the planned
		// start, and one more (at LineStart-1) unless it is the file's
		// first.
		s.FirstLine = 1 + before
		if s.LineStart > 0 {
			s.FirstLine++
		}
		s.Start = s.LineStart
		out = append(out, s)
	}
	if len(out) == 0 && len(sh) > 0 {
		return nil, errors.New("no shard holds a line")
	}
	return out, nil
}

// Span is the ingest span that reads the shard.
func (s Shard) Span() *ingest.Span {
	if s.RowGroups {
		return &ingest.Span{File: s.File, Start: s.Start, End: s.End, RowGroups: true}
	}
	if !s.Ranged {
		return &ingest.Span{File: s.File, End: -1}
	}
	return &ingest.Span{File: s.File, Start: s.Start, End: s.End, FirstLine: s.FirstLine}
}
