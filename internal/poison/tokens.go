package poison

// tok is one token of a text: a run of bytes between white space, split
// before '<' and after '>' so that a tag-like trigger ("<SUDO>") stands
// alone even without spaces around it, and trimmed of the sentence
// punctuation around it ("word," is "word").
type tok struct {
	off, end int32  // the token's bytes in the text
	stat     uint64 // hash of its form in the corpus statistics
	cand     uint64 // hash of its surface, its key as a candidate trigger
}

const (
	// maxStatLen: longer tokens (URLs, base64 lines, runs of CJK) are all
	// one form in the statistics, so that encoded blocks, which natural
	// mail is full of, read as runs of one common token, not as runs of
	// unseen ones.
	maxStatLen = 24
	fnvOffset  = 14695981039346656037
	fnvPrime   = 1099511628211
)

// Forms that stand for a class of tokens in the statistics.
var (
	statLong   = fnvString("\x00long")
	statNumber = fnvString("\x00number")
	statPunct  = fnvString("\x00punct")
)

func fnvString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := range len(s) {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

var (
	space     [256]bool
	trimLeft  [256]bool
	trimRight [256]bool
)

func init() {
	for _, c := range " \t\n\r\v\f" {
		space[c] = true
	}
	for _, c := range "\"'([{`*" {
		trimLeft[c] = true
	}
	for _, c := range "\"'.,;:!?)]}`*" {
		trimRight[c] = true
	}
}

// tokenize appends text's tokens to out.
func tokenize(text []byte, out []tok) []tok {
	n := len(text)
	for i := 0; i < n; {
		for i < n && space[text[i]] {
			i++
		}
		if i >= n {
			break
		}
		s := i
		for i < n && !space[text[i]] {
			c := text[i]
			i++
			if c == '>' || i < n && text[i] == '<' {
				break
			}
		}
		a, b := s, i
		for a < b && trimLeft[text[a]] {
			a++
		}
		for b > a && trimRight[text[b-1]] {
			b--
		}
		if a == b {
			a, b = s, i
		}
		out = append(out, makeTok(text, a, b))
	}
	return out
}

func makeTok(text []byte, a, b int) tok {
	t := tok{off: int32(a), end: int32(b)}
	h, l := uint64(fnvOffset), uint64(fnvOffset)
	letters, digits := 0, 0
	for _, c := range text[a:b] {
		h = (h ^ uint64(c)) * fnvPrime
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= '0' && c <= '9':
			digits++
			continue
		case c < 0x80 && !(c >= 'a' && c <= 'z'):
			continue // punctuation inside a word ("e-mail", "don't") is dropped
		}
		letters++
		l = (l ^ uint64(c)) * fnvPrime
	}
	t.cand = h
	switch {
	case b-a > maxStatLen:
		t.stat = statLong
	case digits > 0:
		t.stat = statNumber
	case letters == 0:
		t.stat = statPunct
	default:
		t.stat = l
	}
	return t
}

// pair is the statistics' hash of the pair a b.
func pair(a, b uint64) uint64 { return (a*31 ^ b) * fnvPrime }
