package dups

import (
	"encoding/binary"
	"math"
	"math/bits"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/rowstore"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// Near-duplicate parameters.
//
// A row's words (the Tokenizer's tokens: lowercase, punctuation dropped,
// so re-cased and re-punctuated copies already look the same) get two
// one-permutation MinHash signatures of nearK values: one over the set of
// words, one over the set of adjacent word pairs, which sees order. LSH
// over the word signature (nearBands bands of nearRows values) makes
// candidates: a pair of Jaccard similarity J becomes one with probability
// 1-(1-J^4)^16: 0.9998 at J=0.8, 0.64 at 0.5. A candidate is kept when both
// its estimated word and pair similarities reach NearWordJ and NearPairJ:
// a copy with 10% of its words swapped or deleted keeps most words and
// pairs, while texts on the same topic share words but few pairs.
const (
	nearK        = 64
	nearBands    = 16
	nearRows     = nearK / nearBands
	nearMinWords = 8 // shorter texts carry too little to judge

	// NearWordJ and NearPairJ are the default verification thresholds.
	// The estimate from 64 bins has a standard error of about 0.03 near
	// J = 0.9, and more on short texts (40 to 60 words fill few bins):
	// at 0.85 some copies with a true word Jaccard of 0.93 fell under
	// it. On the fault-injected corpus of benchmarks/README.md (132,498
	// rows, 15,803 copies with 5-10% of words edited), 0.85 found 0.9904
	// of the copies at pair precision 0.9992; 0.80 found 0.9965 at
	// 0.9982, and put 103 of the 80,978 rows of the fault-free control
	// corpus in clusters (64 at 0.85). scan --near-word-jaccard and
	// --near-pair-jaccard change them.
	NearWordJ = 0.80
	NearPairJ = 0.5
)

// nearRow is one row's band keys and position: the LSH band keys from
// the full minima of its word signature. 80 bytes a row, plus its word
// and word-pair signatures (nearSig, 64 bytes each, kept apart in
// Near.words and Near.pairs) and its id: 208 bytes in all.
//
// Its position, JSON array element and label are one word (at, a
// rowstore.Place of Near.places): they were 24 bytes of their own (n,
// elem, file with the line bit, label), 160 bytes a row with the pair
// signature (session 22).
type nearRow struct {
	bands [nearBands]uint32
	at    rowstore.Place
	id    rowstore.IDRef
}

// nearSig is a b-bit (8) MinHash signature: 8 bits of each minimum
// (two unequal values agree by chance 1 time in 256, which the estimate
// corrects for). A row has two: over its words, and over its adjacent
// word pairs, for verification.
//
// A row's word signature is kept apart from its nearRow, in blocks of
// their own (Near.words): the verification of a candidate pair reads the
// word signatures first and rejects most pairs from them alone, and 64
// bytes in blocks of 64 are one cache line, in 8.6 MB for 134,000 rows,
// where inside a 232-byte row they took one or two lines of 31 MB. The
// finish puts them into input order (inputOrder: a copy, or in place in
// their blocks from 512Ki rows on), and the verifier reads them there by
// input index.
type nearSig = [nearK]uint8

// newRow returns a row at position p (element elem of a JSON array),
// its signatures not yet set.
func (d *Near) newRow(p ingest.Pos, elem int64, id rowstore.IDRef, label int32) nearRow {
	return nearRow{at: d.places.Pack(rowstore.Spot{File: int32(p.File), Line: p.Line, N: p.N, Elem: elem, Label: label}), id: id}
}

// spot returns the row's position, element and label.
func (d *Near) spot(r *nearRow) rowstore.Spot { return d.places.Spot(r.at) }

// pos returns the row's position.
func (d *Near) pos(r *nearRow) ingest.Pos {
	s := d.places.Spot(r.at)
	return ingest.Pos{File: int(s.File), N: s.N, Line: s.Line}
}

// maxKeptHashes is the most word hashes a Near keeps in its scratch
// between rows (8 MiB).
const maxKeptHashes = 1 << 20

// Near finds clusters of rows whose texts are nearly the same. It is a
// mergeable accumulator: signatures are computed per row in Add, and
// candidates, verification and clusters come after the merge, ordered by
// position, so the result does not depend on workers.
type Near struct {
	// CollectDrops asks Result for the positions of every cluster member
	// but the first, for --export-dedup.
	CollectDrops bool
	wh           stats.WordHasher
	hashes       []uint64 // scratch: a row's word hashes
	rows         rowstore.Blocks[nearRow]
	words        rowstore.Blocks[nearSig] // row k's word signature, in the blocks of rows: a reference to one is a reference to each
	pairs        rowstore.Blocks[nearSig] // row k's word-pair signature, as words
	ids          rowstore.IDs
	places       rowstore.Places // the rows' positions and labels that do not fit their Place
	labels       labelDict
	nfkc         []byte // scratch
	// WordJ and PairJ are the verification thresholds (NearWordJ and
	// NearPairJ unless set).
	WordJ, PairJ float64

	// Prefer marks the files whose rows a cluster keeps before any other
	// (the evaluation splits), as Exact.Prefer.
	Prefer []bool
}

// NewNear returns an empty Near.
func NewNear() *Near { return &Near{WordJ: NearWordJ, PairJ: NearPairJ} }

// ReadsWords marks Near as a reader of the token summary's word hashes
// (analysis.WordReader).
func (d *Near) ReadsWords() {}

// Add computes the signatures of every row of a batch.
//
// Tried and not kept (session 31): the next row's word hashes prefetched
// before each row is signed (nearfinish.go's notes after session 28's).
func (d *Near) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	if b.Words != nil {
		b.Words.Want = true // the token summary's hashes, from the next batch on
	}
	labels := labelColumn(b)
	ids := finding.IDColumn(b)
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		// The words' hashes, StableHash of every Tokenizer token: those
		// the token summary found as it counted them (b.Words), or found
		// here.
		var hs []uint64
		ascii, known := b.Words.RowASCII(i) // the summary's, when it read the text
		if !known {
			ascii = isASCII(t)
		}
		if ascii || isNFKC(t) {
			var ok bool
			if hs, ok = b.Words.Row(i); !ok {
				d.hashes = d.wh.Hashes(d.reserveHashes(len(t)), t)
				hs = d.hashes
			}
		} else {
			// NFKC, so that fullwidth letters, ligatures and other
			// compatibility forms make the same words as their plain
			// forms (the Tokenizer lowercases). ASCII is already NFKC,
			// and so is most other text (accented letters, curly
			// quotes): those texts' words are the summary's.
			// Tried and dropped (session 14): IsNormal on the
			// non-ASCII stretches only (each from the ASCII byte
			// before it, ASCII skipped 8 bytes at a time): on the
			// 5,480 non-ASCII texts of the 200 MB mail (16 MB)
			// 23-33 ms against 29-55 for IsNormal on the whole
			// text, a few ms of a scan for a rule of our own.
			// Tried and dropped (session 19), on the 299 texts of
			// the 200 MB mail not in NFKC (3.7 MB; 0.8-1.0% of the
			// default audit's samples under Hashes, 0.7-1.0% under
			// NFKC's Append; a benchmark, CPU ms, 3 runs each):
			// NFKC by stretches around the bytes that are not
			// ASCII, the ASCII between them copied, as
			// Normalizer.normalize does: 4.50-4.89 against
			// 4.47-4.57 for Append on the whole text (with the
			// hashing 11.3-11.5 against 11.1-11.3); and only the
			// pieces of the text NFKC changes (cut before ASCII
			// bytes that are not letters or digits, which no token
			// spans) normalised and hashed, the words of the others
			// taken from the summary's hashes and counted by
			// stats.CountWords (identical hashes: tested on the 30
			// MB corpus and adversarial texts, and fuzzed): 9.8-10.5
			// against 10.8-11.1, about 1 ms of the audit. The two
			// longest (1.3 and 1.7 MB) are 99.5% ASCII, but the
			// cost is in the others: mail decoded with the wrong
			// charset, dense with characters NFKC changes (U+02B1,
			// U+03F5, Hebrew points, combining marks), where every
			// piece is normalised and tokenised rune by rune either
			// way.
			if c := len(t) + len(t)/8; cap(d.nfkc) < c {
				d.nfkc = make([]byte, 0, c)
			}
			d.nfkc = norm.NFKC.Append(d.nfkc[:0], t...)
			d.hashes = d.wh.Hashes(d.reserveHashes(len(d.nfkc)), d.nfkc)
			hs = d.hashes
		}
		if len(hs) < nearMinWords {
			return
		}
		if cap(d.hashes) > maxKeptHashes {
			d.hashes = nil
		}
		r := d.newRow(b.Pos(i), b.Elem(i), d.ids.Add(ids, i), d.labels.id(labels, i))
		var w, p nearSig
		sign(hs, &r, &w, &p)
		d.add(&r, &w, &p)
	})
}

// reserveHashes returns d.hashes emptied, with room for the words of a
// text of n bytes as mail has them (a word every 4 bytes at most): one
// allocation, where appending grew it a quarter at a time. The two
// texts of the 200 MB mail that Add tokenises itself (after NFKC: 1.3
// and 1.7 MB, 198,000 and 283,000 words) grew it through about 30
// arrays, 11 MB of memory never touched before, faulted in a page at a
// time (perf record -e page-faults: 2,873 faults under Hashes); NFKC's
// output (d.nfkc) grew the same way. Reserved, only the pages written
// are faulted in.
//
// Tried and not kept (session 17): texts over 128 KiB that Add tokenises
// itself NFKC'd, hashed and signed in pieces of about 64 KiB, each cut
// before an ASCII byte that is not a letter or digit (no token spans one,
// and NFKC joins no ASCII character to what comes before it: checked for
// every character), the MinHash state carried from piece to piece, so
// that the scratch was a piece's, not 6 MB for the two texts above.
// Signatures identical (a test against the whole text at pieces of 1 to
// 4,096 bytes, and a fuzz test). The 1,700 faults under that scratch
// went, but the default audit of the 200 MB JSONL faulted as much in all
// (8 rounds alternated, load 8: 33,091 against 32,882; CPU 1.364 against
// 1.336 s): the rows' blocks, the count tables and the finish faulted in
// the pages the scratch had left to them. A buffer that dies early is not
// a cost of its own; the peak heap is. Its peak RSS (163-170 MB against
// 179-191, then 166-172 against 182-193) matched a second build of the
// same commit as the base (164-175): two builds of one commit in two
// directories peaked 17 MB apart over 5 rounds alternated, so compare
// peak RSS only against a control built the same way.
func (d *Near) reserveHashes(n int) []uint64 {
	if c := n/4 + 64; cap(d.hashes) < c {
		d.hashes = make([]uint64, 0, c)
	}
	return d.hashes[:0]
}

// add keeps a row and its word and pair signatures.
func (d *Near) add(r *nearRow, w, p *nearSig) {
	d.rows.Add(*r)
	d.words.Add(*w)
	d.pairs.Add(*p)
}

// sigRow is a row with its word and pair signatures, as flatten gives
// it.
type sigRow struct {
	nearRow
	word, pair nearSig
}

// flatten returns the rows with their word signatures, in the order they
// are kept, and empties d.
func (d *Near) flatten() []sigRow {
	out := make([]sigRow, 0, d.rows.Len())
	for i, blk := range d.rows.Chunks() {
		ws, ps := d.words.Chunks()[i], d.pairs.Chunks()[i]
		for j := range blk {
			out = append(out, sigRow{blk[j], ws[j], ps[j]})
		}
	}
	d.rows.Flatten()
	d.words.Flatten()
	d.pairs.Flatten()
	return out
}

// sign sets the band keys of r and its word and pair signatures w and p
// from the hashes of its words, hs (at least one): the LSH band keys from
// the full minima of the words' and 8 bits of each minimum of both
// signatures.
//
// On CPUs with AVX-512 the empty bins are found and the 8 bits taken 16
// bins an instruction, and the 16 bands' keys computed in the lanes of
// two registers (emptyBins512, bandsBytes512), instead of in loops over
// the 64 bins; a row's densify, band and byte loops took as long as
// MinHash over 40 of its words. A signature with many empty bins (a
// text of fewer than about 100 distinct words or pairs) is densified
// 64 bins at once too (densify512, session 18).
func sign(hs []uint64, r *nearRow, w, p *nearSig) {
	var word, bi [nearK]uint32
	minhash(hs, &word, &bi)
	var we, be uint64
	if useSign512 {
		we, be = emptyBins512(&word, &bi)
	} else {
		we, be = emptyBins(&word), emptyBins(&bi)
	}
	densifySig(&word, ^we)
	densifySig(&bi, ^be)
	if useSign512 {
		bandsBytes512(&word, &bi, &r.bands, w, p)
		return
	}
	for j := range nearBands {
		var h uint64 = uint64(j) + 1
		for _, v := range word[j*nearRows : (j+1)*nearRows] {
			h = stats.Mix64(h ^ uint64(v))
		}
		r.bands[j] = uint32(h)
	}
	lowBytes(&word, &bi, w, p)
}

// lowBytes sets w and b to the low 8 bits of every bin of word and bi.
func lowBytes(word, bi *[nearK]uint32, w, b *nearSig) {
	for k := range nearK {
		w[k], b[k] = uint8(word[k]), uint8(bi[k])
	}
}

// minhash sets word and bi to the one-permutation MinHash signatures of
// the words whose hashes are hs (at least one) and of their adjacent
// pairs, before densifying.
//
// Four words at a time: their eight hashes first, then the eight
// minimums, which lets the processor overlap the multiplications of
// four words and the loads and stores of eight bins. BenchmarkNearSign
// on the 200 MB mail: 7.7-8.0 to 6.1-6.5 ns a word (load 30-35). Eight
// at a time, in arrays, was slower (7.6-8.7); an AVX-512 version (the
// hashes of eight words in the lanes of VPMULLQ, the bins one by one)
// gave 6.6-7.1 and was dropped. With AVX-512 the kernel, minhash512,
// takes every word after the first, the last len%16 of them too (they
// were this loop's, 2.5 times the kernel's cost a word: 7.5 words a row
// on average).
func minhash(hs []uint64, word, bi *[nearK]uint32) {
	*word, *bi = emptySig, emptySig
	prev := stats.Mix64(hs[0] ^ 0x9e3779b97f4a7c15)
	oph(word, prev)
	hs = hs[1:]
	if useMinhash512 {
		if len(hs) > 0 {
			minhash512(hs, prev, word, bi)
		}
		return
	}
	for len(hs) >= 4 {
		h0 := stats.Mix64(hs[0] ^ 0x9e3779b97f4a7c15)
		h1 := stats.Mix64(hs[1] ^ 0x9e3779b97f4a7c15)
		h2 := stats.Mix64(hs[2] ^ 0x9e3779b97f4a7c15)
		h3 := stats.Mix64(hs[3] ^ 0x9e3779b97f4a7c15)
		p0 := stats.Mix64(prev*0x100000001b3 ^ h0)
		p1 := stats.Mix64(h0*0x100000001b3 ^ h1)
		p2 := stats.Mix64(h1*0x100000001b3 ^ h2)
		p3 := stats.Mix64(h2*0x100000001b3 ^ h3)
		oph(word, h0)
		oph(word, h1)
		oph(word, h2)
		oph(word, h3)
		oph(bi, p0)
		oph(bi, p1)
		oph(bi, p2)
		oph(bi, p3)
		prev = h3
		hs = hs[4:]
	}
	for _, th := range hs {
		h := stats.Mix64(th ^ 0x9e3779b97f4a7c15)
		oph(word, h)
		oph(bi, stats.Mix64(prev*0x100000001b3^h))
		prev = h
	}
}

// emptySig is a signature of empty bins, every one math.MaxUint32.
var emptySig = func() (s [nearK]uint32) {
	for k := range s {
		s[k] = math.MaxUint32
	}
	return s
}()

// oph puts a hashed element into a one-permutation MinHash signature: the
// top bits pick the bin, the rest is the value. The min is branch-free
// (a conditional move and a store every time): whether a value is a new
// minimum is a coin toss for the first few of a bin, and a mispredicted
// branch cost as much as the rest of the word.
//
// Not built, for want of what it would skip (session 18): passing over
// the elements whose value is at or above the largest minimum of the 64
// bins (they cannot lower any bin; a stale largest is still a bound).
// The largest stays math.MaxUint32 until every bin holds a value (about
// 64 ln 64 = 266 distinct elements), and most words are in texts shorter
// than that: a simulation over every tenth text of the 200 MB mail
// (2.8 million words, the bound refreshed every 16 words) would have
// skipped 2.2% of the word minimums and 6.8% of the pair minimums, not
// the 20-40% estimated from long texts.
func oph(sig *[nearK]uint32, h uint64) {
	bin := h >> 58 // nearK = 64 bins
	sig[bin] = min(sig[bin], uint32(h))
}

// densify fills empty bins from the next non-empty one (rotation), so that
// short texts still have a full signature. A text with no element at all
// keeps its empty bins, which then match each other.
//
// It gives what the plain loop (densifyRef in the tests) gives: each
// empty bin, in order, walks up to the next non-empty bin, wrapping
// around to bins it has already filled. A filled bin holds the value of
// the non-empty bin it was filled from plus its distance times the
// offset, so walking on to that bin gives the same: the next bin that was
// non-empty at first decides, and a bit mask finds it.
func densify(sig *[nearK]uint32) { densifyFull(sig, ^emptyBins(sig)) }

// densify512Min is the fewest empty bins for which densifySig takes
// densify512: it costs the same whatever their number, 20.8 ns a
// signature, where densifyFull's loop took 2.5 ns and 1.45 more an empty
// bin (BenchmarkDensify, thread CPU, 3 rounds: 18.6-18.8 ns at 12 empty
// bins, 23.9-24.7 at 16, 47-48 at 32).
const densify512Min = 14

// densifySig is densifyFull, by densify512 where it is the faster.
func densifySig(sig *[nearK]uint32, full uint64) {
	if useDensify512 && full != 0 && bits.OnesCount64(full) <= nearK-densify512Min {
		densify512(sig, full)
		return
	}
	densifyFull(sig, full)
}

// emptyBins returns the empty bins of sig (math.MaxUint32), bit k for
// bin k.
func emptyBins(sig *[nearK]uint32) uint64 {
	var full uint64 // bit k: bin k holds a value
	for k, v := range sig {
		x := v + 1 // 0 for an empty bin
		full |= uint64((x|-x)>>31) << k
	}
	return ^full
}

// densifyFull is densify with the bins that hold a value before it
// (full, bit k for bin k) given.
func densifyFull(sig *[nearK]uint32, full uint64) {
	if full == math.MaxUint64 || full == 0 {
		return
	}
	for empty := ^full; empty != 0; empty &= empty - 1 {
		k := bits.TrailingZeros64(empty)
		step := bits.TrailingZeros64(bits.RotateLeft64(full, -(k+1))) + 1
		sig[k] = sig[(k+step)%nearK] + uint32(step)*0x9e3779b9 // offset, so copies of a bin differ
	}
}

// estJ estimates Jaccard similarity from two b-bit (8) signatures.
func estJ(a, b *nearSig) float64 {
	m := 0
	for k := 0; k < nearK; k += 8 {
		m += equalBytes(binary.LittleEndian.Uint64(a[k:]), binary.LittleEndian.Uint64(b[k:]))
	}
	return estJCount(m)
}

// estJCount estimates Jaccard similarity from m equal bytes of nearK.
func estJCount(m int) float64 {
	const c = 1.0 / 256
	return max(0, (float64(m)/nearK-c)/(1-c))
}

// lo7 holds the low 7 bits of every byte of a word.
const lo7 = 0x7f7f7f7f7f7f7f7f

// equalBytes counts the equal bytes of a and b: in x = a^b an equal byte
// is zero, and z has the high bit of exactly the zero bytes of x.
func equalBytes(a, b uint64) int {
	x := a ^ b
	z := ^((x&lo7 + lo7) | x | lo7)
	return bits.OnesCount64(z)
}

// Merge adds the rows of other, a *Near, to d; other must not be used
// afterwards (the law of analysis.Analyser).
func (d *Near) Merge(other analysis.Analyser) error {
	o, ok := other.(*Near)
	if !ok {
		return analysis.Mismatch(d, other)
	}
	base := d.ids.Merge(&o.ids)
	pbase := d.places.Merge(&o.places)
	m := d.labels.absorb(&o.labels)
	relabel := func(l int32) int32 { return remapLabel(m, l) }
	for _, blk := range o.rows.Chunks() {
		for i := range blk {
			blk[i].id.Rebase(base)
			blk[i].at.Rebase(pbase)
			d.places.Relabel(&blk[i].at, relabel)
		}
	}
	d.rows.Merge(&o.rows)
	d.words.Merge(&o.words)
	d.pairs.Merge(&o.pairs)
	return nil
}

// sigShift sets how many word signatures a block of a sigTable holds:
// 1 << sigShift, as many as a block of rowstore.Blocks, so that the
// table can be made of those blocks (inputOrder).
const (
	sigShift = 14
	sigSize  = 1 << sigShift
)

// sigTable is the word and pair signatures in input order: row i's
// (its input index) at flat[i] and pair[i], or, when they were put in
// order in place, at blocks[i>>sigShift][i&(sigSize-1)] and the same
// slot of pblocks (arrays, so that the offset needs no bounds check).
type sigTable struct {
	flat    []nearSig
	blocks  []*[sigSize]nearSig
	pair    []nearSig
	pblocks []*[sigSize]nearSig
	// low holds bit k of each word signature's byte k (lowBits), in
	// input order: 8 bytes a row, for the verifier's first reject.
	low []uint64
}

// lowBits returns the low bit of each byte of w, bit k for byte k. Two
// signatures differ in at least as many bytes as their lowBits differ in
// bits, so a pair whose lowBits differ in more bits than the verifier
// allows unequal bytes is rejected without reading the signatures.
func lowBits(w *nearSig) uint64 {
	var x uint64
	for k := 0; k < nearK; k += 8 {
		// Byte i's low bit, at bit 8i, lands on bit 56+i: the
		// multiplier's bit 56-7i moves it there, and no two products
		// meet below bit 56 in a way that carries into bits 56-63.
		y := binary.LittleEndian.Uint64(w[k:]) & 0x0101010101010101
		x |= (y * 0x0102040810204080 >> 56) << k
	}
	return x
}

// at returns the word signature of input index i.
func (t *sigTable) at(i int32) *nearSig {
	if t.blocks == nil {
		return &t.flat[i]
	}
	return &t.blocks[i>>sigShift][i&(sigSize-1)]
}

// pairAt returns the pair signature of input index i.
func (t *sigTable) pairAt(i int32) *nearSig {
	if t.pblocks == nil {
		return &t.pair[i]
	}
	return &t.pblocks[i>>sigShift][i&(sigSize-1)]
}

// inPlaceMin is the fewest rows whose signatures inputOrder puts in
// order in place; tests raise it to take the copy.
var inPlaceMin = 0

// inputOrder returns the word and pair signatures of ws and ps in input
// order: refs[i] is the reference of input index i's. The finish reaches
// them by a row's input index without going through its reference (64
// bytes a row each, 8.6 MB on 200 MB of mail).
//
// The verification reads the signatures of a bucket's members, rows far
// apart, and each first read misses the cache; through the reference it
// was two dependent misses (refs[i], then the signature), which the
// processor could not start ahead. guessBuckets spent most of its time on
// them.
//
// With inPlace (and at least inPlaceMin rows), the signatures are moved
// within their own blocks (a reference is block<<sigShift | offset: a
// slot of the table), and ws and ps are left empty: no second copy.
// Otherwise (Result, which leaves d as it was) they are copied into two
// arrays.
//
// # In place at every size (session 22)
//
// The pair signatures were kept in the rows (nearRow.bi), and below
// 512Ki rows both signatures were copied into new arrays (17.6 MB on
// 200 MB of mail, besides the 8 bytes a row of low bits): copying them
// into new memory, freeing the blocks as it went, had added 88 MB to
// the 809 MB peak of the default audit of 2 GB of mail (the garbage
// collector returns the freed blocks only later), and below that size
// reaching a word signature through its block had made the verification
// 5-10% slower (session 15) and the pair signatures read in the rows
// (refs, then the row) 1.4% slower in all (session 20). With the pair
// signatures in blocks of their own beside the word signatures', both
// are put in order in place: no copy, and a signature is reached through
// its block's address (one load from a table of a few pointers, in the
// first-level cache; prefetchSigs fetches them ahead into the second
// level, as prefetchFlat does the copies). BenchmarkNearGuess on the 200
// MB mail (DATAAUDIT_NEAR_CORPUS, 6 runs each, load 0.4): 65.2 ms CPU
// copied, 67.6 in place (+3.6%, about 2.4 ms a finish), against the
// copies' memmove and their fresh pages (perf record -e page-faults:
// 812-4,196 faults under inputOrder a run before, 232 after). With the
// places of the rows (rowstore.Place), the default audit, 6 rounds
// alternated 3 s apart, load 3.6-4.4, against main 952b20b: benchmark
// Parquet CPU 1.333 to 1.287 s, faults 43,053 to 37,931, peak RSS 192
// to 177 MB; 200 MB JSONL CPU 1.158 to 1.165 s, faults 34,466 to
// 31,813, RSS 160 to 149 MB. The pair signatures' blocks alone (against
// the places only): faults 39,654 to 38,557 (Parquet), 33,013 to 32,169
// (JSONL), CPU 1.145 to 1.150 and 1.050 to 1.065 s (noise: ranges
// 0.90-1.27). The 2 GB corpus (1,354,116 rows, 2 runs each) peaked at
// 595,764-598,380 KiB (450-453 bytes a row) against 626,144-653,792.
//
// # Side by side, tried and not kept (session 27)
//
// A row's word and pair signatures in one 128-byte slot of blocks of
// their own from Add on (two adjacent lines of one page; one Blocks.Add
// a row, one walk of the permutation, one prefetch call fetching both
// lines), not as the copy session 25 made after inputOrder. On the 200
// MB mail, 6 rounds alternated under the lock (n=18): BenchmarkNearGuess
// (in place) 48.45 to 44.98 ms CPU (-7.2%, p=0.000), but
// BenchmarkInputOrder 3.4-5.6 ms to 5.9-7.9 (the low bits' pass reads
// every word signature, and with them every pair line), and
// BenchmarkNearResult's replay thread (the copies) +16.6%. The default
// audit of the benchmark Parquet: perf samples at 4 kHz of near's
// functions 698 to 683 a run (6 runs each), CPU 1.006 to 1.054 s and
// faults 32,055 to 32,954 (ab.sh, 10 rounds, load 6-8): no gain to
// measure. Session 24 had found the one walk and the low bits taken in
// it no faster either.
func inputOrder(ws, ps *rowstore.Blocks[nearSig], refs []uint32, inPlace bool) sigTable {
	var t sigTable
	inPlace = inPlace && len(refs) >= inPlaceMin && ws.RefOf(1, 0) == sigSize
	t.blocks, t.flat = sigsInOrder(ws, refs, inPlace)
	t.pblocks, t.pair = sigsInOrder(ps, refs, inPlace)
	if inPlace {
		*ws, *ps = rowstore.Blocks[nearSig]{}, rowstore.Blocks[nearSig]{}
	}
	t.low = make([]uint64, len(refs))
	for i := range t.low {
		t.low[i] = lowBits(t.at(int32(i)))
	}
	return t
}

// sigsInOrder puts the signatures of b into input order (refs): in place,
// as blocks (b is then emptied), when inPlace and permuteInPlace can, else
// copied into one flat slice.
func sigsInOrder(b *rowstore.Blocks[nearSig], refs []uint32, inPlace bool) ([]*[sigSize]nearSig, []nearSig) {
	if inPlace && permuteInPlace(b.Chunks(), refs) {
		t := tableOf(b.Chunks())
		*b = rowstore.Blocks[nearSig]{}
		return t, nil
	}
	flat := make([]nearSig, len(refs))
	for i, r := range refs {
		flat[i] = *b.At(r)
	}
	return nil, flat
}

// tableOf returns the blocks of chunks, each taken at its capacity,
// sigSize (permuteInPlace checked it).
func tableOf(chunks [][]nearSig) []*[sigSize]nearSig {
	t := make([]*[sigSize]nearSig, len(chunks))
	for b, c := range chunks {
		t[b] = (*[sigSize]nearSig)(c[:sigSize])
	}
	return t
}

// permuteInPlace moves item refs[i] (block<<sigShift | offset) of chunks
// to slot i (block i>>sigShift, offset i&(sigSize-1)), every chunk taken
// at its capacity, and reports whether it did: it does nothing when a
// chunk's capacity is not sigSize.
//
// Slot i takes the item of slot refs[i] (a gather, by cycles): from each
// slot that holds no item (past a block's length: blocks are not full
// after a merge) a chain follows refs until it reaches a slot no input
// index wants (i >= n); the slots left form cycles, each started by
// saving its first item. Every item is read and written once; a bit a
// row marks the slots written.
//
// Tried and not kept (session 24): the word and pair signatures moved in
// one walk of the chains (the walk is a chain of dependent loads of
// refs, made once for each), with the low bits taken as each word
// signature was written instead of in a pass of their own.
// BenchmarkInputOrder (134,250 rows from two workers), thread CPU, 4
// rounds alternated, load 8-10: 3.63-5.85 ms against 3.40-6.01, no
// difference; with the low bits in the walk too (random writes of
// low), ns/op 5.9-12.3 against 5.1-9.3, slower.
func permuteInPlace(chunks [][]nearSig, refs []uint32) bool {
	for _, c := range chunks {
		if cap(c) != sigSize {
			return false
		}
	}
	n := uint32(len(refs))
	if n == 0 {
		return true
	}
	if uint64(len(chunks))<<sigShift < uint64(n) {
		return false
	}
	at := func(s uint32) *nearSig { return &chunks[s>>sigShift][:sigSize][s&(sigSize-1)] }
	done := make([]uint64, (n+63)/64)
	mark := func(s uint32) { done[s/64] |= 1 << (s % 64) }
	for i := range n {
		if int(i&(sigSize-1)) < len(chunks[i>>sigShift]) {
			continue // slot i holds an item
		}
		for v := i; ; {
			s := refs[v]
			*at(v) = *at(s)
			mark(v)
			if s >= n {
				break
			}
			v = s
		}
	}
	for i := range n {
		if done[i/64]&(1<<(i%64)) != 0 {
			continue
		}
		first := *at(i)
		v := i
		for {
			mark(v)
			s := refs[v]
			if s == i {
				*at(v) = first
				break
			}
			*at(v) = *at(s)
			v = s
		}
	}
	return true
}

// row names a row in findings: its position, and its id when it has one.
func (d *Near) row(files []string, r *nearRow) finding.Row {
	return finding.NewRow(files, d.pos(r), d.ids.String(r.id))
}

// isASCII reports whether t holds only ASCII bytes.
func isASCII(t []byte) bool {
	i := 0
	// 32 bytes an iteration: one test for four words. Nearly every text
	// of the 200 MB mail is ASCII and read to its end.
	for ; i+32 <= len(t); i += 32 {
		w := binary.LittleEndian.Uint64(t[i:]) | binary.LittleEndian.Uint64(t[i+8:]) |
			binary.LittleEndian.Uint64(t[i+16:]) | binary.LittleEndian.Uint64(t[i+24:])
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i+8 <= len(t); i += 8 {
		if binary.LittleEndian.Uint64(t[i:])&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(t); i++ {
		if t[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// NearResult describes the near-duplicate clusters of a corpus.
type NearResult struct {
	WordJ          float64 `json:"word_jaccard_min"`
	PairJ          float64 `json:"pair_jaccard_min"`
	RowsScored     int64   `json:"rows_compared"` // rows of at least 8 words
	Candidates     int64   `json:"candidate_pairs"`
	Clusters       int64   `json:"clusters"`
	RowsInClusters int64   `json:"rows_in_clusters"`
	ClusterOutcome
}

// Result finds the clusters and lists the first maxExamples by position,
// each with its members in input order and their estimated similarity to
// the first. It returns how many were not listed.
func (d *Near) Result(files []string, maxExamples int) (NearResult, []finding.Finding, int64) {
	return d.result(files, maxExamples, false)
}

// result is Result; with consume it puts the word signatures into input
// order within their own blocks and leaves d's empty (Finish: d is not
// used afterwards).
func (d *Near) result(files []string, maxExamples int, consume bool) (NearResult, []finding.Finding, int64) {
	res := NearResult{WordJ: d.WordJ, PairJ: d.PairJ}
	// References to the rows in input order: the union-find roots and
	// every listing are then deterministic.
	refs := d.rows.Refs()
	sortRefs(refs, func(r uint32) (int32, int64, int64) { x := d.spot(d.rows.At(r)); return x.File, x.N, x.Elem })
	row := func(i int32) *nearRow { return d.rows.At(refs[i]) }
	n := int32(len(refs))
	res.RowsScored = int64(n)
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	// The rows are reached in block order through inv (block position ->
	// index in input order), which reads them sequentially.
	inv := make([]int32, n)
	pos := d.rows.Positions()
	for i, r := range refs {
		inv[pos(r)] = int32(i)
	}
	// The first band lists are sorted while the word signatures are
	// copied into input order; the guesses, which read them, wait for
	// the copy (ready).
	var v *nearVerifier
	ready := make(chan struct{})
	snaps := newClusterSnaps()
	get, release := bandLists(int(n), newBandKeys(int(n), func(j0, j1 int, dst []uint32) {
		d.bandKeys(inv, j0, j1, dst)
	}), func(l bandList, out []uint8) (bandList, []uint8) { <-ready; return v.guessBuckets(snaps, l, out) })
	words := inputOrder(&d.words, &d.pairs, refs, consume)
	v = newNearVerifier(d.WordJ, d.PairJ, words)
	close(ready)
	reps := make([]int32, 0, maxReps)
	repRoots := make([]int32, 0, maxReps) // find(reps[k])
	var gs guessed
	for j := range nearBands {
		w := get(j)
		list := w.list
		pre := 0 // the members from pre+prefetchAhead on have not had their parents prefetched
		for p := 0; p < len(list); {
			// Compare each member with a representative of every
			// cluster met in the bucket so far (up to maxReps), not just
			// with the bucket's first row: a copy of a later member may
			// fail against the first. Bounded, so a bucket of a thousand
			// rows costs at most maxReps checks a row.
			reps = append(reps[:0], ^list[p])
			repRoots = append(repRoots[:0], find(^list[p]))
			gs.start(^list[p])
			// same: the guesses' representatives (gs) are reps, so
			// that a guess that compared a member with all of them
			// gives every outcome at once, in order, only the last a
			// match (most members: a guess had the replay's clusters
			// but for the last band's unions). Session 26: the search
			// of each representative among the guess's (outcome) for
			// every pair had been a fifth of the replay's thread.
			// BenchmarkNearResult on the 200 MB mail, 17 runs each
			// alternated, load 3-16: the replay's thread 30.3 ms ±
			// 13% to 23.7 ± 14% (-21.6%, p=0.000), the finish's CPU
			// 105.1 ± 13% to 94.0 ± 7% (p=0.038); candidates and
			// findings identical. The default audit of the benchmark
			// Parquet, perf samples at 4 kHz, 6 runs each alternated
			// (load 6-8): Near.result's own 66 a run against 100
			// (-34%), the finish's (band lists, guesses, replay) 402
			// against 467; CPU time (8 rounds, ab.sh) 1.199 against
			// 1.184 s, under that load's noise.
			same := true
			p++
		member:
			for ; p < len(list) && list[p] >= 0; p++ {
				if usePrefetch && p >= pre {
					// The union-find parents of the members ahead: a
					// member's find started with a miss, a third of
					// this function's samples. Tried without gain at
					// load 20 (session 15, see nearVerifier.match);
					// with the guesses' signatures prefetched into the
					// second level only (session 18), the default
					// audit of the 200 MB JSONL: samples of result and
					// prefetchInt32 175 to 156, of the package 1,243 to
					// 1,194 (8 runs each alternated, load 15).
					if q := p + prefetchAhead; q < len(list) {
						prefetchInt32(&parent[0], list[q:min(q+prefetchAhead, len(list))])
					}
					pre = p + prefetchAhead
				}
				b := list[p]
				n0 := gs.n
				guess := gs.member(b, w.guess[p])
				gRep := gs.n != n0 // the guess made b a representative
				fb := find(b)
				// The representatives' roots are kept: only a union
				// changes one.
				for _, r := range repRoots {
					if r == fb {
						same = same && !gRep
						continue member
					}
				}
				if same && len(guess.reps) == len(reps) {
					// The guess compared b with every representative,
					// in order: only the last can have matched.
					res.Candidates += int64(len(reps))
					if guess.match {
						k := len(reps) - 1
						lo := min(repRoots[k], fb)
						parent[max(repRoots[k], fb)] = lo
						repRoots[k] = lo
						continue member
					}
				} else {
					for k, a := range reps {
						res.Candidates++
						m, known := guess.outcome(a)
						if !known {
							m = v.match(a, b)
						}
						if m {
							// The earlier row is the root; no other
							// representative had either root.
							lo := min(repRoots[k], fb)
							parent[max(repRoots[k], fb)] = lo
							repRoots[k] = lo
							same = same && !gRep
							continue member
						}
					}
				}
				if len(reps) < maxReps {
					reps = append(reps, b)
					repRoots = append(repRoots, fb)
					same = same && gRep
				} else {
					same = same && !gRep
				}
			}
		}
		release(j)
		if j < nearBands-1 {
			snaps.publish(parent)
		}
	}
	// A root is its cluster's first row, so it comes before its members:
	// clusters come out ordered by first row, members in input order,
	// without a map of every row.
	size := make([]int32, n)
	roots(parent, parent)
	for _, r := range parent {
		size[r]++
	}
	var clusters [][]int32
	// The clusters' members share one array (a cluster's rows are at most
	// the rows): one allocation, not one a cluster (17,814 on the 200 MB
	// mail) on the finish's last, lone thread.
	backing := make([]int32, n)
	slot := size // a root's cluster index, once its size is read
	for i := range n {
		r := parent[i]
		if r == i {
			if size[i] < 2 {
				slot[i] = -1
				continue
			}
			clusters = append(clusters, backing[:0:size[i]])
			backing = backing[size[i]:]
			res.Clusters++
			res.RowsInClusters += int64(size[i])
			slot[i] = int32(len(clusters) - 1)
		}
		if c := slot[r]; c >= 0 {
			clusters[c] = append(clusters[c], i)
		}
	}
	if d.CollectDrops {
		for _, c := range clusters {
			keep := c[0]
			for _, m := range c {
				if f := int(d.places.File(row(m).at)); f < len(d.Prefer) && d.Prefer[f] {
					keep = m
					break
				}
			}
			for _, m := range c {
				if m != keep {
					res.Drop = append(res.Drop, d.pos(row(m)))
				}
			}
		}
		sortPositions(res.Drop)
	}
	// No cluster can mix labels with fewer than two label values (and
	// without --label there are none): the loop read a row of every
	// cluster's members for nothing, 1.5 ms on the 200 MB mail (17,814
	// clusters, 57,663 rows) on the finish's last, lone thread.
	mixable := clusters
	if len(d.labels.names) < 2 {
		mixable = nil
	}
	var fs []finding.Finding
	for _, c := range mixable {
		labels := make([]int32, len(c))
		for i, m := range c {
			labels[i] = d.places.Label(row(m).at)
		}
		if !mixedLabels(labels) {
			continue
		}
		res.LabelConflicts++
		if len(res.Conflicts) >= max(maxExamples, 0) {
			res.ConflictsUnlisted++
			continue
		}
		members := make([]finding.Row, len(c))
		for i, m := range c {
			members[i] = d.row(files, row(m))
		}
		f, _ := conflict(members, labels, &d.labels, "near")
		res.Conflicts = append(res.Conflicts, f)
	}
	listed := clusters[:min(len(clusters), max(maxExamples, 0))]
	if len(listed) > 0 {
		fs = make([]finding.Finding, len(listed))
		d.nearFindings(files, words, row, listed, fs)
	}
	return res, fs, int64(len(clusters) - len(fs))
}

// findingsSplitMin is the fewest rows in listed clusters for which
// nearFindings makes the findings on two goroutines; tests lower it.
var findingsSplitMin = 2048

// nearFindings sets fs[i] to the finding of the listed cluster
// listed[i] (input indexes, the first the row to keep).
//
// They are made on the finish's last thread, after the replay, with the
// other core idle (the 200 MB mail: 1,000 clusters, 8,330 rows named,
// about 4 ms), so with GOMAXPROCS above 1 and at least findingsSplitMin
// rows listed, the clusters are cut in two of about as many rows each
// and the second half is made on a goroutine of its own: each finding
// depends on its own cluster alone, so they are the same whatever the
// cut.
func (d *Near) nearFindings(files []string, words sigTable, row func(int32) *nearRow, listed [][]int32, fs []finding.Finding) {
	make1 := func(lo, hi int) {
		var ev []byte
		for i := lo; i < hi; i++ {
			c := listed[i]
			first := words.at(c[0])
			f := finding.Finding{Kind: finding.KindNearDuplicate, Severity: finding.Warning, Rows: make([]finding.Row, len(c))}
			var sims [3]float64
			lowest := 1.0
			for i, m := range c {
				f.Rows[i] = d.row(files, row(m))
				if i > 0 {
					j := estJ(first, words.at(m))
					lowest = min(lowest, j)
					if i <= 3 {
						sims[i-1] = j
					}
				}
			}
			f.Score = finding.Round(lowest, 2)
			ev = nearEvidence(ev[:0], f.Rows, sims[:min(len(c)-1, 3)])
			f.Evidence = string(ev)
			fs[i] = f
		}
	}
	rows := 0
	for _, c := range listed {
		rows += len(c)
	}
	if rows < findingsSplitMin || runtime.GOMAXPROCS(0) < 2 {
		make1(0, len(listed))
		return
	}
	// The first cluster at which half the rows are behind.
	h, seen := 0, 0
	for ; h < len(listed) && 2*seen < rows; h++ {
		seen += len(listed[h])
	}
	var wg sync.WaitGroup
	wg.Go(func() { make1(h, len(listed)) })
	make1(0, h)
	wg.Wait()
}

// bandKeys sets dst[(j-j0)*n+inv[k]] to band j's key of the row at
// block position k, for j0 <= j < j1: one walk over the rows for the
// bands of a group (bandKeys).
func (d *Near) bandKeys(inv []int32, j0, j1 int, dst []uint32) {
	n := len(inv)
	k := 0
	if j1 == j0+1 {
		// One band (above 2^20 rows): the inner loop over bands cost
		// twice the walk's samples at 2 GB.
		for _, blk := range d.rows.Chunks() {
			for r := range blk {
				dst[inv[k]] = blk[r].bands[j0]
				k++
			}
		}
		return
	}
	for _, blk := range d.rows.Chunks() {
		for r := range blk {
			i := int(inv[k])
			for j, key := range blk[r].bands[j0:j1] {
				dst[j*n+i] = key
			}
			k++
		}
	}
}

// nearEvidence appends a listed cluster's evidence to b: its size, its
// first row's name, and the estimated word Jaccard of its next rows
// (sims, up to three) to the first, as
//
//	fmt.Sprintf("%d rows nearly the same as %s (estimated word Jaccard: %s%s)", ...)
//
// of each "ID %.2f" joined with ", " and ", and N more" did (the
// reference, refResult), with strconv in one buffer: the findings are
// made on the finish's last, lone thread.
func nearEvidence(b []byte, rows []finding.Row, sims []float64) []byte {
	b = strconv.AppendInt(b, int64(len(rows)), 10)
	b = append(b, " rows nearly the same as "...)
	b = append(b, rows[0].ID...)
	b = append(b, " (estimated word Jaccard: "...)
	for i, j := range sims {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, rows[i+1].ID...)
		b = append(b, ' ')
		b = strconv.AppendFloat(b, j, 'f', 2, 64)
	}
	if len(rows) > 4 {
		b = append(b, ", and "...)
		b = strconv.AppendInt(b, int64(len(rows)-4), 10)
		b = append(b, " more"...)
	}
	return append(b, ')')
}
