package stats

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"unsafe"
)

// asciiArgs is what countShortASCII reads and writes (fused_amd64.s reads
// its fields by offset: TestASCIIArgsLayout). For every token that starts
// in its blocks it writes a word hash: for a token of at most 63 bytes
// what StableHash mixes last (stableHashAtPre), for a run of 64 or more 0,
// which the Go loop overwrites. A token of at most 16 bytes found in its
// home slot (countShortHome, countMidHome) it counts there; every other
// token, in token order, it leaves as a record of three words for the Go
// loop: st | l<<32 (l 64: a run of 64 bytes or more, measured by
// runLength), the address of its word hash, and its hash: for a token of
// at most 8 bytes its shortHash (the Go loop's), for one of 9 to 16 its
// first word, for one of 17 to 63 its longHash, whose home slot the kernel
// has prefetched.
type asciiArgs struct {
	slots  unsafe.Pointer // &t.slots[0]
	shift  uint64         // t.shift
	seed   uint64         // shortSeed
	nb     int            // the text's blocks, len(text)/64+1
	hashes *uint64        // where the word hashes go: 32 a block
	recs   *uint64        // where the records go: 64 words a block
	ntok   int            // out: the tokens, as many word hashes
	nrec   int            // out: the records
	pipe   *uint64        // the pipeline's entries of short tokens: 4 words a token
	// The second pipe, of the tokens of 9 bytes or more (5 words a token,
	// at most 8 a block), their records (at 80: 24 words a block) and
	// the second pipe's next entry (at 88, the kernel's).
	mpipe    *uint64
	mrecs    *uint64
	_        uintptr
	mids     unsafe.Pointer // &t.mids[0]
	midShift uint64         // t.midShift
	midSeed0 uint64
	midSeed1 uint64
	longSeed uint64    // at 128
	_        [3]uint64 // the kernel's spills (at 136, 144, 152)
	// mixed, for a text not all ASCII, is its mixedStarts, a word a
	// block (nil for an ASCII text): the kernel skips the tokens that
	// start there, which the Go loop counts.
	mixed *uint64 // at 160
	nmrec int     // out: the records of the second pipe
	_     uintptr // the kernel's spill (at 176)
}

// asciiAsm says countASCII runs countShortASCII, set at start-up where
// the CPU has it (fused_amd64.go); tests clear it to run the Go loop.
var asciiAsm bool

// asciiWindow is how many blocks countShortASCII takes a call: its
// scratch is 32 word hashes and 32 records (96 words) a block at most,
// of which 8 records (24 words) of tokens of 9 bytes or more.
const asciiWindow = 16

// countASCIIAsm is countASCII through countShortASCII, for a text without
// per-label counts: the kernel counts the tokens of up to 16 bytes found
// in their home slots, a window of blocks at a time, and this loop the
// others, in token order, so that new tokens get entry ids in the order
// countASCII gives them.
//
// A text that is not all ASCII (ascii false) goes through it too: the
// kernel skips the runs with a byte of 0x80 or more (marked at their
// starts, mixedStarts), and this loop hands them to countMixed as
// countTokens does, in token order among the kernel's records; the kernel
// writes its word hashes to scratch, and this loop copies them to the
// batch's with the mixed runs' own (0 or more a run) in their places.
func (s *Summary) countASCIIAsm(lt []byte, bm []uint64, ascii bool) (uint64, error) {
	t := s.tokens
	n := len(lt)
	full := lt[:n+tokSlack]
	nb := n/64 + 1
	bm = bm[:2*nb]
	if cap(s.recs) < 120*asciiWindow {
		s.recs = make([]uint64, 120*asciiWindow)
		s.pipe = make([]uint64, 168*asciiWindow)
	}
	recs, mrecs := s.recs[:96*asciiWindow], s.recs[96*asciiWindow:120*asciiWindow]
	var ms []uint64
	if !ascii {
		if cap(s.mixed) < nb {
			s.mixed = make([]uint64, 2*nb)
		}
		ms = s.mixed[:nb]
		mixedStarts(ms, bm)
		if nb > maxKeptText/64 {
			s.mixed = nil // one huge text does not pin its scratch for the run
		}
	}
	// The kernel's arguments, set once a text, field by field (a composite
	// literal is built in a temporary and copied, a failed store forward
	// per word): each window then sets where its word hashes go and the
	// indexes, which the Go loop may have grown.
	var a asciiArgs
	a.seed, a.nb, a.recs, a.pipe = shortSeed, nb, &recs[0], &s.pipe[0]
	a.mpipe, a.mrecs = &s.pipe[128*asciiWindow], &mrecs[0]
	a.midSeed0, a.midSeed1, a.longSeed = midSeed0, midSeed1, longSeed
	if ms != nil {
		a.mixed = &ms[0]
	}
	var ntok uint64
	for from := 0; from < nb; from += asciiWindow {
		to := min(from+asciiWindow, nb)
		var hs []uint64
		base := len(s.words.Hashes)
		if s.fill {
			s.wordRoom(32 * (to - from))
		}
		if s.fill && ascii {
			hs = s.words.Hashes[base : base+32*(to-from)]
		} else {
			if cap(s.hashScratch) < 32*asciiWindow {
				s.hashScratch = make([]uint64, 32*asciiWindow)
			}
			hs = s.hashScratch[:32*asciiWindow]
		}
		a.hashes = &hs[0]
		a.slots, a.shift = unsafe.Pointer(unsafe.SliceData(t.slots)), uint64(t.shift)
		a.mids, a.midShift = unsafe.Pointer(unsafe.SliceData(t.mids)), uint64(t.midShift)
		countShortASCII(&a, &full[0], &bm[0], from, to)
		ntok += uint64(a.ntok)
		t.total += uint64(a.ntok - a.nrec - a.nmrec)
		if s.fill && ascii {
			s.words.Hashes = s.words.Hashes[:base+a.ntok]
		}
		// The window's mixed runs, by start (ascii false).
		var mx mixedRuns
		if ms != nil {
			mx.bm, mx.ms, mx.k, mx.to, mx.kc, mx.bits = bm, ms, from, to, from, ms[from]
		}
		h0 := uintptr(unsafe.Pointer(&hs[0]))
		// The two pipes' records, merged by start: token order. The first
		// pipe's are tokens of at most 8 bytes, the second's longer ones.
		ni, nj := 3*a.nrec, 3*a.nmrec
		i, j := 0, 0
		for {
			st := math.MaxInt // past the last record: the mixed runs left
			short := false
			if i < ni {
				st, short = int(uint32(recs[i])), true
			}
			if j < nj {
				if m := int(uint32(mrecs[j])); m < st {
					st, short = m, false
				}
			}
			for ms != nil {
				mst, ok := mx.next(st)
				if !ok {
					break
				}
				if s.fill {
					// The kernel's word hashes of the tokens before it.
					c := mx.before(mst)
					s.words.Hashes = append(s.words.Hashes, hs[mx.copied:c]...)
					mx.copied = c
				}
				k, err := s.countMixed(lt[:runEnd(bm, mst)], mst, nil)
				ntok += k
				if err != nil {
					return ntok, err
				}
			}
			if st == math.MaxInt {
				break
			}
			var err error
			if short {
				// The kernel's record holds the token's shortHash.
				l, h := int(recs[i]>>32), recs[i+2]
				i += 3
				_, err = t.addHash(h, lt[st:st+l], 1)
			} else {
				r0, r1, r2 := mrecs[j], mrecs[j+1], mrecs[j+2]
				j += 3
				l := int(r0 >> 32)
				if l <= 16 {
					w0 := binary.LittleEndian.Uint64(full[st:])
					w1 := binary.LittleEndian.Uint64(full[st+8:]) & (^uint64(0) >> ((128 - 8*uint(l)) & 63))
					_, err = t.addMid(midHash(w0, w1), w0, w1, lt[st:st+l], 1)
				} else {
					h := r2 // the kernel's longHash
					if l == 64 {
						l = runLength(bm, st)
						tok := lt[st : st+l]
						hs[(uintptr(r1)-h0)/8] = stableHashPre(tok)
						h = longHash(tok)
					}
					tok := lt[st : st+l]
					if _, hit := t.countLongHome(h, tok); !hit {
						_, err = t.addHash(h, tok, 1)
					}
				}
			}
			if err != nil {
				return ntok, err
			}
		}
		if s.fill && !ascii {
			s.words.Hashes = append(s.words.Hashes, hs[mx.copied:a.ntok]...)
		}
	}
	return ntok, nil
}

// wordRoom makes room for n more word hashes in the batch's buffer,
// doubling it at least when it grows. slices.Grow grew it by a quarter
// (append's growth for large slices), so the first batches of a worker
// allocated about five times the buffer they ended with, all of it fresh
// memory: on the benchmark Parquet's default audit its page faults were
// 0.8-1% of the perf samples (session 19).
func (s *Summary) wordRoom(n int) {
	if h := s.words.Hashes; cap(h)-len(h) < n {
		s.words.Hashes = slices.Grow(h, max(n, cap(h)))
	}
}

// runEnd returns where the run of marked bytes (cand in bm) that starts
// at byte st ends.
func runEnd(bm []uint64, st int) int {
	p := st
	for {
		k := 2 * (p / 64)
		if k >= len(bm) {
			return p // the zero slack ends every run
		}
		if l := bits.TrailingZeros64(^(bm[k] >> (uint(p) & 63))); l < 64-p&63 {
			return p + l
		}
		p = p&^63 + 64
	}
}

// mixedRuns walks the mixed runs (mixedStarts ms) that start in blocks
// from to to-1 of a text, and counts the kernel's tokens before each.
type mixedRuns struct {
	bm, ms []uint64
	k, to  int    // the block of the next mixed start
	bits   uint64 // ms[k] without the starts walked
	// kc and cum: the kernel's tokens in blocks from to kc-1.
	kc, cum int
	copied  int // the kernel's word hashes copied to the batch's
}

// next returns the next mixed run's start if it is before st.
func (m *mixedRuns) next(st int) (int, bool) {
	for m.bits == 0 {
		m.k++
		if m.k >= m.to {
			return 0, false
		}
		m.bits = m.ms[m.k]
	}
	mst := 64*m.k + bits.TrailingZeros64(m.bits)
	if mst > st {
		return 0, false
	}
	m.bits &= m.bits - 1
	return mst, true
}

// before returns how many tokens the kernel found in the window before
// byte st: the starts of runs of marked bytes not in ms.
func (m *mixedRuns) before(st int) int {
	k := st / 64
	for ; m.kc < k; m.kc++ {
		m.cum += bits.OnesCount64(m.kernelStarts(m.kc))
	}
	return m.cum + bits.OnesCount64(m.kernelStarts(k)&(1<<(uint(st)&63)-1))
}

// kernelStarts returns the starts of the tokens the kernel counts in
// block k.
func (m *mixedRuns) kernelStarts(k int) uint64 {
	cand := m.bm[2*k]
	var carry uint64
	if k > 0 {
		carry = m.bm[2*k-2] >> 63
	}
	return cand &^ (cand<<1 | carry) &^ m.ms[k]
}

// mixedStarts sets in ms, a word a block, the bit of the first byte of
// every run of marked bytes (cand in bm) that holds a byte of 0x80 or more
// (high in bm): the tokens countShortASCII leaves to countMixed.
func mixedStarts(ms, bm []uint64) {
	clear(ms)
	for k := 0; 2*k < len(bm); k++ {
		hb := bm[2*k+1]
		for hb != 0 {
			b := bits.TrailingZeros64(hb)
			st := runStart(bm, 64*k+b)
			ms[st/64] |= 1 << (uint(st) & 63)
			// The run's other high bytes in this block have the same start.
			l := bits.TrailingZeros64(^(bm[2*k] >> uint(b)))
			if b+l >= 64 {
				break
			}
			hb &^= 1<<uint(b+l) - 1
		}
	}
}

// runStart returns where the run of marked bytes (cand in bm) through byte
// p starts.
func runStart(bm []uint64, p int) int {
	k := p / 64
	below := ^bm[2*k] & (1<<(uint(p)&63) - 1) // unmarked bytes below p in its block
	for below == 0 {
		if k == 0 {
			return 0
		}
		k--
		below = ^bm[2*k]
	}
	return 64*k + 64 - bits.LeadingZeros64(below)
}
