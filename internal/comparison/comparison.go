// Package comparison provides comparisons of two corpora described by
// profiles (internal/profile): token-distribution divergence and the
// tokens that drive it, vocabulary overlap and OOV rate, length drift and
// label shift, and, on plain per-row features, a domain classifier's
// cross-validated AUC. Every function is pure: plain Go values in, plain
// values out, the same result in every run.
//
// The one accumulator, DomainSample, gathers the classifier's per-row
// features from batches: it keeps the rows whose seed-free position hashes
// are the K smallest, so a.Add(b1); a.Add(b2) ≡ a.Add(b1); o.Add(b2);
// a.Merge(o), and the sample does not depend on workers. (Rows of one
// corpus found in the other are internal/dups' CrossExact and CrossNear.)
//
// # What the token divergence is computed over
//
// A profile lists its top-N tokens with exact counts and sums the rest into
// a tail. To give the same divergence whether a side is raw data or a
// profile of it, both sides are first cut to the same N (Truncate), and the
// divergence is taken over the tokens whose counts are known on both sides
// (listed on both, or listed on one and the other side lists every token),
// plus one "other" bin holding each side's remaining mass. That is a
// coarsening of the true token distributions, so the Jensen-Shannon
// divergence it gives is a lower bound of the divergence over all tokens,
// and equal to it when both sides list every token.
package comparison

import (
	"cmp"
	"math"
	"slices"

	"github.com/dataaudit/dataaudit/internal/profile"
)

// PSIFloor replaces a zero share in PSI, which is infinite otherwise.
const PSIFloor = 1e-6

// TokenShift is how two token distributions differ.
type TokenShift struct {
	// TopN is the list length both sides were cut to.
	TopN int `json:"top_n"`
	// Bins is how many tokens have known counts on both sides; the
	// divergence is over them plus one bin for the rest.
	Bins int `json:"bins"`
	// MassA and MassB are the shares of each side's tokens in those bins
	// (the rest is in the "other" bin).
	MassA float64 `json:"mass_a"`
	MassB float64 `json:"mass_b"`
	// JSDistance is the Jensen-Shannon distance (the square root of the
	// divergence, log base 2): 0 for the same distribution, 1 for disjoint.
	JSDistance float64 `json:"js_distance"`
	// JSDivergence is its square, in bits.
	JSDivergence float64 `json:"js_divergence_bits"`
	// PSI is the population stability index over the same bins, with zero
	// shares replaced by PSIFloor.
	PSI float64 `json:"psi"`
}

// Divergence compares the token distributions of a and b cut to their
// first n tokens (see the package comment).
func Divergence(a, b *profile.Profile, n int) TokenShift {
	ta, tb := profile.Truncate(a, n), profile.Truncate(b, n)
	ca, cb := known(ta), known(tb)
	var keys []string
	for _, t := range ta.Tokens.Top {
		keys = append(keys, t.Token)
	}
	for _, t := range tb.Tokens.Top {
		if _, ok := ca[t.Token]; !ok {
			keys = append(keys, t.Token)
		}
	}
	slices.Sort(keys) // a fixed order for the float sums
	na, nb := float64(a.Tokens.Total), float64(b.Tokens.Total)
	var pa, pb []float64
	var sa, sb float64
	for _, k := range keys {
		x, okA := lookup(ca, ta, k)
		y, okB := lookup(cb, tb, k)
		if !okA || !okB {
			continue
		}
		pa, pb = append(pa, float64(x)/max(na, 1)), append(pb, float64(y)/max(nb, 1))
		sa += float64(x)
		sb += float64(y)
	}
	res := TokenShift{TopN: n, Bins: len(pa)}
	if na > 0 {
		res.MassA = round(sa/na, 6)
	}
	if nb > 0 {
		res.MassB = round(sb/nb, 6)
	}
	pa, pb = append(pa, max(0, 1-sa/max(na, 1))), append(pb, max(0, 1-sb/max(nb, 1)))
	js := JSDivergence(pa, pb)
	res.JSDivergence = round(js, 6)
	res.JSDistance = round(math.Sqrt(js), 6)
	res.PSI = round(PSI(pa, pb), 6)
	return res
}

// known maps the listed tokens of p to their counts.
func known(p *profile.Profile) map[string]uint64 {
	m := make(map[string]uint64, len(p.Tokens.Top))
	for _, t := range p.Tokens.Top {
		m[t.Token] = t.Count
	}
	return m
}

// lookup returns the count of tok in p and whether it is known: listed, or
// absent from a profile that lists every token.
func lookup(m map[string]uint64, p *profile.Profile, tok string) (uint64, bool) {
	if c, ok := m[tok]; ok {
		return c, true
	}
	return 0, p.Tokens.Complete
}

// JSDivergence is the Jensen-Shannon divergence of two distributions, in
// bits (0 to 1).
func JSDivergence(p, q []float64) float64 {
	var d float64
	for i := range p {
		m := (p[i] + q[i]) / 2
		if p[i] > 0 {
			d += p[i] / 2 * math.Log2(p[i]/m)
		}
		if q[i] > 0 {
			d += q[i] / 2 * math.Log2(q[i]/m)
		}
	}
	return min(max(d, 0), 1)
}

// PSI is the population stability index of q against p: the sum of
// (q-p)·ln(q/p), with shares under PSIFloor raised to it.
func PSI(p, q []float64) float64 {
	var s float64
	for i := range p {
		a, b := max(p[i], PSIFloor), max(q[i], PSIFloor)
		s += (b - a) * math.Log(b/a)
	}
	return s
}

// Driver is a token whose share differs between the sides.
type Driver struct {
	// Token is the token as the profiles key it (the token's text, or its
	// id for a model tokenizer); Text and Hex are an id token's readable
	// text and, when it is not valid UTF-8 alone, its bytes (profile.Token).
	Token string `json:"token"`
	Text  string `json:"text,omitempty"`
	Hex   string `json:"hex,omitempty"`
	// CountA and CountB are the token's counts; AtMostA (AtMostB) says the
	// count is not known, and the number is the profile's bound on it
	// (the token is not among that side's listed tokens).
	CountA  uint64 `json:"count_a"`
	AtMostA bool   `json:"count_a_is_bound,omitempty"`
	CountB  uint64 `json:"count_b"`
	AtMostB bool   `json:"count_b_is_bound,omitempty"`
	// PerMillionA and PerMillionB are the counts per million tokens.
	PerMillionA float64 `json:"per_million_a"`
	PerMillionB float64 `json:"per_million_b"`
	// LogOdds is the log-odds ratio of the token in B against A with the
	// informative Dirichlet prior (positive: more frequent in B); Z is it
	// over its standard deviation.
	LogOdds float64 `json:"log_odds"`
	Z       float64 `json:"z"`
}

// Drivers ranks tokens by the z-score of the log-odds ratio with an
// informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin'
// Words", eq. 16-22): with y the counts, n the totals and the prior
// alpha_w = priorMass · (yA_w + yB_w) / (nA + nB),
//
//	delta_w = ln((yB+a)/(nB+a0-yB-a)) - ln((yA+a)/(nA+a0-yA-a))
//	var     = 1/(yB+a) + 1/(yA+a),  z = delta / sqrt(var)
//
// It returns the k tokens most over-represented in B (highest z) and the
// k most over-represented in A (lowest z). Candidates are the tokens
// either profile lists. A count a side does not know (the token is not in
// its list) lies between 0 and that side's bound Tail.MaxCount; each list
// takes the end of that range that least favours it (for "over-represented
// in B": the bound in A, 0 in B), so a token reported is over-represented
// at least that much. With raw data on both sides every count is exact.
func Drivers(a, b *profile.Profile, priorMass float64, k int) (overB, overA []Driver) {
	ca, cb := known(a), known(b)
	var keys []string
	texts := map[string]profile.Token{} // an id token's text and hex
	for _, t := range a.Tokens.Top {
		keys = append(keys, t.Token)
		if t.Text != "" {
			texts[t.Token] = t
		}
	}
	for _, t := range b.Tokens.Top {
		if _, ok := ca[t.Token]; !ok {
			keys = append(keys, t.Token)
			if t.Text != "" {
				texts[t.Token] = t
			}
		}
	}
	order := a.Settings.Tokenizer.CompareTokens
	na, nb := float64(a.Tokens.Total), float64(b.Tokens.Total)
	overB, overA = []Driver{}, []Driver{}
	if na == 0 || nb == 0 {
		return overB, overA
	}
	score := func(tok string, favourB bool) (Driver, bool) {
		t := texts[tok]
		d := Driver{Token: tok, Text: t.Text, Hex: t.Hex}
		var okA, okB bool
		d.CountA, okA = lookup(ca, a, tok)
		d.CountB, okB = lookup(cb, b, tok)
		if !okA && favourB {
			d.CountA, d.AtMostA = a.Tokens.Tail.MaxCount, true
		}
		if !okB && !favourB {
			d.CountB, d.AtMostB = b.Tokens.Tail.MaxCount, true
		}
		ya, yb := float64(d.CountA), float64(d.CountB)
		alpha := priorMass * (ya + yb) / (na + nb)
		if alpha <= 0 {
			return d, false
		}
		delta := math.Log((yb+alpha)/(nb+priorMass-yb-alpha)) - math.Log((ya+alpha)/(na+priorMass-ya-alpha))
		v := 1/(yb+alpha) + 1/(ya+alpha)
		d.LogOdds = round(delta, 4)
		d.Z = round(delta/math.Sqrt(v), 4)
		d.PerMillionA = round(ya/na*1e6, 2)
		d.PerMillionB = round(yb/nb*1e6, 2)
		return d, true
	}
	rank := func(favourB bool) []Driver {
		var ds []Driver
		for _, tok := range keys {
			if d, ok := score(tok, favourB); ok && (favourB && d.Z > 0 || !favourB && d.Z < 0) {
				ds = append(ds, d)
			}
		}
		slices.SortFunc(ds, func(x, y Driver) int {
			if x.Z != y.Z {
				if favourB {
					return cmp.Compare(y.Z, x.Z)
				}
				return cmp.Compare(x.Z, y.Z)
			}
			return order(x.Token, y.Token)
		})
		return append([]Driver{}, ds[:min(k, len(ds))]...)
	}
	return rank(true), rank(false)
}

// Vocabulary is how the vocabularies of the sides overlap.
type Vocabulary struct {
	// BasisA says what A's vocabulary is: "all tokens" or "top N tokens"
	// (a profile that does not list every token).
	BasisA string `json:"basis_a"`
	BasisB string `json:"basis_b"`
	// OOVRate is the share of B's token occurrences whose token is not in
	// A's vocabulary. When B does not list every token its unlisted
	// occurrences may or may not be: OOVRate counts them as in A's
	// vocabulary and OOVRateMax as out of it.
	OOVRate    float64 `json:"oov_rate"`
	OOVRateMax float64 `json:"oov_rate_max"`
	// OOVTypes is the share of B's (listed) distinct tokens not in A's
	// vocabulary.
	OOVTypes float64 `json:"oov_types"`
	// Shared counts the tokens in both vocabularies; Jaccard is Shared over
	// the size of their union (listed tokens).
	Shared  int     `json:"shared"`
	Jaccard float64 `json:"jaccard"`
}

// Vocab compares the vocabularies of a and b (every token each lists).
func Vocab(a, b *profile.Profile) Vocabulary {
	ca := known(a)
	v := Vocabulary{BasisA: basis(a), BasisB: basis(b)}
	var oov uint64
	oovTypes := 0
	for _, t := range b.Tokens.Top {
		if _, ok := ca[t.Token]; ok {
			v.Shared++
		} else {
			oov += t.Count
			oovTypes++
		}
	}
	nb := float64(b.Tokens.Total)
	if nb > 0 {
		v.OOVRate = round(float64(oov)/nb, 6)
		v.OOVRateMax = round(float64(oov+b.Tokens.Tail.Count)/nb, 6)
	}
	if len(b.Tokens.Top) > 0 {
		v.OOVTypes = round(float64(oovTypes)/float64(len(b.Tokens.Top)), 6)
	}
	if u := len(a.Tokens.Top) + len(b.Tokens.Top) - v.Shared; u > 0 {
		v.Jaccard = round(float64(v.Shared)/float64(u), 6)
	}
	return v
}

func basis(p *profile.Profile) string {
	if p.Tokens.Complete {
		return "all tokens"
	}
	return "top " + itoa(len(p.Tokens.Top)) + " tokens"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// round rounds to a fixed number of decimals, so that reports do not
// depend on the last bits of a float sum.
func round(x float64, decimals int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}
