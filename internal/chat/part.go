package chat

import (
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/stats"
	"github.com/dataaudit/dataaudit/internal/stats/lengths"
)

// Part summarises one part of some rows (the prompts of a chat set, its
// responses, the turns of one role): how many, their tokens and their
// lengths, tokenised as the Summary does. It keeps three exact length
// distributions (about 100 KB) and no token table. One per worker; the
// zero value is not ready: use NewPart.
type Part struct {
	n      int64
	tokens uint64
	bytes  lengths.Dist
	chars  lengths.Dist
	toks   lengths.Dist
	enc    *llmtok.Encoder
	ids    []uint32
}

// maxKeptIDs is the most token ids a Part's scratch keeps between texts:
// a quarter of the 16 MiB of text a stats.Summary keeps.
const maxKeptIDs = (16 << 20) / 4

// PartStats is what a Part found.
type PartStats struct {
	Count   int64         `json:"count"`
	Tokens  uint64        `json:"tokens"`
	Lengths stats.Lengths `json:"lengths"`
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
		if cap(p.ids) > maxKeptIDs {
			p.ids = nil
		}
	} else {
		tokens = stats.CountWords(text)
	}
	return tokens, uint64(len(text)), uint64(utf8.RuneCount(text))
}

// AddCounts counts one text of the given measures: a text made of others
// joined by separators that are not tokens (words joined with a newline)
// is measured by summing theirs.
func (p *Part) AddCounts(tokens, bytes, chars uint64) {
	p.n++
	p.tokens += tokens
	p.bytes.Add(bytes)
	p.chars.Add(chars)
	p.toks.Add(tokens)
}

// Additive says whether the tokens of texts joined with a newline are the
// sum of each text's: true for words, not for an LLM's tokens.
func (p *Part) Additive() bool { return p.enc == nil }

// Merge adds o's counts to p's.
func (p *Part) Merge(o *Part) {
	p.n += o.n
	p.tokens += o.tokens
	p.bytes.Merge(&o.bytes)
	p.chars.Merge(&o.chars)
	p.toks.Merge(&o.toks)
}

// Stats returns the counts and exact length distributions.
func (p *Part) Stats() PartStats {
	return PartStats{Count: p.n, Tokens: p.tokens, Lengths: stats.Lengths{Bytes: p.bytes.Stats(), Chars: p.chars.Stats(), Tokens: p.toks.Stats()}}
}
