package ingest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
)

// bigAllocs counts the allocations of 1 MiB or more made through it.
type bigAllocs struct {
	memory.Allocator
	n atomic.Int64
}

func (a *bigAllocs) Allocate(size int) []byte {
	if size >= 1<<20 {
		a.n.Add(1)
	}
	return a.Allocator.Allocate(size)
}

// TestDirectStreamBuffers: the direct reader reads a streamed page (one
// PLAIN zstd page of several MiB per row group, as DuckDB writes, rows
// of mixed sizes) a
// quarter of arrow-go's 1 MiB stream buffer at a time, so that the
// buffer is moved down in place instead of replaced by a fresh (zeroed)
// one for nearly every batch; the rows are those written.
func TestDirectStreamBuffers(t *testing.T) {
	var texts []string
	// Mail-like sizes: a batch is about 1 MiB on average, some
	// batches well over.
	for i := range 12000 {
		texts = append(texts, fmt.Sprintf("mail %d: ", i)+strings.Repeat("Dear friend, ", (i*7919)%97*(1+(i/50)%5)))
	}
	path := filepath.Join(t.TempDir(), "a.parquet")
	const rgRows = 6000 // about 6 MiB of text a row group
	writeRequiredText(t, path, texts, rgRows, parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(64<<20))
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	groups := columnar.DirectGroups()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	big := &bigAllocs{Allocator: mem}
	res, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2, Mem: big})
	if err != nil {
		t.Fatal(err)
	}
	assertNoLeaks(t, mem)
	if got := columnar.DirectGroups() - groups; got != 2 {
		t.Fatalf("direct reader read %d row groups, want 2", got)
	}
	var want []string
	for i, s := range texts {
		want = append(want, fmt.Sprintf("0:%d\t%s", i, s))
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, goodTexts(res.Rows)); diff != "" {
		t.Fatalf("rows differ (-want +got):\n%s", diff)
	}
	// One stream buffer a page, a few more for slack; reading a batch
	// in one go took a fresh one for most batches (17 here).
	if n := big.n.Load(); n > 4 {
		t.Errorf("%d allocations of 1 MiB or more for 2 streamed pages, want at most 4", n)
	}
}
