package labels

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// counterfactual is a worker's scratch for scoring a row without one of
// its candidate grams. The row's tokens, bucket counts and candidate
// occurrences are the featurizer's, kept as it hashed the row (pass 2
// tokenises a row once).
type counterfactual struct {
	grouped []cfOcc  // the row's occurrences, grouped by gram
	ogrp    []int32  // per occurrence: its group
	ggram   []uint32 // per group: its gram's index in the Scorer
	gnext   []int32  // per group: where its next occurrence goes in grouped
	// gseen and gat find a gram's group in the row: gat[g] is valid when
	// gseen[g] is the row's stamp. Indexed by the Scorer's gram indices.
	gseen   []uint32
	gat     []int32
	stamp   uint32
	touched []uint32 // the entries a gram takes out, sorted
	gone    []uint32 // the buckets that leave the row with the gram, sorted
	dead    []bool   // per token: taken out
	u, s    []float64
	ss      float64 // the row's Σ idf² (its norm before normalisation, squared)
	// nb is the row's naive Bayes scores, computed only once a gram's
	// margin asks for them (nbDone): on most rows no gram changes the
	// model's reading, and the naive Bayes scores cost a look-up per
	// feature and class.
	nb, nb2 []float64
	nbDone  bool
}

// nbAlpha is the naive Bayes smoothing of the word-distribution test.
const nbAlpha = 1.0

// reset sizes the scratch for C classes.
func (cf *counterfactual) reset(C int) {
	if cap(cf.u) < C {
		cf.u, cf.s = make([]float64, C), make([]float64, C)
		cf.nb, cf.nb2 = make([]float64, C), make([]float64, C)
	}
	cf.u, cf.s, cf.nb, cf.nb2 = cf.u[:C], cf.s[:C], cf.nb[:C], cf.nb2[:C]
}

// countGrams counts the candidate grams of the row the featurizer last
// hashed, whose features are fs, fold fd and label y, and scores the row without each of them:
// its words and pairs with the gram's words taken out (the gram's own
// buckets, and the pairs its words are part of, unless another word or
// pair of the row falls in the same bucket). Two scores, and the row
// reads like another class without the gram when both name the same
// other class:
//
//   - the model's: the same TF-IDF features renormalised, by the model of
//     the row's fold. That is what the model would predict had the gram
//     not been written into the row.
//   - the classes' own word distributions: a naive Bayes score from the
//     first pass' document frequencies (each class's share of rows
//     holding each bucket, the row itself left out, smoothed by
//     nbAlpha). A discriminative model leans on a class's defining phrase
//     ("someone who" for people) so hard that without it the rest of the
//     row is read poorly; the word distributions weigh every remaining
//     word for what it is in each class. A topical gram's rows still read
//     like their class through their other words; a planted trigger's
//     rows read like the classes they were taken from.
//
// The caller (Scorer.Add) has filled cf.u with the row's model scores
// before normalisation and the bias (u_k = Σ w_k·idf, so that
// s_k = b_k + u_k/‖x‖) and cf.ss with Σ idf², as it scored the row: each
// gram then costs only the entries it takes out.
func (sc *Scorer) countGrams(fs []uint32, fd, row int, y int32) {
	cf := &sc.cf
	ft := &sc.f
	cf.nbDone = false
	cf.group(sc, ft.occ, ft.gbuf)
	if cap(cf.dead) < len(ft.toks) {
		cf.dead = make([]bool, len(ft.toks), cap(ft.toks))
	}
	cf.dead = cf.dead[:len(ft.toks)]
	lo := 0
	for k, g := range cf.ggram {
		hi := int(cf.gnext[k])
		sc.without(cf.grouped[lo:hi], g, fs, fd, row, y)
		lo = hi
	}
}

// group puts the row's occurrences of the same gram next to each other,
// each gram's in input order (without relies on it), the grams in the
// order of their first occurrence, and finds each gram's index in the
// Scorer (adding the new ones): cf.ggram lists the grams, cf.gnext[k]
// where gram k's occurrences end in cf.grouped. One look-up of an
// occurrence's hash and text a gram, then a counting sort: no comparison
// of texts between occurrences, however long the row. The order of the
// grams does not matter: each is scored from the row as it is, and the
// Result's order comes from the grams' texts, never from the order they
// were counted in (workers merge them in any order).
func (cf *counterfactual) group(sc *Scorer, occ []cfOcc, gbuf []byte) {
	cf.stamp++
	if cf.stamp == 0 { // wrapped: forget every row
		clear(cf.gseen)
		cf.stamp = 1
	}
	cf.ggram, cf.gnext, cf.ogrp = cf.ggram[:0], cf.gnext[:0], cf.ogrp[:0]
	for _, o := range occ {
		g := sc.gram(o.h, o.text(gbuf))
		if int(g) >= len(cf.gseen) {
			n := max(len(sc.grams), 2*len(cf.gseen))
			cf.gseen = append(cf.gseen, make([]uint32, n-len(cf.gseen))...)
			cf.gat = append(cf.gat, make([]int32, n-len(cf.gat))...)
		}
		if cf.gseen[g] != cf.stamp {
			cf.gseen[g] = cf.stamp
			cf.gat[g] = int32(len(cf.ggram))
			cf.ggram = append(cf.ggram, g)
			cf.gnext = append(cf.gnext, 0)
		}
		k := cf.gat[g]
		cf.gnext[k]++
		cf.ogrp = append(cf.ogrp, k)
	}
	// gnext: each group's count, then where it starts, then (after the
	// scatter) where it ends.
	at := int32(0)
	for k, n := range cf.gnext {
		cf.gnext[k] = at
		at += n
	}
	if cap(cf.grouped) < len(occ) {
		cf.grouped = make([]cfOcc, len(occ), cap(occ))
	}
	cf.grouped = cf.grouped[:len(occ)]
	for i, o := range occ {
		k := cf.ogrp[i]
		cf.grouped[cf.gnext[k]] = o
		cf.gnext[k]++
	}
}

// gramCache finds a gram's index in the Scorer from its 64-bit hash and
// its text: open addressing over the hashes, each slot with a copy of
// its gram's text in one buffer (a comparison reads nearby memory, not
// the gram's string). Cheaper than a map: two grams a row are looked up
// for every labelled row on mail.
type gramCache struct {
	slots []gramSlot
	text  []byte
	n     int
}

type gramSlot struct {
	h         uint64
	g         uint32 // the gram's index + 1; 0: empty
	off, size uint32 // its text in gramCache.text
}

// gram returns the index of the gram whose hash is h and text is text,
// adding the gram (no rows yet) if the Scorer has not met it.
func (sc *Scorer) gram(h uint64, text []byte) uint32 {
	gc := &sc.gcache
	if len(gc.slots) == 0 {
		gc.slots = make([]gramSlot, 1024)
	}
	mask := uint64(len(gc.slots) - 1)
	i := (h * 0x9E3779B97F4A7C15) >> 32 & mask
	for ; gc.slots[i].g != 0; i = (i + 1) & mask {
		s := &gc.slots[i]
		if s.h == h && bytes.Equal(gc.text[s.off:s.off+s.size], text) {
			return s.g - 1
		}
	}
	g, ok := sc.gidx[string(text)]
	if !ok {
		C := len(sc.m.Names)
		g = uint32(len(sc.grams))
		sc.grams = append(sc.grams, gramStat{text: string(text), rows: make([]int64, C), other: make([]int64, C)})
		sc.gidx[sc.grams[g].text] = g
	}
	if len(gc.text)+len(text) > math.MaxUint32 {
		return g // not cached: gidx finds it
	}
	gc.slots[i] = gramSlot{h: h, g: g + 1, off: uint32(len(gc.text)), size: uint32(len(text))}
	gc.text = append(gc.text, text...)
	gc.n++
	if 2*gc.n > len(gc.slots) {
		old := gc.slots
		gc.slots = make([]gramSlot, 2*len(old))
		mask := uint64(len(gc.slots) - 1)
		for _, s := range old {
			if s.g == 0 {
				continue
			}
			j := (s.h * 0x9E3779B97F4A7C15) >> 32 & mask
			for gc.slots[j].g != 0 {
				j = (j + 1) & mask
			}
			gc.slots[j] = s
		}
	}
	return g
}

// nbWithout returns the row's naive Bayes scores without the buckets in
// cf.gone, computing the row's own (fs, label y) first if this row has
// not needed them yet.
func (sc *Scorer) nbWithout(fs []uint32, y int32) []float64 {
	m, cf := sc.m, &sc.cf
	C := len(m.Names)
	if !cf.nbDone {
		for k := range C {
			docs := float64(m.docs[k])
			if int32(k) == y {
				docs--
			}
			cf.nb[k] = math.Log(max(docs, 0) + nbAlpha)
			for _, f := range fs {
				cf.nb[k] += sc.nbTerm(k, f, y)
			}
		}
		cf.nbDone = true
	}
	copy(cf.nb2, cf.nb)
	for _, f := range cf.gone {
		for k := range C {
			cf.nb2[k] -= sc.nbTerm(k, f, y)
		}
	}
	return cf.nb2
}

// nbTerm is the naive Bayes log-likelihood of bucket f in class k for a
// row of class y (left out of its class's counts), from the Model's
// tables (nbTables).
func (sc *Scorer) nbTerm(k int, f uint32, y int32) float64 {
	m := sc.m
	d := m.df[k*NumBuckets+int(f)]
	if int32(k) == y {
		return m.nbOwn[k][d]
	}
	return m.nbOther[k][d]
}

// nbTables fills nbOther and nbOwn: log((df+α)/(docs+2α)) for every
// document frequency df a bucket has in class k, with the class's counts
// as they are (nbOther[k][df]) and with a row of the class left out
// (nbOwn[k][df]). The counterfactual sums the term over every feature of
// a row carrying a candidate, for every class; a table look-up instead of
// a logarithm each, with the same bits. 16 bytes for each document
// frequency up to the class's largest: at most 16 bytes a labelled row.
func (m *Model) nbTables() {
	C := len(m.Names)
	m.nbOther, m.nbOwn = make([][]float64, C), make([][]float64, C)
	for k := range C {
		var hi uint32
		for _, d := range m.df[k*NumBuckets : (k+1)*NumBuckets] {
			hi = max(hi, d)
		}
		other, own := make([]float64, hi+1), make([]float64, hi+1)
		docs := float64(m.docs[k])
		for d := range other {
			df := float64(d)
			other[d] = math.Log((df + nbAlpha) / (docs + 2*nbAlpha))
			own[d] = math.Log((max(df-1, 0) + nbAlpha) / (max(docs-1, 0) + 2*nbAlpha))
		}
		m.nbOther[k], m.nbOwn[k] = other, own
	}
}

// without scores the row without gram g (all its occurrences occ) and
// counts it.
func (sc *Scorer) without(occ []cfOcc, g uint32, fs []uint32, fd int, row int, y int32) {
	m, cf, ft := sc.m, &sc.cf, &sc.f
	C := len(m.Names)
	lr := m.lr
	for _, o := range occ {
		for i := o.lo; i <= o.hi; i++ {
			cf.dead[i] = true
		}
	}
	// The entries taken out: the dead words, and the pairs with a dead
	// word, which are those of tokens lo..hi+1 of an occurrence.
	// Occurrences are in input order, and a gram's all span as many
	// tokens, so each token is visited once, in order.
	cf.touched = cf.touched[:0]
	n := int32(len(ft.toks))
	next := int32(0) // the first token not visited yet
	for _, o := range occ {
		for i := max(o.lo, next); i <= min(o.hi+1, n-1); i++ {
			if cf.dead[i] {
				cf.touched = append(cf.touched, ft.toks[i].uni)
			}
			if i > 0 && (cf.dead[i-1] || cf.dead[i]) {
				cf.touched = append(cf.touched, ft.toks[i].pair)
			}
		}
		next = max(next, o.hi+2)
	}
	for _, o := range occ {
		for i := o.lo; i <= o.hi; i++ {
			cf.dead[i] = false
		}
	}
	if C == 2 {
		if bound, ok := sc.clearlyOwn(fd, y); ok {
			sc.grams[g].rows[y]++
			sc.carry.Add(carry{row: uint32(row), gram: g, margin: float32(bound), as: int8(1 - y)})
			return
		}
	}
	sortSmall(cf.touched)
	// A bucket leaves the row when every entry of it is taken out:
	// s'_k = b_k + (u_k - Σ_removed w_k·idf) / ‖x without them‖.
	copy(cf.s, cf.u)
	cf.gone = cf.gone[:0]
	rr := 0.0
	for lo := 0; lo < len(cf.touched); {
		f := cf.touched[lo]
		hi := lo + 1
		for hi < len(cf.touched) && cf.touched[hi] == f {
			hi++
		}
		if ft.count(f) == hi-lo {
			cf.gone = append(cf.gone, f)
			v := float64(lr.Idf[f])
			rr += v * v
			for k := range C {
				if C == 2 && k == 0 {
					continue
				}
				cf.s[k] -= float64(lr.W[fd][k*NumBuckets+int(f)]) * v
			}
		}
		lo = hi
	}
	norm := math.Sqrt(max(cf.ss-rr, 0))
	for k := range C {
		switch {
		case C == 2 && k == 0:
			cf.s[k] = 0
		case norm > 1e-9:
			cf.s[k] = lr.B[fd][k] + cf.s[k]/norm
		default:
			cf.s[k] = lr.B[fd][k]
		}
	}
	as := suggested(cf.s, y)
	margin := float32(cf.s[as] - cf.s[y])
	// Both read the same other class: the rest of a trigger's row is a
	// row of the class it was taken from, while the rest of a row without
	// its class's defining phrase ("someone who ...") is read as this
	// class by one and as another by the other, or as two others.
	other := margin > 0 && argmax(sc.nbWithout(fs, y)) == as
	st := &sc.grams[g]
	st.rows[y]++
	if other {
		st.other[y]++
	} else if margin > 0 {
		margin = -margin // not reading otherwise
	}
	sc.carry.Add(carry{row: uint32(row), gram: g, margin: margin, as: int8(as)})
}

// marginSlack is how far below zero clearlyOwn's bound on a margin must
// be: far more than the rounding of the exact computation (about 1e-13
// on scores of a few units).
const marginSlack = 1e-6

// clearlyOwn is a cheap test, for two classes, that the row still reads
// as its label y without the entries in cf.touched (with repeats):
// bound, an upper bound on the margin without exactly itself, is below
// -marginSlack. Every bucket that leaves the row is among them, so the
// weights they take out sum to at most A = Σ |w|·idf in size and their
// Σ idf² is at most Q = Σ idf², which bound s'_1 = b + (u - R)/‖x'‖ with
// ‖x'‖ between √(ss - Q) and √ss. Most grams of most rows pass: a few
// entries of a few hundred do not turn a row that reads clearly as its
// label, and the exact margin (sorting the entries, finding which
// buckets leave, naive Bayes) is needed only where it might be above
// zero. A row whose gram takes out more than 3/4 of Σ idf² is not
// bounded.
func (sc *Scorer) clearlyOwn(fd int, y int32) (float64, bool) {
	cf, lr := &sc.cf, sc.m.lr
	w := lr.W[fd][NumBuckets : 2*NumBuckets]
	idf := lr.Idf[:NumBuckets]
	var a, q float64
	for _, f := range cf.touched {
		f &= NumBuckets - 1
		v := float64(idf[f])
		a += math.Abs(float64(w[f])) * v
		q += v * v
	}
	rest := cf.ss - q
	if !(rest > cf.ss/4 && rest > 1e-12) {
		return 0, false
	}
	b, u := lr.B[fd][1], cf.u[1]
	var bound float64
	if y == 1 { // margin = -s'_1: bound s'_1 from below
		num := u - a
		d := math.Sqrt(cf.ss)
		if num < 0 {
			d = math.Sqrt(rest)
		}
		bound = -(b + num/d)
	} else { // margin = s'_1: bound it from above
		num := u + a
		d := math.Sqrt(cf.ss)
		if num > 0 {
			d = math.Sqrt(rest)
		}
		bound = b + num/d
	}
	return bound, bound < -marginSlack
}

// sortSmall sorts a few bucket numbers (a gram's entries: three to five an
// occurrence) by insertion, a long list as slices.Sort does: the same
// order either way.
func sortSmall(a []uint32) {
	if len(a) > 32 {
		slices.Sort(a)
		return
	}
	for i := 1; i < len(a); i++ {
		v := a[i]
		j := i
		for ; j > 0 && a[j-1] > v; j-- {
			a[j] = a[j-1]
		}
		a[j] = v
	}
}

// freeStanding drops the candidates that are part of a repeated text
// rather than free-standing: those whose rows nearly all (80%) carry two or
// more other candidate words or pairs that are not part of it. A trigger
// is planted into many different texts, so nothing but its own words comes
// with it; a rare phrase of a document repeated in the corpus (a spam
// campaign cut into rows, say) comes with the rest of that document's rare
// words. Rows of such a document that read like another label without
// those words are still a finding for label errors, not for triggers.
func freeStanding(sc *Scorer, ts []trigger) []trigger {
	if len(ts) == 0 {
		return ts
	}
	flagged := make(map[uint32]int, len(ts))
	for i, t := range ts {
		flagged[uint32(t.g)] = i
	}
	// The candidate grams of every row that carries a flagged one.
	byRow := map[uint32][]uint32{}
	for _, cs := range sc.carry.Chunks() {
		for _, c := range cs {
			if _, ok := flagged[c.gram]; ok {
				byRow[c.row] = nil
			}
		}
	}
	for _, cs := range sc.carry.Chunks() {
		for _, c := range cs {
			if gs, ok := byRow[c.row]; ok {
				byRow[c.row] = append(gs, c.gram)
			}
		}
	}
	rowsOf := make([][]uint32, len(ts))
	for row, gs := range byRow {
		for _, g := range gs {
			if i, ok := flagged[g]; ok {
				rowsOf[i] = append(rowsOf[i], row)
			}
		}
	}
	kept := ts[:0]
	for i, t := range ts {
		own := strings.Fields(sc.grams[t.g].text)
		with := map[uint32]int{}
		for _, row := range rowsOf[i] {
			for _, g := range byRow[row] {
				if g != uint32(t.g) {
					with[g]++
				}
			}
		}
		companions := 0
		for g, n := range with {
			if 5*n < 4*len(rowsOf[i]) || overlaps(own, strings.Fields(sc.grams[g].text)) {
				continue
			}
			companions++
		}
		if companions < 2 {
			kept = append(kept, t)
		}
	}
	return kept
}

// overlaps reports whether two grams share a word.
func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// trigger is a flagged gram.
type trigger struct {
	g     int
	class int
	score float64 // concentration: -log10 of the adjusted tail bound
	// rank is the counterfactual test: -log10 of the adjusted tail bound
	// on how many of its rows of its class read like another class
	// without it, against the class's other concentrated grams.
	rank    float64
	support int64
	// purity is the share of its rows in its class; classPurity and
	// classOther the same shares over the class's other concentrated
	// grams (their topical vocabulary).
	purity, classPurity, classOther float64
	// purer is -log10 of the tail bound on its purity at classPurity
	// (evidence only).
	purer float64
}

// triggers lists the trigger candidates and the rows carrying them.
//
// Every gram counted in pass 2 is first tested for concentration: far
// more of its rows in one class than the class's base rate (Chernoff,
// Bonferroni over m.tests). On many classes, that admits a class's
// topical vocabulary ("tree" in plants) along with a trigger, so a
// concentrated gram is then held against the other concentrated grams of
// its class, the class's own word distribution: it must be at least as
// pure as they are taken together (the evidence gives the tail bound of
// its purity at theirs; as a gate it lost planted triggers in a few
// hundred rows, where every concentrated gram is pure), and without it
// more of its rows must
// read like another class than without them, significantly (Chernoff
// bound on the binomial tail at the class's rate, Bonferroni over the
// concentrated grams) and for at least TriggerMinOther of its rows. A
// topical word's rows still read like their class through their other
// words; a planted trigger's rows read like the classes they were taken
// from. Candidates are ranked by that test; a candidate sharing a word
// with a better one, most of whose rows (TriggerOverlap) are the better
// one's, is the same trigger (the pair "cf a" of the word "cf") and is
// left out, as are those beyond TriggerMaxCandidates; res counts them.
func (m *Model) triggers(sc *Scorer, y []int32, inv []uint32, t, misread float64,
	rowOf func(int) finding.Row, maxList int, res *Result, out *Findings) {
	C := len(m.Names)
	res.TriggerTests = float64(int64(m.tests))
	res.TriggerBuckets = m.candidates
	res.TriggerGrams = len(sc.grams)
	logTests := math.Log(m.tests)
	hi := m.maxTriggerRows()
	var cs []trigger
	for g, st := range sc.grams {
		var n int64
		for _, v := range st.rows {
			n += v
		}
		if n < MinTriggerRows || n > hi {
			continue
		}
		bestK, best := -1, 0.0
		for k := range C {
			lb := chernoff(st.rows[k], n, float64(m.docs[k])/float64(m.rows))
			if s := (-lb - logTests) / math.Ln10; s > best {
				bestK, best = k, s
			}
		}
		if bestK < 0 || best < TriggerMinScore {
			continue
		}
		cs = append(cs, trigger{g: g, class: bestK, score: best, support: n})
	}
	res.TriggerConcentrated = int64(len(cs))
	// The class's concentrated grams together: rows of the class, of them
	// reading otherwise without the gram, and all rows.
	var rows, other, all, grams = make([]int64, C), make([]int64, C), make([]int64, C), make([]int64, C)
	for _, c := range cs {
		grams[c.class]++
		st := sc.grams[c.g]
		rows[c.class] += st.rows[c.class]
		other[c.class] += st.other[c.class]
		all[c.class] += c.support
	}
	logGrams := math.Log10(float64(max(len(cs), 1)))
	var ts []trigger
	for _, c := range cs {
		st := sc.grams[c.g]
		k := c.class
		r, o := st.rows[k], st.other[k]
		c.purity = float64(r) / float64(c.support)
		c.classPurity, c.classOther = float64(m.docs[k])/float64(m.rows), misread
		if n := all[k] - c.support; n > 0 {
			c.classPurity = float64(rows[k]-r) / float64(n)
		}
		if n := rows[k] - r; n > 0 {
			c.classOther = float64(other[k]-o) / float64(n)
		}
		c.purer = -chernoff(r, c.support, min(c.classPurity, 1-1e-3)) / math.Ln10
		if c.purity < c.classPurity || float64(o) < TriggerMinOther*float64(r) {
			continue
		}
		c.rank = -chernoff(o, r, min(max(c.classOther, 1e-3), 1-1e-3))/math.Ln10 - logGrams
		if c.rank < TriggerMinScore {
			continue
		}
		ts = append(ts, c)
	}
	slices.SortFunc(ts, func(a, b trigger) int {
		if c := cmp.Compare(b.rank, a.rank); c != 0 {
			return c
		}
		ga, gb := sc.grams[a.g].text, sc.grams[b.g].text
		// A pair before the words it is made of.
		if c := cmp.Compare(strings.Count(gb, " "), strings.Count(ga, " ")); c != 0 {
			return c
		}
		return cmp.Compare(ga, gb)
	})
	ts = freeStanding(sc, ts)
	// The rows of its class each flagged gram is carried by, in input
	// order, with how each reads without it.
	flagged := make(map[uint32]int, len(ts))
	for i, tr := range ts {
		flagged[uint32(tr.g)] = i
	}
	carried := make([][]carry, len(ts))
	for _, blk := range sc.carry.Chunks() {
		for _, c := range blk {
			i, ok := flagged[c.gram]
			if !ok || y[inv[c.row]] != int32(ts[i].class) {
				continue
			}
			c.row = inv[c.row]
			carried[i] = append(carried[i], c)
		}
	}
	for i := range carried {
		slices.SortFunc(carried[i], func(a, b carry) int { return cmp.Compare(a.row, b.row) })
	}
	ts, carried = sameTrigger(sc, ts, carried)
	res.TriggerCandidates = int64(len(ts))
	res.TriggerLeftOut = res.TriggerConcentrated - res.TriggerCandidates
	for r, tr := range ts {
		if r == maxList {
			out.Unlisted[finding.KindTriggerCandidate] = int64(len(ts) - maxList)
			break
		}
		st := sc.grams[tr.g]
		k := tr.class
		f := finding.Finding{Kind: finding.KindTriggerCandidate, Subkind: "word", Severity: finding.Warning,
			Count: tr.support, Score: round(tr.rank, 2), Needle: st.text}
		if strings.Contains(st.text, " ") {
			f.Subkind = "pair"
		}
		for _, c := range carried[r][:min(5, len(carried[r]))] {
			f.Rows = append(f.Rows, rowOf(int(c.row)))
		}
		f.Evidence = fmt.Sprintf("%q is in %d rows, %d labelled %q (purity %.3f: against the base rate %.3f, -log10 p = %.1f, Chernoff bound, Bonferroni over %.3g tests; against the label's %d other concentrated words and pairs, purity %.3f, -log10 p = %.1f); without it %d of those %d read as another label (the label's other concentrated words and pairs: %.3f of their rows; -log10 p = %.1f, Bonferroni over %d)",
			st.text, tr.support, st.rows[k], m.Names[k], tr.purity, float64(m.docs[k])/float64(m.rows), tr.score, m.tests,
			grams[k]-1, tr.classPurity, tr.purer, st.other[k], st.rows[k], tr.classOther, tr.rank, res.TriggerConcentrated)
		out.Triggers = append(out.Triggers, f)
	}
	// The triggered rows: the rows of a candidate's label carrying it
	// (the best-ranked one a row carries names it), those that read like
	// another label without it first, most confident first; then the rest
	// in input order.
	type trow struct {
		i, r   int
		other  int
		pOther float64
	}
	best := map[uint32]int{}
	var trs []trow
	for r := range ts {
		for _, c := range carried[r] {
			if _, ok := best[c.row]; ok {
				continue
			}
			best[c.row] = len(trs)
			p := -1.0 // reads as its own label
			if c.margin > 0 {
				p = 1 / (1 + math.Exp(-float64(c.margin)/t))
			}
			trs = append(trs, trow{i: int(c.row), r: r, other: int(c.as), pOther: p})
		}
	}
	slices.SortFunc(trs, func(a, b trow) int {
		if c := cmp.Compare(b.pOther, a.pOther); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	res.TriggeredRows = int64(len(trs))
	for _, tr := range trs {
		if tr.pOther >= 0 {
			res.TriggeredOther++
		}
	}
	for n, tr := range trs {
		if n == maxList {
			out.Unlisted[finding.KindTriggeredRow] = int64(len(trs) - maxList)
			break
		}
		g := sc.grams[ts[tr.r].g].text
		f := finding.Finding{Kind: finding.KindTriggeredRow, Severity: finding.Warning, Rows: []finding.Row{rowOf(tr.i)}, Needle: g}
		if tr.pOther >= 0 {
			f.Subkind = "reads_otherwise"
			f.Score = round(tr.pOther, 4)
			f.Evidence = fmt.Sprintf("carries trigger candidate %q; labelled %q, reads as %q without it (p = %.4f against the label alone)", g, m.Names[y[tr.i]], m.Names[tr.other], tr.pOther)
		} else {
			f.Subkind = "reads_as_labelled"
			f.Evidence = fmt.Sprintf("carries trigger candidate %q; labelled %q, and reads so without it", g, m.Names[y[tr.i]])
		}
		out.TriggeredRows = append(out.TriggeredRows, f)
	}
}

// sameTrigger drops the candidates that are a better one over again: a
// candidate sharing a word with a better-ranked kept one of its label,
// TriggerOverlap of whose rows are that one's rows too (the pairs "cf a",
// "cf the" of a planted word "cf"). At most TriggerMaxCandidates are kept.
func sameTrigger(sc *Scorer, ts []trigger, carried [][]carry) ([]trigger, [][]carry) {
	var kept []int
	for i, tr := range ts {
		if len(kept) == TriggerMaxCandidates {
			break
		}
		own := strings.Fields(sc.grams[tr.g].text)
		same := false
		for _, j := range kept {
			if ts[j].class != tr.class || !overlaps(own, strings.Fields(sc.grams[ts[j].g].text)) {
				continue
			}
			if shared := sharedRows(carried[i], carried[j]); float64(shared) >= TriggerOverlap*float64(len(carried[i])) {
				same = true
				break
			}
		}
		if !same {
			kept = append(kept, i)
		}
	}
	outT, outC := make([]trigger, len(kept)), make([][]carry, len(kept))
	for n, i := range kept {
		outT[n], outC[n] = ts[i], carried[i]
	}
	return outT, outC
}

// sharedRows counts the rows two lists sorted by row have in common.
func sharedRows(a, b []carry) int {
	n, j := 0, 0
	for _, c := range a {
		for j < len(b) && b[j].row < c.row {
			j++
		}
		if j < len(b) && b[j].row == c.row {
			n++
		}
	}
	return n
}
