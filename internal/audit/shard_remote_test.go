package audit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/shards"
)

// TestObjectStoreShards: profile and scan --shard K/N of objects served
// by an S3 store (an in-process fake), their states merged, equal the
// profile and report of one process reading the same files on disk,
// byte for byte but for the inputs' names: the JSONL objects are cut
// into byte ranges read with ranged requests, and the merge reads the
// objects again (at the URLs the state files keep) for the findings'
// excerpts.
func TestObjectStoreShards(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	local := shardInputs(t) // the sample, the messy fixture, a .gz
	local = append(local, "../../testdata/parquet/duckdb.parquet")
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
	remote := []string{srv.URL("corpus/")}
	// names maps the objects' names (s3://data/corpus/NAME) to the files'.
	var pairs []string
	for _, p := range paths {
		pairs = append(pairs, "s3://"+blobtest.Bucket+"/corpus/"+filepath.Base(p), p)
	}
	names := strings.NewReplacer(pairs...)

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
		for _, n := range []int{3, 7} {
			t.Run(fmt.Sprintf("shards=%d", n), func(t *testing.T) {
				var states [][]byte
				for k := range n {
					s, err := ProfileShard(ctx, cfg(remote), shards.Shard{K: k, N: n}, Hooks{})
					if err != nil {
						t.Fatalf("ProfileShard(%q, %d/%d): %v", remote, k, n, err)
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
					t.Errorf("profile of %d shards of objects differs from one process on files:\n%s", n, firstDiff(g, want.String()))
				}
			})
		}
	})
	t.Run("scan", func(t *testing.T) {
		cfg := func(inputs []string) *ScanConfig {
			c := allChecks(inputs)
			// One pass: the second-pass checks are TestScanShards'.
			c.LabelChecks, c.Poison, c.Backdoors, c.Spans = false, false, false, false
			c.ExactNormalize = dups.NormalizeDefault
			return c
		}
		one, err := Scan(ctx, cfg(paths), Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		want := reportJSON(t, one)
		for _, kind := range []string{"near_duplicate", "bad_record", "exact_duplicate", "label_conflict"} {
			if !strings.Contains(want, `"kind": "`+kind+`"`) {
				t.Fatalf("the one-process report has no %s finding: the test tells little", kind)
			}
		}
		if !strings.Contains(want, `"excerpt"`) {
			t.Fatal("the one-process report has no excerpt: the test tells little")
		}
		got := names.Replace(reportJSON(t, scanShards(t, cfg(remote), 3)))
		if got != want {
			t.Errorf("scan of 3 shards of objects differs from one process on files:\n%s", firstDiff(got, want))
		}
	})
}
