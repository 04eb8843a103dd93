package dups

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// edit changes about rate of the words of s: swaps a word with the next,
// deletes it, re-cases it or re-punctuates it, as the copies are made.
func edit(rng *rand.Rand, s string, rate float64) string {
	words := strings.Fields(s)
	n := max(1, int(rate*float64(len(words))+0.5))
	for range n {
		i := rng.IntN(len(words))
		switch rng.IntN(4) {
		case 0:
			if i+1 < len(words) {
				words[i], words[i+1] = words[i+1], words[i]
			}
		case 1:
			words = append(words[:i], words[i+1:]...)
		case 2:
			words[i] = strings.ToUpper(words[i])
		case 3:
			words[i] = strings.Trim(words[i], ".,;:!?") + ","
		}
		if len(words) < 2 {
			break
		}
	}
	return strings.Join(words, " ")
}

func sampleCorpus(t *testing.T) []string {
	f, err := os.Open("../../testdata/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct{ Text *string }
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != nil {
			texts = append(texts, *r.Text)
		}
	}
	return texts
}

// TestNearDupsRecallPrecision plants copies with 5 to 10% of their words
// edited among real mail (the sample) and measures pairs found.
func TestNearDupsRecallPrecision(t *testing.T) {
	for seed := range uint64(5) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) { nearDupsRun(t, seed, 0.05, 0.10, 0.95) })
	}
	// Beyond the 10%: how far the margin goes (logged, and a
	// looser bar).
	t.Run("15 to 20 percent", func(t *testing.T) { nearDupsRun(t, 9, 0.15, 0.20, 0.5) })
}

func nearDupsRun(t *testing.T, seed uint64, lo, hi, bar float64) {
	texts := sampleCorpus(t)
	rng := rand.New(rand.NewPCG(seed, 2))
	var rows []row
	for _, s := range texts {
		rows = append(rows, row{Text: s})
	}
	truth := map[[2]int64]bool{} // (original line, copy line)
	for i := range 100 {
		orig := i * 3
		rows = append(rows, row{Text: edit(rng, texts[orig], lo+(hi-lo)*rng.Float64())})
		truth[[2]int64{int64(orig + 1), int64(len(rows))}] = true
	}
	res, fs := nearResult(t, rows)
	found, wrong := 0, 0
	var wrongs []string
	for _, f := range fs {
		for x := range f.Rows {
			for y := x + 1; y < len(f.Rows); y++ {
				p := [2]int64{f.Rows[x].Line, f.Rows[y].Line}
				if truth[p] {
					found++
				} else if p[1] > int64(len(texts)) || p[0] > int64(len(texts)) {
					wrong++ // a pair with a planted copy that is not its original
					wrongs = append(wrongs, fmt.Sprint(p))
				}
			}
		}
	}
	recall := float64(found) / float64(len(truth))
	precision := float64(found) / float64(max(found+wrong, 1))
	t.Logf("%+v; recall %.3f, precision %.3f (planted pairs only); wrong %v", res, recall, precision, wrongs)
	if recall < bar || precision < 0.95 {
		t.Errorf("recall %.3f, precision %.3f; want recall >= %.2f and precision >= 0.95", recall, precision, bar)
	}
}

// nearResult runs Near over rows as one batch of file "f".
func nearResult(t *testing.T, rows []row) (NearResult, []finding.Finding) {
	t.Helper()
	d := NewNear()
	b := batch(t, rows, 1)
	defer b.Record.Release()
	if err := d.Add(b); err != nil {
		t.Fatal(err)
	}
	res, fs, _ := d.Result([]string{"f"}, 1000)
	return res, fs
}

// TestNearWordHashes: Near gives the same signatures from the word hashes
// the token summary leaves on a batch (ingest.Batch.Words) as from its own
// tokenising, and reads them when they are there.
func TestNearWordHashes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2))
	texts := sampleCorpus(t)
	var rows []row
	for i, s := range texts {
		rows = append(rows, row{Text: s})
		if i%3 == 0 {
			rows = append(rows, row{Text: edit(rng, s, 0.05)})
		}
	}
	rows = append(rows, row{Text: "Ｆｕｌｌｗｉｄｔｈ ＴＥＸＴ with ten words or more, one two three four"})
	run := func(words func(b *ingest.Batch)) []sigRow {
		d := NewNear()
		for i := 0; i < len(rows); i += 50 {
			b := batch(t, rows[i:min(i+50, len(rows))], int64(i+1))
			words(b)
			if err := d.Add(b); err != nil {
				t.Fatal(err)
			}
			b.Record.Release()
		}
		return d.flatten()
	}
	own := run(func(*ingest.Batch) {})
	s := stats.NewSummary(stats.Options{})
	summarized := run(func(b *ingest.Batch) {
		if err := s.Add(b); err != nil {
			t.Fatal(err)
		}
		if b.Words == nil {
			t.Fatal("Summary.Add left no word hashes on the batch")
		}
		if _, ok := b.Words.Row(0); !ok && b.FirstRow+b.Lines[0] > 1 {
			t.Fatalf("Summary.Add left no word hashes on the batch of line %d, after Near asked for them", b.Lines[0])
		}
		if _, ok := b.Words.RowASCII(0); !ok && b.FirstRow+b.Lines[0] > 1 {
			t.Fatalf("Summary.Add left no ASCII flags on the batch of line %d, after Near asked for word hashes", b.Lines[0])
		}
	})
	if len(own) < len(texts) || !slices.Equal(own, summarized) {
		t.Errorf("Near.Add with the summary's word hashes: %d rows, differing from its own %d", len(summarized), len(own))
	}
	// Word hashes that are not the text's change the signatures: Near
	// reads them.
	wrong := run(func(b *ingest.Batch) {
		w := &ingest.WordHashes{}
		for range b.Record.NumRows() {
			for k := range 10 {
				w.Hashes = append(w.Hashes, uint64(k))
			}
			w.Ends = append(w.Ends, len(w.Hashes))
		}
		b.Words = w
	})
	if slices.Equal(own, wrong) {
		t.Errorf("Near.Add with made-up word hashes: the same rows as from the texts; want them read")
	}
}

// TestIsASCII: a byte of 0x80 or more at any position, in the blocks of
// 32, of 8 or the tail, makes a text not ASCII.
func TestIsASCII(t *testing.T) {
	for n := range 80 {
		ascii := []byte(strings.Repeat("a~\x7f\x00", 20)[:n])
		if !isASCII(ascii) {
			t.Errorf("isASCII(%q) = false, want true", ascii)
		}
		for i := range n {
			for _, c := range []byte{0x80, 0xff, 0xc3} {
				b := slices.Clone(ascii)
				b[i] = c
				if isASCII(b) {
					t.Errorf("isASCII(%q) = true, want false", b)
				}
			}
		}
	}
}

// TestLowBits: lowBits takes the low bit of every byte, bit k for byte
// k, which the verifier's first reject relies on.
func TestLowBits(t *testing.T) {
	for _, tc := range []struct {
		name string
		fill func(k int) byte
	}{
		{"zeros", func(int) byte { return 0 }},
		{"ones", func(int) byte { return 0xff }},
		{"odd bytes", func(k int) byte { return byte(k & 1) }},
		{"high bits only", func(int) byte { return 0xfe }},
		{"mixed", func(k int) byte { return byte(k*37 + k*k) }},
		{"one byte", func(k int) byte { return byte(k/63) * 3 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w nearSig
			var want uint64
			for k := range w {
				w[k] = tc.fill(k)
				want |= uint64(w[k]&1) << k
			}
			if got := lowBits(&w); got != want {
				t.Errorf("lowBits(%v) = %#x, want %#x", w, got, want)
			}
		})
	}
}

// TestRoots: roots gives every row the root find gives it, on union-finds
// built as the replay builds them (the earlier root wins, path halving).
func TestRoots(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		unions int
	}{
		{"empty", 0, 0},
		{"no unions", 10, 0},
		{"few unions", 1000, 100},
		{"many unions", 1000, 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tc.n)))
			parent, find := testParents(tc.n)
			for range tc.unions {
				pa, pb := find(rng.Int32N(int32(tc.n))), find(rng.Int32N(int32(tc.n)))
				parent[max(pa, pb)] = min(pa, pb)
			}
			got := make([]int32, tc.n)
			for i := range got {
				got[i] = -7 // a stale buffer
			}
			roots(got, parent)
			for i := range got {
				if want := find(int32(i)); got[i] != want {
					t.Fatalf("roots(...)[%d] = %d, want %d", i, got[i], want)
				}
			}
		})
	}
}

// TestNearAddLongTextScratch checks that Add tokenising a long text
// itself (here one NFKC changes) sizes its scratch once: grown by append,
// the word hashes and the NFKC copy of the 1.7 MB text of the 200 MB mail
// went through about 30 arrays, each memory never touched before.
func TestNearAddLongTextScratch(t *testing.T) {
	var sb strings.Builder
	for i := 0; sb.Len() < 400_000; i++ {
		fmt.Fprintf(&sb, "w%d ｆｕｌｌ ", i%5000) // fullwidth: NFKC changes it
	}
	b := fixtures.Batch(t, []row{{Text: sb.String()}}, 1)
	defer b.Record.Release()
	d := NewNear()
	if err := d.Add(b); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(3, func() {
		d.hashes, d.nfkc = nil, nil
		if err := d.Add(b); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 8 { // 55 when grown by append, 6 now
		t.Errorf("Add of a %d-byte text: %.0f allocations, want at most 8", sb.Len(), allocs)
	}
	if d.rows.Len() != 5 {
		t.Errorf("%d rows kept, want 5", d.rows.Len())
	}
}
