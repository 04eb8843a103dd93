package worker

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/dataaudit/dataaudit/beam/pipeline"
	"github.com/dataaudit/dataaudit/beam/shard"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// workerEnv, set, makes the test binary a Beam worker: the pool runs it
// so, with the worker flags.
const workerEnv = "DATAAUDIT_BEAM_TEST_WORKER"

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init() // with --worker (a pool's child), runs the worker and exits
	if os.Getenv(workerEnv) != "" {
		os.Exit(2) // a worker without --worker
	}
	os.Exit(m.Run())
}

// TestSeparateWorker runs the profile pipeline on Prism with its
// workers in separate processes (this test binary, started by a Pool
// through Beam's EXTERNAL environment) and checks that the profile equals
// dataaudit profile's byte for byte. It gives up after a few minutes
// rather than hang.
func TestSeparateWorker(t *testing.T) {
	paths := []string{filepath.Join("..", "..", "testdata", "sample.jsonl"), filepath.Join("..", "..", "testdata", "parquet", "duckdb.parquet")}
	in, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(in)
	cfg := pipeline.Config{
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
	plan, err := shard.Plan(in, 64<<10)
	if err != nil {
		t.Fatal(err)
	}

	pool, err := Start(os.Args[0], nil, append(os.Environ(), workerEnv+"=1"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	// The runner stages a worker binary (it would compile one from the
	// source of main, which a test has not): this one, which the pool runs.
	*jobopts.EnvironmentType, *jobopts.EnvironmentConfig, *jobopts.WorkerBinary = "external", pool.Addr(), os.Args[0]
	defer func() { *jobopts.EnvironmentType, *jobopts.EnvironmentConfig, *jobopts.WorkerBinary = "", "", "" }()

	cfg.Out = filepath.Join(t.TempDir(), "profile.json")
	p, s := beam.NewPipelineWithRoot()
	pipeline.Build(s, cfg, plan)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := beam.Run(ctx, "prism", p); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("pipeline of %d shards with separate workers: %v", len(plan), err)
		}
	case <-time.After(5 * time.Minute):
		t.Fatalf("pipeline of %d shards with separate workers: no result after 5 minutes (%d workers started)", len(plan), pool.Started())
	}
	if pool.Started() == 0 {
		t.Fatal("the pipeline ran, but the pool started no worker: it did not run in a separate process")
	}
	got, err := os.ReadFile(cfg.Out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, wantJSON.Bytes()) {
		t.Fatalf("profile of %d shards on separate workers (%d bytes) differs from dataaudit profile's (%d bytes)", len(plan), len(got), wantJSON.Len())
	}
	t.Logf("%d shards, %d worker processes", len(plan), pool.Started())
}
