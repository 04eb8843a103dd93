// Package shards runs a command over a deterministic part of its inputs,
// for job arrays (Slurm arrays, Kubernetes indexed jobs): shard K of N
// reads 1/N of the bytes and writes the portable states of its analyses
// (package analysis) to a state file, and a merge of the N state files
// gives what one process reading everything gives, byte for byte.
//
// # The plan
//
// The inputs, in the order of the run's file table, are laid end to end
// as one run of bytes of their sizes; shard K owns the bytes
// [K·T/N, (K+1)·T/N) of that run, T the total size. An uncompressed JSONL
// file is cut where the shards' bounds fall in it, at line starts: a
// line belongs to the shard whose bytes hold its first byte, and the
// shard numbers it by counting the newlines before it, so that positions
// in findings are the file's own lines. A Parquet file is cut into row
// groups: row group g stands at the file's offset of the compressed bytes
// of the groups before it (its footer's sizes; group 0 at the file's first
// byte) and belongs to the shard that owns that byte, and its rows keep
// their positions (file#row) in the file. Any other input (compressed, a
// JSON array, CSV, a Parquet file whose footer cannot be read or that has
// no row group) is read whole by the shard that owns its first byte. The
// plan depends only on the file table, the sizes and the Parquet footers,
// so every shard computes the same one; a shard may hold nothing (an
// empty state) when a whole file is larger than T/N.
//
// Inputs are read through source.File, so objects in a bucket (s3://,
// ...) are cut as files are, with ranged reads: a shard reads its range,
// the newlines before it (for line numbers), the line that crosses its
// end, and the footers of the Parquet files it overlaps.
package shards

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
	"github.com/dataaudit/dataaudit/internal/source"
)

// Shard is shard K of N (0 <= K < N), as --shard K/N spells it.
type Shard struct{ K, N int }

// MaxShards is the most shards a job may be cut into.
const MaxShards = 1 << 20

// Parse reads "K/N".
func Parse(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if ok && err2 == nil && ni > MaxShards {
		return Shard{}, fmt.Errorf("%q: %d shards, want at most %d", s, ni, MaxShards)
	}
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 0 || ki >= ni {
		return Shard{}, fmt.Errorf("%q: want K/N with 0 <= K < N, as in 0/4", s)
	}
	return Shard{ki, ni}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Piece is one read of a shard: input File whole (End < 0), its bytes
// [Start, End) before they are cut at line starts (see Span), or, with
// RowGroups, its Parquet row groups [Start, End) (Bytes compressed bytes).
type Piece struct {
	File       int
	Start, End int64
	RowGroups  bool
	Bytes      int64
}

// Rangeable reports whether an input is cut into byte ranges: an
// uncompressed JSONL file that is not a stream and can be read.
func Rangeable(in ingest.Input) bool {
	return !in.IsStream() && in.Err() == nil && in.Format == source.JSONL && in.Compression == source.None && in.Size > 0
}

// Plan returns the pieces of shard s of inputs (see the package
// comment), in file order.
func Plan(inputs []ingest.Input, s Shard) ([]Piece, error) {
	var total int64
	for _, in := range inputs {
		if in.IsStream() {
			return nil, fmt.Errorf("%s: a stream cannot be cut into shards; name a file", in.Path)
		}
		total += in.Size
	}
	lo, hi := bound(total, s.K, s.N), bound(total, s.K+1, s.N)
	var out []Piece
	var at int64 // the run's offset of the input's first byte
	for i, in := range inputs {
		start, end := at, at+in.Size
		at = end
		if in.Format == source.Parquet && !in.IsStream() && in.Err() == nil && in.Size > 0 && start < hi && end > lo {
			p, ok, whole, err := groupPiece(in, i, start, lo, hi)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, p)
			}
			if !whole {
				continue
			}
		}
		if !Rangeable(in) {
			// Whole, by the shard owning its first byte; an empty input
			// by the shard owning the byte at its offset (the last shard
			// at the very end).
			if lo <= start && start < hi || start == total && s.K == s.N-1 {
				out = append(out, Piece{File: i, End: -1})
			}
			continue
		}
		a, b := max(start, lo), min(end, hi)
		if a < b {
			out = append(out, Piece{File: i, Start: a - start, End: b - start})
		}
	}
	return out, nil
}

// groupPiece returns the piece of the row groups of Parquet input in,
// laid at start of the run, that the shard of bytes [lo, hi) owns (ok
// false: none), or whole true when the file is read whole (it cannot be
// cut: see the package comment).
func groupPiece(in ingest.Input, file int, start, lo, hi int64) (p Piece, ok, whole bool, err error) {
	sizes, err := columnar.RowGroupBytes(in)
	if errors.Is(err, columnar.ErrRead) {
		return p, false, false, err
	}
	if err != nil || len(sizes) == 0 {
		return p, false, true, nil
	}
	p = Piece{File: file, Start: -1, RowGroups: true}
	var at int64 // the file's offset of row group g
	for g, n := range sizes {
		if pos := start + min(at, in.Size-1); lo <= pos && pos < hi {
			if p.Start < 0 {
				p.Start = int64(g)
			}
			p.End = int64(g + 1)
			p.Bytes += n
		}
		at += n
	}
	return p, p.Start >= 0, false, nil
}

// bound is shard k's first byte of a run of total bytes in n shards.
func bound(total int64, k, n int) int64 {
	// total·k/n without overflow for any file size.
	return total/int64(n)*int64(k) + total%int64(n)*int64(k)/int64(n)
}

// Span returns the ingest span that reads piece p of in: for a range,
// its bytes cut at line starts (a line belongs to the piece holding its
// first byte) and the number of its first line, found by counting the
// newlines before it; nil when the range holds no line start. The bytes
// are read through in.Open, so an object is read with ranged requests:
// the newlines before the range in one streamed request, the end of the
// line at End in 1 MiB blocks (see source.File).
func Span(ctx context.Context, in ingest.Input, p Piece) (*ingest.Span, error) {
	if p.End < 0 {
		return &ingest.Span{File: p.File, End: -1}, nil
	}
	if p.RowGroups {
		return &ingest.Span{File: p.File, Start: p.Start, End: p.End, RowGroups: true}, nil
	}
	f, err := in.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The first line start at or after Start, counting the newlines
	// before it; then the first at or after End.
	start, lines, err := lineStart(ctx, f, in.Size, p.Start, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	if start >= p.End || start >= in.Size {
		return nil, nil
	}
	end := in.Size
	if p.End < in.Size {
		if end, _, err = lineStart(ctx, f, in.Size, p.End, max(start, p.End-1)); err != nil {
			return nil, fmt.Errorf("%s: %w", in.Path, err)
		}
	}
	return &ingest.Span{File: p.File, Start: start, End: end, FirstLine: 1 + lines}, nil
}

// lineStart returns the first line start at or after off in f, of size
// bytes (0, or just after a newline at off-1 or later; size when there
// is none), reading from from, and the newlines in [from, that start).
// The bytes before off-1 are streamed (source.Section: one request for
// an object); the line at off-1 is looked for with ReadAt, whose small
// reads an object serves from its cached blocks.
func lineStart(ctx context.Context, f source.File, size, off, from int64) (int64, int64, error) {
	if off == 0 {
		return 0, 0, nil
	}
	buf := make([]byte, 64<<10)
	var lines int64
	if head := off - 1 - from; head > 0 {
		r := source.Section(f, from, head)
		for {
			if err := ctx.Err(); err != nil {
				return 0, 0, err
			}
			n, err := r.Read(buf)
			lines += int64(bytes.Count(buf[:n], []byte{'\n'}))
			from += int64(n)
			if err == io.EOF {
				break
			}
			if err != nil {
				return 0, 0, err
			}
		}
		if from != off-1 {
			return 0, 0, fmt.Errorf("read %d bytes before offset %d, want %d: %w", from, off, off-1, io.ErrUnexpectedEOF)
		}
	}
	for pos := from; pos < size; {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		n, err := f.ReadAt(buf[:min(int64(len(buf)), size-pos)], pos)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return pos + int64(i) + 1, lines + 1, nil
		}
		lines += int64(bytes.Count(buf[:n], []byte{'\n'}))
		pos += int64(n)
		if err != nil && err != io.EOF {
			return 0, 0, err
		}
		if n == 0 {
			break
		}
	}
	return size, lines, nil
}
