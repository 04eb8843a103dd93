package stats

import (
	"encoding/binary"
	"slices"
	"unsafe"
)

// asciiArgs is what countShortASCII reads and writes (fused_amd64.s reads
// its fields by offset: TestASCIIArgsLayout). For every token that starts
// in its blocks it writes a word hash: for a token of at most 16 bytes
// what StableHash mixes last (stableHashAtPre), for a longer one 0, which
// the Go loop overwrites. A token of at most 16 bytes found in its home
// slot (countShortHome, countMidHome) it counts there; every other token,
// in token order, it leaves as a record of two words for the Go loop:
// st | l<<32 (l 64: a run of 64 bytes or more, measured by runLength) and
// the address of its word hash.
type asciiArgs struct {
	slots  unsafe.Pointer // &t.slots[0]
	shift  uint64         // t.shift
	seed   uint64         // shortSeed
	nb     int            // the text's blocks, len(text)/64+1
	hashes *uint64        // where the word hashes go: 32 a block
	recs   *uint64        // where the records go: 64 words a block
	ntok   int            // out: the tokens, as many word hashes
	nrec   int            // out: the records
	pipe   *uint64        // the pipeline's entries: 5 words a token
	// The kernel's own (at 72, 80, 88): the first entries of the last
	// two blocks and where the next record goes, as integers: they may
	// point one past the end of their buffers, which the garbage collector
	// must not see.
	_        [3]uintptr
	mids     unsafe.Pointer // &t.mids[0]
	midShift uint64         // t.midShift
	midSeed0 uint64
	midSeed1 uint64
}

// asciiAsm says countASCII runs countShortASCII, set at start-up where
// the CPU has it (fused_amd64.go); tests clear it to run the Go loop.
var asciiAsm bool

// asciiWindow is how many blocks countShortASCII takes a call: its
// scratch is 32 word hashes and 32 records a block at most.
const asciiWindow = 16

// countASCIIAsm is countASCII through countShortASCII, for the tokens
// that start in blocks first to last-1 of a text without per-label counts,
// all ASCII (the whole text, or a part countSplit found): the kernel
// counts the tokens of up to 16 bytes found in their home slots, a window
// of blocks at a time, and this loop the others, in token order, so that
// new tokens get entry ids in the order countASCII gives them.
func (s *Summary) countASCIIAsm(lt []byte, bm []uint64, first, last int) (uint64, error) {
	t := s.tokens
	n := len(lt)
	full := lt[:n+tokSlack]
	nb := n/64 + 1
	if cap(s.recs) < 64*asciiWindow {
		s.recs = make([]uint64, 64*asciiWindow)
		s.pipe = make([]uint64, 160*asciiWindow)
	}
	recs := s.recs[:64*asciiWindow]
	var ntok uint64
	for from := first; from < last; from += asciiWindow {
		to := min(from+asciiWindow, last)
		var hs []uint64
		base := len(s.words.Hashes)
		if s.fill {
			if need := base + 32*(to-from); cap(s.words.Hashes) < need {
				s.words.Hashes = slices.Grow(s.words.Hashes, need-base)
			}
			hs = s.words.Hashes[base : base+32*(to-from)]
		} else {
			if cap(s.hashScratch) < 32*asciiWindow {
				s.hashScratch = make([]uint64, 32*asciiWindow)
			}
			hs = s.hashScratch[:32*asciiWindow]
		}
		a := asciiArgs{
			slots: unsafe.Pointer(unsafe.SliceData(t.slots)), shift: uint64(t.shift), seed: shortSeed,
			nb: nb, hashes: &hs[0], recs: &recs[0], pipe: &s.pipe[0],
			mids: unsafe.Pointer(unsafe.SliceData(t.mids)), midShift: uint64(t.midShift),
			midSeed0: midSeed0, midSeed1: midSeed1,
		}
		countShortASCII(&a, &full[0], &bm[0], from, to)
		ntok += uint64(a.ntok)
		t.total += uint64(a.ntok - a.nrec)
		if s.fill {
			s.words.Hashes = s.words.Hashes[:base+a.ntok]
		}
		h0 := uintptr(unsafe.Pointer(&hs[0]))
		for r := 0; r < 2*a.nrec; r += 2 {
			st, l := int(uint32(recs[r])), int(recs[r]>>32)
			wi := int((uintptr(recs[r+1]) - h0) / 8)
			if l == 64 {
				l = runLength(bm, st)
			}
			e := st + l
			var err error
			switch {
			case l <= 8:
				w := binary.LittleEndian.Uint64(full[st:]) & (^uint64(0) >> ((64 - 8*uint(l)) & 63))
				_, err = t.addHash(shortHash(w), lt[st:e], 1)
			case l <= 16:
				w0 := binary.LittleEndian.Uint64(full[st:])
				w1 := binary.LittleEndian.Uint64(full[st+8:]) & (^uint64(0) >> ((128 - 8*uint(l)) & 63))
				_, err = t.addMid(midHash(w0, w1), w0, w1, lt[st:e], 1)
			default:
				tok := lt[st:e]
				hs[wi] = stableHashPre(tok)
				h := longHash(tok)
				if _, hit := t.countLongHome(h, tok); !hit {
					_, err = t.addHash(h, tok, 1)
				}
			}
			if err != nil {
				return ntok, err
			}
		}
	}
	return ntok, nil
}

// minSplit is the fewest ASCII blocks countSplit hands to countASCIIAsm.
// At 2, texts with a byte of 0x80 or more about every 100 characters (the
// mail texts with é, ’, ü, — or ñ put in) took 10% more CPU than with
// countBlocks alone (BenchmarkSummaryAddCorpus/words 116-123 against
// 109-111 cpu-ms): a call for a few blocks costs more than it saves. At 8
// they take the same (110-119 against 108-120; the scan 0.19-0.24 against
// 0.20-0.22 CPU s).
const minSplit = 8

// countSplit is countTokens for a text that is not all ASCII, without
// per-label counts. Such texts are 4% of the mail corpus' texts but 8% of
// its bytes, and 89% of their 64-byte blocks hold no byte of 0x80 or more
// (a name, a curly quote, a signature in a mostly English mail). It cuts
// the text at the edges of blocks that no token crosses (cleanEdge) into
// runs of such ASCII blocks, which countASCIIAsm counts, and the rest,
// which countBlocks counts, in text order: the same tokens in the same
// order as countBlocks over the whole text, so the same entry ids and
// word hashes (TestCountSplit, FuzzCountSplit).
func (s *Summary) countSplit(lt []byte, bm []uint64) (uint64, error) {
	nb := len(lt)/64 + 1
	var ntok uint64
	done := 0 // blocks before it are counted
	for k := 0; k < nb; {
		if bm[2*k+1] != 0 {
			k++
			continue
		}
		a := k
		for k < nb && bm[2*k+1] == 0 {
			k++
		}
		b := k
		for a < b && !cleanEdge(bm, a) {
			a++
		}
		for b > a && b < nb && !cleanEdge(bm, b) {
			b--
		}
		if b-a < minSplit {
			continue
		}
		if a > done {
			c, err := s.countBlocks(lt, bm, done, a, nil)
			ntok += c
			if err != nil {
				return ntok, err
			}
		}
		c, err := s.countASCIIAsm(lt, bm, a, b)
		ntok += c
		if err != nil {
			return ntok, err
		}
		done = b
	}
	if done < nb {
		c, err := s.countBlocks(lt, bm, done, nb, nil)
		ntok += c
		if err != nil {
			return ntok, err
		}
	}
	return ntok, nil
}

// cleanEdge reports whether no token crosses the edge between blocks k-1
// and k of bm (interleaved cand and high bitmaps): the byte before it or
// the byte after it is not a token's.
func cleanEdge(bm []uint64, k int) bool {
	return k == 0 || bm[2*k-2]>>63 == 0 || bm[2*k]&1 == 0
}
