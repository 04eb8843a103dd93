package stats

import (
	"encoding/binary"
	"math"
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
// UTF-8 only). Other bytes are copied as they are; the Tokenizer lowercases
// non-ASCII letters itself. dst keeps 8 bytes of slack past the text so
// that a token near the end can be loaded as one word.
func lowerASCII(dst, text []byte) ([]byte, int) {
	n := len(text)
	if cap(dst) < n+8 {
		dst = make([]byte, 0, 2*n+8)
	}
	dst = dst[:n+8]
	chars := 0
	i := 0
	for ; i+8 <= n; i += 8 {
		w := binary.LittleEndian.Uint64(text[i:])
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
		if c&0xC0 != 0x80 {
			chars++
		}
		dst[i] = lowerByte(c)
	}
	clear(dst[n:])
	return dst[:n], chars
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// countTokens tokenises text, already passed through lowerASCII, and counts
// every token in the table; counts, if not nil, also counts them per entry
// id (a label's counts). It is the Tokenizer inlined into the counting loop
// for ASCII tokens, which are most tokens of most corpora; a token with any
// other byte is handed to the Tokenizer. FuzzCountTokens checks that both
// give the same tokens.
func (s *Summary) countTokens(lt []byte, counts *[]uint64) (uint64, error) {
	t := s.tokens
	var ntok uint64
	n := len(lt)
	p := 0
	for p < n {
		c := lt[p]
		if c < 0x80 && asciiClass[c] == clSep {
			p++
			continue
		}
		start := p
		var tok []byte
		var h uint64
		if c < 0x80 {
			for p < n && asciiClass[lt[p]] == clLower {
				p++
			}
			if p == n || lt[p] < 0x80 {
				tok = lt[start:p]
				if k := p - start; k <= 8 {
					// lt has 8 bytes of slack: one load, mask the rest.
					h = mix64(binary.LittleEndian.Uint64(lt[start:start+8]) & (^uint64(0) >> (64 - 8*uint(k))))
				} else {
					h = hashToken(tok)
				}
			}
		}
		if tok == nil {
			// Non-ASCII: the Tokenizer decides, from the token's start.
			tok, p = s.tz.Next(lt, start)
			if tok == nil {
				break
			}
			h = hashToken(tok)
		}
		ntok++
		// The common case inline: the token is already in its first slot.
		// It saves a call per token; addHash handles the rest. A short
		// token's hash is never 0, the hash of an empty slot.
		var id uint32
		if sl := &t.slots[h&t.mask]; sl.hash == h {
			if len(tok) <= 8 {
				if sl.ref < longRef {
					id = sl.ref - 1
					goto found
				}
			} else if sl.ref >= longRef && t.sameKey(sl.ref&^longRef-1, tok) {
				id = sl.ref&^longRef - 1
				goto found
			}
		}
		{
			var err error
			if id, err = t.addHash(h, tok, 1); err != nil {
				return ntok, err
			}
			goto counted
		}
	found:
		t.total++
		if sl := &t.slots[h&t.mask]; sl.cnt != math.MaxUint32 {
			sl.cnt++
		} else {
			t.bump(sl, id, 1)
		}
	counted:
		if counts != nil {
			if int(id) >= len(*counts) {
				*counts = growCounts(*counts, t.distinct())
			}
			(*counts)[id]++
		}
	}
	return ntok, nil
}
