package outliers

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// refFeatures is features as it was before the block fast path (main
// ca915f5): the reference the fast path must match bit for bit.
func refFeatures(t []byte, f *[numFeatures]float32) {
	var hist [256]int
	chars, letters, digits, symbols, upper, words, wordChars := 0, 0, 0, 0, 0, 0, 0
	inWordBit := 0 // 1 after a letter or digit
	for i := 0; i < len(t); {
		c := t[i]
		hist[c]++
		if c < utf8.RuneSelf {
			// ASCII from a table, without a branch per class: this loop
			// was the largest part of scan --all.
			k := asciiFeat[c]
			letters += int(k & featLetter)
			upper += int(k & featUpper >> 1)
			digits += int(k & featDigit >> 2)
			symbols += int(k & featSymbol >> 3)
			w := int(k & featWord >> 4)
			wordChars += w
			words += w &^ inWordBit
			inWordBit = w
			chars++
			i++
			continue
		}
		inWord := inWordBit == 1
		r, size := rune(c), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[i:])
			for _, c := range t[i+1 : i+size] {
				hist[c]++
			}
		}
		i += size
		chars++
		isLetter := r < utf8.RuneSelf && r|0x20 >= 'a' && r|0x20 <= 'z' || r >= utf8.RuneSelf && unicode.IsLetter(r)
		isDigit := r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsNumber(r)
		switch {
		case isLetter:
			letters++
			if r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r) {
				upper++
			}
		case isDigit:
			digits++
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r >= utf8.RuneSelf && unicode.IsSpace(r):
		default:
			symbols++
		}
		if isLetter || isDigit {
			wordChars++
			if !inWord {
				words++
			}
		}
		inWordBit = 0
		if isLetter || isDigit {
			inWordBit = 1
		}
	}
	var entropy float64
	n := float64(len(t))
	for _, c := range hist {
		if c > 0 {
			p := float64(c) / n
			entropy -= p * math.Log2(p)
		}
	}
	share := func(a, b int) float32 {
		if b == 0 {
			return 0
		}
		return float32(a) / float32(b)
	}
	f[0] = float32(math.Log(float64(len(t)) + 1))
	f[1] = float32(math.Log(float64(words) + 1))
	f[2] = share(letters, chars)
	f[3] = share(digits, chars)
	f[4] = share(symbols, chars)
	f[5] = share(upper, letters)
	f[6] = share(wordChars, max(words, 1))
	f[7] = float32(entropy)
}
