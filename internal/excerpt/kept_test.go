package excerpt

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// keptTexts are texts of every length around an excerpt's, ASCII and
// not, with characters an excerpt escapes.
func keptTexts() []string {
	var ts []string
	for i := range 400 {
		var s string
		switch i % 8 {
		case 0:
			s = ""
		case 1:
			s = fmt.Sprintf("short %d", i)
		case 2:
			s = fmt.Sprintf("row %d ", i) + strings.Repeat("word ", i%200)
		case 3:
			s = strings.Repeat("é日🚀", i%90) + fmt.Sprint(i)
		case 4:
			s = fmt.Sprintf("line %d\n\ttab\u200bzero\u202ebidi\x1b[2J ", i) + strings.Repeat("x", i)
		case 5:
			s = strings.Repeat("a", 150+i%20) + fmt.Sprint(i)
		default:
			s = fmt.Sprintf("mail %d: ", i) + strings.Repeat("Dear friend, ", 60) + strings.Repeat("ü", i%7)
		}
		ts = append(ts, s)
	}
	return ts
}

func writeKeptParquet(t *testing.T, path string, texts []string) {
	t.Helper()
	mem := memory.NewGoAllocator()
	sc := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.AppendValues(texts, nil)
	arr := b.NewArray()
	defer arr.Release()
	rec := array.NewRecordBatch(sc, []arrow.Array{arr}, int64(len(texts)))
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(70), parquet.WithCompression(compress.Codecs.Zstd))
	if err := pqarrow.WriteTable(tbl, f, 70, props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
}

func writeKeptJSONLGz(t *testing.T, path string, texts []string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	for i, s := range texts {
		if i%50 == 7 {
			fmt.Fprintln(zw) // a blank line: lines are not rows
		}
		b, _ := json.Marshal(map[string]string{"text": s})
		fmt.Fprintf(zw, "%s\n", b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// keptAt is the offset in row p's text that the tests flag it at.
func keptAt(p ingest.Pos, text []byte) int { return int(p.N*37) % (len(text) + 1) }

// TestAddKept: the excerpts made from what the first read kept (the
// start of every row, the bytes around the offsets flagged) are those a
// second read makes, and need no second read: they come out the same
// after the input is emptied. A finding at an offset nothing was kept
// for is read again, as before.
func TestAddKept(t *testing.T) {
	texts := keptTexts()
	tests := []struct {
		name, file string
		write      func(*testing.T, string, []string)
	}{
		{"parquet", "a.parquet", writeKeptParquet},
		{"jsonl.gz", "a.jsonl.gz", writeKeptJSONLGz},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			tt.write(t, path, texts)
			inputs, err := ingest.Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			defer ingest.Close(inputs)
			files := []string{path}
			opts := ingest.Options{Text: []string{"text"}, Workers: 3, BatchRows: 32, ChunkBytes: 4096}
			kept := keepAll(inputs)
			first := opts
			first.Kept = kept
			var mu sync.Mutex
			var fs, unkept []finding.Finding
			err = ingest.Run(context.Background(), inputs, first, func(_ int, b *ingest.Batch) error {
				defer b.Record.Release()
				return ingest.ForEachText(b.Column(ingest.ColText), func(i int, text []byte, _ bool) {
					p := b.Pos(i)
					at := keptAt(p, text)
					b.Kept.Window(p, text, at)
					r := []finding.Row{finding.NewRow(files, p, "")}
					mu.Lock()
					defer mu.Unlock()
					fs = append(fs, finding.Finding{Kind: finding.KindOutlier, Rows: r},
						finding.Finding{Kind: finding.KindCleaningEvasion, Rows: r, At: at})
					unkept = append(unkept, finding.Finding{Kind: finding.KindCleaningEvasion, Rows: r, At: at + 1})
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			kept.Seal()
			if len(fs) != 2*len(texts) {
				t.Fatalf("read %d rows, want %d", len(fs)/2, len(texts))
			}
			kopts := opts
			kopts.Kept = kept
			for _, c := range []struct {
				name string
				fs   []finding.Finding
			}{{"kept", fs}, {"not kept", unkept}} {
				want := clearExcerpts(c.fs)
				if err := Add(context.Background(), inputs, files, opts, want); err != nil {
					t.Fatal(err)
				}
				got := clearExcerpts(c.fs)
				if err := Add(context.Background(), inputs, files, kopts, got); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(excerpts(want), excerpts(got)); diff != "" {
					t.Fatalf("%s: excerpts with Kept differ from a second read's (-read +kept):\n%s", c.name, diff)
				}
				// AddKept fills the kept ones without a read; Add after it
				// the rest: the excerpts of Add alone.
				split := clearExcerpts(c.fs)
				AddKept(files, kopts, split)
				for i, f := range split {
					if f.Excerpt != "" && f.Excerpt != want[i].Excerpt || (f.Excerpt != "") != (c.name == "kept") {
						t.Fatalf("%s: AddKept gave finding %d the excerpt %q, want %q", c.name, i, f.Excerpt, want[i].Excerpt)
					}
				}
				if err := Add(context.Background(), inputs, files, kopts, split); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(excerpts(want), excerpts(split)); diff != "" {
					t.Fatalf("%s: excerpts of AddKept then Add differ from a second read's (-read +split):\n%s", c.name, diff)
				}
				if c.name != "kept" {
					continue
				}
				// Without the input, only what was kept gives excerpts.
				if err := os.WriteFile(path, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				gone := clearExcerpts(c.fs)
				_ = Add(context.Background(), inputs, files, kopts, gone)
				if diff := cmp.Diff(excerpts(want), excerpts(gone)); diff != "" {
					t.Fatalf("excerpts with Kept read the input again (-read +kept, input emptied):\n%s", diff)
				}
				tt.write(t, path, texts) // back, for the findings not kept
			}
		})
	}
}

// keepAll is Keep's Kept for inputs whose rows' starts are all kept:
// what Keep makes for a Parquet file in a bucket, or a .gz or .zst.
func keepAll(inputs []ingest.Input) *ingest.Kept {
	all := make([]bool, len(inputs))
	for i := range all {
		all[i] = true
	}
	return ingest.NewKept(finding.ExcerptChars, all, keepBudget)
}

// writeKeptInputs writes a Parquet file and a .gz JSONL of keptTexts and
// a one-row plain JSONL into a test directory, and returns their paths.
func writeKeptInputs(t *testing.T) (pq, gz, jl string) {
	t.Helper()
	texts := keptTexts()
	dir := t.TempDir()
	pq, gz, jl = filepath.Join(dir, "a.parquet"), filepath.Join(dir, "a.jsonl.gz"), filepath.Join(dir, "a.jsonl")
	writeKeptParquet(t, pq, texts)
	writeKeptJSONLGz(t, gz, texts)
	if err := os.WriteFile(jl, []byte("{\"text\":\"a\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return pq, gz, jl
}

// TestKeepRows: Keep keeps the starts of the rows of a .gz or .zst
// JSONL (a second read decompresses it from its start), not of a
// plain JSONL nor of a local Parquet file whose row groups are small (a
// second read decompresses the text pages of a row group up to the last
// row wanted: cheaper than the starts' fresh memory, see keepsRows).
func TestKeepRows(t *testing.T) {
	pq, gz, jl := writeKeptInputs(t)
	inputs, err := ingest.Expand([]string{pq, gz, jl})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	kept := Keep(inputs)
	for i, want := range []bool{false, true, false} {
		if got := kept.Wants(&ingest.Batch{File: i}); got != want {
			t.Errorf("Keep(%s) keeps its rows' starts: %v, want %v", inputs[i].Path, got, want)
		}
	}
}

// TestKeepFew: for a text summary's few excerpts, the rows' starts of
// inputs whose rows Keep does not keep (a local Parquet file, a plain
// JSONL) are not kept, and a Kept for the first few findings of each
// kind is (Few: the analyses keep theirs), and with an input whose rows
// Keep keeps (a .gz) its rows are kept too.
func TestKeepFew(t *testing.T) {
	pq, gz, jl := writeKeptInputs(t)
	cheap, err := ingest.Expand([]string{pq, jl})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(cheap)
	if k := KeepFew(cheap, 10); k == nil || k.Few() != 10 || k.Wants(&ingest.Batch{File: 0}) || k.Wants(&ingest.Batch{File: 1}) {
		t.Errorf("KeepFew(a local Parquet, a plain JSONL, 10) = %v, want a Kept of Few 10 keeping no rows", k)
	}
	dear, err := ingest.Expand([]string{pq, gz})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(dear)
	k := KeepFew(dear, 3)
	if k == nil || k.Few() != 3 || k.Wants(&ingest.Batch{File: 0}) || !k.Wants(&ingest.Batch{File: 1}) {
		t.Errorf("KeepFew(a local Parquet, a .gz, 3): %v, want Keep's rows (the .gz's) and Few 3", k)
	}
}

func clearExcerpts(fs []finding.Finding) []finding.Finding {
	out := make([]finding.Finding, len(fs))
	for i, f := range fs {
		f.Excerpt = ""
		out[i] = f
	}
	return out
}

func excerpts(fs []finding.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		r := f.Rows[0]
		n := r.Line
		if r.Row != nil {
			n = *r.Row
		}
		out[i] = fmt.Sprintf("%d at %d: %q", n, f.At, f.Excerpt)
	}
	return out
}

// TestAddKeptID: with --id, rows an analysis names by position (outliers)
// get their id and excerpt from what the first read kept, the same as a
// second read gives them (a null or empty id keeps the positional name),
// and need no second read: they come out the same after the input is
// emptied.
func TestAddKeptID(t *testing.T) {
	texts := keptTexts()
	path := filepath.Join(t.TempDir(), "id.parquet")
	mem := memory.NewGoAllocator()
	sc := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String}, {Name: "id", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	rb := array.NewRecordBuilder(mem, sc)
	defer rb.Release()
	for i, s := range texts {
		rb.Field(0).(*array.StringBuilder).Append(s)
		switch ib := rb.Field(1).(*array.StringBuilder); i % 9 {
		case 4:
			ib.AppendNull()
		case 5:
			ib.Append("")
		default:
			ib.Append(fmt.Sprintf("mail-%03d/é", i))
		}
	}
	rec := rb.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(70), parquet.WithCompression(compress.Codecs.Zstd))
	if err := pqarrow.WriteTable(tbl, f, 70, props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	files := []string{path}
	opts := ingest.Options{Text: []string{"text"}, ID: "id", Workers: 3, BatchRows: 32}
	kept := keepAll(inputs)
	first := opts
	first.Kept = kept
	var mu sync.Mutex
	var fs []finding.Finding
	err = ingest.Run(context.Background(), inputs, first, func(_ int, b *ingest.Batch) error {
		defer b.Record.Release()
		return ingest.ForEachText(b.Column(ingest.ColText), func(i int, _ []byte, _ bool) {
			r := []finding.Row{finding.NewRow(files, b.Pos(i), "")}
			mu.Lock()
			defer mu.Unlock()
			fs = append(fs, finding.Finding{Kind: finding.KindOutlier, Rows: r})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	kept.Seal()
	named := func(fs []finding.Finding) []string {
		out := excerpts(fs)
		for i, f := range fs {
			out[i] += " id=" + f.Rows[0].ID
		}
		return out
	}
	want := clearExcerpts(fs)
	if err := Add(context.Background(), inputs, files, opts, want); err != nil {
		t.Fatal(err)
	}
	if ids := strings.Join(named(want), "\n"); !strings.Contains(ids, "id=mail-001/é") {
		t.Fatalf("a second read did not name row 1 by its id:\n%s", ids)
	}
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	kopts := opts
	kopts.Kept = kept
	got := clearExcerpts(fs)
	_ = Add(context.Background(), inputs, files, kopts, got)
	if diff := cmp.Diff(named(want), named(got)); diff != "" {
		t.Fatalf("excerpts and ids with Kept differ from a second read's, or read the emptied input (-read +kept):\n%s", diff)
	}
}

// TestKeepRowsLargeRowGroups: a local Parquet file's row starts are kept
// when a row group is over keepRowGroupBytes (a second read would
// decompress it up to the rows wanted), not when every one is under it,
// and not when its footer cannot be read.
func TestKeepRowsLargeRowGroups(t *testing.T) {
	dir := t.TempDir()
	pq, bad := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
	writeKeptParquet(t, pq, keptTexts())
	if err := os.WriteFile(bad, []byte("not a parquet file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, err := ingest.Expand([]string{pq, bad})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	saved := keepRowGroupBytes
	defer func() { keepRowGroupBytes = saved }()
	for _, c := range []struct {
		limit int64
		want  []bool
	}{{1, []bool{true, false}}, {1 << 40, []bool{false, false}}} {
		keepRowGroupBytes = c.limit
		kept := Keep(inputs)
		for i, want := range c.want {
			if got := kept.Wants(&ingest.Batch{File: i}); got != want {
				t.Errorf("limit %d: Keep(%s) keeps its rows' starts: %v, want %v", c.limit, inputs[i].Path, got, want)
			}
		}
	}
}
