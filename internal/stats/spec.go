package stats

import (
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var (
	_ analysis.Analyser = (*Summary)(nil)
	_ analysis.Analyser = (*FileRows)(nil)
)

// Spec describes the token summary: counts, bad records, tokens,
// lengths and, with a label, the label distribution. Every scan runs it.
var Spec = &analysis.Spec{
	Name: "stats.summary", Version: 1,
	Kinds: []analysis.Kind{
		{Name: finding.KindBadRecord}, {Name: finding.KindUnreadableInput}, {Name: finding.KindInvalidUTF8},
		{Name: finding.KindLabelMixedTypes, Needs: analysis.NeedLabel}, {Name: finding.KindLabelsTooMany, Needs: analysis.NeedLabel},
		{Name: finding.KindLabelImbalance, Needs: analysis.NeedLabel}, {Name: finding.KindLabelEmpty, Needs: analysis.NeedLabel},
	},
	Metrics: []analysis.Metric{
		{Name: "records_read", Doc: "records met, usable or not"},
		{Name: "rows", Doc: "records with a usable text"},
		{Name: "bad_records", Doc: "records that could not be used"},
		{Name: "bad_record_rate", Doc: "bad_records / records_read"},
		{Name: "unreadable_inputs", Doc: "inputs that could not be read to the end"},
		{Name: "empty_texts", Doc: "texts of zero bytes"},
		{Name: "empty_text_rate", Doc: "empty_texts / rows"},
		{Name: "whitespace_only_texts", Doc: "texts of only whitespace"},
		{Name: "no_token_texts", Doc: "non-empty texts without a letter or digit"},
		{Name: "invalid_utf8_texts", Doc: "texts that are not valid UTF-8"},
		{Name: "invalid_utf8_rate", Doc: "invalid_utf8_texts / rows"},
		{Name: "tokens", Doc: "tokens in all"},
		{Name: "distinct_tokens", Doc: "distinct tokens"},
		{Name: "labels", Doc: "distinct labels", Needs: analysis.NeedLabel},
		{Name: "null_labels", Doc: "rows without a label", Needs: analysis.NeedLabel},
	},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return NewSummary(Options{TopN: c.TopN, TopPerLabel: c.TopPerLabel, MaxExamples: c.MaxExamples, LLM: c.LLM}), nil
	},
}

// Finish computes the statistics: the Section is a *Result, whose
// Findings and Unlisted the analysis.Result repeats.
func (s *Summary) Finish(env *analysis.Env) (*analysis.Result, error) {
	r, err := s.Result(env.Files)
	if err != nil {
		return nil, err
	}
	return &analysis.Result{Section: &r, Findings: r.Findings, Unlisted: r.Unlisted}, nil
}
