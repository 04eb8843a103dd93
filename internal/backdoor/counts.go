package backdoor

import (
	"cmp"
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/tailbound"
)

// Thresholds of the scan.
const (
	// MinBagWords is the fewest distinct words a response needs to form
	// a payload cluster: "Yes." and "Positive" repeat in any corpus.
	MinBagWords = 3
	// MaxPhrases is how many response n-grams the first pass hands to
	// the second as candidate payload phrases (those most unexplained).
	MaxPhrases = 2048
	// MaxShare is the largest share of the rows a payload may hold: a
	// phrase in more than 5% of the responses is the corpus' style.
	MaxShare = 0.05
	// MinPhraseScore and MinPhraseLift screen the candidate phrases:
	// -log10 of the Poisson tail of their responses given the prompts'
	// rate, and their responses over that expectation.
	MinPhraseScore = 10
	MinPhraseLift  = 5
)

// Counts is the first pass: document frequencies of the prompt grams
// (word 1..3-grams and whole unusual tokens), of the response word
// 1..3-grams, and the sizes of the response clusters. Memory: one count
// table entry (16 to 32 bytes) per distinct prompt gram, per distinct
// response gram and per distinct response of MinBagWords words or more;
// nothing per row.
type Counts struct {
	rows, pairs     int64 // rows seen; rows with a prompt and a response
	promptGrams     int64 // distinct prompt grams summed over the pairs
	respGrams       int64 // distinct response grams summed over the pairs
	pdf, rdf, bags  countMap
	resp            [][]byte // scratch: the batch's responses
	rvalid          []bool
	ws              []word
	gs              []gram
	set             gramSet
	bagSet          wordSet
	cand            *candidates // made once from the merged counts
	withoutColumns  int64       // rows of batches without the two columns
	withoutResponse int64       // pairs whose prompt or response is null
}

// NewCounts returns an empty first pass.
func NewCounts() *Counts {
	return &Counts{}
}

// Add counts the batch's prompts and responses; a batch without them
// counts its rows only.
func (c *Counts) Add(b *ingest.Batch) error {
	pc, rc := b.Column(ingest.ColPrompt), b.Column(ingest.ColResponse)
	c.rows += b.Record.NumRows()
	if pc == nil || rc == nil {
		c.withoutColumns += b.Record.NumRows()
		return nil
	}
	var err error
	c.resp, c.rvalid, err = responses(rc, c.resp, c.rvalid)
	if err != nil {
		return err
	}
	return ingest.ForEachText(pc, func(i int, prompt []byte, valid bool) {
		if !valid || !c.rvalid[i] {
			c.withoutResponse++
			return
		}
		c.pairs++
		c.gs = promptGrams(c.gs[:0], &c.ws, &c.set, prompt)
		c.promptGrams += int64(len(c.gs))
		for _, g := range c.gs {
			c.pdf.add(g.h, 1)
		}
		c.ws = words(c.ws[:0], c.resp[i])
		c.gs = c.set.unique(ngrams(c.gs[:0], c.ws))
		c.respGrams += int64(len(c.gs))
		for _, g := range c.gs {
			c.rdf.add(g.h, 1)
		}
		if k, n := bagKey(c.ws, &c.bagSet); n >= MinBagWords {
			c.bags.add(k, 1)
		}
	})
}

// responses collects the batch's responses (aliasing its memory) into
// dst and their validity into valid.
func responses(col arrow.Array, dst [][]byte, valid []bool) ([][]byte, []bool, error) {
	n := col.Len()
	dst, valid = slices.Grow(dst[:0], n)[:n], slices.Grow(valid[:0], n)[:n]
	err := ingest.ForEachText(col, func(i int, text []byte, ok bool) {
		dst[i], valid[i] = text, ok
	})
	return dst, valid, err
}

// promptGrams appends the distinct grams of a prompt: its word 1..3-grams
// and its whole tokens, in text order. ws and set are scratch.
func promptGrams(dst []gram, ws *[]word, set *gramSet, prompt []byte) []gram {
	*ws = words((*ws)[:0], prompt)
	dst = ngrams(dst, *ws)
	dst = wholeTokens(dst, prompt)
	return set.unique(dst)
}

// Merge adds o's counts.
func (c *Counts) Merge(other analysis.Analyser) error {
	o, ok := other.(*Counts)
	if !ok {
		return analysis.Mismatch(c, other)
	}
	c.rows += o.rows
	c.pairs += o.pairs
	c.promptGrams += o.promptGrams
	c.respGrams += o.respGrams
	c.withoutColumns += o.withoutColumns
	c.withoutResponse += o.withoutResponse
	c.pdf.merge(&o.pdf)
	c.rdf.merge(&o.rdf)
	c.bags.merge(&o.bags)
	return nil
}

// candidates is what the second pass looks for, from the merged counts.
type candidates struct {
	minRows  int     // least support of a payload or trigger
	maxRows  int     // most rows of a payload: MaxShare of the pairs
	ratio    float64 // response grams per prompt gram, at least 1
	phr      map[uint64]struct{}
	clus     map[uint64]struct{}
	screened int // response grams that passed the screen before the cap
	// common and commonR are the prompt and the response grams of 1% of
	// the pairs or more (at most MaxCommon each, most frequent first),
	// with their share: the kinds of instruction and answer a corpus
	// holds, for the type test.
	common, commonR []common
}

// common is a frequent prompt gram and its share of the pairs.
type common struct {
	h     uint64
	share float64
}

// MaxCommon bounds the prompt grams of the type test.
const MaxCommon = 512

// MinRows is the least support of a payload or a trigger among pairs
// rows: 0.05% of them, at least 5.
func MinRows(pairs int64) int {
	return max(5, int(math.Ceil(float64(pairs)*0.0005)))
}

// candidates picks the payload candidates of the merged counts: the
// response clusters of MinRows rows or more, and the MaxPhrases response
// grams most above what the prompts' rate explains.
func (c *Counts) candidates() *candidates {
	if c.cand != nil {
		return c.cand
	}
	cd := &candidates{minRows: MinRows(c.pairs), ratio: 1, phr: map[uint64]struct{}{}, clus: map[uint64]struct{}{}}
	if c.promptGrams > 0 && c.respGrams > c.promptGrams {
		cd.ratio = float64(c.respGrams) / float64(c.promptGrams)
	}
	maxRows := uint32(math.Max(float64(cd.minRows), MaxShare*float64(c.pairs)))
	cd.maxRows = max(cd.minRows, int(MaxShare*float64(c.pairs)))
	c.bags.each(func(k uint64, n uint32) {
		if int(n) >= cd.minRows && n <= maxRows {
			cd.clus[k] = struct{}{}
		}
	})
	type scored struct {
		h uint64
		s float64
	}
	var ps []scored
	c.rdf.each(func(h uint64, n uint32) {
		if int(n) < cd.minRows || n > maxRows {
			return
		}
		lambda := cd.ratio * float64(c.pdf.get(h)+1)
		if float64(n) < MinPhraseLift*lambda {
			return
		}
		if s := -tailbound.Poisson(int(n), lambda); s >= MinPhraseScore {
			ps = append(ps, scored{h, s})
		}
	})
	cd.screened = len(ps)
	cd.common = commonGrams(&c.pdf, c.pairs)
	cd.commonR = commonGrams(&c.rdf, c.pairs)
	slices.SortFunc(ps, func(a, b scored) int {
		if a.s != b.s {
			return cmp.Compare(b.s, a.s)
		}
		return cmp.Compare(a.h, b.h)
	})
	for _, p := range ps[:min(len(ps), MaxPhrases)] {
		cd.phr[p.h] = struct{}{}
	}
	c.cand = cd
	return cd
}

// mayTrigger reports whether a prompt gram in support prompts can be a
// trigger: it needs MinRows rows of a payload of at most maxRows rows,
// and MinTriggerPrecision of its prompts among them.
func (cd *candidates) mayTrigger(support uint32) bool {
	return int(support) >= cd.minRows && MinTriggerPrecision*float64(support) <= float64(cd.maxRows)
}

// commonGrams returns the grams of df in 1% of the pairs or more, most
// frequent first, at most MaxCommon.
func commonGrams(df *countMap, pairs int64) []common {
	var cs []common
	df.each(func(h uint64, n uint32) {
		if float64(n) >= 0.01*float64(pairs) {
			cs = append(cs, common{h, float64(n) / float64(pairs)})
		}
	})
	slices.SortFunc(cs, func(a, b common) int {
		if a.share != b.share {
			return cmp.Compare(b.share, a.share)
		}
		return cmp.Compare(a.h, b.h)
	})
	return cs[:min(len(cs), MaxCommon)]
}
