// Package benchmarks holds the whole-pipeline Go benchmarks; the per-
// function ones live beside their code (internal/stats, internal/ingest).
// The peer comparison with DuckDB is peer.sh; README.md has the numbers.
package benchmarks

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// corpus writes the shipped sample (real mail) repeated to about 20 MB.
func corpus(b *testing.B) (string, int64) {
	b.Helper()
	sample, err := os.ReadFile("../testdata/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	data := bytes.Repeat(sample, 28)
	path := filepath.Join(b.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return path, int64(len(data))
}

// BenchmarkScanJSONL is ingest and token statistics on one worker, per
// byte of JSONL: the per-core throughput of dataaudit scan.
func BenchmarkScanJSONL(b *testing.B) {
	path, size := corpus(b)
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		b.Fatal(err)
	}
	for _, label := range []string{"", "label"} {
		name := "text"
		if label != "" {
			name = "text+label"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				s := stats.NewSummary(stats.Options{})
				err := ingest.Run(context.Background(), inputs, ingest.Options{Text: []string{"text"}, Label: label, Workers: 1},
					func(_ int, bt *ingest.Batch) error {
						defer bt.Record.Release()
						return s.Add(bt)
					})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Result([]string{path}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
