package profile

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/apache/datasketches-go/hll"

	"github.com/dataaudit/dataaudit/internal/stats"
)

// Merge returns the profile of the union of the shards the profiles
// describe. Shards must not share files (their manifests must not name the
// same path), and the profiles must have the same settings.
//
// What is exact: counts, token totals, lengths, labels and the manifest
// add exactly. Top tokens: a token listed in every shard that does not
// list all of its tokens has an exact merged count; one missing from a
// shard's list is only known to within that shard's Tail.MaxCount. The
// merged Top keeps the longest prefix (at most the smallest TopN) whose
// counts are exact and whose order no unlisted token could change, so it
// is always exactly the first len(Top) tokens of the whole, but may be
// shorter than a profile of the whole would list. When every shard is
// Complete (built with --top 0), the merge equals the profile of the whole.
// The distinct-token sketch is the union of the shards' sketches (within
// its stated error); the exact distinct count survives only when every
// shard is Complete.
//
// Profiles from Read are validated; a panic of the sketch library on one
// that is not (built in memory) is still returned as an error.
func Merge(ps []*Profile) (out *Profile, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("merge: malformed profile: %v", r)
		}
	}()
	if len(ps) == 0 {
		return nil, fmt.Errorf("no profiles to merge")
	}
	first := ps[0]
	out = &Profile{
		Schema: Schema, SchemaVersion: SchemaVersion, Tool: first.Tool, Settings: first.Settings,
		Counts: stats.Counts{BadByKind: map[string]int64{}}, Manifest: []File{},
	}
	topN := first.Settings.TopN
	complete := true
	seen := map[string]bool{}
	var sks []hll.HllSketch
	for i, p := range ps {
		if err := Comparable(first, p); err != nil {
			return nil, fmt.Errorf("profile %d: %w", i+1, err)
		}
		if p.Settings.Label != first.Settings.Label {
			return nil, fmt.Errorf("profile %d: label field %q, profile 1 has %q", i+1, p.Settings.Label, first.Settings.Label)
		}
		if p.Settings.TopN > 0 && (topN == 0 || p.Settings.TopN < topN) {
			topN = p.Settings.TopN
		}
		complete = complete && p.Tokens.Complete
		out.Shards += max(p.Shards, 1)
		addCounts(&out.Counts, &p.Counts)
		out.Tokens.Total += p.Tokens.Total
		mergeHist(&out.Lengths.Bytes, &p.Lengths.Bytes)
		mergeHist(&out.Lengths.Chars, &p.Lengths.Chars)
		mergeHist(&out.Lengths.Tokens, &p.Lengths.Tokens)
		if p.Labels != nil {
			if out.Labels == nil {
				out.Labels = &Labels{Classes: []stats.LabelCount{}}
			}
			mergeLabels(out.Labels, p.Labels)
		}
		for _, f := range p.Manifest {
			if seen[f.Path] {
				return nil, fmt.Errorf("profile %d: %s is also in an earlier profile: shards must not share files", i+1, f.Path)
			}
			seen[f.Path] = true
			out.Manifest = append(out.Manifest, f)
		}
		sk, err := hll.NewHllSketchFromSlice(p.Tokens.Distinct.Sketch, true)
		if err != nil {
			return nil, fmt.Errorf("profile %d: distinct-token sketch: %w", i+1, err)
		}
		sks = append(sks, sk)
	}
	out.Settings.TopN = topN
	slices.SortFunc(out.Manifest, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	d, err := distinctFrom(sks)
	if err != nil {
		return nil, err
	}
	out.Tokens.Distinct = d
	mergeTop(out, ps, topN, complete)
	return out, nil
}

// mergeTop merges the top lists; see Merge for what it guarantees.
func mergeTop(out *Profile, ps []*Profile, topN int, complete bool) {
	type cand struct {
		tok       string
		text, hex string // of an id token
		lo, hi    uint64
	}
	order := out.Settings.Tokenizer.CompareTokens
	idx := map[string]int{}
	var cs []cand
	var unseen uint64 // bound on a token listed nowhere
	for _, p := range ps {
		unseen += p.Tokens.Tail.MaxCount
	}
	for _, p := range ps {
		for _, t := range p.Tokens.Top {
			k, ok := idx[t.Token]
			if !ok {
				k = len(cs)
				idx[t.Token] = k
				cs = append(cs, cand{tok: t.Token, text: t.Text, hex: t.Hex})
			}
			cs[k].lo += t.Count
		}
	}
	for k := range cs {
		cs[k].hi = cs[k].lo
	}
	for _, p := range ps {
		if p.Tokens.Tail.MaxCount == 0 {
			continue
		}
		in := make(map[string]bool, len(p.Tokens.Top))
		for _, t := range p.Tokens.Top {
			in[t.Token] = true
		}
		for k := range cs {
			if !in[cs[k].tok] {
				cs[k].hi += p.Tokens.Tail.MaxCount
			}
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.lo != b.lo {
			return cmp.Compare(b.lo, a.lo)
		}
		return order(a.tok, b.tok)
	})
	// suffixHi[i] is the largest upper bound among cs[i:]: a token not yet
	// listed that could rank above cs[i] must have hi >= cs[i].lo.
	suffixHi := make([]uint64, len(cs)+1)
	suffixTok := make([]string, len(cs)+1) // the smallest token with that bound
	for i := len(cs) - 1; i >= 0; i-- {
		suffixHi[i], suffixTok[i] = suffixHi[i+1], suffixTok[i+1]
		if cs[i].hi > suffixHi[i] || cs[i].hi == suffixHi[i] && (suffixTok[i] == "" || order(cs[i].tok, suffixTok[i]) < 0) {
			suffixHi[i], suffixTok[i] = cs[i].hi, cs[i].tok
		}
	}
	limit := len(cs)
	if topN > 0 {
		limit = min(limit, topN)
	}
	n := 0
	for n < limit {
		c := cs[n]
		if c.lo != c.hi {
			break // its count is not known exactly
		}
		// No later candidate may outrank it: a higher bound, or an equal
		// one with a smaller token.
		if h, t := suffixHi[n+1], suffixTok[n+1]; h > c.lo || h == c.lo && t != "" && order(t, c.tok) < 0 {
			break
		}
		// Nor a token listed nowhere (its bytes are unknown, so an equal
		// bound is a possible tie that could go either way).
		if unseen > 0 && unseen >= c.lo {
			break
		}
		n++
	}
	out.Tokens.Top = make([]Token, n)
	var listed uint64
	for i, c := range cs[:n] {
		out.Tokens.Top[i] = Token{Token: c.tok, Text: c.text, Hex: c.hex, Count: c.lo}
		listed += c.lo
	}
	out.Tokens.Tail.Count = out.Tokens.Total - listed
	out.Tokens.Complete = complete && n == len(cs)
	// The bound on an unlisted token: the best remaining candidate's upper
	// bound, or a token listed nowhere.
	out.Tokens.Tail.MaxCount = max(suffixHi[n], unseen)
	if complete {
		// Every count is exact: the next token's count is the bound, and
		// the tail's size is known.
		out.Tokens.Tail.MaxCount = 0
		if n < len(cs) {
			out.Tokens.Tail.MaxCount = cs[n].lo
		}
		d := int64(len(cs) - n)
		out.Tokens.Tail.Distinct = &d
		exact := int64(len(cs))
		out.Tokens.Distinct.Exact = &exact
	}
}

func addCounts(a, b *stats.Counts) {
	a.RecordsRead += b.RecordsRead
	a.Rows += b.Rows
	a.BadRecords += b.BadRecords
	for k, n := range b.BadByKind {
		a.BadByKind[k] += n
	}
	a.UnreadableInputs += b.UnreadableInputs
	a.BlankLines += b.BlankLines
	a.EmptyTexts += b.EmptyTexts
	a.WhitespaceOnlyTexts += b.WhitespaceOnlyTexts
	a.NoTokenTexts += b.NoTokenTexts
	a.InvalidUTF8Texts += b.InvalidUTF8Texts
	a.TextBytes += b.TextBytes
	a.InputBytes += b.InputBytes
}

func mergeHist(a, b *stats.LengthHist) {
	if b.Count == 0 {
		if a.Buckets == nil {
			a.Buckets = [][2]uint64{}
		}
		return
	}
	if a.Count == 0 {
		a.Min, a.Max = b.Min, b.Max
	} else {
		a.Min, a.Max = min(a.Min, b.Min), max(a.Max, b.Max)
	}
	a.Count += b.Count
	a.Sum += b.Sum
	out := make([][2]uint64, 0, len(a.Buckets)+len(b.Buckets))
	i, j := 0, 0
	for i < len(a.Buckets) || j < len(b.Buckets) {
		switch {
		case j == len(b.Buckets) || i < len(a.Buckets) && a.Buckets[i][0] < b.Buckets[j][0]:
			out = append(out, a.Buckets[i])
			i++
		case i == len(a.Buckets) || b.Buckets[j][0] < a.Buckets[i][0]:
			out = append(out, b.Buckets[j])
			j++
		default:
			out = append(out, [2]uint64{a.Buckets[i][0], a.Buckets[i][1] + b.Buckets[j][1]})
			i++
			j++
		}
	}
	a.Buckets = out
}

func mergeLabels(a, b *Labels) {
	a.NullRows += b.NullRows
	if b.TooMany || a.TooMany {
		a.TooMany, a.Classes = true, []stats.LabelCount{}
		return
	}
	idx := map[string]int{}
	for i, c := range a.Classes {
		idx[c.Label] = i
	}
	for _, c := range b.Classes {
		if i, ok := idx[c.Label]; ok {
			a.Classes[i].Rows += c.Rows
			a.Classes[i].Tokens += c.Tokens
		} else {
			idx[c.Label] = len(a.Classes)
			a.Classes = append(a.Classes, c)
		}
	}
	if len(a.Classes) > stats.MaxLabels {
		a.TooMany, a.Classes = true, []stats.LabelCount{}
		return
	}
	slices.SortFunc(a.Classes, func(x, y stats.LabelCount) int { return cmp.Compare(x.Label, y.Label) })
}
