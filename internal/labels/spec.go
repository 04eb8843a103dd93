package labels

import (
	"errors"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var (
	_ analysis.Analyser   = (*Counts)(nil)
	_ analysis.WordReader = (*Counts)(nil)
	_ analysis.Analyser   = (*Scorer)(nil)
)

// Spec describes the label checks: likely label errors (confident
// learning on out-of-fold predictions) and backdoor trigger candidates.
// The first pass counts features per fold (Counts); its merged counts
// make the Model, and the second pass scores every row with the model
// that did not see it (Scorer).
//
// Version 2: words are hashed with stats.StableHash (version 1: FNV-1a)
// and folds come from the words of the normalised text (version 1: its
// bytes), so states of version 1 hold other buckets and folds. Version 3:
// the first pass' state ends with the rows' text keys for label conflicts
// (Options.Conflicts). Version 4: those keys include every row of a JSON
// array (version 3: its first element only), so a merge of both would
// find some conflicts of an array and not others.
var Spec = &analysis.Spec{
	Name: "labels.checks", Version: 4, Report: "label_checks", PerRow: true,
	Needs: analysis.NeedLabel,
	Kinds: []analysis.Kind{
		{Name: finding.KindLabelError, Needs: analysis.NeedLabel},
		{Name: finding.KindTriggerCandidate, Needs: analysis.NeedLabel},
		{Name: finding.KindTriggeredRow, Needs: analysis.NeedLabel},
		{Name: finding.KindLabelConflict, Needs: analysis.NeedLabel},
	},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return newCounts(c), nil
	},
	Second: func(first analysis.Analyser, _ *analysis.Config) (analysis.Factory, error) {
		c, ok := first.(*Counts)
		if !ok {
			return nil, analysis.Mismatch(&Counts{}, first)
		}
		m := c.model()
		if !m.Usable() {
			return nil, nil // Counts.Finish gives the model's note
		}
		return func() (analysis.Analyser, error) { return m.NewScorer(), nil }, nil
	},
	Decode:       decodeCounts,
	DecodeSecond: decodeScorer,
}

// newCounts builds the first pass from the configuration.
func newCounts(c *analysis.Config) *Counts {
	return NewCounts(Options{Folds: c.Folds, Seed: c.Seed, MinP: c.LabelMinP, Conflicts: c.LabelConflicts})
}

// model returns the model of the merged counts, made once.
func (c *Counts) model() *Model {
	if c.m == nil {
		c.m = c.Model()
	}
	return c.m
}

// Finish gives the result of a model that is not usable (its note, no
// findings); a usable one is finished by its second pass (Scorer.Finish).
func (c *Counts) Finish(env *analysis.Env) (*analysis.Result, error) {
	m := c.model()
	if m.Usable() {
		return nil, errors.New("labels: the label checks are finished by their second pass")
	}
	return result(m, nil, env), nil
}

// Finish finds the label errors and triggers: the Section is a *Result.
func (sc *Scorer) Finish(env *analysis.Env) (*analysis.Result, error) {
	return result(sc.m, sc, env), nil
}

func result(m *Model, sc *Scorer, env *analysis.Env) *analysis.Result {
	res, fs := m.Result(sc, env.Files, env.MaxExamples)
	r := &analysis.Result{Section: &res, Unlisted: map[string]int64{}}
	r.Findings = append(r.Findings, fs.LabelErrors...)
	r.Findings = append(r.Findings, fs.Triggers...)
	r.Findings = append(r.Findings, fs.TriggeredRows...)
	r.Findings = append(r.Findings, fs.Conflicts...)
	for _, k := range []string{finding.KindLabelError, finding.KindTriggerCandidate, finding.KindTriggeredRow, finding.KindLabelConflict} {
		if n := fs.Unlisted[k]; n > 0 {
			r.Unlisted[k] = n
		}
	}
	return r
}
