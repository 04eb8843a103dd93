package stats

import (
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
	tz     Tokenizer
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
	var ntok uint64
	if p.enc != nil {
		p.ids = p.enc.AppendIDs(p.ids[:0], text)
		ntok = uint64(len(p.ids))
		if cap(p.ids) > maxKeptText/4 {
			p.ids = nil
		}
	} else {
		for tok, i := p.tz.Next(text, 0); tok != nil; tok, i = p.tz.Next(text, i) {
			ntok++
		}
	}
	p.n++
	p.tokens += ntok
	p.bytes.add(uint64(len(text)))
	p.chars.add(uint64(utf8.RuneCount(text)))
	p.toks.add(ntok)
}

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
