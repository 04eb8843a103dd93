package outliers

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// candidateRows are prose rows with outliers of every feature in both
// directions, many of them the same text at several lines (ties of value
// and z, ordered by position), and non-ASCII starts.
func candidateRows(rng *rand.Rand) []fixtures.Row {
	prose := []string{
		"The meeting moved to Friday at ten, in the usual room on the second floor.",
		"Please bring the notes from last week and the draft of the report.",
		"We will go over the budget first and then the schedule for the spring.",
		"Lunch is provided, so let me know if you have any dietary needs.",
	}
	odd := []string{
		strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVm", 4),
		"1234567890 0987654321 1122334455 6677889900 5544332211",
		"!!!! ???? #### $$$$ %%%% &&&& **** ((((",
		strings.Repeat("SHOUTING IN CAPITALS ", 12),
		strings.Repeat("é日🚀 ", 70),
		"a",
		strings.Repeat("word ", 3000),
		strings.Repeat("x", 5000),
	}
	var rows []fixtures.Row
	for i := range 3000 {
		t := prose[i%len(prose)] + strings.Repeat(" More words here.", i%5)
		if rng.IntN(40) == 0 {
			t = odd[rng.IntN(len(odd))]
			if rng.IntN(2) == 0 {
				t += fmt.Sprint(" ", i) // not always the same value
			}
		}
		rows = append(rows, fixtures.Row{Text: t})
	}
	return rows
}

// TestCandidates: with a Kept that reads the excerpts of the first few
// findings of each kind (ingest.NewKeptFew), Finish hands it the starts
// of the rows of the first few outliers, whatever batches the rows come
// in and however those are spread among workers and merged, and the
// excerpts made of them are those of the whole texts; with an id column
// their ids too (null ones as ""); without one it keeps none.
func TestCandidates(t *testing.T) {
	for seed := range uint64(6) {
		rng := rand.New(rand.NewPCG(seed, 3))
		rows := candidateRows(rng)
		named := seed%2 == 1
		if named {
			for i := range rows {
				if i%7 != 3 { // some nulls
					rows[i].ID = fmt.Sprint("id-", i)
				}
			}
		}
		few := []int{1, 3, 10, 20}[seed%4]
		kept := ingest.NewKeptFew(finding.ExcerptChars, nil, 1<<20, few)
		workers := []*Scorer{NewScorer(), NewScorer(), NewScorer()}
		// Batches of random sizes, in a random order, to random workers.
		for _, s := range fixtures.ShuffledSpans(rng, len(rows), 400) {
			b := fixtures.Batch(t, rows[s.Lo:s.Hi], int64(s.Lo)+1)
			b.Kept = kept
			if err := workers[rng.IntN(len(workers))].Add(b); err != nil {
				t.Fatal(err)
			}
			b.Record.Release()
		}
		o := workers[0]
		for _, w := range workers[1:] {
			if err := o.Merge(w); err != nil {
				t.Fatal(err)
			}
		}
		res, err := o.Finish(&analysis.Env{Files: []string{"f.jsonl"}, MaxExamples: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) < few+10 {
			t.Fatalf("seed %d: %d outliers: too few to test with", seed, len(res.Findings))
		}
		for i, f := range res.Findings[:few] {
			p := ingest.Pos{File: 0, N: f.Rows[0].Line, Line: true}
			b, lo, ok := kept.Text(p, 0)
			if !ok {
				t.Errorf("seed %d, few %d: outlier %d (line %d, %s, z %.2f) not kept", seed, few, i, p.N, f.Subkind, f.Score)
				continue
			}
			at := finding.Finding{At: -lo}
			if got, want := at.ExcerptOf(b), f.ExcerptOf([]byte(rows[p.N-1].Text)); got != want {
				t.Errorf("seed %d: outlier %d (line %d): excerpt of the kept start %q, want %q", seed, i, p.N, got, want)
			}
			id, ok := kept.ID(p)
			if ok != named || id != rows[p.N-1].ID {
				t.Errorf("seed %d: outlier %d (line %d): ID = %q, %v; want %q, %v", seed, i, p.N, id, ok, rows[p.N-1].ID, named)
			}
		}
	}
	// Without few, nothing is kept.
	kept := ingest.NewKept(finding.ExcerptChars, nil, 1<<20)
	o := NewScorer()
	b := fixtures.Batch(t, candidateRows(rand.New(rand.NewPCG(1, 1))), 1)
	b.Kept = kept
	defer b.Record.Release()
	if err := o.Add(b); err != nil {
		t.Fatal(err)
	}
	res, err := o.Finish(&analysis.Env{Files: []string{"f.jsonl"}, MaxExamples: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if _, _, ok := kept.Text(ingest.Pos{N: f.Rows[0].Line, Line: true}, 0); ok {
			t.Fatalf("a Kept for every listed finding keeps the start of outlier line %d", f.Rows[0].Line)
		}
	}
}

// BenchmarkOffer offers the rows of the 30 MB mail corpus, repeated
// seven times (about the 200 MB corpus's 137,265 rows), to one worker's
// candidates (few 10), as Add does after each row's features.
func BenchmarkOffer(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var fs [][numFeatures]float32
	var sc featScratch
	for _, t := range texts {
		var f [numFeatures]float32
		sc.features(t, &f)
		fs = append(fs, f)
	}
	kept := ingest.NewKeptFew(finding.ExcerptChars, nil, 1<<20, 10)
	defer fixtures.ThreadCPU(b)()
	for b.Loop() {
		c := newCandidates(kept)
		for r := range 7 {
			for i := range fs {
				c.offer(&fs[i], ingest.Pos{N: int64(r*len(fs) + i + 1), Line: true}, texts[i], nil, i)
			}
		}
	}
}
