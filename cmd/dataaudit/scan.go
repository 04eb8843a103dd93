package main

import (
	"context"
	"errors"
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

	"github.com/dataaudit/dataaudit/internal/analysis"
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

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
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
	inputsArgs, done, err := parseCommand(fs, args, stdout, scanUsage, "\nMetrics for --fail-on:\n"+scanGates.Describe())
	if done || err != nil {
		return err
	}
	if len(inputsArgs) == 0 {
		return usageError{err: errors.New("no INPUT given"), hint: hintUsage}
	}
	if len(o.text.vals) == 0 {
		return usageError{err: errors.New("--text is empty")}
	}
	exprs := o.failOn.vals
	if o.policy != "" {
		fromFile, err := readPolicy(o.policy)
		if err != nil {
			return usageError{err: err}
		}
		exprs = append(exprs, fromFile...)
	}
	var gates []gate.Gate
	for _, expr := range exprs {
		g, err := scanGates.Parse(expr)
		if err != nil {
			return usageError{err: err}
		}
		// A metric of an analysis that does not run would read as 0.
		if g.Metric == "findings."+finding.KindLabelConflict && (o.label == "" || !o.dedup && !o.nearDups && !o.all) {
			return usageError{err: fmt.Errorf("--fail-on %q: label conflicts are found only with --label and --dedup or --near-dups", expr)}
		}
		if need := o.unavailable(g.Metric); need != "" {
			return usageError{err: fmt.Errorf("--fail-on %q: %s is computed only with %s", expr, g.Metric, need)}
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
		return usageError{err: errors.New("--near-word-jaccard and --near-pair-jaccard must be above 0 and at most 1")}
	}
	if !(o.labelMinP > 0 && o.labelMinP <= 1) {
		return usageError{err: errors.New("--label-error-min-p must be above 0 and at most 1")}
	}
	if o.folds < 2 {
		return usageError{err: errors.New("--folds must be at least 2")}
	}
	if o.maxExamples < 0 {
		return usageError{err: errors.New("--max-examples must be 0 or more")}
	}
	if dup := duplicate(o.text.vals); dup != "" {
		return usageError{err: fmt.Errorf("--text names %q twice", dup)}
	}
	if o.top < 1 || o.topPerLabel < 1 {
		return usageError{err: errors.New("--top and --top-per-label must be at least 1")}
	}
	if err := checkStdout([]outfile.Path{
		{Flag: "--json", Path: o.jsonOut}, {Flag: "--html", Path: o.html}, {Flag: "--markdown", Path: o.markdown}, {Flag: "--findings", Path: o.findingsOut},
	}, outfile.Path{Flag: "--export-dedup", Path: o.exportDedup}, outfile.Path{Flag: "--cpuprofile", Path: o.cpuProfile}); err != nil {
		return usageError{err: err, hint: hintFlags}
	}
	o.stdout = stdout
	doc, err := scan(ctx, inputsArgs, &o, stderr)
	if err != nil {
		return noReportError{err}
	}
	doc.Gates = scanGates.Check(gates, doc)
	if o.jsonOut != "" {
		if err := writeJSONFile(ctx, o.jsonOut, stdout, doc); err != nil {
			return err
		}
	}
	if o.html != "" {
		if err := writeFile(ctx, o.html, stdout, func(w io.Writer) error { return report.WriteHTML(w, doc) }); err != nil {
			return err
		}
	}
	if o.markdown != "" {
		if err := writeFile(ctx, o.markdown, stdout, func(w io.Writer) error {
			return report.WriteMarkdown(w, doc, report.TextOptions{TopTokens: o.showTop, ExamplesPerKind: 5})
		}); err != nil {
			return err
		}
	}
	if !writesStdout(o.jsonOut, o.markdown, o.html, o.findingsOut) {
		if err := report.WriteText(stdout, doc, report.TextOptions{TopTokens: o.showTop, ExamplesPerKind: o.showFindings}); err != nil {
			return err
		}
	}
	if n := doc.Summary.UnreadableInputs; n > 0 {
		return dataError{fmt.Errorf("%s could not be read to the end; the report covers the rest (see the unreadable_input findings)", report.Plural(int(n), "input"))}
	}
	if _, ok := doc.Summary.BadByKind[ingest.BadInputChanged]; ok {
		return dataError{errors.New("an input changed while it was read; the report covers what was read (see the input_changed records)")}
	}
	if o.maxBad >= 0 && doc.Summary.BadRecords > o.maxBad {
		return dataError{fmt.Errorf("%s, more than --max-bad-records %d", report.Plural(int(doc.Summary.BadRecords), "bad record"), o.maxBad)}
	}
	return gatesReached(doc.Gates)
}

// gatesReached returns a gateError naming the gates reached, or nil.
func gatesReached(gates []report.GateResult) error {
	var reached []string
	for _, g := range gates {
		if g.Reached {
			reached = append(reached, fmt.Sprintf("%s (value %s)", g.Gate, strconv.FormatFloat(g.Value, 'g', -1, 64)))
		}
	}
	if reached == nil {
		return nil
	}
	return gateError{reached}
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
	specs := o.analyses()
	cfg := &analysis.Config{
		Label: o.label, ID: o.id, Files: len(inputs), TopN: o.top, TopPerLabel: o.topPerLabel, MaxExamples: sopts.MaxExamples, LLM: sopts.LLM,
		ExactNormalize: o.exactNorm, NearWordJ: o.nearWordJ, NearPairJ: o.nearPairJ, CollectDrops: o.exportDedup != "",
		Folds: o.folds, Seed: o.seed, LabelMinP: o.labelMinP,
	}
	start := time.Now()
	// The run's speed is the first read's: a second one (the label
	// checks) would halve it.
	var firstRead, elapsed float64
	aopts := analysis.Options{Ingest: iopts, OnPass: func(pass int) (func(int64), func()) {
		total := progressTotal(inputs)
		if pass > 1 {
			elapsed = firstRead
			total = 0 // streams are measured as they are read
			for _, in := range inputs {
				total += in.Bytes()
			}
		}
		prog := startProgress(stderr, total, o.quiet)
		return prog.add, func() {
			prog.finish()
			if pass == 1 {
				firstRead = time.Since(start).Seconds()
			}
		}
	}}
	merged, err := analysis.RunSpecs(ctx, inputs, aopts, specs, cfg)
	if err != nil {
		return nil, err
	}
	total = 0 // streams are measured as they are read
	for _, in := range inputs {
		total += in.Bytes()
	}
	env := &analysis.Env{Files: files, MaxExamples: listMax}
	results := make([]*analysis.Result, len(specs))
	for i, a := range merged {
		if results[i], err = a.Finish(env); err != nil {
			return nil, err
		}
		if i == 0 && elapsed == 0 {
			elapsed = time.Since(start).Seconds()
		}
	}
	res := results[0].Section.(*stats.Result) // specs[0] is stats.Spec

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
	for i, s := range specs[1:] {
		r := results[i+1]
		switch sec := r.Section.(type) {
		case *dups.ExactResult:
			if doc.Duplicates == nil {
				doc.Duplicates = &report.Duplicates{}
			}
			doc.Duplicates.Exact = sec
			drop = mergePositions(drop, sec.Drop)
		case *dups.NearResult:
			if doc.Duplicates == nil {
				doc.Duplicates = &report.Duplicates{}
			}
			doc.Duplicates.Near = sec
			drop = mergePositions(drop, sec.Drop)
		case *labels.Result:
			doc.LabelChecks = sec
		case *outliers.Result:
			doc.Outliers = sec
		case map[string]int64:
			doc.Evasions = sec
		default:
			return nil, fmt.Errorf("%s: no place in the report for a %T", s.Name, r.Section)
		}
		addFindings(doc, r)
	}
	if o.exportDedup != "" {
		st, err := export.Write(ctx, o.exportDedup, inputs, drop)
		if err != nil {
			return nil, err
		}
		doc.Duplicates.Export = &report.Export{Path: o.exportDedup, RowsKept: st.Kept, RowsDropped: st.Dropped}
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

// addFindings appends an analysis' findings to the report and counts
// those it did not list.
func addFindings(doc *report.Document, r *analysis.Result) {
	doc.Findings = append(doc.Findings, r.Findings...)
	for kind, n := range r.Unlisted {
		if n > 0 {
			if doc.Unlisted == nil {
				doc.Unlisted = map[string]int64{}
			}
			doc.Unlisted[kind] += n // label_conflict comes from two analyses
		}
	}
}

// analyses are the checks a scan knows, in the order they see each batch.
// The token summary comes first and always runs; exact duplicates come
// before near ones, so that their label conflicts are listed first.
var analyses = analysis.Registry{stats.Spec, dups.ExactSpec, dups.NearSpec, evasions.Spec, outliers.Spec, labels.Spec}

// checkFlags names the flag that turns each optional analysis on: the
// spelling of a flag is the command's, never an analysis'.
var checkFlags = map[string]string{
	dups.ExactSpec.Name: "--dedup", dups.NearSpec.Name: "--near-dups", evasions.Spec.Name: "--evasions",
	outliers.Spec.Name: "--outliers", labels.Spec.Name: "--label-checks",
}

// scanGates are the metrics of scan reports for --fail-on (gateDocs).
var scanGates = gate.NewSet(gateDocs(analyses))

// gateDocs documents the metrics of a scan report: the run's own, then
// each analysis' metrics and finding kinds, said with the flag without
// which they are 0.
func gateDocs(r analysis.Registry) map[string]string {
	docs := map[string]string{"findings": "findings of every kind"}
	for _, s := range r {
		for _, m := range s.Metrics {
			doc := m.Doc
			if (s.Needs|m.Needs)&analysis.NeedLabel != 0 {
				doc += " (with " + needFlags[analysis.NeedLabel] + ")"
			} else if f := checkFlags[s.Name]; f != "" {
				doc += " (with " + f + ")"
			}
			docs[m.Name] = doc
		}
		for _, k := range s.Kinds {
			docs["findings."+k.Name] = "findings of kind " + k.Name
		}
	}
	return docs
}

// needFlags names the flag that gives what an analysis or metric needs.
var needFlags = map[analysis.Need]string{analysis.NeedLabel: "--label", analysis.NeedID: "--id"}

// on reports whether the options turn an analysis on, not counting what
// it needs.
func (o *scanOpts) on(s *analysis.Spec) bool {
	switch s.Name {
	case dups.ExactSpec.Name:
		return o.dedup
	case dups.NearSpec.Name:
		return o.nearDups
	case evasions.Spec.Name:
		return o.evasions
	case outliers.Spec.Name:
		return o.outliers
	case labels.Spec.Name:
		return o.labelChecks
	}
	return checkFlags[s.Name] == ""
}

// has reports whether the options give what need asks for.
func (o *scanOpts) has(need analysis.Need) bool {
	return (need&analysis.NeedLabel == 0 || o.label != "") && (need&analysis.NeedID == 0 || o.id != "")
}

// analyses returns the analyses the options run, in registry order.
func (o *scanOpts) analyses() []*analysis.Spec {
	var out []*analysis.Spec
	for _, s := range analyses {
		if o.on(s) && o.has(s.Needs) {
			out = append(out, s)
		}
	}
	return out
}

// unavailable returns the flag without which a gate metric is not
// computed, or "" when it is: when an analysis that offers it runs, or it
// is the run's own.
func (o *scanOpts) unavailable(metric string) string {
	missing := ""
	for _, of := range analyses.Offering(metric) {
		flag := ""
		for _, n := range []analysis.Need{analysis.NeedLabel, analysis.NeedID} {
			if flag == "" && of.Needs&n != 0 && !o.has(n) {
				flag = needFlags[n]
			}
		}
		if flag == "" && !o.on(of.Spec) {
			flag = checkFlags[of.Spec.Name]
		}
		if flag == "" {
			return ""
		}
		if missing == "" {
			missing = flag
		}
	}
	return missing
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
