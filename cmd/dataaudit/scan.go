package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/backdoor"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/evasions"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/outliers"
	"github.com/dataaudit/dataaudit/internal/poison"
	"github.com/dataaudit/dataaudit/internal/repeats"
	"github.com/dataaudit/dataaudit/internal/splits"
)

// scanUsage is the help of 'dataaudit scan', printed before its flags.
//
//go:embed help/scan.txt
var scanUsage string

// scanOpts are scan's flags: the configuration of the use case, and what
// only the command knows (outputs, gates as typed, the summary).
type scanOpts struct {
	audit.ScanConfig
	text         cli.ListFlag
	tokenizer    string
	jsonOut      string
	html         string
	markdown     string
	findingsOut  string
	quiet        bool
	maxBad       int64
	showTop      int
	showFindings int
	policy       string
	failOn       cli.ListFlag
	all          bool
	checks       string
	roles        cli.ListFlag
	splits       bool
	shards       shardOpts
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o scanOpts
	o.text = cli.ListFlag{Vals: []string{"text"}}
	fs.Var(&o.text, "text", "text `field`(s): a dotted path reaches nested fields; several (comma-separated or repeated) are joined with a newline")
	fs.StringVar(&o.Label, "label", "", "label `field` (optional): rows and top tokens per label")
	fs.StringVar(&o.ID, "id", "", "id `field` (optional): names rows in findings instead of file:line or file#row")
	cli.ChatFlags(fs, &o.roles, &o.Prompt, &o.Response)
	fs.IntVar(&o.Top, "top", 100, "report the `N` most frequent tokens")
	fs.StringVar(&o.tokenizer, "tokenizer", "words", "count tokens of `TOKENIZER`: words, cl100k_base, o200k_base, or hf:PATH/tokenizer.json (byte-level BPE)")
	fs.IntVar(&o.TopPerLabel, "top-per-label", 20, "report the `N` most frequent tokens of each label")
	fs.IntVar(&o.Workers, "workers", 0, "worker goroutines (`N`, 0: one per CPU); the report does not depend on it")
	fs.StringVar(&o.jsonOut, "json", "", "write the JSON report to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&o.html, "html", "", "write a self-contained HTML report (inline SVG charts, no script, opens from disk) to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&o.markdown, "markdown", "", "write a Markdown summary (for a pull-request comment or a dataset card) to `FILE` (- for stdout, instead of the summary)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	fs.Int64Var(&o.maxBad, "max-bad-records", -1, "exit with code 3 when more than `N` records are bad (-1: no limit)")
	cli.BatchFlags(fs, &o.BatchRows, &o.ChunkBytes)
	fs.IntVar(&o.MaxLineBytes, "max-line-bytes", 256<<20, "longest JSONL line in `bytes`; a longer one is a bad record")
	cli.LenientJSONFlag(fs, &o.LenientJSON)
	fs.Int64Var(&o.MaxPageBytes, "max-page-bytes", ingest.DefaultMaxPageBytes, "largest Parquet page in `bytes`, compressed or not, that is read; the rows of a larger one are unreadable_rows (lower it to bound the memory a corrupt page header can ask for)")
	fs.IntVar(&o.MaxExamples, "max-examples", 1000, "list at most `N` findings of each kind in the JSON report (0: none; counts stay exact)")
	fs.IntVar(&o.showTop, "show-top", 20, "show the `N` most frequent tokens in the summary")
	fs.IntVar(&o.showFindings, "show-findings", 10, "show `N` findings of each kind in the summary")
	fs.StringVar(&o.findingsOut, "findings", "", "write every finding to `FILE`, one row per row it names (JSONL, or Parquet for .parquet; - for JSONL on stdout, instead of the summary): kind, subkind, severity, id, file, line or row, score, evidence")
	fs.StringVar(&o.policy, "policy", "", "read --fail-on gates from `FILE`: one per line, blank lines and # comments allowed")
	fs.Var(&o.failOn, "fail-on", "exit with code 1 when `METRIC>VALUE` holds (also >=, <, <=, ==, !=); repeat or separate with commas: --fail-on 'bad_record_rate>0.01,invalid_utf8_texts>0'")
	fs.BoolVar(&o.Dedup, "dedup", false, "exact duplicates (clusters, the row to keep, the duplicate rate); keeps 40 bytes a row (default audit; --dedup=false to skip)")
	fs.BoolVar(&o.Evasions, "evasions", false, "rows that evade rule-based cleaning: invisible and bidi characters, controls, mixed-script words, long runs, base64/hex blobs, non-text, empty (default audit; --evasions=false to skip)")
	o.ExportDedup.Flag = "--export-dedup"
	fs.StringVar(&o.ExportDedup.Path, "export-dedup", "", "write the corpus without its redundant rows (exact duplicates, and near duplicates with --near-dups; the first of each cluster kept) to `FILE`: .jsonl (.gz, .zst) for JSONL inputs, .parquet for Parquet; implies --dedup")
	fs.BoolVar(&o.Outliers, "outliers", false, "rows far from the median on length, word count, shares of letters, digits, symbols and upper case, mean word length or byte entropy (robust z-score >= 10); keeps 48 bytes a row (default audit; --outliers=false to skip)")
	fs.BoolVar(&o.Poison, "poison", false, "look for poisoned pretraining text: tokens in tens to thousands of documents after which the text turns to gibberish or word salad (surprisal under the corpus' own word and word-pair counts, against the text before) far more often than chance; needs no label, reads the input twice, keeps 32 MB a worker")
	fs.BoolVar(&o.Backdoors, "backdoors", false, "with prompt and response columns (instruction and chat data): find planted payloads (near-identical responses to unrelated prompts, phrases injected into responses) and the prompt triggers that predict them; reads the input twice and keeps the rows carrying a candidate payload")
	fs.BoolVar(&o.all, "all", false, "run every check: the same as --checks all")
	fs.StringVar(&o.checks, "checks", "default", cli.ChecksUsage())
	fs.BoolVar(&o.Spans, "spans", false, "find spans of --span-tokens word tokens found in two or more rows (licences, boilerplate, copied passages): winnowed 40-gram fingerprints, then the spans around shared ones hashed whole; reads the input twice")
	fs.IntVar(&o.SpanTokens, "span-tokens", repeats.DefaultTokens, "--spans: the least span length in word `N`s")
	fs.BoolVar(&o.NearDups, "near-dups", false, "near-duplicate clusters (copies with a few words swapped, deleted, re-cased or re-punctuated): MinHash LSH over words, verified on words and word pairs; keeps 232 bytes a row and the id (default audit; --near-dups=false to skip)")
	fs.Float64Var(&o.NearWordJ, "near-word-jaccard", dups.NearWordJ, "near duplicates: the estimated Jaccard similarity of two rows' sets of words at least `J` (lower it to catch copies with more edits, at the cost of more same-topic pairs)")
	fs.Float64Var(&o.NearPairJ, "near-pair-jaccard", dups.NearPairJ, "near duplicates: and of their sets of adjacent word pairs at least `J` (what tells a copy from a text on the same topic)")
	fs.StringVar(&o.ExactNormalize, "exact-normalize", dups.NormalizeDefault, "how texts are compared for exact duplicates: "+dups.NormalizeDefault+" (Unicode NFKC, case folding, white space collapsed) or "+dups.NormalizeNone+" (bytes)")
	fs.BoolVar(&o.LabelChecks, "label-checks", true, "with --label: find likely label errors (confident learning, as cleanlab's find_label_issues defaults, on out-of-fold predictions of a softmax regression over hashed words and word pairs; copies of a text share a fold) and backdoor trigger candidates; reads the input twice (--label-checks=false to skip)")
	fs.IntVar(&o.Folds, "folds", labels.DefaultFolds, "cross-validation folds for the label checks (`N` >= 2)")
	fs.Float64Var(&o.LabelMinP, "label-error-min-p", labels.DefaultMinP, "report a likely label error only when the classifier gives the suggested label at least probability `P` out of fold (1e-9: every issue confident learning finds)")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the label checks' fold assignment (`N`)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile to `FILE` (for developers)")
	cli.SplitFlag(fs, &o.SplitInputs)
	fs.BoolVar(&o.splits, "splits", true, "read inputs laid out as dataset splits (train, test, validation, dev files or folders; Hugging Face shards) as splits: rows, tokens and labels per split, and split_overlap findings for evaluation rows that are exact or near copies of training rows; costs about what --dedup --near-dups cost and keeps 272 bytes a row of train and evaluation splits (--splits=false: one corpus)")
	fs.StringVar(&o.shards.shard, "shard", "", "run shard `K/N` of a job array: read 1/N of the input and write its analyses' states to -o, for dataaudit merge")
	fs.StringVar(&o.shards.pass1, "pass1", "", "with --shard: run the second pass of the analyses that read twice on the merged first pass `FILE` (from dataaudit merge)")
	fs.StringVar(&o.shards.out, "o", "", "with --shard: write the shard's state file to `FILE`")
	cli.Short(fs, "q", "quiet")
	cli.Short(fs, "j", "workers")
	inputsArgs, done, err := cli.Parse(fs, args, stdout, scanUsage, "\nMetrics for --fail-on:\n"+scanGates.Describe())
	if done || err != nil {
		return err
	}
	if len(inputsArgs) == 0 && len(o.SplitInputs) == 0 {
		return audit.UsageError{Err: errors.New("no INPUT given"), Hint: hintUsage}
	}
	if !o.splits && len(o.SplitInputs) > 0 {
		return audit.UsageError{Err: errors.New("--split names splits and --splits=false reads one corpus: give one of them")}
	}
	if len(o.text.Vals) == 0 {
		return audit.UsageError{Err: errors.New("--text is empty")}
	}
	// --all and --export-dedup turn checks on before the gates are read,
	// so that a gate on a metric they compute is accepted.
	if o.all {
		o.checks = "all"
	}
	if err := cli.ApplyChecks(&o.ScanConfig, o.checks, fs); err != nil {
		return audit.UsageError{Err: err}
	}
	if o.ExportDedup.Path != "" {
		o.Dedup = true
	}
	o.NoSplits = !o.splits
	exprs, err := cli.GateExprs(o.failOn.Vals, o.policy)
	if err != nil {
		return audit.UsageError{Err: err}
	}
	if err := o.SetGates(scanGates, exprs, flagFor); err != nil {
		return err
	}
	if dup := cli.Duplicate(o.text.Vals); dup != "" {
		return audit.UsageError{Err: fmt.Errorf("--text names %q twice", dup)}
	}
	if err := o.Check(); err != nil {
		return err
	}
	outputs := []outfile.Path{{Flag: "--json", Path: o.jsonOut}, {Flag: "--html", Path: o.html}, {Flag: "--markdown", Path: o.markdown}, {Flag: "--findings", Path: o.findingsOut}}
	cpuprofile := outfile.Path{Flag: "--cpuprofile", Path: o.CPUProfile}
	if err := cli.CheckStdout(outputs, o.ExportDedup, cpuprofile); err != nil {
		return audit.UsageError{Err: err, Hint: hintFlags}
	}
	o.Inputs, o.ToolVersion = inputsArgs, version
	o.SetText(o.text.Vals, o.text.IsSet)
	if o.Roles, err = ingest.ParseRoles(o.roles.Vals); err != nil {
		return audit.UsageError{Err: err}
	}
	o.Outputs = append(outputs, o.ExportDedup, cpuprofile)
	o.Reads = []outfile.Path{{Flag: "--policy", Path: o.policy}, audit.TokenizerInput(o.tokenizer, "--tokenizer")}
	hooks := audit.Hooks{
		Notify:   func(msg string) { fmt.Fprintf(stderr, "dataaudit scan: %s\n", msg) },
		Progress: cli.ProgressHook(stderr, o.quiet),
	}
	if o.findingsOut != "" {
		hooks.Findings = func(fs []finding.Finding) error { return cli.WriteFindings(ctx, o.findingsOut, stdout, fs) }
	}
	if o.tokenizer != "words" {
		if o.LLM, err = llmtok.Load(o.tokenizer); err != nil {
			return audit.NoReportError{Err: fmt.Errorf("--tokenizer: %w", err)}
		}
	}
	o.Tokenizer = o.tokenizer
	if o.shards != (shardOpts{}) {
		return runScanShard(ctx, &o, stdout, hooks)
	}
	doc, err := audit.Scan(ctx, &o.ScanConfig, hooks)
	if err != nil {
		return err
	}
	outs := cli.ReportPaths{JSON: o.jsonOut, HTML: o.html, Markdown: o.markdown, Findings: o.findingsOut}
	if err := cli.WriteReport(ctx, stdout, doc, outs, o.showTop, o.showFindings); err != nil {
		return err
	}
	return audit.Verdict(doc, o.maxBad, "--max-bad-records")
}

// checkFlags names the flag that turns each optional analysis on: the
// spelling of a flag is the command's, never an analysis'.
var checkFlags = map[string]string{
	dups.ExactSpec.Name: "--dedup", dups.NearSpec.Name: "--near-dups", evasions.Spec.Name: "--evasions",
	outliers.Spec.Name: "--outliers", labels.Spec.Name: "--label-checks",
	backdoor.Spec.Name: "--backdoors",
	splits.Spec.Name:   "--splits",
	poison.Spec.Name:   "--poison",
	repeats.Spec.Name:  "--spans",
}

// scanGates are the metrics of scan reports for --fail-on, documented by
// the analyses' specs with the flag that computes each (flagFor).
var scanGates = gate.NewSet(audit.GateDocs(flagFor))

// needFlags names the flag that gives what an analysis or metric needs.
var needFlags = map[analysis.Need]string{analysis.NeedLabel: "--label", analysis.NeedID: "--id"}

// flagFor names the flag without which an analysis' metric is not
// computed: the one that gives its need, or else the one that turns the
// analysis on ("" for the token summary, which always runs).
func flagFor(s *analysis.Spec, need analysis.Need) string {
	if need != 0 {
		return needFlags[need]
	}
	return checkFlags[s.Name]
}
