package labels

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/dataaudit/dataaudit/internal/dups"
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
	low      []byte   // the last upper-case ASCII token, lowercased
	fh       uint64   // the last row's word sequence hash (features)
	high     bool     // the last row has a byte of 0x80 or more (features)
	cnt      []uint32
	toks     []cfTok
	occ      []cfOcc
	gbuf     []byte
	// The row's words (tokenize), the text of those stats.Tokenizer
	// found, and the row's stats.WordBitmaps.
	words   []word
	slowBuf []byte
	bm      []uint64
	// normWords' scratch: the stretches it normalises, joined.
	stretch [][2]int
	nbuf    []byte
}

// cfTok is a token of the row: its word's bucket and the bucket of the
// pair ending with it (token 0: none).
type cfTok struct {
	uni, pair uint32
}

// cfOcc is one occurrence of a candidate gram: its text in gbuf, its
// tokens lo..hi (one word, or the two of a pair).
type cfOcc struct {
	h      uint64 // the gram's 64-bit hash (hashToken, pairHash)
	gs, ge int32
	lo, hi int32
}

func (o cfOcc) text(gbuf []byte) []byte { return gbuf[o.gs:o.ge] }

// hashToken is the hash of a word (a stats.Tokenizer token):
// stats.StableHash, fixed, so features are the same in every process
// (never a process-random seed), and the hash the token summary leaves on
// the batch (ingest.Batch.Words), so that pass 1 featurises a row from
// those without tokenising it again.
func hashToken(tok []byte) uint64 { return stats.StableHash(tok) }

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
// until the next call. Besides, f.fh is the hash of the row's word
// sequence (foldWords) and f.high says whether text has a byte of 0x80 or
// more (pass 1 folds such a row by its normalised text).
func (f *featurizer) features(text []byte) []uint32 {
	f.high = false
	f.tokenize(text)
	// At most 2·len(f.words) features: a table of twice that is at most
	// half full.
	f.reset(4*len(f.words) + 2)
	if f.cand != nil {
		f.featuresCand(text)
		return f.feats
	}
	var prev uint64
	fh := uint64(foldSeed)
	for i, w := range f.words {
		h := w.h
		fh = foldStep(fh, h)
		f.add(unigram(h))
		if i > 0 {
			f.add(bigram(prev, h))
		}
		prev = h
	}
	f.fh = fh
	return f.feats
}

// wordFeatures is features for a row whose word hashes are known (the
// token summary's, ingest.Batch.Words): the same buckets in the same
// order, and f.fh; f.high is not set (the caller checks the text).
func (f *featurizer) wordFeatures(hs []uint64) []uint32 {
	// At most 2·len(hs) features.
	f.reset(4*len(hs) + 2)
	var prev uint64
	fh := uint64(foldSeed)
	for i, h := range hs {
		fh = foldStep(fh, h)
		f.add(unigram(h))
		if i > 0 {
			f.add(bigram(prev, h))
		}
		prev = h
	}
	f.fh = fh
	return f.feats
}

// foldWords returns the hash of the word sequence of text (foldStep over
// its words' hashes), without featurising it: the fold's definition
// (normFold), the word sequence of the row's normalised text.
func (f *featurizer) foldWords(text []byte) uint64 { return f.foldFrom(foldSeed, text) }

// foldFrom continues a word sequence hash with the words of text.
func (f *featurizer) foldFrom(fh uint64, text []byte) uint64 {
	for p := 0; ; {
		h, _, _, q, kind := f.next(text, p)
		if kind == tokNone {
			return fh
		}
		p = q
		fh = foldStep(fh, h)
	}
}

// normWords is foldWords(z.Normalize(text)), normalising only the
// stretches of text around its bytes of 0x80 or more: each run of such
// bytes and ASCII letters and digits, with the ASCII byte before it. The
// rest is ASCII, whose words normalising does not change. A stretch
// starts and ends before an ASCII byte that is not a letter or digit:
// NFKC never composes an ASCII character with the one before it nor
// reorders across it, so the normalised text is the stretches' normalised
// texts one after the other (case folding and white space collapsing act
// on a character or on white space alone), and no word crosses such a
// byte (TestFoldOfNormalisedWords, FuzzNormWords). The stretches are
// normalised in one call, joined by NUL (which normalising keeps, and
// which they do not hold: a NUL before a run is left out, as no character
// composes with it), so a row costs what one call costs (the Normalizer
// allocates a little each call). Mail with a few accented words costs a
// few short normalisations, not the whole text's.
func (f *featurizer) normWords(z *dups.Normalizer, text []byte) uint64 {
	f.stretch, f.nbuf = f.stretch[:0], f.nbuf[:0]
	n := len(text)
	for p := 0; p < n; {
		q := p + asciiPrefix(text[p:])
		if q == n {
			break
		}
		s := q
		for s > p && tokByte[text[s-1]]&(tokKeep|tokUp) != 0 {
			s--
		}
		if s > 0 && text[s-1] != 0 {
			s-- // the ASCII separator before the run
		}
		e := q
		for e < n && tokByte[text[e]] != 0 {
			e++
		}
		f.stretch = append(f.stretch, [2]int{s, e})
		f.nbuf = append(append(f.nbuf, text[s:e]...), 0)
		p = e
	}
	nt := z.Normalize(f.nbuf)
	fh := uint64(foldSeed)
	p := 0
	for _, st := range f.stretch {
		fh = f.foldFrom(fh, text[p:st[0]])
		k := bytes.IndexByte(nt, 0)
		if k < 0 { // cannot happen: each stretch ends with its NUL
			k = len(nt)
		}
		fh = f.foldFrom(fh, nt[:k])
		nt = nt[min(k+1, len(nt)):]
		p = st[1]
	}
	return f.foldFrom(fh, text[p:])
}

// asciiPrefix returns the length of t's longest prefix without a byte of
// 0x80 or more.
func asciiPrefix(t []byte) int {
	i := 0
	for ; i+8 <= len(t); i += 8 {
		if m := binary.LittleEndian.Uint64(t[i:]) & swarHigh; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(t); i++ {
		if t[i] >= 0x80 {
			return i
		}
	}
	return i
}

// foldSeed starts a word sequence's hash (foldStep).
const foldSeed = 0x243F6A8885A308D3

// foldStep adds a word's hash to a word sequence's hash: one
// multiplication a word, order-sensitive; fold mixes the result.
func foldStep(fh, h uint64) uint64 { return (fh ^ h) * 0x9E3779B97F4A7C15 }

// reset readies the feature set for a row of at most need/2 features.
func (f *featurizer) reset(need int) {
	// No row has more than NumBuckets distinct features, so the table
	// never needs more than maxSet entries, however long the row.
	need = min(need, maxSet)
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
}

// Kinds of token next returns.
const (
	tokNone  = iota // no token left
	tokLower        // text[start:end] is the token
	tokUpper        // text[start:end] lowercased (ASCII) is the token
	tokSlow         // the token is in f.slow (it has non-ASCII characters)
)

// tokByte classes bytes for next: 0 separates tokens, tokKeep is kept
// as is (a-z, 0-9), tokUp is lowercased (A-Z), tokHigh is non-ASCII: the
// token is left to stats.Tokenizer. The classes are bits, so that a
// token's are ORed as it is scanned.
var tokByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= 0x80:
			t[c] = tokHigh
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			t[c] = tokKeep
		case c >= 'A' && c <= 'Z':
			t[c] = tokUp
		}
	}
	return t
}()

// The byte classes of tokByte.
const (
	tokKeep = 1 << iota
	tokUp
	tokHigh
)

// next finds the first token of text at or after byte p, as
// stats.Tokenizer.Next does, and returns its hashToken, where it is, the
// offset past it and its kind (tokNone: no token left). An ASCII token is
// found by one table look-up a byte and hashed in place (lowercased into
// f.low first when it has upper case); a token with a non-ASCII
// character is the tokenizer's (in f.slow, valid until the next call).
func (f *featurizer) next(text []byte, p int) (h uint64, start, end, q int, kind int) {
	n := len(text)
	for p < n && tokByte[text[p]] == 0 {
		p++
	}
	if p >= n {
		return 0, 0, n, n, tokNone
	}
	start = p
	var cls uint8
	// Eight bytes at a time while they are ASCII letters and digits
	// (most tokens end in the first eight: the end is found without a
	// branch a byte), then a byte at a time.
	for p+8 <= n {
		w := binary.LittleEndian.Uint64(text[p:])
		al, up := alnum8(w)
		if al == swarHigh {
			if up != 0 {
				cls |= tokUp
			}
			p += 8
			continue
		}
		k := bits.TrailingZeros64(^al&swarHigh) >> 3 // the first byte that is not
		if up&(1<<(8*uint(k))-1) != 0 {
			cls |= tokUp
		}
		cls |= tokKeep
		p += k
		break
	}
	for ; p < n; p++ {
		c := tokByte[text[p]]
		if c == 0 {
			break
		}
		cls |= c
	}
	kind = tokLower
	if cls&tokUp != 0 {
		kind = tokUpper
	}
	switch {
	case cls&tokHigh != 0:
		f.high = true
		return f.slowNext(text, start)
	case p-start <= 8 && start+8 <= cap(text):
		return shortHash(text[start:start+8], p-start), start, p, p, kind
	case kind == tokUpper:
		f.low = f.appendToken(f.low[:0], text, start, p, tokUpper)
		return hashToken(f.low), start, p, p, kind
	}
	return hashToken(text[start:p]), start, p, p, kind
}

// swarHigh is the high bit of every byte of a word.
const swarHigh = 0x8080808080808080

// alnum8 returns, for the 8 bytes of w (little-endian), the high bit of
// each byte that is an ASCII letter or digit (al), and of each that is an
// upper-case letter (up). (x|0x80) - c keeps a byte's high bit exactly
// when x >= c, without a borrow into the next byte (c <= 0x80).
func alnum8(w uint64) (al, up uint64) {
	const ones = 0x0101010101010101
	x := w | swarHigh
	ge := func(c uint64) uint64 { return (x - c*ones) & swarHigh }
	digit := ge('0') &^ ge('9'+1)
	upper := ge('A') &^ ge('Z'+1)
	lower := ge('a') &^ ge('z'+1)
	ascii := ^w & swarHigh
	return (digit | upper | lower) & ascii, upper & ascii
}

// shortHash is hashToken of the first n (1 to 8) bytes of w lowercased,
// which are ASCII letters and digits: stats.StableHash of a token of at
// most 8 bytes is stats.Mix64 of its bytes as a little-endian number,
// zero-padded (TestNextToken checks every token's hash against
// hashToken). One load; for letters and digits, setting bit 5 where bit 6
// is set lowercases A-Z and leaves a-z and 0-9 as they are.
func shortHash(w []byte, n int) uint64 {
	k := binary.LittleEndian.Uint64(w) & (^uint64(0) >> (64 - 8*uint(n)))
	return stats.Mix64(k | (k&0x4040404040404040)>>1)
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
			if tokByte[c] == tokUp {
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
	for i, w := range f.words {
		h := w.h
		t := cfTok{uni: unigram(h)}
		f.addCount(t.uni)
		if f.isCand(t.uni) {
			gs := int32(len(f.gbuf))
			f.gbuf = f.wordText(f.gbuf, text, w)
			f.occ = append(f.occ, cfOcc{h: h, gs: gs, ge: int32(len(f.gbuf)), lo: int32(i), hi: int32(i)})
		}
		if i > 0 {
			ph := pairHash(prev, h)
			t.pair = uint32(ph >> (64 - BucketBits))
			f.addCount(t.pair)
			if f.isCand(t.pair) {
				gs := int32(len(f.gbuf))
				f.gbuf = f.wordText(f.gbuf, text, f.words[i-1])
				f.gbuf = f.wordText(append(f.gbuf, ' '), text, w)
				f.occ = append(f.occ, cfOcc{h: ph, gs: gs, ge: int32(len(f.gbuf)), lo: int32(i - 1), hi: int32(i)})
			}
		}
		f.toks = append(f.toks, t)
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
