package audit

import (
	"context"
	"fmt"
	"os"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
)

// CompareConfig is what a comparison reads and computes.
type CompareConfig struct {
	// A and B are the two sides: each a dataset (file, directory, glob)
	// or a profile (IsProfile). A is the reference.
	A, B string
	// Ingest says how to read the data sides (its Notify and Progress
	// come from the hooks).
	Ingest ingest.Options
	// Tokenizer describes the tokens counted; LLM, if set, counts them.
	Tokenizer profile.Tokenizer
	LLM       *llmtok.Tokenizer
	// Top is the number of each side's most frequent tokens the
	// divergence is computed over; PriorMass and Drivers shape the
	// log-odds drivers.
	Top       int
	PriorMass float64
	Drivers   int
	// Sample rows of each side for the domain classifier, OverlapRows
	// rows of B found in A listed; NoOverlap skips both.
	Sample, OverlapRows int
	ExactNormalize      string
	NoOverlap           bool
	Gates               []gate.Gate
	// Outputs, Reads: see ScanConfig.
	Outputs, Reads []outfile.Path
	ToolVersion    string
	// TextA, TextB, LabelA and LabelB name the text and label fields of
	// one side (--text-a, ...); nil or "" means Ingest's. With a text
	// field per side, the sides may read different fields.
	TextA, TextB   []string
	LabelA, LabelB string
}

// sideIngest is Ingest with the fields of side i (0: A, 1: B).
func (o *CompareConfig) sideIngest(i int) ingest.Options {
	opts := o.Ingest
	text, label := [2][]string{o.TextA, o.TextB}[i], [2]string{o.LabelA, o.LabelB}[i]
	if len(text) > 0 {
		opts.Text = text
	}
	if label != "" {
		opts.Label = label
	}
	return opts
}

// perSide says whether a field was named for one side only.
func (o *CompareConfig) perSide() bool {
	return len(o.TextA)+len(o.TextB) > 0 || o.LabelA+o.LabelB != ""
}

// side is one side of a comparison: its profile, and for raw data the
// per-row analyses of the overlap and domain checks.
type side struct {
	p      *profile.Profile
	files  []string
	raw    bool
	exact  *dups.Exact
	near   *dups.Near
	sample *comparison.DomainSample
}

// crossWorker is one worker's overlap and domain analyses.
type crossWorker struct {
	exact  *dups.Exact
	near   *dups.Near
	sample *comparison.DomainSample
}

var _ analysis.Analyser = (*crossWorker)(nil)

func (w *crossWorker) Add(b *ingest.Batch) error {
	if err := w.exact.Add(b); err != nil {
		return err
	}
	if err := w.near.Add(b); err != nil {
		return err
	}
	return w.sample.Add(b)
}

// Merge adds other's analyses, a *crossWorker's, to w's.
func (w *crossWorker) Merge(other analysis.Analyser) error {
	o, ok := other.(*crossWorker)
	if !ok {
		return analysis.Mismatch(w, other)
	}
	if err := w.exact.Merge(o.exact); err != nil {
		return err
	}
	if err := w.near.Merge(o.near); err != nil {
		return err
	}
	w.sample.Merge(o.sample)
	return nil
}

// Finish returns w as the Section: compare finishes each analysis itself.
func (w *crossWorker) Finish(*analysis.Env) (*analysis.Result, error) {
	return &analysis.Result{Section: w}, nil
}

// loadSide reads a profile, or profiles raw data with every token listed
// (and, with cross set, the overlap and domain analyses).
// inputs are arg expanded (nil for a profile).
func loadSide(ctx context.Context, arg string, inputs []ingest.Input, o *CompareConfig, which int, cross bool, hooks Hooks) (*side, error) {
	if inputs == nil {
		p, err := profile.ReadFile(arg)
		if err != nil {
			return nil, err
		}
		return &side{p: p}, nil
	}
	s := &side{raw: true}
	for _, in := range inputs {
		s.files = append(s.files, in.Path)
	}
	iopts := o.sideIngest(which)
	iopts.Notify = hooks.notify
	add, done := hooks.progress(progressTotal(inputs))
	iopts.Progress = add
	bo := profile.Options{Ingest: iopts, TopN: 0, Tokenizer: o.Tokenizer, LLM: o.LLM, ToolVersion: o.ToolVersion, NoHash: true}
	if cross {
		bo.Extra = []analysis.Factory{func() (analysis.Analyser, error) {
			ex, err := dups.NewExact(o.ExactNormalize) // checked by the command
			if err != nil {
				return nil, err
			}
			return &crossWorker{exact: ex, near: dups.NewNear(), sample: comparison.NewDomainSample(o.Sample)}, nil
		}}
	}
	p, _, extras, err := profile.Build(ctx, inputs, bo)
	done()
	if err != nil {
		return nil, err
	}
	s.p = p
	if cross {
		all := extras[0].(*crossWorker)
		s.exact, s.near, s.sample = all.exact, all.near, all.sample
	}
	return s, nil
}

// Compare builds the report of B against A and checks its gates. A gate
// on a metric the report does not have is a UsageError.
func Compare(ctx context.Context, o *CompareConfig, hooks Hooks) (*comparison.Report, error) {
	rep, err := compare(ctx, o, hooks)
	if err != nil {
		return nil, err
	}
	if rep.Gates, err = gate.CheckCompare(o.Gates, rep); err != nil {
		return nil, UsageError{Err: err}
	}
	rep.Summary = &comparison.Summary{Verdict: report.JudgeCompare(rep)}
	return rep, nil
}

// CompareVerdict returns the GateError of the gates a comparison
// reached, or nil.
func CompareVerdict(rep *comparison.Report) error {
	gs := make([]report.GateResult, len(rep.Gates))
	for i, g := range rep.Gates {
		gs[i] = report.GateResult(g)
	}
	return GatesReached(gs)
}

func compare(ctx context.Context, o *CompareConfig, hooks Hooks) (*comparison.Report, error) {
	argA, argB := o.A, o.B
	// Overlap needs raw data on both sides; find out before reading.
	cross := !o.NoOverlap && !IsProfile(argA) && !IsProfile(argB)
	// Expand both sides first, so that an output pointed at an input of
	// either is refused before anything is read.
	var ins [2][]ingest.Input
	var all []ingest.Input
	for i, arg := range []string{argA, argB} {
		if IsProfile(arg) {
			all = append(all, ingest.Input{Path: arg})
			continue
		}
		in, err := ingest.ExpandContext(ctx, []string{arg})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", "AB"[i:i+1], err)
		}
		defer ingest.Close(in)
		ins[i], all = in, append(all, in...)
	}
	if err := checkOutputs(o.Outputs, all, o.Reads...); err != nil {
		return nil, err
	}
	// Both sides' fields are checked before either is read in full.
	for i := range ins {
		if ins[i] == nil {
			continue
		}
		if err := ingest.Probe(ctx, ins[i], o.sideIngest(i)); err != nil {
			return nil, fmt.Errorf("%s: %w", "AB"[i:i+1], err)
		}
	}
	a, err := loadSide(ctx, argA, ins[0], o, 0, cross, hooks)
	if err != nil {
		//lint:ignore ST1005 A names the side
		return nil, fmt.Errorf("A: %w", err)
	}
	b, err := loadSide(ctx, argB, ins[1], o, 1, cross, hooks)
	if err != nil {
		//lint:ignore ST1005 B names the side
		return nil, fmt.Errorf("B: %w", err)
	}
	comparable := profile.Comparable
	if o.perSide() {
		comparable = profile.SameTokenizer // the fields were named per side
	}
	if err := comparable(a.p, b.p); err != nil {
		return nil, err
	}
	n := o.Top
	// A profile that does not list every token fixes the cut: at most its
	// listed tokens (fewer than its --top after a merge).
	for _, s := range []*side{a, b} {
		if !s.p.Tokens.Complete {
			n = min(n, len(s.p.Tokens.Top))
		}
	}
	rep := &comparison.Report{Schema: comparison.ReportSchema, SchemaVersion: comparison.ReportVersion}
	rep.Tool.Name, rep.Tool.Version = "dataaudit", o.ToolVersion
	rep.A, rep.B = describeSide(argA, a), describeSide(argB, b)
	if o.perSide() {
		rep.A.Text, rep.A.Label = a.p.Settings.Text, a.p.Settings.Label
		rep.B.Text, rep.B.Label = b.p.Settings.Text, b.p.Settings.Label
	}
	rep.Settings = comparison.CompareSettings{
		Tokenizer: a.p.Settings.Tokenizer.Name, Text: a.p.Settings.Text, TopN: n, PriorMass: o.PriorMass, Drivers: o.Drivers,
	}
	rep.Tokens = comparison.Divergence(a.p, b.p, n)
	rep.OverInB, rep.OverInA = comparison.Drivers(a.p, b.p, o.PriorMass, o.Drivers)
	rep.Vocabulary = comparison.Vocab(a.p, b.p)
	rep.Lengths = comparison.LengthsDrift(a.p, b.p)
	rep.Labels = comparison.Labels(a.p, b.p)
	if rep.Labels == nil && (a.p.Labels != nil || b.p.Labels != nil) {
		rep.Notes = append(rep.Notes, "label shift needs per-label counts on both sides (--label, or profiles made with it)")
	}
	if !a.raw || !b.raw {
		rep.Notes = append(rep.Notes, "overlap (contamination) and the domain classifier need raw data on both sides")
	} else if o.NoOverlap {
		rep.Notes = append(rep.Notes, "overlap and the domain classifier were skipped (--no-overlap)")
	}
	if cross {
		ex := dups.CrossExact(a.exact, b.exact)
		nr := dups.CrossNear(a.near, b.near, ex)
		ov := &comparison.Overlap{
			RowsB: b.p.Counts.Rows, Exact: int64(len(ex)), Near: int64(len(nr)), Normalization: o.ExactNormalize,
			WordJaccard: dups.NearWordJ, PairJaccard: dups.NearPairJ, Rows: []comparison.OverlapRow{},
		}
		ov.Total = ov.Exact + ov.Near
		if ov.RowsB > 0 {
			ov.Rate = float64(int64(float64(ov.Total)/float64(ov.RowsB)*1e6+0.5)) / 1e6
		}
		all := mergeMatches(ex, nr)
		for _, m := range all {
			if len(ov.Rows) >= o.OverlapRows {
				ov.Unlisted++
				continue
			}
			r := comparison.OverlapRow{B: m.B.Format(b.files), A: m.A.Format(a.files), Kind: "exact"}
			if m.Near {
				r.Kind, r.Jaccard = "near", m.Jaccard
			}
			ov.Rows = append(ov.Rows, r)
		}
		rep.Overlap = ov
		ra, rb := a.sample.Rows(), b.sample.Rows()
		fa, fb := make([][]uint32, len(ra)), make([][]uint32, len(rb))
		for i, r := range ra {
			fa[i] = r.Features
		}
		for i, r := range rb {
			fb[i] = r.Features
		}
		const folds = 5
		if len(fa) < folds || len(fb) < folds {
			// Too few rows to cross-validate: no number rather than a 0.
			rep.Notes = append(rep.Notes, fmt.Sprintf("separability not computed: each side needs at least %d rows with a word (A has %d, B has %d)", folds, len(fa), len(fb)))
		} else {
			d := comparison.DomainAUC(fa, fb, comparison.DomainFeatures, folds)
			rep.Domain = &d
		}
	}
	return rep, nil
}

// mergeMatches merges exact and near matches in B's input order.
func mergeMatches(ex, nr []dups.CrossMatch) []dups.CrossMatch {
	out := make([]dups.CrossMatch, 0, len(ex)+len(nr))
	for len(ex) > 0 || len(nr) > 0 {
		if len(nr) == 0 || len(ex) > 0 && ex[0].B.Less(nr[0].B) {
			out, ex = append(out, ex[0]), ex[1:]
		} else {
			out, nr = append(out, nr[0]), nr[1:]
		}
	}
	return out
}

// IsProfile reports whether arg names a profile. Only a regular file
// can be one: looking into a pipe or FIFO would take bytes the scan needs,
// or wait for a writer.
func IsProfile(arg string) bool {
	st, err := os.Stat(arg)
	return err == nil && st.Mode().IsRegular() && profile.IsProfileFile(arg)
}

func describeSide(arg string, s *side) comparison.Side {
	d := comparison.Side{
		Source: arg, Kind: "profile", Files: len(s.p.Manifest), Rows: s.p.Counts.Rows, Tokens: s.p.Tokens.Total,
		Listed: len(s.p.Tokens.Top), Complete: s.p.Tokens.Complete,
	}
	if s.raw {
		d.Kind = "data"
	}
	if e := s.p.Tokens.Distinct.Exact; e != nil {
		d.Distinct = *e
	} else {
		d.Distinct, d.DistinctIsEstimate = s.p.Tokens.Distinct.Estimate, true
	}
	return d
}
