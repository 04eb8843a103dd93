package ingest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

const parquetDir = "../../testdata/parquet"

// manifest is the part of testdata/parquet/MANIFEST.json the tests use.
type manifest struct {
	Fixtures []struct {
		File           string `json:"file"`
		TextColumn     string `json:"text_column"`
		LabelColumn    string `json:"label_column"`
		Rows           int    `json:"rows"`
		RowGroups      int    `json:"row_groups"`
		NullTexts      int    `json:"null_texts"`
		EmptyTexts     int    `json:"empty_texts"`
		ArrowLabelType string `json:"arrow_label_type"`
		ArrowSchema    []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"arrow_schema"`
		Labels []struct {
			Value string `json:"value"`
			Count int64  `json:"count"`
		} `json:"labels"`
	} `json:"fixtures"`
	Broken []struct {
		File string `json:"file"`
	} `json:"broken"`
}

// corpusRow is a row of testdata/parquet/corpus.json, which every valid
// non-empty fixture holds in this order.
type corpusRow struct {
	ID       int64   `json:"id"`
	Label    string  `json:"label"`
	LabelInt int64   `json:"label_int"`
	Text     *string `json:"text"`
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestRunParquetFixtures(t *testing.T) {
	var man manifest
	readJSON(t, filepath.Join(parquetDir, "MANIFEST.json"), &man)
	var corpus []corpusRow
	readJSON(t, filepath.Join(parquetDir, "corpus.json"), &corpus)
	if len(man.Fixtures) < 7 {
		t.Fatalf("MANIFEST.json lists %d valid fixtures, want at least 7", len(man.Fixtures))
	}

	for _, fx := range man.Fixtures {
		t.Run(fx.File, func(t *testing.T) {
			numberLabel := strings.HasPrefix(fx.ArrowLabelType, "int")
			// What every row must be, from the corpus.
			var want result
			var wantLabelCounts map[string]int64
			if fx.Rows > 0 {
				if fx.Rows != len(corpus) {
					t.Fatalf("manifest: %d rows, corpus.json %d", fx.Rows, len(corpus))
				}
				wantLabelCounts = map[string]int64{}
				for i, c := range corpus {
					r := gotRow{N: int64(i), ID: strp(strconv.FormatInt(c.ID, 10)), Label: strp(c.Label)}
					if numberLabel {
						r.Label = strp(strconv.FormatInt(c.LabelInt, 10))
					}
					if c.Text == nil {
						r.Null = true
						want.Bad = append(want.Bad, gotBad{N: int64(i), Kind: BadNullText, Rows: 1, ID: *r.ID}) // named by its id (BadRecord.ID)
					} else {
						r.Text = *c.Text
						// Label kinds count the rows with a text only.
						if numberLabel {
							want.LabelKinds[LabelNumber]++
						} else {
							want.LabelKinds[LabelString]++
						}
					}
					want.Rows = append(want.Rows, r)
				}
			}
			for _, l := range fx.Labels {
				wantLabelCounts[l.Value] = l.Count
			}

			inputs, err := Expand([]string{filepath.Join(parquetDir, fx.File)})
			if err != nil {
				t.Fatal(err)
			}
			if inputs[0].Format != Parquet {
				t.Fatalf("Expand(%s) format = %v, want parquet", fx.File, inputs[0].Format)
			}
			var first []string
			for _, workers := range []int{1, 4} {
				for _, batchRows := range []int{0, 7} {
					t.Run(fmt.Sprintf("workers=%d/batch=%d", workers, batchRows), func(t *testing.T) {
						mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
						defer assertNoLeaks(t, mem)
						opts := Options{Text: []string{fx.TextColumn}, Label: fx.LabelColumn, ID: "id", Workers: workers, BatchRows: batchRows, Mem: mem}
						got, err := collect(t, inputs, opts)
						if err != nil {
							t.Fatalf("Run: %v", err)
						}

						// The manifest's own numbers, counted from what Run gave.
						var nulls, empties int
						labelCounts := map[string]int64{}
						for _, r := range got.Rows {
							switch {
							case r.Null:
								nulls++
							case r.Text == "":
								empties++
							}
							if r.Label != nil {
								labelCounts[*r.Label]++
							}
						}
						if len(got.Rows) != fx.Rows || nulls != fx.NullTexts || empties != fx.EmptyTexts {
							t.Errorf("rows, null texts, empty texts = %d, %d, %d; want %d, %d, %d (manifest)",
								len(got.Rows), nulls, empties, fx.Rows, fx.NullTexts, fx.EmptyTexts)
						}
						if len(got.Bad) != fx.NullTexts {
							t.Errorf("%d bad records, want the %d null texts", len(got.Bad), fx.NullTexts)
						}
						if fx.Rows > 0 {
							if diff := cmp.Diff(wantLabelCounts, labelCounts); diff != "" {
								t.Errorf("label counts differ from the manifest (-want +got):\n%s", diff)
							}
						}
						if fx.Rows == 0 && got.Batches != 0 {
							t.Errorf("%d batches for a file without rows, want 0", got.Batches)
						}
						if batchRows == 7 && fx.Rows > 0 && got.Batches < fx.Rows/7 {
							t.Errorf("%d batches of at most 7 rows for %d rows", got.Batches, fx.Rows)
						}

						// Row by row against the corpus: text, label, id, and
						// the 0-based positions of the null texts.
						got.Batches = 0
						if diff := cmp.Diff(want, got); diff != "" {
							t.Errorf("Run(%s) mismatch with corpus.json (-want +got):\n%s", fx.File, diff)
						}

						texts := goodTexts(got.Rows)
						if first == nil {
							first = texts
						} else if diff := cmp.Diff(first, texts); diff != "" {
							t.Errorf("(pos, text) differ from workers=1/batch=0 (-first +this):\n%s", diff)
						}
					})
				}
			}
		})
	}
}

// TestRunParquetErrors: broken files and wrong columns are errors before
// any batch, and say what is wrong.
func TestRunParquetErrors(t *testing.T) {
	var man manifest
	readJSON(t, filepath.Join(parquetDir, "MANIFEST.json"), &man)
	broken := map[string]bool{}
	for _, b := range man.Broken {
		broken[b.File] = true
	}
	for _, f := range []string{"truncated.parquet", "not_parquet.parquet"} {
		if !broken[f] {
			t.Errorf("MANIFEST.json does not list %s as broken", f)
		}
	}

	// A Parquet file named .jsonl, and one cut short under a name that
	// does not say Parquet.
	dir := t.TempDir()
	pq, err := os.ReadFile(filepath.Join(parquetDir, "duckdb.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "really-parquet.jsonl"), pq)
	writeFile(t, filepath.Join(dir, "cut.bin"), pq[:len(pq)/2])

	// A file that cannot be read is not an error of the run: it becomes an
	// unreadable_input record, and the other inputs are still read.
	unreadableFiles := []struct {
		name    string
		file    string
		wantMsg []string
	}{
		{"truncated", "truncated.parquet", []string{"truncated.parquet", "truncated"}},
		{"not parquet", "not_parquet.parquet", []string{"not_parquet.parquet", "not a Parquet file"}},
		{"cut short, any name", filepath.Join(dir, "cut.bin"), []string{"truncated"}},
	}
	for _, tt := range unreadableFiles {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.file
			if !filepath.IsAbs(path) {
				path = filepath.Join(parquetDir, tt.file)
			}
			// The broken file between two good ones.
			good := filepath.Join(parquetDir, "duckdb.parquet")
			inputs, err := Expand([]string{good, path, filepath.Join(parquetDir, "plain_dict.parquet")})
			if err != nil {
				t.Fatal(err)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			var bads []BadRecord
			rows := 0
			var mu sync.Mutex // fn runs on every worker at once
			err = Run(t.Context(), inputs, Options{Text: []string{"text"}, Workers: 2, Mem: mem}, func(_ int, b *Batch) error {
				defer b.Record.Release()
				mu.Lock()
				defer mu.Unlock()
				rows += int(b.Record.NumRows())
				bads = append(bads, b.Bad...)
				return nil
			})
			if err != nil {
				t.Fatalf("Run(good, %s, good) error = %v, want none", tt.file, err)
			}
			if rows != 2*40 {
				t.Errorf("Run(good, %s, good) read %d rows, want the good files' 80", tt.file, rows)
			}
			var unreadable []BadRecord
			for _, b := range bads {
				if b.Kind == BadUnreadableInput {
					unreadable = append(unreadable, b)
				}
			}
			if len(unreadable) != 1 || unreadable[0].Pos.File != 1 {
				t.Fatalf("unreadable_input records = %+v, want one for file 1", unreadable)
			}
			for _, want := range tt.wantMsg {
				if !strings.Contains(unreadable[0].Reason, want) {
					t.Errorf("reason = %q, want it to contain %q", unreadable[0].Reason, want)
				}
			}
		})
	}

	tests := []struct {
		name    string
		file    string
		opts    Options
		wantErr []string
	}{
		{"missing text column", "duckdb.parquet", Options{Text: []string{"body"}}, []string{`no --text column "body"`, "the file has: id, text, label"}},
		{"missing label column", "duckdb.parquet", Options{Text: []string{"text"}, Label: "lbl"}, []string{`no --label column "lbl"`, "the file has: id, text, label"}},
		{"missing id column", "parquetgo.parquet", Options{Text: []string{"text"}, ID: "ID"}, []string{`no --id column "ID"`, "the file has: id, text, label"}},
		{"missing nested column", "nested.parquet", Options{Text: []string{"meta.text"}}, []string{`no --text column "meta.text"`, "the file has: id, meta.title, meta.body, label"}},
		{"struct as text", "nested.parquet", Options{Text: []string{"meta"}}, []string{`--text column "meta" is not a single column`, "meta.title, meta.body"}},
		{"int64 id as text", "duckdb.parquet", Options{Text: []string{"id"}}, []string{`--text column "id" has type int64, want a string column`}},
		{"int32 label as text", "duckdb_intlabel.parquet", Options{Text: []string{"label"}}, []string{`--text column "label" has type int32, want a string column`}},
		{"struct as label", "nested.parquet", Options{Text: []string{"meta.body"}, Label: "meta"}, []string{`--label column "meta" is not a single column`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.file
			if !filepath.IsAbs(path) {
				path = filepath.Join(parquetDir, tt.file)
			}
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			tt.opts.Mem = mem
			tt.opts.Workers = 2
			batches := 0
			err = Run(t.Context(), inputs, tt.opts, func(_ int, b *Batch) error {
				b.Record.Release()
				batches++
				return nil
			})
			if err == nil {
				t.Fatalf("Run(%s, %+v) error = nil, want an error", tt.file, tt.opts.Text)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Run(%s) error = %q, want it to contain %q", tt.file, err, want)
				}
			}
			if batches != 0 {
				t.Errorf("Run(%s) made %d batches before failing, want 0", tt.file, batches)
			}
		})
	}

	t.Run("parquet named .jsonl", func(t *testing.T) {
		inputs, err := Expand([]string{filepath.Join(dir, "really-parquet.jsonl")})
		if err != nil {
			t.Fatal(err)
		}
		if inputs[0].Format != Parquet {
			t.Fatalf("Expand(really-parquet.jsonl) format = %v, want parquet", inputs[0].Format)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		got, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2, Mem: mem})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Rows) != 40 || len(got.Bad) != 3 {
			t.Errorf("Run(really-parquet.jsonl): %d rows, %d bad, want 40 and 3", len(got.Rows), len(got.Bad))
		}
	})
}

// TestRunParquetAndJSONLTogether reads several files in one run: the file
// index of every row and bad record is its place in the input list.
func TestRunParquetAndJSONLTogether(t *testing.T) {
	args := []string{
		filepath.Join(parquetDir, "duckdb.parquet"),
		messyPath,
		filepath.Join(parquetDir, "parquetgo.parquet"),
	}
	inputs, err := Expand(args)
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer assertNoLeaks(t, mem)
	got, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 3, BatchRows: 5, ChunkBytes: 100, Mem: mem})
	if err != nil {
		t.Fatal(err)
	}
	messy := messyWant([]string{"text"}, false)
	// Without --label and --id, lines 14, 15, 29 and 30 are good. The null
	// texts of the Parquet files are rows (null) and bad records.
	wantRows := []int{37, len(messy.Rows) + 4, 37}
	wantBad := []int{3, len(messy.Bad) - 4, 3}
	for i := range inputs {
		var rows, bad []int64
		for _, r := range got.Rows {
			if r.File == i && !r.Null {
				rows = append(rows, r.N)
			}
		}
		for _, b := range got.Bad {
			if b.File == i {
				bad = append(bad, b.N)
			}
		}
		if len(rows) != wantRows[i] || len(bad) != wantBad[i] {
			t.Errorf("file %d (%s): %d rows, %d bad; want %d and %d", i, args[i], len(rows), len(bad), wantRows[i], wantBad[i])
		}
		seen := map[int64]bool{}
		for _, n := range append(rows, bad...) {
			if seen[n] {
				t.Errorf("file %d (%s): position %d twice", i, args[i], n)
			}
			seen[n] = true
		}
		if inputs[i].Format == Parquet {
			for n := range int64(40) {
				if !seen[n] {
					t.Errorf("file %d (%s): row %d missing", i, args[i], n)
				}
			}
		}
	}
}
