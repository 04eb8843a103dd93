// Command mkfaults builds a JSONL text corpus with injected faults and its
// ground truth, to measure dataaudit's duplicate and cleaning-evasion
// analyses (issue 3). See benchmarks/README.md, "Issue 3 evaluation".
//
// Base text: SpamAssassin mail bodies (headers and MIME base64 parts
// dropped, cut at line ends into chunks of 4 to 80 words), King James Bible
// verses (one per row) and Debian fortunes (one per row, without
// the art and ascii-art files). The base pool is deduplicated before any
// fault is injected, so that the ground truth needs no guess about which
// base rows are duplicates of each other:
//
//   - exact: a unit is dropped when its words (NFKC, case folded, split at
//     anything that is not a letter or digit) equal an earlier unit's. This
//     key is coarser than dataaudit's exact normalization, so no two kept
//     units are exact duplicates under it;
//   - near: a unit is dropped when more than half of its 5-word shingles
//     occur in earlier kept units (boilerplate, quoted replies), or when an
//     earlier kept unit sharing at least three of its 3-word shingles has a
//     word-set Jaccard similarity of 0.5 or more, or a word-pair (bigram)
//     Jaccard of 0.3 or more, with it. Both bounds are well below what
//     anyone would call a near duplicate.
//
// Every fault is then made from base units that play no other part, so
// families do not overlap. The corpus (faults.jsonl: id, text) holds, in a
// seeded shuffled order:
//
//   - base rows, unmodified;
//   - exact-duplicate families: a source row and 1 to 4 copies that are byte
//     copies or differ only in case, white space or NFKC compatibility forms;
//   - near-duplicate families: a source row of at least 40 words and 1 to 3
//     copies with 5 to 10% of the words edited (adjacent words swapped,
//     words deleted, re-cased, re-punctuated; as stress modes also replaced
//     by another word);
//   - cleaning evasions, one category per row: invisible characters, bidi
//     controls, control characters, mixed-script words, invalid UTF-8,
//     long runs, base64/hex blobs (each injected into a base row), mostly
//     non-text rows, empty and white-space-only rows (generated).
//
// control.jsonl holds every base row in its original form: a corpus with no
// injected fault.
//
// truth.jsonl has one line per corpus row: its role, category, variant,
// family and source unit, and xgroup: the id of the first row (in corpus
// order) whose text is equal to this one under dataaudit's documented exact
// normalization (NFKC, case folding, white space collapsed and trimmed),
// when there is more than one. That normalization is computed here
// independently with golang.org/x/text (already a module dependency), so the
// exact-duplicate truth follows the definition, whatever the injection
// meant: a re-cased near copy is an exact duplicate of its source, and all
// empty and white-space-only rows are exact duplicates of each other.
//
// All randomness comes from a splitmix64 generator seeded with -seed, so
// the output is byte-identical for a given seed and inputs.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// ---------------------------------------------------------------- PRNG

type rng struct{ s uint64 }

func newRNG(seed, stream uint64) *rng {
	r := &rng{s: seed*0x9E3779B97F4A7C15 ^ (stream+1)*0xD1B54A32D192ED03}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a uniform int in [0,n), n > 0 (modulo bias below 2^-40 for
// the sizes used here).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *rng) rangeInt(lo, hi int) int { return lo + r.intn(hi-lo+1) }

func (r *rng) pick(s []string) string { return s[r.intn(len(s))] }

func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}

// ---------------------------------------------------------------- base pool

type unit struct {
	src  string // where it comes from: mail:group/id#k, kjv:Ge1:1, fortune:file#k
	text string
}

func loadMails(dir string, r *rng) ([]unit, error) {
	b, err := os.ReadFile(filepath.Join(dir, "file_list.json"))
	if err != nil {
		return nil, err
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("file_list.json: %w", err)
	}
	var out []unit
	for _, f := range list {
		f = strings.TrimSuffix(f, ".txt") + ".json"
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		var m struct {
			ID, Group, Text string
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		i := strings.Index(m.Text, "\n\n")
		if i < 0 {
			continue
		}
		out = appendChunks(out, m.Group+"/"+m.ID, m.Text[i+2:], r)
	}
	return out, nil
}

// appendChunks cuts a mail body at line ends into chunks of a log-uniform
// 4..80 words, skipping MIME base64 parts and lines that look like them.
func appendChunks(out []unit, name, body string, r *rng) []unit {
	var cur []string
	words, k := 0, 0
	target := logUniform(r, 4, 80)
	flush := func() {
		t := strings.Trim(strings.Join(cur, "\n"), "\n")
		if strings.TrimSpace(t) != "" {
			out = append(out, unit{src: fmt.Sprintf("mail:%s#%d", name, k), text: t})
			k++
		}
		cur, words = cur[:0], 0
		target = logUniform(r, 4, 80)
	}
	skipB64 := false
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimRight(line, " \t\r")
		low := strings.ToLower(line)
		if strings.HasPrefix(low, "content-transfer-encoding:") && strings.Contains(low, "base64") {
			skipB64 = true
			continue
		}
		if skipB64 {
			if strings.HasPrefix(line, "--") {
				skipB64 = false
			} else {
				continue
			}
		}
		if len(line) >= 40 && !strings.ContainsAny(line, " \t") && b64Line(line) {
			continue
		}
		cur = append(cur, line)
		words += len(strings.Fields(line))
		if words >= target {
			flush()
		}
	}
	if words > 0 {
		flush()
	}
	return out
}

func b64Line(s string) bool {
	for _, c := range []byte(s) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}

func logUniform(r *rng, lo, hi float64) int {
	return int(lo * math.Pow(hi/lo, r.float()))
}

// loadKJV reads `bible -f` output ("Ge1:1 In the beginning ..."): one
// verse per unit.
func loadKJV(path string) ([]unit, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var refs, verses []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		sp := strings.IndexByte(line, ' ')
		if sp < 0 || !strings.Contains(line[:sp], ":") || strings.HasPrefix(line, "bible") {
			continue
		}
		refs = append(refs, line[:sp])
		verses = append(verses, line[sp+1:])
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	out := make([]unit, len(verses))
	for i, v := range verses {
		out[i] = unit{src: "kjv:" + refs[i], text: v}
	}
	return out, nil
}

func loadFortunes(dir string) ([]unit, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.u8"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []unit
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".u8")
		if name == "art" || name == "ascii-art" {
			continue // pictures, not text
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for k, t := range strings.Split(string(b), "\n%\n") {
			t = strings.Trim(t, "\n")
			if strings.TrimSpace(t) == "" {
				continue
			}
			out = append(out, unit{src: fmt.Sprintf("fortune:%s#%d", name, k), text: t})
		}
	}
	return out, nil
}

// ---------------------------------------------------------------- dedup

var fold = cases.Fold()

// words splits NFKC-normalised, case-folded text at anything that is not a
// letter or digit.
func words(t string) []string {
	t = fold.String(norm.NFKC.String(t))
	return strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

func hashStrings(ws []string) uint64 {
	h := fnv.New64a()
	for _, w := range ws {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func shingles(ws []string, k int) []uint64 {
	var out []uint64
	for i := 0; i+k <= len(ws); i++ {
		out = append(out, hashStrings(ws[i:i+k]))
	}
	return out
}

func set(xs []uint64) map[uint64]bool {
	m := make(map[uint64]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func jaccard(a, b map[uint64]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	n := 0
	for x := range a {
		if b[x] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

func wordHashes(ws []string) []uint64 {
	out := make([]uint64, len(ws))
	for i, w := range ws {
		out[i] = hashStrings([]string{w})
	}
	return out
}

type dedupStats struct{ in, exact, boiler, near int }

// dedup keeps the units, in order, that are neither exact nor near
// duplicates of an earlier kept unit (see the package comment).
func dedup(us []unit) ([]unit, dedupStats) {
	var st dedupStats
	st.in = len(us)
	seenKey := map[uint64]bool{}
	seen5 := map[uint64]bool{}
	owner3 := map[uint64]int32{} // 3-shingle -> first kept unit holding it
	var keptWords [][]string
	var out []unit
	for _, u := range us {
		ws := words(u.text)
		key := hashStrings(ws)
		if seenKey[key] {
			st.exact++
			continue
		}
		sh5 := shingles(ws, 5)
		if len(sh5) > 0 {
			n := 0
			for _, s := range sh5 {
				if seen5[s] {
					n++
				}
			}
			if 2*n > len(sh5) {
				st.boiler++
				continue
			}
		}
		sh3 := shingles(ws, 3)
		counts := map[int32]int{}
		for _, s := range sh3 {
			if o, ok := owner3[s]; ok {
				counts[o]++
			}
		}
		near := false
		if len(counts) > 0 {
			wa, ba := set(wordHashes(ws)), set(shingles(ws, 2))
			for o, c := range counts {
				if c < 3 {
					continue
				}
				ow := keptWords[o]
				if jaccard(wa, set(wordHashes(ow))) >= 0.5 || jaccard(ba, set(shingles(ow, 2))) >= 0.3 {
					near = true
					break
				}
			}
		}
		if near {
			st.near++
			continue
		}
		seenKey[key] = true
		for _, s := range sh5 {
			seen5[s] = true
		}
		idx := int32(len(out))
		for _, s := range sh3 {
			if _, ok := owner3[s]; !ok {
				owner3[s] = idx
			}
		}
		keptWords = append(keptWords, ws)
		out = append(out, u)
	}
	return out, st
}

// ---------------------------------------------------------------- rows

type row struct {
	text  string
	role  string // base, exact_source, exact_copy, near_source, near_copy, evasion
	cat   string // exact, near, or the evasion category
	sub   string // variant
	group int    // family (exact, near); 0 none
	src   string
	words int
	edits int     // near copies: words edited
	rate  float64 // near copies: edited / words of the source
	mode  string  // near copies: edit mode
	id    string
	xgrp  string
}

// ---------------------------------------------------------------- exact copies

var exactVariants = []string{"bytes", "case", "space", "nfkc", "mixed"}

func exactCopy(r *rng, t, v string) string {
	switch v {
	case "bytes":
		return t
	case "case":
		return recaseAll(r, t)
	case "space":
		return respace(r, t)
	case "nfkc":
		return compat(r, t)
	default:
		return compat(r, respace(r, recaseAll(r, t)))
	}
}

func recaseAll(r *rng, t string) string {
	switch r.intn(3) {
	case 0:
		if u := strings.ToUpper(t); u != t {
			return u
		}
		return strings.ToLower(t)
	case 1:
		if l := strings.ToLower(t); l != t {
			return l
		}
		return strings.ToUpper(t)
	default: // flip the case of one word in four (at least one)
		segs := splitWords(t)
		changed := false
		for i := 0; i < len(segs); i += 2 {
			if r.intn(4) == 0 || (!changed && i+2 >= len(segs)) {
				if c := flipCase(segs[i]); c != segs[i] {
					segs[i], changed = c, true
				}
			}
		}
		if !changed {
			return strings.ToUpper(t)
		}
		return strings.Join(segs, "")
	}
}

func flipCase(w string) string {
	if strings.ToLower(w) != w {
		return strings.ToLower(w)
	}
	return strings.ToUpper(w)
}

// respace changes white space only: doubled spaces, tabs, CRLF, blanks at
// the ends. It always changes something.
func respace(r *rng, t string) string {
	var b strings.Builder
	if r.intn(2) == 0 {
		b.WriteString(r.pick([]string{" ", "\n", "\t", "  \n"}))
	}
	changed := b.Len() > 0
	for _, c := range t {
		switch {
		case c == ' ' && r.intn(5) == 0:
			b.WriteString(r.pick([]string{"  ", "\t", " \t ", "   "}))
			changed = true
		case c == '\n' && r.intn(3) == 0:
			b.WriteString(r.pick([]string{"\r\n", "\n\n", " \n"}))
			changed = true
		default:
			b.WriteRune(c)
		}
	}
	if !changed || r.intn(2) == 0 {
		b.WriteString(r.pick([]string{" ", "\n", "\r\n", " \t"}))
	}
	return b.String()
}

// compat replaces characters with NFKC-equivalent compatibility forms:
// fullwidth letters and digits in some words, the ligatures fi and fl, and
// no-break or em spaces. It always changes something.
func compat(r *rng, t string) string {
	segs := splitWords(t)
	changed := false
	for i := range segs {
		s := segs[i]
		if i%2 == 1 { // white space
			if s == " " && r.intn(6) == 0 {
				segs[i] = r.pick([]string{"\u00a0", "\u2003", "\u3000"})
				changed = true
			}
			continue
		}
		switch {
		case r.intn(6) == 0:
			var b strings.Builder
			for _, c := range s {
				if c >= '!' && c <= '~' {
					b.WriteRune(c - '!' + 0xFF01)
					changed = true
				} else {
					b.WriteRune(c)
				}
			}
			segs[i] = b.String()
		case strings.Contains(s, "fi") || strings.Contains(s, "fl"):
			segs[i] = strings.ReplaceAll(strings.ReplaceAll(s, "fi", "\ufb01"), "fl", "\ufb02")
			changed = true
		}
	}
	if !changed {
		for i := 0; i < len(segs); i += 2 {
			if fw := fullwidthFirst(segs[i]); fw != segs[i] {
				segs[i] = fw
				break
			}
		}
	}
	return strings.Join(segs, "")
}

func fullwidthFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if c >= '!' && c <= '~' {
		return string(c-'!'+0xFF01) + s[n:]
	}
	return s
}

// splitWords splits t into alternating word and white-space segments,
// starting with a word (possibly empty): even indexes are words.
func splitWords(t string) []string {
	var segs []string
	start, inSpace := 0, false
	for i, c := range t {
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r'
		if sp != inSpace {
			segs = append(segs, t[start:i])
			start, inSpace = i, sp
		}
	}
	segs = append(segs, t[start:])
	return segs
}

// ---------------------------------------------------------------- near copies

// Near-copy modes: "mixed" draws each edit from swap, delete, recase and
// repunct (the four kinds); the single-kind modes use one; the
// stress modes add "replace" (a word replaced by a word from the pool) and
// are scored apart from the headline.
var nearModes = []struct {
	name   string
	weight int
	ops    []string
	stress bool
}{
	{"mixed", 40, []string{"swap", "delete", "recase", "repunct"}, false},
	{"swap", 10, []string{"swap"}, false},
	{"delete", 10, []string{"delete"}, false},
	{"recase", 10, []string{"recase"}, false},
	{"repunct", 10, []string{"repunct"}, false},
	{"replace", 10, []string{"replace"}, true},
	{"mixed+replace", 10, []string{"swap", "delete", "recase", "repunct", "replace"}, true},
}

// nearCopy edits round(rate*words) words of t (at least one): a swap of two
// adjacent words counts as two. It returns the copy and the words edited.
func nearCopy(r *rng, t string, rate float64, ops []string, vocab []string) (string, int) {
	segs := splitWords(t)
	// Words are at even indexes; drop a leading empty word.
	type w struct{ s, sep string }
	var ws []w
	lead := ""
	if segs[0] == "" && len(segs) > 1 {
		lead = segs[1]
		segs = segs[2:]
	}
	for i := 0; i < len(segs); i += 2 {
		sep := ""
		if i+1 < len(segs) {
			sep = segs[i+1]
		}
		ws = append(ws, w{segs[i], sep})
	}
	n := len(ws)
	want := max(1, int(rate*float64(n)+0.5))
	touched := make([]bool, n+1)
	edited := 0
	for tries := 0; edited < want && tries < 50*want; tries++ {
		op := r.pick(ops)
		i := r.intn(len(ws))
		if touched[min(i, len(touched)-1)] {
			continue
		}
		switch op {
		case "swap":
			if i+1 >= len(ws) || ws[i].s == ws[i+1].s || want-edited < 2 && edited > 0 {
				continue
			}
			ws[i].s, ws[i+1].s = ws[i+1].s, ws[i].s
			touched[i], touched[i+1] = true, true
			edited += 2
		case "delete":
			if len(ws) < 2 {
				continue
			}
			ws = slices.Delete(ws, i, i+1)
			touched = slices.Delete(touched, i, i+1)
			edited++
		case "recase":
			c := recaseWord(r, ws[i].s)
			if c == ws[i].s {
				continue
			}
			ws[i].s = c
			touched[i] = true
			edited++
		case "repunct":
			ws[i].s = repunct(r, ws[i].s)
			touched[i] = true
			edited++
		case "replace":
			c := r.pick(vocab)
			if strings.EqualFold(c, ws[i].s) {
				continue
			}
			ws[i].s = c
			touched[i] = true
			edited++
		}
	}
	var b strings.Builder
	b.WriteString(lead)
	for i, x := range ws {
		b.WriteString(x.s)
		if i < len(ws)-1 && x.sep == "" {
			b.WriteByte(' ')
		}
		b.WriteString(x.sep)
	}
	return b.String(), edited
}

func recaseWord(r *rng, w string) string {
	if strings.ToLower(w) != w {
		return strings.ToLower(w)
	}
	if r.intn(2) == 0 {
		return strings.ToUpper(w)
	}
	c, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(c)) + w[n:]
}

const puncts = ",.;:!?"

// repunct changes the punctuation around a word: a trailing mark replaced
// or removed, or one added (or quotes or brackets put around it).
func repunct(r *rng, w string) string {
	if w != "" && strings.ContainsRune(puncts, rune(w[len(w)-1])) {
		if r.intn(2) == 0 {
			return w[:len(w)-1]
		}
		for {
			p := puncts[r.intn(len(puncts))]
			if p != w[len(w)-1] {
				return w[:len(w)-1] + string(p)
			}
		}
	}
	switch r.intn(4) {
	case 0:
		return "\"" + w + "\""
	case 1:
		return "(" + w + ")"
	default:
		return w + string(puncts[r.intn(len(puncts))])
	}
}

// ---------------------------------------------------------------- evasions

var evasionCats = []string{
	"invisible_char", "bidi_control", "control_char", "mixed_script", "invalid_utf8",
	"repeated_run", "encoded_blob", "non_text", "empty_text", "whitespace_only",
}

// Categories made from a base row; the others are generated.
var fromBase = map[string]bool{
	"invisible_char": true, "bidi_control": true, "control_char": true, "mixed_script": true,
	"invalid_utf8": true, "repeated_run": true, "encoded_blob": true,
}

var invisibles = []struct{ name, s string }{
	{"zwsp_200b", "\u200b"}, {"zwnj_200c", "\u200c"}, {"zwj_200d", "\u200d"}, {"wj_2060", "\u2060"},
	{"bom_feff", "\ufeff"}, {"shy_00ad", "\u00ad"}, {"mvs_180e", "\u180e"}, {"invtimes_2062", "\u2062"},
	{"hangul_filler_3164", "\u3164"}, {"tags_e00xx", ""}, {"cgj_034f", "\u034f"},
}

var bidis = []struct{ name, open, close string }{
	{"rlo_202e", "\u202e", "\u202c"}, {"lro_202d", "\u202d", "\u202c"}, {"rle_202b", "\u202b", "\u202c"},
	{"rli_2067", "\u2067", "\u2069"}, {"fsi_2068", "\u2068", "\u2069"}, {"lri_2066", "\u2066", "\u2069"},
	{"rlm_200f", "\u200f", ""}, {"alm_061c", "\u061c", ""},
}

var controls = []struct{ name, s string }{
	{"nul", "\x00"}, {"ansi_color", "\x1b[31m"}, {"ansi_cursor", "\x1b[2J\x1b[H"}, {"bel", "\x07"},
	{"backspace", "\x08\x08\x08"}, {"del", "\x7f"}, {"c1_csi_009b", "\u009b"}, {"esc_only", "\x1b"},
}

var invalids = []struct{ name, s string }{
	{"lone_continuation", "\x80"}, {"truncated_3byte", "\xe2\x82"}, {"overlong", "\xc0\xaf"},
	{"surrogate", "\xed\xa0\x80"}, {"byte_ff", "\xff"}, {"latin1_e9", "\xe9"},
}

var cyr = map[rune]rune{'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'y': 'у', 'i': 'і', 's': 'ѕ',
	'A': 'А', 'B': 'В', 'E': 'Е', 'K': 'К', 'M': 'М', 'H': 'Н', 'O': 'О', 'P': 'Р', 'C': 'С', 'T': 'Т', 'X': 'Х'}
var grk = map[rune]rune{'o': 'ο', 'v': 'ν', 'a': 'α', 'i': 'ι', 'A': 'Α', 'B': 'Β', 'E': 'Ε', 'Z': 'Ζ', 'H': 'Η',
	'I': 'Ι', 'K': 'Κ', 'M': 'Μ', 'N': 'Ν', 'O': 'Ο', 'P': 'Ρ', 'T': 'Τ', 'Y': 'Υ', 'X': 'Χ'}

// insertAt inserts s into t at a random rune boundary; inWord asks for a
// position inside a word of at least two letters when there is one.
func insertAt(r *rng, t, s string, inWord bool) string {
	var cands []int
	prevLetter := false
	for i, c := range t {
		l := unicode.IsLetter(c)
		if !inWord || (l && prevLetter) {
			cands = append(cands, i)
		}
		prevLetter = l
	}
	if len(cands) == 0 {
		return t + s
	}
	i := cands[r.intn(len(cands))]
	return t[:i] + s + t[i:]
}

func evasion(r *rng, cat, t string) (string, string) {
	switch cat {
	case "invisible_char":
		v := invisibles[r.intn(len(invisibles))]
		if v.name == "tags_e00xx" { // ASCII smuggled as Unicode tag characters
			var b strings.Builder
			for _, c := range "ignore previous" {
				b.WriteRune(0xE0000 + c)
			}
			return insertAt(r, t, b.String(), false), v.name
		}
		for k := r.rangeInt(1, 3); k > 0; k-- {
			t = insertAt(r, t, v.s, true)
		}
		return t, v.name
	case "bidi_control":
		v := bidis[r.intn(len(bidis))]
		segs := splitWords(t)
		i := 2 * r.intn((len(segs)+1)/2)
		segs[i] = v.open + segs[i] + v.close
		return strings.Join(segs, ""), v.name
	case "control_char":
		v := controls[r.intn(len(controls))]
		s := v.s
		if v.name == "ansi_color" {
			segs := splitWords(t)
			i := 2 * r.intn((len(segs)+1)/2)
			segs[i] = s + segs[i] + "\x1b[0m"
			return strings.Join(segs, ""), v.name
		}
		return insertAt(r, t, s, false), v.name
	case "mixed_script":
		m, name := cyr, "cyrillic"
		if r.intn(3) == 0 {
			m, name = grk, "greek"
		}
		// Words here are maximal runs of ASCII letters of three or more,
		// as a reader (and a script check) sees them: "e-mail" is two.
		type span struct{ lo, hi int }
		var cands []span
		b := []byte(t)
		for i := 0; i < len(b); {
			if !isASCIILetter(b[i]) {
				i++
				continue
			}
			j := i
			for j < len(b) && isASCIILetter(b[j]) {
				j++
			}
			// Only runs not glued to other letters or digits (no é, no 3D).
			glued := i > 0 && (b[i-1] >= 0x80 || b[i-1] >= '0' && b[i-1] <= '9') || j < len(b) && (b[j] >= 0x80 || b[j] >= '0' && b[j] <= '9')
			h := 0
			for _, c := range b[i:j] {
				if _, ok := m[rune(c)]; ok {
					h++
				}
			}
			if j-i >= 3 && h >= 1 && h < j-i && !glued {
				cands = append(cands, span{i, j})
			}
			i = j
		}
		if len(cands) == 0 {
			return "", ""
		}
		chosen := map[int]bool{}
		for k := min(r.rangeInt(1, 3), len(cands)); k > 0; k-- {
			chosen[r.intn(len(cands))] = true
		}
		var out strings.Builder
		last := 0
		for ci, sp := range cands {
			if !chosen[ci] {
				continue
			}
			out.WriteString(t[last:sp.lo])
			var pos []int
			for j := sp.lo; j < sp.hi; j++ {
				if _, ok := m[rune(t[j])]; ok {
					pos = append(pos, j)
				}
			}
			n := r.rangeInt(1, min(2, len(pos)))
			start := r.intn(len(pos) - n + 1)
			repl := map[int]bool{}
			for _, j := range pos[start : start+n] {
				repl[j] = true
			}
			for j := sp.lo; j < sp.hi; j++ {
				if repl[j] {
					out.WriteRune(m[rune(t[j])])
				} else {
					out.WriteByte(t[j])
				}
			}
			last = sp.hi
		}
		out.WriteString(t[last:])
		return out.String(), name
	case "invalid_utf8":
		v := invalids[r.intn(len(invalids))]
		if v.name == "latin1_e9" {
			if i := strings.Index(t, "e "); i > 0 {
				return t[:i] + "\xe9" + t[i+1:], v.name
			}
		}
		return insertAt(r, t, v.s, false), v.name
	case "repeated_run":
		var s, name string
		switch r.intn(4) {
		case 0:
			s, name = strings.Repeat(string(rune('a'+r.intn(26))), r.rangeInt(30, 100)), "letter"
		case 1:
			s, name = strings.Repeat(string(rune('0'+r.intn(10))), r.rangeInt(30, 100)), "digit"
		case 2:
			s, name = strings.Repeat(r.pick([]string{"!", "-", "=", "*", ".", "_", "#"}), r.rangeInt(150, 500)), "punct"
		default:
			s, name = strings.Repeat(r.pick([]string{"😂", "🔥", "█", "♥"}), r.rangeInt(150, 400)), "symbol"
		}
		return insertWordBoundary(r, t, s), name
	case "encoded_blob":
		var s, name string
		switch r.intn(4) {
		case 0:
			s, name = base64.StdEncoding.EncodeToString(randBytes(r, r.rangeInt(90, 2000))), "base64"
		case 1:
			s, name = wrap(base64.StdEncoding.EncodeToString(randBytes(r, r.rangeInt(200, 3000))), 76), "base64_wrapped"
		case 2:
			s, name = hex.EncodeToString(randBytes(r, r.rangeInt(40, 512))), "hex_lower"
		default:
			s, name = strings.ToUpper(hex.EncodeToString(randBytes(r, r.rangeInt(40, 512)))), "hex_upper"
		}
		return insertWordBoundary(r, t, s), name
	}
	panic("unknown category " + cat)
}

func insertWordBoundary(r *rng, t, s string) string {
	segs := splitWords(t)
	i := 2 * r.intn((len(segs)+1)/2)
	sep := r.pick([]string{" ", "\n", "\n\n"})
	segs[i] = segs[i] + sep + s + sep
	return strings.Join(segs, "")
}

func randBytes(r *rng, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.next())
	}
	return b
}

func wrap(s string, w int) string {
	var b strings.Builder
	for len(s) > w {
		b.WriteString(s[:w])
		b.WriteByte('\n')
		s = s[w:]
	}
	b.WriteString(s)
	return b.String()
}

var boxParts = []string{"┌", "┐", "└", "┘", "─", "│", "├", "┤", "┬", "┴", "┼", "═", "║", "╔", "╗", "╚", "╝", "▒", "░", "▓"}
var emojis = []string{"😀", "😂", "🔥", "💯", "🚀", "👍", "🎉", "❤️", "✨", "🙏", "👉", "💰", "⭐", "✅", "❌", "📈"}
var symbols = []string{"→", "←", "⇒", "∑", "∫", "≈", "≠", "±", "×", "÷", "√", "∞", "§", "¶", "†", "‡", "•", "◆", "■", "□", "▲", "▼", "★", "☆", "♠", "♣", "♦", "♪", "©", "®", "™", "°"}
var asciiSym = []string{"*", "-", "=", "+", "#", "~", "|", "/", "\\", "<", ">", "^", "_", ":", ".", "@", "%", "&"}

// nonText generates a row that is mostly symbols, with a few words.
func nonText(r *rng, vocab []string) (string, string) {
	var set []string
	name := ""
	switch r.intn(4) {
	case 0:
		set, name = boxParts, "box_drawing"
	case 1:
		set, name = emojis, "emoji"
	case 2:
		set, name = symbols, "symbols"
	default:
		set, name = asciiSym, "ascii_symbols"
	}
	var b strings.Builder
	n := r.rangeInt(40, 300)
	words := 0
	for i := 0; i < n; i++ {
		switch {
		case r.intn(25) == 0 && words < n/25+1:
			b.WriteString(" " + r.pick(vocab) + " ")
			words++
		case r.intn(8) == 0:
			b.WriteString(r.pick([]string{" ", "\n"}))
		default:
			b.WriteString(r.pick(set))
		}
	}
	return b.String(), name
}

var wsVariants = []struct{ name string }{{"spaces"}, {"newlines"}, {"tabs"}, {"mixed"}, {"unicode"}}

func whitespace(r *rng) (string, string) {
	v := wsVariants[r.intn(len(wsVariants))].name
	n := r.rangeInt(1, 40)
	var parts []string
	switch v {
	case "spaces":
		parts = []string{" "}
	case "newlines":
		parts = []string{"\n"}
	case "tabs":
		parts = []string{"\t"}
	case "mixed":
		parts = []string{" ", "\n", "\t", "\r\n"}
	default:
		parts = []string{"\u00a0", "\u2003", "\u3000", "\u2009", " "}
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(r.pick(parts))
	}
	return b.String(), v
}

// ---------------------------------------------------------------- output

// writeJSONString writes s as a JSON string, escaping only '"', '\' and
// control characters below U+0020; every other byte, including invalid
// UTF-8, is written as it is (encoding/json would replace invalid bytes).
func writeJSONString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			w.WriteString(`\"`)
		case c == '\\':
			w.WriteString(`\\`)
		case c == '\n':
			w.WriteString(`\n`)
		case c == '\t':
			w.WriteString(`\t`)
		case c == '\r':
			w.WriteString(`\r`)
		case c < 0x20:
			fmt.Fprintf(w, `\u%04x`, c)
		default:
			w.WriteByte(c)
		}
	}
	w.WriteByte('"')
}

// exactKey is dataaudit's documented default normalization: NFKC, case
// folding, runs of white space made one space, trimmed.
func exactKey(t string) string {
	t = fold.String(norm.NFKC.String(t))
	return strings.Join(strings.FieldsFunc(t, unicode.IsSpace), " ")
}

func main() {
	var (
		spamDir  = flag.String("spam", "/work/bench-data/spam-assassin/package/data", "SpamAssassin data directory (with file_list.json)")
		kjvPath  = flag.String("kjv", "/work/bench-data/faults/kjv.txt", "output of `bible -f` for gen1:1-rev22:21")
		fortDir  = flag.String("fortunes", "/usr/share/games/fortunes", "Debian fortunes directory")
		outDir   = flag.String("o", "/work/bench-data/faults", "output directory")
		seed     = flag.Uint64("seed", 1, "PRNG seed")
		nExact   = flag.Int("exact", 10000, "exact-duplicate families")
		nNear    = flag.Int("near", 10000, "near-duplicate families")
		nEvasion = flag.Int("evasion", 1000, "rows per evasion category")
		maxRows  = flag.Int("rows", 200000, "corpus rows at most (base rows are dropped to fit)")
	)
	flag.Parse()
	if err := run(*spamDir, *kjvPath, *fortDir, *outDir, *seed, *nExact, *nNear, *nEvasion, *maxRows); err != nil {
		fmt.Fprintln(os.Stderr, "mkfaults:", err)
		os.Exit(1)
	}
}

func run(spamDir, kjvPath, fortDir, outDir string, seed uint64, nExact, nNear, nEvasion, maxRows int) error {
	r := newRNG(seed, 0)
	mails, err := loadMails(spamDir, newRNG(seed, 1))
	if err != nil {
		return fmt.Errorf("spam-assassin: %w", err)
	}
	kjv, err := loadKJV(kjvPath)
	if err != nil {
		return fmt.Errorf("kjv: %w", err)
	}
	forts, err := loadFortunes(fortDir)
	if err != nil {
		return fmt.Errorf("fortunes: %w", err)
	}
	pool := slices.Concat(mails, kjv, forts)
	r.shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	base, st := dedup(pool)
	fmt.Fprintf(os.Stderr, "pool: %d mail chunks, %d kjv rows, %d fortunes; dedup: %d in, %d exact, %d boilerplate, %d near dropped, %d kept\n",
		len(mails), len(kjv), len(forts), st.in, st.exact, st.boiler, st.near, len(base))

	vocabSet := map[string]bool{}
	var vocab []string
	for _, u := range base[:min(len(base), 20000)] {
		for _, w := range strings.Fields(u.text) {
			if len(w) >= 3 && len(w) <= 12 && allLetters(w) && !vocabSet[w] {
				vocabSet[w] = true
				vocab = append(vocab, w)
			}
		}
	}

	// Assign base units to roles, in pool order: near sources need 40+
	// words, exact sources 8+, evasion hosts 5+.
	var rows []row
	used := make([]bool, len(base))
	wc := make([]int, len(base))
	for i, u := range base {
		wc[i] = len(strings.Fields(u.text))
	}
	take := func(minWords int) int {
		for tries := 0; tries < 10*len(base); tries++ {
			i := r.intn(len(base))
			if !used[i] && wc[i] >= minWords {
				used[i] = true
				return i
			}
		}
		panic("base pool too small")
	}
	group := 0
	for f := 0; f < nNear; f++ {
		i := take(40)
		group++
		rows = append(rows, row{text: base[i].text, role: "near_source", cat: "near", group: group, src: base[i].src, words: wc[i]})
		mode := pickMode(r)
		for c := r.rangeInt(1, 3); c > 0; c-- {
			rate := 0.05 + 0.05*r.float()
			t, ed := nearCopy(r, base[i].text, rate, mode.ops, vocab)
			rows = append(rows, row{text: t, role: "near_copy", cat: "near", sub: mode.name, group: group, src: base[i].src,
				words: wc[i], edits: ed, rate: float64(ed) / float64(wc[i]), mode: mode.name})
		}
	}
	for f := 0; f < nExact; f++ {
		i := take(8)
		group++
		rows = append(rows, row{text: base[i].text, role: "exact_source", cat: "exact", group: group, src: base[i].src, words: wc[i]})
		for c := r.rangeInt(1, 4); c > 0; c-- {
			v := exactVariants[r.intn(len(exactVariants))]
			rows = append(rows, row{text: exactCopy(r, base[i].text, v), role: "exact_copy", cat: "exact", sub: v, group: group, src: base[i].src, words: wc[i]})
		}
	}
	for _, cat := range evasionCats {
		for k := 0; k < nEvasion; k++ {
			var t, sub, src string
			switch {
			case fromBase[cat]:
				for t == "" {
					i := take(5)
					t, sub = evasion(r, cat, base[i].text)
					src = base[i].src
				}
			case cat == "non_text":
				t, sub = nonText(r, vocab)
			case cat == "empty_text":
				t, sub = "", "empty"
			default:
				t, sub = whitespace(r)
			}
			rows = append(rows, row{text: t, role: "evasion", cat: cat, sub: sub, src: src})
		}
	}
	// Base rows fill the rest.
	var rest []int
	for i := range base {
		if !used[i] {
			rest = append(rest, i)
		}
	}
	nBase := min(len(rest), maxRows-len(rows))
	for _, i := range rest[:max(nBase, 0)] {
		used[i] = true
		rows = append(rows, row{text: base[i].text, role: "base", src: base[i].src, words: wc[i]})
	}
	r.shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	first := map[string]int{}
	size := map[string]int{}
	keys := make([]string, len(rows))
	for i := range rows {
		rows[i].id = fmt.Sprintf("r%06d", i)
		keys[i] = exactKey(rows[i].text)
		if _, ok := first[keys[i]]; !ok {
			first[keys[i]] = i
		}
		size[keys[i]]++
	}
	for i := range rows {
		if size[keys[i]] > 1 {
			rows[i].xgrp = rows[first[keys[i]]].id
		}
	}

	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(outDir, "faults.jsonl"), func(w *bufio.Writer) {
		for _, x := range rows {
			w.WriteString(`{"id":"` + x.id + `","text":`)
			writeJSONString(w, x.text)
			w.WriteString("}\n")
		}
	}); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(outDir, "truth.jsonl"), func(w *bufio.Writer) {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, x := range rows {
			enc.Encode(truthLine{ID: x.id, Role: x.role, Cat: x.cat, Sub: x.sub, Group: x.group, Src: x.src,
				Words: x.words, Edits: x.edits, Rate: roundTo(x.rate, 4), Mode: x.mode, XGroup: x.xgrp})
		}
	}); err != nil {
		return err
	}
	// The control corpus: every base unit that went into the corpus, in its
	// original form, in pool order.
	n := 0
	if err := writeFile(filepath.Join(outDir, "control.jsonl"), func(w *bufio.Writer) {
		for i, u := range base {
			if !used[i] {
				continue
			}
			fmt.Fprintf(w, `{"id":"c%06d","src":`, n)
			writeJSONString(w, u.src)
			w.WriteString(`,"text":`)
			writeJSONString(w, u.text)
			w.WriteString("}\n")
			n++
		}
	}); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, x := range rows {
		counts[x.role]++
	}
	fmt.Fprintf(os.Stderr, "faults.jsonl: %d rows %v; control.jsonl: %d rows\n", len(rows), counts, n)
	return nil
}

type truthLine struct {
	ID     string  `json:"id"`
	Role   string  `json:"role"`
	Cat    string  `json:"cat,omitempty"`
	Sub    string  `json:"sub,omitempty"`
	Group  int     `json:"group,omitempty"`
	Src    string  `json:"src,omitempty"`
	Words  int     `json:"words,omitempty"`
	Edits  int     `json:"edits,omitempty"`
	Rate   float64 `json:"rate,omitempty"`
	Mode   string  `json:"mode,omitempty"`
	XGroup string  `json:"xgroup,omitempty"`
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func allLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isASCIILetter(w[i]) {
			return false
		}
	}
	return true
}

func roundTo(x float64, d int) float64 {
	p := 1.0
	for range d {
		p *= 10
	}
	return float64(int64(x*p+0.5)) / p
}

func pickMode(r *rng) struct {
	name   string
	weight int
	ops    []string
	stress bool
} {
	total := 0
	for _, m := range nearModes {
		total += m.weight
	}
	k := r.intn(total)
	for _, m := range nearModes {
		if k < m.weight {
			return m
		}
		k -= m.weight
	}
	return nearModes[0]
}

func writeFile(path string, fill func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
