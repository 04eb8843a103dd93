package labels

import (
	"encoding/binary"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// DefaultFolds is the number of cross-validation folds.
const DefaultFolds = 5

// MaxClasses is the most classes the label checks handle: each class costs
// NumBuckets × 4 bytes (2 MiB) of counts per worker.
const MaxClasses = 32

// Options configures the label checks.
type Options struct {
	Folds int    // cross-validation folds (0: DefaultFolds)
	Seed  uint64 // chooses the folds
	// MinP is the least out-of-fold probability of the suggested label
	// for a label issue to be reported (0: DefaultMinP; 1e-9 or less:
	// every issue confident learning finds).
	MinP float64
	// Conflicts reports copies (rows whose normalised texts have the same
	// words, as folds group them) that carry different labels, as
	// label_conflict findings: set when no duplicate check runs, which
	// would report them itself (conflicts.go).
	Conflicts bool
}

// DefaultMinP is the default Options.MinP. Confident learning (prune by
// noise rate) finds as many issues in a class as its calibrated confident
// joint estimates, taken by margin; some of them the classifier itself
// gives even odds. Requiring the suggested label at 0.8 (the probabilities
// are temperature-calibrated) moved precision / recall on the three
// fault-injected corpora of benchmarks/README.md from 0.914/0.934,
// 0.869/0.956 and 0.940/0.932 to 0.954/0.912, 0.944/0.939 and
// 0.975/0.914; at 0.9 recall fell to 0.79-0.86.
const DefaultMinP = 0.8

func (o Options) minP() float64 {
	if o.MinP == 0 {
		return DefaultMinP
	}
	return o.MinP
}

func (o Options) folds() int {
	if o.Folds < 2 {
		return DefaultFolds
	}
	return o.Folds
}

// fold returns the fold of a row from fh, the hash of the word sequence
// of its text normalised as the exact-duplicate check normalises it
// (dups.Normalizer: NFKC, case folding, white space collapsed; foldStep
// over the words stats.Tokenizer finds in it), seeded: so exact copies of
// a row share its fold and no row is scored by a model trained on a copy
// of it. Texts that differ only in punctuation or white space share a
// fold too. The same in any process and for any number of workers. Folds
// are groups, not strata: a text repeated in a tenth of the corpus puts
// that tenth in one fold.
//
// An ASCII text has the words of its normalised text (normalising
// lowercases it and collapses white space, which the tokenizer does or
// ignores anyway), so fh comes from the row's features (featurizer.fh)
// and only a row with a byte of 0x80 or more is normalised, around those
// bytes (normWords).
func fold(seed, fh uint64, folds int) int {
	h := mix(seed*0x9E3779B97F4A7C15 ^ mix(fh))
	return int((h >> 32) * uint64(folds) >> 32)
}

// rowFold returns the fold of text, whose features f has just found
// (features or wordFeatures, with f.high set).
func rowFold(f *featurizer, z *dups.Normalizer, seed uint64, text []byte, folds int) int {
	return fold(seed, rowKey(f, z, text), folds)
}

// rowKey is the hash of text's normalised words that rowFold folds by.
func rowKey(f *featurizer, z *dups.Normalizer, text []byte) uint64 {
	if f.high {
		return f.normWords(z, text)
	}
	return f.fh
}

// normFold is the fold rowFold gives text, from the text alone: the
// definition rowFold takes a short cut to (TestFoldOfNormalisedWords).
func normFold(f *featurizer, z *dups.Normalizer, seed uint64, text []byte, folds int) int {
	return fold(seed, f.foldWords(z.Normalize(text)), folds)
}

// isASCII reports whether t has no byte of 0x80 or more.
func isASCII(t []byte) bool {
	i := 0
	for ; i+8 <= len(t); i += 8 {
		if binary.LittleEndian.Uint64(t[i:])&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(t); i++ {
		if t[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Counts is the first pass: per class and bucket, the number of rows of
// that class holding a feature in that bucket, and the training sample.
// Add, Merge in a fixed order, then Model.
type Counts struct {
	opts    Options
	folds   int
	m       *Model // the model of the merged counts, once made (model)
	names   []string
	idx     map[string]int32
	counts  [][]uint32 // per class: NumBuckets
	docs    []int64    // per class
	tooMany bool
	f       featurizer
	norm    dups.Normalizer
	tab     foldTable // each row's fold, for pass 2
	sample  sample
	keys    []conflictKey // with Options.Conflicts: each row's text key
}

// NewCounts returns an empty first-pass accumulator.
func NewCounts(o Options) *Counts {
	return &Counts{opts: o, folds: o.folds(), idx: map[string]int32{}}
}

// labelColumn returns the batch's label column, or nil.
func labelColumn(b *ingest.Batch) *array.String {
	if c := b.Column(ingest.ColLabel); c != nil {
		return c.(*array.String)
	}
	return nil
}

func idColumn(b *ingest.Batch) *array.String {
	if c := b.Column(ingest.ColID); c != nil {
		return c.(*array.String)
	}
	return nil
}

// blank reports whether s is empty or only ASCII white space: such labels
// are reported by the label overview and left out of the classifier.
func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\v', '\f':
		default:
			return false
		}
	}
	return true
}

// class returns the number of a label, adding it if new, or -1 when there
// are too many classes.
func (c *Counts) class(v string) int32 {
	if k, ok := c.idx[v]; ok {
		return k
	}
	if len(c.names) >= MaxClasses {
		c.tooMany = true
		return -1
	}
	k := int32(len(c.names))
	name := strings.Clone(v)
	c.idx[name] = k
	c.names = append(c.names, name)
	c.counts = append(c.counts, make([]uint32, NumBuckets))
	c.docs = append(c.docs, 0)
	return k
}

// ReadsWords marks Counts as a reader of the token summary's word hashes
// (analysis.WordReader), so that analysis.Workers asks the summary for
// them before each worker's first batch: asked only at the first Add
// (WordHashes.Want, below, kept for callers that do not go through
// Workers), the summary left none on that batch, and its texts were
// tokenised here a second time.
func (c *Counts) ReadsWords() {}

// Add counts the features of every labelled row of a batch.
func (c *Counts) Add(b *ingest.Batch) error {
	labels := labelColumn(b)
	text := b.Column(ingest.ColText)
	if labels == nil || text == nil {
		return nil
	}
	// The token summary's word hashes, when it left them on the batch:
	// asked for from the next batch on (the first ones are tokenised
	// here), the same features either way.
	words := b.Words
	if words != nil {
		words.Want = true
	}
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid || labels.IsNull(i) {
			return
		}
		v := labels.Value(i)
		if blank(v) {
			return
		}
		k := c.class(v)
		if k < 0 {
			return
		}
		pos := b.Pos(i)
		var fs []uint32
		if hs, ok := words.Row(i); ok {
			fs = c.f.wordFeatures(hs)
			c.f.high = !isASCII(t)
		} else {
			fs = c.f.features(t)
		}
		fh := rowKey(&c.f, &c.norm, t)
		fd := fold(c.opts.Seed, fh, c.folds)
		elem := b.Elem(i)
		if c.opts.Conflicts { // a JSON array's rows too: each has its own position, its element
			c.keys = append(c.keys, conflictKey{fh: fh, n: pos.N, file: int32(pos.File), class: k})
		}
		if c.folds < 255 && elem == 0 {
			c.tab.set(pos, fd)
		}
		c.sample.add(sampleHash(c.opts.Seed, pos, elem), fs, k, int32(fd))
		tab := c.counts[k]
		for _, f := range fs {
			tab[f]++
		}
		c.docs[k]++
	})
}

// sampleHash orders rows for the training sample: seeded, by position,
// and by element for the rows of a JSON array that share a line (elem > 0;
// 0 for every other row, whose hash it leaves as it was).
func sampleHash(seed uint64, pos ingest.Pos, elem int64) uint64 {
	h := mix(mix(seed^0x5851F42D4C957F2D) ^ uint64(pos.File)<<40 ^ uint64(pos.N))
	if elem != 0 {
		h = mix(h ^ uint64(elem))
	}
	return h
}

// Merge adds the counts of other, a *Counts, to c; other must not be
// used afterwards (the law of analysis.Analyser).
func (c *Counts) Merge(other analysis.Analyser) error {
	o, ok := other.(*Counts)
	if !ok {
		return analysis.Mismatch(c, other)
	}
	c.tooMany = c.tooMany || o.tooMany
	c.tab.merge(&o.tab)
	remap := make([]int32, len(o.names))
	for ok, name := range o.names {
		remap[ok] = c.class(name)
	}
	c.opts.Conflicts = c.opts.Conflicts || o.opts.Conflicts
	for _, key := range o.keys {
		if key.class = remap[key.class]; key.class >= 0 {
			c.keys = append(c.keys, key)
		}
	}
	o.keys = nil
	for _, r := range o.sample.rows {
		if k := remap[r.Label]; k >= 0 {
			c.sample.add(r.H, r.Feats, k, r.Fold)
		}
	}
	o.sample.rows = nil
	for ok := range o.names {
		k := remap[ok]
		if k < 0 {
			continue
		}
		dst, src := c.counts[k], o.counts[ok]
		for i, v := range src {
			dst[i] += v
		}
		c.docs[k] += o.docs[ok]
	}
	o.counts = nil
	return nil
}
