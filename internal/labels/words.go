package labels

import (
	"math/bits"

	"github.com/dataaudit/dataaudit/internal/stats"
)

// word is a token of the row (stats.Tokenizer's) as tokenize lists it: its
// hashToken, and where its text is: text[s:e], lowercased when kind is
// tokUpper, or f.slowBuf[s:e] when kind is tokSlow.
type word struct {
	h    uint64
	s, e int32
	kind int32
}

// tokenize lists the words of text in f.words, as next would find them one
// after the other (FuzzTokenize), but 64 bytes at a time: stats.WordBitmaps
// marks the bytes that may belong to a token, and the starts and ends of
// the runs of marked bytes come out of the bitmap by shifts and
// trailing-zero counts, without a mispredicted branch at every token's end
// as a loop over bytes has (the token summary's countTokens does the same;
// its doc says why the run loop is written out in each). A run of
// ASCII letters and digits is a token, hashed from one load when it has at
// most 8 bytes; a run with a byte of 0x80 or more is handed to
// stats.Tokenizer, which splits it where its characters are not letters
// or numbers (its tokens are kept in f.slowBuf), and sets f.high.
// Memory: 24 bytes a word, reused from row to row.
func (f *featurizer) tokenize(text []byte) {
	f.words, f.slowBuf = f.words[:0], f.slowBuf[:0]
	n := len(text)
	inTok, tokHigh := false, false
	tokStart := 0
	// The bitmaps of every block, the last one zero-padded (NUL separates
	// tokens), in one pass.
	bm := stats.WordBitmaps(f.bm, text)
	f.bm = bm
	if cap(bm) > maxKeptBitmaps {
		f.bm = nil
	}
	for b := 0; b < n; b += 64 {
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
			f.run(text, st, e, mixed)
		}
	}
	if inTok {
		f.run(text, tokStart, n, tokHigh)
	}
}

// maxKeptBitmaps is the most bitmap words tokenize keeps from row to row,
// 8 MB (those of a 16 MB row, with WordBitmaps's room to grow; the token
// summary keeps its copy of a text up to 16 MB): one huge row does not pin
// its bitmaps for the run.
const maxKeptBitmaps = 1 << 20

// run lists the words of text[st:e], a run of bytes stats.WordBitmaps marked
// between two that it did not (or the ends of text).
func (f *featurizer) run(text []byte, st, e int, mixed bool) {
	if mixed {
		f.high = true
		// The byte at e, if any, is ASCII and not a letter or digit: a
		// separator, so the run's tokens are those of text[:e].
		for tok, p := f.tz.Next(text[:e], st); tok != nil; tok, p = f.tz.Next(text[:e], p) {
			s := len(f.slowBuf)
			f.slowBuf = append(f.slowBuf, tok...)
			f.words = append(f.words, word{h: hashToken(tok), s: int32(s), e: int32(len(f.slowBuf)), kind: tokSlow})
		}
		return
	}
	var h uint64
	switch {
	case e-st <= 8 && st+8 <= cap(text):
		h = shortHash(text[st:st+8], e-st)
	case e-st <= 8:
		var w [8]byte
		copy(w[:], text[st:e])
		h = shortHash(w[:], e-st)
	default:
		f.low = f.appendToken(f.low[:0], text, st, e, tokUpper)
		h = hashToken(f.low)
	}
	f.words = append(f.words, word{h: h, s: int32(st), e: int32(e), kind: tokUpper})
}

// wordText appends word w of the last row tokenised, lowercased, to dst.
func (f *featurizer) wordText(dst, text []byte, w word) []byte {
	if w.kind == tokSlow {
		return append(dst, f.slowBuf[w.s:w.e]...)
	}
	return f.appendToken(dst, text, int(w.s), int(w.e), int(w.kind))
}
