package logreg

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/optimize"
)

// Fit settings. The classifier is an L2-regularised logistic regression
// (multinomial for three classes or more, one logistic model for two, as
// scikit-learn's LogisticRegression) minimising the mean log loss over the
// training rows plus λ/2·‖w‖² (biases not penalised), with L-BFGS
// (gonum/optimize) to convergence: the largest gradient entry below
// fitGradTol, or fitMaxIter iterations (scikit-learn's tol and max_iter).
//
// λ is 1/(C·n) for scikit-learn's C and n training rows; C is chosen
// among fitCs by an inner validation on fold 0: its model is fitted at
// fitCs[fitStartC] from zero, then at the next weaker C, warm-started from
// the last fit, while the held-out log loss of fold 0's rows improves,
// else at the next stronger C likewise (scikit-learn's
// LogisticRegressionCV also warm-starts along its path, with the same
// tolerance). The other folds are fitted at the chosen C from zero.
//
// The fit reads at most fitMaxEntries feature entries: the sample rows in
// hash order (a uniform sample, the same for any number of workers) until
// that many. Long rows (mail: about 350 features) give fewer rows, short
// ones (a gloss: about 20) all of them; the cost of an evaluation is
// bounded either way.
const (
	fitGradTol = 1e-4
	fitMaxIter = 100
	fitStore   = 10
	// fitMinRows is the fewest sample rows a feature is fitted on.
	fitMinRows = 2
	fitStartC  = 1
	// Row and column chunks an evaluation is split into: fixed, so that
	// sums are added in the same order whatever the number of goroutines.
	fitRowChunk = 256
	fitColChunk = 4096
)

// fitMaxEntries bounds the design's feature entries (a variable for tests).
var fitMaxEntries = 4 << 20

// MaxEntries is the most feature entries (the sum of the rows' Feats
// lengths) a fit reads: Train uses the rows in hash order (Row.H) while
// their entries stay within it, so a sample needs to keep no row whose
// smaller-hash rows already hold more than MaxEntries entries.
func MaxEntries() int { return fitMaxEntries }

// fitCs are scikit-learn's C values the inner validation tries, strongest
// regularisation first.
var fitCs = []float64{4, 16, 64}

// FitHook, when set (by a test), sees every Train's design and fitted
// weights: the peer comparison (labels' TestPeerDesign) writes them out.
var FitHook func(d *Design, xs [][]float64, c float64)

// RowVector fills x with the row's feature weights: idf, L2-normalised.
func (lr *Model) RowVector(fs []uint32, x []float32) []float32 {
	x, _ = lr.RowVectorSS(fs, x)
	return x
}

// RowVectorSS is RowVector, and returns the sum of the squared idf
// weights before normalisation as well (added in the row's order).
func (lr *Model) RowVectorSS(fs []uint32, x []float32) ([]float32, float64) {
	x = x[:0]
	var ss float64
	for _, f := range fs {
		v := lr.Idf[f]
		x = append(x, v)
		ss += float64(v) * float64(v)
	}
	if ss > 0 {
		inv := float32(1 / math.Sqrt(ss))
		for i := range x {
			x[i] *= inv
		}
	}
	return x, ss
}

// Design is the sample as a sparse matrix over the buckets it uses: row
// i's features are col[ptr[i]:ptr[i+1]] (local numbers), their values
// val[...] (TF-IDF, L2-normalised, as the Scorer computes them). The same
// entries by column (cptr, crow, cval) let the gradient be summed one
// column at a time, in row order, by any number of goroutines.
type Design struct {
	ptr     []int
	col     []int32
	val     []float32
	cptr    []int
	crow    []int32
	cval    []float32
	y       []int32
	fold    []int32
	buckets []uint32 // local feature number -> bucket
	C, K    int      // classes; weight vectors (1 for two classes)
}

// newDesign builds the design of the sample rows, in hash order, up to
// fitMaxEntries feature entries, freeing each row's features as it goes.
func newDesign(rows []Row, lr *Model, C int) *Design {
	slices.SortFunc(rows, func(a, b Row) int { return cmp.Compare(a.H, b.H) })
	n, use := 0, 0
	for use < len(rows) && (use == 0 || n+len(rows[use].Feats) <= fitMaxEntries) {
		n += len(rows[use].Feats)
		use++
	}
	for i := use; i < len(rows); i++ {
		rows[i].Feats = nil
	}
	rows = rows[:use]
	d := &Design{C: C, K: C}
	if C == 2 {
		d.K = 1
	}
	// Features seen in one sample row only cannot generalise from it:
	// they are left out of the fit (weight 0), but still count in their
	// row's norm, as the Scorer counts them.
	seen := make([]uint8, len(lr.Idf))
	for i := range rows {
		for _, f := range rows[i].Feats {
			if seen[f] < 2 {
				seen[f]++
			}
		}
	}
	loc := make([]int32, len(lr.Idf))
	for i := range loc {
		loc[i] = -1
	}
	d.ptr = make([]int, 1, len(rows)+1)
	d.col = make([]int32, 0, n)
	d.val = make([]float32, 0, n)
	var x []float32
	for i := range rows {
		r := &rows[i]
		x = lr.RowVector(r.Feats, x)
		for j, f := range r.Feats {
			if seen[f] < fitMinRows {
				continue
			}
			l := loc[f]
			if l < 0 {
				l = int32(len(d.buckets))
				loc[f] = l
				d.buckets = append(d.buckets, f)
			}
			d.col = append(d.col, l)
			d.val = append(d.val, x[j])
		}
		d.ptr = append(d.ptr, len(d.col))
		d.y = append(d.y, r.Label)
		d.fold = append(d.fold, r.Fold)
		r.Feats = nil
	}
	if d.K > 1 {
		// Only L-BFGS's gradient reads the design by column.
		d.transpose()
	}
	return d
}

// transpose fills the design's entries by column, rows ascending within
// each column.
func (d *Design) transpose() {
	d.cptr = make([]int, len(d.buckets)+1)
	for _, c := range d.col {
		d.cptr[c+1]++
	}
	for c := range d.buckets {
		d.cptr[c+1] += d.cptr[c]
	}
	next := slices.Clone(d.cptr[:len(d.buckets)])
	d.crow = make([]int32, len(d.col))
	d.cval = make([]float32, len(d.col))
	for i := range d.y {
		for j := d.ptr[i]; j < d.ptr[i+1]; j++ {
			c := d.col[j]
			d.crow[next[c]] = int32(i)
			d.cval[next[c]] = d.val[j]
			next[c]++
		}
	}
}

// parallel calls do(c) for every c in [0, n) on up to GOMAXPROCS
// goroutines. Callers make each do(c) write only its own results, so that
// nothing depends on which goroutine ran which c.
func parallel(n int, do func(c int)) {
	w := min(runtime.GOMAXPROCS(0), n)
	if w <= 1 {
		for c := range n {
			do(c)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1)) - 1
				if c >= n {
					return
				}
				do(c)
			}
		}()
	}
	wg.Wait()
}

// problem is one fit: the design's rows of the given list, λ.
type problem struct {
	d      *Design
	rows   []int32
	lambda float64
	// The last point evaluated, its loss and gradient: gonum asks for the
	// function and its gradient separately, at the same point.
	lastX []float64
	lastF float64
	lastG []float64
	in    []bool    // design row in the fit
	r     []float64 // per design row and class: ∂loss/∂score (0 for rows out of the fit)
	part  []float64 // per row chunk: its loss; then per column chunk: its Σw²
}

// dim is the number of parameters: K weight vectors over the design's
// features (feature-major: w[f*K+k]), then K biases.
func (d *Design) dim() int { return (len(d.buckets) + 1) * d.K }

// eval computes the objective and its gradient at x: the scores and their
// derivatives row chunk by row chunk, then the gradient column chunk by
// column chunk, each sum in row order, so the result is the same bits
// whatever the number of goroutines.
func (p *problem) eval(x []float64) {
	if p.lastX != nil && slices.Equal(p.lastX, x) {
		return
	}
	d := p.d
	K := d.K
	D := len(d.buckets)
	N := len(d.y)
	if d.cptr == nil {
		d.transpose()
	}
	if p.lastG == nil {
		p.lastG = make([]float64, len(x))
		p.in = make([]bool, N)
		for _, i := range p.rows {
			p.in[i] = true
		}
		p.r = make([]float64, N*K)
		p.part = make([]float64, max((N+fitRowChunk-1)/fitRowChunk, (D+fitColChunk-1)/fitColChunk))
	}
	g := p.lastG
	bias := x[D*K:]
	rowChunks := (N + fitRowChunk - 1) / fitRowChunk
	parallel(rowChunks, func(c int) {
		var s [32]float64
		var loss float64
		for i := c * fitRowChunk; i < min(N, (c+1)*fitRowChunk); i++ {
			r := p.r[i*K : i*K+K]
			if !p.in[i] {
				clear(r)
				continue
			}
			lo, hi := d.ptr[i], d.ptr[i+1]
			y := int(d.y[i])
			if K == 1 {
				z := bias[0]
				for j := lo; j < hi; j++ {
					z += x[d.col[j]] * float64(d.val[j])
				}
				// log loss of label y in {0, 1} with P(1) = σ(z).
				var pr float64
				if z >= 0 {
					e := math.Exp(-z)
					pr = 1 / (1 + e)
					loss += math.Log1p(e)
					if y == 0 {
						loss += z
					}
				} else {
					e := math.Exp(z)
					pr = e / (1 + e)
					loss += math.Log1p(e)
					if y == 1 {
						loss -= z
					}
				}
				r[0] = pr - float64(y)
				continue
			}
			copy(s[:K], bias)
			for j := lo; j < hi; j++ {
				v := float64(d.val[j])
				w := x[int(d.col[j])*K : int(d.col[j])*K+K]
				for k := range K {
					s[k] += w[k] * v
				}
			}
			mx := s[0]
			for _, v := range s[1:K] {
				mx = max(mx, v)
			}
			var sum float64
			for k := range K {
				s[k] = math.Exp(s[k] - mx)
				sum += s[k]
			}
			loss += math.Log(sum) - math.Log(s[y])
			for k := range K {
				r[k] = s[k] / sum
			}
			r[y]--
		}
		p.part[c] = loss
	})
	var loss float64
	for _, l := range p.part[:rowChunks] {
		loss += l
	}
	inv := 1 / float64(max(len(p.rows), 1))
	gb := g[D*K:]
	clear(gb)
	for i := range N {
		for k := range K {
			gb[k] += p.r[i*K+k]
		}
	}
	for k := range gb {
		gb[k] *= inv
	}
	colChunks := (D + fitColChunk - 1) / fitColChunk
	parallel(colChunks, func(c int) {
		var ss float64
		if K == 1 {
			cptr, crow, cval, r := d.cptr, d.crow, d.cval, p.r
			for f := c * fitColChunk; f < min(D, (c+1)*fitColChunk); f++ {
				var a float64
				for e := cptr[f]; e < cptr[f+1]; e++ {
					a += r[crow[e]] * float64(cval[e])
				}
				w := x[f]
				ss += w * w
				g[f] = a*inv + p.lambda*w
			}
			p.part[c] = ss
			return
		}
		for f := c * fitColChunk; f < min(D, (c+1)*fitColChunk); f++ {
			gw := g[f*K : f*K+K]
			clear(gw)
			for e := d.cptr[f]; e < d.cptr[f+1]; e++ {
				v := float64(d.cval[e])
				r := p.r[int(d.crow[e])*K : int(d.crow[e])*K+K]
				for k := range K {
					gw[k] += r[k] * v
				}
			}
			w := x[f*K : f*K+K]
			for k := range K {
				ss += w[k] * w[k]
				gw[k] = gw[k]*inv + p.lambda*w[k]
			}
		}
		p.part[c] = ss
	})
	var ss float64
	for _, v := range p.part[:colChunks] {
		ss += v
	}
	p.lastF = loss*inv + p.lambda/2*ss
	p.lastX = append(p.lastX[:0], x...)
}

// fit minimises the problem from x0 (nil: zero) and returns the weights.
func (p *problem) fit(x0 []float64) []float64 {
	n := p.d.dim()
	if x0 == nil {
		x0 = make([]float64, n)
	}
	prob := optimize.Problem{
		Func: func(x []float64) float64 { p.eval(x); return p.lastF },
		Grad: func(g, x []float64) { p.eval(x); copy(g, p.lastG) },
	}
	settings := &optimize.Settings{
		GradientThreshold: fitGradTol,
		MajorIterations:   fitMaxIter,
		Converger:         optimize.NeverTerminate{},
	}
	res, err := optimize.Minimize(prob, x0, settings, &optimize.LBFGS{Store: fitStore})
	if res == nil || err != nil && res.X == nil {
		return x0
	}
	// An iteration limit or a line search that cannot improve further still
	// leaves the best point found.
	return res.X
}

// logLoss is the mean log loss of x on the given rows.
func (d *Design) logLoss(x []float64, rows []int32) float64 {
	s := make([]float64, d.C)
	var loss float64
	for _, i := range rows {
		d.scores(x, int(i), s)
		softmax64(s)
		loss -= math.Log(max(s[d.y[i]], 1e-15))
	}
	return loss / float64(max(len(rows), 1))
}

// scores fills s (C entries) with row i's scores under x.
func (d *Design) scores(x []float64, i int, s []float64) {
	K := d.K
	D := len(d.buckets)
	off := 0
	if K == 1 {
		s[0] = 0
		off = 1
	}
	copy(s[off:], x[D*K:])
	for j := d.ptr[i]; j < d.ptr[i+1]; j++ {
		v := float64(d.val[j])
		w := x[int(d.col[j])*K : int(d.col[j])*K+K]
		for k := range K {
			s[off+k] += w[k] * v
		}
	}
}

// Train fits one model per fold on the design's rows outside that fold,
// with C chosen on fold 0 (see fitCs and fitFolds). Two classes are fitted
// in the dual (fitDual), the folds after the first side by side, one
// goroutine each; more classes by L-BFGS, the folds one after another,
// each evaluation spread over the cores in fixed chunks (see
// problem.eval), one fit's L-BFGS memory alive at a time. Either way the
// same bits for any GOMAXPROCS or number of workers.
func Train(rows []Row, idf []float32, C, folds int) *Model {
	lr := &Model{Idf: idf, W: make([][]float32, folds), B: make([][]float64, folds)}
	d := newDesign(rows, lr, C)
	xs, bestC := d.fitFolds(folds)
	lr.C = bestC
	if FitHook != nil {
		FitHook(d, xs, bestC)
	}
	// Spread each fold's weights over the buckets, as the Scorer reads
	// them: w[k*nb+bucket], class 0 zero with two classes.
	nb := len(idf)
	K := d.K
	D := len(d.buckets)
	for f, x := range xs {
		w := make([]float32, C*nb)
		b := make([]float64, C)
		off := 0
		if K == 1 {
			off = 1
		}
		for l, bk := range d.buckets {
			for k := range K {
				w[(off+k)*nb+int(bk)] = float32(x[l*K+k])
			}
		}
		copy(b[off:], x[D*K:])
		lr.W[f], lr.B[f] = w, b
	}
	return lr
}

// fitFolds fits one model per fold on the design's rows outside that
// fold, with C chosen on fold 0 (see fitCs), and returns each fold's
// parameters and the C chosen.
//
// Two classes are fitted in the dual (fitDual): the path's fits after the
// first start from the last one's dual point scaled to the new C, and
// fold f's fit from fold 0's final dual point on the rows the two share
// (the rows of fold f's training set that fold 0 held out start near
// zero). A row's dual variable is its weight in w = Σ αᵢ·yᵢ·xᵢ: fold f's
// held-out rows have none in any of its iterates, whatever the start, so
// their labels cannot leak into their scores; the start only shortens
// the fit. The four other folds run side by side, one goroutine each.
// The path's candidates after the first are fitted in the dual to
// dualPathTol first and compared there; only one whose held-out loss then
// beats the best so far is fitted on to convergence (and compared again).
func (d *Design) fitFolds(folds int) ([][]float64, float64) {
	train := make([][]int32, folds)
	held := make([][]int32, folds)
	for i, f := range d.fold {
		for k := range folds {
			if int(f) == k {
				held[k] = append(held[k], int32(i))
			} else {
				train[k] = append(train[k], int32(i))
			}
		}
	}
	dual := d.K == 1
	lambda := func(c float64, f int) float64 { return 1 / (c * float64(max(len(train[f]), 1))) }
	// Inner validation on fold 0 (see fitCs). The dual point of the best
	// fit so far, when fitted in the dual.
	var bestA []float64
	bestI, bestLoss := fitStartC, math.Inf(1)
	fitAt := func(i int, x0 []float64) ([]float64, []float64, float64) {
		var x, a []float64
		if dual {
			var a0 []float64
			if x0 != nil {
				a0 = slices.Clone(bestA)
				for s := range a0 {
					a0[s] *= fitCs[i] / fitCs[bestI]
				}
				// A candidate is compared at dualPathTol first: most are
				// rejected there (C=64 on mail, a third of the fits' passes
				// to convergence); one that wins is fitted on to
				// convergence from where it stopped.
				x, a = d.fitDual(train[0], fitCs[i], 0, a0, dualPathTol)
				if !(d.logLoss(x, held[0]) < bestLoss) {
					return x, a, math.Inf(1)
				}
				a0 = a
			}
			x, a = d.fitDual(train[0], fitCs[i], 0, a0, 0)
		} else {
			p := &problem{d: d, rows: train[0], lambda: lambda(fitCs[i], 0)}
			x = p.fit(x0)
		}
		return x, a, d.logLoss(x, held[0])
	}
	best, a, l0 := fitAt(bestI, nil)
	bestA, bestLoss = a, l0
	if len(held[0]) > 0 {
		for _, step := range []int{1, -1} {
			moved := false
			for i := bestI + step; i >= 0 && i < len(fitCs); i += step {
				x, a, l := fitAt(i, slices.Clone(best))
				if !(l < bestLoss) {
					break
				}
				best, bestA, bestLoss, bestI, moved = x, a, l, i, true
			}
			if moved {
				break
			}
		}
	}
	c := fitCs[bestI]
	xs := make([][]float64, folds)
	xs[0] = best
	if dual {
		// Fold 0's dual point by design row (0: held out of fold 0).
		start := make([]float64, len(d.y))
		for s, i := range train[0] {
			start[i] = bestA[s]
		}
		parallel(folds-1, func(k int) {
			f := k + 1
			a0 := make([]float64, len(train[f]))
			for s, i := range train[f] {
				a0[s] = start[i]
			}
			xs[f], _ = d.fitDual(train[f], c, uint64(f), a0, 0)
		})
	} else {
		for f := 1; f < folds; f++ {
			p := &problem{d: d, rows: train[f], lambda: lambda(c, f)}
			xs[f] = p.fit(nil)
		}
	}
	return xs, c
}
