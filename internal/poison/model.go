package poison

import (
	"math"
	"slices"
)

// The second pass' settings.
const (
	// window tokens after a candidate (and before it) are read; at least
	// minAfter must follow it for it to be scored.
	window, minAfter = 128, 32
	// priorTokens: the text before a candidate counts as this many
	// tokens of the corpus' typical text more, so that a short or empty
	// prefix (a trigger at the start) is compared with the typical text.
	priorTokens = 16
	// beta is the weight of the unigram probability in the smoothed
	// bigram one (Dirichlet prior).
	beta = 20
	// dfMin and dfMaxShare bound the document frequency of a candidate:
	// in at least dfMin documents and at most max(dfMaxMin, dfMaxShare of
	// the documents).
	dfMin      = 8
	dfMaxMin   = 2000
	dfMaxShare = 0.05
	// minSamplePositions: fewer scored positions in the sample and the
	// levels would mean nothing.
	minSamplePositions = 200
)

// levelMADs are the levels a change score is tested at, in median
// absolute deviations of the scores in the sample of documents above
// their median: robust, so that a few poisoned documents in the sample do
// not move them. The first is the least score an occurrence is recorded
// with (a triggered row); the second is the one most of a trigger's
// documents must reach (shareLevel). On the mail corpus (MAD 0.53 bits)
// they are 2.5, 3.2 and 4.2 bits, its 99th percentile and beyond its
// 99.99th; on dictionary entries and fortunes (MAD 0.82) 3.9, 4.7 and
// 6.3. The text after a trigger scores 4 to 8 bits for word salad, 10 to
// 20 for gibberish.
var levelMADs = [nLevels]float64{5, 6, 8}

const (
	nLevels    = 3
	shareLevel = 1
)

// minMAD keeps a corpus of near-identical texts from making every small
// change a level.
const minMAD = 0.25

// model is what the second pass reads: the merged first pass, the range
// of candidates' document frequency, and the levels calibrated on the
// sample.
type model struct {
	c            *Counts
	n            float64 // tokens
	dfLo, dfHi   uint64
	typical      float64 // median surprisal of a window, bits a token
	med, mad     float64 // of the change scores in the sample
	levels       [nLevels]float64
	samplePoints int
}

// scratch is one worker's buffers for scoring a text.
type scratch struct {
	toks  []tok
	sum   []float64 // prefix sums of the tokens' surprisal
	at    []int32   // positions of the candidates to score
	first []int32   // positions of first occurrences
	cnt   []uint64  // their document frequencies, then tokens' and pairs' counts
	cnt2  []uint64
	seen  seen
}

func newModel(c *Counts) *model {
	m := &model{c: c, n: float64(c.tokens), dfLo: dfMin, dfHi: uint64(max(dfMaxMin, dfMaxShare*float64(c.docs)))}
	var sc scratch
	var after, scores []float64
	for _, d := range c.sample {
		m.each([]byte(d.text), &sc, func(_ tok, _, a float64) { after = append(after, a) })
	}
	m.samplePoints = len(after)
	if len(after) < minSamplePositions {
		return m
	}
	slices.Sort(after)
	m.typical = after[len(after)/2]
	for _, d := range c.sample {
		m.each([]byte(d.text), &sc, func(_ tok, s, _ float64) { scores = append(scores, s) })
	}
	med, mad := medianMAD(scores)
	m.med, m.mad = med, max(mad, minMAD)
	for l, z := range levelMADs {
		m.levels[l] = m.med + z*m.mad
	}
	return m
}

func (m *model) usable() bool { return m.samplePoints >= minSamplePositions }

// surprisal is -log2 of a token's probability after the one before it
// (their counts ct, cprev; the pair's cpair) under the corpus' unigram
// and bigram counts, leaving out one count of each (the token's own:
// every text scored was counted), so that a token or pair seen only in
// the text scored reads as unseen.
func (m *model) surprisal(cprev, ct, cpair uint64, first bool) float64 {
	pu := (float64(max(ct, 1)-1) + 0.5) / (m.n + 1)
	if first {
		return -log2(pu)
	}
	cp := float64(max(cprev, 1) - 1)
	cb := min(float64(max(cpair, 1)-1), cp)
	return -log2((cb + beta*pu) / (cp + beta))
}

// grow returns b resized to n, its contents undefined.
func grow(b []uint64, n int) []uint64 {
	if cap(b) < n {
		return make([]uint64, n, 2*n)
	}
	return b[:n]
}

// each calls fn for the first occurrence in text of every token of
// moderate document frequency with enough text after it: the token, its
// change score (bits a token more surprising after it than before), the
// surprisal of the text after it; it returns the number of first
// occurrences of candidates, scored or not. The surprisal is only
// computed over the tokens some candidate's windows cover, none for a
// text without a candidate to score.
func (m *model) each(text []byte, sc *scratch, fn func(t tok, score, after float64)) int {
	ts := tokenize(text, sc.toks[:0])
	sc.toks = ts
	n := len(ts)
	if n == 0 {
		return 0
	}
	// The look-ups of a text's counts miss the cache: each loop below
	// only reads sketches at addresses it knows beforehand, and branches
	// on what it read only in the next loop, so that the misses overlap
	// instead of waiting for each other (a mispredicted branch on a
	// missed count would wait for it).
	sc.seen.reset(n)
	first := sc.first[:0]
	for i, t := range ts {
		if sc.seen.add(t.cand) {
			first = append(first, int32(i))
		}
	}
	sc.first = first
	dfs := grow(sc.cnt, len(first))
	for j, i := range first {
		dfs[j] = m.c.df.get(ts[i].cand)
	}
	at := sc.at[:0]
	occ := 0
	for j, i := range first {
		if df := dfs[j]; df < m.dfLo || df > m.dfHi {
			continue
		}
		occ++
		if n-int(i)-1 >= minAfter {
			at = append(at, i)
		}
	}
	sc.at = at
	if len(at) == 0 {
		sc.cnt = dfs
		return occ
	}
	// sum[j-lo] is the surprisal of tokens lo to j-1; cu[j-from] and
	// cb[j-from] the counts of token j and of the pair ending at it.
	lo, hi := max(0, int(at[0])-window), min(n, int(at[len(at)-1])+1+window)
	from := max(0, lo-1)
	cu := grow(dfs, hi-from)
	for j := from; j < hi; j++ {
		cu[j-from] = m.c.uni.get(ts[j].stat)
	}
	cb := grow(sc.cnt2, hi-from)
	for j := max(1, from); j < hi; j++ {
		cb[j-from] = m.c.bi.get(pair(ts[j-1].stat, ts[j].stat))
	}
	sc.cnt, sc.cnt2 = cu, cb
	var cprev uint64
	if lo > 0 {
		cprev = cu[lo-1-from]
	}
	sum := append(sc.sum[:0], 0)
	for i := lo; i < hi; i++ {
		c := cu[i-from]
		sum = append(sum, sum[i-lo]+m.surprisal(cprev, c, cb[i-from], i == 0))
		cprev = c
	}
	sc.sum = sum
	for _, i32 := range at {
		i := int(i32)
		na := min(window, n-i-1)
		after := (sum[i+1+na-lo] - sum[i+1-lo]) / float64(na)
		nb := min(window, i)
		before := (sum[i-lo] - sum[i-nb-lo] + priorTokens*m.typical) / float64(nb+priorTokens)
		fn(ts[i], after-before, after)
	}
	return occ
}

// logTail returns the natural log of P(X >= k) for X binomial(n, p).
func logTail(k, n int64, p float64) float64 {
	if k <= 0 || p >= 1 {
		return 0
	}
	if p <= 0 {
		return math.Inf(-1)
	}
	if k > n {
		n = k
	}
	lg := func(x int64) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	lt := lg(n) - lg(k) - lg(n-k) + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p)
	s, term := 1.0, 1.0
	for j := k; j < n; j++ {
		term *= float64(n-j) / float64(j+1) * p / (1 - p)
		s += term
		if term < 1e-17*s {
			break
		}
	}
	return min(0, lt+math.Log(s))
}

// medianMAD returns the median of xs and their median absolute deviation
// from it; it reorders xs.
func medianMAD(xs []float64) (med, mad float64) {
	slices.Sort(xs)
	med = xs[len(xs)/2]
	for i, x := range xs {
		xs[i] = math.Abs(x - med)
	}
	slices.Sort(xs)
	return med, xs[len(xs)/2]
}
