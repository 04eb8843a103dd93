package poison

import (
	"slices"

	"github.com/zeebo/xxh3"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Sizes of the first pass' sketches (log2 of their 64-byte blocks: 8, 16
// and 4 MiB). The bigram sketch is the largest: it is what tells word
// salad from text.
const (
	uniLogB = 17 // uint32
	biLogB  = 18 // uint16
	dfLogB  = 16 // uint16: a document frequency above 65535 is far above any candidate's
	// sampleDocs documents (those of least hash) are kept to calibrate the
	// second pass; sampleBytes of each.
	sampleDocs, sampleBytes = 512, 8 << 10
)

// Counts is the first pass: the corpus' own statistics. Its memory is
// fixed (StateBytes: 28 MiB of sketches and at most 4 MiB of sample)
// whatever the corpus.
type Counts struct {
	uni    sketch[uint32] // tokens' counts, by statistics form
	bi     sketch[uint16] // adjacent pairs' counts
	df     sketch[uint16] // documents carrying each surface
	tokens int64
	docs   int64
	sample []sampleDoc // sorted by (hash, text), at most sampleDocs

	scratch []tok
	seen    seen
	m       *model
}

type sampleDoc struct {
	hash uint64
	text string
}

// NewCounts returns an empty first pass.
func NewCounts() *Counts {
	return &Counts{
		uni: newSketch[uint32](uniLogB),
		bi:  newSketch[uint16](biLogB),
		df:  newSketch[uint16](dfLogB),
	}
}

// StateBytes is the memory of a first pass' state (each worker keeps one).
func (c *Counts) StateBytes() int64 {
	return c.uni.bytes() + c.bi.bytes() + c.df.bytes() + sampleDocs*sampleBytes
}

// Add counts a batch's texts.
func (c *Counts) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	return ingest.ForEachText(text, func(_ int, t []byte, valid bool) {
		if !valid || len(t) == 0 {
			return
		}
		c.addText(t)
	})
}

func (c *Counts) addText(t []byte) {
	ts := tokenize(t, c.scratch[:0])
	c.scratch = ts
	if len(ts) == 0 {
		return
	}
	c.docs++
	c.tokens += int64(len(ts))
	// One sketch a loop: each loop's updates miss the cache
	// independently of one another, and overlap.
	for _, k := range ts {
		c.uni.add(k.stat)
	}
	for i := 1; i < len(ts); i++ {
		c.bi.add(pair(ts[i-1].stat, ts[i].stat))
	}
	c.seen.reset(len(ts))
	for _, k := range ts {
		if c.seen.add(k.cand) {
			c.df.add(k.cand)
		}
	}
	h := xxh3.Hash(t)
	if len(c.sample) < sampleDocs || h <= c.sample[len(c.sample)-1].hash {
		s := t[:min(len(t), sampleBytes)]
		d := sampleDoc{h, string(s)}
		// Insert in order: sorting the sample at each insertion was 6% of
		// the first pass.
		at, _ := slices.BinarySearchFunc(c.sample, d, compareSample)
		c.sample = slices.Insert(c.sample, at, d)
		if len(c.sample) > sampleDocs {
			c.sample = c.sample[:sampleDocs]
		}
	}
}

// pruneSample keeps the sampleDocs least documents: the least of a union
// are the least of the least of its parts, so the sample does not depend
// on the split.
func (c *Counts) pruneSample() {
	slices.SortFunc(c.sample, compareSample)
	if len(c.sample) > sampleDocs {
		c.sample = c.sample[:sampleDocs]
	}
}

// Merge adds o's counts to c's.
func (c *Counts) Merge(other analysis.Analyser) error {
	o, ok := other.(*Counts)
	if !ok {
		return analysis.Mismatch(c, other)
	}
	c.uni.merge(&o.uni)
	c.bi.merge(&o.bi)
	c.df.merge(&o.df)
	c.tokens += o.tokens
	c.docs += o.docs
	c.sample = append(c.sample, o.sample...)
	c.pruneSample()
	return nil
}
