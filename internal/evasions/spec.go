package evasions

import (
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var _ analysis.Analyser = (*Checker)(nil)

// Spec describes the cleaning-evasion checks.
var Spec = &analysis.Spec{
	Name: "evasions", Version: 1,
	Kinds: []analysis.Kind{{Name: finding.KindCleaningEvasion}},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return NewChecker(c.MaxExamples), nil
	},
}

// Finish lists the rows flagged: the Section is the map of rows flagged
// per category (map[string]int64).
func (e *Checker) Finish(env *analysis.Env) (*analysis.Result, error) {
	counts, fs, unlisted := e.Result(env.Files)
	r := &analysis.Result{Section: counts, Findings: fs, Unlisted: map[string]int64{}}
	if unlisted > 0 {
		r.Unlisted[finding.KindCleaningEvasion] = unlisted
	}
	return r, nil
}
