// Command scorefaults scores dataaudit's --findings JSONL (or a peer's
// near-duplicate pairs) against the ground truth written by mkfaults, and
// prints precision and recall per category. Standard library only.
//
//	scorefaults -truth truth.jsonl -corpus faults.jsonl -findings f.jsonl
//	scorefaults -truth truth.jsonl -corpus faults.jsonl -pairs peer.jsonl   # near duplicates only
//	scorefaults -control -corpus control.jsonl -findings f.jsonl
//
// How findings map to what is scored (see benchmarks/README.md):
//
//   - exact duplicates: each exact_duplicate finding is a cluster (its rows
//     share the "finding" number). The truth clusters are the rows with the
//     same xgroup: equal under the documented normalization. Scored on
//     pairs: every unordered pair of rows in one predicted cluster is a
//     predicted pair; precision = predicted pairs inside one truth cluster /
//     predicted pairs, recall = truth pairs inside one predicted cluster /
//     truth pairs. Also: truth clusters reproduced exactly.
//   - near duplicates: predicted clusters likewise (near_duplicate findings,
//     or a peer's pairs joined by union-find). The truth components join
//     each near copy with its family (source and the other copies) and every
//     row with its exact-duplicate group (an exact duplicate is trivially a
//     near duplicate). Recall (the number) = near copies that share
//     a predicted cluster with their source / near copies, over the copies
//     whose edits are the four kinds (stress modes apart). Precision
//     = predicted pairs inside one truth component / predicted pairs.
//   - evasions: rows flagged with the category's subkind (invalid_utf8: the
//     invalid_utf8 kind); recall = injected rows of the category flagged
//     with it / injected rows of the category; precision = flagged rows that
//     were injected in that category / flagged rows.
//   - control: the share of control rows named by any finding, per kind.
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type truth struct {
	ID     string  `json:"id"`
	Role   string  `json:"role"`
	Cat    string  `json:"cat"`
	Sub    string  `json:"sub"`
	Group  int     `json:"group"`
	Src    string  `json:"src"`
	Words  int     `json:"words"`
	Edits  int     `json:"edits"`
	Rate   float64 `json:"rate"`
	Mode   string  `json:"mode"`
	XGroup string  `json:"xgroup"`
}

type findingRow struct {
	Finding  int64  `json:"finding"`
	Kind     string `json:"kind"`
	Subkind  string `json:"subkind"`
	ID       string `json:"id"`
	Evidence string `json:"evidence"`
}

var stressModes = map[string]bool{"replace": true, "mixed+replace": true}

func main() {
	truthPath := flag.String("truth", "", "truth.jsonl from mkfaults")
	corpusPath := flag.String("corpus", "", "the scanned JSONL (for the texts of examples)")
	findingsPath := flag.String("findings", "", "dataaudit --findings JSONL")
	pairsPath := flag.String("pairs", "", "a peer's near-duplicate pairs, JSONL {\"a\":id,\"b\":id,\"j\":estimate}")
	flag.Float64Var(&pairMin, "pair-min", 0, "with -pairs: keep only pairs whose estimate j reaches this")
	control := flag.Bool("control", false, "score a fault-free control corpus: the share of rows flagged")
	examples := flag.Int("examples", 8, "examples to print per miss or false alarm")
	flag.Parse()
	if err := run(*truthPath, *corpusPath, *findingsPath, *pairsPath, *control, *examples, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "scorefaults:", err)
		os.Exit(2)
	}
}

func readJSONL(path string, f func(line []byte) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	r := bufio.NewReaderSize(fh, 1<<20)
	n := 0
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			n++
			if ferr := f(line); ferr != nil {
				return fmt.Errorf("%s:%d: %w", path, n, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// corpusSrc is the source unit of each control row (mkfaults' "src").
var corpusSrc = map[string]string{}

// readCorpus reads id and text of each row. Invalid UTF-8 in a text is
// replaced (encoding/json does that); the texts are only shown and compared
// on words.
func readCorpus(path string) (map[string]string, []string, error) {
	texts := map[string]string{}
	var order []string
	err := readJSONL(path, func(line []byte) error {
		var r struct{ ID, Text, Src string }
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		texts[r.ID] = r.Text
		if r.Src != "" {
			corpusSrc[r.ID] = r.Src
		}
		order = append(order, r.ID)
		return nil
	})
	return texts, order, err
}

func run(truthPath, corpusPath, findingsPath, pairsPath string, control bool, ex int, w io.Writer) error {
	var texts map[string]string
	var order []string
	if corpusPath != "" {
		var err error
		if texts, order, err = readCorpus(corpusPath); err != nil {
			return err
		}
	}
	var fs []findingRow
	if findingsPath != "" {
		if err := readJSONL(findingsPath, func(line []byte) error {
			var f findingRow
			if err := json.Unmarshal(line, &f); err != nil {
				return err
			}
			f.ID = resolveID(f.ID, texts, order)
			fs = append(fs, f)
			return nil
		}); err != nil {
			return err
		}
	}
	if control {
		if corpusPath == "" || findingsPath == "" {
			return fmt.Errorf("-control needs -corpus and -findings")
		}
		scoreControl(w, order, texts, fs, ex)
		return nil
	}
	if truthPath == "" {
		return fmt.Errorf("-truth is required")
	}
	var rows []truth
	byID := map[string]*truth{}
	if err := readJSONL(truthPath, func(line []byte) error {
		var t truth
		if err := json.Unmarshal(line, &t); err != nil {
			return err
		}
		rows = append(rows, t)
		return nil
	}); err != nil {
		return err
	}
	if texts != nil {
		// Score only the rows of the scanned file (a prefix, say).
		kept := rows[:0]
		for _, t := range rows {
			if _, ok := texts[t.ID]; ok {
				kept = append(kept, t)
			}
		}
		rows = kept
	}
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	fmt.Fprintf(w, "truth: %d rows\n", len(rows))
	if pairsPath != "" {
		clusters, npairs, err := pairClusters(pairsPath)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "peer pairs: %d, joined into %d clusters\n", npairs, len(clusters))
		scoreNear(w, rows, byID, clusters, texts, ex)
		return nil
	}
	exact := clustersOf(fs, func(f findingRow) bool { return f.Kind == "exact_duplicate" })
	near := clustersOf(fs, func(f findingRow) bool { return f.Kind == "near_duplicate" })
	if len(exact) > 0 {
		scoreExact(w, rows, byID, exact, texts, ex)
	}
	if len(near) > 0 {
		scoreNear(w, rows, byID, near, texts, ex)
	}
	scoreEvasions(w, rows, byID, fs, texts, ex)
	return nil
}

// clustersOf groups the rows of the selected findings by finding number.
func clustersOf(fs []findingRow, keep func(findingRow) bool) [][]string {
	m := map[int64][]string{}
	var keys []int64
	for _, f := range fs {
		if !keep(f) {
			continue
		}
		if _, ok := m[f.Finding]; !ok {
			keys = append(keys, f.Finding)
		}
		m[f.Finding] = append(m[f.Finding], f.ID)
	}
	out := make([][]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

// resolveID maps a row named by position ("file:line", 1-based, as
// dataaudit names rows when it does not use the id column) to the id of
// that line of the corpus.
func resolveID(id string, texts map[string]string, order []string) string {
	if _, ok := texts[id]; ok || order == nil {
		return id
	}
	i := strings.LastIndexByte(id, ':')
	if i < 0 {
		return id
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n < 1 || n > len(order) {
		return id
	}
	return order[n-1]
}

// ---------------------------------------------------------------- union-find

type uf map[string]string

func (u uf) find(x string) string {
	for {
		p, ok := u[x]
		if !ok || p == x {
			return x
		}
		if gp, ok := u[p]; ok {
			u[x] = gp
		}
		x = p
	}
}

func (u uf) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if ra > rb {
		ra, rb = rb, ra
	}
	u[rb] = ra
	u[ra] = ra
}

var pairMin float64

func pairClusters(path string) ([][]string, int, error) {
	u := uf{}
	n := 0
	err := readJSONL(path, func(line []byte) error {
		var p struct {
			A, B string
			J    float64
		}
		if err := json.Unmarshal(line, &p); err != nil {
			return err
		}
		if p.J < pairMin {
			return nil
		}
		u.union(p.A, p.B)
		n++
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	groups := map[string][]string{}
	for x := range u {
		r := u.find(x)
		groups[r] = append(groups[r], x)
	}
	var out [][]string
	for _, g := range groups {
		if len(g) > 1 {
			slices.Sort(g)
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b []string) int { return cmp.Compare(a[0], b[0]) })
	return out, n, nil
}

// ---------------------------------------------------------------- pair counting

func c2(n int) int64 { return int64(n) * int64(n-1) / 2 }

// pairScore counts predicted pairs, truth pairs and the pairs in both, from
// predicted clusters and a truth component for each row ("" = alone).
func pairScore(pred [][]string, comp func(string) string, truthSizes map[string]int) (predPairs, truthPairs, both int64) {
	for _, c := range pred {
		predPairs += c2(len(c))
		in := map[string]int{}
		for _, id := range c {
			if k := comp(id); k != "" {
				in[k]++
			}
		}
		for _, n := range in {
			both += c2(n)
		}
	}
	for _, n := range truthSizes {
		truthPairs += c2(n)
	}
	return
}

func ratio(a, b int64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.4f", float64(a)/float64(b))
}

// ---------------------------------------------------------------- exact

func scoreExact(w io.Writer, rows []truth, byID map[string]*truth, pred [][]string, texts map[string]string, ex int) {
	sizes := map[string]int{}
	for _, t := range rows {
		if t.XGroup != "" {
			sizes[t.XGroup]++
		}
	}
	comp := func(id string) string {
		if t := byID[id]; t != nil {
			return t.XGroup
		}
		return ""
	}
	pp, tp, both := pairScore(pred, comp, sizes)
	// Clusters reproduced exactly.
	exactSame := 0
	for _, c := range pred {
		g := comp(c[0])
		if g != "" && sizes[g] == len(c) && allSame(c, comp) {
			exactSame++
		}
	}
	fmt.Fprintf(w, "\n== exact duplicates (pairs within clusters)\n")
	fmt.Fprintf(w, "truth: %d clusters, %d pairs; predicted: %d clusters, %d pairs; in both: %d pairs\n", len(sizes), tp, len(pred), pp, both)
	fmt.Fprintf(w, "precision %s  recall %s  (target 1.0 / 1.0); truth clusters reproduced exactly: %d of %d\n", ratio(both, pp), ratio(both, tp), exactSame, len(sizes))
	// Recall per copy variant: is the copy in the same predicted cluster as its source?
	clusterOf := map[string]int{}
	for i, c := range pred {
		for _, id := range c {
			clusterOf[id] = i + 1
		}
	}
	srcOf := map[int]string{}
	for _, t := range rows {
		if t.Role == "exact_source" {
			srcOf[t.Group] = t.ID
		}
	}
	type acc struct{ n, hit int }
	per := map[string]*acc{}
	var missed []string
	for _, t := range rows {
		if t.Role != "exact_copy" {
			continue
		}
		a := per[t.Sub]
		if a == nil {
			a = &acc{}
			per[t.Sub] = a
		}
		a.n++
		s := srcOf[t.Group]
		if clusterOf[t.ID] != 0 && clusterOf[t.ID] == clusterOf[s] {
			a.hit++
		} else if len(missed) < ex {
			missed = append(missed, fmt.Sprintf("  missed copy %s (%s) of %s: %s vs %s", t.ID, t.Sub, s, snip(texts[t.ID]), snip(texts[s])))
		}
	}
	fmt.Fprintf(w, "copies found with their source, by variant:")
	for _, k := range sortedKeys(per) {
		fmt.Fprintf(w, " %s %d/%d", k, per[k].hit, per[k].n)
	}
	fmt.Fprintln(w)
	for _, m := range missed {
		fmt.Fprintln(w, m)
	}
	// False pairs: predicted clusters that span truth clusters.
	shown := 0
	for _, c := range pred {
		if allSame(c, comp) && comp(c[0]) != "" {
			continue
		}
		if shown < ex {
			fmt.Fprintf(w, "  false cluster %v: %s\n", head(c, 4), describe(c[:min(2, len(c))], byID, texts))
		}
		shown++
	}
	if shown > 0 {
		fmt.Fprintf(w, "  %d predicted clusters mix truth clusters or hold rows that have no duplicate\n", shown)
	}
}

func allSame(c []string, comp func(string) string) bool {
	for _, id := range c[1:] {
		if comp(id) != comp(c[0]) {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------- near

func scoreNear(w io.Writer, rows []truth, byID map[string]*truth, pred [][]string, texts map[string]string, ex int) {
	u := uf{}
	famRoot := map[int]string{}
	for _, t := range rows {
		if t.Cat == "near" {
			if r, ok := famRoot[t.Group]; ok {
				u.union(r, t.ID)
			} else {
				famRoot[t.Group] = t.ID
			}
		}
		if t.XGroup != "" {
			u.union(t.XGroup, t.ID)
		}
	}
	// Rows under 8 words are never compared (nearMinWords): leave them out
	// of the pair counts, or the 2,000 empty and white-space rows (one
	// exact group) would dominate the truth pairs.
	eligible := func(id string) bool { return texts == nil || len(tokens(texts[id])) >= 8 }
	sizes := map[string]int{}
	for x := range u {
		if eligible(x) {
			sizes[u.find(x)]++
		}
	}
	comp := func(id string) string {
		if _, ok := u[id]; ok && eligible(id) {
			return u.find(id)
		}
		return ""
	}
	pp, tp, both := pairScore(pred, comp, sizes)
	fmt.Fprintf(w, "\n== near duplicates\n")
	fmt.Fprintf(w, "truth components (near families joined with exact groups): %d, %d pairs; predicted: %d clusters, %d pairs; in both: %d\n", len(sizes), tp, len(pred), pp, both)
	fmt.Fprintf(w, "pair precision %s  pair recall %s (truth pairs among rows of 8+ words)\n", ratio(both, pp), ratio(both, tp))

	clusterOf := map[string]int{}
	for i, c := range pred {
		for _, id := range c {
			clusterOf[id] = i + 1
		}
	}
	srcOf := map[int]*truth{}
	for i := range rows {
		if rows[i].Role == "near_source" {
			srcOf[rows[i].Group] = &rows[i]
		}
	}
	type acc struct{ n, hit int }
	per := map[string]*acc{}
	byRate := map[string]*acc{}
	byLen := map[string]*acc{}
	var head, stress acc
	var missed []*truth
	add := func(m map[string]*acc, k string, hit bool) {
		a := m[k]
		if a == nil {
			a = &acc{}
			m[k] = a
		}
		a.n++
		if hit {
			a.hit++
		}
	}
	for i := range rows {
		t := &rows[i]
		if t.Role != "near_copy" {
			continue
		}
		s := srcOf[t.Group]
		if s == nil {
			continue // source not in the scanned rows
		}
		hit := clusterOf[t.ID] != 0 && clusterOf[t.ID] == clusterOf[s.ID]
		add(per, t.Mode, hit)
		if stressModes[t.Mode] {
			stress.n++
			if hit {
				stress.hit++
			}
			continue
		}
		head.n++
		if hit {
			head.hit++
		} else {
			missed = append(missed, t)
		}
		add(byRate, rateBucket(t.Rate), hit)
		add(byLen, lenBucket(t.Words), hit)
	}
	// Exact copies of 8+ words are near duplicates too (similarity 1 after
	// normalization): are they clustered with their source?
	exSrc := map[int]string{}
	for _, t := range rows {
		if t.Role == "exact_source" {
			exSrc[t.Group] = t.ID
		}
	}
	exPer := map[string]*acc{}
	var exMissed []string
	for _, t := range rows {
		if t.Role != "exact_copy" || !eligible(t.ID) || !eligible(exSrc[t.Group]) {
			continue
		}
		s := exSrc[t.Group]
		hit := clusterOf[t.ID] != 0 && clusterOf[t.ID] == clusterOf[s]
		add(exPer, t.Sub, hit)
		if !hit && len(exMissed) < ex/2 {
			exMissed = append(exMissed, fmt.Sprintf("  exact copy not near-clustered: %s (%s) of %s: %s", t.ID, t.Sub, s, snip(texts[t.ID])))
		}
	}
	fmt.Fprintf(w, "exact copies (8+ words) clustered with their source, by variant:")
	for _, k := range sortedKeys(exPer) {
		fmt.Fprintf(w, " %s %d/%d", k, exPer[k].hit, exPer[k].n)
	}
	fmt.Fprintln(w)
	for _, m := range exMissed {
		fmt.Fprintln(w, m)
	}
	fmt.Fprintf(w, "RECALL (near copies clustered with their source; edits: swap, delete, recase, repunct): %d/%d = %s  (target >= 0.95)\n", head.hit, head.n, ratio(int64(head.hit), int64(head.n)))
	fmt.Fprintf(w, "PRECISION (pairs): %s  (target >= 0.95)\n", ratio(both, pp))
	fmt.Fprintf(w, "stress modes (with words replaced by other words): %d/%d = %s\n", stress.hit, stress.n, ratio(int64(stress.hit), int64(stress.n)))
	fmt.Fprintf(w, "recall by mode:")
	for _, k := range sortedKeys(per) {
		fmt.Fprintf(w, " %s %d/%d (%.3f)", k, per[k].hit, per[k].n, float64(per[k].hit)/float64(per[k].n))
	}
	fmt.Fprintf(w, "\nrecall by edited share (headline modes):")
	for _, k := range sortedKeys(byRate) {
		fmt.Fprintf(w, " %s %d/%d (%.3f)", k, byRate[k].hit, byRate[k].n, float64(byRate[k].hit)/float64(byRate[k].n))
	}
	fmt.Fprintf(w, "\nrecall by source words (headline modes):")
	for _, k := range sortedKeys(byLen) {
		fmt.Fprintf(w, " %s %d/%d (%.3f)", k, byLen[k].hit, byLen[k].n, float64(byLen[k].hit)/float64(byLen[k].n))
	}
	fmt.Fprintln(w)
	for _, t := range missed[:min(ex, len(missed))] {
		s := srcOf[t.Group]
		wj, bj := -1.0, -1.0
		if texts != nil {
			wj, bj = wordJ(texts[t.ID], texts[s.ID])
		}
		fmt.Fprintf(w, "  missed %s (%s, %d of %d words edited) of source %s: exact word Jaccard %.3f, word-pair Jaccard %.3f\n", t.ID, t.Mode, t.Edits, t.Words, s.ID, wj, bj)
	}
	// False pairs.
	var fps []string
	nfp := 0
	for _, c := range pred {
		byComp := map[string][]string{}
		for _, id := range c {
			k := comp(id)
			if k == "" {
				k = "alone:" + id
			}
			byComp[k] = append(byComp[k], id)
		}
		if len(byComp) < 2 {
			continue
		}
		nfp++
		keys := sortedKeys(byComp)
		a, b := byComp[keys[0]][0], byComp[keys[1]][0]
		if len(fps) < ex {
			wj, bj := -1.0, -1.0
			if texts != nil {
				wj, bj = wordJ(texts[a], texts[b])
			}
			fps = append(fps, fmt.Sprintf("  false pair in cluster of %d: %s + %s: exact word Jaccard %.3f, word-pair Jaccard %.3f; %s", len(c), a, b, wj, bj, describe([]string{a, b}, byID, texts)))
		}
	}
	fmt.Fprintf(w, "predicted clusters joining rows of different truth components (or rows with no duplicate): %d\n", nfp)
	for _, s := range fps {
		fmt.Fprintln(w, s)
	}
}

func rateBucket(r float64) string {
	switch {
	case r < 0.06:
		return "[0.00,0.06)"
	case r < 0.08:
		return "[0.06,0.08)"
	case r < 0.10:
		return "[0.08,0.10)"
	default:
		return "[0.10,+)"
	}
}

func lenBucket(n int) string {
	switch {
	case n < 60:
		return "040-059"
	case n < 100:
		return "060-099"
	case n < 200:
		return "100-199"
	default:
		return "200+"
	}
}

// tokens splits like dataaudit's tokenizer: lowercase, runs of letters and
// digits.
func tokens(t string) []string {
	return strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

func wordJ(a, b string) (float64, float64) {
	ta, tb := tokens(a), tokens(b)
	return jac(setOf(ta, 1), setOf(tb, 1)), jac(setOf(ta, 2), setOf(tb, 2))
}

func setOf(ws []string, k int) map[string]bool {
	m := map[string]bool{}
	for i := 0; i+k <= len(ws); i++ {
		m[strings.Join(ws[i:i+k], " ")] = true
	}
	return m
}

func jac(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
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

// ---------------------------------------------------------------- evasions

var evasionCats = []string{
	"invisible_char", "bidi_control", "control_char", "mixed_script", "invalid_utf8",
	"repeated_run", "encoded_blob", "non_text", "empty_text", "whitespace_only",
}

func flagged(fs []findingRow) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, f := range fs {
		cat := ""
		switch f.Kind {
		case "cleaning_evasion":
			cat = f.Subkind
		case "invalid_utf8":
			cat = "invalid_utf8"
		default:
			continue
		}
		if out[cat] == nil {
			out[cat] = map[string]string{}
		}
		out[cat][f.ID] = f.Evidence
	}
	return out
}

func scoreEvasions(w io.Writer, rows []truth, byID map[string]*truth, fs []findingRow, texts map[string]string, ex int) {
	fl := flagged(fs)
	anyFlag := map[string]bool{}
	for _, m := range fl {
		for id := range m {
			anyFlag[id] = true
		}
	}
	fmt.Fprintf(w, "\n== cleaning evasions (target recall >= 0.9 each)\n")
	fmt.Fprintf(w, "%-16s %6s %6s %8s %9s %7s  %s\n", "category", "truth", "found", "recall", "precision", "any", "flagged but not injected in the category (by role/category)")
	for _, cat := range evasionCats {
		var n, hit, anyHit int
		type acc struct{ n, hit int }
		per := map[string]*acc{}
		var missed []*truth
		for i := range rows {
			t := &rows[i]
			if t.Role != "evasion" || t.Cat != cat {
				continue
			}
			n++
			a := per[t.Sub]
			if a == nil {
				a = &acc{}
				per[t.Sub] = a
			}
			a.n++
			if _, ok := fl[cat][t.ID]; ok {
				hit++
				a.hit++
			} else {
				missed = append(missed, t)
			}
			if anyFlag[t.ID] {
				anyHit++
			}
		}
		other := map[string]int{}
		var otherEx []string
		for id, ev := range fl[cat] {
			t := byID[id]
			if t != nil && t.Role == "evasion" && t.Cat == cat {
				continue
			}
			k := "unknown"
			if t != nil {
				k = t.Role
				if t.Role == "evasion" {
					k = t.Cat
				}
			}
			other[k]++
			if len(otherEx) < ex {
				otherEx = append(otherEx, fmt.Sprintf("    %s (%s): %s", id, k, ev))
			}
		}
		total := len(fl[cat])
		var parts []string
		for _, k := range sortedKeys(other) {
			parts = append(parts, fmt.Sprintf("%s %d", k, other[k]))
		}
		fmt.Fprintf(w, "%-16s %6d %6d %8s %9s %7s  %s\n", cat, n, hit, ratio(int64(hit), int64(n)), ratio(int64(total-sum(other)), int64(total)), ratio(int64(anyHit), int64(n)), strings.Join(parts, ", "))
		var vs []string
		for _, k := range sortedKeys(per) {
			vs = append(vs, fmt.Sprintf("%s %d/%d", k, per[k].hit, per[k].n))
		}
		fmt.Fprintf(w, "    by variant: %s\n", strings.Join(vs, ", "))
		sort.Slice(missed, func(i, j int) bool { return missed[i].ID < missed[j].ID })
		for _, t := range missed[:min(ex, len(missed))] {
			fmt.Fprintf(w, "    missed %s (%s, from %s): %s\n", t.ID, t.Sub, t.Src, snip(texts[t.ID]))
		}
		slices.Sort(otherEx)
		for _, s := range otherEx {
			fmt.Fprintln(w, s)
		}
	}
	// Unmodified rows (base and duplicate families) flagged at all.
	var clean, cleanFlagged int
	for _, t := range rows {
		if t.Role != "evasion" {
			clean++
			if anyFlag[t.ID] {
				cleanFlagged++
			}
		}
	}
	fmt.Fprintf(w, "rows without an injected evasion flagged as one: %d of %d (%.2f%%)\n", cleanFlagged, clean, 100*float64(cleanFlagged)/float64(max(clean, 1)))
}

func sum(m map[string]int) int {
	s := 0
	for _, v := range m {
		s += v
	}
	return s
}

// ---------------------------------------------------------------- control

func scoreControl(w io.Writer, order []string, texts map[string]string, fs []findingRow, ex int) {
	total := len(order)
	byKind := map[string]map[string]bool{}
	evid := map[string]map[string]string{}
	for _, f := range fs {
		k := f.Kind
		if f.Subkind != "" && (f.Kind == "cleaning_evasion" || f.Kind == "outlier") {
			k += "/" + f.Subkind
		}
		if byKind[k] == nil {
			byKind[k] = map[string]bool{}
			evid[k] = map[string]string{}
		}
		byKind[k][f.ID] = true
		if len(evid[k]) < ex {
			evid[k][f.ID] = f.Evidence
		}
	}
	anyEv, anyAll := map[string]bool{}, map[string]bool{}
	for k, ids := range byKind {
		for id := range ids {
			anyAll[id] = true
			if strings.HasPrefix(k, "cleaning_evasion") || k == "invalid_utf8" {
				anyEv[id] = true
			}
		}
	}
	fmt.Fprintf(w, "== control corpus: %d rows\n", total)
	fmt.Fprintf(w, "flagged as a cleaning evasion (any category, incl. invalid_utf8): %d (%.3f%%)  (target <= 2%%)\n", len(anyEv), 100*float64(len(anyEv))/float64(total))
	fmt.Fprintf(w, "named by any finding: %d (%.3f%%)\n", len(anyAll), 100*float64(len(anyAll))/float64(total))
	// Per source (mail, kjv, fortune).
	n, nEv := map[string]int{}, map[string]int{}
	for _, id := range order {
		s, _, _ := strings.Cut(corpusSrc[id], ":")
		n[s]++
		if anyEv[id] {
			nEv[s]++
		}
	}
	for _, s := range sortedKeys(n) {
		fmt.Fprintf(w, "  source %-8s %6d rows, %5d flagged as evasions (%.3f%%)\n", s, n[s], nEv[s], 100*float64(nEv[s])/float64(n[s]))
	}
	for _, k := range sortedKeys(byKind) {
		fmt.Fprintf(w, "  %-36s %6d rows (%.3f%%)\n", k, len(byKind[k]), 100*float64(len(byKind[k]))/float64(total))
		ids := sortedKeys(evid[k])
		for _, id := range ids[:min(3, len(ids))] {
			e := evid[k][id]
			if len(e) > 200 {
				e = e[:200] + "…"
			}
			fmt.Fprintf(w, "      %s: %s\n", id, e)
		}
	}
}

// ---------------------------------------------------------------- helpers

func describe(ids []string, byID map[string]*truth, texts map[string]string) string {
	var parts []string
	for _, id := range ids {
		t := byID[id]
		role := "?"
		if t != nil {
			role = t.Role
			if t.Cat != "" && t.Role == "evasion" {
				role += "/" + t.Cat
			}
			role += " " + t.Src
		}
		parts = append(parts, fmt.Sprintf("%s [%s] %s", id, role, snip(texts[id])))
	}
	return strings.Join(parts, " | ")
}

func snip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 90 {
		r := []rune(s)
		s = string(r[:90]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

func head(s []string, n int) []string { return s[:min(n, len(s))] }

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
