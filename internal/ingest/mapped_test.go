package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
)

// TestParquetMapped reads files of every codec pageText reads through a
// mapping of them (columnar.MapPages), in windows of the default size and
// of one page (a page header or value across two windows), and through
// pread(2): the same rows and records either way, and the mapped reads
// read mapped.
func TestParquetMapped(t *testing.T) {
	rows := bigPageRows(3000)
	dir := t.TempDir()
	plain := parquet.WithDictionaryDefault(false)
	defer func(m bool, w int64) { columnar.MapPages, columnar.MapWindow = m, w }(columnar.MapPages, columnar.MapWindow)
	for _, codec := range ownCodecs {
		for _, page := range []int64{1 << 20, 16 << 10} {
			path := filepath.Join(dir, fmt.Sprintf("%s_%d.parquet", codec, page))
			writeBigPageParquet(t, path, rows, 1200, parquet.WithCompression(codec), plain, parquet.WithDataPageSize(page))
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Text: []string{"text"}, Workers: 2, BatchRows: 333}
			columnar.MapPages = false
			read, readWhy := readMode(t, inputs, opts, true, true)
			for _, win := range []int64{int64(os.Getpagesize()), 4 << 20} {
				columnar.MapPages, columnar.MapWindow = true, win
				maps, own := columnar.MappedWindows(), columnar.OwnGroups()
				mapped, mappedWhy := readMode(t, inputs, opts, true, true)
				if columnar.MappedWindows() == maps || columnar.OwnGroups()-own != 6 { // readMode reads twice
					t.Fatalf("%s, window %d: %d windows mapped, %d row groups read by pageText; want some and 6", path, win, columnar.MappedWindows()-maps, columnar.OwnGroups()-own)
				}
				if diff := cmp.Diff(read, mapped, cmp.AllowUnexported(result{})); diff != "" {
					t.Fatalf("%s, window %d: mapped read differs (-pread +mapped):\n%s", path, win, diff)
				}
				if diff := cmp.Diff(readWhy, mappedWhy); diff != "" {
					t.Fatalf("%s, window %d: mapped records differ (-pread +mapped):\n%s", path, win, diff)
				}
			}
			columnar.MapPages = false
			if len(read.Rows) != len(rows) {
				t.Fatalf("%s: %d rows, want %d", path, len(read.Rows), len(rows))
			}
		}
	}
}

// TestParquetMappedTruncated cuts a Parquet file short while its text
// column is read through a mapping: the rows past the cut are an
// unreadable record that names the file and the byte that could not be
// read, no row is lost from the count, the change is an input_changed
// record, and nothing crashes (SIGBUS).
func TestParquetMappedTruncated(t *testing.T) {
	texts := make([]string, 6000)
	for i := range texts {
		texts[i] = strings.Repeat(fmt.Sprintf("row %d of a file cut short ", i), 20+i%40)
	}
	defer func(m bool) { columnar.MapPages = m }(columnar.MapPages)
	columnar.MapPages = true
	for _, codec := range []compress.Compression{compress.Codecs.Uncompressed, compress.Codecs.Zstd} {
		t.Run(codec.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cut.parquet")
			writeRequiredText(t, path, texts, 3000, parquet.WithCompression(codec), parquet.WithDictionaryDefault(false), parquet.WithDataPageSize(4<<20))
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			var (
				once sync.Once
				mu   sync.Mutex
				rows int64
				bad  []BadRecord
			)
			maps := columnar.MappedWindows()
			err = Run(t.Context(), inputs, Options{Text: []string{"text"}, Workers: 1, BatchRows: 16}, func(_ int, b *Batch) error {
				defer b.Record.Release()
				var err error
				// At a page boundary: a cut inside a page leaves zeros to its
				// end, not a fault (input_changed tells of that).
				once.Do(func() { err = os.Truncate(path, st.Size()/4&^int64(os.Getpagesize()-1)) })
				mu.Lock()
				defer mu.Unlock()
				rows += b.Record.NumRows()
				bad = append(bad, b.Bad...)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if columnar.MappedWindows() == maps {
				t.Fatalf("no window mapped; bad %+v", bad)
			}
			var lost int64
			changed, faulted := 0, 0
			for _, b := range bad {
				switch {
				case b.Kind == BadInputChanged:
					changed++
				case b.Kind == BadMissingRows:
					lost += b.Rows
				case b.Kind == BadUnreadable:
					lost += b.Rows
					if strings.Contains(b.Reason, path+": byte ") && strings.Contains(b.Reason, "could not be read") {
						faulted++
					}
				}
			}
			if rows+lost != int64(len(texts)) || changed != 1 || faulted != 1 {
				t.Errorf("%d rows read and %d unreadable of %d; %d input_changed, %d mapped faults (want 1 each); bad %+v", rows, lost, len(texts), changed, faulted, bad)
			}
		})
	}
}
