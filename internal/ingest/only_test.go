package ingest

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestRunOnly reads some rows again with Options.Only: every row named
// comes back with the text of a whole read; JSONL lines not named are not
// decoded (neither rows nor bad records), and Parquet row groups without a
// row named, and the rows after the last one named, are not read.
func TestRunOnly(t *testing.T) {
	pq := filepath.Join(t.TempDir(), "only.parquet")
	writeBigPageParquet(t, pq, bigPageRows(400), 100)
	tests := []struct {
		name string
		path string
		only []int64
		// rows read past the last row named, at most (a Parquet batch's)
		slack int64
		// rows that must not be read: lines not named, row groups without
		// a row named
		never func(n int64) bool
	}{
		{"jsonl", messyPath, []int64{2, 3, 17, 40}, 0, nil},
		{"jsonl first and last", messyPath, []int64{1, int64(len(messyLines))}, 0, nil},
		{"jsonl none", messyPath, []int64{}, 0, nil},
		{"parquet", pq, []int64{5, 7, 40, 250, 260}, 10, func(n int64) bool { return n >= 100 && n < 200 || n >= 300 }},
		{"parquet last row group", pq, []int64{399}, 10, func(n int64) bool { return n < 300 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Expand([]string{tt.path})
			if err != nil {
				t.Fatal(err)
			}
			whole, err := collect(t, inputs, Options{Text: []string{"text"}, Label: "label", Workers: 2, BatchRows: 10})
			if err != nil {
				t.Fatal(err)
			}
			texts := map[int64]gotRow{}
			for _, r := range whole.Rows {
				texts[r.N] = r
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer assertNoLeaks(t, mem)
			got, err := collect(t, inputs, Options{Text: []string{"text"}, Label: "label", Workers: 2, BatchRows: 10, Mem: mem, Only: map[int][]int64{0: tt.only}})
			if err != nil {
				t.Fatal(err)
			}
			read := map[int64]gotRow{}
			for _, r := range got.Rows {
				read[r.N] = r
			}
			for _, n := range tt.only {
				want, ok := texts[n]
				if !ok {
					if _, ok := read[n]; ok {
						t.Errorf("Run(Only %v): position %d read, a whole read has no row there", tt.only, n)
					}
					continue
				}
				if g, ok := read[n]; !ok || g.Text != want.Text || g.Null != want.Null {
					t.Errorf("Run(Only %v): position %d = %q (read %v), want %q", tt.only, n, g.Text, ok, want.Text)
				}
			}
			last := int64(-1)
			if len(tt.only) > 0 {
				last = tt.only[len(tt.only)-1]
			}
			for n := range read {
				named := slices.Contains(tt.only, n)
				switch {
				case tt.never == nil && !named:
					t.Errorf("Run(Only %v): line %d decoded, want only the lines named", tt.only, n)
				case tt.never != nil && tt.never(n):
					t.Errorf("Run(Only %v): row %d read, its row group has no row named", tt.only, n)
				case n > last+tt.slack:
					t.Errorf("Run(Only %v): row %d read, past the last named (%d) and its batch", tt.only, n, last)
				}
			}
			for _, b := range got.Bad {
				if tt.never == nil && !slices.Contains(tt.only, b.N) {
					t.Errorf("Run(Only %v): bad record at line %d, not named", tt.only, b.N)
				}
			}
		})
	}
}

// TestRunOnlyID reads some Parquet rows again with Options.Only and an
// --id column that readWanted reads beside the text (an Int64 with nulls,
// a String with nulls): each row named comes back with the id and text of
// a whole read, and no row that is not named is read (the general path,
// which --id took before, reads whole batches).
func TestRunOnlyID(t *testing.T) {
	pq := filepath.Join(t.TempDir(), "onlyid.parquet")
	writeBigPageParquet(t, pq, bigPageRows(400), 100)
	inputs, err := Expand([]string{pq})
	if err != nil {
		t.Fatal(err)
	}
	only := []int64{3, 5, 7, 16, 40, 133, 250, 260, 399}
	for _, id := range []string{"label", "text"} {
		t.Run(id, func(t *testing.T) {
			opts := Options{Text: []string{"text"}, ID: id, Workers: 2, BatchRows: 10}
			whole, err := collect(t, inputs, opts)
			if err != nil {
				t.Fatal(err)
			}
			want := map[int64]gotRow{}
			for _, r := range whole.Rows {
				want[r.N] = r
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer assertNoLeaks(t, mem)
			opts.Mem, opts.Only = mem, map[int][]int64{0: only}
			got, err := collect(t, inputs, opts)
			if err != nil {
				t.Fatal(err)
			}
			read := map[int64]gotRow{}
			for _, r := range got.Rows {
				if !slices.Contains(only, r.N) {
					t.Errorf("Run(Only %v, ID %q): row %d read, want only the rows named", only, id, r.N)
				}
				read[r.N] = r
			}
			for _, n := range only {
				w, g := want[n], read[n]
				if g.Text != w.Text || g.Null != w.Null || (g.ID == nil) != (w.ID == nil) || g.ID != nil && *g.ID != *w.ID {
					t.Errorf("Run(Only %v, ID %q): row %d = id %v text %.20q, want id %v text %.20q", only, id, n, str(g.ID), g.Text, str(w.ID), w.Text)
				}
			}
		})
	}
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}
