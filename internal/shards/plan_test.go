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
