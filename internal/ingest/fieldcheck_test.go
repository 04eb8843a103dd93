package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// manyLines is a JSONL file of n records of about 100 bytes, in dir.
func manyLines(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"text":"row %d %s","label":"l%d"}`+"\n", i, strings.Repeat("word ", 15), i%3)
	}
	return writeFile(t, filepath.Join(dir, "many.jsonl"), []byte(b.String()))
}

// setCheckHooks sets testBeforeChecks to wait (at most a minute) until a
// decoder has emitted a batch, then to call then; it returns how many
// times the checks started. The hooks are unset when the test ends.
func setCheckHooks(t *testing.T, then func()) *atomic.Int64 {
	t.Helper()
	emitted := make(chan struct{})
	var once sync.Once
	var started atomic.Int64
	testEmitted = func() { once.Do(func() { close(emitted) }) }
	testBeforeChecks = func() {
		started.Add(1)
		select {
		case <-emitted:
		case <-time.After(time.Minute):
			t.Error("no batch was decoded while the field check waited")
		}
		then()
	}
	t.Cleanup(func() { testEmitted, testBeforeChecks = nil, nil })
	return &started
}

// TestFieldCheckWhileReading: the check of a JSONL file's first records
// runs while its first chunks are read and decoded (fieldChecks), and fn
// gets no batch before it passes; the read is the same.
func TestFieldCheckWhileReading(t *testing.T) {
	path := manyLines(t, t.TempDir(), 3000)
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Text: []string{"text"}, Label: "label", ChunkBytes: 4096}
	var called atomic.Int64
	started := setCheckHooks(t, func() {
		if n := called.Load(); n != 0 {
			t.Errorf("fn got %d batches before the field check ran, want 0", n)
		}
	})
	var rows atomic.Int64
	err = Run(t.Context(), inputs, opts, func(_ int, b *Batch) error {
		called.Add(1)
		rows.Add(b.Record.NumRows())
		b.Record.Release()
		return nil
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := rows.Load(); got != 3000 {
		t.Errorf("Run read %d rows, want 3000", got)
	}
	if n := started.Load(); n != 1 {
		t.Errorf("the field checks ran %d times, want 1", n)
	}
}

// TestFieldCheckFailsAfterDecoding: a field no record has is Run's
// error even when the check fails after batches were decoded, and fn
// gets none of them.
func TestFieldCheckFailsAfterDecoding(t *testing.T) {
	path := manyLines(t, t.TempDir(), 3000)
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	setCheckHooks(t, func() {})
	var called atomic.Int64
	err = Run(t.Context(), inputs, Options{Text: []string{"txet"}, ChunkBytes: 4096}, func(_ int, b *Batch) error {
		called.Add(1)
		b.Record.Release()
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), `no field "txet"`) || !strings.Contains(err.Error(), "the records have: label, text") {
		t.Errorf("Run error = %v, want the field check's", err)
	}
	if n := called.Load(); n != 0 {
		t.Errorf("fn got %d batches, want 0", n)
	}
}

// TestFieldCheckOrder: with several inputs failing their checks, Run
// returns the error of the first, as when each was checked in turn,
// whether the later one fails while opened (Parquet) or while read.
func TestFieldCheckOrder(t *testing.T) {
	dir := t.TempDir()
	other := writeFile(t, filepath.Join(dir, "other.jsonl"), []byte(`{"body":"x"}`+"\n"))
	pq := "../../testdata/parquet/duckdb.parquet"
	for _, tt := range []struct {
		name  string
		paths []string
		text  string
		want  string
	}{
		{"jsonl, jsonl", []string{messyPath, other}, "txet", "messy.jsonl"},
		{"jsonl, parquet", []string{messyPath, pq}, "txet", "messy.jsonl"},
		{"parquet, jsonl", []string{pq, messyPath}, "txet", "duckdb.parquet"},
		{"good jsonl, jsonl", []string{manyLines(t, dir, 10), other}, "text", "other.jsonl"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Expand(tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			err = Run(t.Context(), inputs, Options{Text: []string{tt.text}}, func(_ int, b *Batch) error {
				b.Record.Release()
				return nil
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run error = %v, want the one of %s", err, tt.want)
			}
		})
	}
}

// TestOnlySkipsFieldCheck: a read of rows an earlier read found good
// (Options.Only) does not check the fields again.
func TestOnlySkipsFieldCheck(t *testing.T) {
	path := manyLines(t, t.TempDir(), 3000)
	inputs, err := Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	var started atomic.Int64
	testBeforeChecks = func() { started.Add(1) }
	t.Cleanup(func() { testBeforeChecks = nil })
	// Lines 6 and 3000 hold rows 5 and 2999.
	for _, only := range []map[int][]int64{nil, {0: {6, 3000}}} {
		started.Store(0)
		var texts sync.Map
		opts := Options{Text: []string{"text"}, Only: only}
		err := Run(t.Context(), inputs, opts, func(_ int, b *Batch) error {
			defer b.Record.Release()
			return ForEachText(b.Column(ColText), func(i int, s []byte, valid bool) {
				texts.Store(b.Pos(i).N, string(s))
			})
		})
		if err != nil {
			t.Fatalf("Run(Only %v): %v", only, err)
		}
		want := int64(1)
		if only != nil {
			want = 0
		}
		if n := started.Load(); n != want {
			t.Errorf("Run(Only %v) checked the fields %d times, want %d", only, n, want)
		}
		for _, n := range []int64{6, 3000} {
			if v, ok := texts.Load(n); !ok || !strings.HasPrefix(v.(string), fmt.Sprintf("row %d ", n-1)) {
				t.Errorf("Run(Only %v): row %d read as %v", only, n, v)
			}
		}
	}
}
