package backdoor

import (
	"slices"
	"unicode/utf8"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/zeebo/xxh3"
)

// Scanner is the second pass: it keeps the rows whose response holds a
// candidate payload (a candidate cluster, or a span of candidate phrases),
// with their prompt and response, for the trigger and context
// association at Finish, and each such prompt's grams that could be a
// trigger (those in MinRows to MaxShare/MinTriggerPrecision of the
// prompts). Memory per kept row: its prompt, its response, its id, about
// 100 bytes and 8 bytes per such gram (held in shared chunks, not
// allocated per row); per payload, one example text.
type Scanner struct {
	c        *Counts // the merged first pass, read only
	carriers []carrier
	examples map[uint64]example
	resp     [][]byte
	rvalid   []bool
	ws       []word
	bagSet   wordSet
	gs       []gram
	hs       []uint64
	cover    []bool
	set      gramSet
	refs     []ref
	text     arena[byte]
	hashes   arena[uint64]
	refArena arena[ref]
}

// carrier is a row that carries candidate payloads.
type carrier struct {
	pos    ingest.Pos
	id     string
	prompt []byte
	resp   []byte
	phash  uint64   // of the prompt, for the count of distinct prompts
	tg     []uint64 // the hashes of the prompt's grams that could be a trigger
	refs   []ref
}

// ref is a payload a row carries: a cluster, or a phrase span.
type ref struct {
	key     uint64
	cluster bool
}

// example is the text of a payload as first seen (the least position).
type example struct {
	pos  ingest.Pos
	text string
}

// arenaChunk is the number of elements an arena allocates at once.
const arenaChunk = 1 << 16

// arena hands out copies in large chunks, so that keeping a row's texts
// and grams costs no allocation of its own. What it hands out is never
// written again.
type arena[T any] struct{ chunk []T }

// copy returns a copy of src in the arena's memory (nil for none).
func (a *arena[T]) copy(src []T) []T {
	if len(src) == 0 {
		return nil
	}
	if cap(a.chunk)-len(a.chunk) < len(src) {
		a.chunk = make([]T, 0, max(arenaChunk, len(src)))
	}
	n := len(a.chunk)
	a.chunk = append(a.chunk, src...)
	return a.chunk[n:len(a.chunk):len(a.chunk)]
}

// MaxExampleBytes bounds the example text kept for a cluster.
const MaxExampleBytes = 240

func (c *Counts) newScanner() *Scanner {
	return &Scanner{c: c, examples: map[uint64]example{}}
}

// Add keeps the batch's rows that carry a candidate payload.
func (sc *Scanner) Add(b *ingest.Batch) error {
	pc, rc := b.Column(ingest.ColPrompt), b.Column(ingest.ColResponse)
	if pc == nil || rc == nil {
		return nil
	}
	var err error
	sc.resp, sc.rvalid, err = responses(rc, sc.resp, sc.rvalid)
	if err != nil {
		return err
	}
	cd := sc.c.candidates()
	ids := finding.IDColumn(b)
	return ingest.ForEachText(pc, func(i int, prompt []byte, valid bool) {
		if !valid || !sc.rvalid[i] {
			return
		}
		resp := sc.resp[i]
		sc.ws = words(sc.ws[:0], resp)
		refs := sc.refs[:0]
		if len(cd.clus) > 0 {
			if k, n := bagKey(sc.ws, &sc.bagSet); n >= MinBagWords {
				if _, ok := cd.clus[k]; ok {
					refs = append(refs, ref{key: k, cluster: true})
					sc.example(k, b.Pos(i), resp, true)
				}
			}
		}
		refs = sc.spans(refs, b.Pos(i), resp)
		sc.refs = refs
		if len(refs) == 0 {
			return
		}
		sc.gs = promptGrams(sc.gs[:0], &sc.ws, &sc.set, prompt)
		tg := sc.hs[:0]
		for _, g := range sc.gs {
			if cd.mayTrigger(sc.c.pdf.get(g.h)) {
				tg = append(tg, g.h)
			}
		}
		sc.hs = tg
		sc.carriers = append(sc.carriers, carrier{pos: b.Pos(i), id: finding.RowID(ids, i),
			prompt: sc.text.copy(prompt), resp: sc.text.copy(resp), phash: xxh3.Hash(prompt),
			tg: sc.hashes.copy(tg), refs: sc.refArena.copy(refs)})
	})
}

// spans appends the row's phrase payloads: the maximal runs of words of
// resp covered by candidate phrases within a sentence and a line, each
// keyed by its words.
func (sc *Scanner) spans(refs []ref, pos ingest.Pos, resp []byte) []ref {
	cd := sc.c.candidates()
	ws := sc.ws
	sc.cover = slices.Grow(sc.cover[:0], len(ws))[:len(ws)]
	clear(sc.cover)
	any := false
	for i := range ws {
		h := uint64(0x5bd1e995)
		for n := 1; n <= maxN && i+n <= len(ws); n++ {
			h = mix(h, ws[i+n-1].h)
			if _, ok := cd.phr[h]; ok {
				for j := i; j < i+n; j++ {
					sc.cover[j] = true
				}
				any = true
			}
		}
	}
	if !any {
		return refs
	}
	for i := 0; i < len(ws); {
		if !sc.cover[i] {
			i++
			continue
		}
		j := i + 1
		for j < len(ws) && sc.cover[j] && !breaks(resp[ws[j-1].end:ws[j].start]) {
			j++
		}
		k := seqHash(ws[i:j])
		dup := false
		for _, r := range refs {
			dup = dup || !r.cluster && r.key == k
		}
		if !dup {
			refs = append(refs, ref{key: k})
			sc.example(k, pos, resp[ws[i].start:ws[j-1].end], false)
		}
		i = j
	}
	return refs
}

// breaks reports whether the bytes between two words end a sentence or
// a line: a phrase does not run on across them.
func breaks(gap []byte) bool {
	for i, c := range gap {
		switch c {
		case '\n', '\r':
			return true
		case '.', '!', '?':
			if i+1 < len(gap) {
				return true // followed by space or more punctuation before the next word
			}
		}
	}
	return false
}

// midSentence reports whether the text at byte start continues a
// sentence: something other than a sentence end precedes it on its line.
func midSentence(text []byte, start int) bool {
	for i := start - 1; i >= 0; i-- {
		switch c := text[i]; c {
		case ' ', '\t', '"', '\'', '(', '*':
			continue
		case '.', '!', '?', ':', ';', '\n', '\r':
			return false
		default:
			return true
		}
	}
	return false
}

// example keeps text as the example of payload k if pos is the least
// position seen.
func (sc *Scanner) example(k uint64, pos ingest.Pos, text []byte, cut bool) {
	if e, ok := sc.examples[k]; ok && !pos.Less(e.pos) {
		return
	}
	if cut && len(text) > MaxExampleBytes {
		n := MaxExampleBytes
		for n > 0 && !utf8.RuneStart(text[n]) {
			n--
		}
		text = text[:n]
	}
	sc.examples[k] = example{pos: pos, text: string(text)}
}

// Merge takes o's rows and examples.
func (sc *Scanner) Merge(other analysis.Analyser) error {
	o, ok := other.(*Scanner)
	if !ok {
		return analysis.Mismatch(sc, other)
	}
	sc.carriers = append(sc.carriers, o.carriers...)
	for k, e := range o.examples {
		if f, ok := sc.examples[k]; !ok || e.pos.Less(f.pos) {
			sc.examples[k] = e
		}
	}
	return nil
}
