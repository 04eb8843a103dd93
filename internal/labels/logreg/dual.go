package logreg

import (
	"math"
	"math/rand/v2"
)

// Two classes are fitted by dual coordinate descent (Yu, Huang and Lin,
// "Dual coordinate descent methods for logistic regression and maximum
// entropy models", Machine Learning 85, 2011: liblinear's -s 7), not by
// L-BFGS. The primal is scikit-learn's C·Σ log(1+exp(−yᵢ·w·xᵢ)) + ½‖w‖²
// (the same minimiser as mean log loss + λ/2·‖w‖², λ = 1/(C·n)), with the
// bias a feature of value dualBias on every row (penalised as the
// weights are, as liblinear and scikit-learn's liblinear solver do: with
// C·n in the thousands its ½b² is negligible). The dual holds one
// variable per row, αᵢ in (0, C) with w = Σ αᵢ·yᵢ·xᵢ; a pass visits every
// training row once, in an order drawn from a fixed seed, and solves its
// variable's one-dimensional problem by Newton's method: one dot product
// and one update of w over the row's entries. It stops when the largest
// dual gradient entry of a pass is below dualTol and the largest entry of
// the primal's gradient (mean objective) below fitGradTol, L-BFGS's
// criterion. Mail (a 9,300-row sample, 247 k fitted features) converges
// in about 20 passes where L-BFGS took about 45 evaluations of two passes
// each (and did not always reach its criterion in 100 iterations), plus
// its vector work over every fitted feature.
const (
	dualBias = 1.0
	// dualTol is the stopping tolerance on the largest dual gradient entry
	// of a pass (liblinear's eps for -s 7), tightened by dualTighten while the
	// primal's gradient is above fitGradTol (see dualGradMax).
	dualTol = 0.1
	// dualPathTol is the looser tolerance on the largest dual gradient
	// entry of the C path's candidate fits (see fitFolds): ten times
	// dualTol, no primal check. On mail (lf100k) C=64's fit reaches it in
	// 16 passes of its 44, its held-out log loss then within 0.001 of the
	// converged fit's, and 0.014 above C=16's.
	dualPathTol = 1.0
	// dualMaxPasses bounds the passes over the training rows.
	dualMaxPasses = 1000
	// dualMaxInner bounds the Newton steps of one variable.
	dualMaxInner = 100
	// dualTighten divides the dual tolerance when the primal check fails
	// (liblinear has no such check; tenfold overshot: on lf100k one fold
	// went on 12 passes to a primal gradient of 1e-5 where 1.3e-4 had
	// failed).
	dualTighten = 3
	// dualMaxSkip bounds the passes a row is left out of after visits that
	// did not move its variable, or found its gradient under
	// dualSkipShare of the last pass's largest (see fitDual).
	dualMaxSkip   = 2
	dualSkipShare = 0.1
)

// dualTrace, when set (by a test), sees each fitDual's seed, C, loose
// tolerance, passes and feature entries visited.
var dualTrace func(seed uint64, c, loose float64, passes, entries int)

// fitDual fits the two-class model on the design's given rows at
// scikit-learn's C: the weights (design features, then the bias), laid
// out as problem.fit's for K = 1. The result depends on the rows, c and
// seed only: one goroutine, a fixed visiting order.
//
// a0, when not nil, is the starting dual point (αᵢ per row, clamped into
// (0, c)); else every αᵢ starts near zero (liblinear's min(0.001·C, 1e-8)).
// fitDual returns the weights and the dual point reached.
//
// loose > 0 stops at the first pass whose largest dual gradient entry is
// below it, with no primal check: a cheaper estimate of the fit, for the
// C path to compare held-out losses (see fitFolds).
func (d *Design) fitDual(rows []int32, c float64, seed uint64, a0 []float64, loose float64) ([]float64, []float64) {
	D := len(d.buckets)
	x := make([]float64, D+1)
	w, bias := x[:D], 0.0
	l := len(rows)
	if l == 0 {
		return x, nil
	}
	// alpha[2i] is αᵢ, alpha[2i+1] is C − αᵢ (kept apart for precision
	// near the bounds).
	alpha := make([]float64, 2*l)
	xx := make([]float64, l)
	lr := make([]float64, l)
	ys := make([]float64, l)
	idx := make([]int32, l)
	innerEps, innerEpsMin := 1e-2, min(1e-8, dualTol)
	for s, i := range rows {
		ys[s] = -1
		if d.y[i] == 1 {
			ys[s] = 1
		}
		a := min(0.001*c, 1e-8)
		if a0 != nil {
			a = min(max(a0[s], a), c*(1-1e-8))
		}
		alpha[2*s], alpha[2*s+1] = a, c-a
		lr[s] = math.Log(a / (c - a))
		q := dualBias * dualBias
		for j := d.ptr[i]; j < d.ptr[i+1]; j++ {
			v := float64(d.val[j])
			q += v * v
			w[d.col[j]] += ys[s] * a * v
		}
		bias += ys[s] * a * dualBias
		xx[s] = q
		idx[s] = int32(s)
	}
	tol := dualTol
	g := make([]float64, D)
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	// Shrinking: a row whose visit took no Newton step (its variable
	// already within innerEps of its optimum), or whose gradient was under
	// dualSkipShare of the last pass's largest (it will not be the one
	// that holds the fit back), is left out of the next passes, one more
	// each such visit up to dualMaxSkip, as liblinear shrinks its SVM
	// duals. On lf100k the first rule reads a fifth fewer entries, the
	// second a third fewer again (383 M to 244 M entries for the seven
	// fits; out-of-fold log loss 0.196227 both). A pass that leaves rows
	// out never stops the fit: when it meets the tolerance, the next pass
	// visits every row (full), and only a full pass can stop.
	//
	// The gradient a visit measures is the one at the row's current
	// point: liblinear measures it after moving a variable above C/2 to
	// a tenth of itself (where Newton's method starts), which overstates
	// it; log(α/(C−α)) is kept per row (lr), so that a row left as it is
	// takes no logarithm.
	skip, idle := make([]uint8, l), make([]uint8, l)
	full := true
	gmaxLast := 0.0
	passes, entries := 0, 0
	for passes < dualMaxPasses {
		for s := range l {
			t := s + rng.IntN(l-s)
			idx[s], idx[t] = idx[t], idx[s]
		}
		newton, visited := 0, 0
		var gmax float64
		gprev := gmaxLast
		for _, s := range idx {
			if !full && skip[s] > 0 {
				skip[s]--
				continue
			}
			visited++
			i := rows[s]
			lo, hi := d.ptr[i], d.ptr[i+1]
			entries += hi - lo
			cols, vals := d.col[lo:hi], d.val[lo:hi]
			vals = vals[:len(cols)]
			yi := ys[s]
			z := bias*dualBias + dot(w, cols, vals)
			a, b := xx[s], yi*z
			// Minimise g(z) = z·log z + (C−z)·log(C−z) + ½a(z−α)² + sign·b(z−α)
			// over whichever of αᵢ and C − αᵢ is the better variable.
			i1, i2, sign := 2*s, 2*s+1, 1.0
			if 0.5*a*(alpha[i2]-alpha[i1])+b < 0 {
				i1, i2, sign = 2*s+1, 2*s, -1
			}
			old := alpha[i1]
			l := lr[s]
			if i1 != 2*s {
				l = -l
			}
			gp := sign*b + l
			gp0 := gp
			gmax = max(gmax, math.Abs(gp))
			v := old
			inner := 0
			if math.Abs(gp) >= innerEps && c-v < 0.5*c {
				// Newton's method starts from a tenth of a variable above
				// C/2 (liblinear), where the gradient is not the point's.
				v *= 0.1
				l = math.Log(v / (c - v))
				gp = a*(v-old) + sign*b + l
			}
			for inner <= dualMaxInner && math.Abs(gp) >= innerEps {
				gpp := a + c/(c-v)/v
				if nv := v - gp/gpp; nv <= 0 {
					v *= 0.1
				} else {
					v = nv
				}
				l = math.Log(v / (c - v))
				gp = a*(v-old) + sign*b + l
				newton++
				inner++
			}
			if inner == 0 || math.Abs(gp0) < dualSkipShare*gprev {
				idle[s] = min(idle[s]+1, dualMaxSkip)
				skip[s] = idle[s]
			} else {
				idle[s], skip[s] = 0, 0
			}
			if inner > 0 {
				alpha[i1], alpha[i2] = v, c-v
				if i1 != 2*s {
					l = -l
				}
				lr[s] = l
				delta := sign * (v - old) * yi
				for j, f := range cols {
					w[f] += delta * float64(vals[j])
				}
				bias += delta * dualBias
			}
		}
		passes++
		gmaxLast = gmax
		wasFull := full
		full = false
		if !wasFull && (loose > 0 && gmax < loose || gmax < tol) {
			full = true // check every row before stopping
			continue
		}
		if loose > 0 && gmax < loose {
			break
		}
		if gmax < tol {
			// The dual's criterion met: stop if the primal's is too, as
			// problem.fit's (the largest entry of the mean objective's
			// gradient below fitGradTol), else go on with a tighter one.
			if d.dualGradMax(rows, ys, alpha, w, bias, c, g) <= fitGradTol {
				break
			}
			tol /= dualTighten
		}
		if newton <= visited/10 && innerEps > innerEpsMin {
			// Idle rows were idle at the looser innerEps: visit them all.
			innerEps = max(innerEpsMin, 0.1*innerEps)
			full = true
		}
	}
	x[D] = bias * dualBias
	if dualTrace != nil {
		dualTrace(seed, c, loose, passes, entries)
	}
	out := make([]float64, l)
	for s := range out {
		out[s] = alpha[2*s]
	}
	return x, out
}

// dualGradMax is the largest entry of the gradient of the mean objective
// (bias penalised as the dual's) at w, bias: with w = Σ αᵢ·yᵢ·xᵢ it is
// Σ (αᵢ − C·σ(−yᵢ·w·xᵢ))·yᵢ·xᵢ / (C·n). g is scratch of len(w) entries.
func (d *Design) dualGradMax(rows []int32, ys, alpha, w []float64, bias, c float64, g []float64) float64 {
	g = g[:len(w)]
	clear(g)
	var gb float64
	for s, i := range rows {
		lo, hi := d.ptr[i], d.ptr[i+1]
		cols, vals := d.col[lo:hi], d.val[lo:hi]
		vals = vals[:len(cols)]
		z := bias*dualBias + dot(w, cols, vals)
		// σ(−y·z), stably.
		m := ys[s] * z
		var sg float64
		if m >= 0 {
			e := math.Exp(-m)
			sg = e / (1 + e)
		} else {
			sg = 1 / (1 + math.Exp(m))
		}
		r := (alpha[2*s] - c*sg) * ys[s]
		for j, f := range cols {
			g[f] += r * float64(vals[j])
		}
		gb += r * dualBias
	}
	mx := math.Abs(gb)
	for _, v := range g {
		mx = max(mx, math.Abs(v))
	}
	return mx / (c * float64(len(rows)))
}

// dot is Σ w[cols[j]]·vals[j], in four running sums (added in a fixed
// order), so that the loads of w overlap instead of waiting on one chain
// of additions (on lf100k the fits' CPU time 5% less).
func dot(w []float64, cols []int32, vals []float32) float64 {
	vals = vals[:len(cols)]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(cols); j += 4 {
		s0 += w[cols[j]] * float64(vals[j])
		s1 += w[cols[j+1]] * float64(vals[j+1])
		s2 += w[cols[j+2]] * float64(vals[j+2])
		s3 += w[cols[j+3]] * float64(vals[j+3])
	}
	for ; j < len(cols); j++ {
		s0 += w[cols[j]] * float64(vals[j])
	}
	return (s0 + s1) + (s2 + s3)
}
