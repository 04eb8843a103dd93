package poison

import (
	"errors"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var (
	_ analysis.Analyser = (*Counts)(nil)
	_ analysis.Analyser = (*Scorer)(nil)
)

// Spec describes the poisoned-text check. The first pass counts the
// corpus' tokens, pairs and document frequencies in sketches and keeps a
// sample of documents (Counts); the merged counts, calibrated on the
// sample, make the model the second pass scores every document with
// (Scorer). It needs no label.
//
// The bound of its sketches: none is needed. The count-min sketches'
// counters saturate instead of wrapping, and saturating addition is
// associative and commutative, so the merge of any split (workers, or
// shards' decoded states) is the sketch of the whole, counter for
// counter: the law holds exactly, and a count is never below the true
// one, above it by the collisions of its block (see sketch). Both passes
// have portable states (see encoding.go).
var Spec = &analysis.Spec{
	Name: "poison", Version: 1, Report: "poison",
	Kinds: []analysis.Kind{
		{Name: finding.KindTriggerCandidate},
		{Name: finding.KindTriggeredRow},
	},
	// The findings.* metrics of those kinds also count the label checks';
	// these count this check's alone.
	Metrics: []analysis.Metric{
		{Name: "poison_triggers", Doc: "trigger candidates of poisoned pretraining text"},
		{Name: "poison_rows", Doc: "documents carrying a trigger of poisoned pretraining text"},
	},
	New: func(*analysis.Config) (analysis.Analyser, error) {
		return NewCounts(), nil
	},
	Second: func(first analysis.Analyser, _ *analysis.Config) (analysis.Factory, error) {
		c, ok := first.(*Counts)
		if !ok {
			return nil, analysis.Mismatch(&Counts{}, first)
		}
		m := c.model()
		if !m.usable() {
			return nil, nil // Counts.Finish gives the note
		}
		return func() (analysis.Analyser, error) { return newScorer(m), nil }, nil
	},
	Decode:       decodeCounts,
	DecodeSecond: decodeScorer,
}

// model returns the model of the merged counts, made once.
func (c *Counts) model() *model {
	if c.m == nil {
		c.m = newModel(c)
	}
	return c.m
}

// Finish gives the result of a corpus too small to calibrate the second
// pass on (a note, no findings); otherwise the second pass finishes.
func (c *Counts) Finish(*analysis.Env) (*analysis.Result, error) {
	m := c.model()
	if m.usable() {
		return nil, errors.New("poison: the check is finished by its second pass")
	}
	res := m.baseResult()
	res.Note = "too little text to calibrate on: fewer than 200 scored positions in the sample of documents"
	return &analysis.Result{Section: &res, Metrics: res.metrics()}, nil
}

// metrics are the values of the Spec's gate metrics.
func (r *Result) metrics() map[string]float64 {
	return map[string]float64{"poison_triggers": float64(r.TriggerCandidates), "poison_rows": float64(r.TriggeredRows)}
}

func (m *model) baseResult() Result {
	r := Result{Documents: m.c.docs, Tokens: m.c.tokens, SketchBytes: m.c.StateBytes(),
		DocFreqMin: int64(m.dfLo), DocFreqMax: int64(m.dfHi), Typical: round(m.typical, 4)}
	if m.usable() {
		for _, l := range m.levels {
			r.Levels = append(r.Levels, round(l, 4))
		}
	}
	return r
}
