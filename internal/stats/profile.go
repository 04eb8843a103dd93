package stats

import (
	"cmp"
	"slices"
	"strconv"
)

// This file exposes what a profile (internal/profile) needs from a
// Summary beyond Result: every token count, the label counts and the
// length distributions as mergeable histograms. Nothing here changes what
// Add, Merge or Result do.

// TokenList returns the n most frequent tokens (every token when n <= 0)
// by count, ties by token bytes, and what the list leaves out: the
// occurrences and distinct tokens not listed, and the count of the most
// frequent of them (0 when none is left out). With an LLM tokenizer the
// tokens are ids (TokenCount.ID set), ties broken by id.
func (s *Summary) TokenList(n int) (top []TokenCount, tailCount uint64, tailDistinct int, tailMax uint64) {
	d, total := s.tokens.distinct(), s.tokens.total
	if s.enc != nil {
		d, total = s.llm.Distinct(), s.llm.Total
	}
	if n <= 0 || n > d {
		n = d
	}
	// One more than asked gives the largest count left out.
	var list []TokenCount
	if s.enc != nil {
		list = s.llmTop(min(n+1, d), s.llm.Counts, total)
	} else {
		counts := s.tokens.counts()
		count := func(id uint32) uint64 { return counts[id] }
		list = s.topTokens(min(n+1, d), count, total)
	}
	if len(list) > n {
		tailMax = list[n].Count
		list = list[:n]
	}
	var listed uint64
	for _, tc := range list {
		listed += tc.Count
	}
	return list, total - listed, d - len(list), tailMax
}

// EachToken calls fn with every distinct token, in table order (which
// depends on the workers: use it only for order-free results such as a
// distinct-count sketch). With an LLM tokenizer a token is its id in
// decimal, as a profile keys it, in id order.
func (s *Summary) EachToken(fn func(tok []byte)) {
	if s.enc != nil {
		for id, c := range s.llm.Counts {
			if c > 0 {
				fn(strconv.AppendUint(nil, uint64(id), 10))
			}
		}
		return
	}
	for id := range s.tokens.distinct() {
		fn(s.tokens.key(uint32(id)))
	}
}

// LabelCount is one label's rows and tokens.
type LabelCount struct {
	Label  string `json:"label"`
	Rows   int64  `json:"rows"`
	Tokens uint64 `json:"tokens"`
}

// LabelCounts returns the rows and tokens of each label, sorted by label,
// the rows with a null label, and whether there were too many labels to
// count (then the list is empty). ok is false when the input had no label
// column.
func (s *Summary) LabelCounts() (labels []LabelCount, nullRows int64, tooMany, ok bool) {
	if !s.hasLabel {
		return nil, 0, false, false
	}
	labels = []LabelCount{}
	for _, la := range s.labels {
		labels = append(labels, LabelCount{Label: la.name, Rows: la.rows, Tokens: la.tokens})
	}
	slices.SortFunc(labels, func(a, b LabelCount) int { return cmp.Compare(a.Label, b.Label) })
	return labels, s.nullLabels, s.tooMany, true
}

// LengthHists returns the byte, character and token length distributions.
func (s *Summary) LengthHists() (bytes, chars, tokens LengthHist) {
	return s.bytesLen.Hist(), s.charLen.Hist(), s.tokLen.Hist()
}
