package analysis_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// TestEncodedShardsMerge: each worker's state, encoded, decoded in
// another analyser and merged, gives the counts of the one-worker run.
func TestEncodedShardsMerge(t *testing.T) {
	root := fixtures.Root()
	paths := []string{filepath.Join(root, "testdata", "sample.jsonl"), filepath.Join(root, "testdata", "jsonl", "messy.jsonl")}
	inputs, err := ingest.Expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	c := &analysis.Config{Files: len(inputs)}
	s := stats.FileRowsSpec
	factory := []analysis.Factory{func() (analysis.Analyser, error) { return s.New(c) }}
	iopts := ingest.Options{Text: []string{"text"}, ChunkBytes: 4 << 10, LenientJSON: true}

	iopts.Workers = 1
	one, err := analysis.Run(context.Background(), inputs, analysis.Options{Ingest: iopts}, factory)
	if err != nil {
		t.Fatal(err)
	}
	want := one[0].(*stats.FileRows).Rows()

	iopts.Workers = 4
	shards, err := analysis.Workers(context.Background(), inputs, analysis.Options{Ingest: iopts}, 1, factory)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.New(c)
	if err != nil {
		t.Fatal(err)
	}
	for w, shard := range shards {
		data, err := analysis.Encode(s, shard[0])
		if err != nil {
			t.Fatal(err)
		}
		a, err := analysis.Decode(s, c, data)
		if err != nil {
			t.Fatalf("shard %d: Decode: %v", w, err)
		}
		if err := all.Merge(a); err != nil {
			t.Fatal(err)
		}
	}
	if got := all.(*stats.FileRows).Rows(); !slices.Equal(got, want) || want[0] == 0 || want[1] == 0 {
		t.Errorf("merged decoded shards: rows %v, want %v (the one-worker run's)", got, want)
	}
}

// TestDecodeRefuses: a state of another analysis or version, or bytes
// that are not a state, are refused.
func TestDecodeRefuses(t *testing.T) {
	c := &analysis.Config{Files: 2}
	s := stats.FileRowsSpec
	a, _ := s.New(c)
	good, err := analysis.Encode(s, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.Decode(s, c, good); err != nil {
		t.Fatalf("Decode(its own state) = %v", err)
	}
	other := *s
	other.Version++
	tests := []struct {
		name string
		spec *analysis.Spec
		c    *analysis.Config
		data []byte
		want string
	}{
		{"another version", &other, c, good, "state of stats.file_rows version 1 cannot be read as stats.file_rows version 2"},
		{"another analysis", &analysis.Spec{Name: "dups.exact", Version: 1, Decode: s.Decode}, c, good, "cannot be read as dups.exact"},
		{"not a state", s, c, []byte(`{"json": true}`), "not an encoded analysis state"},
		{"truncated", s, c, good[:len(good)-1], "stats.file_rows state"},
		{"another file table", s, &analysis.Config{Files: 3}, good, "counts for 2 files, want 3"},
		{"trailing bytes", s, c, append(slices.Clone(good), 0), "bytes after the counts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := analysis.Decode(tt.spec, tt.c, tt.data); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	h := analysis.Header{Name: "stats.file_rows", Version: 7}
	got, rest, err := analysis.ReadHeader(append(h.AppendHeader(nil), 'x'))
	if err != nil || got != h || string(rest) != "x" {
		t.Errorf("ReadHeader(AppendHeader(%v)) = %v, %q, %v", h, got, rest, err)
	}
}
