package stats

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Counts are the row-level counts of a corpus.
type Counts struct {
	// RecordsRead is every record met: Rows plus BadRecords.
	RecordsRead int64 `json:"records_read"`
	// Rows is the records read with a usable text.
	Rows       int64            `json:"rows"`
	BadRecords int64            `json:"bad_records"`
	BadByKind  map[string]int64 `json:"bad_records_by_kind"`
	// UnreadableInputs counts inputs that could not be read at all, or to
	// their end; their lost records are not in BadRecords (their number is
	// unknown).
	UnreadableInputs int64 `json:"unreadable_inputs"`
	// BlankLines are whitespace-only lines of JSONL files, skipped.
	BlankLines          int64 `json:"blank_lines"`
	EmptyTexts          int64 `json:"empty_texts"`
	WhitespaceOnlyTexts int64 `json:"whitespace_only_texts"`
	// NoTokenTexts are non-empty texts without a single letter or digit
	// (the whitespace-only ones included).
	NoTokenTexts     int64 `json:"no_token_texts"`
	InvalidUTF8Texts int64 `json:"invalid_utf8_texts"`
	TextBytes        int64 `json:"text_bytes"`
	InputBytes       int64 `json:"input_bytes"`
}

// TokenStats is the token frequency distribution.
type TokenStats struct {
	Total    uint64 `json:"total"`
	Distinct int    `json:"distinct"`
	// VocabSize is the LLM tokenizer's vocabulary size (ids are below it);
	// absent for words.
	VocabSize int `json:"vocab_size,omitempty"`
	// Top lists the TopN most frequent tokens by count, ties by token.
	Top []TokenCount `json:"top"`
	// TopMass is the share of all tokens the top list covers; TailMass is
	// the rest.
	TopMass  float64 `json:"top_mass"`
	TailMass float64 `json:"tail_mass"`
}

// LabelStats describes the label column.
type LabelStats struct {
	// Distinct is the number of distinct labels; past MaxLabels it is
	// MaxLabels+1 and DistinctLowerBound is set.
	Distinct           int   `json:"distinct"`
	DistinctLowerBound bool  `json:"distinct_lower_bound,omitempty"`
	NullLabels         int64 `json:"null_labels"`
	// Kinds counts labels by the type they had in the input.
	Kinds   map[string]int64 `json:"kinds"`
	Classes []LabelClass     `json:"classes"`
	// Notes says what was not computed and why.
	Notes []string `json:"notes,omitempty"`
}

// LabelClass is one label value.
type LabelClass struct {
	Label  string       `json:"label"`
	Rows   int64        `json:"rows"`
	Share  float64      `json:"share"`
	Tokens uint64       `json:"tokens"`
	Top    []TokenCount `json:"top_tokens,omitempty"`
}

// Result is what a Summary found.
type Result struct {
	Counts   Counts            `json:"counts"`
	Tokens   TokenStats        `json:"tokens"`
	Lengths  Lengths           `json:"lengths"`
	Labels   *LabelStats       `json:"labels,omitempty"`
	Findings []finding.Finding `json:"-"`
	// Unlisted counts, per finding kind, the findings left out of Findings
	// by Options.MaxExamples.
	Unlisted map[string]int64 `json:"-"`
}

// Counts returns the row-level counts.
func (s *Summary) Counts() Counts {
	c := Counts{
		RecordsRead:         s.rows + s.badRows,
		Rows:                s.rows,
		BadRecords:          s.badRows,
		BadByKind:           s.badKinds,
		UnreadableInputs:    int64(s.unreadable.Len()),
		BlankLines:          s.blankLines,
		EmptyTexts:          s.emptyRows,
		WhitespaceOnlyTexts: s.blankRows,
		NoTokenTexts:        s.noTokenRows,
		InvalidUTF8Texts:    s.invalidUTF8Rows,
		TextBytes:           s.textBytes,
		InputBytes:          s.inputBytes,
	}
	if s.bound != nil {
		c.UnreadableInputs += s.bound.unreadable
	}
	return c
}

// Result computes the statistics. files names the inputs by index, for the
// findings.
func (s *Summary) Result(files []string) (Result, error) {
	if s.err != nil {
		return Result{}, s.err
	}
	var r Result
	r.Counts = s.Counts()
	total := s.tokens.total
	if s.enc != nil {
		total = s.llm.Total
		r.Tokens = TokenStats{Total: total, Distinct: s.llm.Distinct(), VocabSize: s.opts.LLM.VocabSize()}
		r.Tokens.Top = s.llmTop(s.opts.topN(), s.llm.Counts, total)
	} else {
		r.Tokens = TokenStats{Total: total, Distinct: s.tokens.distinct()}
		counts := s.tokens.counts()
		r.Tokens.Top = s.topTokens(s.opts.topN(), func(id uint32) uint64 { return counts[id] }, total)
	}
	var top uint64
	for _, tc := range r.Tokens.Top {
		top += tc.Count
	}
	if total > 0 {
		r.Tokens.TopMass = finding.Round(float64(top)/float64(total), 8)
		r.Tokens.TailMass = finding.Round(float64(total-top)/float64(total), 8)
	}
	r.Lengths = Lengths{Bytes: s.bytesLen.Stats(), Chars: s.charLen.Stats(), Tokens: s.tokLen.Stats()}
	r.Unlisted = map[string]int64{}

	var bads int64
	for _, it := range s.bad.List() {
		f := finding.Finding{
			Kind: finding.KindBadRecord, Subkind: it.Kind, Severity: finding.Error,
			Rows: []finding.Row{finding.NewRow(files, it.Pos, it.ID)}, Evidence: it.Reason,
		}
		if it.Rows > 1 {
			f.Count = it.Rows
		}
		r.Findings = append(r.Findings, f)
		bads++
	}
	if n := s.badN - bads; n > 0 {
		r.Unlisted[finding.KindBadRecord] = n
	}
	for _, it := range s.unreadable.List() {
		r.Findings = append(r.Findings, finding.Finding{
			Kind: finding.KindUnreadableInput, Severity: finding.Error,
			Rows: []finding.Row{finding.NewRow(files, it.Pos, "")}, Evidence: it.Reason,
		})
	}
	for _, it := range s.utf8Bad.List() {
		r.Findings = append(r.Findings, finding.Finding{
			Kind: finding.KindInvalidUTF8, Severity: finding.Warning,
			Rows: []finding.Row{finding.NewRow(files, it.Pos, it.ID)}, Evidence: it.Reason,
			At: finding.ByteOffset(it.Reason),
		})
	}
	if n := s.invalidUTF8Rows - int64(s.utf8Bad.Len()); n > 0 {
		r.Unlisted[finding.KindInvalidUTF8] = n
	}

	if s.hasLabel {
		r.Labels, r.Findings = s.labelResult(files, r.Findings)
	}
	return r, nil
}

func (s *Summary) labelResult(files []string, fs []finding.Finding) (*LabelStats, []finding.Finding) {
	ls := &LabelStats{NullLabels: s.nullLabels, Kinds: map[string]int64{}, Classes: []LabelClass{}}
	var kinds []string
	var examples []finding.Row
	for k, n := range s.labelKinds {
		if n == 0 {
			continue
		}
		name := ingest.LabelKind(k).String()
		ls.Kinds[name] = n
		kinds = append(kinds, fmt.Sprintf("%d %s", n, name))
		examples = append(examples, finding.NewRow(files, s.labelFirst[k].Pos, s.labelFirst[k].ID))
	}
	if len(kinds) > 1 {
		fs = append(fs, finding.Finding{
			Kind: finding.KindLabelMixedTypes, Severity: finding.Warning, Rows: examples,
			Evidence: fmt.Sprintf("the label column mixes types: %s labels; the rows listed are the first of each type. "+
				"A number and a string that read alike (1 and \"1\") count as one label", strings.Join(kinds, ", ")),
		})
	}
	if s.tooMany {
		ls.Distinct, ls.DistinctLowerBound = MaxLabels+1, true
		ls.Notes = append(ls.Notes, fmt.Sprintf("more than %d distinct labels: per-label counts are not computed; is --label a class column?", MaxLabels))
		fs = append(fs, finding.Finding{
			Kind: finding.KindLabelsTooMany, Severity: finding.Warning, Rows: []finding.Row{},
			Evidence: fmt.Sprintf("the label column has more than %d distinct values, too many for class labels", MaxLabels),
		})
		return ls, fs
	}
	ls.Distinct = len(s.labels)
	labelled := s.rows - s.nullLabels
	tokens := len(s.labels) > 0 && s.labels[0].counts != nil
	if !tokens && len(s.labels) > 0 {
		ls.Notes = append(ls.Notes, fmt.Sprintf("more than %d distinct labels: top tokens per label are not computed", MaxTokenLabels))
	}
	for _, la := range s.labels {
		c := LabelClass{Label: la.name, Rows: la.rows, Tokens: la.tokens}
		if labelled > 0 {
			c.Share = finding.Round(float64(la.rows)/float64(labelled), 8)
		}
		if tokens && s.enc != nil {
			c.Top = s.llmTop(s.opts.topPerLabel(), la.counts, la.tokens)
		} else if tokens {
			counts := la.counts
			c.Top = s.topTokens(s.opts.topPerLabel(), func(id uint32) uint64 {
				if int(id) < len(counts) {
					return counts[id]
				}
				return 0
			}, la.tokens)
		}
		ls.Classes = append(ls.Classes, c)
	}
	sort.Slice(ls.Classes, func(i, j int) bool {
		a, b := ls.Classes[i], ls.Classes[j]
		if a.Rows != b.Rows {
			return a.Rows > b.Rows
		}
		return a.Label < b.Label
	})
	// Imbalance: a class far below an even share. Past MaxTokenLabels
	// classes the label is more likely a category than a class, but the
	// rule still holds.
	if k := len(ls.Classes); k >= 2 && labelled > 0 {
		even := 1 / float64(k)
		for _, c := range ls.Classes {
			if c.Share < ImbalanceFactor*even {
				fs = append(fs, finding.Finding{
					Kind: finding.KindLabelImbalance, Severity: finding.Warning, Rows: []finding.Row{},
					Score: finding.Round(c.Share/even, 4),
					Evidence: fmt.Sprintf("label %q has %s, %s of the labelled rows, under %.0f%% of an even share (%s of %d labels)",
						c.Label, rowsOf(c.Rows), fmtShare(c.Share), ImbalanceFactor*100, fmtShare(even), k),
				})
			}
		}
	}
	for _, c := range ls.Classes {
		if strings.TrimSpace(c.Label) == "" {
			fs = append(fs, finding.Finding{
				Kind: finding.KindLabelEmpty, Severity: finding.Warning, Rows: []finding.Row{},
				Evidence: fmt.Sprintf("%s an empty or blank label %q", rowsHave(c.Rows), c.Label),
			})
		}
	}
	return ls, fs
}

// ImbalanceFactor: a label whose share is under this fraction of an even
// share 1/K is reported as imbalanced.
const ImbalanceFactor = 0.2

func fmtShare(x float64) string { return fmt.Sprintf("%.2f%%", 100*x) }

// rowsOf says n rows: "1 row", "2 rows".
func rowsOf(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// rowsHave says n rows have: "1 row has", "2 rows have".
func rowsHave(n int64) string {
	if n == 1 {
		return "1 row has"
	}
	return fmt.Sprintf("%d rows have", n)
}
