package conflearn

import (
	"cmp"
	"math"
	"slices"
)

// Constants of cleanlab 2.9 (cleanlab/internal/constants.py and
// count.get_confident_thresholds).
const (
	// clFuzz is FLOATING_POINT_COMPARISON: a probability within it of a
	// threshold reaches it, and a given label within it of the most
	// probable is not an issue.
	clFuzz = 1e-6
	// clMinThreshold is CONFIDENT_THRESHOLDS_LOWER_BOUND.
	clMinThreshold = 2 * clFuzz
	// clMissingThreshold is the threshold of a class no row is given
	// (BIG_VALUE): no probability reaches it.
	clMissingThreshold = 2
	// clTiny is TINY_VALUE, the least divisor in calibration.
	clTiny = 1e-100
)

// FindIssues returns the rows with label issues, ranked by
// self-confidence (lowest first, ties by position), and the calibrated
// confident joint: what cleanlab 2.9's filter.find_label_issues returns
// with its defaults (filter_by prune_by_noise_rate, frac_noise 1,
// num_to_remove_per_class None, min_examples_per_class 1, multi_label
// false) and return_indices_ranked_by self_confidence, step by step, so
// that the same probabilities give the same issues (TestCleanlabFixture).
// Two things cleanlab leaves to numpy's unstable sorts are decided by
// position here: rows tied on a margin at a prune cut, and issues tied on
// self-confidence. Sums are sequential where numpy's are pairwise, which
// can differ in the last bit.
func FindIssues(probs []float64, y []int32, C int) ([]int, [][]int64) {
	n := len(y)
	// count.get_confident_thresholds: the mean self-confidence of each
	// class, BIG_VALUE for a class no row is given, at least 2e-6.
	counts := make([]int64, C)
	thr := make([]float64, C)
	for i := range n {
		counts[y[i]]++
		thr[y[i]] += probs[i*C+int(y[i])]
	}
	for k := range C {
		if counts[k] > 0 {
			thr[k] /= float64(counts[k])
		} else {
			thr[k] = clMissingThreshold
		}
		thr[k] = max(thr[k], clMinThreshold)
	}
	// count.compute_confident_joint: a row reaching one class's threshold
	// counts for that class; one reaching several counts for its most
	// probable class, whether or not that one reaches its own threshold.
	cj := make([][]float64, C)
	for k := range cj {
		cj[k] = make([]float64, C)
	}
	for i := range n {
		p := probs[i*C : (i+1)*C]
		confident, first := 0, -1
		for k := range C {
			if p[k] >= thr[k]-clFuzz {
				confident++
				if first < 0 {
					first = k
				}
			}
		}
		switch {
		case confident == 1:
			cj[y[i]][first]++
		case confident > 1:
			cj[y[i]][argmax(p)]++
		}
	}
	for k := range C {
		cj[k][k] = max(cj[k][k], 1)
	}
	// count.calibrate_confident_joint: each row sums to its label's count,
	// the whole to n; rows rounded keeping their totals.
	var total float64
	for k := range C {
		var rs float64
		for j := range C {
			rs += cj[k][j]
		}
		for j := range C {
			cj[k][j] = cj[k][j] / max(rs, clTiny) * float64(counts[k])
			total += cj[k][j]
		}
	}
	for k := range C {
		for j := range C {
			cj[k][j] = cj[k][j] / max(total, clTiny) * float64(n)
		}
	}
	cal := make([][]int64, C)
	for k := range C {
		cal[k] = roundPreservingSum(cj[k])
	}
	prune := keepAtLeastOne(cal)
	// filter._prune_by_count: for given class k and true class j, the
	// prune[k][j] rows of class k with the largest margin p_j - p_k; none
	// in a class of one row.
	flag := make([]bool, n)
	byClass := make([][]int, C)
	for i := range n {
		byClass[y[i]] = append(byClass[y[i]], i)
	}
	idx := make([]int, 0, n)
	for k := range C {
		if len(byClass[k]) <= 1 {
			continue
		}
		for j := range C {
			num := int(prune[k][j])
			if j == k || num <= 0 {
				continue
			}
			idx = append(idx[:0], byClass[k]...)
			slices.SortStableFunc(idx, func(a, b int) int {
				return cmp.Compare(probs[b*C+j]-probs[b*C+k], probs[a*C+j]-probs[a*C+k])
			})
			for _, i := range idx[:min(num, len(idx))] {
				flag[i] = true
			}
		}
	}
	// count._reduce_issues: not an issue when the given label, raised by
	// 1e-6, is the most probable (the first of equals).
	var issues []int
	for i := range n {
		if !flag[i] {
			continue
		}
		p := probs[i*C : (i+1)*C]
		py := p[y[i]] + clFuzz
		given := true
		for k, v := range p {
			if k != int(y[i]) && (v > py || v == py && k < int(y[i])) {
				given = false
				break
			}
		}
		if !given {
			issues = append(issues, i)
		}
	}
	// rank.order_label_issues by self-confidence.
	slices.SortStableFunc(issues, func(a, b int) int {
		return cmp.Compare(probs[a*C+int(y[a])], probs[b*C+int(y[b])])
	})
	return issues, cal
}

// keepAtLeastOne returns the number of rows to prune for each given class
// (row) and true class (column) from the calibrated confident joint, as
// cleanlab's filter._keep_at_least_n_per_class with n = 1 and frac_noise 1:
// a class whose estimated correctly labelled rows round to zero gets one,
// taken evenly from its nonzero noise counts, which are then truncated.
func keepAtLeastOne(cal [][]int64) [][]int64 {
	C := len(cal)
	out := make([][]int64, C)
	for k := range C {
		out[k] = slices.Clone(cal[k])
		if cal[k][k] >= 1 {
			continue
		}
		nonzero := 0
		for _, v := range cal[k] {
			if v != 0 {
				nonzero++
			}
		}
		take := float64(1-cal[k][k]) / float64(max(nonzero-1, 1))
		for j := range C {
			if j != k {
				out[k][j] = int64(max(float64(cal[k][j])-take, 0)) // astype(int) truncates
			}
		}
		out[k][k] = 1
	}
	return out
}

// roundPreservingSum rounds a row of the confident joint to integers
// keeping its rounded total, as cleanlab's round_preserving_sum: each
// value rounded half to even, then while the total is off, the values
// furthest from their rounding in the needed direction moved by one
// (numpy's argsort, stable for these short rows, reversed when adding).
func roundPreservingSum(row []float64) []int64 {
	ints := make([]float64, len(row))
	var sum, isum float64
	for j, v := range row {
		ints[j] = math.RoundToEven(v)
		sum += v
		isum += ints[j]
	}
	want := math.RoundToEven(sum)
	idx := make([]int, len(row))
	for math.Abs(isum-want) > clFuzz {
		diff := math.RoundToEven(want - isum)
		inc := 1.0
		if diff < 0 {
			inc = -1
		}
		for j := range idx {
			idx[j] = j
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(row[a]-ints[a], row[b]-ints[b]) })
		if inc > 0 {
			slices.Reverse(idx)
		}
		for _, j := range idx[:min(int(math.Abs(diff)), len(idx))] {
			ints[j] += inc
		}
		isum = 0
		for _, v := range ints {
			isum += v
		}
		isum = math.RoundToEven(isum)
	}
	out := make([]int64, len(row))
	for j, v := range ints {
		out[j] = int64(v)
	}
	return out
}

// argmax returns the index of the largest entry, the first of ties
// (numpy's argmax).
func argmax(s []float64) int {
	best := 0
	for k, v := range s {
		if v > s[best] {
			best = k
		}
	}
	return best
}
