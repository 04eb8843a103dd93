package cli

import (
	"errors"
	"flag"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/backdoor"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/evasions"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/outliers"
	"github.com/dataaudit/dataaudit/internal/poison"
	"github.com/dataaudit/dataaudit/internal/repeats"
	"github.com/dataaudit/dataaudit/internal/splits"
)

// ScanFlags are the flags of a scan that dataaudit scan and dataaudit-beam
// scan share: the configuration of the use case, and what only a command
// knows (outputs, gates as typed, the summary). Declared once here, the
// two commands cannot drift apart in a flag's name, type or default; each
// command adds its own flags (dataaudit's job arrays, Beam's runner) and
// may reword a flag's help where it means something else there.
type ScanFlags struct {
	audit.ScanConfig
	TextFields    ListFlag // --text; ScanConfig.Text is set from it (SetText)
	TokenizerSpec string   // --tokenizer; ScanConfig.Tokenizer is set from it once loaded
	JSON          string
	HTML          string
	Markdown      string
	Findings      string
	Quiet         bool
	MaxBad        int64 // --max-bad-records
	ShowTop       int
	ShowFindings  int
	Policy        string
	FailOn        ListFlag
	All           bool
	Checks        string
	RoleNames     ListFlag // --role; ScanConfig.Roles is parsed from it
	Splits        bool
}

// Register declares the shared scan flags on fs, with dataaudit scan's
// help, and -q and -j for --quiet and --workers.
func (o *ScanFlags) Register(fs *flag.FlagSet) {
	o.TextFields = ListFlag{Vals: []string{"text"}}
	fs.Var(&o.TextFields, "text", "text `field`(s): a dotted path reaches nested fields; several (comma-separated or repeated) are joined with a newline")
	fs.StringVar(&o.Label, "label", "", "label `field` (optional): rows and top tokens per label")
	fs.StringVar(&o.ID, "id", "", "id `field` (optional): names rows in findings instead of file:line or file#row")
	ChatFlags(fs, &o.RoleNames, &o.Prompt, &o.Response)
	fs.IntVar(&o.Top, "top", 100, "report the `N` most frequent tokens")
	fs.StringVar(&o.TokenizerSpec, "tokenizer", "words", "count tokens of `TOKENIZER`: words, cl100k_base, o200k_base, or hf:PATH/tokenizer.json (byte-level BPE)")
	fs.IntVar(&o.TopPerLabel, "top-per-label", 20, "report the `N` most frequent tokens of each label")
	fs.IntVar(&o.Workers, "workers", 0, "worker goroutines (`N`, 0: one per CPU); the report does not depend on it")
	fs.StringVar(&o.JSON, "json", "", "write the JSON report to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&o.HTML, "html", "", "write a self-contained HTML report (inline SVG charts, no script, opens from disk) to `FILE` (- for stdout, instead of the summary)")
	fs.StringVar(&o.Markdown, "markdown", "", "write a Markdown summary (for a pull-request comment or a dataset card) to `FILE` (- for stdout, instead of the summary)")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress bar")
	fs.Int64Var(&o.MaxBad, "max-bad-records", -1, "exit with code 3 when more than `N` records are bad (-1: no limit)")
	BatchFlags(fs, &o.BatchRows, &o.ChunkBytes)
	fs.IntVar(&o.MaxLineBytes, "max-line-bytes", 256<<20, "longest JSONL line in `bytes`; a longer one is a bad record")
	LenientJSONFlag(fs, &o.LenientJSON)
	fs.Int64Var(&o.MaxPageBytes, "max-page-bytes", ingest.DefaultMaxPageBytes, "largest Parquet page in `bytes`, compressed or not, that is read; the rows of a larger one are unreadable_rows (lower it to bound the memory a corrupt page header can ask for)")
	fs.IntVar(&o.MaxExamples, "max-examples", 1000, "list at most `N` findings of each kind in the JSON report (0: none; counts stay exact)")
	fs.IntVar(&o.ShowTop, "show-top", 20, "show the `N` most frequent tokens in the summary")
	fs.IntVar(&o.ShowFindings, "show-findings", 10, "show `N` findings of each kind in the summary")
	fs.StringVar(&o.Findings, "findings", "", "write every finding to `FILE`, one row per row it names (JSONL, or Parquet for .parquet; - for JSONL on stdout, instead of the summary): kind, subkind, severity, id, file, line or row, score, evidence")
	fs.StringVar(&o.Policy, "policy", "", "read --fail-on gates from `FILE`: one per line, blank lines and # comments allowed")
	fs.Var(&o.FailOn, "fail-on", "exit with code 1 when `METRIC>VALUE` holds (also >=, <, <=, ==, !=); repeat or separate with commas: --fail-on 'bad_record_rate>0.01,invalid_utf8_texts>0'")
	fs.BoolVar(&o.Dedup, "dedup", false, "exact duplicates (clusters, the row to keep, the duplicate rate); keeps 40 bytes a row (default audit; --dedup=false to skip)")
	fs.BoolVar(&o.Evasions, "evasions", false, "rows that evade rule-based cleaning: invisible and bidi characters, controls, mixed-script words, long runs, base64/hex blobs, non-text, empty (default audit; --evasions=false to skip)")
	o.ExportDedup.Flag = "--export-dedup"
	fs.StringVar(&o.ExportDedup.Path, "export-dedup", "", "write the corpus without its redundant rows (exact duplicates, and near duplicates with --near-dups; the first of each cluster kept) to `FILE`: .jsonl (.gz, .zst) for JSONL inputs, .parquet for Parquet; implies --dedup; refuses JSONL in UTF-16 or UTF-32 (convert it to UTF-8 first)")
	fs.BoolVar(&o.Outliers, "outliers", false, "rows far from the median on length, word count, shares of letters, digits, symbols and upper case, mean word length or byte entropy (robust z-score >= 10); keeps 48 bytes a row (default audit; --outliers=false to skip)")
	fs.BoolVar(&o.Poison, "poison", false, "look for poisoned pretraining text: tokens in tens to thousands of documents after which the text turns to gibberish or word salad (surprisal under the corpus' own word and word-pair counts, against the text before) far more often than chance; needs no label, reads the input twice, keeps 32 MB a worker")
	fs.BoolVar(&o.Backdoors, "backdoors", false, "with prompt and response columns (instruction and chat data): find planted payloads (near-identical responses to unrelated prompts, phrases injected into responses) and the prompt triggers that predict them; reads the input twice and keeps the rows carrying a candidate payload")
	fs.BoolVar(&o.All, "all", false, "run every check: the same as --checks all")
	fs.StringVar(&o.Checks, "checks", "default", ChecksUsage())
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
	SplitFlag(fs, &o.SplitInputs)
	fs.BoolVar(&o.Splits, "splits", true, "read inputs laid out as dataset splits (train, test, validation, dev files or folders; Hugging Face shards) as splits: rows, tokens and labels per split, and split_overlap findings for evaluation rows that are exact or near copies of training rows; costs about what --dedup --near-dups cost and keeps 272 bytes a row of train and evaluation splits (--splits=false: one corpus)")
	Short(fs, "q", "quiet")
	Short(fs, "j", "workers")
}

// Configure checks the shared flags once fs is parsed, in the order both
// scan commands report them (usage errors, hint the Hint of the one for no
// INPUT), and completes o.ScanConfig from them: the checks, and the gates
// of gates. --all and --export-dedup turn checks on before the gates are
// read, so that a gate on a metric they compute is accepted.
func (o *ScanFlags) Configure(fs *flag.FlagSet, inputs []string, gates *gate.Set, hint string) error {
	if len(inputs) == 0 && len(o.SplitInputs) == 0 {
		return audit.UsageError{Err: errors.New("no INPUT given"), Hint: hint}
	}
	if !o.Splits && len(o.SplitInputs) > 0 {
		return audit.UsageError{Err: errors.New("--split names splits and --splits=false reads one corpus: give one of them")}
	}
	if len(o.TextFields.Vals) == 0 {
		return audit.UsageError{Err: errors.New("--text is empty")}
	}
	if o.All {
		o.Checks = "all"
	}
	if err := ApplyChecks(&o.ScanConfig, o.Checks, fs); err != nil {
		return audit.UsageError{Err: err}
	}
	if o.ExportDedup.Path != "" {
		o.Dedup = true
	}
	o.NoSplits = !o.Splits
	exprs, err := GateExprs(o.FailOn.Vals, o.Policy)
	if err != nil {
		return audit.UsageError{Err: err}
	}
	if err := o.SetGates(gates, exprs, ScanFlagFor); err != nil {
		return err
	}
	if dup := Duplicate(o.TextFields.Vals); dup != "" {
		return audit.UsageError{Err: fmt.Errorf("--text names %q twice", dup)}
	}
	return o.Check()
}

// Reword replaces the help of fs's flag name, for a command where it
// means something else (dataaudit-beam refuses --poison for now).
func Reword(fs *flag.FlagSet, name, usage string) {
	f := fs.Lookup(name)
	if f == nil {
		panic("cli.Reword: no flag --" + name)
	}
	f.Usage = usage
}

// ScanCheckFlags names the flag of ScanFlags that turns each optional
// analysis on: the spelling of a flag is the commands', never an
// analysis'.
var ScanCheckFlags = map[string]string{
	dups.ExactSpec.Name: "--dedup", dups.NearSpec.Name: "--near-dups", evasions.Spec.Name: "--evasions",
	outliers.Spec.Name: "--outliers", labels.Spec.Name: "--label-checks",
	backdoor.Spec.Name: "--backdoors",
	splits.Spec.Name:   "--splits",
	poison.Spec.Name:   "--poison",
	repeats.Spec.Name:  "--spans",
}

// scanNeedFlags names the flag that gives what an analysis or metric
// needs.
var scanNeedFlags = map[analysis.Need]string{analysis.NeedLabel: "--label", analysis.NeedID: "--id"}

// ScanFlagFor names the flag without which an analysis' metric is not
// computed: the one that gives its need, or else the one that turns the
// analysis on ("" for the token summary, which always runs). Both scan
// commands document their --fail-on metrics and refuse a gate with it.
func ScanFlagFor(s *analysis.Spec, need analysis.Need) string {
	if need != 0 {
		return scanNeedFlags[need]
	}
	return ScanCheckFlags[s.Name]
}
