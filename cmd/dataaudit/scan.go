package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/report"
)

// scanUsage is the help of 'dataaudit scan', printed before its flags.
//
//go:embed help/scan.txt
var scanUsage string

// scanOpts are scan's flags: the configuration of the use case, and what
// only the command knows (outputs, gates as typed, the summary).
type scanOpts struct {
	cli.ScanFlags
	shards shardOpts
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o scanOpts
	o.Register(fs)
	fs.StringVar(&o.shards.shard, "shard", "", "run shard `K/N` of a job array: read 1/N of the input and write its analyses' states to -o, for dataaudit merge")
	fs.StringVar(&o.shards.pass1, "pass1", "", "with --shard: run the second pass of the analyses that read twice on the merged first pass `FILE` (from dataaudit merge)")
	fs.StringVar(&o.shards.out, "o", "", "with --shard: write the shard's state file to `FILE`")
	inputsArgs, done, err := cli.Parse(fs, args, stdout, scanUsage, func() string { return "\nMetrics for --fail-on:\n" + scanGates.Describe() })
	if done || err != nil {
		return err
	}
	if err := o.Configure(fs, inputsArgs, scanGates, hintUsage); err != nil {
		return err
	}
	outputs := []outfile.Path{{Flag: "--json", Path: o.JSON}, {Flag: "--html", Path: o.HTML}, {Flag: "--markdown", Path: o.Markdown}, {Flag: "--findings", Path: o.Findings}}
	cpuprofile := outfile.Path{Flag: "--cpuprofile", Path: o.CPUProfile}
	if err := cli.CheckStdout(outputs, o.ExportDedup, cpuprofile); err != nil {
		return audit.UsageError{Err: err, Hint: hintFlags}
	}
	o.Inputs, o.ToolVersion = inputsArgs, version
	o.SetText(o.TextFields.Vals, o.TextFields.IsSet)
	if o.Roles, err = ingest.ParseRoles(o.RoleNames.Vals); err != nil {
		return audit.UsageError{Err: err}
	}
	o.Outputs = append(outputs, o.ExportDedup, cpuprofile)
	o.Reads = []outfile.Path{{Flag: "--policy", Path: o.Policy}, audit.TokenizerInput(o.TokenizerSpec, "--tokenizer")}
	hooks := audit.Hooks{
		Notify:   func(msg string) { fmt.Fprintf(stderr, "dataaudit scan: %s\n", msg) },
		Progress: cli.ProgressHook(stderr, o.Quiet),
	}
	if o.Findings != "" {
		hooks.Findings = func(fs []finding.Finding) error { return cli.WriteFindings(ctx, o.Findings, stdout, fs) }
	}
	if o.TokenizerSpec != "words" {
		if o.LLM, err = llmtok.Load(o.TokenizerSpec); err != nil {
			return audit.NoReportError{Err: fmt.Errorf("--tokenizer: %w", err)}
		}
	}
	o.Tokenizer = o.TokenizerSpec
	outs := cli.ReportPaths{JSON: o.JSON, HTML: o.HTML, Markdown: o.Markdown, Findings: o.Findings}
	if outs == (cli.ReportPaths{}) {
		// The text summary alone: only the findings it shows need
		// their excerpts read.
		o.ExcerptsShown = report.TextExamples(o.ShowFindings)
	}
	if o.shards != (shardOpts{}) {
		return runScanShard(ctx, &o, stdout, hooks)
	}
	doc, err := audit.Scan(ctx, &o.ScanConfig, hooks)
	if err != nil {
		return err
	}
	if err := cli.WriteReport(ctx, stdout, doc, outs, o.ShowTop, o.ShowFindings); err != nil {
		return err
	}
	return audit.Verdict(doc, o.MaxBad, "--max-bad-records")
}

// scanGates are the metrics of scan reports for --fail-on, documented by
// the analyses' specs with the flag that computes each (cli.ScanFlagFor):
// built when --fail-on, --policy or --help first asks.
var scanGates = gate.NewLazySet(func() map[string]string { return audit.GateDocs(cli.ScanFlagFor) })
