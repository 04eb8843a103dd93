package poison

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// maxRecords bounds the occurrences over the first level the second pass
// keeps (those of highest score, then first by position): about 80 bytes
// each.
const maxRecords = 1 << 20

// Scorer is the second pass: it scores the text after every candidate's
// first occurrence in each document and counts, per candidate, the
// occurrences over each level.
type Scorer struct {
	m       *model
	occ     int64 // first occurrences of candidates
	scored  int64 // of those, with enough text after them
	exceed  [nLevels]int64
	cands   map[uint64]*candidate
	recs    []record
	dropped int64
	sc      scratch
}

type candidate struct {
	text string
	k    [nLevels]int64
}

type record struct {
	pos   ingest.Pos
	cand  uint64
	off   int64 // byte offset of the trigger in the text
	score float64
	id    string
}

func newScorer(m *model) *Scorer {
	return &Scorer{m: m, cands: map[uint64]*candidate{}}
}

// Add scores a batch's texts.
func (s *Scorer) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil {
		return nil
	}
	ids := finding.IDColumn(b)
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid || len(t) == 0 {
			return
		}
		s.occ += int64(s.m.each(t, &s.sc, func(k tok, score, _ float64) {
			s.scored++
			if score < s.m.levels[0] {
				return
			}
			for l, lv := range s.m.levels {
				if score >= lv {
					s.exceed[l]++
				}
			}
			c := s.cands[k.cand]
			if c == nil {
				c = &candidate{text: string(t[k.off:k.end])}
				s.cands[k.cand] = c
			}
			for l, lv := range s.m.levels {
				if score >= lv {
					c.k[l]++
				}
			}
			s.recs = append(s.recs, record{pos: b.Pos(i), cand: k.cand, off: int64(k.off), score: score, id: finding.RowID(ids, i)})
			if len(s.recs) > 2*maxRecords {
				s.prune()
			}
		}))
	})
}

// prune keeps the maxRecords records of highest score (then first by
// position): the best of a union are the best of the best of its parts,
// so what is kept does not depend on the split.
func (s *Scorer) prune() {
	slices.SortFunc(s.recs, func(a, b record) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return comparePos(a.pos, b.pos)
	})
	if len(s.recs) > maxRecords {
		s.dropped += int64(len(s.recs) - maxRecords)
		s.recs = s.recs[:maxRecords]
	}
}

func comparePos(a, b ingest.Pos) int {
	switch {
	case a.Less(b):
		return -1
	case b.Less(a):
		return 1
	}
	return 0
}

// Merge adds o's counts and records to s's.
func (s *Scorer) Merge(other analysis.Analyser) error {
	o, ok := other.(*Scorer)
	if !ok {
		return analysis.Mismatch(s, other)
	}
	s.occ += o.occ
	s.scored += o.scored
	for l := range s.exceed {
		s.exceed[l] += o.exceed[l]
	}
	for h, c := range o.cands {
		if mine := s.cands[h]; mine != nil {
			for l := range mine.k {
				mine.k[l] += c.k[l]
			}
		} else {
			s.cands[h] = c
		}
	}
	s.recs = append(s.recs, o.recs...)
	s.dropped += o.dropped
	if len(s.recs) > 2*maxRecords {
		s.prune()
	}
	return nil
}

// Result is the poisoned-text check's part of the report.
type Result struct {
	Documents int64 `json:"documents"`
	Tokens    int64 `json:"tokens"`
	// SketchBytes is the first pass' memory (each worker keeps one).
	SketchBytes int64 `json:"sketch_bytes"`
	// DocFreqMin, DocFreqMax bound the document frequency of candidates.
	DocFreqMin int64 `json:"candidate_doc_freq_min"`
	DocFreqMax int64 `json:"candidate_doc_freq_max"`
	// Occurrences are the first occurrences of candidates in documents;
	// Scored those followed by enough text to score.
	Occurrences int64 `json:"candidate_occurrences"`
	Scored      int64 `json:"occurrences_scored"`
	// Typical is the median surprisal of the text after a candidate in
	// the sample (bits a token); Levels the change scores tested,
	// BaseRates the share of scored occurrences at or over each.
	Typical   float64   `json:"typical_bits"`
	Levels    []float64 `json:"levels"`
	BaseRates []float64 `json:"base_rates"`
	// Tests is what the significance threshold is corrected for: the
	// candidates (at most Occurrences / DocFreqMin) times the levels.
	Tests             float64 `json:"tests"`
	TriggerCandidates int     `json:"trigger_candidates"`
	TriggeredRows     int     `json:"triggered_rows"`
	// RecordsDropped counts occurrences over the first level not kept
	// (beyond maxRecords, those of least score).
	RecordsDropped int64  `json:"records_dropped,omitempty"`
	Note           string `json:"note,omitempty"`
}

// Thresholds of a trigger candidate.
const (
	// alpha bounds the Bonferroni-adjusted tail probability.
	alpha = 0.01
	// minAnomalous: at least this many of its documents read anomalously
	// after it over shareLevel, and at least minShare of them. Natural
	// structure (a mailing list's footer followed by the next message's
	// headers, a time stamp in a header) passes the first level often,
	// the second in a few documents, or in many but few of its own; a
	// planted trigger passes it in most of its documents, and the study
	// behind issue 17 found 100 documents too few to plant a backdoor,
	// 250 enough.
	minAnomalous = 20
	// minFar: or at least this many over the last level, whatever their
	// share: a trigger that is also a common word. On the mail corpus no
	// natural candidate reaches 20.
	minFar   = 50
	minShare = 0.5
)

type trigger struct {
	h     uint64
	c     *candidate
	df    int64
	level int
	logp  float64 // log10 of the tail probability, unadjusted
}

func round(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}

// Finish tests every candidate: the Section is a *Result.
func (s *Scorer) Finish(env *analysis.Env) (*analysis.Result, error) {
	m := s.m
	res := m.baseResult()
	res.Occurrences, res.Scored, res.RecordsDropped = s.occ, s.scored, s.dropped
	var p0 [nLevels]float64
	for l := range p0 {
		if s.scored > 0 {
			p0[l] = float64(s.exceed[l]) / float64(s.scored)
		}
		res.BaseRates = append(res.BaseRates, round(p0[l], 6))
	}
	res.Tests = float64(max(1, s.occ/dfMin) * nLevels)
	var ts []trigger
	for h, c := range s.cands {
		df := max(int64(m.c.df.get(h)), c.k[0])
		best := trigger{h: h, c: c, df: df}
		for l := range c.k {
			lp := logTail(c.k[l], df, p0[l]) / math.Ln10
			if lp < best.logp {
				best.level, best.logp = l, lp
			}
		}
		if best.logp+math.Log10(res.Tests) > math.Log10(alpha) || !c.passes(df) {
			continue
		}
		ts = append(ts, best)
	}
	slices.SortFunc(ts, func(a, b trigger) int {
		return cmp.Or(cmp.Compare(a.logp, b.logp), cmp.Compare(a.c.text, b.c.text), cmp.Compare(a.h, b.h))
	})
	rank := map[uint64]int{}
	for i, t := range ts {
		rank[t.h] = i
	}
	// Each document carrying a trigger is one triggered row, named by the
	// best-ranked trigger it carries.
	slices.SortFunc(s.recs, func(a, b record) int {
		return cmp.Or(comparePos(a.pos, b.pos), cmp.Compare(rankOf(rank, a.cand), rankOf(rank, b.cand)), cmp.Compare(a.off, b.off))
	})
	r := &analysis.Result{Unlisted: map[string]int64{}}
	byTrigger := make([][]finding.Row, len(ts))
	var rows []finding.Finding
	for i, rec := range s.recs {
		t, ok := rank[rec.cand]
		if !ok || i > 0 && s.recs[i-1].pos == rec.pos && hasRank(rank, s.recs[i-1].cand) {
			continue
		}
		row := finding.NewRow(env.Files, rec.pos, rec.id)
		if len(byTrigger[t]) < 5 {
			byTrigger[t] = append(byTrigger[t], row)
		}
		res.TriggeredRows++
		if len(rows) >= env.MaxExamples {
			r.Unlisted[finding.KindTriggeredRow]++
			continue
		}
		rows = append(rows, finding.Finding{Kind: finding.KindTriggeredRow, Subkind: Subkind, Severity: finding.Warning,
			Rows: []finding.Row{row}, Score: round(rec.score, 2), At: int(rec.off),
			Evidence: fmt.Sprintf("carries trigger candidate %q at byte %d; the text after it is %.2f bits a token more surprising than before it", ts[t].c.text, rec.off, rec.score)})
	}
	res.TriggerCandidates = len(ts)
	for i, t := range ts {
		if i >= env.MaxExamples {
			r.Unlisted[finding.KindTriggerCandidate] = int64(len(ts) - i)
			break
		}
		k := t.c.k[t.level]
		adj := -(t.logp + math.Log10(res.Tests))
		r.Findings = append(r.Findings, finding.Finding{Kind: finding.KindTriggerCandidate, Subkind: Subkind, Severity: finding.Warning,
			Rows: byTrigger[i], Count: t.df, Score: round(-t.logp, 1), Needle: t.c.text,
			Evidence: fmt.Sprintf("%s in %d documents; the text after it is anomalous in %d (%.3f) against a base rate of %.5f (change score >= %.2f bits a token); -log10 p = %.1f (binomial tail; %.1f after Bonferroni over %.3g tests)",
				quote(t.c.text), t.df, k, float64(k)/float64(t.df), p0[t.level], m.levels[t.level], -t.logp, adj, res.Tests)})
	}
	r.Findings = append(r.Findings, rows...)
	for k, n := range r.Unlisted {
		if n == 0 {
			delete(r.Unlisted, k)
		}
	}
	r.Section, r.Metrics = &res, res.metrics()
	return r, nil
}

// passes reports whether a candidate in df documents is anomalous after
// in enough of them to be a trigger (its significance aside).
func (c *candidate) passes(df int64) bool {
	k := c.k[shareLevel]
	return k >= minAnomalous && float64(k) >= minShare*float64(df) || c.k[nLevels-1] >= minFar
}

func hasRank(rank map[uint64]int, h uint64) bool {
	_, ok := rank[h]
	return ok
}

// rankOf is a candidate's rank, after every trigger's when it is none.
func rankOf(rank map[uint64]int, h uint64) int {
	if r, ok := rank[h]; ok {
		return r
	}
	return math.MaxInt
}

// quote quotes a trigger for evidence, cut to 80 bytes.
func quote(s string) string {
	if len(s) > 80 {
		s = strings.ToValidUTF8(s[:80], "") + "…"
	}
	return fmt.Sprintf("%q", s)
}

// Subkind marks this check's trigger_candidate and triggered_row findings
// (the label checks' are "word", "pair", "reads_otherwise", ...).
const Subkind = "pretraining"
