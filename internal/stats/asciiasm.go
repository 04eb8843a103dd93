package stats

import (
	"encoding/binary"
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
// runLength), the address of its word hash, and for a token of 17 to 63
// bytes its longHash, whose home slot the kernel has prefetched.
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
	longSeed uint64    // at 128
	_        [3]uint64 // the kernel's spills (at 136, 144, 152)
}

// asciiAsm says countASCII runs countShortASCII, set at start-up where
// the CPU has it (fused_amd64.go); tests clear it to run the Go loop.
var asciiAsm bool

// asciiWindow is how many blocks countShortASCII takes a call: its
// scratch is 32 word hashes and 32 records (96 words) a block at most.
const asciiWindow = 16

// countASCIIAsm is countASCII through countShortASCII, for a text without
// per-label counts: the kernel counts the tokens of up to 16 bytes found
// in their home slots, a window of blocks at a time, and this loop the
// others, in token order, so that new tokens get entry ids in the order
// countASCII gives them.
func (s *Summary) countASCIIAsm(lt []byte, bm []uint64) (uint64, error) {
	t := s.tokens
	n := len(lt)
	full := lt[:n+tokSlack]
	nb := n/64 + 1
	if cap(s.recs) < 96*asciiWindow {
		s.recs = make([]uint64, 96*asciiWindow)
		s.pipe = make([]uint64, 160*asciiWindow)
	}
	recs := s.recs[:96*asciiWindow]
	var ntok uint64
	for from := 0; from < nb; from += asciiWindow {
		to := min(from+asciiWindow, nb)
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
			midSeed0: midSeed0, midSeed1: midSeed1, longSeed: longSeed,
		}
		countShortASCII(&a, &full[0], &bm[0], from, to)
		ntok += uint64(a.ntok)
		t.total += uint64(a.ntok - a.nrec)
		if s.fill {
			s.words.Hashes = s.words.Hashes[:base+a.ntok]
		}
		h0 := uintptr(unsafe.Pointer(&hs[0]))
		for r := 0; r < 3*a.nrec; r += 3 {
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
				h := recs[r+2] // the kernel's word hash and longHash
				if l >= 64 {
					hs[wi] = stableHashPre(tok)
					h = longHash(tok)
				}
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
