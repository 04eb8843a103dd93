// Package overlap holds compare's checks of raw data on both sides: the
// rows of B that A holds (exact and near duplicates across the sides,
// package dups) and how well a classifier tells the sides apart
// (comparison.DomainAUC). Worker reads a side along with its profile;
// Compute compares the two sides' finished workers.
package overlap

import (
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Worker is one worker's overlap and domain analyses of one side, and,
// merged, the side's.
type Worker struct {
	Exact  *dups.Exact
	Near   *dups.Near
	Sample *comparison.DomainSample
}

var _ analysis.Analyser = (*Worker)(nil)

func (w *Worker) Add(b *ingest.Batch) error {
	if err := w.Exact.Add(b); err != nil {
		return err
	}
	if err := w.Near.Add(b); err != nil {
		return err
	}
	return w.Sample.Add(b)
}

// Merge adds other's analyses, a *Worker's, to w's.
func (w *Worker) Merge(other analysis.Analyser) error {
	o, ok := other.(*Worker)
	if !ok {
		return analysis.Mismatch(w, other)
	}
	if err := w.Exact.Merge(o.Exact); err != nil {
		return err
	}
	if err := w.Near.Merge(o.Near); err != nil {
		return err
	}
	w.Sample.Merge(o.Sample)
	return nil
}

// Finish returns w as the Section: compare finishes each analysis itself.
func (w *Worker) Finish(*analysis.Env) (*analysis.Result, error) {
	return &analysis.Result{Section: w}, nil
}

// Compute compares side B's worker with side A's: the overlap (at most
// maxRows rows listed, in B's input order; files name each side's file
// table, rowsB is B's number of rows, normalization the exact
// duplicates') and the domain classifier's separability, or, with too
// few rows to cross-validate, no separability and a note saying why.
func Compute(a, b *Worker, filesA, filesB []string, rowsB int64, normalization string, maxRows int) (*comparison.Overlap, *comparison.Domain, string) {
	ex := dups.CrossExact(a.Exact, b.Exact)
	nr := dups.CrossNear(a.Near, b.Near, ex)
	ov := &comparison.Overlap{
		RowsB: rowsB, Exact: int64(len(ex)), Near: int64(len(nr)), Normalization: normalization,
		WordJaccard: dups.NearWordJ, PairJaccard: dups.NearPairJ, Rows: []comparison.OverlapRow{},
	}
	ov.Total = ov.Exact + ov.Near
	if ov.RowsB > 0 {
		ov.Rate = float64(int64(float64(ov.Total)/float64(ov.RowsB)*1e6+0.5)) / 1e6
	}
	all := mergeMatches(ex, nr)
	for _, m := range all {
		if len(ov.Rows) >= maxRows {
			ov.Unlisted++
			continue
		}
		r := comparison.OverlapRow{B: m.B.Format(filesB), A: m.A.Format(filesA), Kind: "exact"}
		if m.Near {
			r.Kind, r.Jaccard = "near", m.Jaccard
		}
		ov.Rows = append(ov.Rows, r)
	}
	ra, rb := a.Sample.Rows(), b.Sample.Rows()
	fa, fb := make([][]uint32, len(ra)), make([][]uint32, len(rb))
	for i, r := range ra {
		fa[i] = r.Features
	}
	for i, r := range rb {
		fb[i] = r.Features
	}
	const folds = 5
	if len(fa) < folds || len(fb) < folds {
		// Too few rows to cross-validate: no number rather than a 0.
		return ov, nil, fmt.Sprintf("separability not computed: each side needs at least %d rows with a word (A has %d, B has %d)", folds, len(fa), len(fb))
	}
	d := comparison.DomainAUC(fa, fb, comparison.DomainFeatures, folds)
	return ov, &d, ""
}

// mergeMatches merges exact and near matches in B's input order.
func mergeMatches(ex, nr []dups.CrossMatch) []dups.CrossMatch {
	out := make([]dups.CrossMatch, 0, len(ex)+len(nr))
	for len(ex) > 0 || len(nr) > 0 {
		if len(nr) == 0 || len(ex) > 0 && ex[0].B.Less(nr[0].B) {
			out, ex = append(out, ex[0]), ex[1:]
		} else {
			out, nr = append(out, nr[0]), nr[1:]
		}
	}
	return out
}
