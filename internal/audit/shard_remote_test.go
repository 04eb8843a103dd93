package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/shards"
)

// groupsParquet writes the sample's rows (every 40th text null: bad
// records) as a Parquet file of row groups of 16 rows, snappy, and
// returns its path.
func groupsParquet(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewGoAllocator()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "label", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	for i, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var r struct{ ID, Text, Label string }
		if json.Unmarshal(line, &r) != nil {
			continue // the sample's bad records
		}
		b.Field(0).(*array.StringBuilder).Append(r.ID)
		if i%40 == 39 {
			b.Field(1).(*array.StringBuilder).AppendNull()
		} else {
			b.Field(1).(*array.StringBuilder).Append(r.Text)
		}
		b.Field(2).(*array.StringBuilder).Append(r.Label)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(sc, []arrow.RecordBatch{rec})
	defer tbl.Release()
	path := filepath.Join(dir, "groups.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(16), parquet.WithCompression(compress.Codecs.Snappy), parquet.WithAllocator(mem))
	if err := pqarrow.WriteTable(tbl, f, 16, props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestShardsOfObjectsAndRowGroups: profile and scan --shard K/N, their
// states merged, equal the profile and report of one process reading the
// same files, byte for byte but for the inputs' names, whether the shards
// read the files or objects served by an S3 store (an in-process fake):
// JSONL cut into byte ranges (ranged requests for objects), Parquet files
// into ranges of row groups (rows keep their file#row positions), the
// rest whole; a merge of objects reads them again (at the URLs the state
// files keep) for the findings' excerpts.
func TestShardsOfObjectsAndRowGroups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	local := shardInputs(t) // the sample, the messy fixture, a .gz
	local = append(local, "../../testdata/parquet/duckdb.parquet", groupsParquet(t, t.TempDir()))
	objects := map[string]string{}
	var paths []string
	for i, src := range local {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%d-%s", i, filepath.Base(src))
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		objects["corpus/"+name] = p
		paths = append(paths, p)
	}
	srv := blobtest.Serve(t, objects)
	// names maps the objects' names (s3://data/corpus/NAME) to the files'.
	var pairs []string
	for _, p := range paths {
		pairs = append(pairs, "s3://"+blobtest.Bucket+"/corpus/"+filepath.Base(p), p)
	}
	names := strings.NewReplacer(pairs...)
	where := []struct {
		name   string
		inputs []string
	}{{"files", paths}, {"objects", []string{srv.URL("corpus/")}}}

	t.Run("profile", func(t *testing.T) {
		cfg := func(inputs []string) *ProfileConfig {
			return &ProfileConfig{Inputs: inputs, Ingest: ingest.Options{Text: []string{"text"}, Label: "label", LenientJSON: true, ChunkBytes: 32 << 10},
				Top: 50, Tokenizer: WordTokenizer(), ToolVersion: "test"}
		}
		one, err := Profile(ctx, cfg(paths), Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := profile.Write(&want, one); err != nil {
			t.Fatal(err)
		}
		for _, w := range where {
			for _, n := range []int{3, 7} {
				t.Run(fmt.Sprintf("%s/shards=%d", w.name, n), func(t *testing.T) {
					var states [][]byte
					for k := range n {
						s, err := ProfileShard(ctx, cfg(w.inputs), shards.Shard{K: k, N: n}, Hooks{})
						if err != nil {
							t.Fatalf("ProfileShard(%q, %d/%d): %v", w.inputs, k, n, err)
						}
						states = append(states, s)
					}
					res, err := MergeStates(ctx, &MergeConfig{Profiles: writeStates(t, t.TempDir(), "p", states), ToolVersion: "test"}, Hooks{})
					if err != nil {
						t.Fatal(err)
					}
					var got bytes.Buffer
					if err := profile.Write(&got, res.Profile); err != nil {
						t.Fatal(err)
					}
					if g := names.Replace(got.String()); g != want.String() {
						t.Errorf("profile of %d shards of %s differs from one process on files:\n%s", n, w.name, firstDiff(g, want.String()))
					}
				})
			}
		}
	})
	t.Run("scan", func(t *testing.T) {
		cfg := func(inputs []string) *ScanConfig {
			c := allChecks(inputs)
			// One pass: the second-pass checks are TestScanShards'.
			c.LabelChecks, c.Poison, c.Backdoors, c.Spans = false, false, false, false
			return c
		}
		one, err := Scan(ctx, cfg(paths), Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		want := reportJSON(t, one)
		for _, s := range []string{`"kind": "near_duplicate"`, `"kind": "bad_record"`, `"kind": "exact_duplicate"`, `"kind": "label_conflict"`, `"excerpt"`, `groups.parquet"`, `"row": `} { // groups.parquet's null texts: bad records named by id and row (session 31: by id, no longer groups.parquet#N)
			if !strings.Contains(want, s) {
				t.Fatalf("the one-process report has no %s: the test tells little", s)
			}
		}
		for _, w := range where {
			t.Run(w.name, func(t *testing.T) {
				if got := names.Replace(reportJSON(t, scanShards(t, cfg(w.inputs), 3))); got != want {
					t.Errorf("scan of 3 shards of %s differs from one process on files:\n%s", w.name, firstDiff(got, want))
				}
			})
		}
	})
}
