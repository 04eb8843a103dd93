package stats

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// CountWords counts the tokens Tokenizer.Next would return, without making
// them: the starts of runs of word characters. Through Next, which
// lowercases and copies tokens, it was half the CPU of a chat scan. Blocks
// of 64 ASCII bytes are classified as wordBits does, case-insensitively,
// and their run starts counted from the bitmap; a block with a byte of 0x80
// or more is read rune by rune.
func CountWords(text []byte) uint64 {
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
