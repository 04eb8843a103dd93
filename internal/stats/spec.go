package stats

import (
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/stats/filerows"
)

var _ analysis.Analyser = (*Summary)(nil)

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
		return newSummary(c), nil
	},
	Decode: decodeSummary,
}

// newSummary builds a Summary from the configuration.
func newSummary(c *analysis.Config) *Summary {
	return NewSummary(Options{TopN: c.TopN, TopPerLabel: c.TopPerLabel, MaxExamples: c.MaxExamples, LLM: c.LLM, WorkerBytes: c.WorkerBytes})
}

// Finish computes the statistics: the Section is a *Result, whose
// Findings and Unlisted the analysis.Result repeats.
func (s *Summary) Finish(env *analysis.Env) (*analysis.Result, error) {
	r, err := s.Result(env.Files)
	if err != nil {
		return nil, err
	}
	return &analysis.Result{Section: &r, Findings: r.Findings, Unlisted: r.Unlisted, Metrics: r.Metrics()}, nil
}

// Metrics returns the values of the Spec's gate metrics. Rates are
// computed from the counts, not rounded as the report's are: one bad
// record in two million must count.
func (r *Result) Metrics() map[string]float64 {
	c := &r.Counts
	m := map[string]float64{
		"records_read":          float64(c.RecordsRead),
		"rows":                  float64(c.Rows),
		"bad_records":           float64(c.BadRecords),
		"bad_record_rate":       rate(c.BadRecords, c.RecordsRead),
		"unreadable_inputs":     float64(c.UnreadableInputs),
		"empty_texts":           float64(c.EmptyTexts),
		"empty_text_rate":       rate(c.EmptyTexts, c.Rows),
		"whitespace_only_texts": float64(c.WhitespaceOnlyTexts),
		"no_token_texts":        float64(c.NoTokenTexts),
		"invalid_utf8_texts":    float64(c.InvalidUTF8Texts),
		"invalid_utf8_rate":     rate(c.InvalidUTF8Texts, c.Rows),
		"tokens":                float64(r.Tokens.Total),
		"distinct_tokens":       float64(r.Tokens.Distinct),
	}
	if r.Labels != nil {
		m["labels"] = float64(r.Labels.Distinct)
		m["null_labels"] = float64(r.Labels.NullLabels)
	}
	return m
}

// rate is n / of, 0 when of is.
func rate(n, of int64) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// FileRows, FileRowsSpec and NewFileRows are internal/stats/filerows',
// under the names stats' callers use.
type FileRows = filerows.FileRows

// FileRowsSpec describes the record count of each input file.
var FileRowsSpec = filerows.Spec

// NewFileRows returns a FileRows for n files.
func NewFileRows(n int) *FileRows { return filerows.New(n) }
