package stats

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// CountWords counts the tokens Tokenizer.Next would return, without making
// them: the starts of runs of word characters. Through Next, which
// lowercases and copies tokens, it was half the CPU of a chat scan. Blocks
// of 64 ASCII bytes are classified by WordBits (whose cand, in a block
// with no byte of 0x80 or more, marks exactly the letters and digits),
// and their run starts counted from the bitmap; a block with a byte of 0x80
// or more is read rune by rune.
func CountWords(text []byte) uint64 {
	var n uint64
	in := false
	i := 0
	for i+64 <= len(text) {
		cand, high := WordBits(text[i : i+64])
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
