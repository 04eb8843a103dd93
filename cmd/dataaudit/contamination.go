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
	"github.com/dataaudit/dataaudit/internal/contam"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/outfile"
)

// contaminationUsage is the help of 'dataaudit contamination', printed
// before its flags.
//
//go:embed help/contamination.txt
var contaminationUsage string

func runContamination(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("contamination", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o profileOpts
	var eval, evalText cli.ListFlag
	evalText = cli.ListFlag{Vals: []string{"text"}}
	var id, evalID, jsonOut, markdown, html, findingsOut, exportClean, policy string
	var failOn cli.ListFlag
	var show, maxExamples int
	set := contam.DefaultSettings()
	o.dataFlags(fs)
	fs.StringVar(&id, "id", "", "training id `field` (optional): names rows in findings instead of file:line or file#row")
	fs.Var(&eval, "eval", "eval set `FILE`s (files, directories, globs; repeat or separate with commas); each file is one set")
	fs.Var(&evalText, "eval-text", "eval text `field`(s): several are joined with a newline (an array of strings, such as a list of choices, joins its elements), and the first is also matched alone")
	fs.StringVar(&evalID, "eval-id", "", "eval id `field` (optional): names items instead of file:line")
	fs.IntVar(&set.K, "match-tokens", set.K, "match on k-grams of `K` tokens (items shorter are matched whole)")
	fs.IntVar(&set.MinTokens, "min-tokens", set.MinTokens, "items (and first fields) of fewer than `N` tokens are not matched")
	fs.Float64Var(&set.MinCoverage, "min-coverage", set.MinCoverage, "a pair is contaminated when shared k-grams cover at least this `share` of the item or of its first field")
	fs.IntVar(&set.MaxTrainDF, "max-train-rows", set.MaxTrainDF, "ignore k-grams found in more than `N` training rows (boilerplate)")
	fs.IntVar(&set.MaxEvalDF, "max-eval-items", set.MaxEvalDF, "ignore k-grams found in more than `N` eval items (templates)")
	fs.StringVar(&jsonOut, "json", "", "write the JSON report to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&markdown, "markdown", "", "write a Markdown summary to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&html, "html", "", "write a self-contained HTML summary to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&findingsOut, "findings", "", "write every finding to `FILE`, one row per row it names (JSONL, or Parquet for .parquet; - for JSONL on stdout)")
	fs.StringVar(&exportClean, "export-clean", "", "write the training corpus without its contaminated rows to `FILE` (.jsonl, .gz, .zst or .parquet, as the inputs), and the clean eval items' ids beside it")
	fs.IntVar(&show, "show-findings", 10, "show `N` findings in the summary and N items in Markdown and HTML")
	fs.IntVar(&maxExamples, "max-examples", 1000, "list at most `N` findings in the JSON report (counts stay exact)")
	fs.StringVar(&policy, "policy", "", "read --fail-on gates from `FILE`: one per line, blank lines and # comments allowed")
	fs.Var(&failOn, "fail-on", "exit with code 1 when `METRIC>VALUE` holds (also >=, <, <=, ==, !=); repeat or separate with commas: --fail-on 'contaminated_items>0'")
	train, done, err := cli.Parse(fs, args, stdout, contaminationUsage, func() string {
		return "\nMetrics for --fail-on:\n" + audit.ContaminationGates.Describe()
	})
	if done || err != nil {
		return err
	}
	if len(train) == 0 || len(eval.Vals) == 0 {
		return audit.UsageError{Err: errors.New("want TRAIN inputs and --eval sets"), Hint: hintUsage}
	}
	if err := set.Check(); err != nil {
		return audit.UsageError{Err: err}
	}
	if len(evalText.Vals) == 0 || len(o.text.Vals) == 0 {
		return audit.UsageError{Err: errors.New("--text and --eval-text must name a field")}
	}
	exprs, err := cli.GateExprs(failOn.Vals, policy)
	if err != nil {
		return audit.UsageError{Err: err}
	}
	gates, err := audit.ParseContaminationGates(exprs)
	if err != nil {
		return audit.UsageError{Err: err}
	}
	outputs := []outfile.Path{{Flag: "--json", Path: jsonOut}, {Flag: "--html", Path: html}, {Flag: "--markdown", Path: markdown}, {Flag: "--findings", Path: findingsOut}}
	if err := cli.CheckStdout(outputs, outfile.Path{Flag: "--export-clean", Path: exportClean}); err != nil {
		return audit.UsageError{Err: err, Hint: hintFlags}
	}
	iopts := o.ingest()
	iopts.ID = id
	iopts.Notify = func(msg string) { fmt.Fprintf(stderr, "dataaudit contamination: %s\n", msg) }
	hooks := audit.Hooks{Notify: iopts.Notify, Progress: cli.ProgressHook(stderr, o.quiet)}
	if findingsOut != "" {
		hooks.Findings = func(fs []finding.Finding) error { return cli.WriteFindings(ctx, findingsOut, stdout, fs) }
	}
	rep, err := audit.Contamination(ctx, &audit.ContaminationConfig{
		Train: train, Eval: eval.Vals, Ingest: iopts, EvalText: evalText.Vals, EvalID: evalID,
		Settings: set, MaxExamples: maxExamples, ExportClean: exportClean, Gates: gates,
		Outputs: outputs, Reads: []outfile.Path{{Flag: "--policy", Path: policy}}, ToolVersion: version,
	}, hooks)
	if err != nil {
		return err
	}
	if err := cli.WriteContamination(ctx, stdout, rep, cli.ReportPaths{JSON: jsonOut, HTML: html, Markdown: markdown, Findings: findingsOut}, show); err != nil {
		return err
	}
	return audit.ContaminationVerdict(rep)
}
