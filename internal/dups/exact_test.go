package dups

import (
	stdcmp "cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/rowstore"
)

func TestNormalized(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Hello  World", "hello world"},
		{"  hello\tworld\n", "hello world"},
		{"ＨＥＬＬＯ world", "hello world"}, // fullwidth, NFKC
		{"ﬁne", "fine"},                // ligature, NFKC
		{"STRASSE", "straße"},          // case folding: ß folds to ss
		{"ΣΊΣΥΦΟΣ", "σίσυφος"},         // final sigma folds like sigma
		{"a\u00a0b", "a b"},            // no-break space is white space
		{"ab\xffcd", "AB\xffCD"},       // invalid bytes kept, compared as they are
		{"A\x00B  C", "a\x00b c"},      // NUL kept, the rest lowercased
	}
	var d Normalizer
	for _, tt := range tests {
		a := string(d.Normalize([]byte(tt.a)))
		b := string(d.Normalize([]byte(tt.b)))
		if a != b {
			t.Errorf("Normalize(%q) = %q, Normalize(%q) = %q: want them equal", tt.a, a, tt.b, b)
		}
	}
	for _, different := range [][2]string{{"hello world", "hello, world"}, {"hello world", "helloworld"}, {"e\u0301", "f"}} {
		if string(d.Normalize([]byte(different[0]))) == string(d.Normalize([]byte(different[1]))) {
			t.Errorf("Normalize(%q) == Normalize(%q): want them different", different[0], different[1])
		}
	}
}

// dupBatch is a batch of texts with ids from file, lines from first.
func dupBatch(t *testing.T, file int, texts []string, first int64) *ingest.Batch {
	t.Helper()
	tb := array.NewStringBuilder(memory.DefaultAllocator)
	ib := array.NewStringBuilder(memory.DefaultAllocator)
	b := &ingest.Batch{File: file}
	for i, s := range texts {
		tb.Append(s)
		ib.Append(fmt.Sprintf("id-%d-%d", file, first+int64(i)))
		b.Lines = append(b.Lines, first+int64(i))
	}
	text, ids := tb.NewArray(), ib.NewArray()
	defer text.Release()
	defer ids.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: ingest.ColText, Type: arrow.BinaryTypes.String}, {Name: ingest.ColID, Type: arrow.BinaryTypes.String}}, nil)
	b.Record = array.NewRecordBatch(schema, []arrow.Array{text, ids}, int64(len(texts)))
	return b
}

func TestExactDups(t *testing.T) {
	files := [][]string{
		{"alpha", "Beta", "gamma", "ALPHA ", "delta"},
		{"beta", "alpha", "epsilon", "alpha"},
	}
	run := func(n, size int, normalize string) (ExactResult, string) {
		accs := make([]*Exact, n)
		for i := range accs {
			accs[i], _ = NewExact(normalize)
		}
		k := 0
		for f, texts := range files {
			for i := 0; i < len(texts); i += size {
				b := dupBatch(t, f, texts[i:min(i+size, len(texts))], int64(i+1))
				if err := accs[k%n].Add(b); err != nil {
					t.Fatal(err)
				}
				b.Record.Release()
				k++
			}
		}
		for _, a := range accs[1:] {
			accs[0].Merge(a)
		}
		r, fs, unlisted := accs[0].Result([]string{"a.jsonl", "b.jsonl"}, 10)
		out := fmt.Sprint(unlisted)
		for _, f := range fs {
			out += "\n" + f.Evidence
		}
		return r, out
	}
	r, got := run(1, 10, NormalizeDefault)
	want := ExactResult{Normalization: NormalizeDefault, Clusters: 2, RowsInClusters: 6, Redundant: 4, Rate: 4.0 / 9, Largest: 4}
	want.Rate = finding.Round(want.Rate, 8)
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("Result mismatch (-want +got):\n%s", diff)
	}
	wantText := `0
4 rows with the same text (nfkc-casefold-space); keep id-0-1, the first; copies: id-0-4, id-1-2, id-1-4
2 rows with the same text (nfkc-casefold-space); keep id-0-2, the first; copies: id-1-1`
	if diff := cmp.Diff(wantText, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, split := range [][2]int{{2, 1}, {3, 2}, {8, 3}} {
		r2, got2 := run(split[0], split[1], NormalizeDefault)
		if !cmp.Equal(r2, r) || got2 != got {
			t.Errorf("%d accumulators, batches of %d: %+v\n%s\nwant the same as one: %+v\n%s", split[0], split[1], r2, got2, r, got)
		}
	}
	if r, _ := run(1, 10, NormalizeNone); r.Clusters != 1 || r.RowsInClusters != 3 {
		t.Errorf("NormalizeNone: %+v, want one cluster of the 3 identical alphas", r)
	}
	if _, err := NewExact("nfc"); err == nil {
		t.Error("NewExact(nfc) = nil error, want an error naming the choices")
	}
}

// TestLabelConflicts: copies of a text with different labels are a
// conflict, found by both exact and near duplicates, whichever worker saw
// which copy.
func TestLabelConflicts(t *testing.T) {
	long := "the quarterly report shows strong growth in every region this year"
	rows := []row{
		{Text: long, Label: "ham"}, {Text: "unrelated short text", Label: "ham"}, {Text: long, Label: "spam"},
		{Text: "another line of text here for padding only", Label: "ham"}, {Text: long, Label: "ham"},
		{Text: "same label twice for this one text", Label: "x"}, {Text: "same label twice for this one text", Label: "x"},
	}
	for _, n := range []int{1, 3} {
		d := make([]*Exact, n)
		nd := make([]*Near, n)
		for i := range d {
			d[i], _ = NewExact(NormalizeDefault)
			nd[i] = NewNear()
		}
		for i, r := range rows {
			b := batch(t, []row{r}, int64(i+1))
			if err := d[i%n].Add(b); err != nil {
				t.Fatal(err)
			}
			if err := nd[i%n].Add(b); err != nil {
				t.Fatal(err)
			}
			b.Record.Release()
		}
		for i := 1; i < n; i++ {
			d[0].Merge(d[i])
			nd[0].Merge(nd[i])
		}
		r, _, _ := d[0].Result([]string{"f"}, 10)
		if r.LabelConflicts != 1 || len(r.Conflicts) != 1 {
			t.Fatalf("%d accumulators: exact conflicts = %d, want 1 (the long text as ham, spam, ham)", n, r.LabelConflicts)
		}
		want := `3 exact duplicates carry 2 labels ("ham" x2, "spam" x1): f:1 "ham"; f:3 "spam"; f:5 "ham"`
		if got := r.Conflicts[0].Evidence; got != want {
			t.Errorf("%d accumulators: evidence %q, want %q", n, got, want)
		}
		nr, _, _ := nd[0].Result([]string{"f"}, 10)
		if nr.LabelConflicts != 1 {
			t.Errorf("%d accumulators: near conflicts = %d, want 1", n, nr.LabelConflicts)
		}
	}
}

// TestClusterRows: clusterRows gives the runs a sort of whole rows by
// hash then position gives (the one it replaced), in any order of the
// blocks, when first hash words collide with different second words too:
// first words small (all in one bucket) and spread over 64 bits, as a
// hash's are (in buckets of every size).
func TestClusterRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for _, n := range []int{0, 1, 2, 50, 3000, 40000} {
		for _, spread := range []uint64{1, 0x9E3779B97F4A7C15} {
			t.Run(fmt.Sprint(n, "x", spread), func(t *testing.T) {
				var b rowstore.Blocks[dupRow]
				var places rowstore.Places
				var all []dupRow
				for i := range n {
					// Few first words, and second words that differ within
					// some of them: runs of equal first words hold several
					// clusters and single rows.
					at := places.Pack(rowstore.Spot{N: int64(rng.IntN(n + 1)), Elem: int64(i % 2), File: int32(rng.IntN(2))})
					r := dupRow{h1: uint64(rng.IntN(n/3+1)) * spread, h2: uint64(rng.IntN(3)), at: at}
					b.Add(r)
					all = append(all, r)
				}
				var c, in, big int64
				got := clusterRows(&b, &places, &c, &in, &big)
				slices.SortFunc(all, func(a, b dupRow) int {
					if x := stdcmp.Compare(a.h1, b.h1); x != 0 {
						return x
					}
					if x := stdcmp.Compare(a.h2, b.h2); x != 0 {
						return x
					}
					return rowCompare(&places, a, b)
				})
				var want [][]dupRow
				var wc, win, wbig int64
				for i := 0; i < len(all); {
					j := i + 1
					for j < len(all) && all[j].h1 == all[i].h1 && all[j].h2 == all[i].h2 {
						j++
					}
					if j-i > 1 {
						want = append(want, all[i:j])
						wc, win, wbig = wc+1, win+int64(j-i), max(wbig, int64(j-i))
					}
					i = j
				}
				if diff := cmp.Diff(want, got, cmp.AllowUnexported(dupRow{}, rowstore.IDRef{}, rowstore.Place{})); diff != "" {
					t.Errorf("clusterRows: (-sorted rows +got)\n%s", diff)
				}
				if c != wc || in != win || big != wbig {
					t.Errorf("clusterRows counts = %d, %d, %d, want %d, %d, %d", c, in, big, wc, win, wbig)
				}
				if n >= 3000 && wc < 10 {
					t.Errorf("%d clusters: the case tests nothing", wc)
				}
			})
		}
	}
}

// BenchmarkExactResult measures the exact finish (Result) on 137,265
// rows, the 200 MB mail corpus's count, 3% of them copies of another.
func BenchmarkExactResult(b *testing.B) {
	const n = 137265
	rng := rand.New(rand.NewPCG(3, 4))
	var rows []dupRow
	var places rowstore.Places
	for i := range n {
		r := dupRow{h1: rng.Uint64(), h2: rng.Uint64(), at: places.Pack(rowstore.Spot{N: int64(i + 1), Label: -1}), id: rowstore.NoID}
		if i > 0 && rng.IntN(33) == 0 {
			c := rows[rng.IntN(len(rows))]
			r.h1, r.h2 = c.h1, c.h2
		}
		rows = append(rows, r)
	}
	d, err := NewExact(NormalizeDefault)
	if err != nil {
		b.Fatal(err)
	}
	d.places = places
	for _, r := range rows {
		d.rows.Add(r)
	}
	b.ReportAllocs()
	defer fixtures.ThreadCPU(b)()
	for b.Loop() { // Result leaves the rows as they are
		if r, _, _ := d.Result([]string{"f"}, 10); r.Clusters == 0 {
			b.Fatal("no clusters")
		}
	}
}

// TestDupRowSize: an exact-duplicate row keeps 32 bytes, its id's
// reference one word of them and its place (position, element, label)
// another.
func TestDupRowSize(t *testing.T) {
	if got := unsafe.Sizeof(dupRow{}); got != 32 {
		t.Errorf("unsafe.Sizeof(dupRow{}) = %d, want 32", got)
	}
}

// TestManyLabelsMerged: rows of 300 labels (more than a Place holds in
// its word: rowstore.Place), split among accumulators that meet the
// labels in different orders, so that the merge renumbers them across
// the word's limit both ways, give the one accumulator's results.
func TestManyLabelsMerged(t *testing.T) {
	var rows []row
	for i := range 900 {
		k := i % 300
		text := fmt.Sprintf("text %d of the many labels test, words enough to be compared %d", k, k*k)
		rows = append(rows, row{Text: text, Label: fmt.Sprint("L", (i+i/300*101)%300)})
	}
	type results struct {
		exact, near           []finding.Finding
		exactConf, nearConf   []finding.Finding
		exactCount, nearCount int64
	}
	run := func(n int) results {
		d := make([]*Exact, n)
		nd := make([]*Near, n)
		for i := range d {
			d[i], _ = NewExact(NormalizeDefault)
			nd[i] = NewNear()
		}
		// Batches of 50 rows dealt in turn: each accumulator meets the
		// labels in its own order.
		for i := 0; i < len(rows); i += 50 {
			k := i / 50 % n
			b := batch(t, rows[i:i+50], int64(i+1))
			if err := d[k].Add(b); err != nil {
				t.Fatal(err)
			}
			if err := nd[k].Add(b); err != nil {
				t.Fatal(err)
			}
			b.Record.Release()
		}
		for i := n - 1; i > 0; i-- {
			if err := d[i-1].Merge(d[i]); err != nil {
				t.Fatal(err)
			}
			if err := nd[i-1].Merge(nd[i]); err != nil {
				t.Fatal(err)
			}
		}
		er, efs, _ := d[0].Result([]string{"f"}, 1000)
		nr, nfs, _ := nd[0].Result([]string{"f"}, 1000)
		return results{efs, nfs, er.Conflicts, nr.Conflicts, er.LabelConflicts, nr.LabelConflicts}
	}
	want := run(1)
	if want.exactCount < 100 || want.nearCount < 20 {
		t.Fatalf("%d exact and %d near conflicts: the case tests nothing", want.exactCount, want.nearCount)
	}
	for _, n := range []int{2, 3, 7} {
		if diff := cmp.Diff(want, run(n), cmp.AllowUnexported(results{})); diff != "" {
			t.Errorf("%d accumulators: (-one +merged)\n%s", n, diff)
		}
	}
}
