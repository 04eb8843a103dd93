package ingest

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzParquet reads fuzzed Parquet files, seeded with the small files of
// the corruption tests (several codecs, dictionary and plain, v1 and v2
// pages, nulls, nested text) and damaged copies of them. The property: no
// panic, the run ends, and the file is either unreadable as a whole or
// its rows read plus its rows reported bad make its footer's count; rows
// read again with Options.Only read as they did.
//
//	go test ./internal/ingest -run '^$' -fuzz FuzzParquet -fuzztime 5m
func FuzzParquet(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 4))
	dir := f.TempDir()
	for _, tf := range trustFiles {
		good := writeTrustFile(f, tf)
		f.Add(good, strings.Contains(tf.text, "."))
		path := filepath.Join(dir, tf.name+".parquet")
		if err := os.WriteFile(path, good, 0o644); err != nil {
			f.Fatal(err)
		}
		headers := pageHeaders(f, path)
		for range 3 {
			bad, _ := corruptVariant(rng, good, headers)
			f.Add(bad, strings.Contains(tf.text, "."))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, nested bool) {
		path := filepath.Join(t.TempDir(), "f.parquet")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs, err := Expand([]string{path})
		if err != nil {
			t.Fatal(err)
		}
		text := "text"
		if nested {
			text = "meta.content"
		}
		got, err := runTally(t, inputs, Options{Text: []string{text}, Workers: 2, MaxPageBytes: 16 << 20})
		if err != nil {
			return // a usage error: the column is not there, or not text
		}
		checkReconciled(t, "fuzzed file", path, got[0])

		// Some rows read again as excerpts read them (Options.Only): the
		// run ends, and a row read both ways reads alike.
		opts := Options{Text: []string{text}, Workers: 2, MaxPageBytes: 16 << 20}
		whole, err := collect(t, inputs, opts)
		if err != nil {
			t.Fatalf("Run(%s) = %v, after a first run without error", path, err)
		}
		rows := map[int64]gotRow{}
		var only []int64
		for k, r := range whole.Rows {
			rows[r.N] = r
			if k%3 == 0 {
				only = append(only, r.N)
			}
		}
		slices.Sort(only)
		opts.Only = map[int][]int64{0: only}
		again, err := collect(t, inputs, opts)
		if err != nil {
			t.Fatalf("Run(%s, Only %v) = %v", path, only, err)
		}
		for _, r := range again.Rows {
			if w, ok := rows[r.N]; ok && (w.Text != r.Text || w.Null != r.Null) {
				t.Errorf("Run(%s, Only): row %d = %q (null %v), want %q (null %v)", path, r.N, r.Text, r.Null, w.Text, w.Null)
			}
		}
	})
}
