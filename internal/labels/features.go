package labels

import (
	"github.com/dataaudit/dataaudit/internal/stats"
)

// BucketBits is the log2 of the number of hash buckets features fall in.
const BucketBits = 19

// NumBuckets is the number of hash buckets.
const NumBuckets = 1 << BucketBits

// featurizer turns a text into its distinct feature buckets. It keeps
// scratch buffers, so it allocates nothing once warm; one per worker.
type featurizer struct {
	tz    stats.Tokenizer
	feats []uint32
	// set holds the row's buckets met so far (open addressing, an entry is
	// stamp<<32 | bucket): cheaper than sorting the row's features to drop
	// repeats, and small enough to stay in cache.
	set   []uint64
	mask  uint32
	stamp uint64
	// With cand set, features also records the words and pairs that fall
	// in candidate buckets (cand[b] >= 0): their bytes in hitBuf, their
	// ends in hits.
	cand   []int8
	hitBuf []byte
	hits   []int
	prev   []byte // the previous token, for word pairs with their text
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

// features returns the distinct buckets of text's words and word pairs, in
// the order they first occur. The slice is the featurizer's scratch: valid
// until the next call.
func (f *featurizer) features(text []byte) []uint32 {
	// A row has at most len(text)/2+1 words, so at most len(text)+2
	// features: a table of twice that is at most half full. No row has
	// more than NumBuckets distinct features, so the table never needs
	// more than maxSet entries, however long the row.
	need := min(2*(len(text)+2), maxSet)
	if len(f.set) < need {
		n := 64
		for n < need {
			n *= 2
		}
		f.set = make([]uint64, n)
		f.stamp = 0
	}
	// Use the smallest power of two that fits this row, so short rows
	// touch little memory.
	n := 64
	for n < need {
		n *= 2
	}
	f.mask = uint32(n - 1)
	f.stamp++
	if f.stamp == 1<<32 { // wrapped: forget every entry
		clear(f.set)
		f.stamp = 1
	}
	f.feats = f.feats[:0]
	f.hitBuf, f.hits = f.hitBuf[:0], f.hits[:0]
	var prev uint64
	has := false
	for tok, p := f.tz.Next(text, 0); tok != nil; tok, p = f.tz.Next(text, p) {
		h := hashToken(tok)
		u := unigram(h)
		f.add(u)
		if f.cand != nil && f.cand[u] >= 0 {
			f.hitBuf = append(f.hitBuf, tok...)
			f.hits = append(f.hits, len(f.hitBuf))
		}
		if has {
			b := bigram(prev, h)
			f.add(b)
			if f.cand != nil && f.cand[b] >= 0 {
				f.hitBuf = append(append(append(f.hitBuf, f.prev...), ' '), tok...)
				f.hits = append(f.hits, len(f.hitBuf))
			}
		}
		if f.cand != nil {
			f.prev = append(f.prev[:0], tok...)
		}
		prev, has = h, true
	}
	return f.feats
}

// maxSet bounds the per-row feature set: 8 MiB a worker at most.
const maxSet = 2 * NumBuckets

func (f *featurizer) add(b uint32) {
	e := f.stamp<<32 | uint64(b)
	for i := (b * 0x9E3779B1) & f.mask; ; i = (i + 1) & f.mask {
		switch v := f.set[i]; {
		case v == e:
			return
		case v>>32 != f.stamp: // empty in this row
			f.set[i] = e
			f.feats = append(f.feats, b)
			return
		}
	}
}
