package outliers

import (
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var _ analysis.Analyser = (*Scorer)(nil)

// Spec describes the outlier scoring.
var Spec = &analysis.Spec{
	Name: "outliers", Version: 1,
	Kinds: []analysis.Kind{{Name: finding.KindOutlier}},
	New: func(*analysis.Config) (analysis.Analyser, error) {
		return NewScorer(), nil
	},
}

// Finish scores every row: the Section is a *Result.
func (o *Scorer) Finish(env *analysis.Env) (*analysis.Result, error) {
	res, fs, unlisted := o.Result(env.Files, env.MaxExamples)
	r := &analysis.Result{Section: &res, Findings: fs, Unlisted: map[string]int64{}}
	if unlisted > 0 {
		r.Unlisted[finding.KindOutlier] = unlisted
	}
	return r, nil
}
