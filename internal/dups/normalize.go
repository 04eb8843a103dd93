package dups

import (
	"encoding/binary"
	"slices"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Normalizer puts texts in the default normalization (NormalizeDefault:
// NFKC, case folding, white space collapsed) in scratch buffers of its
// own, so that a worker normalises its rows without allocating. The zero
// value is ready; one per goroutine. The exact-duplicate check and the
// label checks' folds (internal/labels) use it, so that both call the
// same texts equal.
type Normalizer struct {
	buf, buf2 []byte
}

// Normalize returns t in the default normalization, in a scratch buffer
// that the next call overwrites; t is not changed.
//
// NFKC and case folding are the identity on ASCII but for upper case
// letters: runs of ASCII bytes are lowercased and their white space
// collapsed by collapseRun (64 bytes at a time with AVX-512), and only
// the stretches of text around bytes that are not ASCII go through NFKC
// and the fold table (foldCollapse). An ASCII text is one call of
// collapseRun. Splitting the text so is NFKC of the whole: NFKC never
// composes an ASCII character with the one before it (it starts a
// segment: TestNFKCBoundaries), so a stretch that ends before an ASCII
// byte normalises alone; it starts at the first byte that is not ASCII,
// or at the ASCII letter before it when that letter composes with what
// follows ("e\u0301").
//
// White space is collapsed as it is written: a space for the first byte
// of a run of white space but at the start of the text, and a space at
// the end dropped at the end.
func (z *Normalizer) Normalize(t []byte) []byte {
	return z.normalize(t, nil)
}

// pieceLen is about how many bytes of a text normalize gathers before it
// hands them to its emit function: what a long text keeps in memory.
const pieceLen = 64 << 10

// normalize puts t in the default normalization. With emit nil it
// returns all of it, in z.buf. Otherwise it hands it to emit in pieces of
// about pieceLen bytes (longer only around a stretch of pieceLen bytes
// without an ASCII one) and returns nil: what a hash of the whole needs,
// without holding the whole.
//
// A piece of the input ends before an ASCII byte, where NFKC starts a
// segment (TestNFKCBoundaries); a piece handed to emit never ends in
// white space, which may be the end of the text.
func (z *Normalizer) normalize(t []byte, emit func([]byte)) []byte {
	limit := len(t)
	if emit != nil {
		limit = pieceLen
	}
	out := z.buf[:0]
	sp := 1 // the last character written was white space, or there is none
	for i := 0; i < len(t); {
		n := min(len(t)-i, limit)
		if i+n < len(t) && t[i+n] >= utf8.RuneSelf {
			n++ // so that collapseRun stops at it, with the letter before it in its output
		}
		out = slices.Grow(out, n+64)
		w, r, s := collapseRun(out[len(out):cap(out)], t[i:i+n], sp)
		out = out[:len(out)+w]
		spBefore := sp
		i, sp = i+r, s
		if r < n {
			if j, o, s := simpleRunes(out, t, i, i+limit, sp); j > i {
				out, i, sp = o, j, s // characters that NFKC leaves alone, each a segment of its own
				r = n
			}
		}
		if r < n {
			start := i
			if r > 0 && sp == 0 && !norm.NFKC.Properties(t[i:]).BoundaryBefore() {
				// t[i-1], written as one byte, composes with what
				// follows: take it back.
				out = out[:len(out)-1]
				start = i - 1
				sp = spBefore
				if r > 1 {
					sp = 0
					if asciiSpace[t[i-2]] {
						sp = 1
					}
				}
			}
			i = stretchEnd(t, i, limit)
			z.buf2 = norm.NFKC.Append(z.buf2[:0], t[start:i]...)
			out, sp = foldCollapse(out, z.buf2, sp)
		}
		if emit != nil && len(out) >= pieceLen {
			k := len(out)
			if out[k-1] == ' ' {
				k-- // kept back: dropped if the text ends here
			}
			emit(out[:k])
			out = append(out[:0], out[k:]...)
		}
	}
	if len(out) > 0 && out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
	}
	z.buf = out
	if emit != nil {
		emit(out)
		return nil
	}
	return out
}

// minRun is the shortest run of ASCII bytes that ends a stretch of text
// that is not ASCII (stretchEnd): a shorter one is normalised with the
// stretch, so that texts in other scripts, whose words are apart by one
// ASCII space, are not cut at every space.
const minRun = 32

// stretchEnd returns where the stretch of t that starts at i, at a byte
// that is not ASCII, ends: at the start of the first run of minRun ASCII
// bytes after i, or at the first ASCII byte limit or more bytes after i,
// or at the end of t, or at the last byte of t when t ends in a shorter
// run of ASCII bytes (the run is collapsed by collapseRun).
func stretchEnd(t []byte, i, limit int) int {
	run := 0
	for j := i; j < len(t); j++ {
		if t[j] >= utf8.RuneSelf {
			run = 0
			continue
		}
		if run++; run == minRun || j-i >= limit {
			return j + 1 - run
		}
	}
	return len(t) - run
}

// foldCollapse appends t, in NFKC, to out case folded, and every run of
// white space written as one space but after white space (sp is 1 when
// the last character written was white space, or there is none), and
// returns out and sp: cases.Fold, then ASCII lowercased and white space
// collapsed, in one pass. Characters other than ASCII are folded through
// the fold table (foldString). Folding never makes or unmakes white space
// or an ASCII capital (TestFoldTable), so folding a character as it is
// written is folding first.
func foldCollapse(out, t []byte, sp int) ([]byte, int) {
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			i++
			if l := asciiLower[c]; l != ' ' {
				out = append(out, l)
				sp = 0
			} else if sp == 0 {
				out = append(out, ' ')
				sp = 1
			}
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		if r != utf8.RuneError && unicode.IsSpace(r) {
			if sp == 0 {
				out = append(out, ' ')
				sp = 1
			}
			i += size
			continue
		}
		sp = 0
		if f, ok := foldString(r); ok {
			out = append(out, f...)
		} else {
			out = append(out, t[i:i+size]...) // an invalid byte, too, as it is
		}
		i += size
	}
	return out, sp
}

// collapseRun writes src into dst up to the first byte of src that is not
// ASCII: lowercased, and every run of white space written as one space
// but after white space (sp is 1 when the byte before src was white
// space, or there is none). It returns the bytes written, the bytes read
// (len(src), or the index of the first byte that is not ASCII) and
// whether the last byte read was white space (sp when none was read).
// dst must have room for len(src)+64 bytes. It runs collapse512 on CPUs
// with AVX-512 VBMI2, else collapseGo.
func collapseRun(dst, src []byte, sp int) (w, read, spOut int) {
	if useAVX512 {
		w, read, s := collapse512(unsafe.SliceData(dst), unsafe.SliceData(src), len(src), uint64(sp))
		return w, read, int(s)
	}
	return collapseGo(dst, src, sp)
}

// collapseGo is collapseRun in Go. Eight bytes at a time: when none is
// above ASCII and no two of them (nor the first and the byte before) are
// white space, the eight are written at once, capitals lowercased and
// white space made a space by word arithmetic. Otherwise, and for the
// last bytes, one at a time without a branch (collapseBytes).
func collapseGo(dst, src []byte, sp int) (w, read, spOut int) {
	i := 0
	for ; i+8 <= len(src); i += 8 {
		x := binary.LittleEndian.Uint64(src[i:])
		if x&highs != 0 {
			break
		}
		s := inRange(x, '\t', '\r') | eqByte(x, ' ') // white space
		if s&(s<<8|uint64(sp)<<7) == 0 {
			x |= inRange(x, 'A', 'Z') >> 2            // 0x20 in each capital
			x = x&^(s>>7*0xFF) | s>>2                 // white space to 0x20
			binary.LittleEndian.PutUint64(dst[w:], x) // w <= i: the output is never longer
			w += 8
			sp = int(s >> 63)
			continue
		}
		w, sp = collapseBytes(dst, w, sp, src[i:i+8])
	}
	n := i
	for n < len(src) && src[n] < utf8.RuneSelf {
		n++
	}
	w, sp = collapseBytes(dst, w, sp, src[i:n])
	return w, n, sp
}

// collapseBytes writes the ASCII bytes b at out[w:] as collapseRun
// does, one at a time, sp saying whether the byte before was white space,
// and returns the new write position and sp.
func collapseBytes(out []byte, w, sp int, b []byte) (int, int) {
	for _, c := range b {
		l := asciiLower[c&0x7f]
		s := 0
		if l == ' ' {
			s = 1
		}
		out[w] = l // w <= the index of c: the output is never longer
		w += 1 - s&sp
		sp = s
	}
	return w, sp
}

// Eight bytes at a time: a word with every byte c is c*ones; highs has
// the high bit of each byte, where the byte predicates answer.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// inRange has the high bit of each byte of x, eight ASCII bytes, set
// where lo <= byte <= hi. No byte carries into the next: each sum stays
// under 0x100.
func inRange(x uint64, lo, hi byte) uint64 {
	return (x + (0x80-uint64(lo))*ones) &^ (x + (0x7F-uint64(hi))*ones) & highs
}

// eqByte has the high bit of each byte of x, eight ASCII bytes, set where
// the byte is c (c < 0x80).
func eqByte(x uint64, c byte) uint64 {
	return ^(x ^ uint64(c)*ones + 0x7F*ones) & highs
}

// asciiLower maps an ASCII byte to itself lowercased, and ASCII white
// space to a space.
var asciiLower = func() (m [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case asciiSpace[c]:
			m[c] = ' '
		case 'A' <= c && c <= 'Z':
			m[c] = byte(c + 'a' - 'A')
		default:
			m[c] = byte(c)
		}
	}
	return m
}()

var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}

// simpleRunes writes to out, folded as foldCollapse does, the characters
// of t from i on that NFKC leaves as they are, each alone (simpleRune),
// while each is followed by an ASCII byte, the end of t or another such
// character: each is then a segment of its own, which NFKC leaves alone
// and which nothing before or after composes with, so it needs no NFKC
// and no stretch. It starts no character at stop or after (so that a
// piece stays about pieceLen bytes). It returns where it stopped (i when
// t[i] is not such a character, or is not followed by one), out and sp.
//
// Most characters above ASCII in mail are such, alone between ASCII
// bytes: in the 30 MB mail corpus 87% of them are U+FFFD (text decoded
// lossily) and most of the others letters, punctuation and symbols that
// NFKC keeps. A stretch around each (stretchEnd: up to the next run of
// minRun ASCII bytes) went through NFKC and foldCollapse a byte at a
// time.
func simpleRunes(out, t []byte, i, stop, sp int) (int, []byte, int) {
	for i < min(len(t), stop) && t[i] >= utf8.RuneSelf {
		r, size := utf8.DecodeRune(t[i:])
		if !simpleRune(r, size) {
			break
		}
		if k := i + size; k < len(t) && t[k] >= utf8.RuneSelf {
			if r2, size2 := utf8.DecodeRune(t[k:]); !simpleRune(r2, size2) {
				break // it may compose with r, or need a stretch of its own
			}
		}
		switch f, folds := foldString(r); {
		case unicode.IsSpace(r):
			if sp == 0 {
				out = append(out, ' ')
				sp = 1
			}
		case folds:
			out = append(out, f...)
			sp = 0
		default:
			out = append(out, t[i:i+size]...)
			sp = 0
		}
		i += size
	}
	return i, out, sp
}

// simpleRune reports whether r, read from size bytes, is a character of
// the Basic Multilingual Plane above ASCII that NFKC leaves as it is when
// alone and that starts a segment (NFKC composes it with nothing before
// it). An invalid byte (U+FFFD from one byte) is not. The bits of a page
// of 256 characters are computed from x/text's tables the first time a
// character of the page is asked about.
func simpleRune(r rune, size int) bool {
	if size < 2 || r > 0xFFFF {
		return false
	}
	p := r >> 8
	if !simpleReady[p].Load() {
		fillSimple(p)
	}
	return simpleBits[p][r>>6&3]>>(r&63)&1 != 0
}

var (
	simpleReady [256]atomic.Bool // by page: its bits are computed
	simpleBits  [256][4]uint64   // by page: a bit for each simple character
	simpleMu    sync.Mutex       // held while a page's bits are computed
)

// fillSimple computes the bits of page p for simpleRune, once.
func fillSimple(p rune) {
	simpleMu.Lock()
	defer simpleMu.Unlock()
	if simpleReady[p].Load() {
		return
	}
	defer simpleReady[p].Store(true)
	for r := p << 8; r < (p+1)<<8; r++ {
		if r < utf8.RuneSelf || !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if norm.NFKC.PropertiesString(s).BoundaryBefore() && norm.NFKC.IsNormalString(s) {
			simpleBits[p][r>>6&3] |= 1 << (r & 63)
		}
	}
}

// isNFKC reports whether t is in NFKC: norm.NFKC.IsNormal(t), which it
// calls only when t holds a character simpleRune does not know. A text
// whose characters above ASCII are all such is in NFKC: every character
// of it starts a segment (ASCII ones too: TestNFKCBoundaries), and NFKC
// leaves each alone. It reads ASCII eight bytes at a time, where IsNormal
// looks every byte up: IsNormal was 0.7% of the default audit's samples
// on the 200 MB mail (near duplicates ask it of each text that is not
// ASCII).
//
// At a character it does not know, IsNormal reads the text from the
// character before it (prev), not from the start: what comes before is
// characters that each start a segment NFKC leaves alone, so the text
// is in NFKC exactly when the rest is, counting the character before
// (which a combining mark may join). BenchmarkIsNFKC (30 MB mail, 6 runs
// alternated, load 10-12): 526 to 501 µs thread CPU (-4.75%, p=0.004).
func isNFKC(t []byte) bool {
	prev := 0 // the start of the character before i
	for i := 0; i < len(t); {
		if i+8 <= len(t) && binary.LittleEndian.Uint64(t[i:])&highs == 0 {
			prev = i + 7
			i += 8
			continue
		}
		if t[i] < utf8.RuneSelf {
			prev = i
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		if !simpleRune(r, size) {
			return norm.NFKC.IsNormal(t[prev:])
		}
		prev = i
		i += size
	}
	return true
}
