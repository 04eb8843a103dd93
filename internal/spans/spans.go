package spans

import (
	"math"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Name names the tokens of a Tokenizer in reports, WordsName those of a
// Tokenizer with Words set.
const (
	Name      = "spans/v1: NFKD, accents dropped, lowercase; white-space runs with all but letters and digits dropped; line-end hyphens joined"
	WordsName = `spans/v1 words: NFKD, accents dropped, lowercase, split on [^\p{L}\p{N}]+ (scan's words, accents aside)`
)

// Tokenizer splits texts into normalised word tokens (see the package
// comment). The zero value is ready; one per goroutine: its slices are
// scratch that the next call to Tokens overwrites.
type Tokenizer struct {
	// Hashes are the tokens' hashes, Starts and Ends their byte ranges in
	// the text given to Tokens.
	Hashes       []uint64
	Starts, Ends []int32
	// Words, if set, makes every character but a letter or a digit
	// separate tokens, as the words tokenizer of scan does (split on
	// [^\p{L}\p{N}]+): tokens are then counted as scan counts words.
	Words  bool
	prefix []uint64
	folded map[rune]string // non-ASCII rune -> its normalised form ("" for a separator)
}

const (
	fnvOffset = 0xcbf29ce484222325
	fnvPrime  = 0x100000001b3
	// gramBase is the odd multiplier of the k-gram prefix sums.
	gramBase = 0x9e3779b97f4a7c15
)

// character classes
const (
	clSep    = iota // punctuation, symbols: dropped inside a run
	clLetter        // letters
	clDigit         // digits
	clSpace         // white space: ends a run
	clHyphen        // (state only) a hyphen after a letter
)

// Tokens tokenizes text into t.Hashes, t.Starts and t.Ends, and returns
// the number of tokens. A token is a run of characters between white
// space with everything but its letters and digits dropped (as copies
// normalised by deleting punctuation have it); a run with no letter or
// digit makes no token. Starts and Ends span its first to last letter or
// digit.
func (t *Tokenizer) Tokens(text []byte) int {
	if t.Words {
		return t.words(text)
	}
	return t.general(text)
}

// general is Tokens' loop for every mode, one character at a time.
func (t *Tokenizer) general(text []byte) int {
	t.Hashes, t.Starts, t.Ends = t.Hashes[:0], t.Starts[:0], t.Ends[:0]
	n := len(text)
	var h uint64 = fnvOffset
	start, end := -1, 0
	last := clSep // class of the last character of the run
	flush := func() {
		if start >= 0 {
			t.Hashes = append(t.Hashes, mix64(h))
			t.Starts = append(t.Starts, int32(start))
			t.Ends = append(t.Ends, int32(end))
		}
		h, start = fnvOffset, -1
	}
	for i := 0; i < n; {
		cl, size, normed := t.class(text, i)
		if cl == clSpace {
			// A word broken at a line end, "contami-\n  nation", goes on.
			if last == clHyphen && start >= 0 {
				j, nl := i, false
				for j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n') {
					nl = nl || text[j] == '\n'
					j++
				}
				if nl && j < n && text[j] >= 'a' && text[j] <= 'z' {
					i, last = j, clSep
					continue
				}
			}
			flush()
			last = clSpace
			i += size
			continue
		}
		if cl == clSep && t.Words {
			flush()
			last = clSpace
			i += size
			continue
		}
		if cl == clSep {
			if text[i] == '-' && (last == clLetter) {
				last = clHyphen
			} else {
				last = clSep
			}
			i += size
			continue
		}
		if start < 0 {
			start = i
		}
		if normed == "" {
			c := text[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = (h ^ uint64(c)) * fnvPrime
		} else {
			for k := 0; k < len(normed); k++ {
				h = (h ^ uint64(normed[k])) * fnvPrime
			}
		}
		i += size
		end = i
		last = cl
	}
	flush()
	return len(t.Hashes)
}

// wordByte is an ASCII byte's contribution to a word token: letters
// lowercased, digits as they are, 0 for a separator.
var wordByte = func() (w [utf8.RuneSelf]byte) {
	for c := byte('a'); c <= 'z'; c++ {
		w[c], w[c-'a'+'A'] = c, c
	}
	for c := byte('0'); c <= '9'; c++ {
		w[c] = c
	}
	return w
}()

// words is Tokens with Words set: with hyphens and white space alike
// separators, a token is a run of letters and digits, which one table
// read a byte finds in ASCII text; class is called only for the bytes of
// other characters. It gives the tokens, hashes and bounds the general
// loop gives with Words set (TestWordsFastPath).
func (t *Tokenizer) words(text []byte) int {
	hs, ss, es := t.Hashes[:0], t.Starts[:0], t.Ends[:0]
	n := len(text)
	for i := 0; i < n; {
		if c := text[i]; c < utf8.RuneSelf {
			if wordByte[c] == 0 {
				i++
				continue
			}
		} else if cl, size, _ := t.class(text, i); cl == clSep || cl == clSpace {
			i += size
			continue
		}
		start := i
		h := uint64(fnvOffset)
		for i < n {
			c := text[i]
			if c < utf8.RuneSelf {
				f := wordByte[c]
				if f == 0 {
					break
				}
				h = (h ^ uint64(f)) * fnvPrime
				i++
				continue
			}
			cl, size, normed := t.class(text, i)
			if cl == clSep || cl == clSpace {
				break
			}
			for k := 0; k < len(normed); k++ {
				h = (h ^ uint64(normed[k])) * fnvPrime
			}
			i += size
		}
		hs = append(hs, mix64(h))
		ss = append(ss, int32(start))
		es = append(es, int32(i))
	}
	t.Hashes, t.Starts, t.Ends = hs, ss, es
	return len(hs)
}

// class returns the class of the character at text[i], its size in bytes,
// and for a non-ASCII letter or digit its normalised form ("" for ASCII,
// which the caller lowercases).
func (t *Tokenizer) class(text []byte, i int) (cl, size int, normed string) {
	c := text[i]
	if c < utf8.RuneSelf {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return clLetter, 1, ""
		case c >= '0' && c <= '9':
			return clDigit, 1, ""
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			return clSpace, 1, ""
		}
		return clSep, 1, ""
	}
	r, size := utf8.DecodeRune(text[i:])
	if unicode.IsSpace(r) {
		return clSpace, size, ""
	}
	f, ok := t.folded[r]
	if !ok {
		f = foldRune(r)
		if t.folded == nil {
			t.folded = map[rune]string{}
		}
		if len(t.folded) < 1<<16 {
			t.folded[r] = f
		}
	}
	switch {
	case f == "":
		return clSep, size, ""
	case f[0] >= '0' && f[0] <= '9' && len(f) == 1:
		return clDigit, size, f
	}
	return clLetter, size, f
}

// foldRune is the normalised form of a non-ASCII rune: NFKD, combining
// marks dropped, lowercased; "" when nothing of it is a letter or a
// digit. A soft hyphen is a separator (a joiner: see Tokenizer.joiner).
func foldRune(r rune) string {
	if r == utf8.RuneError || !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsNumber(r) {
		return ""
	}
	var out []rune
	for _, d := range norm.NFKD.String(string(r)) {
		switch {
		case unicode.Is(unicode.Mn, d):
		case unicode.IsLetter(d) || unicode.IsNumber(d):
			out = append(out, unicode.ToLower(d))
		}
	}
	return string(out)
}

// mix64 is MurmurHash3's finaliser.
func mix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

// Prefix builds the prefix sums of the last Tokens call's hashes, after
// which Gram hashes any k-gram of them.
func (t *Tokenizer) Prefix() {
	n := len(t.Hashes)
	if cap(t.prefix) < n+1 {
		t.prefix = make([]uint64, n+1, 2*(n+1))
	}
	p := t.prefix[:n+1]
	p[0] = 0
	for i, h := range t.Hashes {
		p[i+1] = p[i]*gramBase + h
	}
	t.prefix = p
}

// Gram returns the hash of the k tokens from token i, given pow =
// Pow(k); Prefix must have been called. Hashes of different k differ.
func (t *Tokenizer) Gram(i, k int, pow uint64) uint64 {
	return mix64(t.prefix[i+k] - t.prefix[i]*pow + uint64(k)*0x2545f4914f6cdd1d)
}

// Pow returns the multiplier Gram needs for k-grams.
func Pow(k int) uint64 {
	p := uint64(1)
	for range k {
		p *= gramBase
	}
	return p
}

// HashGrams hashes every k-gram of tokens (len(tokens)-k+1 of them, none
// when there are fewer than k) into dst, which it returns.
func HashGrams(dst []uint64, tokens []uint64, k int) []uint64 {
	dst = dst[:0]
	if len(tokens) < k {
		return dst
	}
	pow := Pow(k)
	var h uint64
	for i := range k {
		h = h*gramBase + tokens[i]
	}
	salt := uint64(k) * 0x2545f4914f6cdd1d
	dst = append(dst, mix64(h+salt))
	for i := k; i < len(tokens); i++ {
		h = h*gramBase + tokens[i] - tokens[i-k]*pow
		dst = append(dst, mix64(h+salt))
	}
	return dst
}

// Winnow appends to dst the positions of the fingerprints of grams: in
// every window of w consecutive hashes, the rightmost smallest, each
// position once, in increasing order. With fewer than w hashes, the one
// window is all of them. deque is scratch (returned for reuse).
func Winnow(dst []int32, grams []uint64, w int, deque []int32) ([]int32, []int32) {
	n := len(grams)
	if n == 0 {
		return dst, deque
	}
	if w > n {
		w = n
	}
	// deque holds positions of increasing hashes (strictly: a later equal
	// hash replaces an earlier one, so the rightmost smallest wins).
	deque = deque[:0]
	head := 0
	last := int32(-1)
	for i := range n {
		for len(deque) > head && grams[deque[len(deque)-1]] >= grams[i] {
			deque = deque[:len(deque)-1]
		}
		deque = append(deque, int32(i))
		if int(deque[head]) <= i-w {
			head++
		}
		if i >= w-1 {
			if m := deque[head]; m != last {
				dst = append(dst, m)
				last = m
			}
		}
		if head > 1024 && head*2 > len(deque) {
			deque = append(deque[:0], deque[head:]...)
			head = 0
		}
	}
	return dst, deque
}

// Sorted is a set of hashes kept sorted, with an index of where each
// bucket of their top bits starts: Has reads the index and searches the
// one bucket, about one hash for uniform hashes (the mixed hashes of this
// package), where a binary search of the whole list takes log2(n)
// dependent reads, each a cache miss on a list of millions. A bucket
// piled up by crafted input is still binary-searched. Its memory is 4
// to 8 bytes a hash on top of the list (a bucket a hash, up to the next
// power of two); it is read-only once built.
type Sorted struct {
	hs    []uint64
	start []int32 // start[b] is the first hash of bucket b; start[len-1] = len(hs)
	shift uint
}

// NewSorted indexes hs, which must be sorted in increasing order and is
// kept, not copied.
func NewSorted(hs []uint64) *Sorted {
	s := &Sorted{hs: hs, shift: 64}
	if len(hs) == 0 || len(hs) >= math.MaxInt32 {
		return s
	}
	nb := min(bits.Len(uint(len(hs))), 30)
	s.shift = uint(64 - nb)
	s.start = make([]int32, 1<<nb+1)
	b := 0
	for i, h := range hs {
		for top := int(h >> s.shift); b <= top; b++ {
			s.start[b] = int32(i)
		}
	}
	for ; b < len(s.start); b++ {
		s.start[b] = int32(len(hs))
	}
	return s
}

// Has reports whether h is in the set.
func (s *Sorted) Has(h uint64) bool {
	if s.start == nil {
		_, ok := slices.BinarySearch(s.hs, h)
		return ok
	}
	top := h >> s.shift
	bucket := s.hs[s.start[top]:s.start[top+1]]
	if len(bucket) > 4 {
		_, ok := slices.BinarySearch(bucket, h)
		return ok
	}
	for _, x := range bucket {
		if x == h {
			return true
		}
	}
	return false
}
