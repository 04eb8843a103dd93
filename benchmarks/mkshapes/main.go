// Command mkshapes writes a JSONL corpus of {id, text, label} records in the
// other file shapes dataaudit reads, for benchmarks/fileshapes.sh: a
// pretty-printed JSON array (as Alpaca and many fine-tuning sets ship),
// CSV and TSV with a header row (fields with separators, quotes and
// newlines quoted, as encoding/csv writes them), and an Arrow IPC stream
// of string columns in batches of 1000 rows (what Hugging Face datasets
// writes as .arrow).
//
// usage: go run ./benchmarks/mkshapes -in corpus.jsonl -out DIR
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

type record struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

func main() {
	in := flag.String("in", "", "JSONL corpus with id, text and label")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *in == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: mkshapes -in corpus.jsonl -out DIR")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mkshapes:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	base := strings.TrimSuffix(filepath.Base(in), ".jsonl")
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	create := func(ext string) (*os.File, *bufio.Writer, error) {
		g, err := os.Create(filepath.Join(out, base+ext))
		if err != nil {
			return nil, nil, err
		}
		return g, bufio.NewWriterSize(g, 1<<20), nil
	}
	jf, jw, err := create(".json")
	if err != nil {
		return err
	}
	cf, cw, err := create(".csv")
	if err != nil {
		return err
	}
	tf, tw, err := create(".tsv")
	if err != nil {
		return err
	}
	af, aw, err := create(".arrow")
	if err != nil {
		return err
	}
	csvw, tsvw := csv.NewWriter(cw), csv.NewWriter(tw)
	tsvw.Comma = '\t'
	for _, w := range []*csv.Writer{csvw, tsvw} {
		if err := w.Write([]string{"id", "text", "label"}); err != nil {
			return err
		}
	}
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "label", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	ipcw := ipc.NewWriter(aw, ipc.WithSchema(schema))
	bld := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer bld.Release()
	flush := func() error {
		if bld.Field(0).Len() == 0 {
			return nil
		}
		rec := bld.NewRecordBatch()
		defer rec.Release()
		return ipcw.Write(rec)
	}

	jw.WriteString("[\n")
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("%s: line %d: %w", in, n+1, err)
		}
		if n > 0 {
			jw.WriteString(",\n")
		}
		// Pretty-printed, one key a line, as json.dump(indent=2) writes.
		b, err := json.MarshalIndent(r, "  ", "  ")
		if err != nil {
			return err
		}
		jw.WriteString("  ")
		jw.Write(b)
		for _, w := range []*csv.Writer{csvw, tsvw} {
			if err := w.Write([]string{r.ID, r.Text, r.Label}); err != nil {
				return err
			}
		}
		bld.Field(0).(*array.StringBuilder).Append(r.ID)
		bld.Field(1).(*array.StringBuilder).Append(r.Text)
		bld.Field(2).(*array.StringBuilder).Append(r.Label)
		n++
		if n%1000 == 0 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	jw.WriteString("\n]\n")
	if err := flush(); err != nil {
		return err
	}
	if err := ipcw.Close(); err != nil {
		return err
	}
	csvw.Flush()
	tsvw.Flush()
	for _, e := range []error{csvw.Error(), tsvw.Error()} {
		if e != nil {
			return e
		}
	}
	for _, p := range []struct {
		f *os.File
		w *bufio.Writer
	}{{jf, jw}, {cf, cw}, {tf, tw}, {af, aw}} {
		if err := p.w.Flush(); err != nil {
			return err
		}
		if err := p.f.Close(); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "mkshapes: %d records to %s/%s.{json,csv,tsv,arrow}\n", n, out, base)
	return nil
}
