// Package tailbound holds the tail probabilities that the label and
// backdoor checks test counts against: how likely k or more of n rows
// fall in a class by chance (Chernoff, a bound on the binomial tail), and
// the exact tails of the Poisson (Poisson) and hypergeometric
// (Hypergeometric) distributions. They are logarithms, so that the
// scores of very unlikely counts (10^-300 and beyond) neither underflow
// nor lose their order: Chernoff in natural log, the exact tails in
// log10, as the findings' scores are written. Each is 0 at or below the
// expectation (a count no larger than chance gives no evidence).
package tailbound

import "math"

// Chernoff returns the natural log of the Chernoff bound on the chance of
// k or more of n rows falling in a class of base rate p: -n·KL(k/n ‖ p),
// or 0 when k/n is not above p. The binomial tail is at most exp of it.
func Chernoff(k, n int64, p float64) float64 {
	q := float64(k) / float64(n)
	if q <= p {
		return 0
	}
	kl := q * math.Log(q/p)
	if q < 1 {
		kl += (1 - q) * math.Log((1-q)/(1-p))
	}
	return -float64(n) * kl
}

// Poisson is log10 P(X >= k) for X ~ Poisson(lambda), 0 for k <= lambda.
// The sum runs from k up, in terms relative to the first, until a term
// adds less than 1e-17 of it (or 100,000 terms).
func Poisson(k int, lambda float64) float64 {
	if float64(k) <= lambda {
		return 0
	}
	lpmf := func(x int) float64 {
		lg, _ := math.Lgamma(float64(x) + 1)
		return float64(x)*math.Log(lambda) - lambda - lg
	}
	first := lpmf(k)
	sum := 0.0 // of exp(lpmf(x) - first)
	for x := k; ; x++ {
		t := math.Exp(lpmf(x) - first)
		sum += t
		if t < 1e-17*sum || x > k+100000 {
			break
		}
	}
	return math.Min(0, (first+math.Log(sum))/math.Ln10)
}

// Hypergeometric is log10 P(X >= a) for X ~ Hypergeometric(n rows, k
// marked, s drawn): the chance that a gram in s rows falls in a rows of a
// payload of k rows, or more, by chance. It is 0 at or below the
// expectation s·k/n, and -Inf when a cannot be drawn.
func Hypergeometric(n, k, s, a int) float64 {
	if a <= 0 || float64(a) <= float64(s)*float64(k)/float64(n) {
		return 0 // at or below expectation (the sum below runs downhill from a)
	}
	lc := func(m, r int) float64 {
		x, _ := math.Lgamma(float64(m) + 1)
		y, _ := math.Lgamma(float64(r) + 1)
		z, _ := math.Lgamma(float64(m-r) + 1)
		return x - y - z
	}
	total := lc(n, s)
	hi := min(k, s)
	if a > hi || s-a > n-k {
		return math.Inf(-1)
	}
	lpmf := func(x int) float64 { return lc(k, x) + lc(n-k, s-x) - total }
	first := lpmf(a)
	sum := 0.0
	for x := a; x <= hi && s-x <= n-k; x++ {
		t := math.Exp(lpmf(x) - first)
		sum += t
		if t < 1e-17*sum {
			break
		}
	}
	return math.Min(0, (first+math.Log(sum))/math.Ln10)
}
