package audit

import (
	"errors"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/gate"
)

// This file turns what a command was given into a ScanConfig: the gates,
// checked against the analyses that run, and the text fields of chat and
// instruction data.

// SetGates parses exprs (--fail-on, then --policy) into c.Gates with set,
// and refuses a gate on a metric that would not be computed with the
// analyses c runs: it would read as 0. flagFor names the flag without
// which a spec's metric (or its need) is not computed.
func (c *ScanConfig) SetGates(set *gate.Set, exprs []string, flagFor func(*analysis.Spec, analysis.Need) string) error {
	c.GateSet = set
	for _, expr := range exprs {
		g, err := set.Parse(expr)
		if err != nil {
			return UsageError{Err: fmt.Errorf("--fail-on %w", err)}
		}
		if g.Metric == "findings."+finding.KindLabelConflict && (c.Label == "" || !c.Dedup && !c.NearDups && !c.LabelChecks) {
			return UsageError{Err: fmt.Errorf("--fail-on %q: label conflicts are found only with %s and %s or %s", expr,
				flagFor(nil, analysis.NeedLabel), flagFor(dups.ExactSpec, 0), flagFor(dups.NearSpec, 0))}
		}
		if spec, need := c.Unavailable(g.Metric); spec != nil {
			return UsageError{Err: fmt.Errorf("--fail-on %q: %s is computed only with %s", expr, g.Metric, flagFor(spec, need))}
		}
		c.Gates = append(c.Gates, g)
	}
	return nil
}

// SetText sets the text fields: text, and shapes detected (chat and
// instruction records) unless given says the fields were named. A flat
// layout named by prompt and response fields (and no text field given)
// has as its text the two joined, as a chat's text is its turns.
func (c *ScanConfig) SetText(text []string, given bool) {
	c.Text, c.DetectShape = text, !given
	if given || c.Prompt == "" && c.Response == "" {
		return
	}
	c.Text, c.DetectShape = nil, false
	for _, f := range []string{c.Prompt, c.Response} {
		if f != "" {
			c.Text = append(c.Text, f)
		}
	}
}

// Check refuses settings a scan cannot run with, before any reading; the
// messages name the flags that set them.
func (c *ScanConfig) Check() error {
	usage := func(msg string) error { return UsageError{Err: errors.New(msg)} }
	switch {
	case !(c.NearWordJ > 0 && c.NearWordJ <= 1 && c.NearPairJ > 0 && c.NearPairJ <= 1):
		return usage("--near-word-jaccard and --near-pair-jaccard must be above 0 and at most 1")
	case !(c.LabelMinP > 0 && c.LabelMinP <= 1):
		return usage("--label-error-min-p must be above 0 and at most 1")
	case c.SpanTokens < 2:
		return usage("--span-tokens must be at least 2")
	}
	if _, err := dups.NewExact(c.ExactNormalize); err != nil && c.Dedup {
		return UsageError{Err: fmt.Errorf("--exact-normalize: %w", err)}
	}
	switch {
	case c.Folds < 2:
		return usage("--folds must be at least 2")
	case c.MaxExamples < 0:
		return usage("--max-examples must be 0 or more")
	case c.Top < 1 || c.TopPerLabel < 1:
		return usage("--top and --top-per-label must be at least 1")
	}
	return nil
}
