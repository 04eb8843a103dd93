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
	// With cand set (pass 2), features also keeps what the trigger
	// counterfactual needs, so that a row carrying a candidate is not
	// tokenised again: per slot of set, how many of the row's words and
	// pairs fall in its bucket (cnt); per token, its word's bucket and
	// the bucket of the pair ending with it (toks); and each occurrence
	// of a word or pair in a candidate bucket (cand[b] >= 0), with its
	// text in gbuf (occ).
	cand     []int8
	candBits []uint64 // cand[b] >= 0, a bit a bucket: 64 KiB, cheaper to probe
	slow     []byte   // the last token next left to tz
	cnt      []uint32
	toks     []cfTok
	occ      []cfOcc
	gbuf     []byte
	prev     []byte // the previous token, for word pairs with their text
}

// cfTok is a token of the row: its word's bucket and the bucket of the
// pair ending with it (token 0: none).
type cfTok struct {
	uni, pair uint32
}

// cfOcc is one occurrence of a candidate gram: its text in gbuf, its
// tokens lo..hi (one word, or the two of a pair).
type cfOcc struct {
	key    uint64 // the text's first 8 bytes, big-endian, zero-padded
	h      uint64 // the gram's 64-bit hash (hashToken, pairHash)
	gs, ge int32
	lo, hi int32
}

// occKey returns a gram text's first 8 bytes as a big-endian number,
// zero-padded: grams hold no zero byte (a separator), so keys compare as
// the texts do wherever they differ.
func occKey(g []byte) uint64 {
	var k uint64
	for i := range 8 {
		k <<= 8
		if i < len(g) {
			k |= uint64(g[i])
		}
	}
	return k
}

func (o cfOcc) text(gbuf []byte) []byte { return gbuf[o.gs:o.ge] }

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

func bigram(prev, h uint64) uint32 { return uint32(pairHash(prev, h) >> (64 - BucketBits)) }

// pairHash is the 64-bit hash of a word pair whose words hash to prev, h.
func pairHash(prev, h uint64) uint64 { return mix(prev*0x9E3779B97F4A7C15 + h + 0x632BE59BD9B4E019) }

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
	if f.cand != nil && len(f.cnt) != len(f.set) {
		f.cnt = make([]uint32, len(f.set))
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
	if f.cand != nil {
		f.featuresCand(text)
		return f.feats
	}
	var prev uint64
	has := false
	for p := 0; ; {
		h, _, _, q, kind := f.next(text, p)
		if kind == tokNone {
			break
		}
		p = q
		f.add(unigram(h))
		if has {
			f.add(bigram(prev, h))
		}
		prev, has = h, true
	}
	return f.feats
}

// Kinds of token next returns.
const (
	tokNone  = iota // no token left
	tokLower        // text[start:end] is the token
	tokUpper        // text[start:end] lowercased (ASCII) is the token
	tokSlow         // the token is in f.slow (it has non-ASCII characters)
)

// tokByte classes bytes for next: 0 separates tokens, 1 is kept as is
// (a-z, 0-9), 2 is lowercased (A-Z), 3 is non-ASCII: the rest of the
// token is left to stats.Tokenizer.
var tokByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= 0x80:
			t[c] = 3
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			t[c] = 1
		case c >= 'A' && c <= 'Z':
			t[c] = 2
		}
	}
	return t
}()

// next finds the first token of text at or after byte p, as
// stats.Tokenizer.Next does, and returns its hashToken, where it is, the
// offset past it and its kind (tokNone: no token left). ASCII tokens are
// hashed as they are scanned, lowercased on the fly, without writing
// them anywhere; a token with a non-ASCII character is the tokenizer's
// (in f.slow, valid until the next call).
func (f *featurizer) next(text []byte, p int) (h uint64, start, end, q int, kind int) {
	n := len(text)
	for p < n && tokByte[text[p]] == 0 {
		p++
	}
	if p >= n {
		return 0, 0, n, n, tokNone
	}
	if tokByte[text[p]] == 3 {
		return f.slowNext(text, p)
	}
	start = p
	h = uint64(14695981039346656037)
	kind = tokLower
	for ; p < n; p++ {
		c := text[p]
		switch tokByte[c] {
		case 1:
		case 2:
			c += 'a' - 'A'
			kind = tokUpper
		case 0:
			return h, start, p, p, kind
		default:
			return f.slowNext(text, start)
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h, start, p, p, kind
}

func (f *featurizer) slowNext(text []byte, p int) (h uint64, start, end, q int, kind int) {
	tok, q := f.tz.Next(text, p)
	if tok == nil {
		return 0, 0, q, q, tokNone
	}
	f.slow = tok
	return hashToken(tok), q - len(tok), q, q, tokSlow
}

// appendToken appends the token next found, lowercased, to dst.
func (f *featurizer) appendToken(dst, text []byte, start, end, kind int) []byte {
	switch kind {
	case tokLower:
		return append(dst, text[start:end]...)
	case tokUpper:
		for _, c := range text[start:end] {
			if tokByte[c] == 2 {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		return dst
	}
	return append(dst, f.slow...)
}

// featuresCand is features' loop in pass 2: the same buckets, in the
// same order, and the row's tokens, bucket counts and candidate
// occurrences besides.
func (f *featurizer) featuresCand(text []byte) {
	f.toks, f.occ, f.gbuf = f.toks[:0], f.occ[:0], f.gbuf[:0]
	var prev uint64
	// The previous token, for the text of a candidate pair: where it is
	// in text, or its bytes in f.prev when it was a slow one.
	var ps, pe, pk int
	for p := 0; ; {
		h, s, e, q, kind := f.next(text, p)
		if kind == tokNone {
			break
		}
		p = q
		i := int32(len(f.toks))
		t := cfTok{uni: unigram(h)}
		f.addCount(t.uni)
		if f.isCand(t.uni) {
			gs := int32(len(f.gbuf))
			f.gbuf = f.appendToken(f.gbuf, text, s, e, kind)
			f.occ = append(f.occ, cfOcc{key: occKey(f.gbuf[gs:]), h: h, gs: gs, ge: int32(len(f.gbuf)), lo: i, hi: i})
		}
		if i > 0 {
			ph := pairHash(prev, h)
			t.pair = uint32(ph >> (64 - BucketBits))
			f.addCount(t.pair)
			if f.isCand(t.pair) {
				gs := int32(len(f.gbuf))
				if pk == tokSlow {
					f.gbuf = append(f.gbuf, f.prev...)
				} else {
					f.gbuf = f.appendToken(f.gbuf, text, ps, pe, pk)
				}
				f.gbuf = f.appendToken(append(f.gbuf, ' '), text, s, e, kind)
				f.occ = append(f.occ, cfOcc{key: occKey(f.gbuf[gs:]), h: ph, gs: gs, ge: int32(len(f.gbuf)), lo: i - 1, hi: i})
			}
		}
		f.toks = append(f.toks, t)
		if kind == tokSlow {
			f.prev = append(f.prev[:0], f.slow...)
		}
		ps, pe, pk = s, e, kind
		prev = h
	}
}

// isCand reports whether bucket b is a trigger candidate's.
func (f *featurizer) isCand(b uint32) bool { return f.candBits[b>>6]&(1<<(b&63)) != 0 }

// setCand makes the featurizer record the tokens and candidate
// occurrences of every row (pass 2): cand[b] >= 0 for a candidate bucket.
func (f *featurizer) setCand(cand []int8) {
	f.cand = cand
	f.candBits = make([]uint64, NumBuckets/64)
	for b, k := range cand {
		if k >= 0 {
			f.candBits[b>>6] |= 1 << (b & 63)
		}
	}
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

// addCount is add, counting the row's entries per bucket.
func (f *featurizer) addCount(b uint32) {
	e := f.stamp<<32 | uint64(b)
	for i := (b * 0x9E3779B1) & f.mask; ; i = (i + 1) & f.mask {
		switch v := f.set[i]; {
		case v == e:
			f.cnt[i]++
			return
		case v>>32 != f.stamp: // empty in this row
			f.set[i] = e
			f.cnt[i] = 1
			f.feats = append(f.feats, b)
			return
		}
	}
}

// count returns how many of the last row's words and pairs fall in
// bucket b (pass 2 only).
func (f *featurizer) count(b uint32) int {
	e := f.stamp<<32 | uint64(b)
	for i := (b * 0x9E3779B1) & f.mask; ; i = (i + 1) & f.mask {
		switch v := f.set[i]; {
		case v == e:
			return int(f.cnt[i])
		case v>>32 != f.stamp:
			return 0
		}
	}
}
