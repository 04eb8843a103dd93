package profile

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readGz reads a gzipped file of testdata/merge.
func readGz(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "merge", name+".gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMergeOldProfiles: profiles written before the merge went through
// stats.Summary.Merge (dataaudit at main ca915f5, from rows of
// testdata/sample.jsonl) merge into the very bytes that version's merge
// wrote: top lists cut to 40 and 60 tokens, lists of every token, one of
// each, and a model tokenizer's ids with their texts. The goldens are the
// old merge's output and are not regenerated.
func TestMergeOldProfiles(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   []string
	}{
		{"top", []string{"a.top40", "b.top60"}},
		{"all", []string{"c.all", "d.all"}},
		{"mixed", []string{"a.top40", "d.all"}},
		{"cl100k", []string{"a.cl100k", "b.cl100k"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ps []*Profile
			for _, in := range tt.in {
				p, err := Read(bytes.NewReader(readGz(t, in+".profile.json")))
				if err != nil {
					t.Fatalf("Read(%s) = %v", in, err)
				}
				ps = append(ps, p)
			}
			m, err := Merge(ps)
			if err != nil {
				t.Fatalf("Merge(%v) = %v", tt.in, err)
			}
			var got bytes.Buffer
			if err := Write(&got, m); err != nil {
				t.Fatal(err)
			}
			want := readGz(t, "merged."+tt.name+".golden.json")
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("Merge(%v) differs from the old merge's bytes:\n%s", tt.in, firstDiff(string(want), got.String()))
			}
		})
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d: want %s\n got %s", i+1, w[i], g[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// TestMergeSameFile: a file profiled under two spellings of its path is
// refused, as the same path is (its rows would count twice); the same
// content under unrelated names merges, and SameContent names it.
func TestMergeSameFile(t *testing.T) {
	const sumA, sumB = "aa", "bb"
	tests := []struct {
		name    string
		a, b    File
		wantErr string // "" : merges
		same    int    // SameContent lines of the merged manifest
	}{
		{"same path", File{Path: "in.jsonl", Bytes: 9, SHA256: sumA}, File{Path: "in.jsonl", Bytes: 9, SHA256: sumA}, "also in an earlier profile", 0},
		{"relative and absolute", File{Path: "in.jsonl", Bytes: 9, SHA256: sumA}, File{Path: "/data/x/in.jsonl", Bytes: 9, SHA256: sumA}, "under another spelling", 0},
		{"dot and subdirectory", File{Path: "/srv/a/in.jsonl", Bytes: 9, SHA256: sumA}, File{Path: "./a/../a/in.jsonl", Bytes: 9, SHA256: sumA}, "under another spelling", 0},
		{"another name", File{Path: "in.jsonl", Bytes: 9, SHA256: sumA}, File{Path: "/data/copy.jsonl", Bytes: 9, SHA256: sumA}, "", 1},
		{"same name, other directory is a suffix only by name", File{Path: "/a/in.jsonl", Bytes: 9, SHA256: sumA}, File{Path: "/b/in.jsonl", Bytes: 9, SHA256: sumA}, "", 1},
		{"same name, other content", File{Path: "in.jsonl", Bytes: 9, SHA256: sumA}, File{Path: "/data/in.jsonl", Bytes: 9, SHA256: sumB}, "", 0},
		{"same name, other size", File{Path: "in.jsonl", Bytes: 9, SHA256: sumA}, File{Path: "/data/in.jsonl", Bytes: 8, SHA256: sumA}, "", 0},
		{"bin.jsonl is not in.jsonl", File{Path: "in.jsonl", Bytes: 9, SHA256: sumA}, File{Path: "/data/bin.jsonl", Bytes: 9, SHA256: sumA}, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, q := shard(map[string]uint64{"a": 1}, 0), shard(map[string]uint64{"b": 1}, 0)
			p.Manifest, q.Manifest = []File{tt.a}, []File{tt.b}
			m, err := Merge([]*Profile{p, q})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Merge(%q, %q) = %v, want an error with %q", tt.a.Path, tt.b.Path, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Merge(%q, %q) = %v, want nil", tt.a.Path, tt.b.Path, err)
			}
			if got := SameContent(m.Manifest); len(got) != tt.same {
				t.Errorf("SameContent(%q, %q) = %q, want %d lines", tt.a.Path, tt.b.Path, got, tt.same)
			}
		})
	}
}
