package audit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/backdoor"
	"github.com/dataaudit/dataaudit/internal/chat"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/evasions"
	"github.com/dataaudit/dataaudit/internal/excerpt"
	"github.com/dataaudit/dataaudit/internal/export"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/hugepages"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/outliers"
	"github.com/dataaudit/dataaudit/internal/poison"
	"github.com/dataaudit/dataaudit/internal/repeats"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/rowstore"
	"github.com/dataaudit/dataaudit/internal/splits"
	"github.com/dataaudit/dataaudit/internal/stats"
	"github.com/dataaudit/dataaudit/internal/tokenizer"
)

// TokenizerName names the word tokenizer in reports (tokenizer.WordsName).
const TokenizerName = tokenizer.WordsName

// ScanConfig is what a scan reads, which analyses it runs and how.
type ScanConfig struct {
	Inputs []string // files, directories, globs, "-"

	// What to read.
	Text      []string
	Label, ID string
	// DetectShape, Roles, Prompt and Response: see ingest.Options.
	DetectShape      bool
	Roles            []ingest.Role
	Prompt, Response string
	Workers          int
	BatchRows        int
	ChunkBytes       int
	MaxLineBytes     int
	LenientJSON      bool
	MaxPageBytes     int64

	// The token summary: LLM counts a model's tokens instead of words.
	Top, TopPerLabel int
	LLM              *llmtok.Tokenizer
	// Tokenizer is how LLM was asked for (llmtok.Load's spec), written
	// in a shard's state file so that a merge loads it again.
	Tokenizer string
	// MaxExamples findings of each kind are listed in the report; with
	// Hooks.Findings, every finding is listed first, then trimmed.
	MaxExamples int
	// ExcerptsShown, when positive and without Hooks.Findings, says
	// that the caller shows only the findings a text summary with
	// report.TextOptions.ExamplesPerKind ExcerptsShown shows
	// (report.TextShown): only those get their excerpts, and the ids of
	// rows named by position, read. The others keep none, so a caller
	// that writes any other report leaves it 0 (every listed finding).
	ExcerptsShown int

	// The optional analyses (Analyses), and their settings.
	Dedup, NearDups, Evasions, Outliers, LabelChecks bool
	ExactNormalize                                   string
	NearWordJ, NearPairJ                             float64
	Folds                                            int
	Seed                                             uint64
	LabelMinP                                        float64
	// ExportDedup, if its Path is set, is where the corpus without its
	// redundant rows is written (it needs Dedup); its Flag names it in
	// messages.
	ExportDedup outfile.Path
	// Backdoors runs the backdoor scan of instruction and chat data
	// (prompt and response columns; reads the input twice).
	Backdoors bool
	// Poison looks for poisoned text: rare triggers followed by gibberish
	// (reads the input twice).
	Poison bool

	// Spans finds spans of SpanTokens tokens repeated across rows.
	Spans      bool
	SpanTokens int

	// Gates are checked on the report with GateSet (nil: none).
	Gates   []gate.Gate
	GateSet *gate.Set

	// Outputs are the files the command will write and Reads the other
	// files it reads: an output that is an input is refused before any
	// reading (outfile.CheckOutputs).
	Outputs, Reads []outfile.Path
	// CPUProfile, if set, is where a CPU profile of the run is written.
	CPUProfile  string
	ToolVersion string

	// NoSplits reads inputs laid out as dataset splits as one corpus: no
	// split table, no per-split counts, no split_overlap (see
	// splits.Detect). SplitInputs are read after Inputs, each file in the
	// split it is given.
	NoSplits    bool
	SplitInputs []SplitInput

	// dedupKey keys the exact duplicates' hash (analysis.Config.DedupKey):
	// nil in one process, shared by the shards of a job.
	dedupKey []byte
}

// Hooks are how a use case talks to its caller while it runs; each may be
// nil.
type Hooks struct {
	// Notify says something the user should know (a stream spooled).
	Notify func(msg string)
	// Progress is called before each phase of a run with its name
	// ("reading", then what a second read is for: "label checks") and
	// the bytes it will read (-1: not known, a stream; 0: a phase that
	// reads nothing, "finishing"), and returns the function that counts
	// bytes read and the one called when the phase is done.
	Progress func(phase string, total int64) (add func(int64), done func())
	// Findings gets every finding of a scan, sorted, before the report
	// keeps MaxExamples of each kind.
	Findings func([]finding.Finding) error
}

func (h Hooks) notify(msg string) {
	if h.Notify != nil {
		h.Notify(msg)
	}
}

func (h Hooks) progress(phase string, total int64) (func(int64), func()) {
	if h.Progress == nil {
		return func(int64) {}, func() {}
	}
	return h.Progress(phase, total)
}

// secondPhase names the second read of a scan by the analyses it is for:
// "label checks, poison".
func secondPhase(specs []*analysis.Spec) string {
	var names []string
	for _, s := range specs {
		if s.Second != nil {
			names = append(names, strings.ReplaceAll(s.Report, "_", " "))
		}
	}
	return strings.Join(names, ", ")
}

// Analyses are the checks a scan knows, in the order they see each batch.
// The token summary comes first and always runs; exact duplicates come
// before near ones, so that their label conflicts are listed first.
var Analyses = analysis.Registry{stats.Spec, dups.ExactSpec, dups.NearSpec, evasions.Spec, outliers.Spec, labels.Spec, splits.Spec, chat.Spec, poison.Spec, backdoor.Spec, repeats.Spec}

// On reports whether the configuration turns an analysis on, not
// counting what it needs.
func (c *ScanConfig) On(s *analysis.Spec) bool {
	switch s.Name {
	case dups.ExactSpec.Name:
		return c.Dedup
	case dups.NearSpec.Name:
		return c.NearDups
	case evasions.Spec.Name:
		return c.Evasions
	case outliers.Spec.Name:
		return c.Outliers
	case labels.Spec.Name:
		return c.LabelChecks
	case splits.Spec.Name:
		return !c.NoSplits // and only when the inputs are splits: see scan
	case poison.Spec.Name:
		return c.Poison
	case backdoor.Spec.Name:
		return c.Backdoors
	case repeats.Spec.Name:
		return c.Spans
	}
	return s.Name == stats.Spec.Name || s.Name == chat.Spec.Name
}

// Has reports whether the configuration gives what need asks for.
func (c *ScanConfig) Has(need analysis.Need) bool {
	return (need&analysis.NeedLabel == 0 || c.Label != "") && (need&analysis.NeedID == 0 || c.ID != "")
}

// Analyses returns the analyses the configuration runs, in registry order.
func (c *ScanConfig) Analyses() []*analysis.Spec {
	var out []*analysis.Spec
	for _, s := range Analyses {
		if c.On(s) && c.Has(s.Needs) {
			out = append(out, s)
		}
	}
	return out
}

// Unavailable says why a gate metric would not be computed: the first
// analysis offering it that does not run, and the need it lacks (0: it is
// not turned on). It returns nil when an analysis offering it runs, or the
// metric is the run's own.
func (c *ScanConfig) Unavailable(metric string) (spec *analysis.Spec, missing analysis.Need) {
	for _, of := range Analyses.Offering(metric) {
		var need analysis.Need
		for _, n := range []analysis.Need{analysis.NeedLabel, analysis.NeedID} {
			if need == 0 && of.Needs&n != 0 && !c.Has(n) {
				need = n
			}
		}
		if need == 0 && c.On(of.Spec) {
			return nil, 0
		}
		if spec == nil {
			spec, missing = of.Spec, need
		}
	}
	return spec, missing
}

// GateDocs documents the metrics of a scan report for gates, from the
// specs of Analyses: the run's own ("findings"), then each analysis'
// metrics and finding kinds. how says what a metric is computed with, in
// the caller's terms (a flag): given the spec offering it and the need it
// has besides the text (analysis.NeedLabel), or 0 when the spec's running
// is all it needs; "" says nothing.
func GateDocs(how func(s *analysis.Spec, need analysis.Need) string) map[string]string {
	docs := map[string]string{"findings": "findings of every kind"}
	for _, s := range Analyses {
		for _, m := range s.Metrics {
			doc := m.Doc
			var need analysis.Need
			for _, n := range []analysis.Need{analysis.NeedLabel, analysis.NeedID} {
				if need == 0 && (s.Needs|m.Needs)&n != 0 {
					need = n
				}
			}
			if with := how(s, need); with != "" {
				doc += " (with " + with + ")"
			}
			docs[m.Name] = doc
		}
		for _, k := range s.Kinds {
			docs["findings."+k.Name] = "findings of kind " + k.Name
		}
	}
	return docs
}

// Scan reads the inputs, runs the analyses the configuration asks for and
// assembles the report, its gates checked. An error leaves no report: it
// is a NoReportError. A report over data that was not all usable comes
// with a DataError from Verdict, gates reached with a GateError.
func Scan(ctx context.Context, cfg *ScanConfig, hooks Hooks) (*report.Document, error) {
	doc, err := scan(ctx, cfg, hooks)
	if err != nil {
		return nil, NoReportError{err}
	}
	if cfg.GateSet != nil {
		doc.Gates = cfg.GateSet.Check(cfg.Gates, doc)
	}
	v := report.JudgeScan(doc)
	doc.Summary.Verdict = &v
	return doc, nil
}

// Verdict returns the DataError of a report over data that was not all
// read or had no usable record, else the DataGateError of more than
// maxBad bad records (maxBad < 0: no limit; its flag is named in the
// message), else the GateError of the gates it reached, or nil.
func Verdict(doc *report.Document, maxBad int64, maxBadFlag string) error {
	if n := doc.Summary.UnreadableInputs; n > 0 {
		return DataError{fmt.Errorf("%s could not be read to the end; the report covers the rest (see the unreadable_input findings)", report.Plural(int(n), "input"))}
	}
	if _, ok := doc.Summary.BadByKind[ingest.BadInputChanged]; ok {
		return DataError{errors.New("an input changed during the scan; the report covers what was read (see the input_changed records)")}
	}
	if err := noUsableRecord(doc.Summary.Rows, doc.Summary.RecordsRead, doc.Summary.BadByKind, false); err != nil {
		return err
	}
	if maxBad >= 0 && doc.Summary.BadRecords > maxBad {
		return DataGateError{fmt.Errorf("%s, more than %s %d", report.Plural(int(doc.Summary.BadRecords), "bad record"), maxBadFlag, maxBad)}
	}
	return GatesReached(doc.Gates)
}

func scan(ctx context.Context, o *ScanConfig, hooks Hooks) (*report.Document, error) {
	r, err := o.prepare(ctx, hooks.Findings != nil)
	if err != nil {
		return nil, err
	}
	defer ingest.Close(r.inputs)
	if o.ExportDedup.Path != "" {
		if err := export.Exportable(r.inputs); err != nil {
			return nil, UsageError{Err: o.exportError(err)}
		}
	}
	if o.CPUProfile != "" {
		stopProfile, err := startCPUProfile(o.CPUProfile)
		if err != nil {
			return nil, err
		}
		defer stopProfile()
	}
	start := time.Now()
	// Each read is a phase, and so is the work after it (merging the
	// workers' states, preparing a second read, finishing): no silence.
	after := func() {}
	aopts := r.options(hooks)
	aopts.OnPass = func(pass int) (func(int64), func()) {
		after()
		after = func() {}
		if pass > 1 {
			r.kept.Seal() // the first read's texts only
		}
		phase, next, total := "reading", "finishing", progressTotal(r.inputs)
		if second := secondPhase(r.specs); pass == 1 && second != "" {
			next = "preparing the " + second
		} else if pass > 1 {
			phase, total = second, readBytes(r.inputs)
		}
		add, done := hooks.progress(phase, total)
		return add, func() {
			done()
			_, after = hooks.progress(next, 0)
			// The read's buffers are dead: the finishes reuse them.
			rowstore.CollectAfterRead()
		}
	}
	// Each analysis is finished as soon as its last read ends, in
	// parallel with the others' finishes and the second read; the
	// excerpts of its findings that the first read kept are filled there
	// too, when every listed finding gets its excerpt (excerptEarly).
	if r.excerptEarly(hooks) {
		opts := aopts.Ingest
		aopts.Finished = func(_ int, res *analysis.Result) {
			excerpt.AddKept(r.files, opts, res.Findings)
		}
	} else if r.early = newEarlyExcerpts(ctx, r, hooks); r.early != nil {
		aopts.Finished = r.early.finished
	}
	results, err := analysis.RunFinished(ctx, r.inputs, aopts, r.specs, r.cfg, r.env())
	defer func() { after() }() // the phase after the last read
	if err != nil {
		return nil, err
	}
	// The per-row state is garbage now: what follows reuses its memory.
	// Only then: after --checks none, keeping the heap cost 10 MB of RSS
	// and saved no page faults.
	if r.perRow() {
		rowstore.StopPacing()
		if !r.smallTail(hooks) {
			hugepages.KeepHeap()
		}
	}
	elapsed := func() float64 { return time.Since(start).Seconds() }
	return r.finished(ctx, results, hooks, elapsed)
}

// smallTail reports whether what follows the finishes allocates little:
// the excerpts of the findings a text summary shows (ScanConfig.ExcerptsShown),
// without an export or the Findings hook. Then hugepages.KeepHeap is not
// called: its collection, which sweeps the dead per-row state, ran on the
// last thread after every finish (5-20 ms on the 200 MB corpus) and
// saved nothing, since the few megabytes allocated before the exit do
// not reach the collector's target anyway.
func (r *scanRun) smallTail(hooks Hooks) bool {
	return r.o.ExcerptsShown > 0 && hooks.Findings == nil && r.o.ExportDedup.Path == ""
}

// perRow reports whether an analysis of the run keeps state per row.
func (r *scanRun) perRow() bool {
	return slices.ContainsFunc(r.specs, func(s *analysis.Spec) bool { return s.PerRow })
}

// scanRun is a scan's inputs and analyses, ready to read.
type scanRun struct {
	o       *ScanConfig
	inputs  []ingest.Input
	skipped []ingest.Skipped
	files   []string
	table   []string // the split of each input, nil when not splits
	specs   []*analysis.Spec
	cfg     *analysis.Config
	listMax int // findings of each kind the analyses list
	// marks are where the first read found the chunks of plain JSONL
	// inputs, for the excerpts' read to cut them among its workers.
	marks *ingest.Marks
	// kept is what the first read keeps of the texts for the excerpts,
	// so that their read may skip rows (excerpt.Keep).
	kept *ingest.Kept
	// early reads the excerpts a summary may show of the analyses
	// finished first while the last finishes (nil: it does not).
	early *earlyExcerpts
}

// prepare expands the inputs and sets up the analyses the configuration
// asks for, listing every finding when listAll is set (the Findings
// hook); the caller closes the inputs.
func (o *ScanConfig) prepare(ctx context.Context, listAll bool) (*scanRun, error) {
	inputs, skipped, err := ingest.ExpandSkipped(ctx, o.inputArgs())
	if err != nil {
		return nil, err
	}
	r, err := o.prepareInputs(ctx, inputs, skipped, listAll)
	if err != nil {
		ingest.Close(inputs)
		return nil, err
	}
	return r, nil
}

// prepareInputs is prepare for expanded inputs.
func (o *ScanConfig) prepareInputs(ctx context.Context, inputs []ingest.Input, skipped []ingest.Skipped, listAll bool) (*scanRun, error) {
	if err := checkOutputs(o.Outputs, inputs, o.Reads...); err != nil {
		return nil, err
	}
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = in.Path
	}
	table, err := o.splitTable(ctx, files)
	if err != nil {
		return nil, err
	}
	return o.newRun(inputs, skipped, table, listAll), nil
}

// newRun sets up the analyses of a run over inputs whose split table is
// table (nil: not splits).
func (o *ScanConfig) newRun(inputs []ingest.Input, skipped []ingest.Skipped, table []string, listAll bool) *scanRun {
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = in.Path
	}
	// With the Findings hook the analyses list every finding; the report
	// is trimmed to MaxExamples afterwards.
	listMax := o.MaxExamples
	if listAll {
		listMax = math.MaxInt32
	}
	maxExamples := listMax
	if listMax == 0 {
		maxExamples = -1 // stats: negative lists none, 0 is its default
	}
	specs := o.Analyses()
	if slices.ContainsFunc(specs, func(s *analysis.Spec) bool { return s.PerRow }) {
		keepRowStateSmall()
	}
	if table == nil {
		specs = slices.DeleteFunc(specs, func(s *analysis.Spec) bool { return s == splits.Spec })
	}
	var size int64
	for _, in := range inputs {
		size += in.Size
	}
	workers := ingest.Options{Workers: o.Workers}
	cfg := &analysis.Config{
		Label: o.Label, ID: o.ID, Files: len(inputs), WorkerBytes: size / int64(workers.NumWorkers()), TopN: o.Top, TopPerLabel: o.TopPerLabel, MaxExamples: maxExamples, LLM: o.LLM,
		ExactNormalize: o.ExactNormalize, NearWordJ: o.NearWordJ, NearPairJ: o.NearPairJ, CollectDrops: o.ExportDedup.Path != "",
		Folds: o.Folds, Seed: o.Seed, LabelMinP: o.LabelMinP, SpanTokens: o.SpanTokens,
		LabelConflicts: !o.Dedup && !o.NearDups,
		Splits:         table, EvalFiles: evalFiles(table), DedupKey: o.dedupKey,
	}
	return &scanRun{o: o, inputs: inputs, skipped: skipped, files: files, table: table, specs: specs, cfg: cfg, listMax: listMax, marks: &ingest.Marks{}, kept: keepFor(inputs, listMax, o.fewShown(listAll))}
}

// fewShown is how many findings of each kind have their excerpts read
// when only a text summary's are (report.TextExamples of
// ExcerptsShown), 0 when every listed finding's are.
func (o *ScanConfig) fewShown(listAll bool) int {
	if o.ExcerptsShown <= 0 || listAll {
		return 0
	}
	return report.TextExamples(o.ExcerptsShown)
}

// keepFor is what the first read keeps for the excerpts of listed
// findings (none when none are listed; with few > 0, when only the first
// few of each kind, a text summary's, are read, see excerpt.KeepFew).
func keepFor(inputs []ingest.Input, listMax, few int) *ingest.Kept {
	switch {
	case listMax <= 0:
		return nil
	case few > 0:
		return excerpt.KeepFew(inputs, few)
	}
	return excerpt.Keep(inputs)
}

// options are the analysis options of the run's reads.
func (r *scanRun) options(hooks Hooks) analysis.Options {
	o := r.o
	return analysis.Options{Ingest: ingest.Options{
		Text: o.Text, Label: o.Label, ID: o.ID, Workers: o.Workers,
		BatchRows: o.BatchRows, ChunkBytes: o.ChunkBytes, MaxLineBytes: o.MaxLineBytes,
		// A second pass (the label checks), the export and the
		// excerpts of the listed findings read the inputs again.
		Spool:        r.listMax > 0 || o.ExportDedup.Path != "" || slices.ContainsFunc(r.specs, func(s *analysis.Spec) bool { return s.Second != nil }),
		Notify:       hooks.notify,
		LenientJSON:  o.LenientJSON,
		MaxPageBytes: o.MaxPageBytes,
		DetectShape:  o.DetectShape, Roles: o.Roles, Prompt: o.Prompt, Response: o.Response,
		Marks: r.marks,
		Kept:  r.kept,
	}}
}

// document finishes the merged analysers (one per spec) and assembles
// the report; elapsed gives the seconds the run's speed is measured
// over, once the token summary is finished.
func (r *scanRun) document(ctx context.Context, merged []analysis.Analyser, hooks Hooks, elapsed func() float64) (*report.Document, error) {
	results, err := analysis.FinishAll(merged, r.env())
	if err != nil {
		return nil, err
	}
	return r.finished(ctx, results, hooks, elapsed)
}

// env is what the run's analyses are finished with.
func (r *scanRun) env() *analysis.Env {
	return &analysis.Env{Files: r.files, MaxExamples: r.listMax}
}

// finished is document for the analyses' results, one per spec.
func (r *scanRun) finished(ctx context.Context, results []*analysis.Result, hooks Hooks, elapsed func() float64) (*report.Document, error) {
	o, inputs, specs, table := r.o, r.inputs, r.specs, r.table
	tokName := TokenizerName
	if o.LLM != nil {
		tokName = o.LLM.Name()
	}
	total := readBytes(inputs)
	res := results[0].Section.(*stats.Result) // specs[0] is stats.Spec

	doc := &report.Document{
		Schema: "dataaudit.report", SchemaVersion: report.SchemaVersion,
		Tool:    report.Tool{Name: "dataaudit", Version: o.ToolVersion},
		Command: "scan",
		Settings: report.Settings{
			Text: o.Text, Label: o.Label, ID: o.ID, Tokenizer: tokName,
			TopN: o.Top, TopPerLabel: o.TopPerLabel, MaxExamples: o.MaxExamples,
			LenientJSON: o.LenientJSON,
			Prompt:      o.Prompt, Response: o.Response,
		},
		Tokens:  res.Tokens,
		Lengths: res.Lengths,
		Labels:  res.Labels,
	}
	addResult(doc, results[0])
	drop, err := place(doc, specs[1:], results[1:])
	if err != nil {
		return nil, err
	}
	if o.ExportDedup.Path != "" {
		if err := wideEncoding(res.Counts.BadByKind, doc.Findings); err != nil {
			return nil, o.exportError(err)
		}
		st, err := export.Write(ctx, o.ExportDedup.Path, inputs, drop)
		if err != nil {
			return nil, o.exportError(err)
		}
		doc.Duplicates.Export = &report.Export{Path: o.ExportDedup.Path, RowsKept: st.Kept, RowsDropped: st.Dropped}
	}
	if doc.Findings == nil {
		doc.Findings = []finding.Finding{}
	}
	for _, r := range o.Roles {
		doc.Settings.Roles = append(doc.Settings.Roles, r.String())
	}
	if r.early != nil {
		r.early.apply(results, doc.Findings)
	}
	report.SortFindings(doc.Findings)
	if err := r.addExcerpts(ctx, hooks, doc.Findings); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		hooks.notify(err.Error() + "; the findings are listed without")
	}
	if changedAfterRead(inputs, r.files, &res.Counts, &doc.Findings) {
		report.SortFindings(doc.Findings)
	}
	if hooks.Findings != nil {
		if err := hooks.Findings(doc.Findings); err != nil {
			return nil, err
		}
		report.TrimFindings(doc, o.MaxExamples)
	}
	for _, in := range inputs {
		c := ""
		if in.Format.Text() {
			c = in.Compression.String()
		}
		doc.Inputs = append(doc.Inputs, report.Input{Path: in.Path, Format: in.Format.String(), Compression: c, Bytes: in.Bytes()})
	}
	for i, s := range table {
		doc.Inputs[i].Split = s
	}
	for _, sk := range r.skipped {
		doc.SkippedInputs = append(doc.SkippedInputs, report.SkippedInput{Path: sk.Path, Reason: sk.Reason})
	}
	doc.Summary = report.Summary{
		Counts: res.Counts, Tokens: res.Tokens.Total, DistinctTokens: res.Tokens.Distinct,
		FindingsByKind: report.FindingsByKind(doc.Findings, doc.Unlisted),
	}
	if res.Counts.RecordsRead > 0 {
		doc.Summary.BadRecordRate = roundRate(float64(res.Counts.BadRecords) / float64(res.Counts.RecordsRead))
	}
	// The run's time is the whole run's, second reads, export and
	// excerpts included, and so are its rates.
	seconds := elapsed()
	aopts := r.options(hooks)
	doc.Run = report.Run{Workers: aopts.Ingest.NumWorkers(), Seconds: roundRate(seconds)}
	if seconds > 0 {
		doc.Run.InputMBps = float64(int64(float64(total)/1e6/seconds*10)) / 10
		doc.Run.TextMBps = float64(int64(float64(res.Counts.TextBytes)/1e6/seconds*10)) / 10
	}
	return doc, nil
}

// excerptsLate turns excerptEarly off: the reference of tests.
var excerptsLate bool

// excerptEarly reports whether the excerpts the first read kept of each
// analysis' findings are filled as soon as it is finished
// (excerpt.AddKept in analysis.Options.Finished), alongside the other
// finishes, rather than in excerpt.Add once every analysis has finished:
// when every listed finding gets its excerpt (not ExcerptsShown's few,
// which depend on the order of all the findings) and no analysis reads
// the inputs twice (the kept texts are sealed when the second read
// starts). The excerpt of a finding depends on that finding alone, so
// the findings are the same. On the 200 MB corpus, scan --json, all
// the excerpts of the Parquet and the evasions' 3,352 of the JSONL
// (their windows are kept) but the near duplicates' are then filled
// while the near duplicates finish. Reading the rows not kept there too
// (excerpt.Add per analysis) saved the JSONL's re-read of 1,700 rows
// from the last thread but raised the peak RSS by 12-20 MB (178-186 to
// 190-205 MB), one read at a time or not: not kept.
func (r *scanRun) excerptEarly(hooks Hooks) bool {
	return !excerptsLate && r.listMax > 0 && (r.o.ExcerptsShown <= 0 || hooks.Findings != nil) &&
		!slices.ContainsFunc(r.specs, func(s *analysis.Spec) bool { return s.Second != nil })
}

// addExcerpts fills the excerpts of the findings fs (sorted) the caller
// shows: every one, or those a text summary shows (ScanConfig.ExcerptsShown).
func (r *scanRun) addExcerpts(ctx context.Context, hooks Hooks, fs []finding.Finding) error {
	opts := r.options(hooks).Ingest
	if r.o.ExcerptsShown <= 0 || hooks.Findings != nil {
		return excerpt.Add(ctx, r.inputs, r.files, opts, fs)
	}
	shown := report.TextShown(fs, r.o.ExcerptsShown)
	sub := make([]finding.Finding, len(shown))
	for j, i := range shown {
		sub[j] = fs[i]
	}
	err := excerpt.Add(ctx, r.inputs, r.files, opts, sub)
	for j, i := range shown {
		fs[i] = sub[j] // the excerpt, and a row id read (Rows is shared)
	}
	return err
}

// exportError says an export's error with the name of the export first
// ("--export-dedup out.jsonl: ...").
func (o *ScanConfig) exportError(err error) error {
	if f := o.ExportDedup.Flag; f != "" {
		return fmt.Errorf("%s %w", f, err)
	}
	return err
}

// wideEncoding is the error of an export whose inputs have a JSONL file
// in UTF-16 or UTF-32 (a file_encoding record in badByKind): its lines,
// all bad records, would be copied as they are, and the last, a lone NUL
// byte after the final "\n" of a UTF-16LE file, given a "\n" of its own.
// It names the file and the command that converts it (its file_encoding
// finding in fs, when listed).
func wideEncoding(badByKind map[string]int64, fs []finding.Finding) error {
	if _, ok := badByKind[ingest.BadFileEncoding]; !ok {
		return nil
	}
	for _, f := range fs {
		if f.Kind == finding.KindBadRecord && f.Subkind == ingest.BadFileEncoding && len(f.Rows) > 0 {
			return fmt.Errorf("copies UTF-8 input only: %s: %s", f.Rows[0].ID, f.Evidence)
		}
	}
	return errors.New("copies UTF-8 input only: an input is in UTF-16 or UTF-32 (see the file_encoding findings): convert it to UTF-8 first")
}

// place puts the results of the analyses after the token summary at
// their specs' report keys, adds their findings and gate metrics, and
// returns the rows the analyses would drop from a deduplicated copy,
// sorted.
func place(doc *report.Document, specs []*analysis.Spec, results []*analysis.Result) ([]ingest.Pos, error) {
	var drop []ingest.Pos
	// The findings are appended once into room for all of them: grown
	// append by append, the 6,948 of the benchmark Parquet's default
	// audit (144 bytes each) were copied about twice over, 0.35 ms on
	// one core after every analysis had finished.
	n := len(doc.Findings)
	for i := range specs {
		n += len(results[i].Findings)
	}
	doc.Findings = slices.Grow(doc.Findings, n-len(doc.Findings))
	for i, s := range specs {
		r := results[i]
		if err := doc.Place(s.Report, r.Section); err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		drop = mergePositions(drop, r.Drop)
		addResult(doc, r)
	}
	return drop, nil
}

// addResult appends an analysis' findings to the report, counts those
// it did not list and keeps its gate metrics.
func addResult(doc *report.Document, r *analysis.Result) {
	for name, v := range r.Metrics {
		if doc.Metrics == nil {
			doc.Metrics = map[string]float64{}
		}
		doc.Metrics[name] = v
	}
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

// checkOutputs refuses, before anything is read, outputs that would
// overwrite an input (the data, a profile, a --policy or --tokenizer
// file) or each other. See outfile.CheckOutputs.
func checkOutputs(outputs []outfile.Path, inputs []ingest.Input, more ...outfile.Path) error {
	ins := make([]outfile.Path, 0, len(inputs)+len(more))
	for _, in := range inputs {
		ins = append(ins, outfile.Path{Flag: "input", Path: in.Path})
	}
	return outfile.CheckOutputs(outputs, append(ins, more...))
}

// progressTotal is what a progress bar over inputs counts up to: their
// sizes, or -1 (a spinner with the bytes done) when a stream is among
// them, whose size is known only once read.
func progressTotal(inputs []ingest.Input) int64 {
	var total int64
	for _, in := range inputs {
		if in.IsStream() {
			return -1
		}
		total += in.Size
	}
	return total
}

// readBytes is the bytes read of the inputs (streams are measured as they
// are read).
func readBytes(inputs []ingest.Input) int64 {
	var total int64
	for _, in := range inputs {
		total += in.Bytes()
	}
	return total
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

// keepRowStateSmall lowers the garbage collector's target, unless GOGC
// is set. The analyses that keep state per row (Spec.PerRow: duplicates,
// outliers, label checks) make the live heap grow with the corpus, and
// the default target then doubles it: scan --all on the 2 GB corpus
// peaked at 1,032 MB with GOGC=100 and 802 MB with 50. The target is now
// 50% above the live heap that is not the row store's blocks
// (rowstore.PaceGC): the default audit of the 2 GB corpus went from 910 to
// 773 MB. The streaming part of a scan makes little garbage, so
// collecting more often costs little.
func keepRowStateSmall() {
	rowstore.PaceGC(50)
}

func roundRate(x float64) float64 {
	return float64(int64(x*1e6+0.5)) / 1e6
}
