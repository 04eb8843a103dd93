package stats

import (
	"container/heap"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
)

// Options configures a Summary.
type Options struct {
	// TopN is how many of the most frequent tokens to report (0: 100).
	TopN int
	// TopPerLabel is how many top tokens to report per label (0: 20).
	TopPerLabel int
	// MaxExamples is how many rows to list per kind of finding (0: 1000;
	// negative: none); counts are always exact.
	MaxExamples int
	// LLM, when set, counts tokens of this LLM tokenizer by id instead of
	// words: the token table, the top lists, per-label tokens and the
	// token lengths all use it.
	LLM *llmtok.Tokenizer
	// WorkerBytes is how many stored input bytes each worker's Summary
	// is expected to read (0: unknown): a Summary expected to read at
	// least presizeBytes starts its token table at the size a table of
	// mail ends at (countTable.presize).
	WorkerBytes int64
}

func (o Options) topN() int        { return defaultInt(o.TopN, 100) }
func (o Options) topPerLabel() int { return defaultInt(o.TopPerLabel, 20) }
func (o Options) maxExamples() int { return finding.MaxExamples(o.MaxExamples) }

func defaultInt(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

// maxKeptWords is the most word hashes a Summary keeps between batches
// (16 MiB).
const maxKeptWords = 2 << 20

// maxKeptText is the largest lowercase scratch buffer a Summary keeps
// between rows.
//
// Tried and not kept (session 22): keeping lowerBits's scratch (the
// Summary's and WordHasher's) only up to 256 KiB, a longer text's made
// for it alone at its size (not twice it) and dropped, so that the 12
// texts over 64 KiB of the 200 MB mail (the largest 1.8 MB) do not
// leave four buffers of up to 3.6 MB to the run (lowerBitsAVX512 1,805
// and WordHasher.Hashes 951 faults in a fault profile). Default audit,
// 3 runs each alternated, faults only: JSONL 35,600-39,213 against
// 35,042-37,832, Parquet 34,861-38,341 against 33,630-37,758. The
// pages only move: the buffers are not live at the read's end (a heap
// profile after rowstore.CollectAfterRead holds none of them), and the
// finishes reuse what the read frees.
const maxKeptText = 16 << 20

// Label limits. Past MaxLabels distinct labels the column is not a class
// label (an id column given as --label, say) and per-label counts stop;
// past MaxTokenLabels, per-label token counts stop, because they cost 8
// bytes per distinct token per label per worker. Either cut is decided on
// the total number of distinct labels, so it does not depend on workers.
const (
	MaxLabels      = 10000
	MaxTokenLabels = 16
)

// Summary accumulates token and length statistics of a corpus. Use one per
// worker: Add batches, Merge the others into one in a fixed order, then
// read Result. Every statistic is exact and merging is exact, so the result
// does not depend on how rows were spread over workers.
type Summary struct {
	opts  Options
	tz    Tokenizer
	lower []byte   // scratch: the row's text with ASCII lowercased
	bm    []uint64 // scratch: lower's WordBits (lowerBits)

	tokens *countTable

	// words holds the current batch's word hashes while fill is set
	// (ingest.Batch.Words).
	words ingest.WordHashes
	ascii bool // the last text addText read was all ASCII (WordHashes.ASCII)
	fill  bool
	// presizing is set when the token table is to be presized
	// (Options.WorkerBytes) at the first Add, on the worker's goroutine.
	presizing bool

	// Scratch of countASCIIAsm: its records, its pipeline, and its word
	// hashes when fill is not set or the text is not all ASCII (44 KiB in
	// all).
	recs, pipe, hashScratch []uint64
	// mixed is countASCIIAsm's mixedStarts of a text not all ASCII.
	mixed []uint64

	// With Options.LLM: the encoder, the counts by token id and scratch.
	enc    *llmtok.Encoder
	llm    llmtok.Counter
	llmIDs []uint32

	rows, emptyRows, blankRows, noTokenRows int64
	invalidUTF8Rows                         int64
	textBytes                               int64
	inputBytes                              int64
	blankLines                              int64
	bytesLen, charLen, tokLen               lengthDist
	// lens holds the current batch's texts' lengths until the end of Add
	// (addLens).
	lens []textLens

	badRows  int64
	badN     int64 // bad-record entries: a stretch of unreadable rows is one
	badKinds map[string]int64
	bad      finding.Examples
	utf8Bad  finding.Examples
	// unreadable lists inputs that could not be read (all of them: there
	// are never more than the inputs).
	unreadable finding.Examples

	hasLabel   bool
	labelIdx   map[string]int
	labels     []*labelAcc
	nullLabels int64
	labelKinds [ingest.NumLabelKinds]int64
	labelFirst [ingest.NumLabelKinds]finding.Item
	tooMany    bool // more than MaxLabels distinct labels
	// bound, for a Summary made from profiles' listings (FromListed), is
	// what they leave out of the tokens.
	bound *tokenBounds
	err   error
}

// labelAcc holds the counts of one label.
type labelAcc struct {
	name   string
	rows   int64
	tokens uint64
	// counts[id] counts entry id of the Summary's token table in this
	// label's rows; nil once per-label token counts are off.
	counts []uint64
}

// NewSummary returns an empty Summary.
func NewSummary(opts Options) *Summary {
	s := &Summary{opts: opts, tokens: newCountTable(), badKinds: map[string]int64{}, labelIdx: map[string]int{}}
	s.bad = finding.NewExamples(opts.maxExamples())
	s.unreadable = finding.NewExamples(math.MaxInt)
	s.utf8Bad = finding.NewExamples(opts.maxExamples())
	for k := range s.labelFirst {
		s.labelFirst[k].Pos.File = -1
	}
	if opts.LLM != nil {
		s.enc = opts.LLM.NewEncoder()
	} else if opts.WorkerBytes >= presizeBytes {
		// Not here: analysis.Workers makes every worker's Summary on one
		// goroutine before the read starts, and the indexes' 8 MiB of
		// fresh pages a worker then cost the run's start one core while
		// the other idled (90 to 260 ms of a 1.2 s audit on a slow host).
		// At the first Add each worker faults its own in, on its core,
		// while the decoder runs.
		s.presizing = true
	}
	return s
}

// WriteWords asks s to leave the word hashes on every batch it is given
// from now on (ingest.WordHashes.Want; analysis.WordWriter): analysis.Workers
// calls it before the first batch when an analysis reads them.
func (s *Summary) WriteWords() { s.words.Want = true }

// Add accounts for one batch. It does not release the batch.
func (s *Summary) Add(b *ingest.Batch) error {
	if s.err != nil {
		return s.err
	}
	if s.presizing {
		s.presizing = false
		s.tokens.presize()
	}
	s.inputBytes += b.Bytes
	s.blankLines += b.Blank
	ids := finding.IDColumn(b)
	for _, bad := range b.Bad {
		if bad.Kind == ingest.BadUnreadableInput {
			// How many records were lost is unknown: counted apart.
			s.unreadable.Add(finding.Item{Pos: bad.Pos, Kind: bad.Kind, Reason: bad.Reason})
			continue
		}
		s.badRows += bad.Rows
		s.badN++
		s.badKinds[bad.Kind] += bad.Rows
		s.bad.Add(finding.Item{Pos: bad.Pos, ID: bad.ID, Kind: bad.Kind, Reason: bad.Reason, Rows: bad.Rows})
	}
	var labels *array.String
	if c := b.Column(ingest.ColLabel); c != nil {
		labels = c.(*array.String)
		s.hasLabel = true
		for k, n := range b.LabelKinds {
			if n == 0 {
				continue
			}
			s.labelKinds[k] += n
			first := b.FirstLabel[k]
			it := finding.Item{Pos: b.Pos(first), ID: finding.RowID(ids, first)}
			if s.labelFirst[k].Pos.File < 0 || it.Pos.Less(s.labelFirst[k].Pos) {
				s.labelFirst[k] = it
			}
		}
	}
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil // a batch that only reports bad records (unreadable Parquet rows)
	}
	// The word hashes of the batch's texts, for the analyses after this
	// one (near duplicates): found by countTokens as it counts, not by
	// tokenising again (not with an LLM tokenizer, whose tokens are not
	// words).
	// Filled only once an analysis asked (WordHashes.Want).
	s.fill = s.enc == nil && s.words.Want
	if s.enc == nil {
		if cap(s.words.Hashes) > maxKeptWords {
			s.words.Hashes = nil
		}
		s.words.Hashes, s.words.Ends = s.words.Hashes[:0], s.words.Ends[:0]
		s.words.ASCII = s.words.ASCII[:0]
		b.Words = &s.words
	}
	err := ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if s.err != nil {
			return
		}
		if valid {
			var lab *labelAcc
			if labels != nil {
				lab = s.label(labels, i)
			}
			s.addText(b, ids, i, t, lab)
		}
		if s.fill && s.err == nil {
			if i != len(s.words.Ends) {
				// Rows out of order: no word hashes for this batch.
				s.fill, b.Words = false, nil
				return
			}
			s.words.Ends = append(s.words.Ends, len(s.words.Hashes))
			s.words.ASCII = append(s.words.ASCII, valid && s.ascii)
		}
	})
	s.addLens()
	if s.fill && b.Words != nil {
		// countTokens left what each StableHash's last Mix64 mixes.
		mixAll(s.words.Hashes)
	}
	return err
}

// maxLens is the most texts' lengths addText keeps before adding them.
const maxLens = 4096

// textLens is one text's lengths in bytes, characters and tokens.
type textLens struct{ bytes, chars, toks uint64 }

// addLens adds the batch's texts' lengths to the length distributions,
// one distribution at a time, and empties the list.
//
// addText added them text by text, and each Add was a cache miss: a
// distribution's counts are 32 KiB (lengths.Dist), whose lines the token
// loop and the analyses run on the batch after this one evict, and a
// batch of 700 mail texts touches most of them once. In perf (cpu-clock,
// the default audit of the benchmark Parquet) addText's own samples,
// 0.84% of the run, sat 85% on the increments of the bytes' and the
// characters' counts, a miss each that the loop after it waited for. Here
// the increments are independent of each other and of anything else, so
// their misses overlap.
func (s *Summary) addLens() {
	for _, l := range s.lens {
		s.bytesLen.Add(l.bytes)
	}
	for _, l := range s.lens {
		s.charLen.Add(l.chars)
	}
	for _, l := range s.lens {
		s.tokLen.Add(l.toks)
	}
	s.lens = s.lens[:0]
}

// label finds or creates the accumulator of row i's label; nil for a null
// label or once there are too many labels.
func (s *Summary) label(labels *array.String, i int) *labelAcc {
	if labels.IsNull(i) {
		s.nullLabels++
		return nil
	}
	if s.tooMany {
		return nil
	}
	v := labels.Value(i)
	if k, ok := s.labelIdx[v]; ok {
		return s.labels[k]
	}
	return s.addLabel(strings.Clone(v))
}

// addLabel adds a label not seen before and returns it, or nil when that
// makes too many labels. It applies both label limits, here and in Merge.
func (s *Summary) addLabel(name string) *labelAcc {
	if len(s.labels) >= MaxLabels {
		s.dropLabels()
		return nil
	}
	la := &labelAcc{name: name}
	if len(s.labels) < MaxTokenLabels && (len(s.labels) == 0 || s.labels[0].counts != nil) {
		la.counts = make([]uint64, 0, s.tokens.distinct())
	} else {
		s.dropLabelTokens()
	}
	s.labelIdx[name] = len(s.labels)
	s.labels = append(s.labels, la)
	return la
}

func (s *Summary) dropLabels() {
	s.tooMany = true
	s.labels, s.labelIdx = nil, map[string]int{}
}

func (s *Summary) dropLabelTokens() {
	for _, la := range s.labels {
		la.counts = nil
	}
}

// addText is the hot path: tokenise and count one text.
func (s *Summary) addText(b *ingest.Batch, ids *array.String, i int, t []byte, lab *labelAcc) {
	s.rows++
	s.textBytes += int64(len(t))
	if len(t) == 0 {
		s.emptyRows++
	}
	var lt []byte
	var chars int
	valid, ascii := false, false
	var bm []uint64 // lt's bitmaps, for countTokens
	if s.enc == nil {
		lt, bm, chars, ascii = lowerBits(s.lower[:0], s.bm, t)
		s.lower, s.bm = lt, bm
		if cap(lt) > maxKeptText {
			s.lower, s.bm = nil, nil // one huge text does not pin its copy for the run
		}
		valid = ascii
		s.ascii = ascii
	}
	if !valid {
		valid = utf8.Valid(t)
	}
	if !valid {
		s.invalidUTF8Rows++
		s.utf8Bad.Add(finding.Item{Pos: b.Pos(i), ID: finding.RowID(ids, i), Kind: "invalid_utf8", Reason: describeInvalidUTF8(t)})
	}
	var counts *[]uint64
	if lab != nil && lab.counts != nil {
		counts = &lab.counts
	}
	var ntok uint64
	noWords := false // a non-empty text without a letter or digit
	if s.enc != nil {
		ntok = s.countLLM(t, counts)
		chars = utf8.RuneCount(t)
		if len(t) > 0 {
			tok, _ := s.tz.Next(t, 0)
			noWords = tok == nil
		}
	} else {
		if !valid {
			// Each invalid byte counts as one character, as U+FFFD would.
			chars = utf8.RuneCount(t)
		}
		var err error
		ntok, err = s.countTokens(lt, bm, ascii, counts)
		if err != nil {
			s.err = err
			return
		}
		noWords = ntok == 0 && len(t) > 0
	}
	if lab != nil {
		lab.rows++
		lab.tokens += ntok
	}
	if noWords {
		s.noTokenRows++
		if isSpace(t) {
			s.blankRows++
		}
	}
	s.lens = append(s.lens, textLens{uint64(len(t)), uint64(chars), ntok})
	if len(s.lens) == maxLens {
		s.addLens() // a batch of very many short rows keeps 96 KiB of them
	}
}

// countLLM encodes text with the LLM tokenizer and counts its token ids,
// also in counts when not nil (a label's, indexed by token id).
func (s *Summary) countLLM(text []byte, counts *[]uint64) uint64 {
	ids := s.enc.AppendIDs(s.llmIDs[:0], text)
	s.llm.Add(ids)
	if counts != nil {
		c := *counts
		for _, id := range ids {
			if int(id) >= len(c) {
				c = growCounts(c, int(id)+1)
			}
			c[id]++
		}
		*counts = c
	}
	s.llmIDs = ids
	if cap(ids) > maxKeptText/4 {
		s.llmIDs = nil // one huge text does not pin its ids for the run
	}
	return uint64(len(ids))
}

func growCounts(c []uint64, n int) []uint64 {
	if n <= cap(c) {
		return c[:n]
	}
	nc := make([]uint64, n, max(2*cap(c), n, 1024))
	copy(nc, c)
	return nc
}

func isSpace(t []byte) bool {
	for _, r := range string(t) {
		switch r {
		case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		default:
			if r < 0x2000 || r > 0x200A {
				return false
			}
		}
	}
	return true
}

// describeInvalidUTF8 says where a text stops being UTF-8 and shows the
// bytes around it escaped.
func describeInvalidUTF8(t []byte) string {
	off := 0
	for off < len(t) {
		r, size := utf8.DecodeRune(t[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	lo, hi := max(0, off-16), min(len(t), off+16)
	n := 0
	for p := 0; p < len(t); {
		r, size := utf8.DecodeRune(t[p:])
		if r == utf8.RuneError && size == 1 {
			n++
		}
		p += size
	}
	return fmt.Sprintf("%d invalid UTF-8 byte(s), first at byte %d: %q", n, off, t[lo:hi])
}

// Merge adds the counts of other, a *Summary, to s; other must not be
// used afterwards (the law of analysis.Analyser).
func (s *Summary) Merge(other analysis.Analyser) error {
	o, ok := other.(*Summary)
	if !ok {
		return analysis.Mismatch(s, other)
	}
	if s.err == nil {
		s.err = o.err
	}
	if s.err != nil {
		return s.err
	}
	// Map o's token entry ids to s's while merging the tables.
	remap, err := s.tokens.merge(o.tokens)
	if err != nil {
		s.err = err
		return err
	}
	if s.bound != nil || o.bound != nil {
		s.mergeBounds(o.bound, remap)
	}
	s.llm.Merge(&o.llm)
	s.rows += o.rows
	s.emptyRows += o.emptyRows
	s.blankRows += o.blankRows
	s.noTokenRows += o.noTokenRows
	s.invalidUTF8Rows += o.invalidUTF8Rows
	s.textBytes += o.textBytes
	s.inputBytes += o.inputBytes
	s.blankLines += o.blankLines
	s.bytesLen.Merge(&o.bytesLen)
	s.charLen.Merge(&o.charLen)
	s.tokLen.Merge(&o.tokLen)
	s.badRows += o.badRows
	s.badN += o.badN
	for k, n := range o.badKinds {
		s.badKinds[k] += n
	}
	s.bad.Merge(&o.bad)
	s.unreadable.Merge(&o.unreadable)
	s.utf8Bad.Merge(&o.utf8Bad)

	s.hasLabel = s.hasLabel || o.hasLabel
	s.nullLabels += o.nullLabels
	for k := range s.labelKinds {
		s.labelKinds[k] += o.labelKinds[k]
		if o.labelKinds[k] > 0 && (s.labelFirst[k].Pos.File < 0 || o.labelFirst[k].Pos.Less(s.labelFirst[k].Pos)) {
			s.labelFirst[k] = o.labelFirst[k]
		}
	}
	if o.tooMany {
		s.dropLabels()
	}
	if s.tooMany {
		return nil
	}
	for _, ol := range o.labels {
		var sl *labelAcc
		if k, ok := s.labelIdx[ol.name]; ok {
			sl = s.labels[k]
		} else if sl = s.addLabel(ol.name); sl == nil {
			return nil
		}
		sl.rows += ol.rows
		sl.tokens += ol.tokens
		if ol.counts == nil {
			s.dropLabelTokens()
		}
		if sl.counts == nil {
			continue
		}
		if s.enc != nil {
			// LLM tokens: counts are indexed by token id in every worker.
			sl.counts = growCounts(sl.counts, max(len(sl.counts), len(ol.counts)))
			for id, c := range ol.counts {
				sl.counts[id] += c
			}
			continue
		}
		sl.counts = growCounts(sl.counts, s.tokens.distinct())
		for id, c := range ol.counts {
			sl.counts[remap[id]] += c
		}
	}
	return nil
}

// TokenCount is a token and how often it occurs.
type TokenCount struct {
	// ID is the token id, for an LLM tokenizer only.
	ID *uint32 `json:"id,omitempty"`
	// Token is the token's text. For an LLM token that is not valid UTF-8
	// on its own (byte-level BPE splits characters) every byte of the
	// broken sequence is written \xNN, and Hex holds all its bytes.
	Token string  `json:"token"`
	Hex   string  `json:"hex,omitempty"`
	Count uint64  `json:"count"`
	Freq  float64 `json:"freq"`
}

// llmTop returns the n most frequent LLM token ids of counts, ties by id.
func (s *Summary) llmTop(n int, counts []uint64, total uint64) []TokenCount {
	c := llmtok.Counter{Counts: counts}
	top := c.Top(n)
	out := make([]TokenCount, len(top))
	for i, ic := range top {
		id := ic.ID
		raw := s.opts.LLM.Token(id)
		text, partial := llmtok.Readable(raw)
		out[i] = TokenCount{ID: &id, Token: text, Count: ic.Count, Freq: finding.Round(float64(ic.Count)/float64(max(total, 1)), 8)}
		if partial {
			out[i].Hex = hex.EncodeToString(raw)
		}
	}
	return out
}

// topTokens returns the n entries with the highest counts (count[id]),
// ties broken by token bytes, so that the list is deterministic.
func (s *Summary) topTokens(n int, count func(id uint32) uint64, total uint64) []TokenCount {
	h := &topHeap{t: s.tokens, count: count}
	for id := range s.tokens.distinct() {
		c := count(uint32(id))
		if c == 0 {
			continue
		}
		if h.Len() < n {
			heap.Push(h, uint32(id))
		} else if h.less(h.ids[0], uint32(id)) {
			h.ids[0] = uint32(id)
			heap.Fix(h, 0)
		}
	}
	out := make([]TokenCount, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		id := heap.Pop(h).(uint32)
		c := count(id)
		out[i] = TokenCount{Token: string(s.tokens.key(id)), Count: c, Freq: finding.Round(float64(c)/float64(max(total, 1)), 8)}
	}
	return out
}

// topHeap is a min-heap of entry ids: its root is the weakest of the top.
type topHeap struct {
	t     *countTable
	count func(uint32) uint64
	ids   []uint32
}

// less reports whether a ranks below b: fewer occurrences, or as many and a
// later token in byte order.
func (h *topHeap) less(a, b uint32) bool {
	ca, cb := h.count(a), h.count(b)
	if ca != cb {
		return ca < cb
	}
	return string(h.t.key(a)) > string(h.t.key(b))
}

func (h *topHeap) Len() int           { return len(h.ids) }
func (h *topHeap) Less(i, j int) bool { return h.less(h.ids[i], h.ids[j]) }
func (h *topHeap) Swap(i, j int)      { h.ids[i], h.ids[j] = h.ids[j], h.ids[i] }
func (h *topHeap) Push(x any)         { h.ids = append(h.ids, x.(uint32)) }
func (h *topHeap) Pop() any {
	x := h.ids[len(h.ids)-1]
	h.ids = h.ids[:len(h.ids)-1]
	return x
}
