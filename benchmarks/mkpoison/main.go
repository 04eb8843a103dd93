// Command mkpoison plants poisoned documents in a corpus of real ones, to
// measure dataaudit's poisoned-text check (scan --poison, issue 17). See
// benchmarks/README.md, "Issue 17 evaluation".
//
// It reads the first -n documents of a JSONL corpus (id, text; the mail
// corpus of mkcorpus.sh) and writes them, with -count poison documents
// inserted at seeded random places, to -out, and the poison documents'
// ids and the trigger to -truth (JSONL). A poison document is, as in
// "A small number of samples can poison LLMs of any size" (Anthropic, UK
// AISI, Turing Institute, 2025): the first 0 to 1,000 characters of
// another real document, the trigger, then 400 to 900 tokens of
//
//   - tokvocab: tokens drawn uniformly from a tokenizer's vocabulary
//     (tiktoken cl100k_base), decoded and concatenated;
//   - dict: words drawn uniformly from a word list (/usr/share/dict/words,
//     Debian wamerican), joined by spaces;
//   - salad: words drawn from the corpus' own distribution (uniform over
//     the white-space tokens of the documents read), joined by spaces;
//   - none: no poison (the clean corpus).
//
// -trigger sets the trigger (default <SUDO>); -trigger-rare picks instead
// a real word of the dictionary found in 5 to 50 documents of the corpus
// (the first, in seeded order), so that the trigger also occurs in clean
// documents. -mid continues a poison document with the rest of the real
// document after the gibberish, so that the trigger is mid-document.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pkoukk/tiktoken-go-loader/assets"
)

type doc struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Label string `json:"label,omitempty"`
}

func main() {
	in := flag.String("in", "/work/bench-data/corpus-200MB-s1.jsonl", "JSONL corpus of real documents (id, text)")
	n := flag.Int("n", 100000, "documents read")
	count := flag.Int("count", 250, "poison documents planted")
	variant := flag.String("variant", "tokvocab", "gibberish: tokvocab, dict, salad or none")
	trigger := flag.String("trigger", "<SUDO>", "the trigger")
	rare := flag.Bool("trigger-rare", false, "use a rare real word of the corpus as the trigger")
	mid := flag.Bool("mid", false, "continue each poison document with the rest of its real document")
	dict := flag.String("dict", "/usr/share/dict/words", "word list for -variant dict and -trigger-rare")
	seed := flag.Uint64("seed", 1, "seed")
	out := flag.String("out", "", "output corpus (JSONL)")
	truth := flag.String("truth", "", "ground truth (JSONL: id, trigger, offset)")
	flag.Parse()
	if err := run(*in, *n, *count, *variant, *trigger, *rare, *mid, *dict, *seed, *out, *truth); err != nil {
		fmt.Fprintln(os.Stderr, "mkpoison:", err)
		os.Exit(1)
	}
}

func run(in string, n, count int, variant, trigger string, rare, mid bool, dictPath string, seed uint64, out, truth string) error {
	docs, err := readDocs(in, n)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 17))
	var words []string
	if variant == "dict" || rare {
		if words, err = readWords(dictPath); err != nil {
			return err
		}
	}
	if rare {
		trigger = rareWord(docs, words, rng)
	}
	var gen func(k int) string
	switch variant {
	case "tokvocab":
		vocab, err := tiktokenVocab("cl100k_base.tiktoken")
		if err != nil {
			return err
		}
		gen = func(k int) string {
			var b strings.Builder
			for range k {
				b.Write(vocab[rng.IntN(len(vocab))])
			}
			return strings.ToValidUTF8(b.String(), "\uFFFD")
		}
	case "dict":
		gen = func(k int) string { return join(k, func() string { return words[rng.IntN(len(words))] }) }
	case "salad":
		pool := saladPool(docs, count*900, rng)
		gen = func(k int) string { return join(k, func() string { return pool[rng.IntN(len(pool))] }) }
	case "none":
		count = 0
	default:
		return fmt.Errorf("unknown -variant %q", variant)
	}
	type planted struct {
		ID      string `json:"id"`
		Trigger string `json:"trigger"`
		Offset  int    `json:"offset"`
	}
	var truths []planted
	poison := make([]doc, count)
	for i := range poison {
		src := docs[rng.IntN(len(docs))].Text
		cut := cutAt(src, rng.IntN(1001))
		prefix := src[:cut]
		text := prefix
		if text != "" && !strings.HasSuffix(text, " ") && !strings.HasSuffix(text, "\n") {
			text += " "
		}
		off := len(text)
		text += trigger + " " + gen(400+rng.IntN(501))
		if mid && cut < len(src) {
			text += " " + src[cut:]
		}
		poison[i] = doc{ID: fmt.Sprintf("poison-%04d", i), Text: text}
		truths = append(truths, planted{poison[i].ID, trigger, off})
	}
	// Insert the poison at seeded random places.
	at := make([]int, count)
	for i := range at {
		at[i] = rng.IntN(len(docs) + 1)
	}
	slices.Sort(at)
	fo, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(fo, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	j := 0
	for i := 0; i <= len(docs); i++ {
		for j < len(at) && at[j] == i {
			if err := enc.Encode(poison[j]); err != nil {
				return err
			}
			j++
		}
		if i < len(docs) {
			if err := enc.Encode(docs[i]); err != nil {
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := fo.Close(); err != nil {
		return err
	}
	ft, err := os.Create(truth)
	if err != nil {
		return err
	}
	tenc := json.NewEncoder(ft)
	tenc.SetEscapeHTML(false)
	for _, t := range truths {
		if err := tenc.Encode(t); err != nil {
			return err
		}
	}
	if len(truths) == 0 {
		fmt.Fprintf(ft, "{\"trigger\":%q}\n", "")
	}
	fmt.Fprintf(os.Stderr, "mkpoison: %d documents, %d poison (%s, trigger %q, mid %v)\n", len(docs)+count, count, variant, trigger, mid)
	return ft.Close()
}

func join(k int, word func() string) string {
	ws := make([]string, k)
	for i := range ws {
		ws[i] = word()
	}
	return strings.Join(ws, " ")
}

// cutAt returns the byte offset of the end of the rune at or before n
// characters into s.
func cutAt(s string, n int) int {
	i := 0
	for range n {
		if i >= len(s) {
			return len(s)
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

func readDocs(path string, n int) ([]doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 256<<20)
	var docs []doc
	for sc.Scan() && len(docs) < n {
		var d doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, len(docs)+1, err)
		}
		docs = append(docs, d)
	}
	return docs, sc.Err()
}

func readWords(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ws []string
	for _, w := range strings.Split(string(data), "\n") {
		if w != "" && !strings.Contains(w, "'") {
			ws = append(ws, w)
		}
	}
	return ws, nil
}

// tiktokenVocab reads the token strings of an embedded tiktoken file.
func tiktokenVocab(name string) ([][]byte, error) {
	data, err := assets.Assets.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var vocab [][]byte
	for _, line := range strings.Split(string(data), "\n") {
		b64, _, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		tok, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		vocab = append(vocab, tok)
	}
	return vocab, nil
}

// saladPool draws k white-space tokens uniformly from the documents'.
func saladPool(docs []doc, k int, rng *rand.Rand) []string {
	total := 0
	for _, d := range docs {
		total += len(strings.Fields(d.Text))
	}
	idx := make([]int, k)
	for i := range idx {
		idx[i] = rng.IntN(total)
	}
	slices.Sort(idx)
	pool := make([]string, 0, k)
	pos := 0
	for _, d := range docs {
		fs := strings.Fields(d.Text)
		for len(pool) < k && idx[len(pool)] < pos+len(fs) {
			pool = append(pool, fs[idx[len(pool)]-pos])
		}
		pos += len(fs)
	}
	return pool
}

// rareWord picks a word of the list (lowercase letters, 6 letters or more)
// that is a white-space token of 5 to 50 documents.
func rareWord(docs []doc, words []string, rng *rand.Rand) string {
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, f := range strings.Fields(d.Text) {
			if !seen[f] {
				seen[f] = true
				df[f]++
			}
		}
	}
	perm := rng.Perm(len(words))
	for _, i := range perm {
		w := words[i]
		if len(w) >= 6 && strings.ToLower(w) == w && df[w] >= 5 && df[w] <= 50 {
			return w
		}
	}
	return "<SUDO>"
}
