package stats

import "math/bits"

// WordHasher gives the StableHash of every token the Tokenizer finds in a
// text, in order, without making the tokens: the near-duplicate check's
// MinHash signatures are built from these hashes. Through Tokenizer.Next
// and StableHash it cost a branch per byte and a mispredicted one per
// token, as countTokens did before its bitmap loop; WordHasher finds the
// tokens with that same loop (WordBits over the text lowercased by
// lowerASCII) and hashes a token of at most 8 bytes from one masked load.
// A run holding a byte of 0x80 or more goes through the Tokenizer, which
// splits it where its characters are not letters or numbers.
// FuzzWordHashes checks it against the Tokenizer.
//
// A WordHasher keeps two scratch buffers (the lowercased text and the
// Tokenizer's); it is not safe for concurrent use. The zero value is ready.
type WordHasher struct {
	lower []byte
	bm    []uint64
	tz    Tokenizer
}

// Hashes appends the StableHash of every token of text to dst, in order,
// and returns it. text is not changed.
func (w *WordHasher) Hashes(dst []uint64, text []byte) []uint64 {
	// The loop appends what each StableHash's last Mix64 mixes, and mixes
	// them all at the end.
	from := len(dst)
	lt, bm, _, _ := lowerBits(w.lower, w.bm, text)
	if cap(lt) <= maxKeptText {
		w.lower, w.bm = lt, bm
	} else {
		w.lower, w.bm = nil, nil
	}
	n := len(lt)
	full := lt[:n+tokSlack]
	inTok, tokHigh := false, false
	tokStart := 0
	// The run loop of countTokens: b runs to n inclusive, so that a block
	// of the zero slack ends a token that reaches the end.
	bm = bm[:2*(n/64+1)]
	for b := 0; b <= n; b += 64 {
		cand, high := bm[b/32], bm[b/32+1]
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
					inTok, tokStart, tokHigh = true, b+int(sb), high>>sb != 0
					break
				}
				eb := uint(bits.TrailingZeros64(ends))
				ends &= ends - 1
				st, e = b+int(sb), b+int(eb)
				mixed = high>>sb&(1<<(eb-sb)-1) != 0
			} else {
				if ends == 0 {
					tokHigh = tokHigh || high != 0
					break
				}
				eb := uint(bits.TrailingZeros64(ends))
				ends &= ends - 1
				st, e = tokStart, b+int(eb)
				mixed = tokHigh || high&(1<<eb-1) != 0
				inTok = false
			}
			if mixed {
				for tok, p := w.tz.Next(lt[:e], st); tok != nil; tok, p = w.tz.Next(lt[:e], p) {
					dst = append(dst, stableHashPre(tok))
				}
				continue
			}
			dst = append(dst, stableHashAtPre(full, st, e))
		}
	}
	mixAll(dst[from:])
	return dst
}
