// Package evalset reads the eval sets of a contamination check into
// memory: every eval item's position, id and text, in input order. Memory
// is the eval sets' text, which are small next to a training corpus.
package evalset

import (
	"context"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Rows collects eval items: a mergeable list sorted at the end.
type Rows struct {
	Rows []Row
	Bad  int64 // bad records
}

// Row is an eval item: where it is, its id and its text.
type Row struct {
	Pos  ingest.Pos
	ID   string
	Text []byte
}

func (e *Rows) Add(b *ingest.Batch) error {
	e.Bad += int64(len(b.Bad))
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	ids := finding.IDColumn(b)
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if valid {
			e.Rows = append(e.Rows, Row{b.Pos(i), finding.RowID(ids, i), slices.Clone(t)})
		}
	})
}

func (e *Rows) Merge(other analysis.Analyser) error {
	o, ok := other.(*Rows)
	if !ok {
		return analysis.Mismatch(e, other)
	}
	e.Rows = append(e.Rows, o.Rows...)
	e.Bad += o.Bad
	return nil
}

func (e *Rows) Finish(*analysis.Env) (*analysis.Result, error) {
	return &analysis.Result{Section: e}, nil
}

// Read reads the eval items with the text fields given, in input order.
func Read(ctx context.Context, inputs []ingest.Input, iopts ingest.Options, text []string) (*Rows, error) {
	iopts.Text = text
	out, err := analysis.Run(ctx, inputs, analysis.Options{Ingest: iopts}, []analysis.Factory{func() (analysis.Analyser, error) { return &Rows{}, nil }})
	if err != nil {
		return nil, err
	}
	e := out[0].(*Rows)
	slices.SortFunc(e.Rows, func(a, b Row) int {
		switch {
		case a.Pos.Less(b.Pos):
			return -1
		case b.Pos.Less(a.Pos):
			return 1
		}
		return 0
	})
	return e, nil
}
