package shard

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/profile"
)

// TestRowGroups checks that Parquet files larger than the shard size are
// cut into ranges of row groups that read every row once, at its
// position in the file, and that the shards' states, merged, make the
// profile dataaudit profile makes.
func TestRowGroups(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "parquet")
	var paths []string
	for _, n := range []string{"duckdb.parquet", "arrow_large_dict.parquet", "parquetgo.parquet", "truncated.parquet"} {
		paths = append(paths, filepath.Join(dir, n))
	}
	in := expand(t, paths)
	wantPos, _ := positions(t, in, nil)
	o := opts()
	want := OneProcess(t, paths, o)
	for _, size := range []int64{1, 1500, 1 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			plan := plan(t, in, size)
			groups := map[int][]int64{} // file -> row groups read, in order
			for _, s := range plan {
				if s.RowGroups {
					for g := s.Start; g < s.End; g++ {
						groups[s.File] = append(groups[s.File], g)
					}
				}
			}
			if size == 1 {
				for f, n := range map[int]int64{0: 4, 1: 3, 2: 2} {
					if !slices.Equal(groups[f], []int64{0, 1, 2, 3}[:n]) {
						t.Errorf("row groups read of %s = %v, want 0 to %d once each", paths[f], groups[f], n-1)
					}
				}
			}
			if size == 1<<20 && len(groups) > 0 {
				t.Errorf("%d-byte shards cut files smaller than that: %v", size, groups)
			}
			if got, _ := positions(t, in, plan); !slices.Equal(got, wantPos) {
				t.Fatalf("positions(%d-byte shards) = %d records, want %d; first difference %q", size, len(got), len(wantPos), firstDiff(got, wantPos))
			}
			var parts []Part
			for _, s := range plan {
				p, err := ReadProfile(context.Background(), in, s, o)
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, p, Part{Index: s.Index, File: s.File, Planned: true})
			}
			for i := range in {
				h, err := HashPart(context.Background(), in, i)
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, h)
			}
			p, err := MergeProfile(in, parts, o)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := profile.Write(&got, p); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("profile of %d-byte shards differs from dataaudit profile's:\n%s", size, lineDiff(got.String(), string(want)))
			}
		})
	}
}
