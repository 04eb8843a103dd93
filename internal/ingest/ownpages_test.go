package ingest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
)

// ownCodecs are the codecs columnar's own page reader (pageText) reads.
var ownCodecs = []compress.Compression{compress.Codecs.Uncompressed, compress.Codecs.Snappy, compress.Codecs.Zstd, compress.Codecs.Gzip}

// readOwnArrowPqarrow reads inputs with the direct reader's own pages
// (columnar.OwnPages), with arrow-go's column reader and with pqarrow,
// and checks that all three read and report alike.
func readOwnArrowPqarrow(t *testing.T, inputs []Input, opts Options) result {
	t.Helper()
	defer func(old bool) { columnar.OwnPages = old }(columnar.OwnPages)
	columnar.OwnPages = false
	arrowPages, _ := readDirectAndPqarrow(t, inputs, opts)
	columnar.OwnPages = true
	own, pq := readDirectAndPqarrow(t, inputs, opts)
	for name, r := range map[string]result{"arrow-go's pages": arrowPages, "pqarrow": pq} {
		if diff := cmp.Diff(r, own, cmp.AllowUnexported(result{})); diff != "" && !onlyBatchesDiffer(r, own) {
			t.Fatalf("the own page reader read otherwise than %s (-%s +own):\n%s", name, name, diff)
		}
	}
	return own
}

// TestParquetOwnPages reads files of every codec pageText reads, with
// nulls and without (a required column), in pages of 1 MiB (arrow-go's
// streamed pages) and of 16 KiB (many a row group, batches across them),
// in batches of several sizes: every row as written, every row group read
// by pageText to its end, and as arrow-go reads them.
func TestParquetOwnPages(t *testing.T) {
	rows := bigPageRows(3000)
	texts := make([]string, 2000)
	for i := range texts {
		texts[i] = strings.Repeat(fmt.Sprintf("row %d é ", i), i%70)
	}
	dir := t.TempDir()
	plain := parquet.WithDictionaryDefault(false)
	for _, codec := range ownCodecs {
		for _, page := range []int64{1 << 20, 16 << 10} {
			props := []parquet.WriterProperty{parquet.WithCompression(codec), plain, parquet.WithDataPageSize(page)}
			name := fmt.Sprintf("%s_%d", codec, page)
			nullable := filepath.Join(dir, name+"_nullable.parquet")
			writeBigPageParquet(t, nullable, rows, 1200, props...)
			required := filepath.Join(dir, name+"_required.parquet")
			writeRequiredText(t, required, texts, 700, props...)
			for _, batch := range []int{0, 1, 333} {
				t.Run(fmt.Sprintf("%s batches of %d", name, batch), func(t *testing.T) {
					for _, path := range []string{nullable, required} {
						inputs, err := Expand([]string{path})
						if err != nil {
							t.Fatal(err)
						}
						stops, own := columnar.DirectStops(), columnar.OwnGroups()
						got := readOwnArrowPqarrow(t, inputs, Options{Text: []string{"text"}, Workers: 2, BatchRows: batch})
						if n := columnar.DirectStops() - stops; n != 0 {
							t.Fatalf("%s: the direct reader left %d row groups to pqarrow, want 0", path, n)
						}
						if n := columnar.OwnGroups() - own; n != 6 { // read twice by readDirectAndPqarrow
							t.Fatalf("%s: the own page reader read %d row groups, want 6", path, n)
						}
						if path == nullable {
							checkBigPageRows(t, rows, withLabels(got, rows))
							continue
						}
						for i, r := range got.Rows {
							if r.Null || r.Text != texts[i] {
								t.Fatalf("row %d = %.40q (null %v), want %.40q", i, r.Text, r.Null, texts[i])
							}
						}
					}
				})
			}
		}
	}
}

// readMode reads inputs with the direct reader on or off, and its own
// pages on or off, checking for leaks; it returns what collect gathers
// and the bad records' reasons.
func readMode(t *testing.T, inputs []Input, opts Options, direct, own bool) (result, []string) {
	t.Helper()
	defer func(d, o bool) { columnar.DirectText, columnar.OwnPages = d, o }(columnar.DirectText, columnar.OwnPages)
	columnar.DirectText, columnar.OwnPages = direct, own
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	opts.Mem = mem
	res, err := collect(t, inputs, opts)
	if err != nil {
		t.Fatalf("direct %v own %v: %v", direct, own, err)
	}
	assertNoLeaks(t, mem)
	return res, badReasons(t, inputs, opts)
}

// TestParquetOwnPagesDamaged damages the text column's pages of files of
// every codec pageText reads, at several places (page headers, levels,
// lengths, compressed bytes): what is read and reported is what arrow-go
// alone reads and reports, but for one intended difference in a damaged
// snappy page. arrow-go decompresses a snappy page whole, so that rows
// before the damage are reported unreadable with the rest; pageText
// streams it (as arrow-go streams a zstd or gzip page), hands on the
// complete batches before the damage, and pqarrow reports the rest with
// the same reason, from the row pageText stopped at.
func TestParquetOwnPagesDamaged(t *testing.T) {
	rows := bigPageRows(2000)
	dir := t.TempDir()
	for _, codec := range ownCodecs {
		for _, page := range []int64{1 << 20, 16 << 10} {
			for _, at := range [][2]int64{{0, 1}, {1, 100}, {1, 3}, {2, 3}, {99, 100}} {
				name := fmt.Sprintf("%s_%d_%d-%d", codec, page, at[0], at[1])
				t.Run(name, func(t *testing.T) {
					path := filepath.Join(dir, name+".parquet")
					writeBigPageParquet(t, path, rows, 1000, parquet.WithCompression(codec), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(page))
					damageChunk(t, path, 0, 0, at[0], at[1])
					inputs, err := Expand([]string{path})
					if err != nil {
						t.Fatal(err)
					}
					for _, batch := range []int{0, 64} {
						opts := Options{Text: []string{"text"}, Workers: 2, BatchRows: batch}
						own, ownWhy := readMode(t, inputs, opts, true, true)
						arrowPages, arrowWhy := readMode(t, inputs, opts, true, false)
						pq, pqWhy := readMode(t, inputs, opts, false, false)
						if diff := cmp.Diff(arrowWhy, pqWhy); diff != "" {
							t.Fatalf("arrow-go's pages reported otherwise than pqarrow (-pqarrow +pages):\n%s", diff)
						}
						if !onlyBatchesDiffer(arrowPages, pq) {
							t.Fatalf("arrow-go's pages read otherwise than pqarrow")
						}
						if codec == compress.Codecs.Snappy {
							checkStreamedDamage(t, own, pq, ownWhy, pqWhy)
							continue
						}
						if diff := cmp.Diff(ownWhy, pqWhy); diff != "" {
							t.Fatalf("batches of %d: the own pages reported otherwise than pqarrow (-pqarrow +own):\n%s", batch, diff)
						}
						if diff := cmp.Diff(pq, own, cmp.AllowUnexported(result{})); diff != "" && !onlyBatchesDiffer(pq, own) {
							t.Fatalf("batches of %d: the own pages read otherwise than pqarrow (-pqarrow +own):\n%s", batch, diff)
						}
					}
				})
			}
		}
	}
}

// checkStreamedDamage checks what was read of a damaged snappy page by
// pageText (own) against pqarrow's reading (pq): the same records but
// for pqarrow's unreadable_rows, which may start later in own's (rows
// read instead) with the same reason and end, and the same rows outside
// those read instead.
func checkStreamedDamage(t *testing.T, own, pq result, ownWhy, pqWhy []string) {
	t.Helper()
	type span struct{ from, to int64 }
	var gained []span
	for _, b := range pq.Bad {
		if b.Kind != BadUnreadable {
			continue
		}
		found := false
		for _, o := range own.Bad {
			if o.Kind == b.Kind && o.File == b.File && o.N+o.Rows == b.N+b.Rows && o.N >= b.N {
				found = true
				if o.N > b.N {
					gained = append(gained, span{b.N, o.N})
				}
			}
		}
		if !found {
			t.Fatalf("pqarrow's %+v has no counterpart in the own pages' %+v", b, own.Bad)
		}
	}
	inGained := func(n int64) bool {
		for _, g := range gained {
			if n >= g.from && n < g.to {
				return true
			}
		}
		return false
	}
	// What is left of own's reading but for the rows read instead of
	// reported, and their records.
	var bad []gotBad
	for _, o := range own.Bad {
		if !inGained(o.N) {
			bad = append(bad, o)
		}
	}
	var rows []gotRow
	for _, r := range own.Rows {
		if !inGained(r.N) {
			rows = append(rows, r)
		}
	}
	unreadAt := func(b []gotBad) (out []gotBad) {
		for _, x := range b {
			if x.Kind == BadUnreadable {
				x.N, x.Rows = 0, 0 // compared above
			}
			out = append(out, x)
		}
		return out
	}
	if diff := cmp.Diff(unreadAt(pq.Bad), unreadAt(bad)); diff != "" {
		t.Fatalf("bad records differ (-pqarrow +own):\n%s", diff)
	}
	if diff := cmp.Diff(pq.Rows, rows); diff != "" {
		t.Fatalf("rows outside those read instead of reported differ (-pqarrow +own):\n%s", diff)
	}
	why := func(list []string, drop bool) (out []string) {
		for _, w := range list {
			var n int64
			fmt.Sscan(w, &n)
			if drop && inGained(n) {
				continue
			}
			if i := strings.Index(w, "cannot be read"); i >= 0 {
				w = w[i:]
			}
			out = append(out, w)
		}
		slices.Sort(out)
		return out
	}
	if diff := cmp.Diff(why(pqWhy, false), why(ownWhy, true)); diff != "" {
		t.Fatalf("reasons differ (-pqarrow +own):\n%s", diff)
	}
}

// FuzzParquetOwnPages reads fuzzed copies of small files of every codec
// pageText reads (nulls, several pages a row group) with its own pages,
// arrow-go's column reader and pqarrow: the same rows and the same bad
// records (but for rows of a damaged page read rather than reported, see
// TestParquetOwnPagesDamaged), or the same error; never a panic.
//
//	go test ./internal/ingest -run '^$' -fuzz FuzzParquetOwnPages -fuzztime 2m
func FuzzParquetOwnPages(f *testing.F) {
	rows := bigPageRows(120)
	for i := range rows {
		if rows[i].text != nil && len(*rows[i].text) > 300 {
			s := (*rows[i].text)[:300]
			rows[i].text = &s
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	dir := f.TempDir()
	for _, codec := range ownCodecs {
		path := filepath.Join(dir, codec.String()+".parquet")
		writeBigPageParquet(f, path, rows, 50, parquet.WithCompression(codec), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(2<<10))
		good, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(good)
		headers := pageHeaders(f, path)
		for range 4 {
			bad, _ := corruptVariant(rng, good, headers)
			f.Add(bad)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.parquet")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs, err := Expand([]string{path})
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Text: []string{"text"}, Workers: 2, MaxPageBytes: 16 << 20}
		var firstErr error
		for k, mode := range [][2]bool{{true, true}, {true, false}, {false, false}} {
			func() {
				defer func(d, o bool) { columnar.DirectText, columnar.OwnPages = d, o }(columnar.DirectText, columnar.OwnPages)
				columnar.DirectText, columnar.OwnPages = mode[0], mode[1]
				_, err := collect(t, inputs, opts)
				if k == 0 {
					firstErr = err
				} else if (err == nil) != (firstErr == nil) || err != nil && err.Error() != firstErr.Error() {
					t.Fatalf("direct %v own %v: error %v, with the own pages %v", mode[0], mode[1], err, firstErr)
				}
			}()
		}
		if firstErr != nil {
			return // a usage error (no text column), the same every way
		}
		own, ownWhy := readMode(t, inputs, opts, true, true)
		arrowPages, arrowWhy := readMode(t, inputs, opts, true, false)
		pq, pqWhy := readMode(t, inputs, opts, false, false)
		if diff := cmp.Diff(pqWhy, arrowWhy); diff != "" || !onlyBatchesDiffer(arrowPages, pq) {
			t.Fatalf("arrow-go's pages read or reported otherwise than pqarrow:\n%s", diff)
		}
		if !slices.Equal(ownWhy, pqWhy) || !onlyBatchesDiffer(own, pq) {
			// A page arrow-go decompresses whole (snappy, or up to 1 MiB):
			// rows before its damage read rather than reported.
			checkStreamedDamage(t, own, pq, ownWhy, pqWhy)
		}
		// Rows read again (the excerpt pass): readWanted's own pages read
		// and report as arrow-go's column reader does.
		var only []int64
		for k, r := range pq.Rows {
			if k%3 == 0 {
				only = append(only, r.N)
			}
		}
		slices.Sort(only)
		readWantedBoth(t, inputs, only, own)
	})
}

// TestParquetOwnPagesAfterStop reads a file whose first row group's text
// is damaged mid-page, with one decoder: pageText stops there, and its
// next row group (same Reader) is read by it to the end, from a clean
// state, as pqarrow reads it.
func TestParquetOwnPagesAfterStop(t *testing.T) {
	rows := bigPageRows(2000)
	dir := t.TempDir()
	for _, codec := range ownCodecs[1:] { // damaged uncompressed text may read as text
		t.Run(codec.String(), func(t *testing.T) {
			path := filepath.Join(dir, codec.String()+".parquet")
			writeBigPageParquet(t, path, rows, 1000, parquet.WithCompression(codec), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(64<<10))
			damageChunk(t, path, 0, 0, 1, 2)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Text: []string{"text"}, Workers: 1, BatchRows: 50}
			stops, own := columnar.DirectStops(), columnar.OwnGroups()
			got, _ := readMode(t, inputs, opts, true, true)
			if n := columnar.DirectStops() - stops; n != 2 { // readMode runs twice
				t.Errorf("the direct reader stopped %d times, want 2 (the damaged row group, twice)", n)
			}
			if n := columnar.OwnGroups() - own; n != 2 {
				t.Errorf("the own pages read %d row groups to the end, want 2 (the good one, twice)", n)
			}
			pq, _ := readMode(t, inputs, opts, false, false)
			var gotRG1, pqRG1 []gotRow
			for _, r := range got.Rows {
				if r.N >= 1000 {
					gotRG1 = append(gotRG1, r)
				}
			}
			for _, r := range pq.Rows {
				if r.N >= 1000 {
					pqRG1 = append(pqRG1, r)
				}
			}
			if diff := cmp.Diff(pqRG1, gotRG1); diff != "" || len(gotRG1) == 0 {
				t.Fatalf("the second row group read otherwise than pqarrow (-pqarrow +own):\n%s", diff)
			}
		})
	}
}
