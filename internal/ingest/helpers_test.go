package ingest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// gotRow is one row of a batch, copied out of the record before it is
// released.
type gotRow struct {
	File  int
	N     int64 // line (JSONL, 1-based) or row (Parquet, 0-based)
	Null  bool  // a null text (Parquet only: JSONL drops those rows)
	Text  string
	Label *string
	ID    *string
}

// gotBad is a bad record without its reason, which is for people.
type gotBad struct {
	File int
	N    int64
	Kind string
	Rows int64
	ID   string // the record's --id (BadRecord.ID)
}

// result is everything Run handed to fn, in a canonical order.
type result struct {
	Rows       []gotRow
	Bad        []gotBad
	Blank      int64
	LabelKinds [NumLabelKinds]int64
	Batches    int
}

func strp(s string) *string { return &s }

// collect runs Run and gathers its batches. It checks the invariants every
// batch must keep (row counts, Pos, FirstLabel, bad record shape) as it
// goes, and releases every record.
func collect(t *testing.T, inputs []Input, opts Options) (result, error) {
	t.Helper()
	var (
		mu  sync.Mutex
		res result
	)
	err := Run(context.Background(), inputs, opts, func(worker int, b *Batch) error {
		defer b.Record.Release()
		if worker < 0 || worker >= opts.NumWorkers() {
			t.Errorf("fn called with worker %d, want 0 <= worker < %d", worker, opts.NumWorkers())
		}
		rows, err := batchRows(b)
		if err != nil {
			return err
		}
		if msg := checkBatch(b, rows); msg != "" {
			t.Errorf("file %d, batch of %d rows: %s", b.File, b.Record.NumRows(), msg)
		}
		mu.Lock()
		defer mu.Unlock()
		res.Batches++
		res.Rows = append(res.Rows, rows...)
		for _, bad := range b.Bad {
			if bad.Reason == "" {
				t.Errorf("bad record %+v has no reason", bad)
			}
			if bad.Pos.File != b.File {
				t.Errorf("bad record %+v is in file %d, its batch in file %d", bad, bad.Pos.File, b.File)
			}
			res.Bad = append(res.Bad, gotBad{File: bad.Pos.File, N: bad.Pos.N, Kind: bad.Kind, Rows: bad.Rows, ID: bad.ID})
		}
		res.Blank += b.Blank
		for k, n := range b.LabelKinds {
			res.LabelKinds[k] += n
		}
		return nil
	})
	sort.Slice(res.Rows, func(i, j int) bool {
		a, b := res.Rows[i], res.Rows[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.N < b.N
	})
	sort.Slice(res.Bad, func(i, j int) bool {
		a, b := res.Bad[i], res.Bad[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.N < b.N
	})
	return res, err
}

// batchRows copies the rows of a batch out of its record.
func batchRows(b *Batch) ([]gotRow, error) {
	n := int(b.Record.NumRows())
	rows := make([]gotRow, n)
	if n == 0 {
		return rows, nil
	}
	for i := range rows {
		p := b.Pos(i)
		rows[i].File, rows[i].N = p.File, p.N
	}
	text := b.Column(ColText)
	if text == nil {
		return nil, fmt.Errorf("batch of %d rows has no %s column", n, ColText)
	}
	err := ForEachText(text, func(i int, t []byte, valid bool) {
		rows[i].Text, rows[i].Null = string(t), !valid
	})
	if err != nil {
		return nil, err
	}
	for _, c := range []struct {
		name string
		dst  func(r *gotRow, s *string)
	}{
		{ColLabel, func(r *gotRow, s *string) { r.Label = s }},
		{ColID, func(r *gotRow, s *string) { r.ID = s }},
	} {
		col := b.Column(c.name)
		if col == nil {
			continue
		}
		s, ok := col.(*array.String)
		if !ok {
			return nil, fmt.Errorf("column %s is %s, want utf8", c.name, col.DataType())
		}
		for i := range rows {
			if s.IsValid(i) {
				c.dst(&rows[i], strp(s.Value(i)))
			}
		}
	}
	return rows, nil
}

// checkBatch returns what is wrong with a batch's bookkeeping, or "".
func checkBatch(b *Batch, rows []gotRow) string {
	n := int(b.Record.NumRows())
	if b.Lines != nil && len(b.Lines) != n {
		return fmt.Sprintf("%d lines for %d rows", len(b.Lines), n)
	}
	for i := 1; b.Lines != nil && i < len(b.Lines); i++ {
		if b.Lines[i] <= b.Lines[i-1] {
			return fmt.Sprintf("lines not increasing: %v", b.Lines)
		}
	}
	if col := b.Column(ColLabel); col != nil {
		text := b.Column(ColText)
		var total int64
		for k, cnt := range b.LabelKinds {
			total += cnt
			if cnt == 0 {
				if b.FirstLabel[k] != -1 {
					return fmt.Sprintf("FirstLabel[%v] = %d with no label of that kind, want -1", LabelKind(k), b.FirstLabel[k])
				}
				continue
			}
			if f := b.FirstLabel[k]; f < 0 || f >= n || col.IsNull(f) || text.IsNull(f) {
				return fmt.Sprintf("FirstLabel[%v] = %d, not a row with a label and a text (of %d rows)", LabelKind(k), f, n)
			}
		}
		// Label kinds count the rows with a text only, as for JSONL.
		var want int64
		for i := range n {
			if !col.IsNull(i) && !text.IsNull(i) {
				want++
			}
		}
		if total != want {
			return fmt.Sprintf("LabelKinds %v add up to %d, want the %d non-null labels of rows with a text", b.LabelKinds, total, want)
		}
	}
	for _, bad := range b.Bad {
		if bad.Pos.Line != (b.Lines != nil) {
			return fmt.Sprintf("bad record %+v: Line flag does not match the batch", bad)
		}
		if bad.Rows < 1 && bad.Kind != BadUnreadableInput && bad.Kind != BadInputChanged && bad.Kind != BadFileEncoding { // those lose an unknown number, or (file_encoding) stand for none
			return fmt.Sprintf("bad record %+v stands for %d rows", bad, bad.Rows)
		}
	}
	return ""
}

// goodTexts returns the rows with a non-null text as "pos\ttext" strings,
// sorted: the multiset that must not depend on the number of workers.
func goodTexts(rows []gotRow) []string {
	var out []string
	for _, r := range rows {
		if !r.Null {
			out = append(out, fmt.Sprintf("%d:%d\t%s", r.File, r.N, r.Text))
		}
	}
	sort.Strings(out)
	return out
}

// leakRecorder collects what CheckedAllocator.AssertSize reports.
type leakRecorder struct{ msgs []string }

func (r *leakRecorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *leakRecorder) Helper() {}

// assertNoLeaks is mem.AssertSize(t, 0) but for one known leak in arrow-go
// v18.8.0: the DELTA_BINARY_PACKED decoder (parquet/internal/encoding,
// delta_bit_packing.go) takes the buffer for its miniblock bit widths from
// the allocator in SetData/initBlock and has no method that releases it.
// It is Go memory that the GC frees with the Go allocator, and nothing in
// this package can release it. Any other leak fails the test.
func assertNoLeaks(t *testing.T, mem *memory.CheckedAllocator) {
	t.Helper()
	var rec leakRecorder
	mem.AssertSize(&rec, 0)
	known := 0
	for _, m := range rec.msgs {
		var n int
		if _, err := fmt.Sscanf(m, "LEAK of %d bytes", &n); err == nil &&
			strings.Contains(m, "encoding.(*deltaBitPackDecoder[...]).initBlock") && strings.Contains(m, "delta_bit_packing.go") {
			known += n
			continue
		}
		if strings.HasPrefix(m, "invalid memory size") {
			continue // checked below, less the known leak
		}
		t.Error(m)
	}
	if got := mem.CurrentAlloc(); got != known {
		t.Errorf("allocator holds %d bytes after every batch was released, want 0 (or the %d bytes of the known arrow-go leak)", got, known)
	}
}

// bom is the UTF-8 byte-order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

// badReasons reads inputs once more and returns its bad records as
// "position kind rows: reason", sorted (collect keeps no reasons: the
// reports show them).
func badReasons(t *testing.T, inputs []Input, opts Options) []string {
	t.Helper()
	var (
		mu      sync.Mutex
		reasons []string
	)
	err := Run(context.Background(), inputs, opts, func(_ int, b *Batch) error {
		defer b.Record.Release()
		mu.Lock()
		defer mu.Unlock()
		for _, r := range b.Bad {
			reasons = append(reasons, fmt.Sprintf("%d %s %d: %s", r.Pos.N, r.Kind, r.Rows, r.Reason))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(reasons)
	return reasons
}
