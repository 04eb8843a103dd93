package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
)

// TestParquetDecoders: of nw decoders, at most ParquetDecoders(nw) read
// direct-read Parquet row groups at once (one of two), and every row is
// read, with a JSONL input beside it too.
func TestParquetDecoders(t *testing.T) {
	var texts []string
	for i := range 4000 {
		texts = append(texts, fmt.Sprintf("row %d ", i)+strings.Repeat("word ", i%50))
	}
	dir := t.TempDir()
	pq := filepath.Join(dir, "a.parquet")
	writeRequiredText(t, pq, texts, 500, parquet.WithCompression(compress.Codecs.Zstd))
	jl := filepath.Join(dir, "b.jsonl")
	var sb strings.Builder
	for _, s := range texts[:100] {
		fmt.Fprintf(&sb, "{\"text\":%q}\n", s)
	}
	if err := os.WriteFile(jl, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		workers int
		paths   []string
		want    int64
	}{
		{2, []string{pq}, 1},
		{2, []string{pq, jl}, 1},
		{4, []string{pq}, 2},
		{1, []string{pq}, 1},
	} {
		t.Run(fmt.Sprint(tc.workers, len(tc.paths)), func(t *testing.T) {
			if got := ParquetDecoders(tc.workers); int64(got) != tc.want {
				t.Fatalf("ParquetDecoders(%d) = %d, want %d", tc.workers, got, tc.want)
			}
			inputs, err := Expand(tc.paths)
			if err != nil {
				t.Fatal(err)
			}
			directPeak.Store(0)
			groups := columnar.DirectGroups()
			opts := Options{Text: []string{"text"}, Workers: tc.workers, BatchRows: 100}
			var (
				mu  sync.Mutex
				got []string
			)
			err = Run(t.Context(), inputs, opts, func(_ int, b *Batch) error {
				defer b.Record.Release()
				// Slow analyses: every decoder that may read does.
				time.Sleep(time.Millisecond)
				rows, err := batchRows(b)
				if err != nil {
					return err
				}
				mu.Lock()
				defer mu.Unlock()
				for _, r := range rows {
					if r.File == 0 {
						got = append(got, r.Text)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if d := columnar.DirectGroups() - groups; d != 8 {
				t.Fatalf("direct reader read %d row groups, want 8", d)
			}
			if p := directPeak.Load(); p > tc.want {
				t.Errorf("%d row groups read at once, want at most %d", p, tc.want)
			}
			want := slices.Clone(texts)
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows differ (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParquetWantedAtOnce: a read of a few rows again (Options.Only, the
// excerpts') reads the row groups holding them on two decoders at once,
// though ParquetDecoders(2) is 1 (no analysing workers to leave a core
// to), and reads the rows wanted.
func TestParquetWantedAtOnce(t *testing.T) {
	var texts []string
	for i := range 4000 {
		texts = append(texts, fmt.Sprintf("row %d ", i)+strings.Repeat("word ", i%50))
	}
	pq := filepath.Join(t.TempDir(), "a.parquet")
	writeRequiredText(t, pq, texts, 500, parquet.WithCompression(compress.Codecs.Zstd))
	inputs, err := Expand([]string{pq})
	if err != nil {
		t.Fatal(err)
	}
	// Each row group's read waits (up to 5 s) until another has started.
	var (
		mu      sync.Mutex
		started int
		both    = make(chan struct{})
		alone   bool // a read waited in vain
	)
	testRowGroupRead = func() {
		mu.Lock()
		started++
		if started == 2 {
			close(both)
		}
		mu.Unlock()
		select {
		case <-both:
		case <-time.After(5 * time.Second):
			mu.Lock()
			alone = true
			mu.Unlock()
		}
	}
	t.Cleanup(func() { testRowGroupRead = nil })
	wanted := []int64{10, 3010, 3011}
	opts := Options{Text: []string{"text"}, Workers: 2, BatchRows: 100, Only: map[int][]int64{0: wanted}}
	var got []string
	err = Run(t.Context(), inputs, opts, func(_ int, b *Batch) error {
		defer b.Record.Release()
		rows, err := batchRows(b)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		for _, r := range rows {
			got = append(got, fmt.Sprint(r.N, " ", r.Text))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if alone {
		t.Errorf("the two row groups holding rows wanted were read one after the other")
	}
	var want []string
	for _, n := range wanted {
		want = append(want, fmt.Sprint(n, " ", texts[n]))
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows differ (-want +got):\n%s", diff)
	}
}
