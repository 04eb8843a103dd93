// Package contam finds benchmark contamination: eval items (GSM8K, MMLU,
// a team's own test sets) whose text appears, whole or in part, inside
// training rows.
//
// # Method
//
// Texts are tokenized by package spans (case, accents, punctuation, white
// space and line wrapping, number separators normalised). Every eval item
// gives one or two segments: the item (all its --eval-text fields), and,
// when it has several fields, its first field alone (the question without
// its choices or answer, a common way items leak). Each segment is indexed
// by every one of its k-grams, k = min(K, tokens): an item shorter than K
// (13, as GPT-3 and lm-evaluation-harness) is matched whole rather than
// never, down to MinTokens.
//
// A training row is read once: each of its k-grams, for each k in use,
// is looked up in the index (a bitmap screens most look-ups). A hit
// covers k tokens of a segment. Two cuts make templates and boilerplate
// harmless: a k-gram in more than MaxEvalDF eval items ("which of the
// following statements is true") is left out of the index, and a k-gram
// found in more than MaxTrainDF training rows (a licence, a famous
// quotation) is ignored when the pairs are judged, as NeMo Curator does.
// A (training row, eval item) pair is contaminated when the hits left
// cover at least MinCoverage of one of the item's segments, and as large a
// share of the segment's numbers (tokens with a digit): the same problem
// with other numbers (GSM8K's near misses) shares its wording, not its
// numbers.
//
// # Memory
//
// The index keeps about 40 bytes per eval token and the item texts.
// A worker keeps 24 bytes per token of its longest row (package spans) and
// 8 bytes per index entry (training counts); a training row with at least
// one hit keeps about 48 bytes plus 8 bytes per hit. Rows without a hit
// keep nothing. The result does not depend on the number of workers: hits
// are judged after the merge, on rows sorted by position.
package contam

import (
	"fmt"
	"slices"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/spans"
)

// Defaults of Settings.
const (
	DefaultK           = 13
	DefaultMinTokens   = 5
	DefaultMinCoverage = 0.5
	DefaultMaxTrainDF  = 10
	DefaultMaxEvalDF   = 10
)

// Settings are the thresholds of a contamination check; the report
// prints them.
type Settings struct {
	// K is the longest match unit in tokens; segments shorter than K are
	// matched whole.
	K int `json:"k"`
	// MinTokens is the shortest segment matched; shorter ones are counted
	// as too short.
	MinTokens int `json:"min_tokens"`
	// MinCoverage is the least share of a segment's tokens that a pair's
	// hits must cover.
	MinCoverage float64 `json:"min_coverage"`
	// MaxTrainDF: a k-gram in more training rows is ignored.
	MaxTrainDF int `json:"max_train_rows"`
	// MaxEvalDF: a k-gram in more eval items is not indexed.
	MaxEvalDF int `json:"max_eval_items"`
}

// DefaultSettings returns the default thresholds.
func DefaultSettings() Settings {
	return Settings{K: DefaultK, MinTokens: DefaultMinTokens, MinCoverage: DefaultMinCoverage, MaxTrainDF: DefaultMaxTrainDF, MaxEvalDF: DefaultMaxEvalDF}
}

// Check returns an error naming the first setting out of range, by the
// flag of dataaudit contamination that sets it.
func (s Settings) Check() error {
	switch {
	case s.K < 1:
		return fmt.Errorf("--match-tokens %d: want at least 1", s.K)
	case s.MinTokens < 1 || s.MinTokens > s.K:
		return fmt.Errorf("--min-tokens %d: want 1 to --match-tokens (%d)", s.MinTokens, s.K)
	case !(s.MinCoverage > 0 && s.MinCoverage <= 1):
		return fmt.Errorf("--min-coverage %v: want more than 0, at most 1", s.MinCoverage)
	case s.MaxTrainDF < 1 || s.MaxEvalDF < 1:
		return fmt.Errorf("--max-train-rows %d and --max-eval-items %d: want at least 1", s.MaxTrainDF, s.MaxEvalDF)
	}
	return nil
}

// item is one eval item.
type item struct {
	set    int32 // index in Index.sets
	pos    ingest.Pos
	id     string
	text   string  // the whole item, for quotes
	starts []int32 // token byte ranges in text
	ends   []int32
	// numeric marks the tokens with a digit: a pair must cover as large a
	// share of them as of all tokens, so that the same problem with other
	// numbers is not taken for a copy.
	numeric []bool
	tokens  int32
	segs    [2]int32 // segment indexes: whole, first field (-1: none)
}

// segment is an item, or its first field, as matched.
type segment struct {
	item   int32
	k      int32
	tokens int32
	first  bool // the first field alone
}

// posting is one occurrence of an indexed k-gram in a segment.
type posting struct {
	seg int32
	pos int32 // first token in the segment
}

// Index holds the eval items' k-grams. Build it with NewIndex, Add and
// Build; after Build it is read-only and shared by all workers.
type Index struct {
	Settings
	sets  []string
	items []item
	segs  []segment
	// entries: hash -> entry; postings of entry e are posts[start[e]:start[e+1]]
	entry map[uint64]int32
	start []int32
	posts []posting
	ks    []int // the k in use, increasing
	pows  []uint64
	bloom []uint64 // bit (h >> 40) & mask set for every indexed hash
	// evalCommon counts k-grams left out for being in too many items.
	evalCommon int
	tooShort   []int // per set: items with no segment long enough
	perSet     []int // items per set

	raw []rawGram // before Build
	tz  spans.Tokenizer
}

type rawGram struct {
	h uint64
	posting
}

const bloomBits = 1 << 24

// NewIndex returns an empty index with the settings s (checked).
func NewIndex(s Settings) (*Index, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	return &Index{Settings: s}, nil
}

// Add adds an eval item of the set named set: its whole text and its
// first field alone (nil or equal to whole when it has one field).
func (ix *Index) Add(set string, pos ingest.Pos, id string, whole, first []byte) {
	si := slices.Index(ix.sets, set)
	if si < 0 {
		si = len(ix.sets)
		ix.sets = append(ix.sets, set)
		ix.tooShort = append(ix.tooShort, 0)
		ix.perSet = append(ix.perSet, 0)
	}
	ix.perSet[si]++
	it := item{set: int32(si), pos: pos, id: id, text: string(whole), segs: [2]int32{-1, -1}}
	n := ix.tz.Tokens(whole)
	it.tokens = int32(n)
	it.starts, it.ends = slices.Clone(ix.tz.Starts), slices.Clone(ix.tz.Ends)
	it.numeric = make([]bool, n)
	for i := range n {
		for _, c := range whole[it.starts[i]:it.ends[i]] {
			if c >= '0' && c <= '9' {
				it.numeric[i] = true
				break
			}
		}
	}
	ii := int32(len(ix.items))
	it.segs[0] = ix.addSegment(ii, false)
	if first != nil && len(first) < len(whole) {
		if m := ix.tz.Tokens(first); m < n {
			it.segs[1] = ix.addSegment(ii, true)
		}
	}
	if it.segs[0] < 0 && it.segs[1] < 0 {
		ix.tooShort[si]++
	}
	ix.items = append(ix.items, it)
}

// addSegment indexes the tokens in ix.tz as a segment of item ii, and
// returns its index (-1: too short).
func (ix *Index) addSegment(ii int32, first bool) int32 {
	n := len(ix.tz.Hashes)
	if n < ix.MinTokens {
		return -1
	}
	k := min(ix.K, n)
	s := int32(len(ix.segs))
	ix.segs = append(ix.segs, segment{item: ii, k: int32(k), tokens: int32(n), first: first})
	for p, h := range spans.HashGrams(nil, ix.tz.Hashes, k) {
		ix.raw = append(ix.raw, rawGram{h, posting{s, int32(p)}})
	}
	if !slices.Contains(ix.ks, k) {
		ix.ks = append(ix.ks, k)
		slices.Sort(ix.ks)
	}
	return s
}

// Build makes the index searchable, leaving out the k-grams of more than
// MaxEvalDF items.
func (ix *Index) Build() {
	raw := ix.raw
	ix.raw = nil
	slices.SortFunc(raw, func(a, b rawGram) int {
		switch {
		case a.h != b.h:
			if a.h < b.h {
				return -1
			}
			return 1
		case a.seg != b.seg:
			return int(a.seg - b.seg)
		}
		return int(a.pos - b.pos)
	})
	short := ix.shortDF(raw)
	ix.entry = make(map[uint64]int32)
	ix.bloom = make([]uint64, bloomBits/64)
	var items []int32
	for i := 0; i < len(raw); {
		j := i
		items = items[:0]
		for j < len(raw) && raw[j].h == raw[i].h {
			if it := ix.segs[raw[j].seg].item; !slices.Contains(items, it) {
				items = append(items, it)
			}
			j++
		}
		df := len(items)
		if c, ok := short[raw[i].h]; ok {
			df = int(c.n)
		}
		if df > ix.MaxEvalDF {
			ix.evalCommon++
			i = j
			continue
		}
		ix.entry[raw[i].h] = int32(len(ix.start))
		ix.start = append(ix.start, int32(len(ix.posts)))
		for _, r := range raw[i:j] {
			ix.posts = append(ix.posts, r.posting)
		}
		b := (raw[i].h >> 40) & (bloomBits - 1)
		ix.bloom[b/64] |= 1 << (b % 64)
		i = j
	}
	ix.start = append(ix.start, int32(len(ix.posts)))
	ix.pows = make([]uint64, len(ix.ks))
	for i, k := range ix.ks {
		ix.pows[i] = spans.Pow(k)
	}
}

// itemCount counts the items holding a k-gram.
type itemCount struct {
	last, n int32
}

// shortDF counts, for every k-gram of a short segment (k < K), the items
// holding it anywhere: "which of the following is true" is a whole short
// question, and a template inside hundreds of longer items.
func (ix *Index) shortDF(raw []rawGram) map[uint64]*itemCount {
	short := map[uint64]*itemCount{}
	var ks []int
	for _, r := range raw {
		if k := int(ix.segs[r.seg].k); k < ix.K {
			if _, ok := short[r.h]; !ok {
				short[r.h] = &itemCount{last: -1}
			}
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
	}
	var grams []uint64
	for ii := range ix.items {
		ix.tz.Tokens([]byte(ix.items[ii].text))
		for _, k := range ks {
			grams = spans.HashGrams(grams, ix.tz.Hashes, k)
			for _, h := range grams {
				if c, ok := short[h]; ok && c.last != int32(ii) {
					c.last = int32(ii)
					c.n++
				}
			}
		}
	}
	return short
}

// Entries is the number of distinct k-grams indexed.
func (ix *Index) Entries() int { return len(ix.start) - 1 }

// Items is the number of eval items.
func (ix *Index) Items() int { return len(ix.items) }

// lookup returns the entry of hash h, or -1.
func (ix *Index) lookup(h uint64) int32 {
	b := (h >> 40) & (bloomBits - 1)
	if ix.bloom[b/64]&(1<<(b%64)) == 0 {
		return -1
	}
	if e, ok := ix.entry[h]; ok {
		return e
	}
	return -1
}
