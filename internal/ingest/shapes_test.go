package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

// chunkSizes cut inputs everywhere: inside strings, escapes, brackets,
// between an element and its comma.
var chunkSizes = []int{1, 2, 3, 7, 16, 64, 0}

func expandOne(t *testing.T, path string) []Input {
	t.Helper()
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	return inputs
}

// TestJSONArrayAsJSONL: an array's elements read as the same objects on
// JSONL lines read, whatever the chunk size and the lines they are spread
// over, each at its element (0-based): record i of the JSONL, at line
// i+1, is element i.
func TestJSONArrayAsJSONL(t *testing.T) {
	objs := []string{
		`{"text": "plain", "label": "a", "id": 1}`,
		`{"text": "with \"quotes\", [brackets] and {braces}, a \\ and a ]", "label": 2}`,
		`{"text": "nested", "meta": {"list": [1, [2, {"x": "]"}]], "s": "}"}, "label": true}`,
		`{"text": "unicode \u00e9\ud83d\ude00 é", "label": null, "id": "x"}`,
		`{"label": "no text"}`,
		`{"text": 5}`,
		`[1, 2]`,
		`"a string"`,
		`{"text": "dup", "text": "key"}`,
		`{"text": tru}`,
		`{"text": "tricky \", {\"text\": \"not an element\"}, [", "label": "\\"}`,
		`{"text": "last"}`,
	}
	dir := t.TempDir()
	jsonl := writeFile(t, filepath.Join(dir, "a.jsonl"), []byte(strings.Join(objs, "\n")+"\n"))
	var arr bytes.Buffer
	arr.WriteString("\xef\xbb\xbf[\n")
	for i, o := range objs {
		// Pretty-print: a newline after each ", " outside strings is
		// enough to spread an element over several lines.
		pretty := strings.ReplaceAll(o, `, "`, ",\n    \"")
		arr.WriteString("  " + pretty)
		if i < len(objs)-1 {
			arr.WriteString(" ,\n")
		}
	}
	arr.WriteString("\n]\n")
	array := writeFile(t, filepath.Join(dir, "a.json"), arr.Bytes())

	base := Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 2}
	want, err := collect(t, expandOne(t, jsonl), base)
	if err != nil {
		t.Fatal(err)
	}
	// On JSONL, record i is on line i+1; in the array, element i.
	for i := range want.Rows {
		want.Rows[i].N--
	}
	for i := range want.Bad {
		want.Bad[i].N--
	}
	for _, size := range chunkSizes {
		t.Run(fmt.Sprintf("chunk %d", size), func(t *testing.T) {
			in := expandOne(t, array)
			if in[0].Format != JSONArray {
				t.Fatalf("format = %v, want json", in[0].Format)
			}
			opts := base
			opts.ChunkBytes = size
			got, err := collect(t, in, opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.Rows, got.Rows); diff != "" {
				t.Errorf("rows (-jsonl +array):\n%s", diff)
			}
			if diff := cmp.Diff(want.Bad, got.Bad); diff != "" {
				t.Errorf("bad records (-jsonl +array):\n%s", diff)
			}
		})
	}
}

// TestJSONArrayMalformed: faults of the array itself are bad records at
// the element they stand for (an unreadable rest at the element where
// reading stopped), and the elements around them are still read.
func TestJSONArrayMalformed(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		maxLine  int
		wantText []string
		wantBad  []gotBad
	}{
		{"empty array", "[]", 0, nil, nil},
		{"white space only", " \n ", 0, nil, nil},
		{"empty element", "[{\"text\":\"a\"},\n,\n{\"text\":\"b\"}]", 0, []string{"a", "b"},
			[]gotBad{{N: 1, Kind: BadJSON, Rows: 1}}},
		{"trailing comma", "[{\"text\":\"a\"},\n]", 0, []string{"a"},
			[]gotBad{{N: 1, Kind: BadJSON, Rows: 1}}},
		{"bad element", "[{\"text\":\"a\"},\n{\"text\": nope},\n{\"text\":\"b\"}]", 0, []string{"a", "b"},
			[]gotBad{{N: 1, Kind: BadJSON, Rows: 1}}},
		{"extra close brace", "[{\"text\":\"a\"}},\n{\"text\":\"b\"}]", 0, []string{"b"},
			[]gotBad{{N: 0, Kind: BadJSON, Rows: 1}}},
		{"cut short after a comma", "[{\"text\":\"a\"},\n", 0, []string{"a"},
			[]gotBad{{N: 1, Kind: BadUnreadableInput}}},
		{"cut short in an element", "[{\"text\":\"a\"},\n{\"text\":\"b", 0, []string{"a"},
			[]gotBad{{N: 1, Kind: BadJSON, Rows: 1}, {N: 2, Kind: BadUnreadableInput}}},
		{"data after the end", "[{\"text\":\"a\"}]\n{\"text\":\"b\"}\n", 0, []string{"a"},
			[]gotBad{{N: 1, Kind: BadUnreadableInput}}},
		{"element over the limit", "[{\"text\":\"a\"},\n{\"text\":\"" + strings.Repeat("x\\n", 40) + "\"},\n{\"text\":\"b\"}]", 64, []string{"a", "b"},
			[]gotBad{{N: 1, Kind: BadLongLine, Rows: 1}}},
	}
	for _, tt := range tests {
		for _, size := range []int{1, 5, 0} {
			t.Run(fmt.Sprintf("%s/chunk %d", tt.name, size), func(t *testing.T) {
				path := writeFile(t, filepath.Join(t.TempDir(), "x.json"), []byte(tt.data))
				in := expandOne(t, path)
				if strings.HasPrefix(strings.TrimSpace(tt.data), "[") && in[0].Format != JSONArray {
					t.Fatalf("format = %v, want json", in[0].Format)
				}
				got, err := collect(t, in, Options{Text: []string{"text"}, Workers: 2, ChunkBytes: size, MaxLineBytes: tt.maxLine})
				if err != nil {
					t.Fatal(err)
				}
				var texts []string
				for _, r := range got.Rows {
					texts = append(texts, r.Text)
				}
				sort.SliceStable(got.Bad, func(i, j int) bool { return got.Bad[i].N == got.Bad[j].N && got.Bad[i].Kind < got.Bad[j].Kind })
				if diff := cmp.Diff(tt.wantText, texts); diff != "" {
					t.Errorf("texts (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.wantBad, got.Bad); diff != "" {
					t.Errorf("bad records (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestJSONSniff: a .json is an array when it starts with '[' (after white
// space, a BOM, compression), JSON Lines otherwise.
func TestJSONSniff(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		data []byte
		want Format
	}{
		{"a.json", []byte(" \n\t[{\"text\":\"a\"}]"), JSONArray},
		{"bom.json", []byte("\xef\xbb\xbf[]"), JSONArray},
		{"lines.json", []byte("{\"text\":\"a\"}\n{\"text\":\"b\"}\n"), JSONL},
		{"gz.json.gz", gzipBytes(t, []byte("[{\"text\":\"a\"}]")), JSONArray},
		{"array.jsonl", []byte("[1]\n"), JSONL},
		{"a.csv", []byte("text\na\n"), CSV},
		{"a.tsv.gz", gzipBytes(t, []byte("text\na\n")), TSV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := expandOne(t, writeFile(t, filepath.Join(dir, tt.name), tt.data))
			if in[0].Format != tt.want {
				t.Errorf("Expand(%q).Format = %v, want %v", tt.name, in[0].Format, tt.want)
			}
		})
	}
}

// TestAlpacaFixture: the Alpaca fixture's three fields, joined.
func TestAlpacaFixture(t *testing.T) {
	got, err := collect(t, expandOne(t, "../../testdata/shapes/alpaca.json"), Options{Text: []string{"instruction", "input", "output"}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []gotRow{
		{N: 0, Text: "Give three tips for staying healthy.\n\n1. Eat a balanced diet.\n2. Exercise regularly.\n3. Sleep well."},
		{N: 1, Text: "Translate to French, keeping [brackets] and \"quotes\".\nThe cat {sleeps}, the dog barks.\nLe chat {dort}, le chien aboie."},
		{N: 2, Text: "Summarize the text.\nArrays of objects are how many fine-tuning sets ship.\nFine-tuning sets are often JSON arrays."},
	}
	if diff := cmp.Diff(want, got.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestCSV: quoted fields with separators, quotes and newlines; ragged rows
// and bad quoting are bad records at their line; the same whatever the
// chunk size.
func TestCSV(t *testing.T) {
	wantCSV := []gotRow{
		{N: 2, Text: "plain text", Label: strp("ham"), ID: strp("1")},
		{N: 3, Text: "a field, with a comma", Label: strp("spam"), ID: strp("2")},
		{N: 4, Text: "two\nlines and \"quotes\"", Label: strp("ham"), ID: strp("3")},
		{N: 6, Text: "", Label: strp("ham"), ID: strp("4")},
		{N: 12, Text: "last, unterminated newline", Label: strp("spam"), ID: strp("9")},
	}
	wantCSVBad := []gotBad{
		{N: 8, Kind: BadQuoting, Rows: 1},
		{N: 9, Kind: BadQuoting, Rows: 1},
		{N: 10, Kind: BadFieldCount, Rows: 1},
		{N: 11, Kind: BadNullText, Rows: 1, ID: "8"}, // named by its id (BadRecord.ID)
	}
	wantTSV := []gotRow{
		{N: 2, Text: "tab separated", Label: strp("ham"), ID: strp("1")},
		{N: 3, Text: "a\ttab, inside", Label: strp("spam"), ID: strp("2")},
		{N: 4, Text: "multi\nline", Label: strp("ham"), ID: strp("3")},
		{N: 6, Text: "said \"hi\" there", Label: strp("ham"), ID: strp("4")},
	}
	for _, tt := range []struct {
		path    string
		want    []gotRow
		wantBad []gotBad
		blank   int64
	}{
		{"../../testdata/shapes/mixed.csv", wantCSV, wantCSVBad, 1},
		{"../../testdata/shapes/mixed.tsv", wantTSV, nil, 0},
	} {
		for _, size := range chunkSizes {
			t.Run(fmt.Sprintf("%s/chunk %d", filepath.Base(tt.path), size), func(t *testing.T) {
				got, err := collect(t, expandOne(t, tt.path), Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 2, ChunkBytes: size})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got.Rows); diff != "" {
					t.Errorf("rows (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.wantBad, got.Bad); diff != "" {
					t.Errorf("bad records (-want +got):\n%s", diff)
				}
				if got.Blank != tt.blank {
					t.Errorf("blank = %d, want %d", got.Blank, tt.blank)
				}
			})
		}
	}
}

// TestCSVStrayQuote: a quote that opens a field and is never closed, or
// whose closing quote on a later line is followed by anything but the
// separator or the end of the line, makes a bad record of the line the
// quote is on only; the lines after are records of their own. Before,
// the bad record ran to the end of the file (or to the closing quote),
// and the rows it swallowed were counted nowhere: a stray quote 10,000
// rows before the end of a 200,000-row CSV was 1 bad record, 0.0005% of
// records, and 9,999 rows gone.
func TestCSVStrayQuote(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		want       []gotRow
		wantBad    []gotBad
	}{
		{
			"csv never closed", "id,text,label\n1,plain,ham\n2,\"stray quote,spam\n3,next row,ham\n4,he said \"\"hi\"\",spam\n\n5,last row,ham\n",
			[]gotRow{{N: 2, Text: "plain", Label: strp("ham"), ID: strp("1")}, {N: 4, Text: "next row", Label: strp("ham"), ID: strp("3")}, {N: 7, Text: "last row", Label: strp("ham"), ID: strp("5")}},
			[]gotBad{{N: 3, Kind: BadQuoting, Rows: 1}, {N: 5, Kind: BadQuoting, Rows: 1}},
		},
		{
			"csv never closed, last line", "id,text,label\n1,plain,ham\n2,\"stray quote,spam",
			[]gotRow{{N: 2, Text: "plain", Label: strp("ham"), ID: strp("1")}},
			[]gotBad{{N: 3, Kind: BadQuoting, Rows: 1}},
		},
		{
			"tsv closed lines later", "id\ttext\tlabel\n1\t\"a quoted start\tham\n2\tplain two\tspam\n3\twith \" inside\tham\n4\tlast\tspam\n",
			[]gotRow{{N: 3, Text: "plain two", Label: strp("spam"), ID: strp("2")}, {N: 4, Text: "with \" inside", Label: strp("ham"), ID: strp("3")}, {N: 5, Text: "last", Label: strp("spam"), ID: strp("4")}},
			[]gotBad{{N: 2, Kind: BadQuoting, Rows: 1}},
		},
		{
			"tsv never closed", "id\ttext\tlabel\r\n1\t\"open\tham\r\n2\tplain\tspam\r\n",
			[]gotRow{{N: 3, Text: "plain", Label: strp("spam"), ID: strp("2")}},
			[]gotBad{{N: 2, Kind: BadQuoting, Rows: 1}},
		},
		{
			// A field closed on its own line before a fault there ends
			// at that line, as before.
			"csv fault on the quote's line", "id,text,label\n1,\"x\"y,ham\n2,\"two\nlines\",spam\n",
			[]gotRow{{N: 3, Text: "two\nlines", Label: strp("spam"), ID: strp("2")}},
			[]gotBad{{N: 2, Kind: BadQuoting, Rows: 1}},
		},
	} {
		ext := ".csv"
		if strings.HasPrefix(tt.name, "tsv") {
			ext = ".tsv"
		}
		path := writeFile(t, filepath.Join(t.TempDir(), "x"+ext), []byte(tt.data))
		for _, size := range chunkSizes {
			t.Run(fmt.Sprintf("%s/chunk %d", tt.name, size), func(t *testing.T) {
				got, err := collect(t, expandOne(t, path), Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 2, ChunkBytes: size})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got.Rows); diff != "" {
					t.Errorf("rows (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.wantBad, got.Bad); diff != "" {
					t.Errorf("bad records (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestCSVLongRecord: a CSV record whose end is not within --max-line-bytes
// is a line_too_long bad record of its first line, and reading goes on at
// the next line, whatever the chunk size. Before, with chunks smaller than
// the record, it stopped the reading of the file ("the rest is not read"),
// and with larger ones it was read whole.
func TestCSVLongRecord(t *testing.T) {
	data := "text,n\nshort,1\n" + strings.Repeat("x", 100) + ",2\nafter,3\n\"open,4\n" + strings.Repeat("row,5\n", 20)
	want := []gotRow{{N: 2, Text: "short"}, {N: 4, Text: "after"}}
	for n := int64(6); n < 26; n++ {
		want = append(want, gotRow{N: n, Text: "row"})
	}
	wantBad := []gotBad{{N: 3, Kind: BadLongLine, Rows: 1}, {N: 5, Kind: BadLongLine, Rows: 1}}
	path := writeFile(t, filepath.Join(t.TempDir(), "x.csv"), []byte(data))
	for _, size := range chunkSizes {
		t.Run(fmt.Sprintf("chunk %d", size), func(t *testing.T) {
			got, err := collect(t, expandOne(t, path), Options{Text: []string{"text"}, Workers: 2, ChunkBytes: size, MaxLineBytes: 64})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got.Rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantBad, got.Bad); diff != "" {
				t.Errorf("bad records (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCSVBareCR: a CSV or TSV file whose lines end in a bare carriage
// return (old Mac line ends; Excel's "CSV (Macintosh)") is one header
// line to a reader that splits on \n. It is an unreadable input that says
// so, not a file of no rows: before, its rows were read as nothing and a
// directory holding it passed.
func TestCSVBareCR(t *testing.T) {
	for name, data := range map[string]string{
		"x.csv": "text,label\rone,a\rtwo,b\r",
		"y.tsv": "text\tlabel\rone\ta\rtwo\tb",
		"z.csv": "\xef\xbb\xbf\"text\",label\rone,a\r",
	} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), name), []byte(data))
			for _, size := range []int{1, 7, 0} {
				var bad []BadRecord
				var rows int
				err := Run(t.Context(), expandOne(t, path), Options{Text: []string{"text"}, Workers: 1, ChunkBytes: size}, func(_ int, b *Batch) error {
					rows += int(b.Record.NumRows())
					bad = append(bad, b.Bad...)
					b.Record.Release()
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if rows != 0 || len(bad) != 1 || bad[0].Kind != BadUnreadableInput || !strings.Contains(bad[0].Reason, "carriage return") {
					t.Errorf("chunk %d: %d rows, bad %+v; want no row and one unreadable_input record naming the carriage returns", size, rows, bad)
				}
			}
		})
	}
}

// TestCSVEmpty: an empty CSV file, or one with a header only, has no
// rows and no bad records.
func TestCSVEmpty(t *testing.T) {
	for name, data := range map[string]string{"empty": "", "header only": "id,text\n", "blank lines": "\n\n"} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "x.csv"), []byte(data))
			got, err := collect(t, expandOne(t, path), Options{Text: []string{"text"}, Workers: 1})
			if err != nil || len(got.Rows) != 0 || len(got.Bad) != 0 {
				t.Errorf("Run(%q) = %d rows, bad %v, error %v; want nothing", data, len(got.Rows), got.Bad, err)
			}
		})
	}
}

// TestCSVMissingColumn: a --text that is not in the header is an error
// before any batch, naming the columns.
func TestCSVMissingColumn(t *testing.T) {
	err := Run(t.Context(), expandOne(t, "../../testdata/shapes/mixed.csv"), Options{Text: []string{"body"}}, func(_ int, b *Batch) error {
		b.Record.Release()
		t.Error("a batch before the error")
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), `no column "body"`) || !strings.Contains(err.Error(), "id, text, label") {
		t.Errorf("Run(--text body) error = %v, want one naming the columns", err)
	}
}

// writeArrow writes rows of (text, label) as an Arrow IPC stream, or file.
func writeArrow(t testing.TB, path string, file bool, textType arrow.DataType, batches [][]string) {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "text", Type: textType, Nullable: true},
		{Name: "label", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var w interface {
		Write(arrow.RecordBatch) error
		Close() error
	}
	if file {
		fw, err := ipc.NewFileWriter(f, ipc.WithSchema(schema))
		if err != nil {
			t.Fatal(err)
		}
		w = fw
	} else {
		w = ipc.NewWriter(f, ipc.WithSchema(schema))
	}
	bld := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer bld.Release()
	n := 0
	for _, rows := range batches {
		for _, r := range rows {
			if r == "<null>" {
				bld.Field(0).AppendNull()
			} else {
				bld.Field(0).(array.StringLikeBuilder).Append(r)
			}
			bld.Field(1).(*array.Int64Builder).Append(int64(n % 2))
			n++
		}
		rec := bld.NewRecordBatch()
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestArrow: IPC streams and files, string and large_string text, read as
// rows in order with int labels rendered as numbers.
func TestArrow(t *testing.T) {
	batches := [][]string{{"one", "two"}, {}, {"three", "<null>", "five"}}
	want := []gotRow{
		{N: 0, Text: "one", Label: strp("0")},
		{N: 1, Text: "two", Label: strp("1")},
		{N: 2, Text: "three", Label: strp("0")},
		{N: 4, Text: "five", Label: strp("0")},
	}
	for _, tt := range []struct {
		name string
		file bool
		dt   arrow.DataType
	}{
		{"stream", false, arrow.BinaryTypes.String},
		{"file", true, arrow.BinaryTypes.String},
		{"stream large_string", false, arrow.BinaryTypes.LargeString},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "data-00000-of-00001.arrow")
			writeArrow(t, path, tt.file, tt.dt, batches)
			in := expandOne(t, path)
			if in[0].Format != Arrow {
				t.Fatalf("format = %v, want arrow", in[0].Format)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			got, err := collect(t, in, Options{Text: []string{"text"}, Label: "label", Workers: 2, Mem: mem})
			if err != nil {
				t.Fatal(err)
			}
			var rows []gotRow
			for _, r := range got.Rows {
				if !r.Null {
					rows = append(rows, r)
				}
			}
			if diff := cmp.Diff(want, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]gotBad{{N: 3, Kind: BadNullText, Rows: 1}}, got.Bad); diff != "" {
				t.Errorf("bad (-want +got):\n%s", diff)
			}
			assertNoLeaks(t, mem)
		})
	}
	t.Run("missing column", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "x.arrow")
		writeArrow(t, path, false, arrow.BinaryTypes.String, batches)
		err := Run(t.Context(), expandOne(t, path), Options{Text: []string{"body"}}, nil)
		if err == nil || !strings.Contains(err.Error(), "text, label") {
			t.Errorf("Run(--text body) error = %v, want one naming the columns", err)
		}
	})
	t.Run("cut short", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "x.arrow")
		writeArrow(t, path, false, arrow.BinaryTypes.String, batches)
		data, _ := os.ReadFile(path)
		writeFile(t, path, data[:len(data)-40])
		got, err := collect(t, expandOne(t, path), Options{Text: []string{"text"}, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(got.Bad); n == 0 || got.Bad[n-1].Kind != BadUnreadableInput {
			t.Errorf("bad = %+v, want it to end with an unreadable_input record", got.Bad)
		}
	})
}
