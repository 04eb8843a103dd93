package stats

import (
	"bytes"
	"errors"
	"fmt"
)

// A profile (internal/profile) publishes a Summary's state cut to its top
// tokens. FromListed turns that listing back into a Summary, so that
// profiles merge with Summary.Merge, as the states of workers and shards
// do, and one renderer makes a profile of either. What a listing leaves
// out of its tokens is known only as a bound: a token it does not list
// occurs at most TailMax times in its rows. The Summary keeps those bounds
// (tokenBounds) and Merge adds them; a Summary of data has none (every
// count exact, every token known).

// Listed is what a profile holds of a Summary's state.
type Listed struct {
	Counts Counts
	// Total counts every token occurrence, listed or not.
	Total uint64
	// Top are tokens with their exact counts: every token when Complete;
	// else TailMax bounds the count of a token not in Top.
	Top      []ListedToken
	Complete bool
	TailMax  uint64
	// Bytes, Chars and Tokens are the length histograms.
	Bytes, Chars, Tokens LengthHist
	// HasLabel says the rows had a label column: then Labels (sorted or
	// not), NullLabels and TooManyLabels describe it.
	HasLabel      bool
	Labels        []LabelCount
	NullLabels    int64
	TooManyLabels bool
}

// ListedToken is a listed token and its exact count.
type ListedToken struct {
	Token string
	Count uint64
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
	b := &tokenBounds{unseen: l.TailMax, tail: l.Total, partial: !l.Complete, unreadable: c.UnreadableInputs}
	b.listed = make([]uint64, len(l.Top))
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
		b.listed[i] = l.TailMax
		b.tail -= t.Count // the total less the listed counts (modulo 2^64, as a profile adds them)
	}
	s.bound = b
	for _, h := range []struct {
		d    *lengthDist
		h    *LengthHist
		name string
	}{{&s.bytesLen, &l.Bytes, "bytes"}, {&s.charLen, &l.Chars, "chars"}, {&s.tokLen, &l.Tokens, "tokens"}} {
		if err := h.d.SetHist(*h.h); err != nil {
			return nil, fmt.Errorf("lengths.%s: %w", h.name, err)
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
	b.unseen += o.unseen
	b.tail += o.tail
	b.partial = b.partial || o.partial
	b.unreadable += o.unreadable
	for id, l := range o.listed {
		b.listed[remap[id]] += l
	}
}

// Bounds is what a Summary knows of its tokens' counts as a whole.
type Bounds struct {
	// Total counts every token occurrence.
	Total uint64
	// Unseen bounds the count of a token in none of the listings merged
	// (0 for a Summary of data).
	Unseen uint64
	// Complete is true when every count is exact and every token known.
	Complete bool
}

// TokenBounds returns the Summary's Bounds.
func (s *Summary) TokenBounds() Bounds {
	total := s.tokens.total
	if s.enc != nil {
		total = s.llm.Total
	}
	if s.bound == nil {
		return Bounds{Total: total, Complete: true}
	}
	return Bounds{Total: total + s.bound.tail, Unseen: s.bound.unseen, Complete: !s.bound.partial}
}

// EachTokenBound calls fn with every token of the count table (in table
// order), its known count lo and the bound hi on its count (hi = lo but
// after a merge of listings that leave it out). Not for an LLM tokenizer's
// Summary.
func (s *Summary) EachTokenBound(fn func(tok []byte, lo, hi uint64)) {
	var unseen uint64
	var listed []uint64
	if s.bound != nil {
		unseen, listed = s.bound.unseen, s.bound.listed
	}
	for id, c := range s.tokens.counts() {
		hi := c
		if listed != nil {
			hi += unseen - listed[id]
		}
		fn(s.tokens.key(uint32(id)), c, hi)
	}
}

// errListedState is AppendState's error for a Summary made from listings:
// what they leave out has no portable form.
var errListedState = errors.New("a token summary merged from profiles has no portable state")
