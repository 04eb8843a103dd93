package finding

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// TestExamplesMergeLaw: however the items are spread over lists and in
// whatever order they arrive, the merged list holds the first max by
// position.
func TestExamplesMergeLaw(t *testing.T) {
	var items []Item
	for f := range 3 {
		for n := range 100 {
			items = append(items, Item{Pos: ingest.Pos{File: f, N: int64(n), Line: true}, Kind: "k", Reason: fmt.Sprint(f, n)})
		}
	}
	for _, max := range []int{0, 1, 5, 40, 1000} {
		want := items[:min(max, len(items))]
		for _, parts := range []int{1, 2, 7} {
			t.Run(fmt.Sprintf("max=%d/parts=%d", max, parts), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(max), uint64(parts)))
				lists := make([]Examples, parts)
				for i := range lists {
					lists[i] = NewExamples(max)
				}
				for _, i := range rng.Perm(len(items)) {
					lists[rng.IntN(parts)].Add(items[i])
				}
				for i := 1; i < parts; i++ {
					lists[0].Merge(&lists[i])
				}
				got := lists[0].List()
				if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("List() mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestMaxExamples(t *testing.T) {
	for _, tt := range []struct{ n, want int }{{-1, 0}, {0, DefaultMaxExamples}, {7, 7}} {
		if got := MaxExamples(tt.n); got != tt.want {
			t.Errorf("MaxExamples(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

// TestExamplesTakes: an item Takes refused when it was added is never
// listed, however items are spread and ordered; in input order, Takes
// refuses all but about max of them.
func TestExamplesTakes(t *testing.T) {
	var items []Item
	for f := range 3 {
		for n := range 100 {
			items = append(items, Item{Pos: ingest.Pos{File: f, N: int64(n), Line: true}, Kind: "k", Reason: fmt.Sprint(f, n)})
		}
	}
	for _, max := range []int{0, 1, 5, 40, 1000} {
		for _, parts := range []int{1, 2, 7} {
			for _, order := range []string{"input", "random"} {
				t.Run(fmt.Sprintf("max=%d/parts=%d/%s", max, parts, order), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(max), uint64(parts)))
					perm := rng.Perm(len(items))
					if order == "input" {
						for i := range perm {
							perm[i] = i
						}
					}
					lists := make([]Examples, parts)
					for i := range lists {
						lists[i] = NewExamples(max)
					}
					refused := map[ingest.Pos]bool{}
					taken := 0
					for _, i := range perm {
						l := &lists[rng.IntN(parts)]
						l.Add(items[i])
						if l.Takes(items[i].Pos) {
							taken++
						} else {
							refused[items[i].Pos] = true
						}
					}
					for i := 1; i < parts; i++ {
						lists[0].Merge(&lists[i])
					}
					for _, it := range lists[0].List() {
						if refused[it.Pos] {
							t.Errorf("Takes(%v) = false when added, but List() lists it", it.Pos)
						}
					}
					if order == "input" && taken > parts*max {
						t.Errorf("Takes was true for %d items in input order, want at most %d", taken, parts*max)
					}
				})
			}
		}
	}
}
