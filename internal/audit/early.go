package audit

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/excerpt"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/report"
)

// earlyExcerpts reads the rows of the excerpts a text summary may show
// (ScanConfig.ExcerptsShown) of every analysis but the last to finish,
// as soon as that one is the only one left, alongside its finish:
// excerpt.Add's read of them was the end of the run on one core (the
// benchmark Parquet: row group 0 up to its row 11,297 for the evasions
// and the outliers shown, zstd), while the near duplicates, which finish
// last, leave a core idle for their serial end. Since session 24 the
// first read keeps the bytes of most of them (excerpt.KeepFew): this
// read goes to row 440 of row group 0 (the exact duplicates' first
// rows), and excerpt.Add's at the end to row 20 (the near duplicates').
//
// Which findings a summary shows is known only once every finding is
// (report.TextShown: the first few of each kind, in the order of the
// sorted findings), but the findings an analysis may have shown are its
// first report.TextExamples of each kind: the sort is stable, by kind,
// and an analysis' findings keep their order in the report. Those are
// read here, on copies (a finding not shown keeps no excerpt, as
// before), and apply gives their excerpts (and the ids read with them)
// to the findings shown, before excerpt.Add reads the rest, which it
// skips (a finding with an excerpt wants none). The excerpt of a finding
// depends on that finding alone, so the report is the same; an error of
// the early read drops all it read, and excerpt.Add then reads every
// excerpt shown as before, reporting its error as before.
type earlyExcerpts struct {
	run     *scanRun
	ctx     context.Context
	opts    analysis.Options
	perKind int // report.TextExamples of ExcerptsShown

	mu      sync.Mutex
	left    int            // analyses not finished
	pending []earlyFinding // findings of finished analyses not read yet
	read    []earlyFinding // findings read, their copies' excerpts filled
	failed  bool
}

// earlyFinding is a finding of analysis spec (its index k among the
// result's findings, f its Rows' first element) and the copy read.
type earlyFinding struct {
	spec, k int
	first   *finding.Row
	f       finding.Finding
}

// newEarlyExcerpts returns the early excerpts of a scan of the analyses
// r.specs, or nil when the scan's excerpts are not those of a text
// summary, or an analysis reads the inputs twice (the reads would run at
// once).
func newEarlyExcerpts(ctx context.Context, r *scanRun, hooks Hooks) *earlyExcerpts {
	if earlyOff || r.o.ExcerptsShown <= 0 || hooks.Findings != nil || r.listMax <= 0 ||
		slices.ContainsFunc(r.specs, func(s *analysis.Spec) bool { return s.Second != nil }) {
		return nil
	}
	return &earlyExcerpts{run: r, ctx: ctx, opts: r.options(hooks), perKind: report.TextExamples(r.o.ExcerptsShown), left: len(r.specs)}
}

// earlyOff turns the early excerpts off: the reference of tests.
var earlyOff bool

// testEarlyError, when set by a test, is the error of every early read;
// earlyApplied counts the excerpts apply gave (tests).
var (
	testEarlyError error
	earlyApplied   atomic.Int64
)

// finished takes the result res of analysis spec, just finished (an
// analysis.Options.Finished), and reads the excerpts pending once one
// analysis alone is left, on this goroutine.
func (e *earlyExcerpts) finished(spec int, res *analysis.Result) {
	e.mu.Lock()
	e.left--
	if e.left == 0 {
		e.mu.Unlock()
		return // the last: excerpt.Add reads its excerpts
	}
	seen := map[string]int{}
	for k := range res.Findings {
		f := &res.Findings[k]
		if len(f.Rows) == 0 || f.Kind == finding.KindBadRecord || seen[f.Kind] >= e.perKind {
			continue
		}
		seen[f.Kind]++
		c := *f
		c.Rows = slices.Clone(f.Rows)
		e.pending = append(e.pending, earlyFinding{spec: spec, k: k, first: &f.Rows[0], f: c})
	}
	if e.left > 1 || len(e.pending) == 0 {
		e.mu.Unlock()
		return
	}
	todo := e.pending
	e.pending = nil
	e.mu.Unlock()
	fs := make([]finding.Finding, len(todo))
	for i := range todo {
		fs[i] = todo[i].f
	}
	err := excerpt.Add(e.ctx, e.run.inputs, e.run.files, e.opts.Ingest, fs)
	if testEarlyError != nil {
		err = testEarlyError
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err != nil {
		e.failed = true
		return
	}
	for i := range todo {
		todo[i].f = fs[i]
	}
	e.read = append(e.read, todo...)
}

// apply gives the excerpts read to the findings of fs (the report's, in
// the order of results, not sorted yet) that a text summary shows. It
// gives none when the early read failed, or when a finding read is not
// where its analysis' result put it.
func (e *earlyExcerpts) apply(results []*analysis.Result, fs []finding.Finding) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.failed || len(e.read) == 0 {
		return
	}
	base := make([]int, len(results)) // where each result's findings start in fs
	n := 0
	for i, r := range results {
		base[i] = n
		n += len(r.Findings)
	}
	if n != len(fs) {
		return
	}
	for _, x := range e.read {
		j := base[x.spec] + x.k
		if j >= len(fs) || len(fs[j].Rows) == 0 || &fs[j].Rows[0] != x.first || fs[j].Kind != x.f.Kind {
			return
		}
	}
	shown := make([]bool, len(fs))
	for _, i := range report.TextShown(fs, e.run.o.ExcerptsShown) {
		shown[i] = true
	}
	for _, x := range e.read {
		j := base[x.spec] + x.k
		if !shown[j] || fs[j].Excerpt != "" {
			continue
		}
		fs[j].Excerpt = x.f.Excerpt
		fs[j].Rows[0].ID = x.f.Rows[0].ID
		earlyApplied.Add(1)
	}
}
