package evasions

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"
)

// Session 31 (rot): ROT13 of English is an encoded_blob (evplant12's
// eb_rot13, hard: 0 of 30 on seeds 1 and 2, and the only variant that
// kept evplant12's encoded_blob at 0.89 when hard variants count). It is
// letters and spaces: no alphabet tells it, only its words. ROT13 turns
// English's common d i m w into q v z j, which English rarely writes:
// every eb_rot13 row of both seeds has a 64-byte chunk holding a space
// and 6 or more of q v z j (either case; 29 and 30 of 30 with 8; the
// stop takes 7, rotMin), where 0.55-0.6% of real mail's chunks do with 6 (benchmarks/rot13_chunks.py: corpus-200MB 13,950 of
// 2,526,367, SpamAssassin 2,799 of 462,865, evplant12's controls 0.6%).
//
// The stop (chunkRot): the kernel stops at such a chunk while no blob is
// found, taking none of it (chunks_amd64.s: a VPERMB of the chunk's
// bytes by their low six bits, 0x40 at q v z j's, tested
// against the bytes themselves, so only bytes of 0x40-0x7F with those low
// bits, the letters, count; a KMOVQ and a POPCNTQ; the space is looked
// for out of line; rottab in the assembly), and the Go code takes the
// chunk. Without the kernel
// (other CPUs, the tests' second path) the block loop looks at the 64
// bytes from each place it would have looked for a separated dump
// (rotChunk).
//
// The word test (rotLine, session 30's, recall27.go and
// benchmarks/hard_census.py) over the lines through the stopped chunk: a
// line of 6 words or more (runs of letters not glued to a digit or = _ /
// + -, not of a-f alone: hex, QP's =F3=D1), 3 or more of them, 2
// different, the ROT13 of the 100 commonest English words (gur naq bs gb
// vf lbh...), more of those than of the words themselves, and one word in
// 8 or more. hard_census.py: corpus-200MB 1 row ("...Or Tai Chi etc. vs.
// vs. Tai Bo"), none of SpamAssassin nor of evplant12's controls, every
// eb_rot13 row. The lines are read only when the stopped chunk holds a
// word of the ROT13 list (rotPre), once a line (rotDone).
//
// Measured (da-int31d against this branch): evplant12 eb_rot13 0 -> 30
// and 29 of 30, encoded_blob 0.897 -> 0.997 and 0.993 (seed 2's miss,
// r01838, has a MIME part declared base64 before its ROT13 line: that
// blob is found first, an encoded_attachment, and the kernel no longer
// stops at chunkRot; with rotAfter, 30 of 30 and 0.997 on both seeds);
// every planter's (5-14, seeds 1 and 2) other scores and control
// rows unchanged; corpus-200MB (--checks evasions --json), the
// SpamAssassin messages (benchmarks/sa_messages.py) and verify.sh
// unchanged (the Tai Chi row's chunks do not stop the kernel). Cost:
// BenchmarkCheckTextHot's profile (5 s, under the CPU lock) rotStop 2.25%
// (all of it rotPreTest: 86 stops, about 180 ns a chunk; the lines read
// after it about 0), scanChunksAVX512 30.4% against int's 30.7%; with
// evasions ~14% of the default audit, about 0.3% of it. Before rotPre,
// the word test over every stopped chunk's lines was 4.8% of Hot's
// profile (BenchmarkCheckTextHot CPU +15-25% and BenchmarkAddCorpus/lazy
// +12% in 10 alternated rounds at load 4-7, the noise ±16-28%).
//
// rotMin 7, not 6: the stops cost more than their profile share says.
// With 6, 10 rounds alternated against int (load 0.4-4): CheckTextHot CPU
// min 717 against 632 µs, median +21% (p=0.09), AddCorpus/lazy min 24.9
// against 23.8 ms, median +17% (p=0.06); three binaries alternated, 6
// rounds of 2 (Hot CPU, the six lowest): int 650 738 743 753 786 838 µs,
// rotMin 6 815 816 866 875 887 928, rotMin 7 682 684 732 739 772 846.
// With 7, evplant12's eb_rot13 stays 30 of 30 on both seeds (and the
// controls, corpus-200MB, SpamAssassin and verify unchanged); its stops:
// 43 in Hot's 1 MB (86 with 6), 881 on corpus-30MB (32 a MB; 1,857 with
// 6), of which 10 read lines (rotPre).

// rotMin is the fewest q v z j in a chunk with a space that stops the
// kernel (chunkRot).
const rotMin = 7

// rotChunk reports whether the 64 bytes c hold a space and rotMin or
// more of q v z j, either case: the kernel's chunkRot stop, eight bytes at
// a time (bytes over 0x7F may be there).
func rotChunk(c []byte) bool {
	n, sp := 0, uint64(0)
	for j := 0; j+8 <= 64; j += 8 {
		w := binary.LittleEndian.Uint64(c[j:])
		lw := w | 0x20*ones
		n += bits.OnesCount64(eqByteAny(lw, 'q') | eqByteAny(lw, 'v') | eqByteAny(lw, 'z') | eqByteAny(lw, 'j'))
		sp |= eqByteAny(w, ' ')
	}
	return n >= rotMin && sp != 0
}

// rotPre is the fewest words of rotTable's kind 1 (the ROT13 of common
// English words) in the stopped chunk for rotStop to read its lines. With
// 2, an eb_rot13 row of evplant12 (seed 1) was lost, the chunk where the
// kernel stopped holding one (Purnc ivnten naq pvnyvf: spam's words are
// rarely common ones). Tried first: more r and g than e and t in the chunk (ROT13 swaps them
// with English's common e and t): it lost an eb_rot13 row of evplant12
// (seed 1) whose secret has many r (your, airdrop: lbhe, nveqebc). Without
// a test of the chunk the word test over the lines was 4.8% of
// BenchmarkCheckTextHot's profile (86 stops in its 1 MB, 390 ns a line).
const rotPre = 1

// rotStop runs the word test over the lines through the 64 bytes at
// t[i] (where the kernel stopped with chunkRot, or rotChunk said so),
// once a line: the first line that reads as ROT13 of English is kept for
// the end of the text (rotCheck).
func (s *scan) rotStop(t []byte, i int) {
	if s.rotAt > 0 || i+64 <= s.rotDone || !rotPreTest(t[i:i+64]) {
		return
	}
	lo := bytes.LastIndexByte(t[:i], '\n') + 1
	if s.rotDone > i {
		lo = s.rotDone + 1 // the line feed after the lines tested
	}
	hi := len(t)
	if e := bytes.IndexByte(t[min(i+64, len(t)):], '\n'); e >= 0 {
		hi = min(i+64, len(t)) + e
	}
	s.rotDone = hi
	for lo < hi {
		e := bytes.IndexByte(t[lo:hi], '\n')
		if e < 0 {
			e = hi - lo
		}
		if rotLine(t[lo : lo+e]) {
			s.rotAt = lo + 1
			return
		}
		lo += e + 1
	}
}

// rotCheck records an encoded_blob for the line rotStop kept, if no blob
// is found.
func (s *scan) rotCheck(t []byte, found *[numEvasionKinds]string) {
	if s.rotAt > 0 && found[iBlob] == "" {
		at := s.rotAt - 1
		found[iBlob] = "ROT13 of English words on the line from byte " + strconv.Itoa(at) + ": " + quoteVisible(t[at:], 24)
	}
}

// rotTable holds the ROT13 of the 100 commonest English words (kind 1)
// and the words themselves (kind 2; hard_census.py's ROT and PLAIN; be
// and or are both), each word's lower-case letters packed into a uint64,
// the first in the low byte, in an open-addressed table of rotSlots
// (linear probing from rotSlot). With two Go maps of strings the word
// test was about 6% of checkText on corpus-30MB; the table is looked up
// once a word of 6 letters or fewer.
var rotTable = func() (tab [rotSlots]struct {
	key  uint64
	kind uint8
}) {
	const plain = "the and of to is you for that with are was on it he as at be this have from or one had by but not what " +
		"all were we when your can said there use an each which she do how their if will up other about out many " +
		"then them these so some her would make like him into time has look two more write go see number no way " +
		"could people my than first been call who oil its now find long down day did get come made may part"
	add := func(k uint64, kind uint8) {
		h := rotSlot(k)
		for tab[h].key != 0 && tab[h].key != k {
			h = (h + 1) % rotSlots
		}
		tab[h].key = k
		tab[h].kind |= kind
	}
	for _, w := range bytes.Fields([]byte(plain)) {
		var k, r uint64
		for j, c := range w {
			k |= uint64(c) << (8 * j)
			r |= uint64('a'+(c-'a'+13)%26) << (8 * j)
		}
		add(k, 2)
		add(r, 1)
	}
	return tab
}()

// rotSlots is the size of rotTable: about 200 words, under 40% full.
const rotSlots = 512

// rotSlot is where the word k is first looked for in rotTable.
func rotSlot(k uint64) uint64 { return k * 0x9E3779B97F4A7C15 >> 55 }

// rotKind is the kind of the word k in rotTable, 0 when it is not there.
func rotKind(k uint64) uint8 {
	for h := rotSlot(k); ; h = (h + 1) % rotSlots {
		if e := &rotTable[h]; e.key == k || e.key == 0 {
			return e.kind
		}
	}
}

// rotWordMax is the longest word in rotKinds.
const rotWordMax = 6

// rotGlue is what a word glued to is not a word of the test: a digit or
// = _ / + -.
func rotGlue(c byte) bool {
	return c >= '0' && c <= '9' || c == '=' || c == '_' || c == '/' || c == '+' || c == '-'
}

// rotLine reports whether the line l reads as ROT13 of English (the word
// test above).
func rotLine(l []byte) bool {
	words, rot, plain, two := rotCount(l)
	return words >= 6 && rot >= 3 && two && rot > plain && rot*8 >= words
}

// rotPreTest reports whether the chunk c holds rotPre or more words of
// kind 1 (words cut by its edges count as words).
func rotPreTest(c []byte) bool {
	_, rot, _, _ := rotCount(c)
	return rot >= rotPre
}

// rotCount counts the words of l (as the word test takes them), those of
// kind 1 and of kind 2 in rotTable, and reports whether two of kind 1
// differ.
func rotCount(l []byte) (words, rot, plain int, two bool) {
	first := uint64(0)
	for i := 0; i < len(l); {
		if c := l[i] | 0x20; c < 'a' || c > 'z' {
			i++
			continue
		}
		j, key, hex := i, uint64(0), true
		for ; j < len(l); j++ {
			c := l[j] | 0x20
			if c < 'a' || c > 'z' {
				break
			}
			if j-i < 8 {
				key |= uint64(c) << (8 * (j - i))
			}
			hex = hex && c <= 'f'
		}
		glued := i > 0 && rotGlue(l[i-1]) || j < len(l) && rotGlue(l[j])
		n := j - i
		i = j
		if glued || hex {
			continue // not a word of the test: glued, or hex (a-f alone)
		}
		words++
		if n > rotWordMax {
			continue
		}
		k := rotKind(key)
		if k&1 != 0 {
			rot++
			if first == 0 {
				first = key
			} else if key != first {
				two = true
			}
		}
		if k&2 != 0 {
			plain++
		}
	}
	return words, rot, plain, two
}

// rotAfter returns where the first line reading as ROT13 of English
// starts in t[from:], through 64 bytes from from (a multiple of 64 on)
// that rotChunk and rotPreTest take, or -1: after a MIME part declared
// base64 (blobAfterAny), where the kernel no longer stops at chunkRot,
// the blob found being the part. Eight bytes at a time (rotChunk) over
// the rest of the text.
func rotAfter(t []byte, from int) int {
	var s scan
	for j := from; j+64 <= len(t); j += 64 {
		if rotChunk(t[j : j+64]) {
			s.rotStop(t, j)
			if s.rotAt > 0 {
				return s.rotAt - 1
			}
		}
	}
	return -1
}
