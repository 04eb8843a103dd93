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
	toks []tok
	sum  []float64 // prefix sums of the tokens' surprisal
	at   []int32   // positions of the candidates to score
	seen seen
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

// surprisal is -log2 of t's probability after prev (their counts ct,
// cprev) under the corpus' unigram and bigram counts, leaving out one count of each (the token's
// own: every text scored was counted), so that a token or pair seen only
// in the text scored reads as unseen.
func (m *model) surprisal(prev, t, cprev, ct uint64, first bool) float64 {
	pu := (float64(max(ct, 1)-1) + 0.5) / (m.n + 1)
	if first {
		return -log2(pu)
	}
	cp := float64(max(cprev, 1) - 1)
	cb := min(float64(max(m.c.bi.get(pair(prev, t)), 1)-1), cp)
	return -log2((cb + beta*pu) / (cp + beta))
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
	sc.seen.reset(n)
	at := sc.at[:0]
	occ := 0
	for i, t := range ts {
		if !sc.seen.add(t.cand) {
			continue
		}
		if df := m.c.df.get(t.cand); df < m.dfLo || df > m.dfHi {
			continue
		}
		occ++
		if n-i-1 >= minAfter {
			at = append(at, int32(i))
		}
	}
	sc.at = at
	if len(at) == 0 {
		return occ
	}
	// sum[j-lo] is the surprisal of tokens lo to j-1.
	lo, hi := max(0, int(at[0])-window), min(n, int(at[len(at)-1])+1+window)
	var prev, cprev uint64
	if lo > 0 {
		prev = ts[lo-1].stat
		cprev = m.c.uni.get(prev)
	}
	sum := append(sc.sum[:0], 0)
	for i := lo; i < hi; i++ {
		t := ts[i].stat
		cu := m.c.uni.get(t)
		sum = append(sum, sum[i-lo]+m.surprisal(prev, t, cprev, cu, i == 0))
		prev, cprev = t, cu
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
