package stats

import (
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

// This file cuts the word counts of token summaries into partitions by
// token, so that a distributed run merges each partition on its own
// worker and no worker holds the whole vocabulary:
//
//	shard k: state ─ SplitTokens ─┬─ rest (counts, lengths, labels; no token)  ─────────────┐
//	                              └─ part p (tokens of p, per-label counts) ─► partition p  │
//	partition p: parts of every shard ─ TopOfPartition ─► its top tokens, distinct, total ─┤
//	final: rest merged, Merge the partitions' tops ─ Finish ─ Result.SetTokenTotals ────────┘
//
// The result is the one-process result: a token of the report's top N
// is among the top N of its partition (both rank by count, then bytes),
// and so for each label's top list, and each token's counts are whole in
// its partition. A partition's worker holds its share of the vocabulary
// (about 1/P of it, with its per-label counts); the final merge holds
// only the tokens of the partitions' top lists. With an LLM tokenizer the
// counts are by token id and not cut.

// SplitTokens cuts a token summary's state (stats.Spec's encoding) into
// the rest, without tokens, and p states holding the tokens whose keyed
// hash falls in each partition (key: the job's, shared by its shards),
// with their per-label counts.
func SplitTokens(c *analysis.Config, state []byte, p int, key []byte) (rest []byte, parts [][]byte, err error) {
	if p < 1 {
		return nil, nil, errors.New("split tokens: want 1 partition or more")
	}
	a, err := analysis.Decode(Spec, c, state)
	if err != nil {
		return nil, nil, err
	}
	s := a.(*Summary)
	if s.enc != nil {
		return nil, nil, errors.New("split tokens: the counts of an LLM tokenizer are by id, not cut")
	}
	ps := make([]*Summary, p)
	for i := range ps {
		ps[i] = NewSummary(s.opts)
		if !s.tooMany {
			for _, la := range s.labels {
				if la.counts != nil {
					ps[i].addLabel(la.name)
				}
			}
		}
	}
	counts := s.tokens.counts()
	for id, n := range counts {
		tok := s.tokens.key(uint32(id))
		q := ps[partition(key, tok, p)]
		nid, err := q.tokens.add(tok, n)
		if err != nil {
			return nil, nil, err
		}
		for k, la := range s.labels {
			if la.counts == nil || s.tooMany {
				continue
			}
			ql := q.labels[k]
			ql.counts = growCounts(ql.counts, q.tokens.distinct())
			if id < len(la.counts) {
				ql.counts[nid] = la.counts[id]
			}
		}
	}
	for _, q := range ps {
		data, err := analysis.Encode(Spec, q)
		if err != nil {
			return nil, nil, err
		}
		parts = append(parts, data)
	}
	s.tokens = newCountTable()
	for _, la := range s.labels {
		if la.counts != nil {
			la.counts = la.counts[:0]
		}
	}
	if rest, err = analysis.Encode(Spec, s); err != nil {
		return nil, nil, err
	}
	return rest, parts, nil
}

// partition is the partition of tok among p, hashed with key.
func partition(key, tok []byte, p int) int {
	h := fnv.New64a()
	h.Write(key)
	h.Write([]byte{0})
	h.Write(tok)
	return int(h.Sum64() % uint64(p))
}

// TopOfPartition merges the states of one partition (SplitTokens' parts
// of every shard, in shard order) and returns the state of the tokens
// that can be in the report's top lists (the partition's TopN, and each
// label's TopPerLabel), with their whole counts, and the partition's
// distinct tokens and total count.
func TopOfPartition(c *analysis.Config, parts [][]byte) (top []byte, distinct int, total uint64, err error) {
	var s *Summary
	for i, data := range parts {
		a, err := analysis.Decode(Spec, c, data)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("part %d: %w", i, err)
		}
		if s == nil {
			s = a.(*Summary)
		} else if err := s.Merge(a); err != nil {
			return nil, 0, 0, fmt.Errorf("part %d: %w", i, err)
		}
	}
	if s == nil {
		s = newSummary(c)
	}
	counts := s.tokens.counts()
	keep := map[string]bool{}
	for _, tc := range s.topTokens(s.opts.topN(), func(id uint32) uint64 { return counts[id] }, s.tokens.total) {
		keep[tc.Token] = true
	}
	for _, la := range s.labels {
		if la.counts == nil || s.tooMany {
			continue
		}
		lc := la.counts
		for _, tc := range s.topTokens(s.opts.topPerLabel(), func(id uint32) uint64 {
			if int(id) < len(lc) {
				return lc[id]
			}
			return 0
		}, la.tokens) {
			keep[tc.Token] = true
		}
	}
	out := NewSummary(s.opts)
	for _, la := range s.labels {
		if la.counts != nil && !s.tooMany {
			out.addLabel(la.name)
		}
	}
	for id, n := range counts {
		tok := s.tokens.key(uint32(id))
		if !keep[string(tok)] {
			continue
		}
		nid, err := out.tokens.add(tok, n)
		if err != nil {
			return nil, 0, 0, err
		}
		for k, la := range s.labels {
			if la.counts == nil || s.tooMany {
				continue
			}
			ol := out.labels[k]
			ol.counts = growCounts(ol.counts, out.tokens.distinct())
			if id < len(la.counts) {
				ol.counts[nid] = la.counts[id]
			}
		}
	}
	if top, err = analysis.Encode(Spec, out); err != nil {
		return nil, 0, 0, err
	}
	return top, s.tokens.distinct(), s.tokens.total, nil
}

// SetTokenTotals sets the result's token total and distinct tokens (those
// of all partitions, when the summary it was finished from holds only
// the partitions' top tokens) and what derives from them: the tokens'
// frequencies, the top and tail mass.
func (r *Result) SetTokenTotals(total uint64, distinct int) {
	r.Tokens.Total, r.Tokens.Distinct = total, distinct
	var top uint64
	for i, tc := range r.Tokens.Top {
		r.Tokens.Top[i].Freq = finding.Round(float64(tc.Count)/float64(max(total, 1)), 8)
		top += tc.Count
	}
	r.Tokens.TopMass, r.Tokens.TailMass = 0, 0
	if total > 0 {
		r.Tokens.TopMass = finding.Round(float64(top)/float64(total), 8)
		r.Tokens.TailMass = finding.Round(float64(total-top)/float64(total), 8)
	}
}
