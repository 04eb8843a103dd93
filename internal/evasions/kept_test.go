package evasions

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// TestKeptFew: with a Kept that reads the excerpts of the first few
// findings of each kind (ingest.NewKeptFew), the windows of the first
// few findings of each category are kept, whatever batches the rows come
// in and however those are spread among workers, and the excerpts made
// of them are those of the whole texts; far fewer windows than with a
// Kept for every listed finding.
func TestKeptFew(t *testing.T) {
	texts, _ := fixtures.SampleTexts(t)
	planted := []string{
		"hidden\u200bzero width %d",
		"bidi \u202eoverride\u202c here %d",
		"a control \x01 character %d",
		"   \t  ",
		"Content-Transfer-Encoding: base64\n\n" + strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVm\n", 12) + "%d",
		"blob " + strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVm", 12) + " %d",
		"a replacement \ufffd character %d",
		"pаypаl account %d", // Cyrillic a
	}
	rows := make([]fixtures.Row, 0, 2*len(texts))
	for i, s := range texts {
		rows = append(rows, fixtures.Row{Text: string(s)})
		if p := planted[i%len(planted)]; strings.Contains(p, "%d") {
			rows = append(rows, fixtures.Row{Text: fmt.Sprintf(p, i)})
		} else {
			rows = append(rows, fixtures.Row{Text: p})
		}
	}
	windows := func(k *ingest.Kept, fs []finding.Finding) (n int) {
		for _, f := range fs {
			if _, _, ok := k.Text(ingest.Pos{N: f.Rows[0].Line, Line: true}, f.At); ok {
				n++
			}
		}
		return n
	}
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 5))
		few := []int{1, 2, 5, 10}[seed]
		kept := ingest.NewKeptFew(finding.ExcerptChars, nil, 64<<20, few)
		all := ingest.NewKept(finding.ExcerptChars, nil, 64<<20)
		workers := []*Checker{NewChecker(100), NewChecker(100), NewChecker(100)}
		for _, s := range fixtures.ShuffledSpans(rng, len(rows), 100) {
			b := fixtures.Batch(t, rows[s.Lo:s.Hi], int64(s.Lo)+1)
			w := rng.IntN(len(workers))
			b.Kept = kept
			if err := workers[w].Add(b); err != nil {
				t.Fatal(err)
			}
			b.Kept = all // the same rows again, for the windows of every listed one
			if err := NewChecker(100).Add(b); err != nil {
				t.Fatal(err)
			}
			b.Record.Release()
		}
		e := workers[0]
		for _, w := range workers[1:] {
			if err := e.Merge(w); err != nil {
				t.Fatal(err)
			}
		}
		_, fs, _ := e.Result([]string{"f.jsonl"})
		seen := map[string]int{}
		checked := 0
		for _, f := range fs {
			cat := f.Kind + "/" + f.Subkind
			if seen[cat] >= few {
				continue
			}
			seen[cat]++
			checked++
			p := ingest.Pos{N: f.Rows[0].Line, Line: true}
			b, lo, ok := kept.Text(p, f.At)
			if !ok {
				t.Errorf("seed %d, few %d: %s at line %d byte %d: window not kept", seed, few, cat, p.N, f.At)
				continue
			}
			at := finding.Finding{At: f.At - lo}
			if got, want := at.ExcerptOf(b), f.ExcerptOf([]byte(rows[p.N-1].Text)); got != want {
				t.Errorf("seed %d: %s at line %d: excerpt of the window %q, want %q", seed, cat, p.N, got, want)
			}
		}
		if checked < 8*min(few, 2) {
			t.Fatalf("seed %d: %d findings checked: too few to test with", seed, checked)
		}
		if n, m := windows(kept, fs), windows(all, fs); n >= m {
			t.Errorf("seed %d, few %d: %d of the %d findings' windows kept, against %d for every listed", seed, few, n, len(fs), m)
		}
	}
}
