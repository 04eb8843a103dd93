package labels

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels/conflearn"
)

// Classifier names the built-in classifier in reports.
const Classifier = "L2-regularised logistic regression (multinomial; L-BFGS to convergence, two classes by dual coordinate descent to convergence; C chosen by inner validation) on TF-IDF weighted, L2-normalised, binarised hashed words and word pairs (2^19 buckets), trained per fold on a sample of up to 20,000 rows and 4 Mi feature entries; softmax temperature fitted out of fold"

// Thresholds of the trigger scan.
const (
	// TriggerMinScore is the least -log10 of the Bonferroni-adjusted tail
	// bound for a trigger candidate: adjusted p <= 0.01.
	TriggerMinScore = 2.0
	// TriggerMinOther is the least share of a candidate's rows (of its
	// class) that must read like another class without it. Planted
	// triggers measured 0.82 to 0.93 (benchmarks/README.md, issue 15); a
	// class's defining phrase ("someone who" among WordNet's people) up to
	// 0.51.
	TriggerMinOther = 2.0 / 3
	// TriggerOverlap is the share of a candidate's rows that makes it the
	// same trigger as a better one it shares a word with.
	TriggerOverlap = 0.8
	// TriggerMaxCandidates bounds the trigger candidates reported; the
	// weaker ones are counted (trigger_candidates_left_out).
	TriggerMaxCandidates = 10
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
	TriggerTests   float64 `json:"trigger_tests"`
	TriggerBuckets int     `json:"trigger_buckets_screened"`
	TriggerGrams   int     `json:"trigger_grams_counted"`
	// TriggerConcentrated counts the words and pairs concentrated in one
	// label (the first test); TriggerLeftOut those of them not reported
	// as candidates (not purer than their label's other concentrated
	// grams, rows that read as labelled without them, the same trigger as
	// a better candidate, or beyond TriggerMaxCandidates).
	TriggerConcentrated int64 `json:"trigger_grams_concentrated"`
	TriggerLeftOut      int64 `json:"trigger_candidates_left_out"`
	TriggerCandidates   int64 `json:"trigger_candidates"`
	TriggeredRows       int64 `json:"triggered_rows"`
	// TriggeredOther counts the triggered rows that read like another
	// label without their class's rare concentrated words.
	TriggeredOther int64  `json:"triggered_rows_reading_otherwise"`
	Note           string `json:"note,omitempty"`
	// LabelConflicts counts the label_conflict findings of the label
	// checks: with no duplicate check running (Options.Conflicts), copies
	// of a text that carry different labels.
	LabelConflicts int64 `json:"label_conflicts,omitempty"`
}

// Findings are the label checks' findings by kind, each list ranked.
type Findings struct {
	LabelErrors, Triggers, TriggeredRows []finding.Finding
	Conflicts                            []finding.Finding // with Options.Conflicts
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
// log-likelihood of the given labels, t in [0.01, 10000]. The likelihood
// is convex in β = 1/t: its derivative is Σ (E_p[s] − s_y) and its second
// derivative Σ Var_p[s] ≥ 0 (p = softmax(β·s) of a row's scores s), both
// from one pass of C exponentials a row; Newton's method on β, inside a
// bracket that each derivative's sign narrows (a step leaving it bisects
// it, geometrically), stops when a step moves β by under 1e-12 of itself:
// about 6 passes where a golden-section search on log t took 42, each
// with a logarithm a row as well.
func fitTemperature(scores []float32, y []int32, C int) float64 {
	n := len(y)
	step := max(1, n/200000)
	p := make([]float64, C)
	// derivs returns the first and second derivatives of the negative
	// log-likelihood at β.
	derivs := func(beta float64) (float64, float64) {
		var g, h float64
		for i := 0; i < n; i += step {
			s := scores[i*C : (i+1)*C]
			mx := math.Inf(-1)
			for _, v := range s {
				mx = max(mx, beta*float64(v))
			}
			var sum, m1, m2 float64
			for k, v := range s {
				e := math.Exp(beta*float64(v) - mx)
				p[k] = e
				sum += e
			}
			for k, v := range s {
				q := p[k] / sum
				m1 += q * float64(v)
				m2 += q * float64(v) * float64(v)
			}
			g += m1 - float64(s[y[i]])
			h += max(m2-m1*m1, 0)
		}
		return g, h
	}
	lo, hi := 1e-4, 100.0
	beta := 1.0
	for range 100 {
		g, h := derivs(beta)
		// g = 0 with h = 0 is a likelihood flat in float64 (every row
		// right by a wide margin): towards the least t, as a search would.
		if g > 0 {
			hi = beta
		} else {
			lo = beta
		}
		nb := beta - g/h
		if !(nb > lo && nb < hi) {
			nb = math.Sqrt(lo * hi)
		}
		done := math.Abs(nb-beta) <= 1e-12*beta
		beta = nb
		if done || hi-lo <= 1e-12*lo {
			break
		}
	}
	return 1 / beta
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
	// Rows of a JSON array written on one line share a position: they are
	// ordered by what the findings show of them (label, scores, id), so
	// that rows tied on all of it give the same findings in any order.
	slices.SortFunc(perm, func(a, b int) int {
		if c := cmp.Compare(rows[a].file, rows[b].file); c != 0 {
			return c
		}
		if c := cmp.Compare(rows[a].n, rows[b].n); c != 0 {
			return c
		}
		if c := cmp.Compare(rows[a].label, rows[b].label); c != 0 {
			return c
		}
		if c := slices.Compare(raw[a*C:(a+1)*C], raw[b*C:(b+1)*C]); c != 0 {
			return c
		}
		return strings.Compare(sc.ids.String(rows[a].id), sc.ids.String(rows[b].id))
	})
	inv := make([]uint32, n)
	sorted := make([]rowState, n)
	scores := make([]float32, n*C)
	y := make([]int32, n)
	for i, o := range perm {
		inv[o] = uint32(i)
		sorted[i] = rows[o]
		y[i] = rows[o].label
		copy(scores[i*C:(i+1)*C], raw[o*C:(o+1)*C])
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
		softmax(scores[i*C:(i+1)*C], t, probs[i*C:(i+1)*C])
		if argmax(probs[i*C:(i+1)*C]) == int(y[i]) {
			correct++
		}
	}
	res.Accuracy = round(float64(correct)/float64(n), 4)
	issues, cj := conflearn.FindIssues(probs, y, C)
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
	out.Conflicts, res.LabelConflicts = m.conflictFindings(rows, rowOf, maxList)
	if n := res.LabelConflicts - int64(len(out.Conflicts)); n > 0 {
		out.Unlisted[finding.KindLabelConflict] = n
	}
	m.triggers(sc, y, inv, t, 1-float64(correct)/float64(n), rowOf, maxList, &res, &out)
	return res, out
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
