package stats

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/llmtok"
)

// Part summarises one part of some rows (the prompts of a chat set, its
// responses, the turns of one role): how many, their tokens and their
// lengths, tokenised as the Summary does. It keeps three exact length
// distributions (about 100 KB) and no token table. One per worker; the
// zero value is not ready: use NewPart.
type Part struct {
	n      int64
	tokens uint64
	bytes  lengthDist
	chars  lengthDist
	toks   lengthDist
	enc    *llmtok.Encoder
	ids    []uint32
}

// PartStats is what a Part found.
type PartStats struct {
	Count   int64   `json:"count"`
	Tokens  uint64  `json:"tokens"`
	Lengths Lengths `json:"lengths"`
}

// NewPart returns a Part that counts words, or the tokens of llm if set.
func NewPart(llm *llmtok.Tokenizer) *Part {
	p := &Part{}
	if llm != nil {
		p.enc = llm.NewEncoder()
	}
	return p
}

// Add counts one text.
func (p *Part) Add(text []byte) {
	tokens, bytes, chars := p.Measure(text)
	p.AddCounts(tokens, bytes, chars)
}

// Measure returns the tokens, bytes and characters of text, counting
// nothing.
func (p *Part) Measure(text []byte) (tokens, bytes, chars uint64) {
	if p.enc != nil {
		p.ids = p.enc.AppendIDs(p.ids[:0], text)
		tokens = uint64(len(p.ids))
		if cap(p.ids) > maxKeptText/4 {
			p.ids = nil
		}
	} else {
		tokens = countWords(text)
	}
	return tokens, uint64(len(text)), uint64(utf8.RuneCount(text))
}

// countWords counts the tokens Tokenizer.Next would return, without making
// them: the starts of runs of word characters. Through Next, which
// lowercases and copies tokens, it was half the CPU of a chat scan. Blocks
// of 64 ASCII bytes are classified as wordBits does, case-insensitively,
// and their run starts counted from the bitmap; a block with a byte of 0x80
// or more is read rune by rune.
func countWords(text []byte) uint64 {
	var n uint64
	in := false
	i := 0
	for i+64 <= len(text) {
		cand, high := asciiWordBits(text[i : i+64])
		if high != 0 {
			end := i + 64
			for i < end {
				i, in = wordStep(text, i, in, &n)
			}
			continue
		}
		var carry uint64
		if in {
			carry = 1
		}
		n += uint64(bits.OnesCount64(cand &^ (cand<<1 | carry)))
		in = cand>>63 != 0
		i += 64
	}
	for i < len(text) {
		i, in = wordStep(text, i, in, &n)
	}
	return n
}

// wordStep reads the character at text[i], counts a token start in *n, and
// returns the next position and whether the character is a word's.
func wordStep(text []byte, i int, in bool, n *uint64) (int, bool) {
	c := text[i]
	size := 1
	var w bool
	if c < utf8.RuneSelf {
		w = asciiClass[c] != clSep
	} else {
		var r rune
		r, size = utf8.DecodeRune(text[i:])
		w = r != utf8.RuneError && isWord(unicode.ToLower(r))
	}
	if w && !in {
		*n++
	}
	return i + size, w
}

// asciiWordBits is wordBits for text not lowercased: bit i of cand is set
// when byte i is an ASCII letter or digit, bit i of high when it is 0x80 or
// more. OR-ing 0x20 maps exactly A-Z and a-z onto a-z.
func asciiWordBits(blk []byte) (cand, high uint64) {
	_ = blk[63]
	for j := 0; j < 8; j++ {
		w := binary.LittleEndian.Uint64(blk[8*j:])
		x := w & lo7
		l := x | 0x2020202020202020
		letter := (l + 0x1f1f1f1f1f1f1f1f) &^ (l + 0x0505050505050505) // 'a'..'z'
		digit := (x + 0x5050505050505050) &^ (x + 0x4646464646464646)  // '0'..'9'
		m := (letter | digit) &^ w & hi8
		cand |= (m * gather8 >> 56) << (8 * j)
		high |= ((w & hi8) * gather8 >> 56) << (8 * j)
	}
	return cand, high
}

// AddCounts counts one text of the given measures: a text made of others
// joined by separators that are not tokens (words joined with a newline)
// is measured by summing theirs.
func (p *Part) AddCounts(tokens, bytes, chars uint64) {
	p.n++
	p.tokens += tokens
	p.bytes.add(bytes)
	p.chars.add(chars)
	p.toks.add(tokens)
}

// Additive says whether the tokens of texts joined with a newline are the
// sum of each text's: true for words, not for an LLM's tokens.
func (p *Part) Additive() bool { return p.enc == nil }

// Merge adds o's counts to p's.
func (p *Part) Merge(o *Part) {
	p.n += o.n
	p.tokens += o.tokens
	p.bytes.merge(&o.bytes)
	p.chars.merge(&o.chars)
	p.toks.merge(&o.toks)
}

// Stats returns the counts and exact length distributions.
func (p *Part) Stats() PartStats {
	return PartStats{Count: p.n, Tokens: p.tokens, Lengths: Lengths{Bytes: p.bytes.result(), Chars: p.chars.result(), Tokens: p.toks.result()}}
}
