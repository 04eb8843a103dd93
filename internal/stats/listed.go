package stats

import (
	"bytes"
	"fmt"
)

// A profile (internal/profile) publishes a Summary's state cut to its top
// tokens. FromListed turns that listing back into a Summary, so that
// profiles merge with Summary.Merge, as workers and shards do, and one
// renderer makes a profile of either. Of the tokens a listing leaves out
// only a bound is known: none occurs more than TailMax times. The Summary
// keeps the bounds (tokenBounds) and Merge adds them; a Summary of data
// has none (every count exact, every token known).

// Listed is what a profile holds of a Summary's state. Top are tokens
// (TokenCount's Token and Count) with their exact counts: every token when
// Complete; else TailMax bounds the count of any other. Total counts every
// token occurrence. Labels, NullLabels and TooManyLabels describe the label
// column when HasLabel.
type Listed struct {
	Counts                  Counts
	Total, TailMax          uint64
	Top                     []TokenCount
	Complete                bool
	Bytes, Chars, Tokens    LengthHist
	HasLabel, TooManyLabels bool
	Labels                  []LabelCount
	NullLabels              int64
}

// tokenBounds is what a Summary made from listings knows of the tokens
// they leave out. A token occurs its entry's count (its listed counts
// added) plus, for each listing that leaves it out, at most that
// listing's TailMax times: at most count + unseen - listed[id].
type tokenBounds struct {
	unseen     uint64   // the listings' TailMax added
	listed     []uint64 // by entry id: the TailMax of the listings that list it, added
	tail       uint64   // occurrences of the tokens the listings leave out
	partial    bool     // a listing was not Complete
	unreadable int64    // unreadable inputs, counted, not listed
}

// FromListed returns the Summary whose state l lists. It refuses a token
// listed twice, empty, holding a NUL (which no tokenizer makes, and which
// the count table's packed keys cannot tell from its absence) or counted
// 0, a length histogram whose minimum and maximum lie outside its
// buckets, and a label listed twice.
func FromListed(l *Listed) (*Summary, error) {
	s := NewSummary(Options{MaxExamples: -1})
	c := &l.Counts
	s.rows, s.emptyRows, s.blankRows, s.noTokenRows = c.Rows, c.EmptyTexts, c.WhitespaceOnlyTexts, c.NoTokenTexts
	s.invalidUTF8Rows, s.textBytes, s.inputBytes, s.blankLines = c.InvalidUTF8Texts, c.TextBytes, c.InputBytes, c.BlankLines
	s.badRows = c.BadRecords
	for k, n := range c.BadByKind {
		s.badKinds[k] = n
	}
	s.bound = &tokenBounds{unseen: l.TailMax, tail: l.Total, partial: !l.Complete, unreadable: c.UnreadableInputs}
	s.bound.listed = make([]uint64, len(l.Top))
	for i, t := range l.Top {
		if t.Token == "" || t.Count == 0 || bytes.IndexByte([]byte(t.Token), 0) >= 0 {
			return nil, fmt.Errorf("token %q: empty, counted 0 or holding a NUL", t.Token)
		}
		id, err := s.tokens.add([]byte(t.Token), t.Count)
		if err != nil {
			return nil, err
		}
		if int(id) != i {
			return nil, fmt.Errorf("token %q listed twice", t.Token)
		}
		s.bound.listed[i] = l.TailMax
		s.bound.tail -= t.Count // the total less the listed counts (modulo 2^64, as a profile adds them)
	}
	for i, h := range []LengthHist{l.Bytes, l.Chars, l.Tokens} {
		if err := []*lengthDist{&s.bytesLen, &s.charLen, &s.tokLen}[i].SetHist(h); err != nil {
			return nil, fmt.Errorf("lengths.%s: %w", []string{"bytes", "chars", "tokens"}[i], err)
		}
	}
	s.hasLabel, s.nullLabels, s.tooMany = l.HasLabel, l.NullLabels, l.TooManyLabels
	if s.tooMany && len(l.Labels) > 0 || len(l.Labels) > MaxLabels {
		return nil, fmt.Errorf("%d labels (too many: %v)", len(l.Labels), s.tooMany)
	}
	for _, lc := range l.Labels {
		if _, ok := s.labelIdx[lc.Label]; ok {
			return nil, fmt.Errorf("label %q listed twice", lc.Label)
		}
		s.labelIdx[lc.Label] = len(s.labels)
		s.labels = append(s.labels, &labelAcc{name: lc.Label, rows: lc.Rows, tokens: lc.Tokens})
	}
	return s, nil
}

// mergeBounds adds o's bounds (nil: a Summary of data, every count exact)
// to s's, remap taking o's entry ids to s's.
func (s *Summary) mergeBounds(o *tokenBounds, remap []uint32) {
	if s.bound == nil {
		s.bound = &tokenBounds{}
	}
	b := s.bound
	b.listed = growCounts(b.listed, s.tokens.distinct()) // tokens new to s: no listing of s lists them
	if o == nil {
		return
	}
	b.unseen, b.tail, b.unreadable = b.unseen+o.unseen, b.tail+o.tail, b.unreadable+o.unreadable
	b.partial = b.partial || o.partial
	for id, l := range o.listed {
		b.listed[remap[id]] += l
	}
}

// TokenBounds returns what s knows of its tokens as a whole: every
// occurrence (total), the bound on the count of a token in none of the
// listings merged (unseen; 0 for a Summary of data), and whether every
// count is exact and every token known (complete).
func (s *Summary) TokenBounds() (total, unseen uint64, complete bool) {
	total = s.tokens.total
	if s.enc != nil {
		total = s.llm.Total
	}
	if s.bound == nil {
		return total, 0, true
	}
	return total + s.bound.tail, s.bound.unseen, !s.bound.partial
}

// EachTokenBound calls fn with every token of the count table (in table
// order), its known count lo and the bound hi on its count (hi = lo but
// after a merge of listings that leave it out). Not for an LLM tokenizer's
// Summary.
func (s *Summary) EachTokenBound(fn func(tok []byte, lo, hi uint64)) {
	for id, c := range s.tokens.counts() {
		hi := c
		if s.bound != nil {
			hi += s.bound.unseen - s.bound.listed[id]
		}
		fn(s.tokens.key(uint32(id)), c, hi)
	}
}
