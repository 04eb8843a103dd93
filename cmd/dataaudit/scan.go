package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/evasions"
	"github.com/dataaudit/dataaudit/internal/export"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/outliers"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/stats"
)

const scanUsage = `Usage: dataaudit scan [flags] INPUT...

Streams the inputs once with parallel workers and reports: rows and bad
records (each with its file:line or file#row and the reason), empty and
invalid-UTF-8 texts, the exact token frequency distribution and its top N,
length distributions (bytes, characters, tokens), and with --label, rows
and top tokens per label, likely label errors (confident learning on
out-of-fold predictions of a built-in classifier) and backdoor trigger
candidates; these read the input twice. The summary goes to stdout; --json writes the
versioned report (docs/report.md).

Tokens: the text is lowercased and split on runs of characters that are not
letters or digits, as DuckDB's regexp_split_to_array(lower(text),
'[^\p{L}\p{N}]+') does, so counts can be checked against it. With
--tokenizer, tokens are a language model's instead, counted exactly by id:
cl100k_base (GPT-4, GPT-3.5) or o200k_base (GPT-4o), whose vocabularies are
built in, or hf:PATH for a Hugging Face tokenizer.json with a byte-level
BPE model (GPT-2, Llama 3, Qwen 2/3 style). Top lists then show each
token's id and text; a token that is part of a UTF-8 character shows its
bytes as \xNN.

Examples:
  dataaudit scan testdata/sample.jsonl --label label
  dataaudit scan data/ --text title,body --json report.json
  dataaudit scan 'shards/*.parquet' --text meta.content --id doc_id --top 1000
  dataaudit scan train.jsonl.zst --max-bad-records 100 --quiet
  dataaudit scan data.jsonl --tokenizer o200k_base --top 1000
  dataaudit scan data.jsonl --tokenizer hf:models/qwen3/tokenizer.json

  dataaudit scan data.jsonl --fail-on 'bad_record_rate>0.01' --fail-on 'invalid_utf8_texts>0'

Exit codes: 0 clean, 1 a --fail-on gate was reached (each is named on
stderr), 2 usage, input or internal error, an unreadable input or
--max-bad-records exceeded, 130 interrupted.

Flags:
`

type scanOpts struct {
	text         listFlag
	label, id    string
	top          int
	topPerLabel  int
	workers      int
	jsonOut      string
	quiet        bool
	maxBad       int64
	batchRows    int
	chunkBytes   int
	maxLineBytes int
	lenientJSON  bool
	maxPageBytes int64
	maxExamples  int
	showTop      int
	showFindings int
	cpuProfile   string
	failOn       listFlag
	exactNorm    string
	dedup        bool
	evasions     bool
	exportDedup  string
	outliers     bool
	nearDups     bool
	nearWordJ    float64
	nearPairJ    float64
	all          bool
	markdown     string
	html         string
	policy       string
	findingsOut  string
	tokenizer    string
	labelChecks  bool
	folds        int
	seed         uint64
	labelMinP    float64
	stdout       io.Writer // for --findings -
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o scanOpts
	o.text = listFlag{vals: []string{"text"}}
	fs.Var(&o.text, "text", "text `field`(s): a dotted path reaches nested fields; several (comma-separated or repeated) are joined with a newline")
	fs.StringVar(&o.label, "label", "", "label `field` (optional): rows and top tokens per label")
	fs.StringVar(&o.id, "id", "", "id `field` (optional): names rows in findings instead of file:line or file#row")
	fs.IntVar(&o.top, "top", 100, "report the `N` most frequent tokens")
	fs.StringVar(&o.tokenizer, "tokenizer", "words", "count tokens of `TOKENIZER`: words, cl100k_base, o200k_base, or hf:PATH/tokenizer.json (byte-level BPE)")
	fs.IntVar(&o.topPerLabel, "top-per-label", 20, "report the `N` most frequent tokens of each label")
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (`N`, 0: one per CPU); the report does not depend on it")
	fs.StringVar(&o.jsonOut, "json", "", "write the JSON report to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&o.html, "html", "", "write a self-contained HTML report (inline SVG charts, no script, opens from disk) to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&o.markdown, "markdown", "", "write a Markdown summary (for a pull-request comment or a dataset card) to `FILE` (- for stdout, instead of the summary)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	fs.Int64Var(&o.maxBad, "max-bad-records", -1, "exit with code 2 when more than `N` records are bad (-1: no limit)")
	batchFlags(fs, &o.batchRows, &o.chunkBytes)
	fs.IntVar(&o.maxLineBytes, "max-line-bytes", 256<<20, "longest JSONL line in `bytes`; a longer one is a bad record")
	lenientJSONFlag(fs, &o.lenientJSON)
	fs.Int64Var(&o.maxPageBytes, "max-page-bytes", ingest.DefaultMaxPageBytes, "largest Parquet page in `bytes`, compressed or not, that is read; the rows of a larger one are unreadable_rows (lower it to bound the memory a corrupt page header can ask for)")
	fs.IntVar(&o.maxExamples, "max-examples", 1000, "list at most `N` findings of each kind in the JSON report (0: none; counts stay exact)")
	fs.IntVar(&o.showTop, "show-top", 20, "show the `N` most frequent tokens in the summary")
	fs.IntVar(&o.showFindings, "show-findings", 10, "show `N` findings of each kind in the summary")
	fs.StringVar(&o.findingsOut, "findings", "", "write every finding to `FILE`, one row per row it names (JSONL, or Parquet for .parquet; - for JSONL on stdout, instead of the summary): kind, subkind, severity, id, file, line or row, score, evidence")
	fs.StringVar(&o.policy, "policy", "", "read --fail-on gates from `FILE`: one per line, blank lines and # comments allowed")
	fs.Var(&o.failOn, "fail-on", "exit with code 1 when `METRIC>VALUE` holds (also >=, <, <=, ==, !=); repeat or separate with commas: --fail-on 'bad_record_rate>0.01,invalid_utf8_texts>0'")
	fs.BoolVar(&o.dedup, "dedup", false, "find exact duplicates (clusters, the row to keep, the duplicate rate); for now it about doubles the scan time and keeps 40 bytes a row")
	fs.BoolVar(&o.evasions, "evasions", false, "flag rows that evade rule-based cleaning: invisible and bidi characters, controls, mixed-script words, long runs, base64/hex blobs, non-text, empty (for now it about doubles the scan time)")
	fs.StringVar(&o.exportDedup, "export-dedup", "", "write the corpus without its redundant rows (exact duplicates, and near duplicates with --near-dups; the first of each cluster kept) to `FILE`: .jsonl (.gz, .zst) for JSONL inputs, .parquet for Parquet; implies --dedup")
	fs.BoolVar(&o.outliers, "outliers", false, "flag rows far from the median on length, word count, shares of letters, digits, symbols and upper case, mean word length or byte entropy (robust z-score >= 10); keeps 48 bytes a row")
	fs.BoolVar(&o.all, "all", false, "run every check: --dedup --near-dups --evasions --outliers")
	fs.BoolVar(&o.nearDups, "near-dups", false, "find near-duplicate clusters (copies with a few words swapped, deleted, re-cased or re-punctuated): MinHash LSH over words, verified on words and word pairs; keeps 232 bytes a row (and the id)")
	fs.Float64Var(&o.nearWordJ, "near-word-jaccard", dups.NearWordJ, "near duplicates: the estimated Jaccard similarity of two rows' sets of words at least `J` (lower it to catch copies with more edits, at the cost of more same-topic pairs)")
	fs.Float64Var(&o.nearPairJ, "near-pair-jaccard", dups.NearPairJ, "near duplicates: and of their sets of adjacent word pairs at least `J` (what tells a copy from a text on the same topic)")
	fs.StringVar(&o.exactNorm, "exact-normalize", dups.NormalizeDefault, "how texts are compared for exact duplicates: "+dups.NormalizeDefault+" (Unicode NFKC, case folding, white space collapsed) or "+dups.NormalizeNone+" (bytes)")
	fs.BoolVar(&o.labelChecks, "label-checks", true, "with --label: find likely label errors (confident learning on out-of-fold naive Bayes predictions) and backdoor trigger candidates; reads the input twice (--label-checks=false to skip)")
	fs.IntVar(&o.folds, "folds", labels.DefaultFolds, "cross-validation folds for the label checks (`N` >= 2)")
	fs.Float64Var(&o.labelMinP, "label-error-min-p", labels.DefaultMinP, "report a likely label error only when the classifier gives the suggested label at least probability `P` out of fold (1e-9: every issue confident learning finds)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the label checks' fold assignment (`N`)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile to `FILE` (for developers)")
	inputsArgs, code, ok := parseCommand(fs, args, stdout, scanUsage, "\nMetrics for --fail-on:\n"+gate.Describe())
	if !ok {
		return code
	}
	if len(inputsArgs) == 0 {
		fmt.Fprintln(stderr, "dataaudit scan: no INPUT given\n\nRun 'dataaudit help scan' for usage.")
		return exitError
	}
	if len(o.text.vals) == 0 {
		fmt.Fprintln(stderr, "dataaudit scan: --text is empty")
		return exitError
	}
	exprs := o.failOn.vals
	if o.policy != "" {
		fromFile, err := readPolicy(o.policy)
		if err != nil {
			fmt.Fprintf(stderr, "dataaudit scan: %v\n", err)
			return exitError
		}
		exprs = append(exprs, fromFile...)
	}
	var gates []gate.Gate
	for _, expr := range exprs {
		g, err := gate.Parse(expr)
		if err != nil {
			fmt.Fprintf(stderr, "dataaudit scan: %v\n", err)
			return exitError
		}
		// A metric of an analysis that does not run would read as 0.
		if g.Metric == "findings."+finding.KindLabelConflict && (o.label == "" || !o.dedup && !o.nearDups && !o.all) {
			fmt.Fprintf(stderr, "dataaudit scan: --fail-on %q: label conflicts are found only with --label and --dedup or --near-dups\n", expr)
			return exitError
		}
		if need := gate.Needs(g.Metric); need == "--dedup" && !o.dedup || need == "--label" && o.label == "" || need == "--evasions" && !o.evasions || need == "--outliers" && !o.outliers || need == "--near-dups" && !o.nearDups {
			fmt.Fprintf(stderr, "dataaudit scan: --fail-on %q: %s is computed only with %s\n", expr, g.Metric, need)
			return exitError
		}
		if !o.labelChecks && (g.Metric == "findings."+finding.KindLabelError || g.Metric == "findings."+finding.KindTriggerCandidate || g.Metric == "findings."+finding.KindTriggeredRow) {
			fmt.Fprintf(stderr, "dataaudit scan: --fail-on %q: %s is computed only with --label-checks\n", expr, g.Metric)
			return exitError
		}
		gates = append(gates, g)
	}
	if o.all {
		o.dedup, o.nearDups, o.evasions, o.outliers = true, true, true, true
	}
	if o.exportDedup != "" {
		o.dedup = true
	}
	if o.dedup || o.nearDups || o.outliers || o.label != "" && o.labelChecks {
		keepRowStateSmall()
	}
	if !(o.nearWordJ > 0 && o.nearWordJ <= 1 && o.nearPairJ > 0 && o.nearPairJ <= 1) {
		fmt.Fprintln(stderr, "dataaudit scan: --near-word-jaccard and --near-pair-jaccard must be above 0 and at most 1")
		return exitError
	}
	if !(o.labelMinP > 0 && o.labelMinP <= 1) {
		fmt.Fprintln(stderr, "dataaudit scan: --label-error-min-p must be above 0 and at most 1")
		return exitError
	}
	if o.folds < 2 {
		fmt.Fprintln(stderr, "dataaudit scan: --folds must be at least 2")
		return exitError
	}
	if o.maxExamples < 0 {
		fmt.Fprintln(stderr, "dataaudit scan: --max-examples must be 0 or more")
		return exitError
	}
	if dup := duplicate(o.text.vals); dup != "" {
		fmt.Fprintf(stderr, "dataaudit scan: --text names %q twice\n", dup)
		return exitError
	}
	if o.top < 1 || o.topPerLabel < 1 {
		fmt.Fprintln(stderr, "dataaudit scan: --top and --top-per-label must be at least 1")
		return exitError
	}
	if err := checkStdout([]outfile.Path{
		{Flag: "--json", Path: o.jsonOut}, {Flag: "--html", Path: o.html}, {Flag: "--markdown", Path: o.markdown}, {Flag: "--findings", Path: o.findingsOut},
	}, outfile.Path{Flag: "--export-dedup", Path: o.exportDedup}, outfile.Path{Flag: "--cpuprofile", Path: o.cpuProfile}); err != nil {
		fmt.Fprintf(stderr, "dataaudit scan: %v\nrun 'dataaudit help scan' for the flags\n", err)
		return exitError
	}
	o.stdout = stdout
	doc, err := scan(ctx, inputsArgs, &o, stderr)
	if err != nil {
		code := exitCodeFor(ctx, err)
		if code == exitInterrupted {
			fmt.Fprintln(stderr, "dataaudit scan: interrupted; no report written")
		} else {
			fmt.Fprintf(stderr, "dataaudit scan: %v\n", err)
		}
		return code
	}
	doc.Gates = gate.Check(gates, doc)
	if o.jsonOut != "" {
		if err := writeJSONFile(ctx, o.jsonOut, stdout, doc); err != nil {
			return reportErr(ctx, stderr, "scan", err)
		}
	}
	if o.html != "" {
		if err := writeFile(ctx, o.html, stdout, func(w io.Writer) error { return report.WriteHTML(w, doc) }); err != nil {
			return reportErr(ctx, stderr, "scan", err)
		}
	}
	if o.markdown != "" {
		if err := writeFile(ctx, o.markdown, stdout, func(w io.Writer) error {
			return report.WriteMarkdown(w, doc, report.TextOptions{TopTokens: o.showTop, ExamplesPerKind: 5})
		}); err != nil {
			return reportErr(ctx, stderr, "scan", err)
		}
	}
	if !writesStdout(o.jsonOut, o.markdown, o.html, o.findingsOut) {
		if err := report.WriteText(stdout, doc, report.TextOptions{TopTokens: o.showTop, ExamplesPerKind: o.showFindings}); err != nil {
			fmt.Fprintf(stderr, "dataaudit scan: %v\n", err)
			return exitError
		}
	}
	if n := doc.Summary.UnreadableInputs; n > 0 {
		fmt.Fprintf(stderr, "dataaudit scan: %s could not be read to the end; the report covers the rest (see the unreadable_input findings)\n", report.Plural(int(n), "input"))
		return exitError
	}
	if _, ok := doc.Summary.BadByKind[ingest.BadInputChanged]; ok {
		fmt.Fprintln(stderr, "dataaudit scan: an input changed while it was read; the report covers what was read (see the input_changed records)")
		return exitError
	}
	if o.maxBad >= 0 && doc.Summary.BadRecords > o.maxBad {
		fmt.Fprintf(stderr, "dataaudit scan: %s, more than --max-bad-records %d\n", report.Plural(int(doc.Summary.BadRecords), "bad record"), o.maxBad)
		return exitError
	}
	return announceGates(stderr, "scan", doc.Gates)
}

// announceGates names each gate reached on stderr and returns the exit
// code: exitFindings if any was reached.
func announceGates(stderr io.Writer, command string, gates []report.GateResult) int {
	code := exitOK
	for _, g := range gates {
		if g.Reached {
			fmt.Fprintf(stderr, "dataaudit %s: gate reached: %s (value %s)\n", command, g.Gate, strconv.FormatFloat(g.Value, 'g', -1, 64))
			code = exitFindings
		}
	}
	return code
}

func writeJSONFile(ctx context.Context, path string, stdout io.Writer, doc *report.Document) error {
	return writeFile(ctx, path, stdout, func(w io.Writer) error { return report.WriteJSON(w, doc) })
}

// writeFile writes with write to path, or to stdout for "-". A file is
// written whole or not at all: a failed or interrupted write (ctx done)
// leaves the previous one.
func writeFile(ctx context.Context, path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	return outfile.WriteFileContext(ctx, path, func(f *outfile.File) error { return write(f) })
}

// tokenizerName names the tokenizer in reports, so that profiles made with
// different ones are never compared.
const tokenizerName = `words/v1: Unicode simple lowercase, split on [^\p{L}\p{N}]+ (as DuckDB regexp_split_to_array(lower(text), '[^\p{L}\p{N}]+'))`

// scan runs the workers over the inputs and builds the report.
func scan(ctx context.Context, args []string, o *scanOpts, stderr io.Writer) (*report.Document, error) {
	inputs, err := ingest.ExpandContext(ctx, args)
	if err != nil {
		return nil, err
	}
	defer ingest.Close(inputs)
	if err := checkOutputs([]outfile.Path{
		{Flag: "--json", Path: o.jsonOut}, {Flag: "--html", Path: o.html}, {Flag: "--markdown", Path: o.markdown},
		{Flag: "--findings", Path: o.findingsOut}, {Flag: "--export-dedup", Path: o.exportDedup}, {Flag: "--cpuprofile", Path: o.cpuProfile},
	}, inputs, outfile.Path{Flag: "--policy", Path: o.policy}, tokenizerInput(o.tokenizer)); err != nil {
		return nil, err
	}
	if o.cpuProfile != "" {
		stopProfile, err := startCPUProfile(o.cpuProfile)
		if err != nil {
			return nil, err
		}
		defer stopProfile()
	}
	files := make([]string, len(inputs))
	var total int64
	for i, in := range inputs {
		files[i] = in.Path
		total += in.Size
	}
	// With --findings the analyses list every finding; the report is
	// trimmed to --max-examples afterwards.
	listMax := o.maxExamples
	if o.findingsOut != "" {
		listMax = math.MaxInt32
	}
	sopts := stats.Options{TopN: o.top, TopPerLabel: o.topPerLabel, MaxExamples: listMax}
	tokName := tokenizerName
	if o.tokenizer != "words" {
		tok, err := llmtok.Load(o.tokenizer)
		if err != nil {
			return nil, fmt.Errorf("--tokenizer: %w", err)
		}
		sopts.LLM, tokName = tok, tok.Name()
	}
	if listMax == 0 {
		sopts.MaxExamples = -1 // stats: negative lists none, 0 is its default
	}
	iopts := ingest.Options{
		Text: o.text.vals, Label: o.label, ID: o.id, Workers: o.workers,
		BatchRows: o.batchRows, ChunkBytes: o.chunkBytes, MaxLineBytes: o.maxLineBytes,
		// The label checks and --export-dedup read the inputs again.
		Spool:        o.exportDedup != "" || o.label != "" && o.labelChecks,
		Notify:       func(msg string) { fmt.Fprintf(stderr, "dataaudit scan: %s\n", msg) },
		LenientJSON:  o.lenientJSON,
		MaxPageBytes: o.maxPageBytes,
	}
	nw := iopts.NumWorkers()
	workers := make([]*worker, nw)
	for i := range workers {
		if workers[i], err = newWorker(o, sopts); err != nil {
			return nil, err
		}
	}
	prog := startProgress(stderr, progressTotal(inputs), o.quiet)
	iopts.Progress = prog.add
	start := time.Now()
	err = ingest.Run(ctx, inputs, iopts, func(w int, b *ingest.Batch) error {
		defer b.Record.Release()
		return workers[w].add(b)
	})
	prog.finish()
	if err != nil {
		return nil, err
	}
	total = 0 // streams are measured as they are read
	for _, in := range inputs {
		total += in.Bytes()
	}
	// Merge in worker order; every analysis merges exactly, so the order
	// does not change the result, but a fixed one keeps that easy to trust.
	all := workers[0]
	for _, w := range workers[1:] {
		if err := all.merge(w); err != nil {
			return nil, err
		}
	}
	res, err := all.sum.Result(files)
	if err != nil {
		return nil, err
	}
	elapsed := time.Since(start).Seconds()

	doc := &report.Document{
		Schema: "dataaudit.report", SchemaVersion: report.SchemaVersion,
		Tool:    report.Tool{Name: "dataaudit", Version: version},
		Command: "scan",
		Settings: report.Settings{
			Text: o.text.vals, Label: o.label, ID: o.id, Tokenizer: tokName,
			TopN: o.top, TopPerLabel: o.topPerLabel, MaxExamples: o.maxExamples,
			LenientJSON: o.lenientJSON,
		},
		Tokens:   res.Tokens,
		Lengths:  res.Lengths,
		Labels:   res.Labels,
		Findings: res.Findings,
		Unlisted: res.Unlisted,
	}
	var drop []ingest.Pos // rows --export-dedup leaves out
	if all.dups != nil {
		all.dups.CollectDrops = o.exportDedup != ""
		dres, fs, unlisted := all.dups.Result(files, listMax)
		doc.Duplicates = &report.Duplicates{Exact: &dres}
		drop = dres.Drop
		addFindings(doc, finding.KindExactDuplicate, fs, unlisted)
		addFindings(doc, finding.KindLabelConflict, dres.Conflicts, dres.ConflictsUnlisted)
	}
	if all.near != nil {
		all.near.CollectDrops = o.exportDedup != ""
		nres, fs, unlisted := all.near.Result(files, listMax)
		drop = mergePositions(drop, nres.Drop)
		if doc.Duplicates == nil {
			doc.Duplicates = &report.Duplicates{}
		}
		doc.Duplicates.Near = &nres
		addFindings(doc, finding.KindNearDuplicate, fs, unlisted)
		addFindings(doc, finding.KindLabelConflict, nres.Conflicts, nres.ConflictsUnlisted)
	}
	if o.exportDedup != "" {
		st, err := export.Write(ctx, o.exportDedup, inputs, drop)
		if err != nil {
			return nil, err
		}
		doc.Duplicates.Export = &report.Export{Path: o.exportDedup, RowsKept: st.Kept, RowsDropped: st.Dropped}
	}
	if all.labels != nil {
		lres, lfs, err := labelChecks(ctx, inputs, iopts, all.labels, files, listMax, stderr, o.quiet, total)
		if err != nil {
			return nil, err
		}
		doc.LabelChecks = &lres
		addFindings(doc, finding.KindLabelError, lfs.LabelErrors, lfs.Unlisted[finding.KindLabelError])
		addFindings(doc, finding.KindTriggerCandidate, lfs.Triggers, lfs.Unlisted[finding.KindTriggerCandidate])
		addFindings(doc, finding.KindTriggeredRow, lfs.TriggeredRows, lfs.Unlisted[finding.KindTriggeredRow])
	}
	if all.outliers != nil {
		ores, fs, unlisted := all.outliers.Result(files, listMax)
		doc.Outliers = &ores
		addFindings(doc, finding.KindOutlier, fs, unlisted)
	}
	if all.evasions != nil {
		counts, fs, unlisted := all.evasions.Result(files)
		doc.Evasions = counts
		addFindings(doc, finding.KindCleaningEvasion, fs, unlisted)
	}
	if doc.Findings == nil {
		doc.Findings = []finding.Finding{}
	}
	report.SortFindings(doc.Findings)
	if o.findingsOut != "" {
		if err := writeFindings(ctx, o.findingsOut, o.stdout, doc.Findings); err != nil {
			return nil, err
		}
		report.TrimFindings(doc, o.maxExamples)
	}
	for _, in := range inputs {
		c := ""
		if in.Format == ingest.JSONL {
			c = in.Compression.String()
		}
		doc.Inputs = append(doc.Inputs, report.Input{Path: in.Path, Format: in.Format.String(), Compression: c, Bytes: in.Bytes()})
	}
	doc.Summary = report.Summary{
		Counts: res.Counts, Tokens: res.Tokens.Total, DistinctTokens: res.Tokens.Distinct,
		FindingsByKind: report.FindingsByKind(doc.Findings, doc.Unlisted),
	}
	if res.Counts.RecordsRead > 0 {
		doc.Summary.BadRecordRate = roundRate(float64(res.Counts.BadRecords) / float64(res.Counts.RecordsRead))
	}
	doc.Run = report.Run{Workers: nw, Seconds: roundRate(elapsed)}
	if elapsed > 0 {
		doc.Run.InputMBps = float64(int64(float64(total)/1e6/elapsed*10)) / 10
		doc.Run.TextMBps = float64(int64(float64(res.Counts.TextBytes)/1e6/elapsed*10)) / 10
	}
	return doc, nil
}

// worker holds one worker's analyses: the Summary always, the others when
// their flag asks for them. A worker's state is its own; workers meet only
// in merge, after the run.
type worker struct {
	sum      *stats.Summary
	dups     *dups.Exact
	near     *dups.Near
	evasions *evasions.Checker
	outliers *outliers.Scorer
	labels   *labels.Counts
	// adders are the analyses above that run, in a fixed order.
	adders []interface{ Add(*ingest.Batch) error }
}

func newWorker(o *scanOpts, sopts stats.Options) (*worker, error) {
	w := &worker{sum: stats.NewSummary(sopts)}
	w.adders = append(w.adders, w.sum)
	if o.dedup {
		d, err := dups.NewExact(o.exactNorm)
		if err != nil {
			return nil, fmt.Errorf("--exact-normalize: %w", err)
		}
		w.dups = d
		w.adders = append(w.adders, d)
	}
	if o.nearDups {
		w.near = dups.NewNear()
		w.near.WordJ, w.near.PairJ = o.nearWordJ, o.nearPairJ
		w.adders = append(w.adders, w.near)
	}
	if o.evasions {
		w.evasions = evasions.NewChecker(sopts.MaxExamples)
		w.adders = append(w.adders, w.evasions)
	}
	if o.outliers {
		w.outliers = outliers.NewScorer()
		w.adders = append(w.adders, w.outliers)
	}
	if o.label != "" && o.labelChecks {
		w.labels = labels.NewCounts(labels.Options{Folds: o.folds, Seed: o.seed, MinP: o.labelMinP})
		w.adders = append(w.adders, w.labels)
	}
	return w, nil
}

// add hands a batch to every analysis of the worker.
func (w *worker) add(b *ingest.Batch) error {
	for _, a := range w.adders {
		if err := a.Add(b); err != nil {
			return err
		}
	}
	return nil
}

// merge adds o's analyses to w's; o must not be used afterwards.
func (w *worker) merge(o *worker) error {
	if err := w.sum.Merge(o.sum); err != nil {
		return err
	}
	if w.dups != nil {
		w.dups.Merge(o.dups)
	}
	if w.near != nil {
		w.near.Merge(o.near)
	}
	if w.evasions != nil {
		w.evasions.Merge(o.evasions)
	}
	if w.outliers != nil {
		w.outliers.Merge(o.outliers)
	}
	if w.labels != nil {
		w.labels.Merge(o.labels)
	}
	return nil
}

// labelChecks builds the out-of-fold models from the first pass's counts,
// reads the inputs a second time to score every row with the model that did
// not see it, and finds label errors and trigger candidates.
func labelChecks(ctx context.Context, inputs []ingest.Input, iopts ingest.Options, counts *labels.Counts, files []string, listMax int,
	stderr io.Writer, quiet bool, total int64) (labels.Result, labels.Findings, error) {
	m := counts.Model()
	if !m.Usable() {
		res, fs := m.Result(nil, files, listMax)
		return res, fs, nil
	}
	scorers := make([]*labels.Scorer, iopts.NumWorkers())
	for i := range scorers {
		scorers[i] = m.NewScorer()
	}
	prog := startProgress(stderr, total, quiet)
	iopts.Progress = prog.add
	err := ingest.Run(ctx, inputs, iopts, func(w int, b *ingest.Batch) error {
		defer b.Record.Release()
		return scorers[w].Add(b)
	})
	prog.finish()
	if err != nil {
		return labels.Result{}, labels.Findings{}, err
	}
	for _, s := range scorers[1:] {
		scorers[0].Merge(s)
	}
	res, fs := m.Result(scorers[0], files, listMax)
	return res, fs, nil
}

// addFindings appends an analysis' findings to the report and counts
// those it did not list.
func addFindings(doc *report.Document, kind string, fs []finding.Finding, unlisted int64) {
	doc.Findings = append(doc.Findings, fs...)
	if unlisted > 0 {
		if doc.Unlisted == nil {
			doc.Unlisted = map[string]int64{}
		}
		doc.Unlisted[kind] += unlisted // label_conflict comes from two analyses
	}
}

// mergePositions merges two sorted position lists, without repeats.
func mergePositions(a, b []ingest.Pos) []ingest.Pos {
	out := make([]ingest.Pos, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0].Less(b[0]):
			out, a = append(out, a[0]), a[1:]
		case len(a) == 0 || b[0].Less(a[0]):
			out, b = append(out, b[0]), b[1:]
		default: // equal
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return out
}

// readPolicy reads gates from a policy file: one per line; blank lines and
// text after # are ignored.
func readPolicy(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--policy: %w", err)
	}
	var exprs []string
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			exprs = append(exprs, line)
		}
	}
	return exprs, nil
}

// duplicate returns a value that appears twice in vals, or "".
func duplicate(vals []string) string {
	seen := map[string]bool{}
	for _, v := range vals {
		if seen[v] {
			return v
		}
		seen[v] = true
	}
	return ""
}

func startCPUProfile(path string) (func(), error) {
	f, err := outfile.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Abort()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Commit() }, nil
}

func roundRate(x float64) float64 {
	return float64(int64(x*1e6+0.5)) / 1e6
}

// keepRowStateSmall lowers the garbage collector's target from twice the
// live heap to 1.5 times, unless GOGC is set. The analyses that keep state
// per row (duplicates, outliers) make the live heap grow with the corpus,
// and the default target then doubles it: scan --all on the 2 GB corpus
// peaked at 1,032 MB with GOGC=100 and 802 MB with 50. The streaming part
// of a scan makes little garbage, so collecting more often costs little.
func keepRowStateSmall() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}

// batchFlags defines the flags that size the units handed to workers, the
// same for every command that reads data. The defaults keep the memory in
// flight small (see ingest.Options).
func batchFlags(fs *flag.FlagSet, batchRows, chunkBytes *int) {
	fs.IntVar(batchRows, "batch-size", 0, "Parquet batch size in `rows` (0: about 1 MiB of text, 64 to 8192 rows)")
	fs.IntVar(chunkBytes, "chunk-bytes", 512<<10, "JSONL chunk size in `bytes` handed to a worker")
}
