package stats

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/dataaudit/dataaudit/internal/hugepages"
)

// hashSeed is shared by every table of the process, so that tables of
// different workers can be merged by hash. Hashes are never stored or
// compared across processes: a serialised state keeps tokens, not hashes.
var hashSeed = maphash.MakeSeed()

// errArenaFull is returned when one table's distinct token bytes pass the
// 4 GiB its 32-bit offsets can address, or its entries the 2^31 ids a slot
// can name.
var errArenaFull = errors.New("more than 4 GiB of distinct token bytes, or 2^31 distinct tokens, in one worker")

// slot is one cell of a countTable's open-addressing index. It carries
// the token's hash and the low 32 bits of its count, so that counting a
// token already in its first slot reads one cache line: the table is far
// larger than the caches (200,000 distinct tokens per worker on 200 MB of
// mail), and the previous layout (an index of entry ids, then the entry)
// paid two dependent cache misses per token.
type slot struct {
	// hash is the token's hash, for a token of at most 8 bytes; for a
	// longer one, its top 32 bits over the place of its bytes in the
	// arena (longSlotHash).
	hash uint64
	// ref is the entry id + 1 (0: empty), with longRef set for a token
	// longer than 8 bytes, whose bytes must be compared.
	ref uint32
	// cnt is the count modulo 2^32; countTable.high holds the rest.
	cnt uint32
}

const longRef = 1 << 31

// midSlot is one cell of the index of tokens of 9 to 16 bytes, which hold
// the token itself: its bytes packed into two zero-padded words (a token
// never holds a NUL, so the words identify it). Finding such a token reads
// this one line; in the main index it read the slot, the entry and the
// arena, three cache misses for a token seen rarely, and these tokens are
// 7% of the mail corpus' tokens and a quarter of its distinct ones.
type midSlot struct {
	hash   uint64 // midHash(w0, w1): grows and merges without rehashing
	w0, w1 uint64
	ref    uint32 // entry id + 1 (0: empty)
	cnt    uint32 // count modulo 2^32, as in slot
}

// keyRef locates a distinct token's bytes in the arena.
type keyRef struct {
	// off is the arena chunk's number << arenaBits | the token's offset in
	// it; the token's bytes are the n from there (see countTable.key).
	off, n uint32
}

// The entries and the arena are kept in chunks that are never copied:
// entry id is entries[id>>entryBits][id&entryMask], and a token's bytes
// are in one arena chunk of arenaChunk bytes (a longer token has a chunk
// of its own), followed by a 0 byte if it has more than 8 (newEntry). They were slices doubled as they filled (grow2, on huge
// pages from 4 MiB), which copied each and faulted in about twice the
// memory they ended with: on the benchmark
// Parquet's default audit the page faults of those copies were 2.3% of
// all perf samples (session 19).
const (
	entryBits  = 12 // 4,096 entries of 8 bytes, 32 KiB, a chunk
	entryMask  = 1<<entryBits - 1
	arenaBits  = 16
	arenaChunk = 1 << arenaBits // 64 KiB
	// maxArenaChunks is what a keyRef's off can number: 4 GiB of chunks
	// of arenaChunk bytes.
	maxArenaChunks = 1 << (32 - arenaBits)
)

// countTable counts tokens exactly. It is an open-addressing hash table with
// linear probing over 16-byte slots (four to a cache line) that hold the
// hash, the entry id and the count; entries keep the token bytes' place in
// one arena, in insertion order. Tokens of 9 to 16 bytes have their own
// index of 32-byte midSlots that hold the token's bytes, compared as two
// words. Tokens longer than 16 bytes are compared byte for byte, so a
// 64-bit hash collision never merges two tokens, and those of 8 bytes or
// fewer cannot collide at all (see tableHash): counts are exact. Entry ids
// are shared by both indexes and stable, which lets per-label counts be
// dense slices indexed by entry id instead of a second hash table.
//
// A distinct token costs 16 bytes of slot (32 for a mid token) at a load of
// 3/8 to 3/4 (3/16 after the growth from 1 MiB to 4 MiB, see step), 8
// bytes of entry and its bytes, plus the unused end of an arena chunk.
type countTable struct {
	slots []slot
	mask  uint64
	shift uint // a hash's home slot is hash >> shift
	// mids indexes the tokens of 9 to 16 bytes, nmid of them.
	mids     []midSlot
	midMask  uint64
	midShift uint
	nmid     int
	// entries holds each distinct token's keyRef by entry id, in chunks
	// of 1<<entryBits (the last one filled up to nent); arena holds the
	// tokens' bytes, in chunks (see keyRef).
	entries [][]keyRef
	nent    int
	arena   [][]byte
	// high holds count / 2^32 * 2^32 of the entries whose counts passed
	// 2^32, by entry id.
	high  map[uint32]uint64
	total uint64
}

func newCountTable() *countTable {
	t := &countTable{}
	t.slots = make([]slot, 1<<10)
	t.mask = uint64(len(t.slots) - 1)
	t.shift = 64 - 10
	t.mids = make([]midSlot, 1<<8)
	t.midMask = uint64(len(t.mids) - 1)
	t.midShift = 64 - 8
	return t
}

// presizeBytes is the stored input a worker's Summary must be expected to
// read (Options.WorkerBytes) for its token table to start at the size it
// ends at on mail: 2^18 slots and 2^17 mid slots, 4 MiB each (presize).
// On the mail corpus a worker's indexes reach those sizes from about 15 MB
// of text on (the 30 MB JSONL's two workers end there too), and a 200 MB
// file's workers hold 120,000-126,000 short and long and 54,000-57,000 mid
// tokens at the end (load 0.41-0.48). Stored bytes understate the text of
// a compressed input (the benchmark Parquet's 56 MB hold 200 MB of text),
// so the bar is set at 24 MiB, which both 200 MB files pass (100 and 28
// MB a worker) and the 30 MB files do not. What it costs an input of that
// size whose vocabulary stays small: 8 MiB a worker of index, faulted in
// at once.
const presizeBytes = 24 << 20

// presizeBits and presizeMidBits are the log2 sizes presize grows the
// indexes to.
const (
	presizeBits    = 18
	presizeMidBits = 17
)

// presize grows an empty table's indexes to 2^18 slots and 2^17 mid
// slots at once, the sizes they reach on mail (presizeBytes), instead of
// through every size from 2^10 and 2^8: the smaller indexes, 4 MiB a
// worker, are garbage once left, and each growth rehashes the last.
func (t *countTable) presize() {
	if bits := 64 - t.shift; bits < presizeBits {
		t.growTo(presizeBits - bits)
	}
	if bits := 64 - t.midShift; bits < presizeMidBits {
		t.growMidsTo(presizeMidBits - bits)
	}
}

// hashToken hashes a token without a seed for tokens of at most 8 bytes,
// which StableHash needs, and with maphash above. A
// token of at most 8 bytes never holds a NUL (NUL separates tokens), so
// its bytes packed into a zero-padded word identify it, and a bijective mix
// of that word is a hash without collisions.
func hashToken(tok []byte) uint64 {
	if len(tok) > 8 {
		return maphash.Bytes(hashSeed, tok)
	}
	return Mix64(packShort(tok))
}

// fib is 2^64 divided by the golden ratio, rounded to odd.
const fib = 0x9e3779b97f4a7c15

// shortSeed is XORed into short tokens before they are hashed, so that a
// corpus cannot be crafted to pile its words onto a few slots. Its lowest
// byte is 0 and another is not, so it equals no packed token (whose lowest
// byte is never 0): a short token's hash is never 0, an empty slot's.
var shortSeed = maphash.Bytes(hashSeed, []byte("short tokens"))&^0xff | 1<<32

// tableHash hashes a token for the count table. A token of at most 8 bytes
// is its bytes packed into a word (see hashToken), XOR shortSeed, times an
// odd constant: a bijection, so equal hashes still mean equal tokens, and
// one multiplication, where Mix64 takes two and three shifts (counting
// 6% faster on the mail corpus). The table takes a slot from the top bits,
// which the multiplication mixes best. Longer tokens use longHash.
func tableHash(tok []byte) uint64 {
	if len(tok) > 8 {
		return longHash(tok)
	}
	return shortHash(packShort(tok))
}

// shortHash is tableHash of a token of at most 8 bytes packed into w.
func shortHash(w uint64) uint64 { return (w ^ shortSeed) * fib }

// longSeed seeds longHash, as shortSeed does shortHash.
var longSeed = maphash.Bytes(hashSeed, []byte("long tokens"))

// longHash is tableHash of a token of more than 8 bytes (the count loops
// give it those of more than 16 only; midHash hashes the others). It is
// seeded, so that a corpus cannot be crafted to pile its words onto a few
// slots, and simple enough that countShortASCII computes it too, to
// prefetch a long token's home slot as it does a short one's: each word
// of 8 bytes, then the zero-padded tail if any, is XORed in, multiplied
// by an odd constant and its high half folded down; a last
// multiplication mixes the top bits, where the slot is taken from.
// (maphash, which it replaced, was not one the kernel can compute.)
func longHash(tok []byte) uint64 {
	h := longSeed ^ uint64(len(tok))*fib
	for len(tok) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(tok)) * fib2
		h ^= h >> 32
		tok = tok[8:]
	}
	if len(tok) > 0 {
		h = (h ^ packShort(tok)) * fib2
		h ^= h >> 32
	}
	return h * fib
}

// packShort packs a token of at most 8 bytes into a word, zero-padded.
func packShort(tok []byte) uint64 {
	n := len(tok)
	if cap(tok) >= 8 {
		// One load; the bytes past the token are masked off (a shift by
		// 64 gives 0 in Go).
		return binary.LittleEndian.Uint64(tok[:8]) & (^uint64(0) >> (64 - 8*uint(n)))
	}
	var k uint64
	for i := n - 1; i >= 0; i-- {
		k = k<<8 | uint64(tok[i])
	}
	return k
}

// Mix64 is a bijection of uint64 (the murmur3 finalizer): every step is
// invertible, so distinct short keys never collide. It is seed-free, like
// StableHash, which is built on it: keys mixed with it (near-duplicate
// band keys, sample keys) are the same in every process.
func Mix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

// midSeed0 and midSeed1 seed midHash, as shortSeed does tableHash.
var (
	midSeed0 = maphash.Bytes(hashSeed, []byte("mid tokens, first word"))
	midSeed1 = maphash.Bytes(hashSeed, []byte("mid tokens, second word"))
)

// fib2 is another odd multiplier, for the second word of a mid token.
const fib2 = 0xc2b2ae3d27d4eb4f

// midWords packs a token of 9 to 16 bytes into two zero-padded words.
func midWords(tok []byte) (w0, w1 uint64) {
	return binary.LittleEndian.Uint64(tok), packShort(tok[8:])
}

// midHash hashes the words of a mid token. Unlike tableHash it is not a
// bijection (two words into one), which is fine: midSlot compares the
// words. The slot is taken from the top bits, as for slot.
func midHash(w0, w1 uint64) uint64 {
	h := (w0^midSeed0)*fib ^ (w1^midSeed1)*fib2
	return h ^ h>>29
}

// add counts tok c times and returns its entry id.
func (t *countTable) add(tok []byte, c uint64) (uint32, error) {
	if n := len(tok); n > 8 && n <= 16 {
		w0, w1 := midWords(tok)
		return t.addMid(midHash(w0, w1), w0, w1, tok, c)
	}
	return t.addHash(tableHash(tok), tok, c)
}

// addMid counts tok, a token of 9 to 16 bytes whose words are w0 and w1
// and whose midHash is h, c times.
func (t *countTable) addMid(h, w0, w1 uint64, tok []byte, c uint64) (uint32, error) {
	home := h >> t.midShift
	i := home
	for {
		sl := &t.mids[i]
		if sl.ref == 0 {
			break
		}
		if sl.w0 == w0 && sl.w1 == w1 {
			id := sl.ref - 1
			t.total += c
			t.bumpCnt(&sl.cnt, id, c)
			if hs := &t.mids[home]; i != home && sl.cnt > hs.cnt {
				*sl, *hs = *hs, *sl // see promote
			}
			return id, nil
		}
		i = (i + 1) & t.midMask
	}
	id, err := t.newEntry(tok)
	if err != nil {
		return 0, err
	}
	sl := &t.mids[i]
	*sl = midSlot{hash: h, w0: w0, w1: w1, ref: id + 1}
	t.total += c
	t.bumpCnt(&sl.cnt, id, c)
	t.nmid++
	if uint64(t.nmid)*4 > uint64(len(t.mids))*3 {
		t.growMidsTo(step(len(t.mids), unsafe.Sizeof(midSlot{})))
	}
	return id, nil
}

// newEntry keeps the bytes of a new distinct token and returns its id.
// A token of more than 8 bytes is followed in the arena by a 0 byte,
// which sameLong compares past its end.
func (t *countTable) newEntry(tok []byte) (uint32, error) {
	if t.nent >= longRef-1 || uint64(len(tok)) > math.MaxUint32 {
		return 0, errArenaFull
	}
	n := len(tok)
	if n > 8 {
		n++ // the 0 byte after a token of the main index's long slots (sameLong)
	}
	k := len(t.arena) - 1
	if k < 0 || len(t.arena[k])+n > cap(t.arena[k]) {
		if len(t.arena) >= maxArenaChunks {
			return 0, errArenaFull
		}
		t.arena = append(t.arena, make([]byte, 0, max(arenaChunk, n)))
		k++
	}
	c := t.arena[k]
	off := uint32(k)<<arenaBits | uint32(len(c))
	c = append(c, tok...)
	if n > len(tok) {
		c = append(c, 0)
	}
	t.arena[k] = c
	id := t.nent
	if id&entryMask == 0 {
		t.entries = append(t.entries, make([]keyRef, 1<<entryBits))
	}
	t.entries[id>>entryBits][id&entryMask] = keyRef{off: off, n: uint32(len(tok))}
	t.nent++
	return uint32(id), nil
}

// entry returns the keyRef of entry id.
func (t *countTable) entry(id uint32) keyRef { return t.entries[id>>entryBits][id&entryMask] }

// addHash counts tok, a token of at most 8 or more than 16 bytes whose
// tableHash is h, c times.
func (t *countTable) addHash(h uint64, tok []byte, c uint64) (uint32, error) {
	long := len(tok) > 8
	home := h >> t.shift
	i := home
	for {
		sl := &t.slots[i]
		if sl.ref == 0 {
			break
		}
		var found bool
		if long {
			found = sl.ref >= longRef && t.sameLong(sl, h, tok)
		} else {
			found = sl.hash == h && sl.ref < longRef
		}
		if found {
			id := sl.ref&^longRef - 1
			t.total += c
			t.bump(sl, id, c)
			if hs := &t.slots[home]; i != home && sl.cnt > hs.cnt {
				*sl, *hs = *hs, *sl // see promote
			}
			return id, nil
		}
		i = (i + 1) & t.mask
	}
	id, err := t.newEntry(tok)
	if err != nil {
		return 0, err
	}
	ref, sh := id+1, h
	if long {
		ref |= longRef
		sh = longSlotHash(h, t.entry(id).off)
	}
	sl := &t.slots[i]
	*sl = slot{hash: sh, ref: ref}
	t.total += c
	t.bump(sl, id, c)
	if uint64(t.nent-t.nmid)*4 > uint64(len(t.slots))*3 {
		t.growTo(step(len(t.slots), unsafe.Sizeof(slot{})))
	}
	return id, nil
}

// promote: a token found past its home slot (addHash, addMid) trades
// places with the home slot's token when it has been counted more often
// (the counts modulo 2^32 are a heuristic here). Only tokens found in
// their home slot are counted by the fast paths (countShortASCII, the
// count*Home methods); the others take the slow path every time, and a
// table places a token where its home was free when it arrived or when
// the index last grew, whatever its frequency. The trade keeps every token
// reachable: the home slot's token, whose own home is at or before it,
// moves to a later slot of the same unbroken run of slots (the found
// token's probe passed through every slot between), and no slot is
// emptied. On a 100 MB half of the mail corpus, tokens of 8 bytes or less
// found past home fell from 236,667 to 115,033, of 9 to 16 bytes from
// 63,438 to 38,132.

// The count*Home methods are the hot loop's fast path (countTokens): each
// counts one more of a token found in its home slot and returns its entry
// id, or returns false, without counting, when the token is not there or
// its slot's count is about to carry past 32 bits; addHash or addMid then
// count it. They rely on what an empty cell cannot hold: a short token's
// hash is never 0 (see shortSeed), nor a mid token's first word. The short
// and mid ones are inlined (go build -gcflags=-m); keep them that small.

// countShortHome is the fast path for a token of at most 8 bytes whose
// tableHash is h: equal hashes mean equal tokens.
func (t *countTable) countShortHome(h uint64) (uint32, bool) {
	sl := &t.slots[h>>t.shift]
	if sl.hash != h || sl.ref >= longRef || sl.cnt == math.MaxUint32 {
		return 0, false
	}
	sl.cnt++
	t.total++
	return sl.ref - 1, true
}

// countMidHome is the fast path for a token of 9 to 16 bytes packed into
// w0 and w1, whose midHash is h: equal words mean equal tokens.
func (t *countTable) countMidHome(h, w0, w1 uint64) (uint32, bool) {
	sl := &t.mids[h>>t.midShift]
	if sl.w0 != w0 || sl.w1 != w1 || sl.cnt == math.MaxUint32 {
		return 0, false
	}
	sl.cnt++
	t.total++
	return sl.ref - 1, true
}

// countLongHome is the fast path for a token of more than 16 bytes whose
// tableHash is h: its bytes are compared. (Too large to inline; such
// tokens are rare and cost a hash of their bytes anyway.)
func (t *countTable) countLongHome(h uint64, tok []byte) (uint32, bool) {
	sl := &t.slots[h>>t.shift]
	if sl.ref < longRef || sl.cnt == math.MaxUint32 || !t.sameLong(sl, h, tok) {
		return 0, false
	}
	sl.cnt++
	t.total++
	return sl.ref&^longRef - 1, true
}

// longSlotHash is what the slot of a token of more than 16 bytes whose
// hash is h and whose bytes are at off in the arena (keyRef.off) holds in
// place of its hash: h's top 32 bits, which give its home in an index of
// any size (an index has fewer than 2^32 slots), over off. Its bytes are
// then compared without loading its entry.
//
// The slot held h itself, and the bytes were found through the entry
// (entries[id>>entryBits][id&entryMask]): two cache misses one after the
// other for every long token the kernel hands the Go loop (184,000 found
// at home and 53,000 past it in the benchmark Parquet's default audit,
// -j 1). In perf (cpu-clock, -F 8000) the entry's load was 37% of
// countLongHome's samples and 16% of addHash's.
func longSlotHash(h uint64, off uint32) uint64 { return h&^0xffffffff | uint64(off) }

// sameLong reports whether sl, a long slot (ref with longRef: a token of
// more than 16 bytes; more than 8 in tests), holds tok, whose hash is h:
// the top 32 bits of h, then the bytes. The arena keeps a 0 byte after
// each token of more than 8 bytes (newEntry), which no token holds, so
// that a token longer or shorter than tok does not match.
func (t *countTable) sameLong(sl *slot, h uint64, tok []byte) bool {
	if (sl.hash^h)>>32 != 0 {
		return false
	}
	off := uint32(sl.hash)
	c := t.arena[off>>arenaBits]
	p := int(off & (arenaChunk - 1))
	return p+len(tok) < len(c) && c[p+len(tok)] == 0 && bytes.Equal(c[p:p+len(tok)], tok)
}

// bump adds c to the count of slot sl, entry id.
func (t *countTable) bump(sl *slot, id uint32, c uint64) { t.bumpCnt(&sl.cnt, id, c) }

// bumpCnt adds c to a slot's count, cnt, of entry id.
func (t *countTable) bumpCnt(cnt *uint32, id uint32, c uint64) {
	sum := uint64(*cnt) + c
	*cnt = uint32(sum)
	if sum>>32 != 0 {
		t.carry(id, sum)
	}
}

// carry keeps the part of sum past 32 bits, for entry id.
func (t *countTable) carry(id uint32, sum uint64) {
	if t.high == nil {
		t.high = map[uint32]uint64{}
	}
	t.high[id] += sum &^ math.MaxUint32
}

// merge adds the counts of o to t and returns, by o's entry id, the entry
// id each token has in t. o is left as it was.
//
// It walks o's slots in order rather than its entries: both tables hash
// alike and take a slot from the hash's top bits, so the probes into t
// sweep it front to back too, whatever the two sizes, and a short or mid
// token already in t is counted from its slot alone, without reading o's
// entry or arena. Merging two workers' tables of 180,000 distinct tokens
// each took 27-38 ms token by token, most of it cache misses, and was the
// largest serial step of a scan; this way it takes about 10 ms.
//
// Nor does it read o's entries or arena for a token of 16 bytes or fewer:
// a mid token's bytes are its slot's words, and a short token's its hash
// (shortToken), so the only loads at random places in o are a long
// token's key. Reading every token's key through its entry (o.key) was
// three quarters of merge's own samples in perf, a cache miss a token
// (session 19).
//
// t grows as tokens arrive, not up front to the sum of both sizes: two
// workers share most of their tokens, and growing to the sum doubled both
// of t's indexes at every merge, 16 MB of fresh memory on the mail corpus
// (BenchmarkTableMergeCorpus 17.7 -> 8.4 ms without it).
func (t *countTable) merge(o *countTable) ([]uint32, error) {
	remap := make([]uint32, o.nent)
	var buf [16]byte
	for i := range o.mids {
		osl := &o.mids[i]
		if osl.ref == 0 {
			continue
		}
		id := osl.ref - 1
		c := uint64(osl.cnt)
		if o.high != nil {
			c += o.high[id]
		}
		tid, err := t.addMid(osl.hash, osl.w0, osl.w1, midToken(&buf, osl.w0, osl.w1), c)
		if err != nil {
			return nil, err
		}
		remap[id] = tid
	}
	for i := range o.slots {
		osl := &o.slots[i]
		if osl.ref == 0 {
			continue
		}
		id := osl.ref&^longRef - 1
		c := uint64(osl.cnt)
		if o.high != nil {
			c += o.high[id]
		}
		if osl.ref < longRef {
			if sl := t.find(osl.hash); sl != nil {
				t.total += c
				tid := sl.ref - 1
				t.bump(sl, tid, c)
				remap[id] = tid
				continue
			}
		}
		h := osl.hash
		var tok []byte
		if osl.ref < longRef {
			tok = shortToken(&buf, h)
		} else {
			// The slot holds longSlotHash: its top 32 bits are all that
			// t's slots keep of a long token's hash too.
			tok, h = o.key(id), h&^0xffffffff
		}
		tid, err := t.addHash(h, tok, c)
		if err != nil {
			return nil, err
		}
		remap[id] = tid
	}
	return remap, nil
}

// midToken returns the bytes of the mid token packed into w0 and w1 (see
// midWords), in buf.
func midToken(buf *[16]byte, w0, w1 uint64) []byte {
	binary.LittleEndian.PutUint64(buf[:8], w0)
	binary.LittleEndian.PutUint64(buf[8:], w1)
	return buf[:16-bits.LeadingZeros64(w1)/8]
}

// fibInv is the inverse of fib modulo 2^64 (Newton's iteration: each step
// doubles the bits that are right, from the 3 of any odd number).
var fibInv = func() uint64 {
	x := uint64(fib)
	for range 5 {
		x *= 2 - fib*x
	}
	return x
}()

// shortToken returns the bytes of the token of at most 8 bytes whose
// tableHash is h, in buf: shortHash is a bijection, and a token never
// holds a NUL, so the packed word's zero bytes are its padding.
func shortToken(buf *[16]byte, h uint64) []byte {
	w := h*fibInv ^ shortSeed
	binary.LittleEndian.PutUint64(buf[:8], w)
	return buf[:8-bits.LeadingZeros64(w)/8]
}

// find returns the slot of the short token (8 bytes or fewer) whose hash is
// h, or nil.
func (t *countTable) find(h uint64) *slot {
	for i := h >> t.shift; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.ref == 0 {
			return nil
		}
		if sl.hash == h && sl.ref < longRef {
			return sl
		}
	}
}

// counts returns the count of every entry, by entry id.
func (t *countTable) counts() []uint64 {
	out := make([]uint64, t.nent)
	for i := range t.slots {
		if sl := &t.slots[i]; sl.ref != 0 {
			out[sl.ref&^longRef-1] = uint64(sl.cnt)
		}
	}
	for i := range t.mids {
		if sl := &t.mids[i]; sl.ref != 0 {
			out[sl.ref-1] = uint64(sl.cnt)
		}
	}
	for id, hi := range t.high {
		out[id] += hi
	}
	return out
}

// step returns how many doublings an index of n slots of sz bytes takes
// when it fills: 2 from 1 MiB (to 4 MiB, skipping 2 MiB), else 1. On the
// mail corpus each worker's two indexes pass through 2 MiB on the way to 4
// MiB, garbage once they fill, and skipping them cut the audit's faults a
// little, its CPU unchanged (package comment, session 17).
func step(n int, sz uintptr) uint {
	if uintptr(n)*sz*2 < 2*hugePageBytes && uintptr(n)*sz*4 >= 2*hugePageBytes {
		return 2
	}
	return 1
}

// growTo makes the main index 2^k times larger.
func (t *countTable) growTo(k uint) {
	t.shift -= k
	t.slots = resized(t.slots, t.shift)
	t.mask = uint64(len(t.slots) - 1)
}

// growMidsTo makes the mid index 2^k times larger.
func (t *countTable) growMidsTo(k uint) {
	t.midShift -= k
	t.mids = resized(t.mids, t.midShift)
	t.midMask = uint64(len(t.mids) - 1)
}

// reserve makes room for short more tokens of at most 8 or more than 16
// bytes, mid more of 9 to 16 bytes, and bytes more token bytes, so that
// adding them regrows neither index: a merge of state files knows its
// tokens before it adds them, and growing by doubling rehashed and copied
// each table about twice (13% of a profile merge's time). (The entries and
// the arena grow by chunks, never copied; reserve only sizes their lists
// of chunks.)
func (t *countTable) reserve(short, mid, bytes int) {
	if k := growth(t.nent-t.nmid+short, len(t.slots)); k > 0 {
		t.growTo(k)
	}
	if k := growth(t.nmid+mid, len(t.mids)); k > 0 {
		t.growMidsTo(k)
	}
	t.entries = slices.Grow(t.entries, (t.nent+short+mid)>>entryBits+1-len(t.entries))
	t.arena = slices.Grow(t.arena, bytes/(arenaChunk/2)+1) // chunks end unfilled
}

// growth returns how many doublings an index of size slots needs to hold
// n keys at a load of at most 3/4, the load at which adding grows it.
func growth(n, size int) uint {
	var k uint
	for uint64(n)*4 > uint64(size)<<k*3 {
		k++
	}
	return k
}

// indexSlot is what resized needs of a slot or a midSlot.
type indexSlot[S any] interface {
	*S
	home(shift uint) uint64 // the slot's index in a table of 64-shift bits
	empty() bool
}

func (sl *slot) home(shift uint) uint64    { return sl.hash >> shift }
func (sl *slot) empty() bool               { return sl.ref == 0 }
func (sl *midSlot) home(shift uint) uint64 { return sl.hash >> shift }
func (sl *midSlot) empty() bool            { return sl.ref == 0 }

// resized returns an index of 2^(64-shift) slots, at least old's size,
// whose slots are taken from the top 64-shift bits of their hashes, with
// old's slots in it.
func resized[S any, P indexSlot[S]](old []S, shift uint) []S {
	// On 4 KiB pages, not huge ones (see the package comment, session
	// 19: a fresh huge page was the dearer fault here). Every insert reads
	// a slot before writing it, so fault each page in by a write first
	// (see hugepages.Prefault).
	ns := make([]S, 1<<(64-shift))
	var zero S
	hugepages.Prefault(unsafe.Pointer(unsafe.SliceData(ns)), len(ns)*int(unsafe.Sizeof(zero)))
	mask := uint64(len(ns) - 1)
	for k := range old {
		if P(&old[k]).empty() {
			continue
		}
		i := P(&old[k]).home(shift)
		for !P(&ns[i]).empty() {
			i = (i + 1) & mask
		}
		ns[i] = old[k]
	}
	return ns
}

// hugePageBytes is the size of a transparent huge page on amd64 and
// arm64 Linux: step's sizes are counted in it, as they were when the
// indexes of 4 MiB were on huge pages (sessions 16 to 18).
const hugePageBytes = 2 << 20

// key returns the bytes of entry id; they alias the arena.
func (t *countTable) key(id uint32) []byte {
	e := t.entry(id)
	p := e.off & (arenaChunk - 1)
	return t.arena[e.off>>arenaBits][p : p+e.n]
}

// distinct returns the number of distinct tokens.
func (t *countTable) distinct() int { return t.nent }
