// Command mksplits builds a dataset laid out as Hugging Face splits from a
// real-text JSONL corpus ({"id","text","label"} per line), with copies of
// training rows planted in the evaluation splits and their ground truth,
// and scores dataaudit's split_overlap findings against it (issue 14).
//
//	mksplits make -in corpus.jsonl -out DIR [-seed N] [-plants N]
//	mksplits score -dir DIR -findings FINDINGS.jsonl
//
// make deduplicates the corpus (texts equal once lowercased and their
// white space collapsed are one), shuffles it with the seed and cuts it
// 80/10/10 into DIR/data/train-0000{0,1}-of-00002.jsonl,
// test-00000-of-00001.jsonl and validation-00000-of-00001.jsonl. It then
// appends to test and validation copies of training rows, a third each:
//
//   - verbatim: the training row's text as it is;
//   - recased: upper-cased, with its white space runs changed (tabs,
//     doubled spaces, a trailing newline): the same text once normalised;
//   - edited: a row of 40 words or more with 5 to 10% of its words edited
//     (deleted, swapped with the next, or re-cased), joined by single
//     spaces.
//
// DIR/truth.json lists every planted pair: the evaluation file and record
// index, the training file and record index, the kind of copy.
//
// score reads dataaudit's --findings export (JSONL, one line per row a
// finding names) and DIR's JSONL files. A split_overlap finding is a pair
// (evaluation row, training row). Recall: planted pairs whose evaluation
// row is found with its source, or with a training row whose words are a
// near copy of the source's (exact word-set Jaccard >= 0.7: the corpus has
// near-duplicate mails of its own). Precision: findings that are a
// planted pair, or whose two rows' word sets have an exact Jaccard
// similarity >= 0.7 (an overlap the corpus had before planting, a true
// leak), over all findings. Both are printed with the counts, as JSON.
//
// Standard library only.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

type record struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

// Plant is one planted copy.
type Plant struct {
	EvalFile  string `json:"eval_file"` // base name without extension
	EvalIndex int    `json:"eval_index"`
	TrainFile string `json:"train_file"`
	TrainIdx  int    `json:"train_index"`
	Kind      string `json:"kind"` // verbatim, recased, edited
}

var files = struct{ train0, train1, test, validation string }{
	"train-00000-of-00002", "train-00001-of-00002", "test-00000-of-00001", "validation-00000-of-00001",
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: mksplits make|score [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "make":
		err = mk(os.Args[2:])
	case "score":
		err = score(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mksplits:", err)
		os.Exit(1)
	}
}

func readJSONL(path string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<28)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, len(out)+1, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

func writeJSONL(path string, rs []record) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rs {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// words splits a text as dataaudit's word tokenizer does: lowercase runs
// of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

func mk(args []string) error {
	fs := flag.NewFlagSet("make", flag.ExitOnError)
	in := fs.String("in", "", "corpus JSONL")
	out := fs.String("out", "", "output directory")
	seed := fs.Uint64("seed", 1, "seed")
	plants := fs.Int("plants", 600, "copies to plant (half in test, half in validation)")
	fs.Parse(args)
	recs, err := readJSONL(*in)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var base []record
	for _, r := range recs {
		k := strings.Join(strings.Fields(strings.ToLower(r.Text)), " ")
		if seen[k] || k == "" {
			continue
		}
		seen[k] = true
		base = append(base, r)
	}
	rng := rand.New(rand.NewPCG(*seed, 14))
	rng.Shuffle(len(base), func(i, j int) { base[i], base[j] = base[j], base[i] })
	nTrain := len(base) * 8 / 10
	nTest := len(base) / 10
	train := base[:nTrain]
	test := append([]record{}, base[nTrain:nTrain+nTest]...)
	val := append([]record{}, base[nTrain+nTest:]...)
	half := (nTrain + 1) / 2
	trainFile := func(i int) (string, int) {
		if i < half {
			return files.train0, i
		}
		return files.train1, i - half
	}
	// Sources: distinct training rows; edited copies need 40 words.
	perm := rng.Perm(nTrain)
	var plantsOut []Plant
	kinds := []string{"verbatim", "recased", "edited"}
	next := 0
	for p := 0; p < *plants; p++ {
		kind := kinds[p%3]
		var src int
		for {
			if next >= len(perm) {
				return fmt.Errorf("ran out of training rows to copy")
			}
			src = perm[next]
			next++
			n := len(strings.Fields(train[src].Text))
			if n >= 1 && (kind != "edited" || n >= 40) {
				break
			}
		}
		r := train[src]
		r.ID = fmt.Sprintf("plant-%d-%s-of-%s", p, kind, r.ID)
		switch kind {
		case "recased":
			r.Text = "  " + strings.ToUpper(strings.Join(strings.Fields(r.Text), "\t  ")) + "\n"
		case "edited":
			r.Text = edit(rng, r.Text)
		}
		tf, ti := trainFile(src)
		pl := Plant{TrainFile: tf, TrainIdx: ti, Kind: kind}
		if p%2 == 0 {
			test = append(test, r)
			pl.EvalFile, pl.EvalIndex = files.test, len(test)-1
		} else {
			val = append(val, r)
			pl.EvalFile, pl.EvalIndex = files.validation, len(val)-1
		}
		plantsOut = append(plantsOut, pl)
	}
	// Planted rows go among the evaluation rows, not all at the end.
	for _, set := range []*[]record{&test, &val} {
		s := *set
		idx := make([]int, len(s))
		for i := range idx {
			idx[i] = i
		}
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		shuffled := make([]record, len(s))
		where := make([]int, len(s)) // old index -> new
		for newI, oldI := range idx {
			shuffled[newI] = s[oldI]
			where[oldI] = newI
		}
		*set = shuffled
		name := files.test
		if set == &val {
			name = files.validation
		}
		for i := range plantsOut {
			if plantsOut[i].EvalFile == name {
				plantsOut[i].EvalIndex = where[plantsOut[i].EvalIndex]
			}
		}
	}
	dir := filepath.Join(*out, "data")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, rs := range map[string][]record{files.train0: train[:half], files.train1: train[half:], files.test: test, files.validation: val} {
		if err := writeJSONL(filepath.Join(dir, name+".jsonl"), rs); err != nil {
			return err
		}
	}
	b, _ := json.MarshalIndent(map[string]any{"seed": *seed, "base_rows": len(base), "train": nTrain, "test": len(test), "validation": len(val), "plants": plantsOut}, "", " ")
	fmt.Printf("mksplits: %d rows (%d after dedup): train %d, test %d, validation %d; %d planted copies\n", len(recs), len(base), nTrain, len(test), len(val), len(plantsOut))
	return os.WriteFile(filepath.Join(*out, "truth.json"), b, 0o644)
}

// edit changes 5 to 10% of a text's words: deleted, swapped with the next
// or re-cased.
func edit(rng *rand.Rand, text string) string {
	w := strings.Fields(text)
	n := max(1, len(w)*(5+rng.IntN(6))/100)
	for range n {
		i := rng.IntN(len(w) - 1)
		switch rng.IntN(3) {
		case 0:
			w = append(w[:i], w[i+1:]...)
		case 1:
			w[i], w[i+1] = w[i+1], w[i]
		default:
			w[i] = strings.ToUpper(w[i])
		}
	}
	return strings.Join(w, " ")
}

// finding is one line of dataaudit's --findings export.
type finding struct {
	Finding int    `json:"finding"`
	Kind    string `json:"kind"`
	Subkind string `json:"subkind"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Row     *int   `json:"row"`
}

type rowRef struct {
	file string
	idx  int
}

func refOf(f finding) rowRef {
	name := filepath.Base(f.File)
	name = strings.TrimSuffix(strings.TrimSuffix(name, ".jsonl"), ".parquet")
	if f.Row != nil {
		return rowRef{name, *f.Row}
	}
	return rowRef{name, f.Line - 1}
}

func jaccard(a, b []string) float64 {
	sa := map[string]bool{}
	for _, w := range a {
		sa[w] = true
	}
	sb := map[string]bool{}
	for _, w := range b {
		sb[w] = true
	}
	inter := 0
	for w := range sb {
		if sa[w] {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

func score(args []string) error {
	fs := flag.NewFlagSet("score", flag.ExitOnError)
	dir := fs.String("dir", "", "directory mksplits make wrote")
	findings := fs.String("findings", "", "dataaudit --findings JSONL")
	fs.Parse(args)
	var truth struct{ Plants []Plant }
	b, err := os.ReadFile(filepath.Join(*dir, "truth.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return err
	}
	texts := map[string][]record{}
	for _, name := range []string{files.train0, files.train1, files.test, files.validation} {
		if texts[name], err = readJSONL(filepath.Join(*dir, "data", name+".jsonl")); err != nil {
			return err
		}
	}
	wordsOf := func(r rowRef) []string { return words(texts[r.file][r.idx].Text) }
	f, err := os.Open(*findings)
	if err != nil {
		return err
	}
	defer f.Close()
	byFinding := map[int][]finding{}
	subkind := map[int]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var x finding
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			return err
		}
		if x.Kind == "split_overlap" {
			byFinding[x.Finding] = append(byFinding[x.Finding], x)
			subkind[x.Finding] = x.Subkind
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	planted := map[rowRef]Plant{}
	for _, p := range truth.Plants {
		planted[rowRef{p.EvalFile, p.EvalIndex}] = p
	}
	found := map[rowRef]rowRef{}
	correct, natural, wrong := 0, 0, 0
	var wrongEx []string
	for _, rows := range byFinding {
		if len(rows) != 2 {
			return fmt.Errorf("a split_overlap finding with %d rows, want 2", len(rows))
		}
		ev, tr := refOf(rows[0]), refOf(rows[1])
		if !strings.HasPrefix(ev.file, "test") && !strings.HasPrefix(ev.file, "validation") || !strings.HasPrefix(tr.file, "train") {
			return fmt.Errorf("finding rows %v, %v: want an evaluation row, then a training row", ev, tr)
		}
		found[ev] = tr
		if p, ok := planted[ev]; ok {
			src := rowRef{p.TrainFile, p.TrainIdx}
			if tr == src || jaccard(wordsOf(src), wordsOf(tr)) >= 0.7 {
				correct++
				continue
			}
		} else if jaccard(wordsOf(ev), wordsOf(tr)) >= 0.7 {
			natural++
			continue
		}
		wrong++
		if len(wrongEx) < 5 {
			wrongEx = append(wrongEx, fmt.Sprintf("%s#%d~%s#%d (%s, word Jaccard %.2f)", ev.file, ev.idx, tr.file, tr.idx, subkind[rows[0].Finding], jaccard(wordsOf(ev), wordsOf(tr))))
		}
	}
	byKind := map[string][2]int{}
	for _, p := range truth.Plants {
		c := byKind[p.Kind]
		c[1]++
		ev := rowRef{p.EvalFile, p.EvalIndex}
		if tr, ok := found[ev]; ok {
			src := rowRef{p.TrainFile, p.TrainIdx}
			if tr == src || jaccard(wordsOf(src), wordsOf(tr)) >= 0.7 {
				c[0]++
			}
		}
		byKind[p.Kind] = c
	}
	hit := 0
	recallByKind := map[string]string{}
	var ks []string
	for k := range byKind {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		c := byKind[k]
		hit += c[0]
		recallByKind[k] = fmt.Sprintf("%d/%d = %.4f", c[0], c[1], float64(c[0])/float64(c[1]))
	}
	n := len(byFinding)
	res := map[string]any{
		"planted": len(truth.Plants), "found": hit, "recall": round(float64(hit) / float64(len(truth.Plants))),
		"recall_by_kind": recallByKind,
		"findings":       n, "findings_on_planted_correct": correct, "findings_natural_overlap": natural, "findings_wrong": wrong,
		"precision":              round(float64(correct+natural) / float64(max(n, 1))),
		"precision_planted_only": round(float64(correct) / float64(max(correct+wrong, 1))),
		"wrong_examples":         wrongEx,
	}
	out, _ := json.MarshalIndent(res, "", " ")
	fmt.Println(string(out))
	return nil
}

func round(x float64) float64 { return float64(int64(x*1e4+0.5)) / 1e4 }
