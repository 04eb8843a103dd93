package dups

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

type row struct {
	text  string
	label string // "" for a null label
}

// batch builds a JSONL-like batch of rows starting at line first.
func batch(t *testing.T, rows []row, first int64) *ingest.Batch {
	t.Helper()
	tb := array.NewStringBuilder(memory.DefaultAllocator)
	lb := array.NewStringBuilder(memory.DefaultAllocator)
	b := &ingest.Batch{FirstLabel: [ingest.NumLabelKinds]int{-1, -1, -1}}
	for i, r := range rows {
		tb.Append(r.text)
		if r.label == "" {
			lb.AppendNull()
		} else {
			lb.Append(r.label)
			if b.LabelKinds[ingest.LabelString] == 0 {
				b.FirstLabel[ingest.LabelString] = i
			}
			b.LabelKinds[ingest.LabelString]++
		}
		b.Lines = append(b.Lines, first+int64(i))
	}
	text, label := tb.NewArray(), lb.NewArray()
	defer text.Release()
	defer label.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: ingest.ColText, Type: arrow.BinaryTypes.String}, {Name: ingest.ColLabel, Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	b.Record = array.NewRecordBatch(schema, []arrow.Array{text, label}, int64(len(rows)))
	return b
}
