package stats

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var _ analysis.Encoder = (*Summary)(nil)

// The token summary's portable state (Summary.AppendState) is its counts,
// then its examples, then its tokens, lengths and labels. Entry ids of
// the count table are worker-local, so tokens are written out, sorted by
// their bytes (a token's place in the list is its id within the state),
// and per-label counts index that list, up to its last count not 0;
// labels are sorted by name. The state is thus the same bytes however
// the input was split among workers (entry order is not); sorting at
// encode time costs a scan without -o nothing. Decoding depends on no
// order: states of the older encoding, in entry order, read alike. An
// LLM tokenizer's ids are the same in every process and are written as
// they are.
//
//	+-----------------+-----------------------------+------------------------------+
//	| tokenizer name  | 10 uvarint counters         | bad kinds: uvarint n,        |
//	| (AppendString,  | rows empty blank no-token   | (kind string, uvarint rows)… |
//	|  "" for words)  | invalid-utf8 text-bytes     | sorted by kind               |
//	|                 | input-bytes blank-lines     |                              |
//	|                 | bad-rows bad-entries        |                              |
//	+-----------------+-----------------------------+------------------------------+
//	| examples: bad, invalid UTF-8, unreadable (analysis.AppendExamples each)      |
//	+------------------------------------------------------------------------------+
//	| tokens: words: uvarint n, (token string, uvarint count)… by token bytes      |
//	|         LLM:   uvarint n, uvarint count… by token id                         |
//	+------------------------------------------------------------------------------+
//	| lengths: bytes, chars, tokens: uvarint n, (uvarint value, uvarint count)…    |
//	|          by value                                                            |
//	+------------------------------------------------------------------------------+
//	| labels: byte flags (1 has label, 2 too many), uvarint null labels,           |
//	|         per label kind: uvarint rows, then if > 0: first pos, first id;      |
//	|         uvarint n, (name, uvarint rows, uvarint tokens, byte 0 (no token     |
//	|                     counts) or 1 then uvarint n, uvarint count… by token)…   |
//	|         by name                                                              |
//	+------------------------------------------------------------------------------+
//
// Decoding refuses another tokenizer, a token listed twice or counted 0,
// a token id past the tokenizer's vocabulary, a label's counts longer
// than the token list, and a label listed twice.

// AppendState appends the summary's state (see above).
func (s *Summary) AppendState(dst []byte) ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.bound != nil {
		return nil, errors.New("a token summary merged from profiles has no portable state")
	}
	dst = analysis.AppendString(dst, s.llmName())
	for _, n := range []int64{s.rows, s.emptyRows, s.blankRows, s.noTokenRows, s.invalidUTF8Rows, s.textBytes, s.inputBytes, s.blankLines, s.badRows, s.badN} {
		dst = binary.AppendUvarint(dst, uint64(n))
	}
	kinds := make([]string, 0, len(s.badKinds))
	for k := range s.badKinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	dst = binary.AppendUvarint(dst, uint64(len(kinds)))
	for _, k := range kinds {
		dst = analysis.AppendString(dst, k)
		dst = binary.AppendUvarint(dst, uint64(s.badKinds[k]))
	}
	dst = analysis.AppendExamples(dst, &s.bad)
	dst = analysis.AppendExamples(dst, &s.utf8Bad)
	dst = analysis.AppendExamples(dst, &s.unreadable)

	// order[i] is the id of the state's token i: entry order depends on
	// how the batches were split among workers, so words are written
	// sorted by their bytes; nil (by id) for an LLM tokenizer.
	var order []uint32
	if s.enc != nil {
		dst = appendCounts(dst, s.llm.Counts)
	} else {
		counts := s.tokens.counts()
		order = make([]uint32, len(counts))
		for id := range order {
			order[id] = uint32(id)
		}
		slices.SortFunc(order, func(a, b uint32) int { return bytes.Compare(s.tokens.key(a), s.tokens.key(b)) })
		dst = binary.AppendUvarint(dst, uint64(len(counts)))
		for _, id := range order {
			dst = binary.AppendUvarint(dst, uint64(len(s.tokens.key(id))))
			dst = append(dst, s.tokens.key(id)...)
			dst = binary.AppendUvarint(dst, counts[id])
		}
	}
	for _, d := range []*lengthDist{&s.bytesLen, &s.charLen, &s.tokLen} {
		vcs := d.Sorted()
		dst = binary.AppendUvarint(dst, uint64(len(vcs)))
		for _, vc := range vcs {
			dst = binary.AppendUvarint(dst, vc.V)
			dst = binary.AppendUvarint(dst, vc.C)
		}
	}

	var flags byte
	if s.hasLabel {
		flags |= 1
	}
	if s.tooMany {
		flags |= 2
	}
	dst = append(dst, flags)
	dst = binary.AppendUvarint(dst, uint64(s.nullLabels))
	for k, n := range s.labelKinds {
		dst = binary.AppendUvarint(dst, uint64(n))
		if n > 0 {
			dst = analysis.AppendPos(dst, s.labelFirst[k].Pos)
			dst = analysis.AppendString(dst, s.labelFirst[k].ID)
		}
	}
	// Labels in the order of their names, not the order they were met in.
	labels := slices.Clone(s.labels)
	slices.SortFunc(labels, func(a, b *labelAcc) int { return strings.Compare(a.name, b.name) })
	dst = binary.AppendUvarint(dst, uint64(len(labels)))
	for _, la := range labels {
		dst = analysis.AppendString(dst, la.name)
		dst = binary.AppendUvarint(dst, uint64(la.rows))
		dst = binary.AppendUvarint(dst, la.tokens)
		if la.counts == nil {
			dst = append(dst, 0)
			continue
		}
		dst = appendLabelCounts(append(dst, 1), la.counts, order)
	}
	return dst, nil
}

// appendLabelCounts appends a label's counts in the order of the state's
// tokens (order, or by id when nil), up to the last one not 0: how far a
// worker's counts grew is no part of the state.
func appendLabelCounts(dst []byte, counts []uint64, order []uint32) []byte {
	at := func(i int) uint64 { return counts[i] }
	n := len(counts)
	if order != nil {
		at = func(i int) uint64 {
			if id := int(order[i]); id < len(counts) {
				return counts[id]
			}
			return 0
		}
		n = len(order)
	}
	for n > 0 && at(n-1) == 0 {
		n--
	}
	dst = binary.AppendUvarint(dst, uint64(n))
	for i := range n {
		dst = binary.AppendUvarint(dst, at(i))
	}
	return dst
}

// llmName is the LLM tokenizer's name, or "" for words.
func (s *Summary) llmName() string {
	if s.opts.LLM == nil {
		return ""
	}
	return s.opts.LLM.Name()
}

// appendCounts appends a count per id.
func appendCounts(dst []byte, counts []uint64) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(counts)))
	for _, c := range counts {
		dst = binary.AppendUvarint(dst, c)
	}
	return dst
}

// readCounts reads what appendCounts wrote, at most max counts.
func readCounts(r *analysis.Reader, what string, max int) []uint64 {
	n := r.Count(what, 1)
	if n > max {
		r.Failf("%s: %d counts, at most %d", what, n, max)
		return nil
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = r.Uvarint(what)
	}
	return out
}

// decodeSummary reads a state Summary.AppendState wrote.
func decodeSummary(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	s := newSummary(c)
	r := analysis.NewReader(state)
	if name := r.String("tokenizer"); r.Err() == nil && name != s.llmName() {
		return nil, fmt.Errorf("a state of tokenizer %q cannot be merged with %q", name, s.llmName())
	}
	for _, n := range []*int64{&s.rows, &s.emptyRows, &s.blankRows, &s.noTokenRows, &s.invalidUTF8Rows, &s.textBytes, &s.inputBytes, &s.blankLines, &s.badRows, &s.badN} {
		*n = int64(r.Int("count", 1<<62))
	}
	nk := r.Count("bad kinds", 2)
	for range nk {
		k := r.String("bad kind")
		s.badKinds[k] = int64(r.Int("bad kind rows", 1<<62))
	}
	r.Examples("bad records", c.Files, &s.bad)
	r.Examples("invalid UTF-8", c.Files, &s.utf8Bad)
	r.Examples("unreadable inputs", c.Files, &s.unreadable)

	vocab := 0
	if s.enc != nil {
		vocab = s.opts.LLM.VocabSize()
		s.llm.Counts = readCounts(r, "LLM token counts", vocab)
		for _, n := range s.llm.Counts {
			s.llm.Total += n
		}
	} else {
		// Read the tokens first, so that the table is sized for them
		// once: growing it as they came rehashed and copied it about
		// twice (13% of a profile merge's time).
		n := r.Count("tokens", 3)
		toks, cnts := make([][]byte, 0, n), make([]uint64, 0, n)
		mid, size := 0, 0
		for i := range n {
			tok := r.Bytes("token", r.Int("token", 1<<31))
			cnt := r.Uvarint("token count")
			if r.Err() != nil {
				break
			}
			if len(tok) == 0 || cnt == 0 || bytes.IndexByte(tok, 0) >= 0 {
				// No tokenizer makes a NUL, and the count table tells
				// tokens apart by it (midWords, sameLong).
				return nil, fmt.Errorf("token %d: empty, counted 0 or holding a NUL", i)
			}
			toks, cnts = append(toks, tok), append(cnts, cnt)
			if len(tok) > 8 && len(tok) <= 16 {
				mid++
			}
			size += len(tok)
		}
		s.tokens.reserve(len(toks)-mid, mid, size)
		for i, tok := range toks {
			id, err := s.tokens.add(tok, cnts[i])
			if err != nil {
				return nil, err
			}
			if int(id) != i {
				return nil, fmt.Errorf("token %q listed twice", tok)
			}
		}
		vocab = s.tokens.distinct()
	}
	for _, d := range []*lengthDist{&s.bytesLen, &s.charLen, &s.tokLen} {
		n := r.Count("lengths", 2)
		last := int64(-1)
		for range n {
			v, cnt := r.Uvarint("length"), r.Uvarint("length count")
			if r.Err() != nil {
				break
			}
			if int64(v) <= last || cnt == 0 {
				return nil, fmt.Errorf("lengths: %d (count %d) out of order or counted 0", v, cnt)
			}
			last = int64(v)
			d.Set(v, cnt)
		}
	}

	flags := r.Byte("label flags")
	if flags > 3 {
		return nil, fmt.Errorf("label flags %#x", flags)
	}
	s.hasLabel, s.tooMany = flags&1 != 0, flags&2 != 0
	s.nullLabels = int64(r.Int("null labels", 1<<62))
	for k := range s.labelKinds {
		s.labelKinds[k] = int64(r.Int("label kind rows", 1<<62))
		if s.labelKinds[k] > 0 {
			s.labelFirst[k] = finding.Item{Pos: r.Pos("label kind", c.Files), ID: r.String("label kind id")}
		}
	}
	nl := r.Count("labels", 4)
	if s.tooMany && nl > 0 || nl > MaxLabels {
		return nil, fmt.Errorf("%d labels (too many: %v)", nl, s.tooMany)
	}
	for range nl {
		la := &labelAcc{name: r.String("label")}
		la.rows = int64(r.Int("label rows", 1<<62))
		la.tokens = r.Uvarint("label tokens")
		switch r.Byte("label counts") {
		case 0:
		case 1:
			la.counts = readCounts(r, "label counts", vocab)
		default:
			r.Failf("label %q: bad counts flag", la.name)
		}
		if r.Err() != nil {
			break
		}
		if _, ok := s.labelIdx[la.name]; ok {
			return nil, fmt.Errorf("label %q listed twice", la.name)
		}
		s.labelIdx[la.name] = len(s.labels)
		s.labels = append(s.labels, la)
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return s, nil
}
