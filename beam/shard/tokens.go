package shard

import (
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// This file shuffles a profile's word counts by token partition, as a
// scan's are (ReadScan, TopOfPartition, MergeScan):
//
//	shard: Part (its Summary without tokens) + a TokenPart per partition
//	partition: every shard's TokenPart ─ ProfileTopOfPartition ─► ProfileTop
//	final: Parts merged, each ProfileTop's top tokens merged in,
//	       every partition's sorted tokens merged in byte order ─► profile
//
// A partition's worker holds its share of the vocabulary with counts
// (about 1/P). The final step holds the partitions' TopN+1 tokens with
// counts, and every distinct token's bytes once (about its length plus
// one byte), without counts: the distinct-count sketch of a profile is
// updated in byte order, since its bytes depend on the order, and a
// token partition is not a byte range. With --top 0 (every token listed)
// the partitions keep all their tokens, and the final step holds the
// whole vocabulary with counts, as the profile it writes does.

// ProfileTop is what a token partition of a profile gives the final
// step: its top tokens (a stats.Spec state), every distinct token of the
// partition in byte order (length-prefixed), its totals and the shards
// it merged.
type ProfileTop struct {
	Partition int
	Top       []byte
	Sorted    []byte
	Total     uint64
	Distinct  int
	Shards    []int
}

// topConfig is the configuration a profile's partition keeps its top
// tokens with: TopN+1 of them (the one more gives the tail's largest
// count), or every one for TopN 0.
func topConfig(inputs []ingest.Input, o profile.Options) *analysis.Config {
	c := config(inputs)
	c.TopN = o.TopN + 1
	if o.TopN <= 0 {
		c.TopN = math.MaxInt32
	}
	return c
}

// SplitProfile cuts the word counts out of a shard's Part into p token
// partitions by token, keyed by key (stats.SplitTokens): it returns the
// Part without them and the shard's TokenPart of each partition.
func SplitProfile(inputs []ingest.Input, part Part, p int, key []byte) (Part, []TokenPart, error) {
	rest, parts, err := stats.SplitTokens(config(inputs), part.Summary, p, key)
	if err != nil {
		return Part{}, nil, fmt.Errorf("shard %d: %w", part.Index, err)
	}
	part.Summary = rest
	tps := make([]TokenPart, len(parts))
	for i, d := range parts {
		tps[i] = TokenPart{Shard: part.Index, Data: d}
	}
	return part, tps, nil
}

// ProfileTopOfPartition merges every shard's TokenPart of partition p,
// in shard order, into what the final step needs of it (ProfileTop).
func ProfileTopOfPartition(inputs []ingest.Input, p int, parts []TokenPart, o profile.Options) (ProfileTop, error) {
	parts = slices.Clone(parts)
	slices.SortFunc(parts, func(a, b TokenPart) int { return cmp.Compare(a.Shard, b.Shard) })
	c := topConfig(inputs, o)
	out := ProfileTop{Partition: p}
	var sum *stats.Summary
	for i, tp := range parts {
		if i > 0 && parts[i-1].Shard == tp.Shard {
			return ProfileTop{}, fmt.Errorf("token partition %d: shard %d given twice", p, tp.Shard)
		}
		out.Shards = append(out.Shards, tp.Shard)
		a, err := analysis.Decode(stats.Spec, c, tp.Data)
		if err != nil {
			return ProfileTop{}, fmt.Errorf("token partition %d: shard %d: %w", p, tp.Shard, err)
		}
		if sum == nil {
			sum = a.(*stats.Summary)
		} else if err := sum.Merge(a); err != nil {
			return ProfileTop{}, fmt.Errorf("token partition %d: shard %d: %w", p, tp.Shard, err)
		}
	}
	if sum == nil {
		sum = stats.NewSummary(stats.Options{TopN: c.TopN, TopPerLabel: 1, MaxExamples: -1})
	}
	var toks [][]byte
	n := 0
	sum.EachToken(func(tok []byte) { toks, n = append(toks, tok), n+len(tok)+binary.MaxVarintLen32 })
	slices.SortFunc(toks, bytes.Compare)
	out.Sorted = make([]byte, 0, n)
	for _, tok := range toks {
		out.Sorted = binary.AppendUvarint(out.Sorted, uint64(len(tok)))
		out.Sorted = append(out.Sorted, tok...)
	}
	toks = nil
	state, err := analysis.Encode(stats.Spec, sum)
	if err != nil {
		return ProfileTop{}, err
	}
	sum = nil
	if out.Top, out.Distinct, out.Total, err = stats.TopOfPartition(c, [][]byte{state}); err != nil {
		return ProfileTop{}, fmt.Errorf("token partition %d: %w", p, err)
	}
	return out, nil
}

// MergeProfileTokens is MergeProfile for shards whose word counts went
// to p token partitions: it checks that every partition merged every
// planned shard, once, merges the partitions' top tokens into the
// shards' merged Summary and makes the profile (profile.AssembleTokens).
func MergeProfileTokens(inputs []ingest.Input, parts []Part, tops []ProfileTop, p int, o profile.Options) (*profile.Profile, error) {
	sum, rows, hashes, err := merge(inputs, parts, o)
	if err != nil {
		return nil, err
	}
	var order []int
	for _, q := range parts {
		if q.Planned {
			order = append(order, q.Index)
		}
	}
	slices.Sort(order)
	byPart := make([]*ProfileTop, p)
	for i := range tops {
		t := &tops[i]
		if t.Partition < 0 || t.Partition >= p || byPart[t.Partition] != nil {
			return nil, fmt.Errorf("token partition %d: unexpected or given twice", t.Partition)
		}
		byPart[t.Partition] = t
	}
	c := topConfig(inputs, o)
	pt := &profile.PartTokens{}
	sorted := make([][]byte, p)
	for i, t := range byPart {
		if t == nil {
			return nil, fmt.Errorf("token partition %d: its tokens never came", i)
		}
		if !slices.Equal(t.Shards, order) {
			return nil, fmt.Errorf("token partition %d: merged shards %v, the plan holds %v", i, t.Shards, order)
		}
		a, err := analysis.Decode(stats.Spec, c, t.Top)
		if err != nil {
			return nil, fmt.Errorf("token partition %d: %w", i, err)
		}
		if err := sum.Merge(a); err != nil {
			return nil, fmt.Errorf("token partition %d: %w", i, err)
		}
		pt.Total += t.Total
		pt.Distinct += t.Distinct
		sorted[i] = t.Sorted
	}
	var bad error
	pt.Sorted = func(yield func([]byte) bool) { bad = mergeSorted(sorted, yield) }
	prof, err := profile.AssembleTokens(inputs, sum, rows, hashes, o, pt)
	if err == nil {
		err = bad
	}
	return prof, err
}

// mergeSorted yields the tokens of lists (each length-prefixed, in byte
// order) in byte order, a P-way merge.
func mergeSorted(lists [][]byte, yield func([]byte) bool) error {
	h := &tokenHeap{}
	for _, l := range lists {
		c := cursor{rest: l}
		if ok, err := c.next(); err != nil {
			return err
		} else if ok {
			h.cs = append(h.cs, c)
		}
	}
	heap.Init(h)
	for h.Len() > 0 {
		c := &h.cs[0]
		if !yield(c.tok) {
			return nil
		}
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

// cursor reads a length-prefixed token list.
type cursor struct {
	rest, tok []byte
}

func (c *cursor) next() (bool, error) {
	if len(c.rest) == 0 {
		return false, nil
	}
	n, k := binary.Uvarint(c.rest)
	if k <= 0 || n > uint64(len(c.rest)-k) {
		return false, errors.New("token partition: a corrupt token list")
	}
	c.tok, c.rest = c.rest[k:k+int(n)], c.rest[k+int(n):]
	return true, nil
}

type tokenHeap struct{ cs []cursor }

func (h *tokenHeap) Len() int           { return len(h.cs) }
func (h *tokenHeap) Less(i, j int) bool { return bytes.Compare(h.cs[i].tok, h.cs[j].tok) < 0 }
func (h *tokenHeap) Swap(i, j int)      { h.cs[i], h.cs[j] = h.cs[j], h.cs[i] }
func (h *tokenHeap) Push(x any)         { h.cs = append(h.cs, x.(cursor)) }
func (h *tokenHeap) Pop() any {
	x := h.cs[len(h.cs)-1]
	h.cs = h.cs[:len(h.cs)-1]
	return x
}
