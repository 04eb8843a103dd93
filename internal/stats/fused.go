package stats

import (
	"encoding/binary"
	"math/bits"
)

const (
	hi8  = 0x8080808080808080
	lo40 = 0x3f3f3f3f3f3f3f3f // 0x80 - 'A': the high bit is set for bytes >= 'A'
	lo25 = 0x2525252525252525 // 0x80 - 'Z' - 1: the high bit is set for bytes > 'Z'
)

// lowerASCII appends text to dst with ASCII letters lowercased, eight bytes
// at a time, and returns it with the number of UTF-8 characters in text,
// counted as the bytes that are not continuation bytes (exact for valid
// UTF-8 only), and whether every byte is ASCII (then text is valid UTF-8,
// and addText skips utf8.Valid, a pass of its own over 96% of the mail
// corpus' texts). Other bytes are copied as they are; the Tokenizer
// lowercases non-ASCII letters itself. dst keeps tokSlack zero bytes past
// the text, so that countTokens can read whole blocks.
func lowerASCII(dst, text []byte) ([]byte, int, bool) {
	n := len(text)
	if cap(dst) < n+tokSlack {
		dst = make([]byte, 0, 2*n+tokSlack)
	}
	dst = dst[:n+tokSlack]
	chars := 0
	var high uint64 // the high bits of every byte, ORed
	i := 0
	for ; i+8 <= n; i += 8 {
		w := binary.LittleEndian.Uint64(text[i:])
		high |= w
		if w&hi8 == 0 {
			// All ASCII: set bit 5 of every byte in 'A'..'Z'.
			upper := (w + lo40) &^ (w + lo25) & hi8
			binary.LittleEndian.PutUint64(dst[i:], w|upper>>2)
			chars += 8
			continue
		}
		// Continuation bytes are 10xxxxxx: bit 7 set, bit 6 clear.
		cont := w & hi8 &^ (w << 1)
		chars += 8 - bits.OnesCount64(cont)
		for j := i; j < i+8; j++ {
			dst[j] = lowerByte(text[j])
		}
	}
	for ; i < n; i++ {
		c := text[i]
		high |= uint64(c)
		if c&0xC0 != 0x80 {
			chars++
		}
		dst[i] = lowerByte(c)
	}
	clear(dst[n:])
	return dst[:n], chars, high&hi8 == 0
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// tokSlack is how many zero bytes lowerASCII leaves past the text: one
// block of countTokens.
const tokSlack = 64

// lowerBits is lowerASCII that also writes, into bm, the WordBits of every
// 64-byte block of the lowercased text up to and including the one that
// starts at or before len(text) and ends in the zero slack: len(text)/64+1
// blocks, cand at bm[2k] and high at bm[2k+1]. It returns the lowercased
// text, bm, and lowerASCII's character count and all-ASCII flag. dst and
// bm are reused when they are large enough: per worker, scratch of the
// longest text's size plus a quarter (16 bytes of bitmaps a 64-byte block).
//
// The copy, the bitmaps and the count are one pass in assembly on CPUs
// with AVX-512BW (lowerBitsAVX512) or AVX2 (lowerBitsAVX2), chosen at
// start-up (fused_amd64.go); the token loops then read two words a block
// instead of classifying it again with WordBits's 8 multiplications.
// BenchmarkLowerBits on the sample's texts: Go 0.47 ms, AVX2 0.05 ms,
// AVX-512BW 0.034 ms (cpu-ns/op); BenchmarkSummaryAdd -18% cpu-ns/op,
// BenchmarkWordHashes -29%. (The AVX2 kernel first broadcast its constants
// through MOVD, a legacy SSE instruction: mixed with the 256-bit ones it
// made the kernel 11 times slower, slower than Go; VMOVD fixed it.)
func lowerBits(dst []byte, bm []uint64, text []byte) ([]byte, []uint64, int, bool) {
	n := len(text)
	if cap(dst) < n+tokSlack {
		dst = make([]byte, 0, 2*n+tokSlack)
	}
	dst = dst[:n+tokSlack]
	bm = bitmapScratch(bm, n)
	chars, ascii := lowerBitsKernel(dst, bm, text)
	return dst[:n], bm, chars, ascii
}

// bitmapScratch returns bm with room for the bitmaps of a text of n bytes.
func bitmapScratch(bm []uint64, n int) []uint64 {
	k := 2 * (n/64 + 1)
	if cap(bm) < k {
		bm = make([]uint64, 2*k)
	}
	return bm[:k]
}

// WordBitmaps writes into bm the WordBits of every 64-byte block of text,
// the last one zero-padded, len(text)/64+1 of them (the last is all zero
// when 64 divides len(text)): cand at bm[2k] and high at bm[2k+1]. It
// returns bm, reused when it is large enough. With AVX-512BW or AVX2 it is
// one pass in assembly, ten times faster than WordBits block by block.
func WordBitmaps(bm []uint64, text []byte) []uint64 {
	bm = bitmapScratch(bm, len(text))
	wordBitsKernel(bm, text)
	return bm
}

// lowerBitsKernel and wordBitsKernel are the implementations lowerBits and
// WordBitmaps use: the assembly ones when the CPU has them (set at start-up
// in fused_amd64.go), the Go ones otherwise. Tests set them to compare.
var (
	lowerBitsKernel = lowerBitsGo
	wordBitsKernel  = wordBitsGo
)

// lowerBitsGo is lowerBits's pure-Go kernel: lowerASCII, then WordBits
// block by block.
func lowerBitsGo(dst []byte, bm []uint64, text []byte) (int, bool) {
	_, chars, ascii := lowerASCII(dst[:0], text)
	for k := 0; 2*k < len(bm); k++ {
		bm[2*k], bm[2*k+1] = WordBits(dst[64*k : 64*k+64])
	}
	return chars, ascii
}

// kernel is one implementation of lowerBits and WordBitmaps.
type kernel struct {
	name  string
	lower func(dst []byte, bm []uint64, text []byte) (int, bool)
	words func(bm []uint64, text []byte)
}

// wordBitsGo is WordBitmaps's pure-Go kernel.
func wordBitsGo(bm []uint64, text []byte) {
	var pad [64]byte
	n := len(text)
	for k := 0; 2*k < len(bm); k++ {
		b := 64 * k
		if b+64 <= n {
			bm[2*k], bm[2*k+1] = WordBits(text[b : b+64])
			continue
		}
		clear(pad[:])
		copy(pad[:], text[b:])
		bm[2*k], bm[2*k+1] = WordBits(pad[:])
	}
}

// WordBits returns two bitmaps of the 64 bytes of blk: bit i of cand is set
// when byte i is an ASCII letter (in either case) or digit or a byte of
// 0x80 or more (which may belong to a token), and bit i of high when it is
// 0x80 or more. Each word of 8 bytes is classified with carry-free byte
// arithmetic on its low 7 bits (OR-ing 0x20 maps exactly A-Z and a-z onto
// a-z), and its 8 flags (bit 7 of each byte) are gathered into one byte
// with a multiplication. The token loops of countTokens, WordHasher and the
// label checks' featurizer, and CountWords, read blocks through it.
func WordBits(blk []byte) (cand, high uint64) {
	_ = blk[63]
	for j := 0; j < 8; j++ {
		w := binary.LittleEndian.Uint64(blk[8*j:])
		x := w & lo7
		l := x | 0x2020202020202020
		letter := (l + 0x1f1f1f1f1f1f1f1f) &^ (l + 0x0505050505050505) // 'a'..'z'
		digit := (x + 0x5050505050505050) &^ (x + 0x4646464646464646)  // '0'..'9'
		m := (letter | digit | w) & hi8
		cand |= (m * gather8 >> 56) << (8 * j)
		high |= ((w & hi8) * gather8 >> 56) << (8 * j)
	}
	return cand, high
}

const (
	lo7 = 0x7f7f7f7f7f7f7f7f
	// gather8 moves bit 7 of byte i to bit 56+i: byte i's bit at 8i+7
	// times 2^(7j) lands on 56+i exactly when i+j = 7, and no other
	// product reaches bits 56 to 63.
	gather8 = 0x0002040810204081
)

// countTokens tokenises text, already passed through lowerASCII, and counts
// every token in the table; counts, if not nil, also counts them per entry
// id (a label's counts). FuzzCountTokens checks it against the Tokenizer.
//
// It finds tokens 64 bytes at a time: WordBits marks the bytes that may
// belong to a token, and the starts and ends of the runs of marked bytes
// come out of the bitmap by shifts and trailing-zero counts. A run of ASCII
// letters and digits is a token; a run with a byte of 0x80 or more is
// handed to the Tokenizer (countMixed), which splits it where its
// characters are not letters or numbers. Scanning byte by byte cost a
// branch per byte and a mispredicted one per token: tokenising and hashing
// ran at 330 MB/s per core on the 200 MB mail corpus, and at 610 MB/s this
// way.
//
// The run loop is written out again in WordHasher.Hashes and in the label
// checks' tokenize, on purpose: shared, it cost more than it saves. An
// iterator whose Next returns one run (inlined, its state in a struct) cost
// countTokens 10% and WordHasher 12% more CPU (BenchmarkSummaryAdd,
// BenchmarkWordHashes, cpu-ns/op), and a Runs that lists the runs ending in
// a block for the caller to range over 6 to 10% and 12 to 16% (and the
// featurizer 7 to 10%): the loop's state must stay in registers, which it
// does only in the caller's own loop. Only WordBits is shared.
//
// A text of ASCII bytes only (ascii, from lowerBits) goes through
// countASCII instead, whose loop has less to carry; without per-label
// counts, on CPUs with BMI2, every text goes through countASCIIAsm.
func (s *Summary) countTokens(lt []byte, bm []uint64, ascii bool, counts *[]uint64) (uint64, error) {
	if asciiAsm && counts == nil && len(lt) < 1<<31 {
		return s.countASCIIAsm(lt, bm, ascii)
	}
	if ascii {
		return s.countASCII(lt, bm, counts)
	}
	t := s.tokens
	var ntok uint64
	n := len(lt)
	full := lt[:n+tokSlack]
	inTok, tokHigh := false, false
	tokStart := 0
	// b runs to n inclusive: when n is a multiple of 64, one more block of
	// the zero slack ends a token that reaches the end.
	bm = bm[:2*(n/64+1)]
	for k := 0; k+1 < len(bm); k += 2 {
		b := 32 * k
		cand, high := bm[k], bm[k+1]
		prev := cand << 1
		if inTok {
			prev |= 1
		}
		starts := cand &^ prev
		ends := ^cand & prev
		for {
			var st, e int
			var mixed bool
			if !inTok {
				if starts == 0 {
					break
				}
				sb := uint(bits.TrailingZeros64(starts))
				starts &= starts - 1
				if ends == 0 {
					inTok, tokStart, tokHigh = true, b+int(sb), high>>(sb&63) != 0
					break
				}
				eb := uint(bits.TrailingZeros64(ends))
				ends &= ends - 1
				st, e = b+int(sb), b+int(eb)
				// (The shifts are under 64; &63 says so to the compiler,
				// which otherwise tests for larger ones.)
				mixed = high>>(sb&63)&(1<<((eb-sb)&63)-1) != 0
			} else {
				if ends == 0 {
					tokHigh = tokHigh || high != 0
					break
				}
				eb := uint(bits.TrailingZeros64(ends))
				ends &= ends - 1
				st, e = tokStart, b+int(eb)
				mixed = tokHigh || high&(1<<(eb&63)-1) != 0
				inTok = false
			}
			if mixed {
				k, err := s.countMixed(lt[:e], st, counts)
				ntok += k
				if err != nil {
					return ntok, err
				}
				continue
			}
			ntok++
			// The common case inline: the token is already in its home
			// slot (the table's count*Home methods); addHash and addMid
			// handle the rest. The word hashes (s.fill) come from the
			// words the table reads: what their StableHash's last Mix64
			// mixes, which Summary.Add mixes for the whole batch at once
			// (mixAll).
			var id uint32
			var hit bool
			var err error
			switch k := e - st; {
			case k <= 8:
				// lt has zero slack past the text: one load, mask the rest.
				w := binary.LittleEndian.Uint64(full[st:]) & (^uint64(0) >> ((64 - 8*uint(k)) & 63))
				if s.fill {
					s.words.Hashes = append(s.words.Hashes, w)
				}
				h := shortHash(w)
				if id, hit = t.countShortHome(h); !hit {
					id, err = t.addHash(h, lt[st:e], 1)
				}
			case k <= 16:
				w0 := binary.LittleEndian.Uint64(full[st:])
				w1 := binary.LittleEndian.Uint64(full[st+8:]) & (^uint64(0) >> ((128 - 8*uint(k)) & 63))
				if s.fill {
					s.words.Hashes = append(s.words.Hashes, stableMidPre(k, w0, w1))
				}
				h := midHash(w0, w1)
				if id, hit = t.countMidHome(h, w0, w1); !hit {
					id, err = t.addMid(h, w0, w1, lt[st:e], 1)
				}
			default:
				tok := lt[st:e]
				if s.fill {
					s.words.Hashes = append(s.words.Hashes, stableHashPre(tok))
				}
				h := longHash(tok)
				if id, hit = t.countLongHome(h, tok); !hit {
					id, err = t.addHash(h, tok, 1)
				}
			}
			if err != nil {
				return ntok, err
			}
			if counts != nil {
				if int(id) >= len(*counts) {
					*counts = growCounts(*counts, t.distinct())
				}
				(*counts)[id]++
			}
		}
	}
	return ntok, nil
}

// countASCII is countTokens for a text of ASCII bytes only: every run of
// marked bytes is a token of letters and digits. It takes each token's
// length from the bitmap at its start, cand shifted down to the start with
// the next block's bits above it, so that no state crosses a block but the
// previous block's last bit, and no token is a run to test for high
// bytes. 96% of the mail corpus' texts are ASCII; BenchmarkSummaryAddCorpus
// -8% to -12% CPU (text and words), the rest of its time being mostly the
// count table's cache misses (countShortHome, countMidHome).
func (s *Summary) countASCII(lt []byte, bm []uint64, counts *[]uint64) (uint64, error) {
	t := s.tokens
	var ntok uint64
	n := len(lt)
	full := lt[:n+tokSlack]
	bm = bm[:2*(n/64+1)]
	var carry uint64 // bit 63 of the previous block's cand, at bit 0
	for k := 0; k+1 < len(bm); k += 2 {
		b := 32 * k
		cand := bm[k]
		var next uint64 // the next block's cand; the block past the last is zero slack
		if k+2 < len(bm) {
			next = bm[k+2]
		}
		starts := cand &^ (cand<<1 | carry)
		carry = cand >> 63
		for starts != 0 {
			sb := uint(bits.TrailingZeros64(starts)) & 63
			starts &= starts - 1
			// The run from sb on: 64 bits, the next block's above cand's.
			run := cand>>sb | next<<1<<(63-sb)
			st := b + int(sb)
			l := bits.TrailingZeros64(^run)
			if l == 64 {
				l = runLength(bm, st)
			}
			e := st + l
			ntok++
			var id uint32
			var hit bool
			var err error
			switch {
			case l <= 8:
				w := binary.LittleEndian.Uint64(full[st:]) & (^uint64(0) >> ((64 - 8*uint(l)) & 63))
				if s.fill {
					s.words.Hashes = append(s.words.Hashes, w)
				}
				h := shortHash(w)
				if id, hit = t.countShortHome(h); !hit {
					id, err = t.addHash(h, lt[st:e], 1)
				}
			case l <= 16:
				w0 := binary.LittleEndian.Uint64(full[st:])
				w1 := binary.LittleEndian.Uint64(full[st+8:]) & (^uint64(0) >> ((128 - 8*uint(l)) & 63))
				if s.fill {
					s.words.Hashes = append(s.words.Hashes, stableMidPre(l, w0, w1))
				}
				h := midHash(w0, w1)
				if id, hit = t.countMidHome(h, w0, w1); !hit {
					id, err = t.addMid(h, w0, w1, lt[st:e], 1)
				}
			default:
				tok := lt[st:e]
				if s.fill {
					s.words.Hashes = append(s.words.Hashes, stableHashPre(tok))
				}
				h := longHash(tok)
				if id, hit = t.countLongHome(h, tok); !hit {
					id, err = t.addHash(h, tok, 1)
				}
			}
			if err != nil {
				return ntok, err
			}
			if counts != nil {
				if int(id) >= len(*counts) {
					*counts = growCounts(*counts, t.distinct())
				}
				(*counts)[id]++
			}
		}
	}
	return ntok, nil
}

// runLength returns the length of the run of marked bytes that starts at
// byte st, a run of 64 bytes or more, from the cand bitmaps of bm.
func runLength(bm []uint64, st int) int {
	p := st + 64
	for {
		k := 2 * (p / 64)
		if k >= len(bm) {
			return p - st // the zero slack ends every run
		}
		run := bm[k] >> (uint(p) & 63)
		if l := bits.TrailingZeros64(^run); l < 64-p&63 {
			return p + l - st
		}
		p = p&^63 + 64
	}
}

// countMixed counts the tokens of text[start:], a run of ASCII letters and
// digits and bytes of 0x80 or more, as the Tokenizer splits it, and returns
// how many there were.
func (s *Summary) countMixed(text []byte, start int, counts *[]uint64) (uint64, error) {
	t := s.tokens
	var ntok uint64
	for tok, p := s.tz.Next(text, start); tok != nil; tok, p = s.tz.Next(text, p) {
		ntok++
		if s.fill {
			s.words.Hashes = append(s.words.Hashes, stableHashPre(tok))
		}
		id, err := t.add(tok, 1)
		if err != nil {
			return ntok, err
		}
		if counts != nil {
			if int(id) >= len(*counts) {
				*counts = growCounts(*counts, t.distinct())
			}
			(*counts)[id]++
		}
	}
	return ntok, nil
}

// stableHashAtPre is StableHash of full[st:e], a token of lowercase ASCII
// letters and digits in a text that lowerASCII left zero slack after: a
// token of at most 16 bytes is hashed from one or two masked loads. It
// returns what StableHash's last Mix64 mixes (see stableHashPre).
func stableHashAtPre(full []byte, st, e int) uint64 {
	switch k := e - st; {
	case k <= 8:
		return binary.LittleEndian.Uint64(full[st:]) & (^uint64(0) >> (64 - 8*uint(k)))
	case k <= 16:
		w0 := binary.LittleEndian.Uint64(full[st:])
		w1 := binary.LittleEndian.Uint64(full[st+8:]) & (^uint64(0) >> (128 - 8*uint(k)))
		return stableMidPre(k, w0, w1)
	}
	return stableHashPre(full[st:e])
}

// stableMidPre is what StableHash's last Mix64 mixes for a token of k
// bytes, 9 to 16, packed into the zero-padded words w0 and w1 (midWords),
// without StableHash's byte loop over the tail: the tail's bytes packed
// are w1. TestStableMid holds it to StableHash.
func stableMidPre(k int, w0, w1 uint64) uint64 {
	h := Mix64(uint64(k)*0x9e3779b97f4a7c15 ^ w0)
	if k == 16 {
		h, w1 = Mix64(h^w1), 0
	}
	return h ^ w1 ^ 0xff51afd7ed558ccd
}

// stableMid is StableHash of a token of 9 to 16 bytes (see stableMidPre).
func stableMid(k int, w0, w1 uint64) uint64 { return Mix64(stableMidPre(k, w0, w1)) }

// stableHashPre is what StableHash's last Mix64 mixes: StableHash(tok) is
// Mix64(stableHashPre(tok)). The token loops keep these and mix a batch's
// or a text's at once (mixAll), eight to an instruction with AVX-512DQ.
// TestStableHashPre holds it to StableHash.
func stableHashPre(tok []byte) uint64 {
	if len(tok) <= 8 {
		return packShort(tok)
	}
	h := uint64(len(tok)) * 0x9e3779b97f4a7c15
	for len(tok) >= 8 {
		h = Mix64(h ^ binary.LittleEndian.Uint64(tok))
		tok = tok[8:]
	}
	var k uint64
	for i := len(tok) - 1; i >= 0; i-- {
		k = k<<8 | uint64(tok[i])
	}
	return h ^ k ^ 0xff51afd7ed558ccd
}

// mixAll replaces every h[i] with Mix64(h[i]): with AVX-512DQ eight at a
// time (mix64AVX512), where Mix64 token by token in the loops was 9% of
// BenchmarkSummaryAdd/words.
func mixAll(h []uint64) { mixKernel(h) }

// mixKernel is mixAll's implementation: mix64AVX512 when the CPU has
// AVX-512DQ (fused_amd64.go), else mixGo. Tests set it to compare.
var mixKernel = mixGo

func mixGo(h []uint64) {
	for i, x := range h {
		h[i] = Mix64(x)
	}
}
