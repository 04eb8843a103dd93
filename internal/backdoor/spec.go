package backdoor

import (
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var (
	_ analysis.Analyser = (*Counts)(nil)
	_ analysis.Analyser = (*Scanner)(nil)
)

// Spec describes the backdoor scan of instruction and chat data. The
// first pass counts prompt and response grams and response clusters
// (Counts); the merged counts pick the candidate payloads, and the second
// pass keeps the rows carrying them (Scanner), whose prompts are tested
// for triggers at Finish. Without prompt and response columns it reads
// the input once and says so. Its gate metrics are the counts of its
// findings: findings.payload_candidate, findings.trigger_candidate and
// findings.triggered_row (the last two shared with the label checks).
// Both passes have portable states (Decode, DecodeSecond; the layouts
// at Counts.AppendState and Scanner.AppendState).
var Spec = &analysis.Spec{
	Name: "backdoor.instructions", Version: 1, Report: "backdoors",
	Kinds: []analysis.Kind{
		{Name: finding.KindPayloadCandidate},
		{Name: finding.KindTriggerCandidate},
		{Name: finding.KindTriggeredRow},
	},
	New: func(*analysis.Config) (analysis.Analyser, error) {
		return NewCounts(), nil
	},
	Decode: func(_ *analysis.Config, state []byte) (analysis.Analyser, error) {
		return DecodeCounts(state)
	},
	DecodeSecond: DecodeScanner,
	Second: func(first analysis.Analyser, _ *analysis.Config) (analysis.Factory, error) {
		c, ok := first.(*Counts)
		if !ok {
			return nil, analysis.Mismatch(&Counts{}, first)
		}
		if c.pairs == 0 {
			return nil, nil // Counts.Finish gives the note
		}
		if cd := c.candidates(); len(cd.phr) == 0 && len(cd.clus) == 0 {
			return nil, nil // nothing to look for: Counts.Finish gives an empty result
		}
		return func() (analysis.Analyser, error) { return c.newScanner(), nil }, nil
	},
}
