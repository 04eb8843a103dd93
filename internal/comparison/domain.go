package comparison

import (
	"cmp"
	"math"
	"slices"
)

// Domain is how well a classifier tells the two sides apart.
type Domain struct {
	// AUC is the cross-validated area under the ROC curve of a
	// multinomial naive Bayes classifier over hashed token counts: 0.5
	// means the sides cannot be told apart from their words, 1 that every
	// row can.
	AUC   float64 `json:"auc"`
	Folds int     `json:"folds"`
	// RowsA and RowsB are the sampled rows scored.
	RowsA int `json:"rows_a"`
	RowsB int `json:"rows_b"`
	// Features is the size of the hashed feature space.
	Features int `json:"features"`
}

// DomainAUC trains a multinomial naive Bayes classifier (Laplace
// smoothing) to tell rows of B from rows of A, each a list of hashed
// token features in [0, dim), and returns its AUC over folds-fold cross
// validation: row i of a side is in fold i mod folds, and each row is
// scored by the model trained on the other folds. Deterministic.
func DomainAUC(a, b [][]uint32, dim, folds int) Domain {
	res := Domain{Folds: folds, RowsA: len(a), RowsB: len(b), Features: dim}
	if len(a) < folds || len(b) < folds {
		return res
	}
	type scored struct {
		s   float64
		isB bool
	}
	var all []scored
	countsA := make([]float64, dim)
	countsB := make([]float64, dim)
	var totA, totB float64
	add := func(counts []float64, tot *float64, rows [][]uint32, fold int) {
		for i, r := range rows {
			if i%folds == fold {
				continue
			}
			for _, f := range r {
				counts[f]++
			}
			*tot += float64(len(r))
		}
	}
	for fold := range folds {
		clear(countsA)
		clear(countsB)
		totA, totB = 0, 0
		add(countsA, &totA, a, fold)
		add(countsB, &totB, b, fold)
		score := func(r []uint32) float64 {
			var s float64
			for _, f := range r {
				s += math.Log((countsB[f]+1)/(totB+float64(dim))) - math.Log((countsA[f]+1)/(totA+float64(dim)))
			}
			return s
		}
		for i, r := range a {
			if i%folds == fold {
				all = append(all, scored{score(r), false})
			}
		}
		for i, r := range b {
			if i%folds == fold {
				all = append(all, scored{score(r), true})
			}
		}
	}
	res.AUC = round(auc(func(yield func(float64, bool) bool) {
		for _, x := range all {
			if !yield(x.s, x.isB) {
				return
			}
		}
	}), 4)
	return res
}

// auc is the Mann-Whitney AUC of scores (positives: B), ties counted half.
func auc(seq func(func(float64, bool) bool)) float64 {
	type sc struct {
		s   float64
		pos bool
	}
	var xs []sc
	seq(func(s float64, pos bool) bool { xs = append(xs, sc{s, pos}); return true })
	slices.SortFunc(xs, func(x, y sc) int { return cmp.Compare(x.s, y.s) })
	var rankSum, npos, nneg float64
	for i := 0; i < len(xs); {
		j := i
		for j < len(xs) && xs[j].s == xs[i].s {
			j++
		}
		mid := float64(i+j+1) / 2 // average 1-based rank
		for k := i; k < j; k++ {
			if xs[k].pos {
				rankSum += mid
				npos++
			} else {
				nneg++
			}
		}
		i = j
	}
	if npos == 0 || nneg == 0 {
		return 0.5
	}
	return (rankSum - npos*(npos+1)/2) / (npos * nneg)
}
