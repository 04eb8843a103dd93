package shards

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// files writes a JSONL file of lines of many lengths (one without a
// final newline, blank lines among them), an empty one and a gzipped one,
// and returns them expanded, with the JSONL file's bytes.
func files(t *testing.T) ([]ingest.Input, []byte) {
	t.Helper()
	dir := t.TempDir()
	var b bytes.Buffer
	for i := range 200 {
		if i%17 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "{\"text\":%q}\n", strings.Repeat("w ", i*7%90))
	}
	b.WriteString(`{"text":"last"}`)
	data := b.Bytes()
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data)
	w.Close()
	for name, d := range map[string][]byte{"a.jsonl": data, "b.jsonl": nil, "c.jsonl.gz": gz.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), d, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, err := ingest.Expand([]string{filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl"), filepath.Join(dir, "c.jsonl.gz")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ingest.Close(inputs) })
	return inputs, data
}

// TestPlan: the spans of the N shards read every line of the JSONL file
// once, in order, each numbered as the file numbers it, and every other
// input whole, once.
func TestPlan(t *testing.T) {
	inputs, data := files(t)
	for _, n := range []int{1, 2, 3, 7, 40, 1000} {
		t.Run(fmt.Sprintf("N=%d", n), func(t *testing.T) {
			var read []byte
			whole := map[int]int{}
			for k := range n {
				pieces, err := Plan(inputs, Shard{k, n})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range pieces {
					sp, err := Span(context.Background(), inputs[p.File], p)
					if err != nil {
						t.Fatal(err)
					}
					switch {
					case sp == nil:
					case sp.End < 0:
						whole[sp.File]++
					default:
						if sp.File != 0 || sp.Start != int64(len(read)) {
							t.Fatalf("shard %d/%d: span %+v, want file 0 from byte %d", k, n, sp, len(read))
						}
						if want := 1 + int64(bytes.Count(data[:sp.Start], []byte("\n"))); sp.FirstLine != want {
							t.Errorf("shard %d/%d: span %+v: FirstLine = %d, want %d", k, n, sp, sp.FirstLine, want)
						}
						read = append(read, data[sp.Start:sp.End]...)
					}
				}
			}
			if !bytes.Equal(read, data) {
				t.Errorf("the spans read %d bytes of %d, or not in order", len(read), len(data))
			}
			if whole[1] != 1 || whole[2] != 1 || len(whole) != 2 {
				t.Errorf("whole inputs read %v times, want b.jsonl and c.jsonl.gz once each", whole)
			}
		})
	}
}

// TestParse: --shard K/N.
func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Shard
		ok   bool
	}{{"0/4", Shard{0, 4}, true}, {"3/4", Shard{3, 4}, true}, {"4/4", Shard{}, false}, {"-1/4", Shard{}, false}, {"1", Shard{}, false}, {"0/0", Shard{}, false}} {
		got, err := Parse(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("Parse(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestParseErrors: a refused --shard says what is wrong with it.
func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"4/4", "0 <= K < N"},
		{"x/4", "0 <= K < N"},
		{"0/1048577", "1048577 shards, want at most 1048576"},
		{"5/2000000", "2000000 shards, want at most 1048576"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			if _, err := Parse(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an error with %q", tt.in, err, tt.want)
			}
		})
	}
}

// TestPlanRowGroups: the N shards read every row group of a Parquet file
// once, in order, the first with the shard that owns the file's first
// byte; a file that cannot be cut (no row group, not Parquet, cut short)
// is read whole, once.
func TestPlanRowGroups(t *testing.T) {
	dir := "../../testdata/parquet/"
	names := []string{"duckdb.parquet", "arrow_large_dict.parquet", "not_parquet.parquet", "empty_rows.parquet", "truncated.parquet", "parquetgo.parquet"}
	groups := []int64{4, 3, -1, -1, -1, 2} // -1: whole
	var args []string
	for _, n := range names {
		args = append(args, dir+n)
	}
	inputs, err := ingest.Expand(args)
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	for _, n := range []int{1, 2, 3, 5, 9, 40} {
		t.Run(fmt.Sprintf("N=%d", n), func(t *testing.T) {
			next := make([]int64, len(inputs)) // the next row group, per file
			whole := make([]int, len(inputs))
			cut := 0
			for k := range n {
				pieces, err := Plan(inputs, Shard{k, n})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range pieces {
					sp, err := Span(context.Background(), inputs[p.File], p)
					if err != nil {
						t.Fatal(err)
					}
					switch {
					case !sp.RowGroups:
						whole[p.File]++
					case sp.Start != next[p.File] || sp.End <= sp.Start:
						t.Fatalf("shard %d/%d: %s row groups [%d, %d), want from %d", k, n, names[p.File], sp.Start, sp.End, next[p.File])
					default:
						if sp.Start == 0 && !owns(inputs, p.File, Shard{k, n}) {
							t.Errorf("shard %d/%d reads row group 0 of %s, not the owner of its first byte", k, n, names[p.File])
						}
						next[p.File] = sp.End
						cut++
					}
				}
			}
			for i, g := range groups {
				if g < 0 && (whole[i] != 1 || next[i] != 0) || g >= 0 && (next[i] != g || whole[i] != 0) {
					t.Errorf("%s: read whole %d times and %d row groups, want %d row groups (-1: whole once)", names[i], whole[i], next[i], g)
				}
			}
			if n > 2 && cut <= 3 {
				t.Errorf("%d ranges of row groups for %d shards: the files were not cut", cut, n)
			}
		})
	}
}

// owns reports whether shard s owns the first byte of input i.
func owns(inputs []ingest.Input, i int, s Shard) bool {
	var total, at int64
	for j, in := range inputs {
		if j < i {
			at += in.Size
		}
		total += in.Size
	}
	return bound(total, s.K, s.N) <= at && at < bound(total, s.K+1, s.N)
}

// TestPlanObjects: the same files served by an S3 store (an in-process
// fake) are cut into the same pieces and spans, read with ranged
// requests.
func TestPlanObjects(t *testing.T) {
	local, _ := files(t)
	pq := "../../testdata/parquet/duckdb.parquet"
	served := map[string]string{"d/4.parquet": pq}
	for i, in := range local {
		served[fmt.Sprintf("d/%d%s", i, filepath.Base(in.Path))] = in.Path
	}
	srv := blobtest.Serve(t, served)
	lpaths := []string{local[0].Path, local[1].Path, local[2].Path, pq}
	linputs, err := ingest.Expand(lpaths)
	if err != nil {
		t.Fatal(err)
	}
	remote, err := ingest.Expand([]string{srv.URL("d/")})
	if err != nil {
		t.Fatal(err)
	}
	if len(remote) != len(linputs) {
		t.Fatalf("Expand(%s) = %d inputs, want %d", srv.URL("d/"), len(remote), len(linputs))
	}
	for _, n := range []int{1, 2, 3, 7, 40} {
		for k := range n {
			s := Shard{k, n}
			want, err := Plan(linputs, s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Plan(remote, s)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("Plan(objects, %s) = %v, want %v (files)", s, got, want)
			}
			for _, p := range got {
				ws, err := Span(context.Background(), linputs[p.File], p)
				if err != nil {
					t.Fatal(err)
				}
				gs, err := Span(context.Background(), remote[p.File], p)
				if err != nil {
					t.Fatalf("Span(%s, %+v): %v", remote[p.File].Path, p, err)
				}
				if fmt.Sprint(gs) != fmt.Sprint(ws) {
					t.Errorf("Span(%s, %+v) = %+v, want %+v (file)", remote[p.File].Path, p, gs, ws)
				}
			}
		}
	}
}
