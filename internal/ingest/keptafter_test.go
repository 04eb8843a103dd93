package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

// TestKeptRowsAfterAnalyses: Run keeps the excerpt row starts of a batch
// (Kept.Rows) after fn, the analyses, have read it (their first pass
// over the text brings it into the worker's cache, so the starts are
// then copied without a miss each), though fn releases the batch: the
// kept starts are every row's, as the text was. During fn nothing of
// its batch is kept yet.
func TestKeptRowsAfterAnalyses(t *testing.T) {
	var texts []string
	for i := range 3000 {
		texts = append(texts, fmt.Sprintf("row %d é ", i)+strings.Repeat("word ", i%300))
	}
	dir := t.TempDir()
	pq := filepath.Join(dir, "a.parquet")
	writeRequiredText(t, pq, texts, 1000, parquet.WithCompression(compress.Codecs.Zstd))
	jl := filepath.Join(dir, "a.jsonl")
	var sb strings.Builder
	for _, s := range texts {
		fmt.Fprintf(&sb, "{\"text\":%q}\n", s)
	}
	if err := os.WriteFile(jl, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	const chars = 40
	for _, path := range []string{pq, jl} {
		t.Run(filepath.Ext(path), func(t *testing.T) {
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			groups := columnar.DirectGroups()
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			kept := batch.NewKept(chars, []bool{true}, 1<<30)
			opts := Options{Text: []string{"text"}, Mem: mem, Kept: kept, Workers: 2, BatchRows: 256}
			// With one worker, the batches kept while fn runs are the
			// earlier ones.
			opts.Workers = 1
			var mu sync.Mutex
			var early []string
			seen := 0
			err = Run(context.Background(), inputs, opts, func(_ int, b *Batch) error {
				defer b.Record.Release()
				mu.Lock()
				defer mu.Unlock()
				if n := kept.Batches(); n != seen {
					early = append(early, fmt.Sprintf("%v: %d kept after %d batches", b.Pos(0), n, seen))
				}
				seen++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			assertNoLeaks(t, mem)
			if len(early) > 0 {
				t.Errorf("rows kept before the analyses ran: %v", early)
			}
			if path == pq && columnar.DirectGroups() == groups {
				t.Fatal("the direct reader read nothing")
			}
			kept.Seal()
			for i, s := range texts {
				p := Pos{File: 0, N: int64(i)}
				if path == jl {
					p = Pos{File: 0, N: int64(i + 1), Line: true}
				}
				got, lo, ok := kept.Text(p, 0)
				_, hi := termsafe.WindowBytes(unsafe.String(unsafe.StringData(s), len(s)), 0, chars)
				if !ok || lo != 0 || string(got) != s[:hi] {
					t.Fatalf("row %d: kept %q (%v, lo %d), want %q", i, got, ok, lo, s[:hi])
				}
			}
		})
	}
}
