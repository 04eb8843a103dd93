package ingest

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
)

// readWantedBoth reads the rows only names of inputs again (Options.Only)
// with readWanted's own pages (pageText) and with arrow-go's column
// reader, checks that both read and report alike, and returns what the
// own pages read and how many row groups they read. One difference is
// intended, as in a first read (TestParquetOwnPagesDamaged): of a
// damaged page arrow-go decompresses whole (snappy), the own pages read
// the rows before the damage, where arrow-go reads none; those must be
// the rows first (a whole read with the own pages) read there.
func readWantedBoth(t *testing.T, inputs []Input, only []int64, first result) (result, int64) {
	t.Helper()
	opts := Options{Text: []string{"text"}, Workers: 2, Only: map[int][]int64{0: only}}
	arrowPages, arrowWhy := readMode(t, inputs, opts, true, false)
	before := columnar.OwnWanted()
	own, ownWhy := readMode(t, inputs, opts, true, true)
	groups := columnar.OwnWanted() - before
	if diff := cmp.Diff(arrowWhy, ownWhy); diff != "" {
		t.Fatalf("Only %.20v: the own pages reported otherwise than arrow-go's (-arrow +own):\n%s", only, diff)
	}
	diff := cmp.Diff(arrowPages, own, cmp.AllowUnexported(result{}))
	if diff == "" {
		return own, groups
	}
	if !cmp.Equal(arrowPages.Bad, own.Bad) || arrowPages.Blank != own.Blank {
		t.Fatalf("Only %.20v: the own pages read otherwise than arrow-go's (-arrow +own):\n%s", only, diff)
	}
	byPos := func(r result) map[int64]gotRow {
		m := map[int64]gotRow{}
		for _, g := range r.Rows {
			m[g.N] = g
		}
		return m
	}
	ownRows, firstRows := byPos(own), byPos(first)
	for n, a := range byPos(arrowPages) {
		if o, ok := ownRows[n]; !ok || !cmp.Equal(o, a) {
			t.Fatalf("Only %.20v: row %d read by arrow-go's pages (%.40q) and not alike by the own pages (%.40q, %v)", only, n, a.Text, o.Text, ok)
		}
	}
	for n, o := range ownRows {
		if f, ok := firstRows[n]; !ok || !cmp.Equal(f, o) {
			t.Fatalf("Only %.20v: row %d read again by the own pages (%.40q) and not alike by a first read (%.40q, %v)", only, n, o.Text, f.Text, ok)
		}
	}
	return own, groups
}

// TestParquetOwnWanted reads rows again (Options.Only, the excerpt
// pass) from files of every codec pageText reads, with nulls and without,
// in pages of 1 MiB and of 16 KiB (rows wanted across pages): the first
// and last rows, a row named twice, every seventh, a random few, all of
// them. pageText reads them (columnar.OwnWanted counts each row group
// with a row wanted), and they are what arrow-go's column reader reads,
// which is what a whole read reads.
func TestParquetOwnWanted(t *testing.T) {
	rows := bigPageRows(3000)
	texts := make([]string, 2000)
	for i := range texts {
		texts[i] = strings.Repeat(fmt.Sprintf("row %d é ", i), i%70)
	}
	dir := t.TempDir()
	plain := parquet.WithDictionaryDefault(false)
	rng := rand.New(rand.NewPCG(7, 8))
	for _, codec := range ownCodecs {
		for _, page := range []int64{1 << 20, 16 << 10} {
			props := []parquet.WriterProperty{parquet.WithCompression(codec), plain, parquet.WithDataPageSize(page)}
			name := fmt.Sprintf("%s_%d", codec, page)
			nullable := filepath.Join(dir, name+"_nullable.parquet")
			writeBigPageParquet(t, nullable, rows, 1200, props...)
			required := filepath.Join(dir, name+"_required.parquet")
			writeRequiredText(t, required, texts, 700, props...)
			t.Run(name, func(t *testing.T) {
				for _, path := range []string{nullable, required} {
					inputs, err := Expand([]string{path})
					if err != nil {
						t.Fatal(err)
					}
					whole, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2})
					if err != nil {
						t.Fatal(err)
					}
					n := int64(len(whole.Rows))
					byPos := map[int64]gotRow{}
					for _, r := range whole.Rows {
						byPos[r.N] = r
					}
					var every7, few []int64
					for i := int64(0); i < n; i += 7 {
						every7 = append(every7, i)
					}
					for range 12 {
						few = append(few, rng.Int64N(n))
					}
					slices.Sort(few)
					all := make([]int64, n)
					for i := range all {
						all[i] = int64(i)
					}
					for _, only := range [][]int64{{0}, {n - 1}, {3, 3, 700, 701}, every7, few, all} {
						got, groups := readWantedBoth(t, inputs, only, whole)
						if groups == 0 {
							t.Fatalf("%s, Only %.20v: the own pages read no row group", path, only)
						}
						want := slices.Compact(slices.Clone(only))
						if len(got.Rows) != len(want) {
							t.Fatalf("%s, Only %.20v: read %d rows, want %d", path, only, len(got.Rows), len(want))
						}
						slices.SortFunc(got.Rows, func(a, b gotRow) int { return int(a.N - b.N) })
						for i, r := range got.Rows {
							if w := byPos[want[i]]; r.N != w.N || r.Text != w.Text || r.Null != w.Null {
								t.Fatalf("%s, Only %.20v: row %d = %.40q (null %v), want row %d %.40q (null %v)", path, only, r.N, r.Text, r.Null, w.N, w.Text, w.Null)
							}
						}
					}
				}
			})
		}
	}
}

// TestParquetOwnWantedDamaged reads rows again from files whose text
// column is damaged mid-chunk: pageText stops at the damage, and
// readWanted reads the row group again with arrow-go, so that what is
// read and reported is arrow-go's alone, but for readWantedBoth's one
// intended difference (rows before the damage of a snappy page).
func TestParquetOwnWantedDamaged(t *testing.T) {
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
			first, _ := readMode(t, inputs, Options{Text: []string{"text"}, Workers: 2}, true, true)
			for _, only := range [][]int64{{1, 2}, {1, 999}, {5, 998, 1500}, {1200, 1999}} {
				readWantedBoth(t, inputs, only, first)
			}
		})
	}
}

// TestParquetWantedKeptZstd: a read of a few rows again (Options.Only)
// of a zstd Parquet file, as the excerpts' at the end of a scan, takes
// the zstd decoder the first read of the file used rather than making
// one, and reads the rows wanted.
func TestParquetWantedKeptZstd(t *testing.T) {
	texts := make([]string, 2000)
	for i := range texts {
		texts[i] = strings.Repeat(fmt.Sprintf("row %d ", i), 1+i%40)
	}
	path := filepath.Join(t.TempDir(), "z.parquet")
	writeRequiredText(t, path, texts, 500, parquet.WithCompression(compress.Codecs.Zstd), parquet.WithDictionaryDefault(false))
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Text: []string{"text"}, Workers: 1}
	if _, err := collect(t, inputs, opts); err != nil {
		t.Fatal(err)
	}
	made, own := columnar.ZstdMade(), columnar.OwnWanted()
	opts.Only = map[int][]int64{0: {3, 1700}}
	got, err := collect(t, inputs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if columnar.OwnWanted() == own {
		t.Fatalf("the rows wanted were not read by pageText")
	}
	if d := columnar.ZstdMade() - made; d != 0 {
		t.Errorf("the read of the rows wanted made %d zstd decoders, want 0 (the first read's)", d)
	}
	if len(got.Rows) != 2 || got.Rows[0].Text != texts[3] || got.Rows[1].Text != texts[1700] {
		t.Errorf("read %d rows %.60v, want rows 3 and 1700", len(got.Rows), got.Rows)
	}
}
