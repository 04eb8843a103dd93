package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// TestOutlierIDs: an outlier's row is named by its --id value, as every
// other finding's (docs/report.md, rows[].id), not by its position; a row
// whose id is null keeps its position.
func TestOutlierIDs(t *testing.T) {
	dir := t.TempDir()
	// The sample's ids, by line; a copy with the ids removed.
	f, err := os.Open(sample)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ids []string
	var noIDs strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			ids = append(ids, "")
			noIDs.Write(sc.Bytes()) // a bad record, as it was
			noIDs.WriteByte('\n')
			continue
		}
		id, _ := row["id"].(string)
		ids = append(ids, id)
		row["id"] = nil
		line, _ := json.Marshal(row)
		noIDs.Write(line)
		noIDs.WriteByte('\n')
	}
	pq, pqIDs := sampleParquet(t, dir)
	nullIDs := filepath.Join(dir, "null.jsonl")
	if err := os.WriteFile(nullIDs, []byte(noIDs.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, input string
		ids         []string // by line (JSONL) or row (Parquet); nil: rows named by position
	}{
		{"ids", sample, ids},
		{"null ids", nullIDs, nil},
		{"parquet", pq, pqIDs},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, tt.name+".json")
			if code, _, stderr := runCmd(t, "scan", "-q", "--checks", "outliers", "--id", "id", "--json", out, tt.input); code != exitOK {
				t.Fatalf("scan: exit %d: %s", code, stderr)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Findings []struct {
					Kind string `json:"kind"`
					Rows []struct {
						ID   string `json:"id"`
						Line int    `json:"line"`
						Row  *int   `json:"row"`
					} `json:"rows"`
				} `json:"findings"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range doc.Findings {
				if f.Kind != "outlier" {
					continue
				}
				n++
				r := f.Rows[0]
				want, at := tt.input+":"+strconv.Itoa(r.Line), r.Line-1
				if r.Row != nil {
					want, at = tt.input+"#"+strconv.Itoa(*r.Row), *r.Row
				}
				if tt.ids != nil {
					want = tt.ids[at]
				}
				if r.ID != want {
					t.Errorf("outlier at line %d, row %v: id %q, want %q", r.Line, r.Row, r.ID, want)
				}
			}
			if n == 0 {
				t.Fatal("no outlier found")
			}
		})
	}
}

// sampleParquet writes the sample's good rows (id, text) to a Parquet file
// of several row groups, and returns its path and its ids by row.
func sampleParquet(t *testing.T, dir string) (string, []string) {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewGoAllocator()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "text", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	var ids []string
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		var r struct{ ID, Text string }
		if json.Unmarshal([]byte(line), &r) != nil {
			continue // the sample's bad records
		}
		ids = append(ids, r.ID)
		b.Field(0).(*array.StringBuilder).Append(r.ID)
		b.Field(1).(*array.StringBuilder).Append(r.Text)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	path := filepath.Join(dir, "sample.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(64), parquet.WithCompression(compress.Codecs.Zstd))
	if err := pqarrow.WriteTable(tbl, f, 64, props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	return path, ids
}
