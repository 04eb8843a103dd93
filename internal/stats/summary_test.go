package stats

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// row and batch are the fixtures' Row and Batch under this package's short
// names.
type row = fixtures.Row

func batch(t *testing.T, rows []row, first int64) *ingest.Batch {
	return fixtures.Batch(t, rows, first)
}

// summarize adds rows to n Summaries, round robin in batches of size,
// merges them in order and returns the result.
func summarize(t *testing.T, rows []row, n, size int) Result {
	t.Helper()
	opts := make([]Options, n)
	for i := range opts {
		opts[i] = Options{TopN: 20, TopPerLabel: 5, MaxExamples: 3}
	}
	return summarizeWith(t, rows, opts, size)
}

// summarizeWith adds rows to a Summary made with each of opts, round robin
// in batches of size, merges them in order and returns the result.
func summarizeWith(t *testing.T, rows []row, opts []Options, size int) Result {
	t.Helper()
	accs := make([]*Summary, len(opts))
	for i, o := range opts {
		accs[i] = NewSummary(o)
	}
	for i, k := 0, 0; i < len(rows); i, k = i+size, k+1 {
		b := batch(t, rows[i:min(i+size, len(rows))], int64(i+1))
		if err := accs[k%len(accs)].Add(b); err != nil {
			t.Fatal(err)
		}
		b.Record.Release()
	}
	for _, a := range accs[1:] {
		if err := accs[0].Merge(a); err != nil {
			t.Fatal(err)
		}
	}
	r, err := accs[0].Result([]string{"f.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func corpus(labels int) []row {
	words := []string{"The", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "naïve", "café", "Ünïcödé", "ΑΘΗΝΑ", "a-very-long-token-indeed", "12345678", "123456789"}
	var rows []row
	for i := range 400 {
		text := ""
		for j := range 1 + i%9 {
			text += words[(i*7+j*3)%len(words)] + " "
		}
		if i%50 == 0 {
			text = "bad \xff utf8 " + text
		}
		if i%97 == 0 {
			text = ""
		}
		label := fmt.Sprintf("class-%d", i%labels)
		if i%41 == 0 {
			label = ""
		}
		rows = append(rows, row{Text: text, Label: label})
	}
	return rows
}

// TestMergeIsExact: however the rows are spread over summaries and merged,
// the result is the same, also just past each label limit.
func TestMergeIsExact(t *testing.T) {
	for _, labels := range []int{2, MaxTokenLabels, MaxTokenLabels + 1} {
		t.Run(fmt.Sprintf("%d labels", labels), func(t *testing.T) {
			rows := corpus(labels)
			want := summarize(t, rows, 1, len(rows))
			for _, split := range []struct{ n, size int }{{2, 7}, {3, 1}, {8, 50}, {5, 13}} {
				got := summarize(t, rows, split.n, split.size)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%d summaries, batches of %d: result differs from one summary (-one +split):\n%s", split.n, split.size, diff)
				}
			}
			if labels > MaxTokenLabels {
				if len(want.Labels.Notes) == 0 || want.Labels.Classes[0].Top != nil {
					t.Errorf("%d labels: top tokens per label computed, want them off past %d with a note", labels, MaxTokenLabels)
				}
			} else if want.Labels.Classes[0].Top == nil {
				t.Errorf("%d labels: no top tokens per label", labels)
			}
		})
	}
}

func TestTooManyLabels(t *testing.T) {
	var rows []row
	for i := range MaxLabels + 1 {
		rows = append(rows, row{Text: "x", Label: fmt.Sprint(i)})
	}
	for _, n := range []int{1, 3} {
		r := summarize(t, rows, n, 999)
		if !r.Labels.DistinctLowerBound || r.Labels.Distinct != MaxLabels+1 || len(r.Labels.Classes) != 0 {
			t.Errorf("%d summaries: labels = %d (lower bound %v), %d classes; want %d, true, 0", n, r.Labels.Distinct, r.Labels.DistinctLowerBound, len(r.Labels.Classes), MaxLabels+1)
		}
	}
}

func TestCountsAndLengths(t *testing.T) {
	r := summarize(t, []row{{Text: "Hello, hello WORLD", Label: "a"}, {Text: "", Label: "a"}, {Text: "   ", Label: "b"}, {Text: "ab\xffcd"}, {Text: "日本", Label: "b"}}, 1, 10)
	c := r.Counts
	if c.Rows != 5 || c.EmptyTexts != 1 || c.WhitespaceOnlyTexts != 1 || c.NoTokenTexts != 1 || c.InvalidUTF8Texts != 1 {
		t.Errorf("counts = %+v", c)
	}
	if r.Tokens.Total != 6 || r.Tokens.Distinct != 5 || r.Tokens.Top[0] != (TokenCount{Token: "hello", Count: 2, Freq: 0.33333333}) {
		t.Errorf("tokens = %+v", r.Tokens)
	}
	// chars: 18, 0, 3, 5 (the invalid byte counts as one), 2
	l := r.Lengths.Chars
	if l.Min != 0 || l.Max != 18 || l.Quantiles["p50"] != 3 || l.Mean != 5.6 {
		t.Errorf("chars = %+v", l)
	}
	if r.Labels.NullLabels != 1 || r.Labels.Classes[0].Label != "a" || r.Labels.Classes[0].Rows != 2 {
		t.Errorf("labels = %+v", r.Labels)
	}
}

func TestLabelImbalanceAndEmpty(t *testing.T) {
	var rows []row
	for i := range 300 {
		label := "common"
		switch {
		case i%2 == 0:
			label = "other"
		case i%100 == 1:
			label = "rare" // 3 rows of 300: 1% against an even 33%
		case i%150 == 3:
			label = " " // blank
		}
		rows = append(rows, row{Text: "some text here", Label: label})
	}
	r := summarize(t, rows, 2, 37)
	kinds := map[string]int{}
	for _, f := range r.Findings {
		kinds[f.Kind]++
	}
	if kinds["label_imbalance"] != 2 || kinds["label_empty"] != 1 {
		t.Errorf("findings by kind %v: want label_imbalance for rare and the blank label, and one label_empty", kinds)
	}
}

// TestLengthsBatched: the lengths addText keeps until the end of Add (or
// until maxLens of them) give the distributions a text at a time gives,
// across maxLens and with lengths past the dense counts (4,096).
func TestLengthsBatched(t *testing.T) {
	var rows []row
	var maxBytes uint64
	for i := range 2*maxLens + 5 {
		n := i % 97
		if i%301 == 0 {
			n = 4096 + i // past lengths.Dist's dense counts
		}
		text := strings.Repeat("ab1 ", n/4) + "é"[:i%2*2]
		rows = append(rows, row{Text: text})
		maxBytes = max(maxBytes, uint64(len(text)))
	}
	want := summarize(t, rows, 1, 1)
	for _, size := range []int{maxLens - 1, maxLens, len(rows)} {
		got := summarize(t, rows, 1, size)
		if diff := cmp.Diff(want.Lengths, got.Lengths); diff != "" {
			t.Errorf("batches of %d: lengths differ from batches of 1 (-one +batched):\n%s", size, diff)
		}
		if l := got.Lengths; l.Bytes.Count != uint64(len(rows)) || l.Chars.Count != uint64(len(rows)) || l.Tokens.Count != uint64(len(rows)) || l.Bytes.Max != maxBytes {
			t.Errorf("batches of %d: counts %d, %d, %d, longest %d bytes; want %d rows, %d bytes", size, l.Bytes.Count, l.Chars.Count, l.Tokens.Count, l.Bytes.Max, len(rows), maxBytes)
		}
	}
}
