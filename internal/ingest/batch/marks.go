package batch

import (
	"sort"
	"sync"
	"time"
)

// Marks are where the chunks of plain (uncompressed, not streamed) JSONL
// inputs start, byte offset and line number, recorded during one read of
// them, so that a later read of a few lines (Options.Only, the excerpts of
// findings) can begin anywhere: Ranges cuts an input into byte ranges,
// each with the number of its first line, that the workers read at once,
// and leaves out the chunks holding no line wanted. Without them such a
// read counts the lines of the whole input on one goroutine.
//
// An input's marks are kept with its size and modification time, and
// used only for an input of the same path, size and time. Marks is safe
// for concurrent use; its zero value is empty and ready to use. It keeps
// 16 bytes a chunk (Options.ChunkBytes, 512 KiB by default) and a line
// start about every 16 KiB inside (textread.MarkBytes): 1 KiB a MiB of
// input, so that reading one line again reads about 16 KiB, not 512.
type Marks struct {
	mu    sync.Mutex
	files map[string]*fileMarks
}

// Mark is a place in a JSONL input where a line starts: its byte offset
// and line number (1-based).
type Mark struct{ Off, Line int64 }

type fileMarks struct {
	size int64
	mod  time.Time
	at   []Mark // by offset, the first at 0
}

// Record keeps m, the start of the next chunk of the input at path, of
// size bytes modified at mod; the chunks of an input are recorded in
// order, from the one at offset 0, which starts them again.
func (s *Marks) Record(path string, size int64, mod time.Time, m Mark) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string]*fileMarks{}
	}
	f := s.files[path]
	if m.Off == 0 || f == nil {
		f = &fileMarks{size: size, mod: mod}
		s.files[path] = f
	}
	if n := len(f.at); n > 0 && (m.Off <= f.at[n-1].Off || m.Line < f.at[n-1].Line) {
		return // out of order: not a chunk after the last
	}
	if len(f.at) == 0 && m.Off != 0 {
		return
	}
	f.at = append(f.at, m)
}

// Range is a byte range of an input, [Start, End), whose first line is
// FirstLine.
type Range struct {
	Start, End, FirstLine int64
}

// Ranges cuts the input at path, of size bytes modified at mod, into at
// most about n byte ranges, in order, that together hold every line of
// wanted (sorted line numbers) and leave out the chunks holding none. It
// returns nil when the input has no marks, or marks of another version.
func (s *Marks) Ranges(path string, size int64, mod time.Time, wanted []int64, n int) []Range {
	s.mu.Lock()
	f := s.files[path]
	s.mu.Unlock()
	if f == nil || f.size != size || !f.mod.Equal(mod) || len(wanted) == 0 {
		return nil
	}
	at := f.at
	end := func(i int) int64 { // where chunk i ends
		if i+1 < len(at) {
			return at[i+1].Off
		}
		return size
	}
	// The chunks holding a wanted line, and the bytes they hold.
	var keep []int
	var bytes int64
	for i, m := range at {
		k := sort.Search(len(wanted), func(k int) bool { return wanted[k] >= m.Line })
		if k == len(wanted) {
			break
		}
		if i+1 < len(at) && wanted[k] >= at[i+1].Line {
			continue
		}
		keep = append(keep, i)
		bytes += end(i) - m.Off
	}
	n = max(n, 1)
	target := (bytes + int64(n) - 1) / int64(n) // a range's bytes, about
	var out []Range
	for _, i := range keep {
		if k := len(out) - 1; k >= 0 && out[k].End == at[i].Off && out[k].End-out[k].Start < target {
			out[k].End = end(i)
			continue
		}
		out = append(out, Range{Start: at[i].Off, End: end(i), FirstLine: at[i].Line})
	}
	return out
}
