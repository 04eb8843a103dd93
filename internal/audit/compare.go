package audit

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/overlap"
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
	p     *profile.Profile
	files []string
	raw   bool
	cross *overlap.Worker // with raw data on both sides
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
	add, done := hooks.progress("reading", progressTotal(inputs))
	iopts.Progress = add
	bo := profile.Options{Ingest: iopts, TopN: 0, Tokenizer: o.Tokenizer, LLM: o.LLM, ToolVersion: o.ToolVersion, NoHash: true}
	if cross {
		bo.Extra = []analysis.Factory{func() (analysis.Analyser, error) {
			ex, err := dups.NewExact(o.ExactNormalize) // checked by the command
			if err != nil {
				return nil, err
			}
			return &overlap.Worker{Exact: ex, Near: dups.NewNear(), Sample: comparison.NewDomainSample(o.Sample)}, nil
		}}
	}
	p, _, extras, err := profile.Build(ctx, inputs, bo)
	done()
	if err != nil {
		return nil, err
	}
	s.p = p
	if cross {
		s.cross = extras[0].(*overlap.Worker)
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
		return nil, missingGate(err)
	}
	rep.Summary = &comparison.Summary{Verdict: report.JudgeCompare(rep)}
	return rep, nil
}

// CompareVerdict returns the GateError of the gates a comparison
// reached, or nil.
func CompareVerdict(rep *comparison.Report) error {
	for _, s := range []struct {
		name string
		side comparison.Side
	}{{"A", rep.A}, {"B", rep.B}} {
		if s.side.Rows == 0 {
			return DataError{fmt.Errorf("no usable record in %s (%s): nothing to compare; check the input's format and --text", s.name, s.side.Source)}
		}
	}
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
		var note string
		rep.Overlap, rep.Domain, note = overlap.Compute(a.cross, b.cross, a.files, b.files, b.p.Counts.Rows, o.ExactNormalize, o.OverlapRows)
		if note != "" {
			rep.Notes = append(rep.Notes, note)
		}
	}
	return rep, nil
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

// CompareGates parses the gates of compare (exprs: --fail-on, then
// --policy), and refuses before any reading a gate on what the comparison
// cannot compute: overlap and the domain classifier without raw data on
// both sides (a or b a profile, or noOverlap), label shift without labels
// (labelled: a label field is named). Profiles may or may not have
// labels; that is checked on the report (Compare).
func CompareGates(a, b string, exprs []string, noOverlap, labelled bool) ([]gate.Gate, error) {
	var gates []gate.Gate
	for _, expr := range exprs {
		g, err := gate.ParseCompare(expr)
		if err != nil {
			return nil, fmt.Errorf("--fail-on %w", err)
		}
		switch gate.CompareNeeds(g.Metric) {
		case "raw":
			if noOverlap || IsProfile(a) || IsProfile(b) {
				return nil, fmt.Errorf("--fail-on %q: %s is computed only with raw data on both sides and without --no-overlap", expr, g.Metric)
			}
		case "labels":
			if !labelled && !IsProfile(a) && !IsProfile(b) {
				return nil, fmt.Errorf("--fail-on %q: %s is computed only with --label", expr, g.Metric)
			}
		}
		gates = append(gates, g)
	}
	return gates, nil
}

// missingGate says a gate.MissingError of Compare as the usage error it
// is, with what the metric needs.
func missingGate(err error) error {
	missing := gate.MissingError{}
	if !errors.As(err, &missing) {
		return err
	}
	why := "raw data on both sides (not a profile) and no --no-overlap"
	if missing.Needs == "labels" {
		why = "per-label counts on both sides (--label, or profiles made with it)"
	}
	return UsageError{Err: fmt.Errorf("--fail-on %q: the report has no %s: it needs %s", missing.Expr, missing.Metric, why)}
}
