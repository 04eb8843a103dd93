package labels

import (
	"slices"

	"github.com/dataaudit/dataaudit/internal/stats"
)

// BucketBits is the log2 of the number of hash buckets features fall in.
const BucketBits = 19

// NumBuckets is the number of hash buckets.
const NumBuckets = 1 << BucketBits

// featurizer turns a text into its sorted, distinct feature buckets. It keeps
// scratch buffers, so it allocates nothing once warm; one per worker.
type featurizer struct {
	tz    stats.Tokenizer
	feats []uint32
	prev  []byte // the previous token, for word pairs with their text
	gram  []byte
}

// hashToken is FNV-1a, 64 bits: fixed, so features are the same in every
// process (never a process-random seed).
func hashToken(tok []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range tok {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// mix is the splitmix64 finalizer.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

func unigram(h uint64) uint32 { return uint32(mix(h) >> (64 - BucketBits)) }

func bigram(prev, h uint64) uint32 {
	return uint32(mix(prev*0x9E3779B97F4A7C15+h+0x632BE59BD9B4E019) >> (64 - BucketBits))
}

// features returns the distinct buckets of text's words and word pairs,
// sorted. The slice is the featurizer's scratch: valid until the next call.
func (f *featurizer) features(text []byte) []uint32 {
	f.feats = f.feats[:0]
	var prev uint64
	has := false
	for tok, p := f.tz.Next(text, 0); tok != nil; tok, p = f.tz.Next(text, p) {
		h := hashToken(tok)
		f.feats = append(f.feats, unigram(h))
		if has {
			f.feats = append(f.feats, bigram(prev, h))
		}
		prev, has = h, true
	}
	slices.Sort(f.feats)
	f.feats = slices.Compact(f.feats)
	return f.feats
}

// grams calls fn with every word and word pair of text (a pair as "w1 w2")
// and its bucket. The bytes are scratch, valid during the call.
func (f *featurizer) grams(text []byte, fn func(bucket uint32, gram []byte)) {
	var prev uint64
	has := false
	for tok, p := f.tz.Next(text, 0); tok != nil; tok, p = f.tz.Next(text, p) {
		h := hashToken(tok)
		fn(unigram(h), tok)
		if has {
			f.gram = append(append(append(f.gram[:0], f.prev...), ' '), tok...)
			fn(bigram(prev, h), f.gram)
		}
		f.prev = append(f.prev[:0], tok...)
		prev, has = h, true
	}
}
