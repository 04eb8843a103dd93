package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/termsafe"
)

const compareUsage = `Usage: dataaudit compare [flags] A B

Compares corpus B with corpus A. Each is a dataset (a file, a directory or
a glob, quoted) or a profile written by 'dataaudit profile'. A is the
reference: the pretraining corpus when B is a fine-tuning set, the pool
when B is a subset selected from it.

It reports:
  - token divergence: Jensen-Shannon distance and PSI of the token
    distributions, over the --top tokens of each side (see below);
  - the tokens driving it, both ways: log-odds ratio with an informative
    Dirichlet prior (Monroe et al. 2008) and its z-score. For a selected
    subset, "over-represented in B" is what the selection favours;
  - vocabulary: OOV rate of B against A's vocabulary, shared tokens;
  - length drift (bytes, characters, tokens): KS statistic, Wasserstein
    distance normalised by A's standard deviation, PSI over A's deciles;
  - label shift, when both sides have labels (--label);
  - with raw data on both sides: rows of B that appear in A, exactly (after
    normalisation) or as near duplicates (contamination, leakage), and how
    separable the sets are: the cross-validated AUC of a naive Bayes
    classifier over hashed words (0.5: indistinguishable).

The token divergence is computed from what a profile holds: each side's
--top most frequent tokens (a profile's own list if shorter) and its tail
mass, over the tokens whose counts both sides know plus one bin for the
rest. So comparing against a profile gives the same divergence as
comparing against the data it was made from. Profiles made with different
tokenizers or text fields cannot be compared: that is an error.

Tokens are words unless --tokenizer names a model's (cl100k_base,
o200k_base, hf:PATH/tokenizer.json), counted by token id. Without
--tokenizer, a side that is a profile decides: raw data on the other side
is counted with that profile's tokenizer. A profile made with another
tokenizer than --tokenizer is an error.

Examples:
  dataaudit compare pretrain/ finetune.jsonl
  dataaudit compare pretrain.profile.json finetune.jsonl --json cmp.json
  dataaudit compare pool.parquet selected.parquet --label label
  dataaudit compare train.o200k.profile.json finetune.jsonl
  dataaudit compare 'shards/*.jsonl' eval.jsonl --overlap-rows 100
  dataaudit compare pretrain/ finetune.jsonl --markdown cmp.md --html cmp.html
  dataaudit compare pretrain/ eval.jsonl --fail-on 'overlap_rows>0,js_distance>0.3'

Exit codes: 0 compared (no --fail-on gate reached), 1 a --fail-on gate was
reached (each is named on stderr), 2 usage, input or internal error (also:
profiles that cannot be compared, a gate on a metric the comparison does
not have), 130 interrupted.

Flags:
`

type compareOpts struct {
	profileOpts
	jsonOut     string
	priorMass   float64
	drivers     int
	show        int
	sample      int
	overlapRows int
	exactNorm   string
	noOverlap   bool
	markdown    string
	html        string
	failOn      listFlag
	policy      string
}

func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o compareOpts
	o.dataFlags(fs)
	o.tokenizerFlag(fs, true)
	fs.IntVar(&o.top, "top", profile.DefaultTopN, "compute the token divergence over each side's `N` most frequent tokens (lowered to a profile's own --top)")
	fs.StringVar(&o.jsonOut, "json", "", "write the versioned compare report (docs/compare.md) to `FILE` (- for stdout, instead of the summary)")
	fs.Float64Var(&o.priorMass, "prior-mass", 1000, "total `mass` of the informative Dirichlet prior of the log-odds ratio (spread over tokens by their pooled frequency)")
	fs.IntVar(&o.drivers, "drivers", 50, "list the `N` tokens most over-represented on each side in the JSON report")
	fs.IntVar(&o.show, "show", 20, "show `N` tokens each way in the summary")
	fs.IntVar(&o.sample, "domain-sample", 20000, "rows of each side sampled for the domain classifier (`N`)")
	fs.IntVar(&o.overlapRows, "overlap-rows", 20, "list the first `N` rows of B found in A in the JSON report")
	fs.StringVar(&o.exactNorm, "exact-normalize", dups.NormalizeDefault, "how texts are compared for exact overlap: "+dups.NormalizeDefault+" or "+dups.NormalizeNone)
	fs.StringVar(&o.markdown, "markdown", "", "write a Markdown rendering (for a pull-request comment or a dataset card) to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&o.html, "html", "", "write a self-contained HTML rendering (inline SVG charts, no script, opens from disk) to `FILE` (- for stdout, instead of the summary)")
	fs.Var(&o.failOn, "fail-on", "exit with code 1 when `METRIC>VALUE` holds (also >=, <, <=, ==, !=); repeat or separate with commas: --fail-on 'overlap_rows>0,js_distance>0.3'")
	fs.StringVar(&o.policy, "policy", "", "read --fail-on gates from `FILE`: one per line, blank lines and # comments allowed")
	fs.BoolVar(&o.noOverlap, "no-overlap", false, "skip the cross-set duplicates and the domain classifier (they keep about 250 bytes a row)")
	pos, done, err := parseCommand(fs, args, stdout, compareUsage, "\nMetrics for --fail-on (docs/compare.md):\n"+gate.DescribeCompare())
	if done || err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{err: errors.New("want two inputs, A and B (quote a glob)"), hint: hintUsage}
	}
	if o.top < 1 || o.drivers < 0 || o.show < 0 || o.sample < 0 || o.priorMass <= 0 {
		return usageError{err: errors.New("--top and --prior-mass must be positive; --drivers, --show and --domain-sample not negative")}
	}
	if _, err := dups.NewExact(o.exactNorm); err != nil {
		return usageError{err: fmt.Errorf("--exact-normalize: %w", err)}
	}
	if err := checkStdout([]outfile.Path{{Flag: "--json", Path: o.jsonOut}, {Flag: "--html", Path: o.html}, {Flag: "--markdown", Path: o.markdown}}); err != nil {
		return usageError{err: err, hint: hintFlags}
	}
	gates, err := compareGates(pos[0], pos[1], &o)
	if err != nil {
		return usageError{err: err}
	}
	rep, err := compare(ctx, pos[0], pos[1], &o, stderr)
	if err != nil {
		return err
	}
	if rep.Gates, err = gate.CheckCompare(gates, rep); err != nil {
		return usageError{err: err}
	}
	// --show 0 and --overlap-rows 0 show none, as in the summary.
	none := func(n int) int {
		if n == 0 {
			return -1
		}
		return n
	}
	ro := report.CompareOptions{Tokens: none(o.show), OverlapRows: none(o.overlapRows)}
	for _, out := range []struct {
		path  string
		write func(io.Writer) error
	}{
		{o.jsonOut, func(w io.Writer) error { return writeCompareJSON(w, rep) }},
		{o.html, func(w io.Writer) error { return report.WriteCompareHTML(w, rep, ro) }},
		{o.markdown, func(w io.Writer) error { return report.WriteCompareMarkdown(w, rep, ro) }},
	} {
		if out.path == "" {
			continue
		}
		if err := writeFile(ctx, out.path, stdout, out.write); err != nil {
			return err
		}
	}
	if !writesStdout(o.jsonOut, o.html, o.markdown) {
		writeCompareText(stdout, rep, o.show)
	}
	gs := make([]report.GateResult, len(rep.Gates))
	for i, g := range rep.Gates {
		gs[i] = report.GateResult(g)
	}
	return gatesReached(gs)
}

// compareGates parses the --fail-on and --policy gates, and refuses before
// any reading a gate on what the comparison cannot compute: overlap and
// the domain classifier without raw data on both sides, label shift
// without labels. (Profiles may or may not have labels; that is checked on
// the report.)
func compareGates(argA, argB string, o *compareOpts) ([]gate.Gate, error) {
	exprs := o.failOn.vals
	if o.policy != "" {
		fromFile, err := readPolicy(o.policy)
		if err != nil {
			return nil, err
		}
		exprs = append(exprs, fromFile...)
	}
	var gates []gate.Gate
	for _, expr := range exprs {
		g, err := gate.ParseCompare(expr)
		if err != nil {
			return nil, err
		}
		switch gate.CompareNeeds(g.Metric) {
		case "raw":
			if o.noOverlap || isProfileArg(argA) || isProfileArg(argB) {
				return nil, fmt.Errorf("--fail-on %q: %s is computed only with raw data on both sides and without --no-overlap", expr, g.Metric)
			}
		case "labels":
			if o.label == "" && !isProfileArg(argA) && !isProfileArg(argB) {
				return nil, fmt.Errorf("--fail-on %q: %s is computed only with --label", expr, g.Metric)
			}
		}
		gates = append(gates, g)
	}
	return gates, nil
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
func loadSide(ctx context.Context, arg string, inputs []ingest.Input, o *compareOpts, cross bool, stderr io.Writer) (*side, error) {
	if inputs == nil {
		p, err := profile.ReadFile(arg)
		if err != nil {
			return nil, err
		}
		return &side{p: p}, nil
	}
	var total int64
	s := &side{raw: true}
	for _, in := range inputs {
		total += in.Size
		s.files = append(s.files, in.Path)
	}
	iopts := o.ingest()
	iopts.Notify = func(msg string) { fmt.Fprintf(stderr, "dataaudit compare: %s\n", msg) }
	prog := startProgress(stderr, progressTotal(inputs), o.quiet)
	iopts.Progress = prog.add
	bo := profile.Options{Ingest: iopts, TopN: 0, Tokenizer: o.tok.desc, LLM: o.tok.llm, ToolVersion: version, NoHash: true}
	if cross {
		bo.Extra = []analysis.Factory{func() (analysis.Analyser, error) {
			ex, err := dups.NewExact(o.exactNorm) // checked in runCompare
			if err != nil {
				return nil, err
			}
			return &crossWorker{exact: ex, near: dups.NewNear(), sample: comparison.NewDomainSample(o.sample)}, nil
		}}
	}
	p, _, extras, err := profile.Build(ctx, inputs, bo)
	prog.finish()
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

// compare builds the report of B against A.
func compare(ctx context.Context, argA, argB string, o *compareOpts, stderr io.Writer) (*comparison.Report, error) {
	if err := o.compareTokenizer(argA, argB); err != nil {
		return nil, err
	}
	// Overlap needs raw data on both sides; find out before reading.
	cross := !o.noOverlap && !isProfileArg(argA) && !isProfileArg(argB)
	// Expand both sides first, so that an output pointed at an input of
	// either is refused before anything is read.
	var ins [2][]ingest.Input
	var all []ingest.Input
	for i, arg := range []string{argA, argB} {
		if isProfileArg(arg) {
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
	if err := checkOutputs([]outfile.Path{{Flag: "--json", Path: o.jsonOut}, {Flag: "--html", Path: o.html}, {Flag: "--markdown", Path: o.markdown}},
		all, outfile.Path{Flag: "--policy", Path: o.policy}, tokenizerInput(o.tokenizer)); err != nil {
		return nil, err
	}
	a, err := loadSide(ctx, argA, ins[0], o, cross, stderr)
	if err != nil {
		return nil, fmt.Errorf("A: %w", err)
	}
	b, err := loadSide(ctx, argB, ins[1], o, cross, stderr)
	if err != nil {
		return nil, fmt.Errorf("B: %w", err)
	}
	if err := profile.Comparable(a.p, b.p); err != nil {
		return nil, err
	}
	n := o.top
	// A profile that does not list every token fixes the cut: at most its
	// listed tokens (fewer than its --top after a merge).
	for _, s := range []*side{a, b} {
		if !s.p.Tokens.Complete {
			n = min(n, len(s.p.Tokens.Top))
		}
	}
	rep := &comparison.Report{Schema: comparison.ReportSchema, SchemaVersion: comparison.ReportVersion}
	rep.Tool.Name, rep.Tool.Version = "dataaudit", version
	rep.A, rep.B = describeSide(argA, a), describeSide(argB, b)
	rep.Settings = comparison.CompareSettings{
		Tokenizer: a.p.Settings.Tokenizer.Name, Text: a.p.Settings.Text, TopN: n, PriorMass: o.priorMass, Drivers: o.drivers,
	}
	rep.Tokens = comparison.Divergence(a.p, b.p, n)
	rep.OverInB, rep.OverInA = comparison.Drivers(a.p, b.p, o.priorMass, o.drivers)
	rep.Vocabulary = comparison.Vocab(a.p, b.p)
	rep.Lengths = comparison.LengthsDrift(a.p, b.p)
	rep.Labels = comparison.Labels(a.p, b.p)
	if rep.Labels == nil && (a.p.Labels != nil || b.p.Labels != nil) {
		rep.Notes = append(rep.Notes, "label shift needs per-label counts on both sides (--label, or profiles made with it)")
	}
	if !a.raw || !b.raw {
		rep.Notes = append(rep.Notes, "overlap (contamination) and the domain classifier need raw data on both sides")
	} else if o.noOverlap {
		rep.Notes = append(rep.Notes, "overlap and the domain classifier were skipped (--no-overlap)")
	}
	if cross {
		ex := dups.CrossExact(a.exact, b.exact)
		nr := dups.CrossNear(a.near, b.near, ex)
		ov := &comparison.Overlap{
			RowsB: b.p.Counts.Rows, Exact: int64(len(ex)), Near: int64(len(nr)), Normalization: o.exactNorm,
			WordJaccard: dups.NearWordJ, PairJaccard: dups.NearPairJ, Rows: []comparison.OverlapRow{},
		}
		ov.Total = ov.Exact + ov.Near
		if ov.RowsB > 0 {
			ov.Rate = float64(int64(float64(ov.Total)/float64(ov.RowsB)*1e6+0.5)) / 1e6
		}
		all := mergeMatches(ex, nr)
		for _, m := range all {
			if len(ov.Rows) >= o.overlapRows {
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

// isProfileArg reports whether arg names a profile. Only a regular file
// can be one: looking into a pipe or FIFO would take bytes the scan needs,
// or wait for a writer.
func isProfileArg(arg string) bool {
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

func writeCompareJSON(w io.Writer, rep *comparison.Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// writeCompareText writes the human summary. Paths, tokens, labels and
// row names come from the data: each is escaped (termsafe), and w is
// guarded as well.
func writeCompareText(w io.Writer, r *comparison.Report, show int) {
	w = termsafe.NewWriter(w)
	esc := termsafe.Escape
	fmt.Fprintf(w, "A (reference): %s [%s] %s, %s, %s distinct\n", esc(r.A.Source), r.A.Kind, report.Plural(int(r.A.Rows), "row"), report.Plural(int(r.A.Tokens), "token"), distinct(r.A))
	fmt.Fprintf(w, "B (compared):  %s [%s] %s, %s, %s distinct\n\n", esc(r.B.Source), r.B.Kind, report.Plural(int(r.B.Rows), "row"), report.Plural(int(r.B.Tokens), "token"), distinct(r.B))
	t := r.Tokens
	fmt.Fprintf(w, "Token distribution (%s; each side's top %d: %s whose counts both sides know, %.1f%% of A's and %.1f%% of B's tokens, and the rest as one bin)\n",
		esc(r.Settings.Tokenizer), t.TopN, report.Plural(t.Bins, "token"), 100*t.MassA, 100*t.MassB)
	fmt.Fprintf(w, "  Jensen-Shannon distance %.4f (0 same, 1 disjoint)   PSI %.4f\n", t.JSDistance, t.PSI)
	v := r.Vocabulary
	fmt.Fprintf(w, "  OOV: %.2f%% of B's tokens are not in A's vocabulary (%s)", 100*v.OOVRate, esc(v.BasisA))
	if v.OOVRateMax != v.OOVRate {
		fmt.Fprintf(w, ", at most %.2f%% counting B's unlisted tail", 100*v.OOVRateMax)
	}
	fmt.Fprintf(w, "; %.1f%% of B's distinct tokens; %s shared (Jaccard %.3f)\n\n", 100*v.OOVTypes, report.Plural(v.Shared, "token"), v.Jaccard)

	drivers := func(title string, ds []comparison.Driver) {
		fmt.Fprintln(w, title)
		if len(ds) == 0 {
			fmt.Fprintln(w, "  (none)")
			return
		}
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  token\tz\tlog-odds\tper M in A\tper M in B\t")
		for _, d := range ds[:min(show, len(ds))] {
			pa, pb := fmt.Sprintf("%.1f", d.PerMillionA), fmt.Sprintf("%.1f", d.PerMillionB)
			if d.AtMostA {
				pa = "<=" + pa
			}
			if d.AtMostB {
				pb = "<=" + pb
			}
			fmt.Fprintf(tw, "  %s\t%.1f\t%.2f\t%s\t%s\t\n", driverToken(d, 24), d.Z, d.LogOdds, pa, pb)
		}
		tw.Flush()
	}
	drivers("Over-represented in B (what B adds; for a subset selected from A: what the selection favours):", r.OverInB)
	drivers("Over-represented in A (what B lacks; for a selected subset: what the selection leaves out):", r.OverInA)
	fmt.Fprintln(w)

	fmt.Fprintln(w, "Length drift (A -> B)")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  \tmean A\tmean B\tKS\tWasserstein/sd(A)\tPSI\t")
	for _, l := range []struct {
		name string
		s    comparison.LengthShift
	}{{"bytes", r.Lengths.Bytes}, {"chars", r.Lengths.Chars}, {"tokens", r.Lengths.Tokens}} {
		fmt.Fprintf(tw, "  %s\t%.1f\t%.1f\t%.3f\t%.3f\t%.3f\t\n", l.name, l.s.MeanA, l.s.MeanB, l.s.KS, l.s.WassersteinNorm, l.s.PSI)
	}
	tw.Flush()
	if l := r.Labels; l != nil {
		fmt.Fprintf(w, "\nLabel shift: Jensen-Shannon distance %.4f, PSI %.4f, total variation %.4f\n", l.JSDistance, l.PSI, l.TotalVariation)
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "  label\trows A\tshare A\trows B\tshare B\t")
		for _, c := range l.Classes {
			fmt.Fprintf(tw, "  %s\t%d\t%.2f%%\t%d\t%.2f%%\t\n", clip(c.Label, 24), c.RowsA, 100*c.ShareA, c.RowsB, 100*c.ShareB)
		}
		tw.Flush()
	}
	if ov := r.Overlap; ov != nil {
		fmt.Fprintf(w, "\nOverlap: %d of B's %s appear in A (%.2f%%): %d exact (%s), %s (word Jaccard >= %.2f, word-pair >= %.2f)\n",
			ov.Total, report.Plural(int(ov.RowsB), "row"), 100*ov.Rate, ov.Exact, ov.Normalization, report.Plural(int(ov.Near), "near duplicate"), ov.WordJaccard, ov.PairJaccard)
		for _, row := range ov.Rows[:min(5, len(ov.Rows))] {
			j := ""
			if row.Kind == "near" {
				j = fmt.Sprintf(" %.2f", row.Jaccard)
			}
			fmt.Fprintf(w, "  %s = %s (%s%s)\n", esc(row.B), esc(row.A), row.Kind, j)
		}
		if more := ov.Total - int64(min(5, len(ov.Rows))); more > 0 {
			fmt.Fprintf(w, "  ... and %d more (--json lists --overlap-rows of them)\n", more)
		}
	}
	if d := r.Domain; d != nil {
		fmt.Fprintf(w, "\nSeparability: a naive Bayes classifier on words tells B from A with AUC %.3f (%d-fold cross-validated, %d + %d sampled rows; 0.5: indistinguishable)\n",
			d.AUC, d.Folds, d.RowsA, d.RowsB)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nNote: %s\n", esc(n))
	}
}

func distinct(s comparison.Side) string {
	if s.DistinctIsEstimate {
		return fmt.Sprintf("~%d", s.Distinct)
	}
	return fmt.Sprint(s.Distinct)
}

// clip shows at most n characters of a value from the data, escaped for
// a terminal (termsafe.Clip).
func clip(s string, n int) string {
	return termsafe.Clip(s, n)
}
