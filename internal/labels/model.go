package labels

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/dataaudit/dataaudit/internal/labels/logreg"
	"github.com/dataaudit/dataaudit/internal/tailbound"
)

// Trigger screening bounds.
const (
	// MinTriggerRows is the fewest rows a trigger candidate is seen in.
	MinTriggerRows = 5
	// MaxTriggerShare is the largest share of the labelled rows a trigger
	// candidate may be seen in: a trigger is rare.
	MaxTriggerShare = 0.03
	// maxCandidates bounds the buckets whose words pass 2 recovers.
	maxCandidates = 2048
)

// Model is the merged first pass: the per-fold logistic regressions, the
// per-class document frequencies and the trigger candidates. It is
// read-only, shared by the second-pass Scorers.
type Model struct {
	opts  Options
	folds int
	// Names are the classes, sorted.
	Names []string
	idx   map[string]int32
	// df[c*NumBuckets+b] is the rows of class c with a feature in bucket b.
	df   []uint32
	docs []int64 // rows per class
	rows int64
	// cand[b] is the class bucket b is concentrated in, or -1.
	cand []int8
	// tests is the number of (gram, class) hypotheses the trigger scan
	// corrects for: the estimated distinct grams times the classes.
	tests      float64
	candidates int
	// nbOther[k][df] and nbOwn[k][df] are the naive Bayes terms of the
	// trigger counterfactual (nbTables).
	nbOther, nbOwn [][]float64
	lr             *logreg.Model
	tab            foldTable // each row's fold, from pass 1
	// conflicts are the rows of label conflicts (Options.Conflicts), by
	// position.
	conflicts []conflictRow
	Note      string    // why the model is not usable, or ""
	fpOnce    sync.Once // Fingerprint
	fp        uint64
}

// Model trains the per-fold models and screens trigger candidates from the
// merged counts. It returns a Model whose Note says why, when the labels
// cannot be checked (one class, too many classes).
func (c *Counts) Model() *Model {
	m := &Model{opts: c.opts, folds: c.folds, idx: map[string]int32{}, tab: c.tab}
	c.tab = foldTable{}
	if c.tooMany {
		m.Note = "more than 32 classes: label errors and triggers are not computed"
		return m
	}
	if len(c.names) < 2 {
		m.Note = "fewer than two classes: label errors and triggers are not computed"
		return m
	}
	// Number classes by name, so the model does not depend on which
	// worker met a label first.
	order := make([]int, len(c.names))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return c.names[order[i]] < c.names[order[j]] })
	C := len(order)
	for k, o := range order {
		m.Names = append(m.Names, c.names[o])
		m.idx[c.names[o]] = int32(k)
	}
	m.conflicts = conflictRows(c.keys)
	c.keys = nil
	m.df = make([]uint32, C*NumBuckets)
	m.docs = make([]int64, C)
	for k, o := range order {
		copy(m.df[k*NumBuckets:(k+1)*NumBuckets], c.counts[o])
		m.docs[k] = c.docs[o]
		m.rows += m.docs[k]
	}
	c.counts = nil
	m.screen()
	m.nbTables()
	// Logistic regression on the sample, with idf from all rows.
	rank := make([]int32, C)
	for k, o := range order {
		rank[o] = int32(k)
	}
	rows := c.sample.rows
	c.sample.rows = nil
	for i := range rows {
		rows[i].Label = rank[rows[i].Label]
	}
	idf := make([]float32, NumBuckets)
	for b := range idf {
		var d int64
		for k := range C {
			d += int64(m.df[k*NumBuckets+b])
		}
		idf[b] = float32(math.Log(float64(m.rows+1)/float64(d+1)) + 1)
	}
	m.lr = logreg.Train(rows, idf, C, m.folds)
	return m
}

// chernoff is tailbound.Chernoff: the natural log of the Chernoff bound
// on the chance of k or more of n rows falling in a class of base rate p.
func chernoff(k, n int64, p float64) float64 { return tailbound.Chernoff(k, n, p) }

// maxTriggerRows is the largest support of a trigger candidate.
func (m *Model) maxTriggerRows() int64 {
	return max(int64(MinTriggerRows), int64(MaxTriggerShare*float64(m.rows)))
}

// screen picks the trigger candidate buckets: rare overall, concentrated
// in one class, significant after correcting for every gram tested.
func (m *Model) screen() {
	C := len(m.Names)
	occupied := 0
	for b := range NumBuckets {
		for k := range C {
			if m.df[k*NumBuckets+b] > 0 {
				occupied++
				break
			}
		}
	}
	// Linear counting: the distinct grams behind the occupied buckets.
	distinct := float64(NumBuckets) * math.Log(NumBuckets)
	if occupied < NumBuckets {
		distinct = -float64(NumBuckets) * math.Log(1-float64(occupied)/NumBuckets)
	}
	m.tests = max(distinct, float64(occupied)) * float64(C)
	logTests := math.Log(m.tests)
	base := make([]float64, C)
	for k := range C {
		base[k] = float64(m.docs[k]) / float64(m.rows)
	}
	type cand struct {
		b     int
		k     int
		score float64
	}
	var cs []cand
	hi := m.maxTriggerRows()
	for b := range NumBuckets {
		var n int64
		for k := range C {
			n += int64(m.df[k*NumBuckets+b])
		}
		if n < MinTriggerRows || n > hi {
			continue
		}
		for k := range C {
			lb := chernoff(int64(m.df[k*NumBuckets+b]), n, base[k])
			if s := -lb - logTests; s > 0 {
				cs = append(cs, cand{b, k, s})
			}
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.b, b.b)
	})
	m.cand = make([]int8, NumBuckets)
	for i := range m.cand {
		m.cand[i] = -1
	}
	for _, c := range cs {
		if m.candidates == maxCandidates {
			break
		}
		if m.cand[c.b] < 0 {
			m.cand[c.b] = int8(c.k)
			m.candidates++
		}
	}
}

// Usable reports whether the model can score rows.
func (m *Model) Usable() bool { return m.Note == "" }

// Bytes is the memory the model holds.
func (m *Model) Bytes() int64 {
	n := int64(len(m.df))*4 + int64(len(m.cand))
	for k := range m.nbOther {
		n += int64(len(m.nbOther[k])+len(m.nbOwn[k])) * 8
	}
	if m.lr != nil {
		n += int64(len(m.lr.Idf)) * 4
		for _, w := range m.lr.W {
			n += int64(len(w)) * 4
		}
	}
	return n
}
