package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// compareUsage is the help of 'dataaudit compare', printed before its flags.
//
//go:embed help/compare.txt
var compareUsage string

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
	failOn      cli.ListFlag
	policy      string
	textA       cli.ListFlag
	textB       cli.ListFlag
	labelA      string
	labelB      string
}

func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o compareOpts
	o.dataFlags(fs)
	cli.TokenizerFlag(fs, &o.tokenizer, true)
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
	fs.Var(&o.textA, "text-a", "text `field`(s) of A (default: --text); with --text-b the sides may read different fields")
	fs.Var(&o.textB, "text-b", "text `field`(s) of B (default: --text)")
	fs.StringVar(&o.labelA, "label-a", "", "label `field` of A (default: --label)")
	fs.StringVar(&o.labelB, "label-b", "", "label `field` of B (default: --label)")
	fs.BoolVar(&o.noOverlap, "no-overlap", false, "skip the cross-set duplicates and the domain classifier (they keep about 250 bytes a row)")
	pos, done, err := cli.Parse(fs, args, stdout, compareUsage, func() string {
		return "\nMetrics for --fail-on (docs/compare.md):\n" + gate.DescribeCompare()
	})
	if done || err != nil {
		return err
	}
	if len(pos) != 2 {
		return audit.UsageError{Err: errors.New("want two inputs, A and B (quote a glob)"), Hint: hintUsage}
	}
	if o.top < 1 || o.drivers < 0 || o.show < 0 || o.sample < 0 || o.priorMass <= 0 {
		return audit.UsageError{Err: errors.New("--top and --prior-mass must be positive; --drivers, --show and --domain-sample not negative")}
	}
	if _, err := dups.NewExact(o.exactNorm); err != nil {
		return audit.UsageError{Err: fmt.Errorf("--exact-normalize: %w", err)}
	}
	if err := cli.CheckStdout([]outfile.Path{{Flag: "--json", Path: o.jsonOut}, {Flag: "--html", Path: o.html}, {Flag: "--markdown", Path: o.markdown}}); err != nil {
		return audit.UsageError{Err: err, Hint: hintFlags}
	}
	exprs, err := cli.GateExprs(o.failOn.Vals, o.policy)
	if err != nil {
		return audit.UsageError{Err: err}
	}
	gates, err := audit.CompareGates(pos[0], pos[1], exprs, o.noOverlap, o.label != "" || o.labelA != "" || o.labelB != "")
	if err != nil {
		return audit.UsageError{Err: err}
	}
	tok, err := audit.CompareTokenizer(o.tokenizer, "--tokenizer", pos[0], pos[1])
	if err != nil {
		return err
	}
	outputs := []outfile.Path{{Flag: "--json", Path: o.jsonOut}, {Flag: "--html", Path: o.html}, {Flag: "--markdown", Path: o.markdown}}
	iopts := o.ingest()
	iopts.Notify = func(msg string) { fmt.Fprintf(stderr, "dataaudit compare: %s\n", msg) }
	rep, err := audit.Compare(ctx, &audit.CompareConfig{
		A: pos[0], B: pos[1], Ingest: iopts, Tokenizer: tok.Desc, LLM: tok.LLM,
		Top: o.top, PriorMass: o.priorMass, Drivers: o.drivers, Sample: o.sample, OverlapRows: o.overlapRows,
		ExactNormalize: o.exactNorm, NoOverlap: o.noOverlap, Gates: gates,
		Outputs: outputs, Reads: []outfile.Path{{Flag: "--policy", Path: o.policy}, audit.TokenizerInput(o.tokenizer, "--tokenizer")}, ToolVersion: version,
		TextA: o.textA.Vals, TextB: o.textB.Vals, LabelA: o.labelA, LabelB: o.labelB,
	}, audit.Hooks{Notify: iopts.Notify, Progress: cli.ProgressHook(stderr, o.quiet)})
	if err != nil {
		return err
	}
	if err := cli.WriteCompare(ctx, stdout, rep, cli.ReportPaths{JSON: o.jsonOut, HTML: o.html, Markdown: o.markdown}, o.show, o.overlapRows); err != nil {
		return err
	}
	return audit.CompareVerdict(rep)
}
