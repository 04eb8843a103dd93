package stats

// Count returns how many tokens Next finds in text, without making them:
// ASCII text is counted by its character classes alone, and from the
// first byte above 0x7f on (from the start of the token it is in) Next
// takes over. The split checks count tokens per split with it.
func (t *Tokenizer) Count(text []byte) int {
	n, start := 0, -1 // start: the current token's first byte; -1 between tokens
	for i, c := range text {
		switch asciiClass[c] {
		case clSep:
			start = -1
		case clMulti:
			p := i
			if start >= 0 {
				p, n = start, n-1 // Next counts this token again
			}
			for tok, q := t.Next(text, p); tok != nil; tok, q = t.Next(text, q) {
				n++
			}
			return n
		default:
			if start < 0 {
				start, n = i, n+1
			}
		}
	}
	return n
}
