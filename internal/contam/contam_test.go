package contam

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

var gsm = [][2]string{
	{"Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?",
		"Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day at the farmer’s market.\n#### 18"},
	{"A robe takes 2 bolts of blue fiber and half that much white fiber. How many bolts in total does it take?", "It takes 2/2=<<2/2=1>>1 bolt of white fiber\nSo the total amount of fabric is 2+1=<<2+1=3>>3 bolts of fabric\n#### 3"},
	{"What is the capital city of Australia today?", "A. Sydney\nB. Canberra\nC. Melbourne\nD. Perth"},
	{"Which of the following is true?", "A. The sun is cold\nB. Ice is hot\nC. Water is wet\nD. None"},
}

const filler = "Received: from mail.example.org by relay with SMTP; the meeting notes follow below and nothing else matters here."

// runCheck indexes the items (and n template items sharing a question),
// matches the training texts and returns the pairs as "row:item".
func runCheck(t *testing.T, train []string, s Settings) []string {
	t.Helper()
	ix, err := NewIndex(s)
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range gsm {
		ix.Add("eval", ingest.Pos{N: int64(i + 1), Line: true}, fmt.Sprint("item", i), []byte(it[0]+"\n"+it[1]), []byte(it[0]))
	}
	for i := range 12 { // a template shared by many items
		q := "Which of the following is true?"
		ix.Add("eval", ingest.Pos{N: int64(100 + i), Line: true}, fmt.Sprint("tmpl", i), []byte(q+fmt.Sprintf("\nA. option %d\nB. other %d", i, i)), []byte(q))
	}
	ix.Build()
	var b strings.Builder
	for i, text := range train {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("row", i), "text": text})
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "train.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer ingest.Close(inputs)
	var results [][]string
	for _, workers := range []int{1, 3} {
		out, err := analysis.Run(context.Background(), inputs, analysis.Options{Ingest: ingest.Options{Text: []string{"text"}, ID: "id", Workers: workers, ChunkBytes: 1 << 10}},
			[]analysis.Factory{func() (analysis.Analyser, error) { return NewMatcher(ix), nil }})
		if err != nil {
			t.Fatal(err)
		}
		r := Finish(out[0].(*Matcher), []string{path}, []string{"eval.jsonl"}, 1000)
		var got []string
		for _, f := range r.Findings {
			got = append(got, f.Rows[0].ID+":"+f.Rows[1].ID)
		}
		results = append(results, got)
	}
	if !slices.Equal(results[0], results[1]) {
		t.Errorf("pairs with 1 worker %q, with 3 %q: want the same", results[0], results[1])
	}
	return results[0]
}

func TestForms(t *testing.T) {
	q, a := gsm[0][0], gsm[0][1]
	full := q + "\n" + a
	norm := strings.ToLower(strings.NewReplacer(".", "", ",", "", "'", "", "’", "", "?", "", "$", "", "<", "", ">", "", "=", "", "-", "", "*", "", "#", "").Replace(full))
	wrapped := strings.ReplaceAll(full, " every ", "\n   every ")
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"verbatim", full, []string{"row0:item0"}},
		{"embedded", filler + "\n" + full + "\n" + filler, []string{"row0:item0"}},
		{"normalised", filler + " " + norm, []string{"row0:item0"}},
		{"re-cased", strings.ToUpper(full), []string{"row0:item0"}},
		{"wrapped", wrapped, []string{"row0:item0"}},
		{"question only", filler + " " + q, []string{"row0:item0"}},
		{"short item", "Quiz night: what is the capital city of Australia today? Nobody knew.", []string{"row0:item2"}},
		{"other numbers", strings.NewReplacer("16", "18", "three", "five", "four", "two", "$2", "$3").Replace(q), nil},
		{"template", filler + " Which of the following is true? " + filler, nil},
		{"part of an item", filler + " She eats three for breakfast every morning and bakes muffins for her friends. " + filler, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := runCheck(t, []string{tc.text}, DefaultSettings())
			if !slices.Equal(got, tc.want) {
				t.Errorf("pairs of %q = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

// TestBoilerplate: an item's text found in more training rows than
// MaxTrainDF is boilerplate, not contamination.
func TestBoilerplate(t *testing.T) {
	q := gsm[1][0]
	s := DefaultSettings()
	for _, n := range []int{s.MaxTrainDF, s.MaxTrainDF + 1} {
		t.Run(fmt.Sprint(n, " rows"), func(t *testing.T) {
			train := make([]string, n)
			for i := range train {
				train[i] = fmt.Sprintf("%s %d %s", filler, i, q)
			}
			got := runCheck(t, train, s)
			if want := n <= s.MaxTrainDF; (len(got) == n) != want || !want && len(got) != 0 {
				t.Errorf("%d rows holding the item: %d pairs, want %d", n, len(got), map[bool]int{true: n}[want])
			}
		})
	}
}
