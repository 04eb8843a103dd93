package repeats

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/spans"
)

// corpus writes rows of random words with pieces of 30 to 70 words spliced
// into some, so that many repeated spans are just over or under 50 tokens.
func corpus(t *testing.T, rows int, seed uint64) (string, []string) {
	r := rand.New(rand.NewPCG(seed, 7))
	word := func() string { return fmt.Sprintf("w%d", r.IntN(5000)) }
	var pieces []string
	for range 30 {
		n := 30 + r.IntN(41)
		var p []string
		for range n {
			p = append(p, word())
		}
		pieces = append(pieces, strings.Join(p, " "))
	}
	var texts []string
	var b strings.Builder
	for i := range rows {
		var w []string
		for range 20 + r.IntN(150) {
			w = append(w, word())
		}
		text := strings.Join(w, " ")
		if r.IntN(3) == 0 {
			k := r.IntN(len(w))
			text = strings.Join(w[:k], " ") + "\n" + pieces[r.IntN(len(pieces))] + "\n" + strings.Join(w[k:], " ")
		}
		texts = append(texts, text)
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("r", i), "text": text})
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "c.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, texts
}

// bruteForce returns the indexes of the rows holding an L-gram that
// another row holds, by keeping every L-gram.
func bruteForce(texts []string, L int) []string {
	tz := spans.Tokenizer{Words: true}
	first := map[uint64]int{}
	grams := make([][]uint64, len(texts))
	for i, t := range texts {
		tz.Tokens([]byte(t))
		grams[i] = spans.HashGrams(nil, tz.Hashes, L)
		for _, h := range grams[i] {
			if r, ok := first[h]; !ok {
				first[h] = i
			} else if r != i {
				first[h] = -1
			}
		}
	}
	var out []string
	for i, g := range grams {
		if slices.ContainsFunc(g, func(h uint64) bool { return first[h] == -1 }) {
			out = append(out, fmt.Sprint("r", i))
		}
	}
	slices.Sort(out)
	return out
}

func run(t *testing.T, path string, L, workers int) *analysis.Result {
	t.Helper()
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	opts := analysis.Options{Ingest: ingest.Options{Text: []string{"text"}, ID: "id", Workers: workers, ChunkBytes: 4 << 10}}
	out, err := analysis.RunSpecs(context.Background(), inputs, opts, []*analysis.Spec{Spec}, &analysis.Config{ID: "id", Files: 1, SpanTokens: L})
	if err != nil {
		t.Fatal(err)
	}
	r, err := out[0].Finish(&analysis.Env{Files: []string{path}, MaxExamples: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAgainstBruteForce: the rows named by repeated_span findings are
// exactly those a search of every L-gram finds.
func TestAgainstBruteForce(t *testing.T) {
	for _, tc := range []struct {
		L, workers int
		seed       uint64
	}{{50, 1, 1}, {50, 3, 2}, {20, 2, 3}, {13, 1, 4}, {8, 4, 5}} {
		t.Run(fmt.Sprintf("L=%d/workers=%d", tc.L, tc.workers), func(t *testing.T) {
			path, texts := corpus(t, 400, tc.seed)
			want := bruteForce(texts, tc.L)
			r := run(t, path, tc.L, tc.workers)
			var got []string
			for _, f := range r.Findings {
				for _, row := range f.Rows {
					got = append(got, row.ID)
				}
				if !strings.Contains(f.Evidence, " tokens in ") || f.Score < float64(tc.L) {
					t.Errorf("finding %q, score %v: want its length, at least %d", f.Evidence, f.Score, tc.L)
				}
			}
			slices.Sort(got)
			got = slices.Compact(got)
			if len(want) < 20 {
				t.Fatalf("brute force found %d rows: the corpus tells nothing", len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("rows with a repeated %d-token span = %d rows, want %d (brute force)", tc.L, len(got), len(want))
			}
			if res := r.Section.(*Result); res.RowsWithSpan != int64(len(want)) {
				t.Errorf("RowsWithSpan = %d, want %d", res.RowsWithSpan, len(want))
			}
		})
	}
}

// TestSpanLength: one spliced span of 120 tokens is one finding of 120
// tokens, quoted from its start.
func TestSpanLength(t *testing.T) {
	var piece []string
	for i := range 120 {
		piece = append(piece, fmt.Sprint("p", i))
	}
	var b strings.Builder
	for i := range 3 {
		text := fmt.Sprintf("row%d alone x%d y%d. %s. tail%d", i, i, i, strings.Join(piece, " "), i)
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("r", i), "text": text})
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "c.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, path, 50, 1)
	if len(r.Findings) != 1 {
		t.Fatalf("findings = %d, want 1: %+v", len(r.Findings), r.Findings)
	}
	f := r.Findings[0]
	if want := `"p0 p1 p2`; !strings.HasPrefix(f.Evidence, want) || !strings.Contains(f.Evidence, "120 tokens in 3 rows") {
		t.Errorf("evidence = %q, want it to start with %s and say 120 tokens in 3 rows", f.Evidence, want)
	}
}

// withLimits runs f with the first pass' filter at 2^bits slots and the
// second pass' budget at n starts.
func withLimits(t *testing.T, bits uint, n int) {
	t.Helper()
	oldBits, oldBudget := filterBits, budget
	filterBits, budget = bits, n
	t.Cleanup(func() { filterBits, budget = oldBits, oldBudget })
}

// TestFilterCollisions: with a filter so small that most fingerprints
// share a slot, the findings are still exactly brute force's: a false
// shared fingerprint costs work, never a finding.
func TestFilterCollisions(t *testing.T) {
	for _, bits := range []uint{4, 9, 12, 20} {
		t.Run(fmt.Sprintf("bits=%d", bits), func(t *testing.T) {
			withLimits(t, bits, 1<<30)
			path, texts := corpus(t, 300, 11)
			want := bruteForce(texts, 20)
			r := run(t, path, 20, 3)
			got := rowIDs(r)
			if !slices.Equal(got, want) {
				t.Errorf("rows with a repeated span, filter of 2^%d slots = %d rows, want %d (brute force)", bits, len(got), len(want))
			}
			if res := r.Section.(*Result); res.Approximate != "" {
				t.Errorf("Approximate = %q under the budget, want none", res.Approximate)
			}
		})
	}
}

func rowIDs(r *analysis.Result) []string {
	var got []string
	for _, f := range r.Findings {
		for _, row := range f.Rows {
			got = append(got, row.ID)
		}
	}
	slices.Sort(got)
	return slices.Compact(got)
}

// TestSampled: over the budget, the second pass samples fingerprints:
// every row it names holds a repeated span (brute force), whatever the
// number of workers the findings are the same, the result says it is
// approximate, and the rows found are at least the bound's share of the
// spans of L tokens or more (a loose check: the bound is per span).
func TestSampled(t *testing.T) {
	path, texts := corpus(t, 600, 12)
	want := bruteForce(texts, 20)
	for _, n := range []int{4000, 1500, 300} {
		t.Run(fmt.Sprintf("budget=%d", n), func(t *testing.T) {
			withLimits(t, 26, n)
			r1 := run(t, path, 20, 1)
			res := r1.Section.(*Result)
			if res.Approximate == "" || res.Sampled <= 0 || res.Sampled >= 1 {
				t.Fatalf("Sampled = %v, Approximate = %q with a budget of %d: want a sample and its bound", res.Sampled, res.Approximate, n)
			}
			got := rowIDs(r1)
			for _, id := range got {
				if _, ok := slices.BinarySearch(want, id); !ok {
					t.Errorf("row %s named, but brute force finds no repeated span in it", id)
				}
			}
			if len(got) == 0 || float64(len(got)) < 0.5*res.Sampled*float64(len(want)) {
				t.Errorf("sampled at %v: %d rows of %d found", res.Sampled, len(got), len(want))
			}
			for _, f := range r1.Findings {
				if f.Score < 20 || f.Needle == "" {
					t.Errorf("finding %q, score %v: want a quote and a length of at least 20", f.Evidence, f.Score)
				}
			}
			for _, w := range []int{2, 4} {
				rw := run(t, path, 20, w)
				a, _ := json.Marshal(r1)
				b, _ := json.Marshal(rw)
				if string(a) != string(b) {
					t.Errorf("budget %d: %d workers give another result than 1:\n%.400s\n%.400s", n, w, b, a)
				}
			}
		})
	}
}
