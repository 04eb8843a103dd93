// Package outliers scores every row on eight features (log length in bytes
// and words, the shares of letters, digits, symbols and capitals, mean word
// length, byte entropy) by its robust z-score, |x - median| / max(1.4826
// MAD, floor), and reports the rows at ThresholdZ or beyond, each with the
// feature that deviates most.
//
// Scorer is a mergeable accumulator: Add computes the features of each row
// (40 bytes a row, in rowstore blocks), Merge appends another worker's
// rows, and Result takes the medians and scores after the merge. So for any
// split of the input into batches and workers, a.Add(b1); a.Add(b2) ≡
// a.Add(b1); o.Add(b2); a.Merge(o); findings are ordered by score, ties by
// position.
//
// The features are computed in one pass over a row's bytes, eight at a
// time while they are ASCII (a histogram and a mask of word bytes; on
// CPUs with AVX-512 BW, VBMI, GFNI and BITALG, 64 at a time with vector
// byte counts, chunks.go), the
// Unicode tables only for other characters, the entropy with one
// logarithm a text, from the histograms merged sixteen counts at a time
// (featMerge; TestFeaturesFastPath holds features to the per-character
// definition, refFeatures, bit for bit on the sample, on generated texts
// and on the 30 MB mail corpus: the entropy's float64 rounding differs,
// by a few units in the last place, which the float32 features hide),
// and the medians are selected by radix, not sorted (kth). Each Scorer
// also keeps a 6 KB scratch for features. With AVX-512 F and DQ a batch's
// logarithms are taken eight at a time (featLogs) and so are the
// deviations from the medians (medianMAD), the same bits as math's.
package outliers

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/rowstore"
)

// The per-row features scored for outliers. Lengths are logarithmic,
// because text lengths are roughly log-normal: on a linear scale every
// long document would be an outlier.
var outlierFeatures = [...]struct {
	name  string
	floor float64 // the smallest spread used: a MAD of 0 must not make every deviation infinite
}{
	{"log_bytes", 0.5},
	{"log_words", 0.5},
	{"letter_share", 0.1},
	{"digit_share", 0.1},
	{"symbol_share", 0.1},
	{"upper_share", 0.1},
	{"mean_word_len", 0.5},
	{"byte_entropy", 0.5},
}

const numFeatures = len(outlierFeatures)

// ThresholdZ is the robust z-score, |x - median| / max(1.4826 MAD, floor),
// from which a row is an outlier. With 6 and smaller floors, 3.1% of
// Debian's fortunes were flagged (all-caps ones); with 10 and these floors,
// 0.03%.
const ThresholdZ = 10.0

// outlierRow is a row's features and its position: 40 bytes, its
// position one word (a rowstore.Place of Scorer.places), where n, file
// and line took 16 bytes with the padding before session 22.
type outlierRow struct {
	f  [numFeatures]float32
	at rowstore.Place
}

// Scorer scores rows by how far their features lie from the corpus
// median, in units of the median absolute deviation. It keeps 40 bytes a
// row (blocks, no growth copies) and scores after the merge, so the result
// does not depend on workers. On Debian's fortunes 0.03% of rows reach
// ThresholdZ; on SpamAssassin mail cut into rows, 4%, all of them chunks of
// base64 attachments (mean word length 76).
type Scorer struct {
	rows    rowstore.Blocks[outlierRow]
	places  rowstore.Places // the rows' positions that do not fit their Place
	scratch featScratch     // 6 KB, not state: what features works in
	logs    featLogs        // not state: a batch's logarithms (Add)
	offers  []offer         // not state: a batch's rows for cands (Add)
	// cands are the rows whose starts Finish keeps for the excerpts
	// (see candidates), nil when none are; not state either.
	cands *candidates
}

// NewScorer returns an empty Scorer.
func NewScorer() *Scorer { return &Scorer{} }

// Add computes the features of every row of a batch. The three
// logarithms of each row are taken after the batch's other features, all
// at once (featLogs.finish): a row's features leave its arguments in
// o.logs, and a candidate row is offered once they are taken.
func (o *Scorer) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	if o.cands == nil && b.Kept != nil {
		o.cands = newCandidates(b.Kept)
	}
	cands := o.cands
	var ids *array.String
	if cands != nil {
		ids = finding.IDColumn(b)
	}
	lg := &o.logs
	lg.reset()
	err := ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid || len(t) == 0 {
			return // empty texts are counted and flagged elsewhere
		}
		pos := b.Pos(i)
		r := o.rows.Push(outlierRow{at: o.place(pos)})
		lg.add(&r.f, o.scratch.featuresBut(t, &r.f))
		if cands != nil {
			o.offers = append(o.offers, offer{f: &r.f, pos: pos, t: t, i: i})
		}
	})
	lg.finish()
	for _, c := range o.offers {
		cands.offer(c.f, c.pos, c.t, ids, c.i)
	}
	clear(o.offers) // no text or row of this batch kept
	o.offers = o.offers[:0]
	return err
}

// offer is a row Add offers to the candidates once its features are
// whole.
type offer struct {
	f   *[numFeatures]float32
	pos ingest.Pos
	t   []byte
	i   int
}

// The classes of an ASCII byte for features.
const (
	featLetter = 1 << iota
	featUpper
	featDigit
	featSymbol // neither letter, digit nor white space
	featWord   // letter or digit
)

var asciiFeat = func() (t [utf8.RuneSelf]uint8) {
	for c := range utf8.RuneSelf {
		switch {
		case c|0x20 >= 'a' && c|0x20 <= 'z':
			t[c] = featLetter | featWord
			if c <= 'Z' {
				t[c] |= featUpper
			}
		case c >= '0' && c <= '9':
			t[c] = featDigit | featWord
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			t[c] = featSymbol
		}
	}
	return t
}()

// The classes of a character that is not ASCII, as package unicode
// has them (runeClass): IsLetter, IsUpper, IsNumber, IsSpace.
const (
	runeLetter = 1 << iota
	runeUpper
	runeNumber
	runeSpace
)

// runeClass2 holds the classes of each rune of two UTF-8 bytes (U+0080 to
// U+07FF), made once from package unicode's calls.
var runeClass2 = func() (t [0x800]uint8) {
	for r := rune(utf8.RuneSelf); r < 0x800; r++ {
		t[r] = runeClassSlow(r)
	}
	return t
}()

// runeClass returns the classes of r, a character that is not ASCII.
// Package unicode is asked only for runes of three and four UTF-8 bytes
// other than U+FFFD: runeClass2 answers for runes of two bytes, and U+FFFD
// (what utf8.DecodeRune returns for an invalid byte too) is a symbol.
// U+FFFD is 87% of the 30 MB mail corpus's characters that are not ASCII
// (19,194 of 22,058), 2,581 have two bytes; package unicode's tables took
// each through binary searches (IsLetter's, IsNumber's, IsSpace's for a
// symbol), on tables the analyses before push out of the caches. Alone it
// was not told apart in the audit (perf, 10 runs each alternated: package
// unicode 66 to 54 samples a run of about 9,400, features' own 122 to
// 130); see chunks.go for it with the merge of one histogram.
func runeClass(r rune) uint8 {
	if r < 0x800 {
		return runeClass2[r]
	}
	if r == utf8.RuneError {
		return 0
	}
	return runeClassSlow(r)
}

// runeClassSlow is runeClass from package unicode's tables.
func runeClassSlow(r rune) uint8 {
	var k uint8
	if unicode.IsLetter(r) {
		k |= runeLetter
		if unicode.IsUpper(r) {
			k |= runeUpper
		}
	}
	if unicode.IsNumber(r) {
		k |= runeNumber
	}
	if unicode.IsSpace(r) {
		k |= runeSpace
	}
	return k
}

// Eight bytes at a time: every byte of a word with the same value, and
// the high bit of each.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// wordBytes has the high bit of each byte of w, eight ASCII bytes, set
// where the byte is a letter or a digit.
func wordBytes(w uint64) uint64 {
	lw := w | 0x20*ones // upper case to lower; no byte reaches 0x80
	letter := (lw + (0x80-'a')*ones) &^ (lw + (0x7F-'z')*ones)
	digit := (w + (0x80-'0')*ones) &^ (w + (0x7F-'9')*ones)
	return (letter | digit) & highs
}

// kLog2k is k log2 k for the counts k of a byte in a text under 1024
// (8 KB: the histogram's loop keeps it in the first-level cache).
var kLog2k = func() (t [1024]float64) {
	for k := 1; k < len(t); k++ {
		t[k] = float64(k) * math.Log2(float64(k))
	}
	return t
}()

// featScratch is what features works in, kept by each Scorer so that no
// text clears it: the four histograms (left cleared again by featMerge)
// and the merged counts.
type featScratch struct {
	hist   [4][256]uint32
	counts [256]uint32 // the histograms' sum, by byte
	nz     [256]uint32 // the nonzero counts, by byte
}

// features computes the features of t with a scratch of its own (tests
// and benchmarks; Scorer.Add keeps one).
func features(t []byte, f *[numFeatures]float32) {
	var sc featScratch
	sc.features(t, f)
}

// features computes the features of t, its logarithms one at a time.
func (sc *featScratch) features(t []byte, f *[numFeatures]float32) {
	sc.featuresBut(t, f).finish(f)
}

// features computes a row's features in one pass over its bytes. Eight
// ASCII bytes at a time, the pass only counts each byte in a histogram
// (four, in turn, so that a run of one byte does not wait on its own
// counts) and the starts of words from a mask of word bytes; the shares
// of letters, digits, symbols and capitals of ASCII text follow from the
// histogram at the end. Only the other bytes are decoded and classed
// (runeClass). The features are those of the per-character
// definition, up to the entropy's rounding (see the package comment).
// The histograms must be clear, and are left clear. It leaves the three
// features that are logarithms, f[0], f[1] and f[7], to its result's
// finish (or to featLogs).
func (sc *featScratch) featuresBut(t []byte, f *[numFeatures]float32) logArgs {
	hist := &sc.hist
	words, runes, other := 0, 0, 0                              // word starts; characters that are not ASCII, their bytes
	letters, digits, symbols, upper, wordChars := 0, 0, 0, 0, 0 // of those characters
	inWord := uint64(0)                                         // 1 after a letter or digit
	kernelAt := 0                                               // where the kernel may take chunks again (useChunks)
	four := false                                               // the eight-byte path counted in all four histograms
	for i := 0; i < len(t); {
		if useChunks && i >= kernelAt && i+64 <= len(t) {
			st := featState{words: words, inWord: int(inWord)}
			n := featChunks(t[i:], hist, &st)
			words, inWord = st.words, uint64(st.inWord)
			i += n
			kernelAt = i + 64 // the chunk where the kernel stopped: block by block
			if i == len(t) {
				break
			}
		}
		if i+8 <= len(t) {
			w := binary.LittleEndian.Uint64(t[i:])
			if w&highs == 0 {
				four = true
				b := t[i : i+8 : i+8]
				hist[0][b[0]]++
				hist[1][b[1]]++
				hist[2][b[2]]++
				hist[3][b[3]]++
				hist[0][b[4]]++
				hist[1][b[5]]++
				hist[2][b[6]]++
				hist[3][b[7]]++
				wb := wordBytes(w)
				words += bits.OnesCount64(wb &^ (wb<<8 | inWord<<7))
				inWord = wb >> 63
				i += 8
				continue
			}
		}
		c := t[i]
		if c < utf8.RuneSelf {
			hist[0][c]++
			w := uint64(asciiFeat[c] >> 4) // featWord
			words += int(w &^ inWord)
			inWord = w
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		for _, c := range t[i : i+size] {
			hist[0][c]++
		}
		i += size
		runes++
		other += size
		k := runeClass(r)
		switch {
		case k&runeLetter != 0:
			letters++
			upper += int(k & runeUpper >> 1)
		case k&runeNumber != 0:
			digits++
		case k&runeSpace != 0:
		default:
			symbols++
		}
		w := uint64(0)
		if k&(runeLetter|runeNumber) != 0 {
			w = 1
			wordChars++
		}
		words += int(w &^ inWord)
		inWord = w
	}
	// The histograms merged into one count a byte, and the nonzero
	// counts in byte order (featMerge; only the ASCII half when the text
	// has no other bytes). The shares of ASCII text are sums over ranges
	// of bytes (a byte that is not ASCII is one of a character decoded
	// above, so the ASCII bytes are the others); the entropy is
	// log2(n) - sum(k log2 k)/n, summed over the nonzero counts in byte
	// order, with k log2 k from a table (kLog2k) for all but the largest
	// counts: one logarithm a text instead of one a distinct count (they
	// were a third of features).
	end := 256
	if runes == 0 {
		end = utf8.RuneSelf
	}
	var distinct int
	if useChunks {
		distinct = featMerge(hist, end, &sc.counts, &sc.nz, four)
	} else {
		distinct = featMergeGo(hist, end, &sc.counts, &sc.nz)
	}
	counts := &sc.counts
	upperA, lowerA, digitsA := asciiSums(counts)
	spaceA := int(counts[' '] + counts['\t'] + counts['\n'] + counts['\r'])
	ascii := len(t) - other
	letters += upperA + lowerA
	upper += upperA
	digits += digitsA
	wordChars += upperA + lowerA + digitsA
	symbols += ascii - upperA - lowerA - digitsA - spaceA
	var sum float64
	for _, k := range sc.nz[:distinct] {
		if k < uint32(len(kLog2k)) {
			sum += kLog2k[k]
		} else {
			sum += float64(k) * math.Log2(float64(k))
		}
	}
	chars := ascii + runes
	share := func(a, b int) float32 {
		if b == 0 {
			return 0
		}
		return float32(a) / float32(b)
	}
	f[2] = share(letters, chars)
	f[3] = share(digits, chars)
	f[4] = share(symbols, chars)
	f[5] = share(upper, letters)
	f[6] = share(wordChars, max(words, 1))
	a := logArgs{n: len(t), words: words, entropy: distinct > 1}
	if a.entropy {
		a.sumN = sum / float64(len(t))
	}
	return a
}

// logArgs is what a row's three logarithmic features are computed from:
// f[0] = ln(n + 1), f[1] = ln(words + 1) and the entropy f[7] =
// log2(n) - sumN (sumN = sum(k log2 k)/n over the bytes' counts k) when
// entropy is set, else 0 (a text of one distinct byte, or none).
type logArgs struct {
	n, words int
	sumN     float64
	entropy  bool
}

// finish sets f[0], f[1] and f[7] from a, one logarithm at a time.
func (a logArgs) finish(f *[numFeatures]float32) {
	entropy := 0.0
	if a.entropy {
		entropy = log2Int(a.n) - a.sumN
	}
	f[0] = logPlus1(a.n)
	f[1] = logPlus1(a.words)
	f[7] = float32(entropy)
}

// The logarithms of a text's length and words are computed, not looked
// up. An earlier session took those under 4096 from two tables (32 KB
// and 16 KB, the same bits): three logarithms a text were 7% of features
// in BenchmarkFeaturesHot. In the audit the tables cost a miss a text:
// the analyses before push them out of the caches between batches, and
// a length indexes them at random (session 16: the load of log2(n) alone
// held a third of features' samples, and loading it at the start of
// features only moved the stall there). Computed, on the 200 MB JSONL
// (perf, four runs each alternated, load 14): features 86-132 to 64-75
// samples, the package 375-402 to 311-355 of about 8,000-9,500; where
// the tables stay cached the logarithms cost more again
// (BenchmarkFeaturesHot 274-287 to 294-306 µs CPU,
// BenchmarkFeaturesCorpus/fast 8.96-9.50 to 9.22-10.13 ms, five rounds
// alternated). Tried and not kept: reading a value of each line of
// kLog2k at the start of each batch's Add, so that the entropy's lookups
// find it cached: features 54-65 samples before, 68-76 after (three runs
// each, alternated, load 18). Since session 29 Scorer.Add takes a batch's
// logarithms together, eight at a time (featLogs), the same bits.

// log2Int returns log2(k), k > 0.
func log2Int(k int) float64 {
	return math.Log2(float64(k))
}

// logPlus1 returns ln(k + 1) as a float32, k >= 0.
func logPlus1(k int) float32 {
	return float32(math.Log(float64(k) + 1))
}

// asciiSums returns the counts of the ASCII capitals, small letters and
// digits: three chains of adds in one loop, where three loops of one
// (rangeSum before session 26) held about 15% of features' own samples
// in the audit (perf annotate, one run of the benchmark Parquet).
func asciiSums(counts *[256]uint32) (upper, lower, digits int) {
	var u, l, d uint32
	for j := range 10 {
		u += counts['A'+j]
		l += counts['a'+j]
		d += counts['0'+j]
	}
	for j := 10; j < 26; j++ {
		u += counts['A'+j]
		l += counts['a'+j]
	}
	return int(u), int(l), int(d)
}

// featMergeGo is featMerge in Go: it sums the first n counts of the four
// histograms into counts, clears them, and writes the nonzero sums in
// order to nz, returning how many.
func featMergeGo(hist *[4][256]uint32, n int, counts, nz *[256]uint32) int {
	d := 0
	for c := range n {
		k := hist[0][c] + hist[1][c] + hist[2][c] + hist[3][c]
		hist[0][c], hist[1][c], hist[2][c], hist[3][c] = 0, 0, 0, 0
		counts[c] = k
		nz[d] = k
		if k != 0 {
			d++
		}
	}
	return d
}

// Merge adds the rows of other, a *Scorer, to o; other must not be used
// afterwards (the law of analysis.Analyser).
func (o *Scorer) Merge(other analysis.Analyser) error {
	o2, ok := other.(*Scorer)
	if !ok {
		return analysis.Mismatch(o, other)
	}
	wide := o2.places.Wide() // else no row of o2 names a wide place
	if base := o.places.Merge(&o2.places); wide && base > 0 {
		for _, b := range o2.rows.Chunks() {
			for i := range b {
				b[i].at.Rebase(base)
			}
		}
	}
	o.rows.Merge(&o2.rows)
	switch {
	case o.cands == nil:
		o.cands = o2.cands
	case o2.cands != nil:
		o.cands.merge(o2.cands)
	}
	return nil
}

// place returns the Place of a row at p.
func (o *Scorer) place(p ingest.Pos) rowstore.Place {
	return o.places.Pack(rowstore.Spot{File: int32(p.File), Line: p.Line, N: p.N, Label: -1})
}

// pos returns the position of a row.
func (o *Scorer) pos(r *outlierRow) ingest.Pos {
	s := o.places.Spot(r.at)
	return ingest.Pos{File: int(s.File), N: s.N, Line: s.Line}
}

// FeatureStats is the center and spread of one feature.
type FeatureStats struct {
	Median float64 `json:"median"`
	MAD    float64 `json:"mad"`
}

// Result describes the outliers of a corpus.
type Result struct {
	Threshold float64                 `json:"threshold_z"`
	Rows      int64                   `json:"rows_scored"`
	Outliers  int64                   `json:"outliers"`
	Features  map[string]FeatureStats `json:"features"`
	ByFeature map[string]int64        `json:"outliers_by_feature"`
}

// Result scores every row and lists the maxExamples strongest outliers,
// each with the feature that deviates most, strongest first (ties by
// position). It returns how many were left unlisted.
//
// Tried in session 15 and not kept: the features by column in one pass
// over the rows (each feature's values are gathered from the 48-byte
// rows, eight strided passes), then the medians on the columns in
// place: BenchmarkResult (146K rows) 12.0-14.1 ms CPU before, 12.5-14.1
// after, alternated, for 28 more bytes a row while it runs.
//
// Kept in session 16: two features' values gathered in each pass (four
// passes over the rows instead of eight), written by index, not
// appended: BenchmarkResult 18.3 to 15.9 ms CPU (-13%, p=0.015, eight
// rounds alternated at load 20), for one more value buffer (4 bytes a
// row) while it runs; by index alone, 17.4 (p=0.28).
//
// Kept in session 28: the rows to score flagged from the deviations'
// keys that medianMAD leaves (flagFar, 4 bytes a row a feature, where
// the test of every row's eight features against bounds, inside, read
// the 40-byte rows once more: 22% of BenchmarkResult's samples), the
// hits counted by feature in an array before the map, and sorted by
// keys of 32 bytes instead of the 88-byte hits (13% of its samples;
// 6,481 hits on corpus-200MB): BenchmarkResult 8.48 to 7.07 ms thread
// CPU (-16.6%, p=0.000, 10 runs each in 5 rounds alternated, CPU lock),
// for one byte a row while it runs.
func (o *Scorer) Result(files []string, maxExamples int) (Result, []finding.Finding, int64) {
	res := Result{Threshold: ThresholdZ, Features: map[string]FeatureStats{}, ByFeature: map[string]int64{}}
	n := o.rows.Len()
	res.Rows = int64(n)
	if n == 0 {
		return res, nil, 0
	}
	var med, spread [numFeatures]float64
	// Two features' keys (floatKey) gathered in one pass over the rows
	// (40 bytes a row, from memory), with the histograms of their top
	// bits that kth starts from, then each one's median and MAD, which
	// leaves the keys of the rows' deviations from the median: the rows
	// far enough from it to be scored are flagged from those (flagFar).
	keys := [2][]uint32{make([]uint32, n), make([]uint32, n)}
	buf := make([]uint32, n)
	far := make([]uint8, n)
	hs := new([2][1 << 11]uint32)
	for k0 := 0; k0 < numFeatures; k0 += 2 {
		clear(hs[:])
		h0, h1 := &hs[0], &hs[1]
		j := 0
		for _, b := range o.rows.Chunks() {
			d0, d1 := keys[0][j:j+len(b)], keys[1][j:j+len(b)]
			for i := range d0 {
				x0, x1 := floatKey(b[i].f[k0]), floatKey(b[i].f[k0+1])
				d0[i], d1[i] = x0, x1
				h0[x0>>21]++
				h1[x1>>21]++
			}
			j += len(b)
		}
		for h := range keys {
			k := k0 + h
			m, mad := medianMAD(keys[h], &hs[h], buf)
			med[k], spread[k] = m, max(1.4826*mad, outlierFeatures[k].floor)
			res.Features[outlierFeatures[k].name] = FeatureStats{Median: finding.Round(m, 4), MAD: finding.Round(mad, 4)}
			flagFar(far, keys[h], devBound(spread[k]))
		}
	}
	type hit struct {
		row outlierRow
		pos ingest.Pos
		k   int
		z   float64
	}
	var hits []hit
	var byFeature [numFeatures]int64
	j := 0
	for _, b := range o.rows.Chunks() {
		for i, f := range far[j : j+len(b)] {
			if f == 0 {
				continue
			}
			r := &b[i]
			best, bz := -1, 0.0
			for k := range outlierFeatures {
				if z := math.Abs(float64(r.f[k])-med[k]) / spread[k]; z >= ThresholdZ && z > bz {
					best, bz = k, z
				}
			}
			if best >= 0 {
				hits = append(hits, hit{*r, o.pos(r), best, bz})
				byFeature[best]++
			}
		}
		j += len(b)
	}
	for k, c := range byFeature {
		if c > 0 {
			res.ByFeature[outlierFeatures[k].name] = c
		}
	}
	res.Outliers = int64(len(hits))
	// The hits ordered by score, then position, by sort keys of 32 bytes
	// that name their hit, where the hits themselves are 88: the same
	// comparisons in the same order as a sort of the hits, so the same
	// order.
	type order struct {
		z    float64
		n    int64
		file int
		hit  int
	}
	ord := make([]order, len(hits))
	for i, h := range hits {
		ord[i] = order{h.z, h.pos.N, h.pos.File, i}
	}
	slices.SortFunc(ord, func(a, b order) int {
		if c := cmp.Compare(b.z, a.z); c != 0 {
			return c
		}
		if c := cmp.Compare(a.file, b.file); c != 0 {
			return c
		}
		return cmp.Compare(a.n, b.n)
	})
	var fs []finding.Finding
	for _, od := range ord[:min(len(ord), max(maxExamples, 0))] {
		h := &hits[od.hit]
		feat := outlierFeatures[h.k].name
		v := float64(h.row.f[h.k])
		fs = append(fs, finding.Finding{
			Kind: finding.KindOutlier, Subkind: feat, Severity: finding.Info,
			Rows:  []finding.Row{finding.NewRow(files, h.pos, "")},
			Score: finding.Round(h.z, 2),
			Evidence: fmt.Sprintf("%s = %s, median %s: %.1f robust deviations %s", feat, featureValue(h.k, v), featureValue(h.k, med[h.k]), h.z,
				map[bool]string{true: "above", false: "below"}[v > med[h.k]]),
		})
	}
	return res, fs, int64(len(hits) - len(fs))
}

// devBound returns the key (floatKey) of the deviation from a median,
// as medianMAD leaves them (float32 of |x - median|), from which a
// value may lie ThresholdZ spreads or more from the median: 9.99
// spreads, rounded to a float32. A value at ThresholdZ or beyond is at
// least 9.99999 spreads away in float64 (the z-score's division rounds
// by one part in 2^53), its deviation rounded to a float32 (a part in
// 2^24) no less than the bound rounded.
func devBound(spread float64) uint32 {
	return floatKey(float32(9.99 * spread))
}

// flagFar sets far[i] for each deviation key devs[i] at or past bound
// (devBound): the rows Result computes the z-scores of. A NaN's
// deviation is NaN, whose key is past every bound. Most rows are not
// flagged on any feature.
//
// Session 28: flagged from the keys medianMAD leaves, four bytes a row
// a feature and no branch, where a pass over the rows (40 bytes each)
// tested every feature against bounds either side of the median
// (inside).
func flagFar(far []uint8, devs []uint32, bound uint32) {
	far = far[:len(devs)]
	for i, d := range devs {
		far[i] |= uint8((uint64(bound) - uint64(d) - 1) >> 63) // d >= bound
	}
}

// featureValue shows a feature in its natural unit.
func featureValue(k int, v float64) string {
	switch outlierFeatures[k].name {
	case "log_bytes":
		return fmt.Sprintf("%.2f (%.0f bytes)", v, math.Exp(v)-1)
	case "log_words":
		return fmt.Sprintf("%.2f (%.0f words)", v, math.Exp(v)-1)
	}
	return fmt.Sprintf("%.3f", v)
}

// median returns the median of vals: the middle value, or the mean of
// the two middle ones. It selects them by radix (kth), so the result is a
// sort's, bit for bit; buf, when it has room for len(vals), is its
// scratch. The sorts were 7% of scan --outliers, and the quickselect that
// replaced them still 1% of the default audit, single-threaded.
func median(vals []float32, buf []uint32) float64 {
	keys := make([]uint32, len(vals))
	var h [1 << 11]uint32
	for i, v := range vals {
		keys[i] = floatKey(v)
		h[keys[i]>>21]++
	}
	if cap(buf) < len(vals) {
		buf = make([]uint32, len(vals))
	}
	return medianKeys(keys, &h, buf)
}

// medianMAD returns the median and the median absolute deviation of
// the values whose keys (floatKey) are keys, h the histogram of their
// top 11 bits (h[key>>21]), as median of the values and then of their
// deviations |v - median| (as float32) would. keys and h are left
// holding the deviations' keys and histogram; buf, len(keys) long, is
// scratch.
//
// Why keys and a histogram given (session 25): Result counts the first
// histogram as it gathers the keys from the rows, and the deviations'
// as it computes them, so kth starts with its filtering pass: two
// passes over the values fewer for each feature. Together with the
// bounds that spare most rows their z-scores (inside, replaced by flagFar in session 28) and the hits'
// positions unpacked once for their sort: BenchmarkResult (about the
// 200 MB corpus's rows; 10 runs each alternated, CPU lock, load 7)
// 13.64 to 11.89 ms thread CPU (-12.9%, p=0.011), BenchmarkMedian 7.67
// to 7.45 (p=0.53); Result was about 14 ms of the default audit's
// 1.2 s of CPU (pprof, 10 runs), so about -0.15% there. Finding the
// second median's bucket with more bits (the shares crowd a few
// buckets of the top 11) was not tried.
//
// Session 29: the deviations' keys eight at a time (devKeysAVX512,
// when useFloatKernels), their histogram after each 2,048:
// BenchmarkResult 8.10 to 6.34 ms thread CPU (-21.7%, p=0.000),
// BenchmarkMedian 5.19 to 3.88 (-25.3%), 10 runs each alternated under
// the CPU lock. The scalar loop converted and rounded one value at a
// time.
func medianMAD(keys []uint32, h *[1 << 11]uint32, buf []uint32) (med, mad float64) {
	med = medianKeys(keys, h, buf)
	clear(h[:])
	rest := keys
	if useFloatKernels {
		// 2,048 keys (8 KB) at a time: the kernel, then their histogram
		// while they are in the first-level cache.
		for len(rest) >= 8 {
			c := rest[:min(len(rest), 2048)&^7]
			devKeysAVX512(c, med)
			for _, d := range c {
				h[d>>21]++
			}
			rest = rest[len(c):]
		}
	}
	for i, x := range rest {
		d := floatKey(float32(math.Abs(float64(keyFloat(x)) - med)))
		rest[i] = d
		h[d>>21]++
	}
	return med, medianKeys(keys, h, buf)
}

// medianKeys is median of the values whose keys are keys, h the
// histogram of their top 11 bits (kth's first); buf, len(keys) long, is
// kth's scratch.
func medianKeys(keys []uint32, h *[1 << 11]uint32, buf []uint32) float64 {
	n := len(keys)
	hk := kth(keys, n/2, h, buf[:n])
	hi := keyFloat(hk)
	if n%2 == 1 {
		return float64(hi)
	}
	// The value before hi in order: hi again when fewer than n/2 values
	// are smaller, else the largest smaller one.
	less, lo := 0, uint32(0)
	for _, k := range keys {
		if k < hk {
			less++
			lo = max(lo, k)
		}
	}
	if less < n/2 {
		return float64(hi)
	}
	return (float64(keyFloat(lo)) + float64(hi)) / 2
}

// floatKey maps a float32 (not NaN) to a key in the same order: the sign
// bit set on the others' bits for values not negative, all bits flipped
// for negative ones (-0 comes before +0: either is the zero a sort
// leaves, and features and deviations are never -0).
func floatKey(v float32) uint32 {
	b := math.Float32bits(v)
	return b ^ (uint32(int32(b)>>31) | 1<<31)
}

// keyFloat is the inverse of floatKey.
func keyFloat(k uint32) float32 {
	return math.Float32frombits(k ^ (uint32(int32(^k)>>31) | 1<<31))
}

// kth returns the key of the k-th smallest of the values whose keys
// (floatKey; no NaN) are keys, h the histogram of their top 11 bits: by
// the bits of the keys, 11, 11 and 10 bits at a time, each round keeping
// the keys in the bucket that holds the k-th (in buf, len(keys) long;
// keys is not changed) and counting them in a histogram of the next
// bits (h is overwritten). Three passes over the values at most (the
// first histogram the caller's), no branch on their order: linear,
// whatever the ties.
func kth(keys []uint32, k int, h *[1 << 11]uint32, buf []uint32) uint32 {
	b, k := bucketOf(h[:], k)
	kept, j := buf[:len(keys)], 0
	for _, x := range keys {
		kept[j] = x
		j += int((x>>21^b)-1) >> 31 & 1 // j++ when x is in bucket b, without a branch
	}
	kept = kept[:j]
	for _, shift := range [...]uint{10, 0} {
		width := uint32(1<<11 - 1)
		if shift == 0 {
			width = 1<<10 - 1
		}
		clear(h[:])
		for _, x := range kept {
			h[x>>shift&width]++
		}
		b, k = bucketOf(h[:], k)
		if shift == 0 {
			return kept[0]&^width | b
		}
		j = 0
		for _, x := range kept {
			kept[j] = x
			j += int((x>>shift&width^b)-1) >> 31 & 1
		}
		kept = kept[:j]
	}
	panic("unreachable")
}

// bucketOf returns the bucket of h that holds the k-th counted value and
// that value's rank inside it.
func bucketOf(h []uint32, k int) (uint32, int) {
	for b, c := range h {
		if k < int(c) {
			return uint32(b), k
		}
		k -= int(c)
	}
	panic("outliers: rank past the counts")
}
