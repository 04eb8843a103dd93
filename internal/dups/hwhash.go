package dups

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// hwState is the state of HighwayHash as github.com/minio/highwayhash
// keeps it: v0, v1, mul0 and mul1, four words each.
type hwState [16]uint64

// hwInit returns the state HighwayHash starts from under key: minio's
// initializeGeneric.
func hwInit(key *[KeySize]byte) hwState {
	init0 := [4]uint64{0xdbe6d5d5fe4cce2f, 0xa4093822299f31d0, 0x13198a2e03707344, 0x243f6a8885a308d3}
	init1 := [4]uint64{0x3bd39e10cb0ef593, 0xc0acf169b5f18a8c, 0xbe5466cf34e90c6c, 0x452821e638d01377}
	var s hwState
	for i := range 4 {
		k := binary.LittleEndian.Uint64(key[8*i:])
		s[i] = init0[i] ^ k
		s[4+i] = init1[i] ^ bits.RotateLeft64(k, 32)
		s[8+i] = init0[i]
		s[12+i] = init1[i]
	}
	return s
}

// hashLanes computes HighwayHash-128 of texts four at a time, each in a
// lane of its own: HighwayHash of one text is a chain of dependent adds,
// multiplies and shuffles (latency-bound), so the packets of four texts
// updated in turn take about 1.2 times the time of one text's
// (BenchmarkHashLoop; BenchmarkHashLanes for the whole). A text stays in its lane until it is hashed:
// when every lane holds one, all are updated together up to the end of
// the shortest, which is finished and its row given its hash, and the
// next text takes its lane. So the lanes stay busy whatever the lengths
// of the texts, not only up to the shortest of a group.
type hashLanes struct {
	st [nLanes]hwState
	// p and left are where a lane's next packet is and how many bytes of
	// its text are left; text holds the text (p is not a pointer: it may
	// point just past the text's end).
	p    [nLanes]uintptr
	left [nLanes]int
	text [nLanes][]byte
	row  [nLanes]*dupRow    // where a lane's hash goes; nil: the lane is free
	busy int                // how many lanes hold a text
	z    [nLanes]Normalizer // a lane's text, when it is normalised
	fin  finQueue           // texts hashed but for their finalisation
}

// nLanes is how many texts hashLanes hashes side by side.
const nLanes = 4

// free returns a lane without a text.
func (l *hashLanes) free() int {
	for k := range nLanes {
		if l.row[k] == nil {
			return k
		}
	}
	panic("dups: no free lane") // push steps when the last lane fills
}

// push hashes t, under the key whose initial state is init, into r's
// hash, in lane k (a free one). It holds on to t until the hash is done:
// at a later push or at flush.
func (l *hashLanes) push(k int, init *hwState, t []byte, r *dupRow) {
	if len(t) < 32 {
		l.finish(init, t, r)
		return
	}
	l.st[k], l.text[k], l.row[k] = *init, t, r
	l.p[k], l.left[k] = uintptr(unsafe.Pointer(unsafe.SliceData(t))), len(t)
	if l.busy++; l.busy == nLanes {
		l.step()
	}
}

// step updates every lane up to the end of the shortest text
// (hwStep4), and finishes the texts with fewer than 32 bytes left.
func (l *hashLanes) step() {
	for done := hwStep4(&l.st, &l.p, &l.left); done != 0; done &= done - 1 {
		k := bits.TrailingZeros64(done)
		if r := l.row[k]; r != nil {
			t := l.text[k]
			l.finish(&l.st[k], t[len(t)-l.left[k]:], r)
			l.text[k], l.row[k] = nil, nil
			l.busy--
		}
	}
}

// flush finishes the texts left in the lanes and finalises their
// hashes: every row pushed has its hash. A free lane reads the packets
// of a busy one (as many as it has, or fewer), into a state that its
// next text replaces.
func (l *hashLanes) flush() {
	for l.busy > 0 {
		b := 0
		for l.row[b] == nil {
			b++
		}
		for k := range nLanes {
			if l.row[k] == nil {
				l.p[k], l.left[k] = l.p[b], 1<<62
			}
		}
		l.step()
	}
	if l.fin.n > 0 {
		l.fin.finalize()
	}
}

// finish queues the state src of a text, and what is left of the text
// (fewer than 32 bytes), for its finalisation into r's hash.
func (l *hashLanes) finish(src *hwState, rest []byte, r *dupRow) {
	q := &l.fin
	j := q.n
	q.st[j] = *src
	if len(rest) > 0 {
		hwRemainder(&q.st[j], unsafe.SliceData(rest), len(rest), &q.blocks[j])
		q.with |= 1 << j
	}
	q.row[j] = r
	if q.n++; q.n == nLanes {
		q.finalize()
	}
}

// finQueue holds the states of texts hashed but for their last bytes and
// finalisation: the finalisation of one text is six more updates, as
// latency-bound as the others, so four are finalised side by side
// (hwFinish4).
type finQueue struct {
	st     [nLanes]hwState
	blocks [nLanes][32]byte // the packets of the texts' last bytes
	with   uint64           // bit j: st[j] has a packet in blocks[j]
	row    [nLanes]*dupRow
	n      int // how many are queued
	out    [nLanes][2]uint64
}

// finalize finalises the queued states (the others are left over from
// earlier ones, or zero, and their hashes dropped) into their rows'
// hashes and empties the queue.
func (q *finQueue) finalize() {
	hwFinish4(&q.st, &q.blocks, q.with, &q.out)
	for j, r := range q.row[:q.n] {
		r.h1, r.h2 = q.out[j][0], q.out[j][1]
		q.row[j] = nil
	}
	q.n, q.with = 0, 0
}
