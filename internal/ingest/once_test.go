//go:build unix

package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestExpandEachFileOnce names one file in several ways and wants it read
// once, under the first name it was found by.
func TestExpandEachFileOnce(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, filepath.Join(dir, "d", "a.jsonl"), []byte(`{"text":"a"}`+"\n"))
	b := writeFile(t, filepath.Join(dir, "d", "b.jsonl"), []byte(`{"text":"b"}`+"\n"))
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(a, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.jsonl")
	if err := os.Link(b, hard); err != nil {
		t.Fatal(err)
	}
	// A link inside the directory to a file of the directory.
	if err := os.Symlink("a.jsonl", filepath.Join(dir, "d", "c-link.jsonl")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"a file named twice", []string{a, a}, []string{a}},
		{"a file and a link to it", []string{a, link}, []string{a}},
		{"a link, then the file", []string{link, a}, []string{link}},
		{"a hard link", []string{hard, b}, []string{hard}},
		{"a file, then its directory", []string{a, filepath.Join(dir, "d")}, []string{a, b}},
		{"the directory, then a file in it", []string{filepath.Join(dir, "d"), b, link}, []string{a, b}},
		{"a path with dot segments", []string{a, filepath.Join(dir, "d", ".", "a.jsonl")}, []string{a}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Expand(tt.args)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, in := range inputs {
				got = append(got, in.Path)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Expand(%q) = %q, want %q", tt.args, got, tt.want)
			}
			res, err := collect(t, inputs, Options{Text: []string{"text"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != len(tt.want) {
				t.Errorf("Run over Expand(%q): %d rows, want %d", tt.args, len(res.Rows), len(tt.want))
			}
		})
	}
}

// TestUnreadableInputs: a link loop, a dangling link found in a directory
// and (when not root) a file without read permission are unreadable_input
// records; the other inputs are read. A missing path named explicitly is
// an error before anything is read.
func TestUnreadableInputs(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "d", "good.jsonl"), []byte(`{"text":"good"}`+"\n"))
	loop := filepath.Join(dir, "d", "loop.jsonl")
	if err := os.Symlink("loop.jsonl", loop); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "d", "dangling.jsonl")
	if err := os.Symlink("nowhere.jsonl", dangling); err != nil {
		t.Fatal(err)
	}
	args := []string{filepath.Join(dir, "d"), loop}
	want := []string{dangling, good, loop} // the loop named twice is one input
	if os.Geteuid() != 0 {                 // root reads anything
		locked := writeFile(t, filepath.Join(dir, "locked.jsonl"), []byte(`{"text":"x"}`+"\n"))
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		args, want = append(args, locked), append(want, locked)
	}
	inputs, err := Expand(args)
	if err != nil {
		t.Fatalf("Expand(%q): %v, want the unreadable files as inputs", args, err)
	}
	var got []string
	for _, in := range inputs {
		got = append(got, in.Path)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Expand(%q) = %q, want %q", args, got, want)
	}
	res, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: 2})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Rows) != 1 || res.Rows[0].File != 1 {
		t.Errorf("rows %+v, want the one row of %s", res.Rows, good)
	}
	unreadable := map[int]bool{}
	for _, b := range res.Bad {
		if b.Kind == BadUnreadableInput && b.N == 0 {
			unreadable[b.File] = true
		}
	}
	for i, p := range want {
		if p != good && !unreadable[i] {
			t.Errorf("%s: no unreadable_input record; bad records: %+v", p, res.Bad)
		}
	}

	if _, err := Expand([]string{good, filepath.Join(dir, "typo.jsonl")}); err == nil {
		t.Errorf("Expand(a missing file named explicitly): no error, want one")
	}
}

// TestGzipPaddingAndMembers reads gzip files as gzip -d does: several
// members one after another, and zero bytes after the last (padding to a
// block). Anything else after the end is an unreadable_input record.
func TestGzipPaddingAndMembers(t *testing.T) {
	part1 := []byte(`{"text":"one"}` + "\n" + `{"text":"two"}` + "\n")
	part2 := []byte(`{"text":"three"}` + "\n")
	z1, z2 := gzipBytes(t, part1), gzipBytes(t, part2)
	cat := func(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
	tests := []struct {
		name       string
		data       []byte
		rows       int
		unreadable bool
	}{
		{"one member", z1, 2, false},
		{"two members", cat(z1, z2), 3, false},
		{"zero padding", cat(z1, make([]byte, 512)), 2, false},
		{"two members and padding", cat(z1, z2, make([]byte, 10000)), 3, false},
		{"one zero byte", cat(z1, []byte{0}), 2, false},
		{"garbage after the padding", cat(z1, make([]byte, 10), []byte("junk")), 2, true},
		{"garbage after the member", cat(z1, []byte("junk")), 2, true},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".jsonl.gz"), tt.data)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			res, err := collect(t, inputs, Options{Text: []string{"text"}})
			if err != nil {
				t.Fatal(err)
			}
			gotUnreadable := false
			for _, b := range res.Bad {
				gotUnreadable = gotUnreadable || b.Kind == BadUnreadableInput
			}
			if len(res.Rows) != tt.rows || gotUnreadable != tt.unreadable {
				t.Errorf("Run(%s): %d rows, unreadable %v (bad %+v); want %d rows, unreadable %v", tt.name, len(res.Rows), gotUnreadable, res.Bad, tt.rows, tt.unreadable)
			}
		})
	}
}

// TestInputChanged changes a file from fn, while it is being read: the
// change is an input_changed record. A file left alone has none.
func TestInputChanged(t *testing.T) {
	data := rowsJSONL(20000) // ~460 KB in 1 KiB chunks: the reader is far from done at the first batch
	pq, err := os.ReadFile("../../testdata/parquet/duckdb.parquet")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		file    string
		data    []byte
		change  func(path string) error
		changed bool
	}{
		{"untouched", "a.jsonl", data, nil, false},
		{"truncated", "a.jsonl", data, func(p string) error { return os.Truncate(p, int64(len(data)/2)) }, true},
		{"appended to", "a.jsonl", data, func(p string) error {
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.WriteString(`{"text":"late"}` + "\n")
			return err
		}, true},
		{"rewritten in place, same size", "a.jsonl", data, func(p string) error {
			f, err := os.OpenFile(p, os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			// A different modification time: set it in the past.
			if _, err := f.WriteAt([]byte(`{"text":"ROW 1"}`), 0); err != nil {
				return err
			}
			past := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
			return os.Chtimes(p, past, past)
		}, true},
		{"parquet untouched", "a.parquet", pq, nil, false},
		{"parquet appended to", "a.parquet", pq, func(p string) error {
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.Write([]byte("tail"))
			return err
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), tt.file), tt.data)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			var once sync.Once
			var mu sync.Mutex
			var bad []BadRecord
			err = Run(t.Context(), inputs, Options{Text: []string{"text"}, Workers: 1, ChunkBytes: 1024, BatchRows: 64}, func(_ int, b *Batch) error {
				defer b.Record.Release()
				var err error
				if tt.change != nil {
					once.Do(func() { err = tt.change(path) })
				}
				mu.Lock()
				bad = append(bad, b.Bad...)
				mu.Unlock()
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []BadRecord
			for _, b := range bad {
				if b.Kind == BadInputChanged {
					got = append(got, b)
				}
			}
			if (len(got) > 0) != tt.changed || len(got) > 1 {
				t.Errorf("%s: input_changed records %+v, want %v", tt.name, got, map[bool]string{true: "one", false: "none"}[tt.changed])
			}
		})
	}
}
