// Package findingfile writes the --findings export: every finding of a
// scan, one row per row it names, as JSONL or as Parquet. The report lists
// a few examples per kind; this file has them all, for a dataframe or a
// DuckDB query.
package findingfile

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/outfile"
)

// Row is one row of the --findings export: one per row a finding
// names, so that a cluster of duplicates gives one row per member, tied
// together by Finding (the finding's index in the export).
type Row struct {
	Finding  int64   `json:"finding"`
	Kind     string  `json:"kind"`
	Subkind  string  `json:"subkind,omitempty"`
	Severity string  `json:"severity"`
	ID       string  `json:"id"`
	File     string  `json:"file"`
	Line     *int64  `json:"line,omitempty"`
	Row      *int64  `json:"row,omitempty"`
	Score    float64 `json:"score,omitempty"`
	Evidence string  `json:"evidence"`
	// Excerpt is the finding's: from the text of its first row.
	Excerpt string `json:"excerpt,omitempty"`
}

func rowsOf(fs []finding.Finding) []Row {
	var out []Row
	for i, f := range fs {
		rows := f.Rows
		if len(rows) == 0 {
			rows = []finding.Row{{}}
		}
		for _, r := range rows {
			fr := Row{Finding: int64(i), Kind: f.Kind, Subkind: f.Subkind, Severity: f.Severity,
				ID: r.ID, File: r.File, Row: r.Row, Score: f.Score, Evidence: f.Evidence, Excerpt: f.Excerpt}
			if r.Line > 0 {
				line := r.Line
				fr.Line = &line
			}
			out = append(out, fr)
		}
	}
	return out
}

// Write writes every finding to path, one row per named row: JSONL,
// or Parquet when path ends in .parquet. The file appears whole or not at
// all (see package outfile): a failed write leaves the previous one.
// Nothing is kept when ctx is done before the file is complete.
func Write(ctx context.Context, path string, fs []finding.Finding) error {
	rs := rowsOf(fs)
	err := outfile.WriteFileContext(ctx, path, func(f *outfile.File) error {
		if strings.HasSuffix(strings.ToLower(path), ".parquet") {
			// pqarrow closes a writer that is an io.Closer: hide Close.
			return writeParquet(struct{ io.Writer }{f}, rs)
		}
		bw := bufio.NewWriter(f)
		if err := writeJSONL(bw, rs); err != nil {
			return err
		}
		return bw.Flush()
	})
	return err
}

// WriteJSONL writes every finding to w as Write writes a
// JSONL file: for --findings - (standard output).
func WriteJSONL(w io.Writer, fs []finding.Finding) error {
	bw := bufio.NewWriter(w)
	if err := writeJSONL(bw, rowsOf(fs)); err != nil {
		return err
	}
	return bw.Flush()
}

func writeJSONL(w io.Writer, rows []Row) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

func writeParquet(w io.Writer, rows []Row) error {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "finding", Type: arrow.PrimitiveTypes.Int64},
		{Name: "kind", Type: arrow.BinaryTypes.String},
		{Name: "subkind", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "severity", Type: arrow.BinaryTypes.String},
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "file", Type: arrow.BinaryTypes.String},
		{Name: "line", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "row", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "evidence", Type: arrow.BinaryTypes.String},
		{Name: "excerpt", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for _, r := range rows {
		b.Field(0).(*array.Int64Builder).Append(r.Finding)
		b.Field(1).(*array.StringBuilder).Append(r.Kind)
		appendOptString(b.Field(2).(*array.StringBuilder), r.Subkind)
		b.Field(3).(*array.StringBuilder).Append(r.Severity)
		b.Field(4).(*array.StringBuilder).Append(r.ID)
		b.Field(5).(*array.StringBuilder).Append(r.File)
		appendOptInt(b.Field(6).(*array.Int64Builder), r.Line)
		appendOptInt(b.Field(7).(*array.Int64Builder), r.Row)
		if r.Score != 0 {
			b.Field(8).(*array.Float64Builder).Append(r.Score)
		} else {
			b.Field(8).(*array.Float64Builder).AppendNull()
		}
		b.Field(9).(*array.StringBuilder).Append(r.Evidence)
		appendOptString(b.Field(10).(*array.StringBuilder), r.Excerpt)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	fw, err := pqarrow.NewFileWriter(schema, w, parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd)),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return err
	}
	if err := fw.Write(rec); err != nil {
		fw.Close()
		return err
	}
	return fw.Close()
}

func appendOptString(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.Append(s)
}

func appendOptInt(b *array.Int64Builder, v *int64) {
	if v == nil {
		b.AppendNull()
		return
	}
	b.Append(*v)
}
