package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/dataaudit/dataaudit/beam/pipeline"
	"github.com/dataaudit/dataaudit/beam/shard"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/source"
)

const scanUsage = `usage: dataaudit-beam scan [flags] INPUT...

Scans the inputs as dataaudit scan does, as an Apache Beam pipeline whose
elements are shards (byte ranges of uncompressed JSONL files, other inputs
whole): each shard runs dataaudit's analyses and emits their portable
states, which one worker merges in plan order; the launcher finishes the
merged states into the report (excerpts, gates, verdict), which equals
dataaudit scan's but for its run fields. The word counts are merged per
token partition (--token-partitions), each on its own worker, so that
no worker merges the whole vocabulary. The flags are dataaudit scan's
(but --shard, --pass1 and -o: the pipeline shares the input out itself),
plus --runner, --shard-bytes, --token-partitions and --state. Analyses that read the input
twice (--label-checks with --label, --poison, --backdoors, --spans, so
--all) and --export-dedup are refused for now. Flags that dataaudit-beam
does not define and Beam does (--endpoint, --environment_type, --project,
...) are Beam's.

Exit codes: 0 clean, 1 a --fail-on gate reached, 2 usage, input or
internal error, 3 more bad records than --max-bad-records.
`

// scanOpts are scan's flags: dataaudit scan's, and the pipeline's.
type scanOpts struct {
	cli.ScanFlags

	runner     string
	shardBytes int64
	state      string

	tokenPartitions int
}

// beamUsage is the help of the shared scan flags (cli.ScanFlags) that
// mean something else on Beam than in dataaudit scan.
var beamUsage = map[string]string{
	"tokenizer":    "count tokens of `TOKENIZER`: words, cl100k_base, o200k_base, or hf:PATH/tokenizer.json (byte-level BPE; PATH must be readable on every worker)",
	"workers":      "goroutines per shard (`N`, 0: one per CPU); the report does not depend on it",
	"quiet":        "accepted for dataaudit's command lines; there is no progress bar",
	"export-dedup": "not yet on Beam (refused): scan with dataaudit to export",
	"poison":       "not yet on Beam (reads the input twice: refused)",
	"backdoors":    "not yet on Beam (reads the input twice: refused)",
	"spans":        "not yet on Beam (reads the input twice: refused)",
	"all":          "run every check: the same as --checks all (refused for now: --poison, --backdoors and --spans read the input twice)",
	"label-checks": "with --label: the label checks, which read the input twice and are refused on Beam for now: give --label-checks=false",
	"cpuprofile":   "write a CPU profile of the launcher to `FILE` (for developers)",
}

// scanFlags declares scan's flags on fs: dataaudit scan's (cli.ScanFlags,
// reworded where Beam differs), then the pipeline's.
func scanFlags(fs *flag.FlagSet, o *scanOpts) {
	o.Register(fs)
	for name, usage := range beamUsage {
		cli.Reword(fs, name, usage)
	}

	fs.StringVar(&o.runner, "runner", "prism", "Beam `runner`: prism (embedded), direct, dataflow, flink, spark, universal")
	fs.Int64Var(&o.shardBytes, "shard-bytes", 64<<20, "cut uncompressed JSONL files into shards of about `N` bytes (0: one shard per file)")
	fs.StringVar(&o.state, "state", "", "where the pipeline's merge writes the merged states for this process to read back (`FILE` or object URL: s3://, gs://, azblob://; JSON); default a temporary file (local runners only)")
	fs.IntVar(&o.tokenPartitions, "token-partitions", 8, "cut the word counts into `P` partitions by token, each merged on its own worker, so that no worker merges the whole vocabulary (0: the final merge does; model tokenizers: 0)")
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o scanOpts
	scanFlags(fs, &o)
	fs.Usage = func() {}
	inputs, beamArgs, err := splitArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		w := &report.ErrWriter{W: stdout}
		fmt.Fprint(w, scanUsage)
		cli.PrintFlags(w, fs)
		if w.Err != nil {
			return w.Err
		}
		return flag.ErrHelp
	}
	if err != nil {
		return errFlagsSaid
	}
	if err := cli.CheckNumbers(fs); err != nil {
		return audit.UsageError{Err: err}
	}
	if err := flag.CommandLine.Parse(beamArgs); err != nil {
		return errFlagsSaid
	}
	if err := mustWait(beamArgs); err != nil {
		return err
	}
	if err := o.Configure(fs, inputs, scanGates, ""); err != nil {
		return err
	}
	outputs := []outfile.Path{{Flag: "--json", Path: o.JSON}, {Flag: "--html", Path: o.HTML}, {Flag: "--markdown", Path: o.Markdown}, {Flag: "--findings", Path: o.Findings}}
	cpuprofile := outfile.Path{Flag: "--cpuprofile", Path: o.CPUProfile}
	state := outfile.Path{Flag: "--state", Path: o.state}
	if err := cli.CheckStdout(outputs, o.ExportDedup, cpuprofile, state); err != nil {
		return audit.UsageError{Err: err}
	}
	for _, out := range append(outputs, cpuprofile) {
		if source.IsURL(out.Path) {
			return audit.UsageError{Err: fmt.Errorf("%s %s: this process writes the report, on this machine: name a local FILE (the pipeline's workers write --state, which may be an object URL)", out.Flag, out.Path)}
		}
	}
	o.Inputs, o.ToolVersion = inputs, version
	o.SetText(o.TextFields.Vals, o.TextFields.IsSet)
	if o.Roles, err = ingest.ParseRoles(o.RoleNames.Vals); err != nil {
		return audit.UsageError{Err: err}
	}
	o.Outputs = append(outputs, o.ExportDedup, cpuprofile, state)
	o.Reads = []outfile.Path{{Flag: "--policy", Path: o.Policy}, audit.TokenizerInput(o.TokenizerSpec, "--tokenizer")}
	hooks := audit.Hooks{Notify: func(msg string) { fmt.Fprintf(stderr, "dataaudit-beam scan: %s\n", msg) }}
	if o.Findings != "" {
		hooks.Findings = func(fs []finding.Finding) error { return cli.WriteFindings(ctx, o.Findings, stdout, fs) }
	}
	if o.TokenizerSpec != "words" {
		if o.LLM, err = llmtok.Load(o.TokenizerSpec); err != nil {
			return audit.NoReportError{Err: fmt.Errorf("--tokenizer: %w", err)}
		}
	}
	o.Tokenizer = o.TokenizerSpec
	beam.Init()

	in, skipped, err := audit.ExpandScanInputs(ctx, &o.ScanConfig)
	if err != nil {
		return audit.NoReportError{Err: err}
	}
	defer ingest.Close(in)
	jo := audit.JobOptions{Workers: o.Workers, BatchRows: o.BatchRows, ChunkBytes: o.ChunkBytes, ListAll: o.Findings != ""}
	if jo.TokenKey, err = tokenKey(); err != nil {
		return err
	}
	job, err := audit.NewScanJob(ctx, &o.ScanConfig, in, skipped, jo)
	if err != nil {
		return err
	}
	plan, err := shard.Plan(in, o.shardBytes)
	if err != nil {
		return audit.UsageError{Err: err}
	}
	if o.tokenPartitions < 0 {
		return audit.UsageError{Err: errors.New("--token-partitions must be 0 or more")}
	}
	if o.LLM != nil {
		o.tokenPartitions = 0 // counts by token id: cut by nothing
	}
	cfg := pipeline.ScanConfig{Job: job.Encode(), Read: jo, TokenPartitions: o.tokenPartitions}
	for _, i := range in {
		cfg.Paths, cfg.Sizes = append(cfg.Paths, i.URL()), append(cfg.Sizes, i.Size)
	}
	out, cleanup, err := resultPath("--state", o.state, o.runner)
	if err != nil {
		return err
	}
	defer cleanup()
	cfg.Out = out
	p, s := beam.NewPipelineWithRoot()
	pipeline.BuildScan(s, cfg, plan)
	if _, err := beam.Run(ctx, o.runner, p); err != nil {
		return audit.NoReportError{Err: fmt.Errorf("pipeline on %s: %w", o.runner, err)}
	}
	merged, totals, err := pipeline.ReadMerged(cfg.Out)
	if err != nil {
		return audit.NoReportError{Err: resultError("--state", o.state, out, o.runner, err)}
	}
	if device(o.state) {
		data, err := os.ReadFile(cfg.Out)
		if err == nil {
			err = copyResult(ctx, "--state", o.state, data)
		}
		if err != nil {
			return audit.NoReportError{Err: err}
		}
	}
	doc, err := job.Report(ctx, merged, totals, hooks)
	if err != nil {
		return err
	}
	outs := cli.ReportPaths{JSON: o.JSON, HTML: o.HTML, Markdown: o.Markdown, Findings: o.Findings}
	if err := cli.WriteReport(ctx, stdout, doc, outs, o.ShowTop, o.ShowFindings); err != nil {
		return err
	}
	return audit.Verdict(doc, o.MaxBad, "--max-bad-records")
}

// scanGates are the metrics of scan reports for --fail-on.
var scanGates = gate.NewSet(audit.GateDocs(cli.ScanFlagFor))
