// Command mkevasions plants cleaning evasions into real mail text and
// scores dataaudit's findings against the ground truth (issue 20).
//
//	mkevasions -corpus corpus-30MB-s1.jsonl -out DIR [-per 200] [-control 5000] [-seed 1]
//	mkevasions -score DIR/truth.jsonl -findings FINDINGS.jsonl
//
// The first form reads the corpus (id, text), shuffles its rows with the
// seed and writes DIR/planted.jsonl: -per rows for every variant of every
// category, each a distinct corpus row with one evasion planted at a word
// boundary (or, for non_text, empty_text and whitespace_only, generated),
// followed by -control more corpus rows, unmodified. DIR/truth.jsonl names
// each row's category and variant, "control" for the unmodified rows
// (variant "mail-ham" or "mail-spam" by the row's id). -extra adds other
// clean text to the control, -extra-rows rows of each source (variant:
// its name): NAME=PATH, PATH a text file, a gzip or dictzip file (.gz,
// .dz) or a directory of them; a line "%" (fortune files) ends a row,
// and rows are otherwise paragraphs grouped to 200 to 2000 bytes.
//
// The second form reads the findings of `dataaudit scan --evasions --id id
// --max-examples 100000000 --findings FINDINGS.jsonl DIR/planted.jsonl` and
// prints, per category and variant, the recall (planted rows with a
// finding of the category: a cleaning_evasion of that subkind, or an
// invalid_utf8 or replacement_char finding), and the share of control
// rows with a cleaning_evasion (the others, traces of a lossy decode
// upstream, are counted apart), per subkind, for the mail control and
// for each -extra source. Exit status 1 when a category's recall is
// under 0.9 or a control's share over 2%.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
)

func main() {
	corpus := flag.String("corpus", "/work/bench-data/corpus-30MB-s1.jsonl", "real text, JSONL with id and text")
	out := flag.String("out", "", "directory for planted.jsonl and truth.jsonl")
	per := flag.Int("per", 200, "rows planted per variant")
	control := flag.Int("control", 5000, "unmodified control rows")
	seed := flag.Uint64("seed", 1, "seed")
	score := flag.String("score", "", "truth.jsonl to score against")
	findings := flag.String("findings", "", "findings JSONL of dataaudit scan --evasions")
	extra := flag.String("extra", "", "more clean control text: NAME=PATH[,NAME=PATH...]")
	extraRows := flag.Int("extra-rows", 1000, "rows of each -extra source")
	flag.Parse()
	var err error
	switch {
	case *score != "":
		err = scoreFindings(*score, *findings)
	case *out != "":
		err = plant(*corpus, *out, *per, *control, *seed, *extra, *extraRows)
	default:
		err = fmt.Errorf("-out or -score needed")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkevasions:", err)
		os.Exit(1)
	}
}

type variant struct {
	cat, name string
	make      func(r *rand.Rand, base string) string // base is "" for generated rows
}

const invalidMark = "\x00INVALID\x00" // replaced by raw invalid bytes after JSON encoding

var variants = []variant{
	{"invisible_char", "zero_width", func(r *rand.Rand, t string) string {
		return inWord(r, t, pick(r, "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u3164", "\u034f"))
	}},
	{"bidi_control", "override", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, pick(r, "\u202e", "\u202d", "\u2067", "\u2066")+"gpj.exe"+pick(r, "\u202c", "\u2069"))
	}},
	{"control_char", "c0_c1_ansi", func(r *rand.Rand, t string) string {
		return inWord(r, t, pick(r, "\x00", "\x07", "\x1b[31m", "\u0085", "\x7f", "\x08"))
	}},
	{"mixed_script", "cyrillic_homoglyph", homoglyph},
	{"invalid_utf8", "raw_bytes", func(r *rand.Rand, t string) string { return inWord(r, t, invalidMark) }},
	{"repeated_run", "letters", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat(string(rune('a'+r.IntN(26))), 30+r.IntN(70)))
	}},
	{"repeated_run", "punctuation", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat(pick(r, "!", "=", "*", "#", "♥"), 150+r.IntN(350)))
	}},
	{"repeated_run", "nbsp_run", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat("\u00a0", 1000+r.IntN(4000)))
	}},
	{"repeated_run", "unicode_space_run", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat(pick(r, "\u3000", "\u2003", "\u2002", "\u2009", "\u202f", "\u205f"), 200+r.IntN(2800)))
	}},
	{"repeated_run", "nbsp_space_alternating", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat("\u00a0 ", 200+r.IntN(1000)))
	}},
	{"encoded_blob", "base64", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, base64.StdEncoding.EncodeToString(randBytes(r, 90+r.IntN(2000))))
	}},
	{"encoded_blob", "hex", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, hex.EncodeToString(randBytes(r, 40+r.IntN(500))))
	}},
	{"encoded_blob", "hex_dump_spaced", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, hexDump(r, 32+r.IntN(500), 1))
	}},
	{"encoded_blob", "hex_dump_xxd", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, hexDump(r, 32+r.IntN(500), 2))
	}},
	{"replacement_char", "fffd_one", func(r *rand.Rand, t string) string { return inWord(r, t, "\ufffd") }},
	{"replacement_char", "fffd_lossy_bytes", func(r *rand.Rand, t string) string {
		var sb strings.Builder
		for _, c := range randBytes(r, 20+r.IntN(200)) {
			switch {
			case c >= 0x80:
				sb.WriteRune('\ufffd')
			case c >= 0x20 && c < 0x7f:
				sb.WriteByte(c)
			}
		}
		return atBoundary(r, t, sb.String())
	}},
	{"replacement_char", "surrogate_escape", func(r *rand.Rand, t string) string {
		return inWord(r, t, fmt.Sprintf(`\udc%02x`, 0x80+r.IntN(128)))
	}},
	{"non_text", "symbols", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		syms := []string{"┌", "─", "┐", "│", "└", "┘", "★", "☆", "♥", "►", "◄", "▓", "░", "😂", "🔥", "$$$", "!!!", "***"}
		for n := 20 + r.IntN(200); sb.Len() < n; {
			sb.WriteString(syms[r.IntN(len(syms))])
			if r.IntN(8) == 0 {
				sb.WriteString(" WIN ")
			}
		}
		return sb.String()
	}},
	{"empty_text", "empty", func(*rand.Rand, string) string { return "" }},
	{"whitespace_only", "ascii_and_unicode", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		for n := 1 + r.IntN(40); n > 0; n-- {
			sb.WriteString(pick(r, " ", "\t", "\n", "\r\n", "\u00a0", "\u3000"))
		}
		return sb.String()
	}},
}

// newVariants are the variants added in session 11, after the others so
// that the rows of those stay as they were for a seed (the control rows
// move on by their number).
var newVariants = []variant{
	{"mixed_script", "greek_homoglyph", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, map[byte]string{'o': "ο", 'a': "α", 'p': "ρ", 'v': "ν", 'i': "ι", 'k': "κ", 'x': "χ"})
	}},
	{"mixed_script", "latin_capital_homoglyph", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, map[byte]string{'A': "А", 'B': "В", 'E': "Е", 'K': "К", 'M': "М", 'H': "Н", 'O': "О", 'P': "Р", 'C': "С", 'T': "Т", 'X': "Х"})
	}},
	{"repeated_run", "rule_line_long", func(r *rand.Rand, t string) string {
		return atLine(r, t, strings.Repeat(pick(r, "-", "=", "*", "#", "_"), 160+r.IntN(340)))
	}},
	{"repeated_run", "letter_elongation", func(r *rand.Rand, t string) string {
		return inWord(r, t, strings.Repeat(string(rune('a'+r.IntN(26))), 25+r.IntN(40)))
	}},
	{"encoded_blob", "base64_wrapped", func(r *rand.Rand, t string) string {
		b := base64.StdEncoding.EncodeToString(randBytes(r, 90+r.IntN(2000)))
		var sb strings.Builder
		for len(b) > 76 {
			sb.WriteString(b[:76] + "\n")
			b = b[76:]
		}
		sb.WriteString(b)
		return atLine(r, t, sb.String())
	}},
	{"control_char", "escape_sequences", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, pick(r, "\x1b[2J", "\x1b]0;title\x07", "\x1b[1;32mok\x1b[0m", "\x1bc", "\x1b[8m"))
	}},
	{"non_text", "emoji_only", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		emoji := []string{"😂", "🔥", "💰", "✅", "👉", "🎁", "❤️", "⭐", "💯", "🚀"}
		for n := 3 + r.IntN(60); n > 0; n-- {
			sb.WriteString(emoji[r.IntN(len(emoji))])
			if r.IntN(4) == 0 {
				sb.WriteByte(' ')
			}
		}
		return sb.String()
	}},
	{"non_text", "box_drawing_table", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		w := 3 + r.IntN(10)
		for row := 2 + r.IntN(8); row > 0; row-- {
			sb.WriteString("┃" + strings.Repeat("━━┿", w) + "┃\n")
			sb.WriteString("│" + strings.Repeat(" "+pick(r, "★", "☆", "●", "◆", "░", "▓")+"│", w) + "\n")
		}
		return sb.String()
	}},
}

func init() { variants = append(variants, newVariants...) }

func generated(cat string) bool {
	return cat == "non_text" || cat == "empty_text" || cat == "whitespace_only"
}

func pick(r *rand.Rand, s ...string) string { return s[r.IntN(len(s))] }

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// hexDump writes n bytes as a hex dump, group bytes a group, 16 a line.
func hexDump(r *rand.Rand, n, group int) string {
	var sb strings.Builder
	f := "%02x"
	if r.IntN(2) == 0 {
		f = "%02X"
	}
	for i, c := range randBytes(r, n) {
		switch {
		case i == 0:
		case i%16 == 0:
			sb.WriteByte('\n')
		case i%group == 0:
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, f, c)
	}
	return sb.String()
}

// atBoundary inserts s between two words of t, with white space around.
func atBoundary(r *rand.Rand, t, s string) string {
	sp := spaces(t)
	if len(sp) == 0 {
		return t + " " + s
	}
	i := sp[r.IntN(len(sp))]
	return t[:i] + " " + s + " " + t[i+1:]
}

// atLine inserts s as a line of its own at a line break of t (a word
// boundary when t has none).
func atLine(r *rand.Rand, t, s string) string {
	var nl []int
	for i := 0; i < len(t); i++ {
		if t[i] == '\n' {
			nl = append(nl, i)
		}
	}
	if len(nl) == 0 {
		return atBoundary(r, t, "\n"+s+"\n")
	}
	i := nl[r.IntN(len(nl))]
	return t[:i] + "\n" + s + t[i:]
}

// swapLetter replaces a letter of a word of 4 letters or more by its
// look-alike in subs.
func swapLetter(r *rand.Rand, t string, subs map[byte]string) string {
	sp := spaces(t)
	for try := 0; try < 80 && len(sp) > 0; try++ {
		i := sp[r.IntN(len(sp))] + 1
		j := i
		for j < len(t) && isLetter(t[j]) {
			j++
		}
		if j-i < 4 {
			continue
		}
		for k := i; k < j; k++ {
			if g, ok := subs[t[k]]; ok {
				return t[:k] + g + t[k+1:]
			}
		}
	}
	for k := 0; k < len(t); k++ { // no word with a letter to swap: any letter
		if g, ok := subs[t[k]]; ok && k+1 < len(t) && isLetter(t[k+1]) {
			return t[:k] + g + t[k+1:]
		}
	}
	return "Pay" + subs[firstKey(subs)] + "al " + t
}

func firstKey(m map[byte]string) byte {
	keys := make([]byte, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys[0]
}

// inWord inserts s after the first letter of a word of t.
func inWord(r *rand.Rand, t, s string) string {
	sp := spaces(t)
	for try := 0; try < 20 && len(sp) > 0; try++ {
		i := sp[r.IntN(len(sp))] + 1
		if i+1 < len(t) && isLetter(t[i]) && isLetter(t[i+1]) {
			return t[:i+1] + s + t[i+1:]
		}
	}
	return s + t
}

var homoglyphs = map[byte]string{'a': "а", 'o': "о", 'e': "е", 'p': "р", 'c': "с", 'x': "х", 'y': "у"}

// homoglyph replaces a letter of a word of 4 letters or more by its
// Cyrillic look-alike.
func homoglyph(r *rand.Rand, t string) string {
	sp := spaces(t)
	for try := 0; try < 50 && len(sp) > 0; try++ {
		i := sp[r.IntN(len(sp))] + 1
		j := i
		for j < len(t) && isLetter(t[j]) {
			j++
		}
		if j-i < 4 {
			continue
		}
		for k := i; k < j; k++ {
			if g, ok := homoglyphs[t[k]]; ok {
				return t[:k] + g + t[k+1:]
			}
		}
	}
	return "p\u0430ypal " + t
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func spaces(t string) []int {
	var sp []int
	for i := 0; i < len(t); i++ {
		if t[i] == ' ' {
			sp = append(sp, i)
		}
	}
	return sp
}

type row struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type truth struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Variant  string `json:"variant"`
}

func plant(corpus, out string, per, control int, seed uint64, extra string, extraRows int) error {
	f, err := os.Open(corpus)
	if err != nil {
		return err
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var x row
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			return fmt.Errorf("%s: %w", corpus, err)
		}
		// Base rows need words to plant between.
		if len(spaces(x.Text)) >= 5 {
			rows = append(rows, x)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 20))
	r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	pf, err := os.Create(out + "/planted.jsonl")
	if err != nil {
		return err
	}
	tf, err := os.Create(out + "/truth.jsonl")
	if err != nil {
		return err
	}
	pw, tw := bufio.NewWriter(pf), bufio.NewWriter(tf)
	next := 0
	write := func(id, text, cat, name string) error {
		line, err := json.Marshal(row{id, text})
		if err != nil {
			return err
		}
		mark, _ := json.Marshal(invalidMark)
		line = bytes.Replace(line, mark[1:len(mark)-1], []byte{0xff, 0xc3, 0x28}, 1)
		pw.Write(append(line, '\n'))
		t, _ := json.Marshal(truth{id, cat, name})
		tw.Write(append(t, '\n'))
		return nil
	}
	for _, v := range variants {
		for k := 0; k < per; k++ {
			base := ""
			if !generated(v.cat) {
				if next == len(rows) {
					return fmt.Errorf("%s: too few rows", corpus)
				}
				base = rows[next].Text
				next++
			}
			if err := write(fmt.Sprintf("ev-%s-%04d", v.name, k), v.make(r, base), v.cat, v.name); err != nil {
				return err
			}
		}
	}
	for k := 0; k < control && next < len(rows); k++ {
		v := "mail-spam"
		if strings.Contains(rows[next].ID, "ham") {
			v = "mail-ham"
		}
		if err := write(rows[next].ID, rows[next].Text, "control", v); err != nil {
			return err
		}
		next++
	}
	if extra != "" {
		for spec := range strings.SplitSeq(extra, ",") {
			name, path, ok := strings.Cut(spec, "=")
			if !ok {
				return fmt.Errorf("-extra %s: want NAME=PATH", spec)
			}
			texts, err := readTexts(path, r)
			if err != nil {
				return fmt.Errorf("-extra %s: %w", spec, err)
			}
			r.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
			for k, t := range texts[:min(extraRows, len(texts))] {
				if err := write(fmt.Sprintf("ctl-%s-%05d", name, k), t, "control", name); err != nil {
					return err
				}
			}
		}
	}
	if err := pw.Flush(); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := pf.Close(); err != nil {
		return err
	}
	return tf.Close()
}

// readTexts reads the rows of an -extra source: path is a file (gzip or
// dictzip when named .gz or .dz) or a directory of them (fortune's .dat
// and .u8 files left out). A line "%" ends a row; otherwise paragraphs
// (ended by a blank line) are grouped into rows of 200 to 2000 bytes.
func readTexts(path string, r *rand.Rand) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	files := []string{path}
	if st.IsDir() {
		ents, err := os.ReadDir(path)
		if err != nil {
			return nil, err
		}
		files = files[:0]
		for _, e := range ents {
			n := e.Name()
			if e.Type().IsRegular() && !strings.HasSuffix(n, ".dat") && !strings.HasSuffix(n, ".u8") {
				files = append(files, path+"/"+n)
			}
		}
	}
	var texts []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".dz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		var row strings.Builder
		target := 200 + r.IntN(1800)
		flush := func() {
			if t := strings.TrimSpace(row.String()); t != "" {
				texts = append(texts, t)
			}
			row.Reset()
			target = 200 + r.IntN(1800)
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			switch {
			case line == "%":
				flush()
				continue
			case strings.TrimSpace(line) == "" && row.Len() >= target:
				flush()
				continue
			}
			row.WriteString(line + "\n")
		}
		flush()
	}
	return texts, nil
}

func scoreFindings(truthFile, findingsFile string) error {
	want := map[string]truth{}
	if err := eachLine(truthFile, func(b []byte) error {
		var t truth
		err := json.Unmarshal(b, &t)
		want[t.ID] = t
		return err
	}); err != nil {
		return err
	}
	got := map[string]map[string]bool{} // id -> subkinds found
	if err := eachLine(findingsFile, func(b []byte) error {
		var f struct{ Kind, Subkind, ID string }
		if err := json.Unmarshal(b, &f); err != nil {
			return err
		}
		sub := f.Subkind
		switch f.Kind {
		case "invalid_utf8", "replacement_char":
			sub = f.Kind // text damaged upstream: kinds of their own
		case "cleaning_evasion":
		default:
			return nil
		}
		if got[f.ID] == nil {
			got[f.ID] = map[string]bool{}
		}
		got[f.ID][sub] = true
		return nil
	}); err != nil {
		return err
	}
	// The control's share flagged counts cleaning evasions; invalid UTF-8
	// and replacement characters mark text damaged before the audit (4%
	// of the mail rows carry U+FFFD from a lossy decode) and are printed
	// apart.
	damaged := map[string]bool{"invalid_utf8": true, "replacement_char": true}
	byVariant, byCat := map[[2]string]*tally{}, map[string]*tally{}
	type ctl struct {
		rows, flagged int
		by            map[string]int
	}
	controls := map[string]*ctl{} // by source: mail and the -extra ones
	for id, t := range want {
		if t.Category == "control" {
			src := t.Variant
			if strings.HasPrefix(src, "mail") || src == "control" {
				src = "mail"
			}
			for _, name := range []string{src, t.Variant} {
				c := controls[name]
				if c == nil {
					c = &ctl{by: map[string]int{}}
					controls[name] = c
				}
				c.rows++
				for s := range got[id] {
					if !damaged[s] {
						c.flagged++ // a cleaning evasion, not a trace of a lossy decode
						break
					}
				}
				for s := range got[id] {
					c.by[s]++
				}
				if name == src && src == t.Variant {
					break
				}
			}
			continue
		}
		for _, tl := range []*tally{get(byVariant, [2]string{t.Category, t.Variant}), get(byCat, t.Category)} {
			tl.n++
			if got[id][t.Category] {
				tl.hit++
			}
		}
	}
	fail := false
	fmt.Printf("%-18s %-24s %6s %8s\n", "category", "variant", "rows", "recall")
	for _, v := range variants {
		tl := byVariant[[2]string{v.cat, v.name}]
		fmt.Printf("%-18s %-24s %6d %8.3f\n", v.cat, v.name, tl.n, float64(tl.hit)/float64(tl.n))
	}
	var cats []string
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		tl := byCat[c]
		r := float64(tl.hit) / float64(tl.n)
		if r < 0.9 {
			fail = true
		}
		fmt.Printf("%-18s %-24s %6d %8.3f\n", c, "(all)", tl.n, r)
	}
	var srcs []string
	for s := range controls {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, name := range srcs {
		c := controls[name]
		share := float64(c.flagged) / float64(max(c.rows, 1))
		fmt.Printf("control %s: %d of %d rows flagged as cleaning evasions (%.2f%%); by finding", name, c.flagged, c.rows, 100*share)
		var subs []string
		for s := range c.by {
			subs = append(subs, s)
		}
		sort.Strings(subs)
		for _, s := range subs {
			fmt.Printf("; %s %d (%.2f%%)", s, c.by[s], 100*float64(c.by[s])/float64(c.rows))
		}
		fmt.Println()
		if share > 0.02 && !strings.HasPrefix(name, "mail-") {
			fail = true
		}
	}
	if fail {
		return fmt.Errorf("a recall under 0.9 or a control share over 2%%")
	}
	return nil
}

type tally struct{ n, hit int }

func get[K comparable](m map[K]*tally, k K) *tally {
	if m[k] == nil {
		m[k] = &tally{}
	}
	return m[k]
}

func eachLine(name string, fn func([]byte) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return sc.Err()
}
