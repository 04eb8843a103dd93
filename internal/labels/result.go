package labels

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Classifier names the built-in classifier in reports.
const Classifier = "L2-regularised logistic regression (multinomial; L-BFGS to convergence, C chosen by inner validation) on TF-IDF weighted, L2-normalised, binarised hashed words and word pairs (2^19 buckets), trained per fold on a sample of up to 20,000 rows and 4 Mi feature entries; softmax temperature fitted out of fold"

// Thresholds of the trigger scan.
const (
	// TriggerMinScore is the least -log10 of the Bonferroni-adjusted tail
	// bound for a trigger candidate: adjusted p <= 0.01.
	TriggerMinScore = 2.0
	// TriggerMinOther is the least share of a candidate's rows (of its
	// class) that must read like another class without the candidate
	// features.
	TriggerMinOther = 0.5
)

// Result describes the label checks of a run.
type Result struct {
	Classifier  string   `json:"classifier"`
	Folds       int      `json:"folds"`
	Seed        uint64   `json:"seed"`
	Classes     []string `json:"classes"`
	RowsScored  int64    `json:"rows_scored"`
	Temperature float64  `json:"temperature"`
	// Accuracy is the out-of-fold accuracy against the given labels.
	Accuracy float64 `json:"oof_accuracy"`
	// ConfidentJoint is the calibrated confident joint: rows with given
	// label i (row) whose true label is estimated to be j (column).
	ConfidentJoint [][]int64 `json:"confident_joint"`
	// MinP is the least probability of the suggested label for a label
	// error; BelowMinP counts the issues confident learning found under it.
	MinP        float64 `json:"label_error_min_p"`
	BelowMinP   int64   `json:"label_issues_below_min_p"`
	LabelErrors int64   `json:"label_errors"`
	// TriggerTests is the number of (gram, class) hypotheses the trigger
	// scan corrects for; TriggerBuckets the candidate buckets screened.
	TriggerTests      float64 `json:"trigger_tests"`
	TriggerBuckets    int     `json:"trigger_buckets_screened"`
	TriggerGrams      int     `json:"trigger_grams_counted"`
	TriggerCandidates int64   `json:"trigger_candidates"`
	TriggeredRows     int64   `json:"triggered_rows"`
	// TriggeredOther counts the triggered rows that read like another
	// label without their class's rare concentrated words.
	TriggeredOther int64  `json:"triggered_rows_reading_otherwise"`
	Note           string `json:"note,omitempty"`
}

// Findings are the label checks' findings by kind, each list ranked.
type Findings struct {
	LabelErrors, Triggers, TriggeredRows []finding.Finding
	// Unlisted counts those left out by the listing limit, per kind.
	Unlisted map[string]int64
}

func round(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}

// softmax writes softmax(s/t) to p.
func softmax(s []float32, t float64, p []float64) {
	mx := math.Inf(-1)
	for _, v := range s {
		mx = max(mx, float64(v)/t)
	}
	sum := 0.0
	for k, v := range s {
		p[k] = math.Exp(float64(v)/t - mx)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
}

// fitTemperature finds the softmax temperature that minimises the negative
// log-likelihood of the given labels (golden-section search on log t).
func fitTemperature(scores []float32, y []int32, C int) float64 {
	n := len(y)
	step := max(1, n/200000)
	p := make([]float64, C)
	nll := func(lt float64) float64 {
		t := math.Exp(lt)
		var s float64
		for i := 0; i < n; i += step {
			softmax(scores[i*2*C:i*2*C+C], t, p)
			s -= math.Log(max(p[y[i]], 1e-12))
		}
		return s
	}
	a, b := math.Log(0.01), math.Log(10000)
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := nll(c), nll(d)
	for range 40 {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = nll(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = nll(d)
		}
	}
	return math.Exp((a + b) / 2)
}

// Result finds label errors and triggers from the merged second pass. It
// lists at most maxList findings of each kind (ranked) and counts the rest.
func (m *Model) Result(sc *Scorer, files []string, maxList int) (Result, Findings) {
	res := Result{Classifier: Classifier, Folds: m.folds, Seed: m.opts.Seed, Classes: m.Names, Note: m.Note}
	out := Findings{Unlisted: map[string]int64{}}
	if !m.Usable() {
		return res, out
	}
	C := len(m.Names)
	rows := sc.rows.Flatten()
	raw := sc.scores.Flatten()
	n := len(rows)
	res.RowsScored = int64(n)
	// Sort rows by position: workers add them in any order.
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(a, b int) int {
		if c := cmp.Compare(rows[a].file, rows[b].file); c != 0 {
			return c
		}
		return cmp.Compare(rows[a].n, rows[b].n)
	})
	inv := make([]uint32, n)
	sorted := make([]rowState, n)
	scores := make([]float32, n*2*C)
	y := make([]int32, n)
	for i, o := range perm {
		inv[o] = uint32(i)
		sorted[i] = rows[o]
		y[i] = rows[o].label
		copy(scores[i*2*C:(i+1)*2*C], raw[o*2*C:(o+1)*2*C])
	}
	rows, raw, perm = sorted, nil, nil
	if n == 0 {
		return res, out
	}
	t := fitTemperature(scores, y, C)
	res.Temperature = round(t, 3)
	probs := make([]float64, n*C)
	correct := 0
	for i := range n {
		softmax(scores[i*2*C:i*2*C+C], t, probs[i*C:(i+1)*C])
		if argmax(probs[i*C:(i+1)*C]) == int(y[i]) {
			correct++
		}
	}
	res.Accuracy = round(float64(correct)/float64(n), 4)
	issues, cj := confidentLearning(probs, y, C)
	res.ConfidentJoint = cj
	res.MinP = m.opts.minP()
	kept := issues[:0]
	for _, i := range issues {
		p := probs[i*C : (i+1)*C]
		if p[suggested(p, y[i])] >= res.MinP {
			kept = append(kept, i)
		}
	}
	res.BelowMinP = int64(len(issues) - len(kept))
	issues = kept
	res.LabelErrors = int64(len(issues))
	rowOf := func(i int) finding.Row {
		r := rows[i]
		return finding.NewRow(files, ingest.Pos{File: int(r.file), N: r.n, Line: r.line}, sc.ids.String(r.id))
	}
	for rank, i := range issues {
		if rank == maxList {
			out.Unlisted[finding.KindLabelError] = int64(len(issues) - maxList)
			break
		}
		p := probs[i*C : (i+1)*C]
		s := suggested(p, y[i])
		out.LabelErrors = append(out.LabelErrors, finding.Finding{
			Kind: finding.KindLabelError, Severity: finding.Warning, Rows: []finding.Row{rowOf(i)},
			Score: round(p[s], 4),
			Evidence: fmt.Sprintf("labelled %q, reads as %q: p(%s) = %.4f, p(%s) = %.4f out of fold; rank %d of %d by self-confidence",
				m.Names[y[i]], m.Names[s], m.Names[s], p[s], m.Names[y[i]], p[y[i]], rank+1, len(issues)),
		})
	}
	m.triggers(sc, y, scores, inv, t, 1-float64(correct)/float64(n), rowOf, maxList, &res, &out)
	return res, out
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

// suggested returns the most probable class other than y.
func suggested(p []float64, y int32) int {
	best := -1
	for k, v := range p {
		if int32(k) != y && (best < 0 || v > p[best]) {
			best = k
		}
	}
	return best
}

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

// confidentLearning returns the rows with label issues, ranked by
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
func confidentLearning(probs []float64, y []int32, C int) ([]int, [][]int64) {
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

// trigger is a flagged gram.
type trigger struct {
	g       int
	class   int
	score   float64 // concentration: -log10 of the adjusted tail bound
	rank    float64 // reads otherwise: -log10 of the tail bound
	support int64
}

// triggers lists the trigger candidates and the rows carrying them.
// misread is the share of all rows whose prediction is not their label: the
// base rate of reading like another label, against which a candidate's rows
// are ranked, so that a planted pair ranks above a word that is also in
// ordinary rows of the same class.
func (m *Model) triggers(sc *Scorer, y []int32, scores []float32, inv []uint32, t, misread float64,
	rowOf func(int) finding.Row, maxList int, res *Result, out *Findings) {
	C := len(m.Names)
	res.TriggerTests = float64(int64(m.tests))
	res.TriggerBuckets = m.candidates
	res.TriggerGrams = len(sc.grams)
	logTests := math.Log(m.tests)
	hi := m.maxTriggerRows()
	var ts []trigger
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
		if float64(st.other[bestK]) < TriggerMinOther*float64(st.rows[bestK]) {
			continue
		}
		ts = append(ts, trigger{g: g, class: bestK, score: best, support: n,
			rank: -chernoff(st.other[bestK], st.rows[bestK], max(misread, 1e-3)) / math.Ln10})
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
	res.TriggerCandidates = int64(len(ts))
	rank := make(map[int]int, len(ts)) // gram -> rank
	for r, tr := range ts {
		rank[tr.g] = r
	}
	// The rows of each flagged gram, in input order.
	carried := make([][]int, len(ts))
	rowBest := map[int]int{} // row -> best-ranked flagged gram it carries
	for _, cs := range sc.carry.Chunks() {
		for _, c := range cs {
			r, ok := rank[int(c.gram)]
			if !ok {
				continue
			}
			i := int(inv[c.row])
			carried[r] = append(carried[r], i)
			if b, ok := rowBest[i]; !ok || r < b {
				rowBest[i] = r
			}
		}
	}
	for r, tr := range ts {
		if r == maxList {
			out.Unlisted[finding.KindTriggerCandidate] = int64(len(ts) - maxList)
			break
		}
		st := sc.grams[tr.g]
		rs := carried[r]
		slices.Sort(rs)
		f := finding.Finding{Kind: finding.KindTriggerCandidate, Subkind: "word", Severity: finding.Warning,
			Count: tr.support, Score: round(tr.rank, 2), Needle: st.text}
		if strings.Contains(st.text, " ") {
			f.Subkind = "pair"
		}
		for _, i := range rs[:min(5, len(rs))] {
			f.Rows = append(f.Rows, rowOf(i))
		}
		k := tr.class
		f.Evidence = fmt.Sprintf("%q is in %d rows, %d labelled %q (purity %.3f, base rate %.3f; -log10 p = %.1f, Chernoff bound, Bonferroni over %.3g tests); %d of those read as another label without their class's rare concentrated words (base rate %.3f; -log10 p = %.1f)",
			st.text, tr.support, st.rows[k], m.Names[k], float64(st.rows[k])/float64(tr.support),
			float64(m.docs[k])/float64(m.rows), tr.score, m.tests, st.other[k], misread, tr.rank)
		out.Triggers = append(out.Triggers, f)
	}
	// The triggered rows: those that read like another label first, most
	// confident first; then the rest in input order.
	type trow struct {
		i, r   int
		other  int
		pOther float64
	}
	var trs []trow
	p := make([]float64, C)
	for i, r := range rowBest {
		softmax(scores[i*2*C+C:(i+1)*2*C], t, p)
		o := suggested(p, y[i])
		pr := p[o]
		if argmax(p) == int(y[i]) {
			pr = -1 // reads as its own label
		}
		trs = append(trs, trow{i: i, r: r, other: o, pOther: pr})
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
			f.Evidence = fmt.Sprintf("carries trigger candidate %q; labelled %q, reads as %q (p = %.4f) without its class's rare concentrated words", g, m.Names[y[tr.i]], m.Names[tr.other], tr.pOther)
		} else {
			f.Subkind = "reads_as_labelled"
			f.Evidence = fmt.Sprintf("carries trigger candidate %q; labelled %q, and reads so without it", g, m.Names[y[tr.i]])
		}
		out.TriggeredRows = append(out.TriggeredRows, f)
	}
}
