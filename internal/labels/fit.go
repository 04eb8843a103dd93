package labels

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/optimize"
)

// Fit settings. The classifier is an L2-regularised logistic regression
// (multinomial for three classes or more, one logistic model for two, as
// scikit-learn's LogisticRegression) minimising the mean log loss over the
// training rows plus λ/2·‖w‖² (biases not penalised), with L-BFGS
// (gonum/optimize) from zero weights to convergence: the largest gradient
// entry below fitGradTol, or fitMaxIter iterations.
//
// λ is 1/(C·n) for scikit-learn's C and n training rows; C is chosen
// among fitCs by an inner validation: fold 0's model is fitted for each C
// in turn, strongest first, and scored by its log loss on fold 0's rows
// (which it did not see); the first C whose loss is not better than the
// one before stops the path. The other folds are fitted with the best C
// only, so the search costs at most len(fitCs)-1 fits of one fold.
const (
	fitGradTol = 1e-4
	fitMaxIter = 200
	fitStore   = 10
	// fitMinRows is the fewest sample rows a feature is fitted on.
	fitMinRows = 2
)

// fitCs are scikit-learn's C values the inner validation tries, strongest
// regularisation first.
var fitCs = []float64{1, 4, 16, 64}

// fitHook, when set (by a test), sees every trainLR's design and fitted
// weights: the peer comparison writes them out.
var fitHook func(d *design, xs [][]float64, c float64)

// rowVector fills x with the row's feature weights: idf, L2-normalised.
func (lr *lrModel) rowVector(fs []uint32, x []float32) []float32 {
	x = x[:0]
	var ss float64
	for _, f := range fs {
		v := lr.idf[f]
		x = append(x, v)
		ss += float64(v) * float64(v)
	}
	if ss > 0 {
		inv := float32(1 / math.Sqrt(ss))
		for i := range x {
			x[i] *= inv
		}
	}
	return x
}

// design is the sample as a sparse matrix over the buckets it uses: row
// i's features are col[ptr[i]:ptr[i+1]] (local numbers), their values
// val[...] (TF-IDF, L2-normalised, as the Scorer computes them).
type design struct {
	ptr     []int
	col     []int32
	val     []float32
	y       []int32
	fold    []int32
	buckets []uint32 // local feature number -> bucket
	C, K    int      // classes; weight vectors (1 for two classes)
}

// newDesign builds the design of the sample rows, in hash order, freeing
// each row's features as it goes.
func newDesign(rows []sampleRow, lr *lrModel, C int) *design {
	slices.SortFunc(rows, func(a, b sampleRow) int { return cmp.Compare(a.h, b.h) })
	d := &design{C: C, K: C}
	if C == 2 {
		d.K = 1
	}
	// Features seen in one sample row only cannot generalise from it:
	// they are left out of the fit (weight 0), but still count in their
	// row's norm, as the Scorer counts them.
	seen := make([]uint8, NumBuckets)
	for i := range rows {
		for _, f := range rows[i].feats {
			if seen[f] < 2 {
				seen[f]++
			}
		}
	}
	loc := make([]int32, NumBuckets)
	for i := range loc {
		loc[i] = -1
	}
	n := 0
	for i := range rows {
		n += len(rows[i].feats)
	}
	d.ptr = make([]int, 1, len(rows)+1)
	d.col = make([]int32, 0, n)
	d.val = make([]float32, 0, n)
	var x []float32
	for i := range rows {
		r := &rows[i]
		x = lr.rowVector(r.feats, x)
		for j, f := range r.feats {
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
		d.y = append(d.y, r.label)
		d.fold = append(d.fold, r.fold)
		r.feats = nil
	}
	return d
}

// problem is one fit: the design's rows of the given list, λ.
type problem struct {
	d      *design
	rows   []int32
	lambda float64
	// The last point evaluated, its loss and gradient: gonum asks for the
	// function and its gradient separately, at the same point.
	lastX []float64
	lastF float64
	lastG []float64
	s     []float64
}

// dim is the number of parameters: K weight vectors over the design's
// features (feature-major: w[f*K+k]), then K biases.
func (d *design) dim() int { return (len(d.buckets) + 1) * d.K }

// eval computes the objective and its gradient at x.
func (p *problem) eval(x []float64) {
	if p.lastX != nil && slices.Equal(p.lastX, x) {
		return
	}
	d := p.d
	K := d.K
	D := len(d.buckets)
	if p.lastG == nil {
		p.lastG = make([]float64, len(x))
		p.s = make([]float64, max(K, 2))
	}
	g := p.lastG
	clear(g)
	bias := x[D*K:]
	gb := g[D*K:]
	var loss float64
	s := p.s
	for _, i := range p.rows {
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
			r := pr - float64(y)
			gb[0] += r
			for j := lo; j < hi; j++ {
				g[d.col[j]] += r * float64(d.val[j])
			}
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
			s[k] /= sum
		}
		s[y]--
		for k := range K {
			gb[k] += s[k]
		}
		for j := lo; j < hi; j++ {
			v := float64(d.val[j])
			gw := g[int(d.col[j])*K : int(d.col[j])*K+K]
			for k := range K {
				gw[k] += s[k] * v
			}
		}
	}
	inv := 1 / float64(max(len(p.rows), 1))
	var ss float64
	for i, w := range x[:D*K] {
		ss += w * w
		g[i] = g[i]*inv + p.lambda*w
	}
	for k := range gb {
		gb[k] *= inv
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
func (d *design) logLoss(x []float64, rows []int32) float64 {
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
func (d *design) scores(x []float64, i int, s []float64) {
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

// trainLR fits one model per fold on the sample rows outside that fold,
// with C chosen on fold 0 (see fitCs). Each fit is sequential and
// deterministic; folds after the search fit in parallel.
func trainLR(rows []sampleRow, idf []float32, C, folds int) *lrModel {
	lr := &lrModel{idf: idf, w: make([][]float32, folds), b: make([][]float64, folds)}
	d := newDesign(rows, lr, C)
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
	lambda := func(c float64, f int) float64 { return 1 / (c * float64(max(len(train[f]), 1))) }
	// Inner validation on fold 0: strongest regularisation first.
	var best []float64
	bestLoss := math.Inf(1)
	bestC := fitCs[0]
	var prev []float64
	for _, c := range fitCs {
		p := &problem{d: d, rows: train[0], lambda: lambda(c, 0)}
		x := p.fit(slices.Clone(prev)) // warm start: same rows, weaker penalty
		prev = x
		l := d.logLoss(x, held[0])
		if len(held[0]) == 0 || l >= bestLoss {
			if best == nil {
				best, bestC = x, c
			}
			break
		}
		best, bestLoss, bestC = x, l, c
	}
	lr.C = bestC
	xs := make([][]float64, folds)
	xs[0] = best
	var wg sync.WaitGroup
	for f := 1; f < folds; f++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &problem{d: d, rows: train[f], lambda: lambda(bestC, f)}
			xs[f] = p.fit(nil)
		}()
	}
	wg.Wait()
	if fitHook != nil {
		fitHook(d, xs, bestC)
	}
	// Spread each fold's weights over the buckets, as the Scorer reads
	// them: w[k*NumBuckets+bucket], class 0 zero with two classes.
	K := d.K
	D := len(d.buckets)
	for f, x := range xs {
		w := make([]float32, C*NumBuckets)
		b := make([]float64, C)
		off := 0
		if K == 1 {
			off = 1
		}
		for l, bk := range d.buckets {
			for k := range K {
				w[(off+k)*NumBuckets+int(bk)] = float32(x[l*K+k])
			}
		}
		copy(b[off:], x[D*K:])
		lr.w[f], lr.b[f] = w, b
	}
	return lr
}
