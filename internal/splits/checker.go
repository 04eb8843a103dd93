package splits

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/stats"
)

var _ analysis.Analyser = (*Checker)(nil)

// Spec describes the split checks: rows, tokens and labels per split, and
// the evaluation rows that copy training rows. A run gives it the split
// table in Config.Splits; it runs only when Detect found splits.
var Spec = &analysis.Spec{
	Name: "splits", Version: 1, Report: "splits",
	Kinds: []analysis.Kind{{Name: finding.KindSplitOverlap}},
	Metrics: []analysis.Metric{
		{Name: "split_overlap_rows", Doc: "rows of evaluation splits (test, validation, dev) that are exact or near copies of training rows"},
		{Name: "split_overlap_rate", Doc: "split_overlap_rows / rows of evaluation splits"},
	},
	New:    func(c *analysis.Config) (analysis.Analyser, error) { return New(c) },
	Decode: decode,
}

// Role is what a split is for.
const (
	RoleTrain = "train"
	RoleEval  = "evaluation"
	RoleOther = "other"
)

// roleOf is the role of a split name.
func roleOf(name string) string {
	switch {
	case name == Train:
		return RoleTrain
	case IsEval(name):
		return RoleEval
	}
	return RoleOther
}

// Checker accumulates the split checks over the rows of a run: per split,
// counts; per row of a training or evaluation split, an exact and a near
// duplicate record (dups.Exact and dups.Near, one pair for training rows
// and one for evaluation rows), compared across sets at Finish.
type Checker struct {
	files  []int    // split index of each file of the run's table
	names  []string // the splits, in report order
	counts []counts // by split index
	words  stats.Tokenizer
	enc    *llmtok.Encoder
	llmIDs []uint32

	trainExact, evalExact *dups.Exact
	trainNear, evalNear   *dups.Near
}

// counts are one split's counts.
type counts struct {
	rows, bad, nullLabels int64
	tokens                uint64
	labels                map[string]int64
	tooMany               bool
}

// New returns an empty Checker of the split table c.Splits.
func New(c *analysis.Config) (*Checker, error) {
	if len(c.Splits) != c.Files {
		return nil, fmt.Errorf("splits: a table of %d splits for %d files", len(c.Splits), c.Files)
	}
	k := &Checker{names: Names(c.Splits), files: make([]int, len(c.Splits))}
	for i, s := range c.Splits {
		k.files[i] = slices.Index(k.names, s)
	}
	k.counts = make([]counts, len(k.names))
	norm := c.ExactNormalize
	if norm == "" {
		norm = dups.NormalizeDefault
	}
	var err error
	if k.trainExact, err = dups.NewExact(norm); err != nil {
		return nil, fmt.Errorf("--exact-normalize: %w", err)
	}
	k.evalExact, _ = dups.NewExact(norm)
	if c.DedupKey != nil { // as dups.ExactSpec, which decodes this state's records
		for _, d := range []*dups.Exact{k.trainExact, k.evalExact} {
			if err := d.SetKey(c.DedupKey); err != nil {
				return nil, fmt.Errorf("exact duplicates' key: %w", err)
			}
		}
	}
	k.trainNear, k.evalNear = dups.NewNear(), dups.NewNear()
	for _, d := range []*dups.Near{k.trainNear, k.evalNear} {
		if c.NearWordJ > 0 {
			d.WordJ, d.PairJ = c.NearWordJ, c.NearPairJ
		}
	}
	if c.LLM != nil {
		k.enc = c.LLM.NewEncoder()
	}
	return k, nil
}

// Names lists the distinct splits of a table in report order: train, test,
// validation, dev, the others by name, Other last.
func Names(table []string) []string {
	var names []string
	for _, s := range table {
		if !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	rank := func(s string) int {
		switch s {
		case Train:
			return 0
		case Test:
			return 1
		case Validation:
			return 2
		case Dev:
			return 3
		case Other:
			return 5
		}
		return 4
	}
	slices.SortFunc(names, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return names
}

// Add counts a batch's rows in their file's split and, for a training or
// evaluation split, hands the batch to that side's duplicate records.
func (k *Checker) Add(b *ingest.Batch) error {
	if b.File < 0 || b.File >= len(k.files) {
		return fmt.Errorf("splits: a batch of file %d of %d", b.File, len(k.files))
	}
	s := k.files[b.File]
	c := &k.counts[s]
	for _, bad := range b.Bad {
		c.bad += bad.Rows
	}
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	var labels *array.String
	if l := b.Column(ingest.ColLabel); l != nil {
		labels = l.(*array.String)
	}
	err := ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		c.rows++
		c.tokens += k.countTokens(t)
		if labels != nil {
			c.addLabel(labels, i)
		}
	})
	if err != nil {
		return err
	}
	switch roleOf(k.names[s]) {
	case RoleTrain:
		return addBoth(b, k.trainExact, k.trainNear)
	case RoleEval:
		return addBoth(b, k.evalExact, k.evalNear)
	}
	return nil
}

func addBoth(b *ingest.Batch, e *dups.Exact, n *dups.Near) error {
	if err := e.Add(b); err != nil {
		return err
	}
	return n.Add(b)
}

// countTokens counts a text's tokens as the token summary does: words, or
// the LLM tokenizer's tokens.
func (k *Checker) countTokens(t []byte) uint64 {
	if k.enc != nil {
		k.llmIDs = k.enc.AppendIDs(k.llmIDs[:0], t)
		n := len(k.llmIDs)
		if cap(k.llmIDs) > 1<<20 {
			k.llmIDs = nil // one huge text does not pin its ids for the run
		}
		return uint64(n)
	}
	return uint64(k.words.Count(t))
}

// addLabel counts row i's label, up to stats.MaxLabels distinct ones.
func (c *counts) addLabel(labels *array.String, i int) {
	if labels.IsNull(i) {
		c.nullLabels++
		return
	}
	if c.tooMany {
		return
	}
	v := labels.Value(i)
	if _, ok := c.labels[v]; ok {
		c.labels[v]++
		return
	}
	if c.labels == nil {
		c.labels = map[string]int64{}
	}
	if len(c.labels) >= stats.MaxLabels {
		c.tooMany, c.labels = true, nil
		return
	}
	c.labels[strings.Clone(v)] = 1
}

// merge adds o's counts to c.
func (c *counts) merge(o *counts) {
	c.rows += o.rows
	c.bad += o.bad
	c.nullLabels += o.nullLabels
	c.tokens += o.tokens
	c.tooMany = c.tooMany || o.tooMany
	for v, n := range o.labels {
		if c.tooMany {
			break
		}
		if c.labels == nil {
			c.labels = map[string]int64{}
		}
		c.labels[v] += n
		if len(c.labels) > stats.MaxLabels {
			c.tooMany = true
		}
	}
	if c.tooMany {
		c.labels = nil
	}
}

// Merge adds other, a *Checker of the same table, to k; other must not be
// used afterwards.
func (k *Checker) Merge(other analysis.Analyser) error {
	o, ok := other.(*Checker)
	if !ok || len(o.counts) != len(k.counts) {
		return analysis.Mismatch(k, other)
	}
	for i := range k.counts {
		k.counts[i].merge(&o.counts[i])
	}
	for _, p := range [][2]analysis.Analyser{
		{k.trainExact, o.trainExact}, {k.evalExact, o.evalExact}, {k.trainNear, o.trainNear}, {k.evalNear, o.evalNear},
	} {
		if err := p[0].Merge(p[1]); err != nil {
			return err
		}
	}
	return nil
}

// Result is the report's section on splits.
type Result struct {
	Splits  []Split `json:"splits"`
	Overlap Overlap `json:"overlap"`
}

// Split is one split's counts.
type Split struct {
	Name string `json:"name"`
	// Role is train, evaluation (test, validation, dev) or other.
	Role       string       `json:"role"`
	Files      int          `json:"files"`
	Rows       int64        `json:"rows"`
	BadRecords int64        `json:"bad_records"`
	Tokens     uint64       `json:"tokens"`
	Labels     []LabelCount `json:"labels,omitempty"`
	NullLabels int64        `json:"null_labels,omitempty"`
	// LabelsTooMany says the split has more than stats.MaxLabels distinct
	// labels: Labels is then left out.
	LabelsTooMany bool `json:"labels_too_many,omitempty"`
	// OverlapRows counts the rows of an evaluation split that copy a
	// training row.
	OverlapRows int64 `json:"overlap_rows"`
}

// LabelCount is the rows of one label in a split.
type LabelCount struct {
	Label string `json:"label"`
	Rows  int64  `json:"rows"`
}

// Overlap sums up the evaluation rows found in training splits.
type Overlap struct {
	Normalization string  `json:"normalization"`
	WordJ         float64 `json:"word_jaccard_min"`
	PairJ         float64 `json:"pair_jaccard_min"`
	EvalRows      int64   `json:"evaluation_rows"`
	// Rows counts the evaluation rows that copy a training row: Exact
	// ones (the same normalised text) and Near ones (verified MinHash).
	Rows  int64   `json:"rows"`
	Exact int64   `json:"exact"`
	Near  int64   `json:"near"`
	Rate  float64 `json:"rate"` // Rows / EvalRows
}

// Finish compares the evaluation rows with the training rows: the Section
// is a *Result; the findings are the split_overlap pairs, in the
// evaluation rows' input order.
func (k *Checker) Finish(env *analysis.Env) (*analysis.Result, error) {
	r := &Result{Overlap: Overlap{Normalization: k.trainExact.Normalization(), WordJ: k.trainNear.WordJ, PairJ: k.trainNear.PairJ}}
	for i, name := range k.names {
		c := &k.counts[i]
		sp := Split{Name: name, Role: roleOf(name), Rows: c.rows, BadRecords: c.bad, Tokens: c.tokens,
			NullLabels: c.nullLabels, LabelsTooMany: c.tooMany}
		for _, f := range k.files {
			if f == i {
				sp.Files++
			}
		}
		for v, n := range c.labels {
			sp.Labels = append(sp.Labels, LabelCount{v, n})
		}
		slices.SortFunc(sp.Labels, func(a, b LabelCount) int {
			if c := cmp.Compare(b.Rows, a.Rows); c != 0 {
				return c
			}
			return strings.Compare(a.Label, b.Label)
		})
		if sp.Role == RoleEval {
			r.Overlap.EvalRows += c.rows
		}
		r.Splits = append(r.Splits, sp)
	}
	exact := dups.CrossExact(k.trainExact, k.evalExact)
	near := dups.CrossNearJ(k.trainNear, k.evalNear, exact, r.Overlap.WordJ, r.Overlap.PairJ)
	matches := append(exact, near...)
	slices.SortStableFunc(matches, func(a, b dups.CrossMatch) int {
		if c := cmp.Compare(a.B.File, b.B.File); c != 0 {
			return c
		}
		return cmp.Compare(a.B.N, b.B.N)
	})
	res := &analysis.Result{Section: r}
	for _, m := range matches {
		r.Overlap.Rows++
		if m.Near {
			r.Overlap.Near++
		} else {
			r.Overlap.Exact++
		}
		r.Splits[k.files[m.B.File]].OverlapRows++
		if len(res.Findings) >= max(env.MaxExamples, 0) {
			continue
		}
		res.Findings = append(res.Findings, k.finding(env.Files, m, r.Overlap.Normalization))
	}
	if r.Overlap.EvalRows > 0 {
		r.Overlap.Rate = finding.Round(float64(r.Overlap.Rows)/float64(r.Overlap.EvalRows), 8)
	}
	if n := r.Overlap.Rows - int64(len(res.Findings)); n > 0 {
		res.Unlisted = map[string]int64{finding.KindSplitOverlap: n}
	}
	res.Metrics = map[string]float64{"split_overlap_rows": float64(r.Overlap.Rows), "split_overlap_rate": 0}
	if r.Overlap.EvalRows > 0 {
		res.Metrics["split_overlap_rate"] = float64(r.Overlap.Rows) / float64(r.Overlap.EvalRows) // not the rounded Rate
	}
	return res, nil
}

// finding describes one evaluation row that copies a training row.
func (k *Checker) finding(files []string, m dups.CrossMatch, norm string) finding.Finding {
	f := finding.Finding{Kind: finding.KindSplitOverlap, Subkind: "exact", Severity: finding.Warning, Score: 1,
		Rows: []finding.Row{finding.NewRow(files, m.B, m.BID), finding.NewRow(files, m.A, m.AID)}}
	eval, train := k.names[k.files[m.B.File]], k.names[k.files[m.A.File]]
	if m.Near {
		f.Subkind, f.Score = "near", m.Jaccard
		f.Evidence = fmt.Sprintf("%s row nearly the same as %s row %s (estimated word Jaccard %.2f)", eval, train, f.Rows[1].ID, m.Jaccard)
	} else {
		f.Evidence = fmt.Sprintf("%s row the same as %s row %s (exact, %s; similarity 1.00)", eval, train, f.Rows[1].ID, norm)
	}
	return f
}
