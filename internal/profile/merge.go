package profile

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/datasketches-go/hll"

	"github.com/dataaudit/dataaudit/internal/stats"
)

// Merge returns the profile of the union of the shards the profiles
// describe. Shards must not share files (their manifests must not name the
// same path), and the profiles must have the same settings.
//
// A profile is the token summary's state, cut to its top tokens, plus the
// manifest: each profile decodes into a stats.Summary (Summary, by
// stats.FromListed), the summaries merge with stats.Summary.Merge in
// profile order, as the states of workers and shards do, and the merged
// one is rendered as a profile (see mergedTokens), with the manifests
// joined.
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
	out = &Profile{Schema: Schema, SchemaVersion: SchemaVersion, Tool: first.Tool, Settings: first.Settings, Manifest: []File{}}
	topN := first.Settings.TopN
	seen := map[string]bool{}
	names := map[string]Token{} // an id token's text, from the first profile that lists it
	var sks []hll.HllSketch
	var sum *stats.Summary
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
		out.Shards += max(p.Shards, 1)
		for _, f := range p.Manifest {
			if seen[f.Path] {
				return nil, fmt.Errorf("profile %d: %s is also in an earlier profile: shards must not share files", i+1, f.Path)
			}
			for _, g := range out.Manifest {
				if sameFile(f, g) {
					return nil, fmt.Errorf("profile %d: %s is %s of an earlier profile under another spelling (the same name, size and SHA-256): shards must not share files", i+1, f.Path, g.Path)
				}
			}
			seen[f.Path] = true
			out.Manifest = append(out.Manifest, f)
		}
		sk, err := hll.NewHllSketchFromSlice(p.Tokens.Distinct.Sketch, true)
		if err != nil {
			return nil, fmt.Errorf("profile %d: distinct-token sketch: %w", i+1, err)
		}
		sks = append(sks, sk)
		s, err := Summary(p)
		if err != nil {
			return nil, fmt.Errorf("profile %d: %w", i+1, err)
		}
		if sum == nil {
			sum = s
		} else if err := sum.Merge(s); err != nil {
			return nil, fmt.Errorf("profile %d: %w", i+1, err)
		}
		for _, t := range p.Tokens.Top {
			if _, ok := names[t.Token]; !ok {
				names[t.Token] = Token{Text: t.Text, Hex: t.Hex}
			}
		}
	}
	out.Settings.TopN = topN
	slices.SortFunc(out.Manifest, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	fill(out, sum, sum.Counts())
	d, err := distinctFrom(sks)
	if err != nil {
		return nil, err
	}
	out.Tokens.Distinct = d
	mergedTokens(out, sum, topN, names)
	return out, nil
}

// sameFile reports whether two manifest entries are clearly one file
// spelled two ways: the same content (SHA-256 and size) under paths of
// which one, cleaned, ends with the other (in.jsonl and /data/in.jsonl,
// ./a/in.jsonl and a/in.jsonl). A profile records paths as they were
// given, not the directory they were relative to, so that is as far as
// a merge can tell; the same content under other names may be two copies
// a corpus really holds, and is left to SameContent's warning.
func sameFile(a, b File) bool {
	if a.SHA256 == "" || a.SHA256 != b.SHA256 || a.Bytes != b.Bytes {
		return false
	}
	pa, pb := filepath.ToSlash(filepath.Clean(a.Path)), filepath.ToSlash(filepath.Clean(b.Path))
	return pa == pb || strings.HasSuffix(pa, "/"+pb) || strings.HasSuffix(pb, "/"+pa)
}

// SameContent lists the files of a manifest that have the same content
// (SHA-256 and size) as an earlier one, as "b has the content of a":
// rows that a merge counted twice unless the corpus holds both copies.
func SameContent(m []File) []string {
	first := map[[2]string]string{}
	var out []string
	for _, f := range m {
		if f.SHA256 == "" || f.Unreadable {
			continue
		}
		k := [2]string{f.SHA256, strconv.FormatInt(f.Bytes, 10)}
		if a, ok := first[k]; ok {
			out = append(out, fmt.Sprintf("%s has the content of %s", f.Path, a))
			continue
		}
		first[k] = f.Path
	}
	return out
}

// Summary returns the token summary whose state p publishes (see
// stats.FromListed): the counts, the listed tokens with the bound on the
// others, the length histograms and the labels. Its tokens are p's token
// strings (ids in decimal for a model tokenizer).
func Summary(p *Profile) (*stats.Summary, error) {
	t := &p.Tokens
	l := &stats.Listed{
		Counts: p.Counts, Total: t.Total, Complete: t.Complete, TailMax: t.Tail.MaxCount,
		Top:   make([]stats.TokenCount, len(t.Top)),
		Bytes: p.Lengths.Bytes, Chars: p.Lengths.Chars, Tokens: p.Lengths.Tokens,
	}
	for i, tc := range t.Top {
		l.Top[i] = stats.TokenCount{Token: tc.Token, Count: tc.Count}
	}
	if p.Labels != nil {
		l.HasLabel, l.Labels, l.NullLabels, l.TooManyLabels = true, p.Labels.Classes, p.Labels.NullRows, p.Labels.TooMany
	}
	return stats.FromListed(l)
}

// mergedTokens renders the tokens of s, a Summary merged from profiles'
// (Merge), into out: see Merge for what it guarantees. names holds the
// text of id tokens.
func mergedTokens(out *Profile, s *stats.Summary, topN int, names map[string]Token) {
	type cand struct {
		tok    string
		lo, hi uint64
	}
	order := out.Settings.Tokenizer.CompareTokens
	total, unseen, complete := s.TokenBounds() // unseen: the bound on a token listed nowhere
	out.Tokens.Total = total
	var cs []cand
	s.EachTokenBound(func(tok []byte, lo, hi uint64) { cs = append(cs, cand{tok: string(tok), lo: lo, hi: hi}) })
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
		nm := names[c.tok]
		out.Tokens.Top[i] = Token{Token: c.tok, Text: nm.Text, Hex: nm.Hex, Count: c.lo}
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
