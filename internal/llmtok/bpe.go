package llmtok

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokenizer is an LLM tokenizer: a pre-tokenizer that cuts text into
// pieces and a byte-pair encoding that turns each piece into token ids. It
// is immutable and safe for concurrent use; every goroutine encodes with
// its own Encoder.
type Tokenizer struct {
	name      string
	pattern   Pattern
	vocabSize int
	// tokens holds each id's bytes (nil for an id without a token).
	tokens [][]byte
	// vocab maps a token's bytes to its id. For tiktoken the id is also
	// the merge rank.
	vocab map[string]uint32
	// tiktoken is true for tiktoken encodings: a piece that is a token is
	// that token, and pairs merge by the rank of their concatenation.
	tiktoken bool

	// Hugging Face BPE (tiktoken false).
	byteID       [256]uint32      // the token of each single byte
	merges       map[uint64]merge // (left id, right id) → merge
	ignoreMerges bool             // a piece that is a token is that token
	nfc          bool             // NFC normalizer
	added        addedTokens
}

type merge struct{ rank, id uint32 }

// Name identifies the tokenizer and its vocabulary, for reports: results
// made with different names are not comparable.
func (t *Tokenizer) Name() string { return t.name }

// VocabSize is one more than the largest token id.
func (t *Tokenizer) VocabSize() int { return t.vocabSize }

// Token returns the bytes of token id, or nil. They may be part of a UTF-8
// sequence: byte-level BPE splits characters.
func (t *Tokenizer) Token(id uint32) []byte {
	if int(id) < len(t.tokens) {
		return t.tokens[id]
	}
	return nil
}

// Encoder encodes text with a Tokenizer. It keeps a cache of the pieces it
// has encoded and scratch buffers, so it is not safe for concurrent use;
// its results do not depend on what it encoded before.
type Encoder struct {
	t        *Tokenizer
	cache    map[string]uint64 // piece → offset<<32 | length in cacheIDs
	cacheIDs []uint32
	nodes    []node
	heap     []cand
	norm     []byte
}

// Cache bounds: past them no piece is added, which keeps memory bounded and
// changes no result.
const (
	maxCachedPiece = 64
	maxCacheLen    = 1 << 18
	maxCacheIDs    = 1 << 22
)

// NewEncoder returns an Encoder for t.
func (t *Tokenizer) NewEncoder() *Encoder {
	return &Encoder{t: t, cache: make(map[string]uint64, 1024)}
}

// AppendIDs appends the token ids of text to dst and returns it. Text that
// is not valid UTF-8 is encoded byte by byte where it is invalid: each
// invalid byte splits like U+FFFD (a symbol) but keeps its value, which
// byte-level BPE can encode.
func (e *Encoder) AppendIDs(dst []uint32, text []byte) []uint32 {
	t := e.t
	if len(t.added.list) == 0 {
		return e.appendText(dst, text)
	}
	start := 0
	for p := 0; p < len(text); {
		if !t.added.first[text[p]] {
			p++
			continue
		}
		id, n := t.added.match(text[p:])
		if n == 0 {
			p++
			continue
		}
		dst = e.appendText(dst, text[start:p])
		dst = append(dst, id)
		p += n
		start = p
	}
	return e.appendText(dst, text[start:])
}

// appendText normalises and pre-tokenises text and encodes every piece.
func (e *Encoder) appendText(dst []uint32, text []byte) []uint32 {
	if len(text) == 0 {
		return dst
	}
	t := e.t
	if t.nfc && !norm.NFC.IsNormal(text) {
		e.norm = norm.NFC.Append(e.norm[:0], text...)
		text = e.norm
	}
	pat := t.pattern
	for p := 0; p < len(text); {
		q := pat.next(text, p)
		dst = e.appendPiece(dst, text[p:q])
		p = q
	}
	return dst
}

func (e *Encoder) appendPiece(dst []uint32, piece []byte) []uint32 {
	t := e.t
	if len(piece) == 1 {
		if t.tiktoken {
			return append(dst, t.vocab[string(piece)])
		}
		return append(dst, t.byteID[piece[0]])
	}
	if t.tiktoken || t.ignoreMerges {
		if id, ok := t.vocab[string(piece)]; ok {
			return append(dst, id)
		}
	}
	if len(piece) <= maxCachedPiece {
		if v, ok := e.cache[string(piece)]; ok {
			return append(dst, e.cacheIDs[v>>32:v>>32+v&0xffffffff]...)
		}
	}
	n := len(dst)
	dst = e.merge(dst, piece)
	// A full cache keeps what it has: the pieces met first are mostly the
	// frequent ones.
	if len(piece) <= maxCachedPiece && len(e.cache) < maxCacheLen && len(e.cacheIDs)+len(dst)-n <= maxCacheIDs {
		e.cache[string(piece)] = uint64(len(e.cacheIDs))<<32 | uint64(len(dst)-n)
		e.cacheIDs = append(e.cacheIDs, dst[n:]...)
	}
	return dst
}

// node is a part of a piece during merging, in a linked list. rank is the
// rank of merging it with the next part (noRank: none).
type node struct {
	start      int32
	prev, next int32
	id         uint32
	rank       uint32
	newID      uint32
}

// cand is a merge candidate: the part that starts at byte start merges
// with its successor at rank.
type cand struct {
	rank  uint32
	start int32
}

const noRank = ^uint32(0)

// merge byte-pair encodes piece: starting from its bytes, it merges the
// adjacent pair of lowest rank, the leftmost of equal ones, until no pair
// merges. This is what tiktoken and Hugging Face tokenizers do; a heap
// keeps it O(n log n) on long pieces (a base64 blob is one piece).
func (e *Encoder) merge(dst []uint32, piece []byte) []uint32 {
	t := e.t
	n := int32(len(piece))
	nodes := e.nodes[:0]
	for i := range n {
		id := t.byteID[piece[i]]
		if t.tiktoken {
			id = t.vocab[string(piece[i:i+1])]
		}
		nodes = append(nodes, node{start: i, prev: i - 1, next: i + 1, id: id, rank: noRank})
	}
	nodes[n-1].next = -1
	e.nodes = nodes
	h := e.heap[:0]
	for i := range n - 1 {
		if e.pairRank(piece, i) {
			h = append(h, cand{nodes[i].rank, i})
		}
	}
	heapInit(h)
	for len(h) > 0 {
		var c cand
		c, h = heapPop(h)
		i := c.start
		nd := &nodes[i]
		if nd.rank != c.rank || nd.prev == -2 {
			continue // stale
		}
		j := nd.next
		nd.id = nd.newID
		nd.next = nodes[j].next
		nodes[j].prev = -2 // removed
		if k := nd.next; k >= 0 {
			nodes[k].prev = i
		}
		if e.pairRank(piece, i) {
			h = heapPush(h, cand{nd.rank, i})
		}
		if p := nd.prev; p >= 0 && e.pairRank(piece, p) {
			h = heapPush(h, cand{nodes[p].rank, p})
		}
	}
	e.heap = h
	for i := int32(0); i >= 0; i = nodes[i].next {
		dst = append(dst, nodes[i].id)
	}
	if cap(nodes) > maxKeptNodes {
		// One huge piece (a base64 blob) does not pin 32 bytes a byte.
		e.nodes, e.heap = nil, nil
	}
	return dst
}

// maxKeptNodes bounds the merge scratch an Encoder keeps between pieces.
const maxKeptNodes = 1 << 16

// pairRank sets the rank and the merged id of part i with its successor,
// and reports whether they merge.
func (e *Encoder) pairRank(piece []byte, i int32) bool {
	nodes := e.nodes
	nd := &nodes[i]
	nd.rank = noRank
	j := nd.next
	if j < 0 {
		return false
	}
	if e.t.tiktoken {
		end := int32(len(piece))
		if k := nodes[j].next; k >= 0 {
			end = nodes[k].start
		}
		id, ok := e.t.vocab[string(piece[nd.start:end])]
		if !ok {
			return false
		}
		nd.rank, nd.newID = id, id
		return true
	}
	m, ok := e.t.merges[uint64(nd.id)<<32|uint64(nodes[j].id)]
	if !ok {
		return false
	}
	nd.rank, nd.newID = m.rank, m.id
	return true
}

func candLess(a, b cand) bool {
	return a.rank < b.rank || a.rank == b.rank && a.start < b.start
}

func heapInit(h []cand) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		heapDown(h, i)
	}
}

func heapPush(h []cand, c cand) []cand {
	h = append(h, c)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !candLess(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	return h
}

func heapPop(h []cand) (cand, []cand) {
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	heapDown(h, 0)
	return top, h
}

func heapDown(h []cand, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && candLess(h[r], h[l]) {
			m = r
		}
		if !candLess(h[m], h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// addedTokens matches a tokenizer's added (special) tokens in text,
// leftmost and longest first.
type addedTokens struct {
	first [256]bool
	list  []addedToken // longest first
}

type addedToken struct {
	content []byte
	id      uint32
}

func (a *addedTokens) match(s []byte) (uint32, int) {
	for _, tok := range a.list {
		if len(tok.content) <= len(s) && string(s[:len(tok.content)]) == string(tok.content) {
			return tok.id, len(tok.content)
		}
	}
	return 0, 0
}

// Readable returns token bytes as text: valid UTF-8 as it is, every byte of
// an incomplete or invalid sequence as \xNN, and whether there was one.
func Readable(tok []byte) (string, bool) {
	if utf8.Valid(tok) {
		return string(tok), false
	}
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 4*len(tok))
	for p := 0; p < len(tok); {
		r, w := utf8.DecodeRune(tok[p:])
		if r == utf8.RuneError && w == 1 {
			b = append(b, '\\', 'x', hex[tok[p]>>4], hex[tok[p]&15])
		} else {
			b = append(b, tok[p:p+w]...)
		}
		p += w
	}
	return string(b), true
}
