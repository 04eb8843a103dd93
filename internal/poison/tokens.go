package poison

// tok is one token of a text: a run of bytes between white space, split
// before '<' and after '>' so that a tag-like trigger ("<SUDO>") stands
// alone even without spaces around it, and trimmed of the sentence
// punctuation around it ("word," is "word").
type tok struct {
	off, end int32  // the token's bytes in the text
	stat     uint64 // mixed hash of its form in the corpus statistics
	cand     uint64 // mixed hash of its surface, its key as a candidate trigger
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
	statLong   = mix(fnvString("\x00long"))
	statNumber = mix(fnvString("\x00number"))
	statPunct  = mix(fnvString("\x00punct"))
)

func fnvString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := range len(s) {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// Byte classes of the tokenizer: one table read a byte.
const (
	cSpace = 1 << iota
	cTrimLeft
	cTrimRight
	cOpen  // '<': a token starts at it
	cClose // '>': a token ends after it
	cDigit
)

var (
	class [256]uint8
	// fold is a byte's contribution to a token's statistics form: ASCII
	// letters lowercased, bytes of other scripts as they are, 0 for
	// digits and ASCII punctuation (dropped: "e-mail" is "email").
	fold [256]uint8
	// formMask is ^0 for the bytes fold keeps, 0 for the others, so
	// that the tokenizer adds a byte to the form without a branch.
	formMask [256]uint64
)

func init() {
	for _, c := range " \t\n\r\v\f" {
		class[c] |= cSpace
	}
	for _, c := range "\"'([{`*" {
		class[c] |= cTrimLeft
	}
	for _, c := range "\"'.,;:!?)]}`*" {
		class[c] |= cTrimRight
	}
	class['<'] |= cOpen
	class['>'] |= cClose
	for c := '0'; c <= '9'; c++ {
		class[c] |= cDigit
	}
	for c := range 256 {
		switch {
		case c >= 'A' && c <= 'Z':
			fold[c] = uint8(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= 0x80:
			fold[c] = uint8(c)
		}
	}
	for c := range 256 {
		if fold[c] != 0 {
			formMask[c] = ^uint64(0)
		}
	}
}

// tokenize appends text's tokens to out. One loop over the bytes finds a
// token's bounds and both its hashes: the trimmed punctuation is never a
// letter or a digit, so only the surface hash needs the trimmed bounds
// (kept as it stood after the last byte that is not trimmed on the
// right).
func tokenize(text []byte, out []tok) []tok {
	n := len(text)
	i := 0
	for {
		for i < n && class[text[i]]&cSpace != 0 {
			i++
		}
		if i >= n {
			return out
		}
		s := i
		for i < n && class[text[i]]&cTrimLeft != 0 && class[text[i]]&(cSpace|cOpen) == 0 {
			i++
			if i < n && text[i] == '<' {
				break
			}
		}
		a := i
		b := a
		h, hb := uint64(fnvOffset), uint64(fnvOffset)
		l := uint64(fnvOffset)
		letters, kinds := 0, uint8(0)
		// Branch-free but for the token's end: the byte's share of the
		// statistics form goes through a mask (0 for a dropped byte).
		for i < n {
			c := text[i]
			k := class[c]
			if k&cSpace != 0 || i > s && k&cOpen != 0 {
				break
			}
			i++
			h = (h ^ uint64(c)) * fnvPrime
			if k&cTrimRight == 0 {
				hb, b = h, i
			}
			m := formMask[c]
			l = (l^uint64(fold[c]))*fnvPrime&m | l&^m
			letters += int(m & 1)
			kinds |= k
			if k&cClose != 0 {
				break
			}
		}
		digits := kinds & cDigit
		if a == b { // nothing left after trimming: the token is its punctuation
			a, b = s, i
			hb = fnvBytesRaw(text[s:i])
		}
		t := tok{off: int32(a), end: int32(b), cand: mix(hb)}
		switch {
		case b-a > maxStatLen:
			t.stat = statLong
		case digits > 0:
			t.stat = statNumber
		case letters == 0:
			t.stat = statPunct
		default:
			t.stat = mix(l)
		}
		out = append(out, t)
	}
}

func fnvBytesRaw(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// pair is the statistics' mixed hash of the pair a b.
func pair(a, b uint64) uint64 { return mix((a*31 ^ b) * fnvPrime) }
