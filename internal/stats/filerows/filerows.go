// Package filerows counts the records of each input file (FileRows), the
// rows a profile's manifest lists and verify recounts. Its state is
// portable: the counts by index in the run's file table.
package filerows

import (
	"encoding/binary"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

var _ analysis.Analyser = (*FileRows)(nil)

// FileRows counts the records of each input file: rows with a text and
// bad records, so that a file's count does not depend on what was wrong
// with its rows. It is a mergeable accumulator like stats.Summary.
type FileRows struct {
	rows []int64
}

// New returns a FileRows for n files.
func New(n int) *FileRows { return &FileRows{rows: make([]int64, n)} }

// Add counts the records of a batch.
func (f *FileRows) Add(b *ingest.Batch) error {
	for _, bad := range b.Bad {
		if bad.Kind != ingest.BadUnreadableInput {
			f.rows[b.File] += bad.Rows
		}
	}
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	n := int64(0)
	err := ingest.ForEachText(text, func(_ int, _ []byte, valid bool) {
		if valid {
			n++
		}
	})
	f.rows[b.File] += n
	return err
}

// Merge adds the counts of other, a *FileRows of as many files, to f.
func (f *FileRows) Merge(other analysis.Analyser) error {
	o, ok := other.(*FileRows)
	if !ok || len(o.rows) != len(f.rows) {
		return analysis.Mismatch(f, other)
	}
	for i, n := range o.rows {
		f.rows[i] += n
	}
	return nil
}

// Finish returns the record count of each file ([]int64, by file index)
// as the Result's Section.
func (f *FileRows) Finish(*analysis.Env) (*analysis.Result, error) {
	return &analysis.Result{Section: f.rows}, nil
}

// Rows returns the record count of each file, by file index.
func (f *FileRows) Rows() []int64 { return f.rows }

// Spec describes the record count of each input file (verify
// recounts changed files with it, and a profile's manifest lists it). Its
// state is portable: the counts by index in the run's file table.
var Spec = &analysis.Spec{
	Name: "stats.file_rows", Version: 1,
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return New(c.Files), nil
	},
	Decode: func(c *analysis.Config, state []byte) (analysis.Analyser, error) {
		n, k := binary.Uvarint(state)
		if k <= 0 || n != uint64(c.Files) {
			return nil, fmt.Errorf("counts for %d files, want %d", n, c.Files)
		}
		f := New(c.Files)
		state = state[k:]
		for i := range f.rows {
			v, k := binary.Varint(state)
			if k <= 0 || v < 0 {
				return nil, fmt.Errorf("file %d: bad count", i)
			}
			f.rows[i], state = v, state[k:]
		}
		if len(state) != 0 {
			return nil, fmt.Errorf("%d bytes after the counts", len(state))
		}
		return f, nil
	},
}

var _ analysis.Encoder = (*FileRows)(nil)

// AppendState appends the number of files and each file's count, as
// varints.
func (f *FileRows) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(len(f.rows)))
	for _, n := range f.rows {
		dst = binary.AppendVarint(dst, n)
	}
	return dst, nil
}
