package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/dataaudit/dataaudit/beam/shard"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// inputs are the repository's sample, its copy compressed and a Parquet
// file (whole-file shards), messy JSONL, and about 2 MB of a real mail corpus cut mid-line when the
// machine has it.
func inputs(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	paths := []string{filepath.Join("..", "..", "testdata", "sample.jsonl")}
	if f, err := os.Open("/work/bench-data/corpus-30MB-s1.jsonl"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, 2<<20+777))
		if err != nil {
			t.Fatal(err)
		}
		c := filepath.Join(dir, "corpus-2MB.jsonl")
		if err := os.WriteFile(c, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, c)
	}
	sample, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(sample)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	g := filepath.Join(dir, "sample-copy.jsonl.gz")
	if err := os.WriteFile(g, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return append(paths, g, filepath.Join("..", "..", "testdata", "jsonl", "messy.jsonl"), filepath.Join("..", "..", "testdata", "parquet", "duckdb.parquet"))
}

// TestProfile runs the pipeline on Prism, embedded in the test, and
// checks that its profile equals dataaudit profile's byte for byte, for
// several shard sizes.
func TestProfile(t *testing.T) {
	paths := inputs(t)
	in, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(in)
	cfg := Config{
		Text: []string{"text"}, Label: "label", ChunkBytes: 512 << 10, MaxLineBytes: 256 << 20,
		MaxPageBytes: ingest.DefaultMaxPageBytes, DetectShape: true, Top: profile.DefaultTopN, ToolVersion: "test",
	}
	for _, i := range in {
		cfg.Paths, cfg.Sizes = append(cfg.Paths, i.URL()), append(cfg.Sizes, i.Size)
	}
	o := cfg.Options()
	want, err := audit.Profile(context.Background(), &audit.ProfileConfig{
		Inputs: paths, Ingest: o.Ingest, Top: o.TopN, Tokenizer: o.Tokenizer, ToolVersion: o.ToolVersion,
	}, audit.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	var wantJSON bytes.Buffer
	if err := profile.Write(&wantJSON, want); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{0, 100 << 10, 1 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			plan, err := shard.Plan(in, size)
			if err != nil {
				t.Fatal(err)
			}
			c := cfg
			c.Out = filepath.Join(t.TempDir(), "profile.json")
			p, s := beam.NewPipelineWithRoot()
			Build(s, c, plan)
			if _, err := beam.Run(context.Background(), "prism", p); err != nil {
				t.Fatalf("pipeline of %d shards: %v", len(plan), err)
			}
			got, err := os.ReadFile(c.Out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, wantJSON.Bytes()) {
				t.Fatalf("pipeline profile of %d shards (%d bytes) differs from dataaudit profile's (%d bytes)", len(plan), len(got), wantJSON.Len())
			}
		})
	}
}

// TestProfileS3 runs the pipeline over the same inputs served by an S3
// store (an in-process fake): the profile equals dataaudit profile's of
// the files but for the inputs' names, with JSONL cut into byte ranges
// read with ranged requests.
func TestProfileS3(t *testing.T) {
	// The files in one directory, named as the objects, so that both
	// sort alike (the manifest is sorted by path).
	dir := t.TempDir()
	files := map[string]string{}
	var paths, urls []string
	for i, p := range inputs(t) {
		name := fmt.Sprintf("%d-%s", i, filepath.Base(p))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		local := filepath.Join(dir, name)
		if err := os.WriteFile(local, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files["corpus/"+name] = local
		paths, urls = append(paths, local), append(urls, "corpus/"+name)
	}
	srv := blobtest.Serve(t, files)
	for i, k := range urls {
		urls[i] = srv.URL(k)
	}
	in, err := ingest.Expand(urls)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Text: []string{"text"}, Label: "label", ChunkBytes: 512 << 10, MaxLineBytes: 256 << 20,
		MaxPageBytes: ingest.DefaultMaxPageBytes, DetectShape: true, Top: profile.DefaultTopN, ToolVersion: "test",
	}
	var names []string
	for j, i := range in {
		cfg.Paths, cfg.Sizes = append(cfg.Paths, i.URL()), append(cfg.Sizes, i.Size)
		names = append(names, i.Path, paths[j])
	}
	o := cfg.Options()
	want, err := audit.Profile(context.Background(), &audit.ProfileConfig{
		Inputs: paths, Ingest: o.Ingest, Top: o.TopN, Tokenizer: o.Tokenizer, ToolVersion: o.ToolVersion,
	}, audit.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	var wantJSON bytes.Buffer
	if err := profile.Write(&wantJSON, want); err != nil {
		t.Fatal(err)
	}
	plan, err := shard.Plan(in, 100<<10)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Out = filepath.Join(t.TempDir(), "profile.json")
	p, s := beam.NewPipelineWithRoot()
	Build(s, cfg, plan)
	if _, err := beam.Run(context.Background(), "prism", p); err != nil {
		t.Fatalf("pipeline of %d shards: %v", len(plan), err)
	}
	got, err := os.ReadFile(cfg.Out)
	if err != nil {
		t.Fatal(err)
	}
	got = []byte(strings.NewReplacer(names...).Replace(string(got)))
	if !bytes.Equal(got, wantJSON.Bytes()) {
		t.Fatalf("pipeline profile of %d shards of objects differs from dataaudit profile's of the files:\n%s", len(plan), firstDiff(wantJSON.Bytes(), got))
	}
}

// firstDiff shows where got first differs from want.
func firstDiff(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	lo := max(i-200, 0)
	return fmt.Sprintf("want ...%s...\ngot  ...%s...", want[lo:min(i+200, len(want))], got[lo:min(i+200, len(got))])
}

// TestProfileTokenPartitions runs the profile with its word counts
// shuffled by token partition, keyed by different keys, with the top
// list cut (the default) and complete (--top 0): the profile equals
// dataaudit profile's byte for byte whatever the partitions and the key.
func TestProfileTokenPartitions(t *testing.T) {
	paths := inputs(t)
	in, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(in)
	plan, err := shard.Plan(in, 100<<10)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		top, parts int
		key        string
	}{
		{profile.DefaultTopN, 0, ""},
		{profile.DefaultTopN, 1, "a"},
		{profile.DefaultTopN, 3, "a"},
		{profile.DefaultTopN, 3, "another key"},
		{profile.DefaultTopN, 3, ""},
		{profile.DefaultTopN, 5, "b"},
		{3, 5, "b"}, // a top list shorter than some partitions' vocabularies
		{0, 0, ""},
		{0, 1, "a"},
		{0, 3, "c"},
		{0, 5, "d"},
	}
	wants := map[int][]byte{}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("top %d, %d partitions, key %q", tt.top, tt.parts, tt.key), func(t *testing.T) {
			cfg := Config{
				Text: []string{"text"}, Label: "label", ChunkBytes: 512 << 10, MaxLineBytes: 256 << 20,
				MaxPageBytes: ingest.DefaultMaxPageBytes, DetectShape: true, Top: tt.top, ToolVersion: "test",
				TokenPartitions: tt.parts, Key: []byte(tt.key),
			}
			for _, i := range in {
				cfg.Paths, cfg.Sizes = append(cfg.Paths, i.URL()), append(cfg.Sizes, i.Size)
			}
			want, ok := wants[tt.top]
			if !ok {
				o := cfg.Options()
				p, err := audit.Profile(context.Background(), &audit.ProfileConfig{
					Inputs: paths, Ingest: o.Ingest, Top: o.TopN, Tokenizer: o.Tokenizer, ToolVersion: o.ToolVersion,
				}, audit.Hooks{})
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := profile.Write(&b, p); err != nil {
					t.Fatal(err)
				}
				want, wants[tt.top] = b.Bytes(), b.Bytes()
			}
			cfg.Out = filepath.Join(t.TempDir(), "profile.json")
			p, s := beam.NewPipelineWithRoot()
			Build(s, cfg, plan)
			if _, err := beam.Run(context.Background(), "prism", p); err != nil {
				t.Fatalf("pipeline of %d shards: %v", len(plan), err)
			}
			got, err := os.ReadFile(cfg.Out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("pipeline profile of %d shards in %d token partitions differs from dataaudit profile's:\n%s", len(plan), tt.parts, firstDiff(want, got))
			}
		})
	}
}
