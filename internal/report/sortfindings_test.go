package report

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// sortFindingsRef is SortFindings as it was until session 28: the
// reference its counting sort must match.
func sortFindingsRef(fs []finding.Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Kind < fs[j].Kind })
}

// auditFindings returns findings in the order a default audit of the
// benchmark Parquet hands them to SortFindings (6,948 of 6 kinds): the
// duplicates' and outliers' in runs of one kind, the evasions' three
// kinds mixed row by row. Evidence numbers them, to tell a stable order.
func auditFindings(r *rand.Rand) []finding.Finding {
	var fs []finding.Finding
	add := func(kind string) {
		fs = append(fs, finding.Finding{Kind: kind, Evidence: fmt.Sprint(len(fs)), Rows: []finding.Row{{ID: fmt.Sprint(len(fs))}}})
	}
	for _, k := range []string{"exact_duplicate", "near_duplicate", "outlier"} {
		for range 1000 {
			add(k)
		}
	}
	left := map[string]int{"cleaning_evasion": 1948, "encoded_attachment": 1000, "replacement_char": 1000}
	for len(left) > 0 {
		ks := slices.Sorted(func(yield func(string) bool) {
			for k := range left {
				if !yield(k) {
					return
				}
			}
		})
		k := ks[r.IntN(len(ks))]
		add(k)
		if left[k]--; left[k] == 0 {
			delete(left, k)
		}
	}
	return fs
}

func TestSortFindings(t *testing.T) {
	r := rand.New(rand.NewPCG(28, 1))
	kinds := []string{"outlier", "near_duplicate", "exact_duplicate", "cleaning_evasion", "a", "", "label_conflict"}
	cases := map[string][]finding.Finding{"empty": nil, "one": {{Kind: "outlier"}}, "audit": auditFindings(r)}
	for n := range 40 {
		var fs []finding.Finding
		for i := range n * 7 {
			fs = append(fs, finding.Finding{Kind: kinds[r.IntN(1+n%len(kinds))], Evidence: fmt.Sprint(i)})
		}
		cases[fmt.Sprintf("random%d", n)] = fs
	}
	sorted := auditFindings(r)
	sortFindingsRef(sorted)
	cases["sorted"] = sorted
	for name, fs := range cases {
		t.Run(name, func(t *testing.T) {
			want := slices.Clone(fs)
			sortFindingsRef(want)
			got := slices.Clone(fs)
			SortFindings(got)
			if len(got) != len(want) {
				t.Fatalf("SortFindings: %d findings, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i].Kind != want[i].Kind || got[i].Evidence != want[i].Evidence {
					t.Fatalf("SortFindings: finding %d is %s %s, want %s %s", i, got[i].Kind, got[i].Evidence, want[i].Kind, want[i].Evidence)
				}
			}
		})
	}
}

// BenchmarkSortFindings sorts the findings of the benchmark Parquet's
// default audit (auditFindings), as SortFindings does and as
// sort.SliceStable did (ref).
//
// Measured (session 28, count 10, -benchtime 200x, a host at load 12-14,
// the copy into fs included): ref 4.03 ms ± 17%, counting 178 us ± 60%.
// The evasions' kinds here come mixed at random, so ref does more work
// than on the audit's own order: there, perf put sort.SliceStable at
// 0.65 ms a run (5 runs, 8 kHz).
func BenchmarkSortFindings(b *testing.B) {
	in := auditFindings(rand.New(rand.NewPCG(28, 1)))
	fs := make([]finding.Finding, len(in))
	for _, bc := range []struct {
		name string
		sort func([]finding.Finding)
	}{{"ref", sortFindingsRef}, {"counting", SortFindings}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				copy(fs, in)
				bc.sort(fs)
			}
		})
	}
}

// TestGroupByKindKeepsFirst: the groups hold the first n findings of
// each kind, in order, whatever the order of the kinds.
func TestGroupByKindKeepsFirst(t *testing.T) {
	fs := auditFindings(rand.New(rand.NewPCG(28, 2)))
	for _, n := range []int{0, 1, 10, 25, 5000} {
		got := groupByKind(fs, n)
		want := map[string][]finding.Finding{}
		for _, f := range fs {
			if len(want[f.Kind]) < n {
				want[f.Kind] = append(want[f.Kind], f)
			}
		}
		for k, w := range want {
			g := got[k]
			if len(g) != len(w) {
				t.Fatalf("groupByKind(n=%d)[%s]: %d findings, want %d", n, k, len(g), len(w))
			}
			for i := range w {
				if g[i].Evidence != w[i].Evidence {
					t.Fatalf("groupByKind(n=%d)[%s][%d] = %s, want %s", n, k, i, g[i].Evidence, w[i].Evidence)
				}
			}
		}
		for k, g := range got {
			if len(g) > 0 && len(want[k]) == 0 {
				t.Errorf("groupByKind(n=%d) has %s, want none", n, k)
			}
		}
	}
}

// BenchmarkWriteTextFindings writes the text report of a document with
// the benchmark Parquet's 6,948 findings, sorted by kind, to a buffer.
//
// Measured (session 28, count 10, -benchtime 100x, load 12-14): with
// groupByKind copying every finding, 3.52 ms ± 105% and 2,476 KiB a
// report; with the first ExamplesPerKind of each kind only, 0.28 ms ±
// 100% and 56 KiB (-92%, p=0.000).
func BenchmarkWriteTextFindings(b *testing.B) {
	d := hostileDoc()
	d.Findings = auditFindings(rand.New(rand.NewPCG(28, 1)))
	SortFindings(d.Findings)
	d.Summary.FindingsByKind = map[string]int64{}
	for _, f := range d.Findings {
		d.Summary.FindingsByKind[f.Kind]++
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteText(&buf, d, TextOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCountsByRun: FindingsByKind and TextShown, which take a run of one
// kind at a time, give what a finding at a time gives, in any order.
func TestCountsByRun(t *testing.T) {
	r := rand.New(rand.NewPCG(28, 3))
	for name, fs := range map[string][]finding.Finding{"audit": auditFindings(r), "empty": nil} {
		for _, sorted := range []bool{false, true} {
			if sorted {
				fs = slices.Clone(fs)
				SortFindings(fs)
			}
			unlisted := map[string]int64{"outlier": 3, "label_conflict": 2}
			want := map[string]int64{"outlier": 3, "label_conflict": 2}
			for _, f := range fs {
				want[f.Kind]++
			}
			if got := FindingsByKind(fs, unlisted); !maps.Equal(got, want) {
				t.Errorf("%s (sorted %v): FindingsByKind = %v, want %v", name, sorted, got, want)
			}
			for _, per := range []int{0, 1, 10, 3000} {
				n := TextExamples(per)
				seen := map[string]int{}
				var wantShown []int
				for i := range fs {
					if seen[fs[i].Kind] < n {
						seen[fs[i].Kind]++
						wantShown = append(wantShown, i)
					}
				}
				if got := TextShown(fs, per); !slices.Equal(got, wantShown) {
					t.Errorf("%s (sorted %v): TextShown(%d) = %d indexes, want %d", name, sorted, per, len(got), len(wantShown))
				}
			}
		}
	}
}
