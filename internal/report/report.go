// Package report defines the versioned JSON report of a run and renders it
// for people. It computes nothing: every number it prints is in the
// Document, so the JSON, the terminal summary and (later) the Markdown and
// HTML are views of one thing.
//
// The schema is documented in docs/report.md. SchemaVersion changes when a
// field changes meaning or goes away; adding fields does not change it.
//
// # Naming rows
//
// Every renderer names a finding's row the same way: by its id (its --id
// value, else its place, file:line or file#row), and, for a bad record
// or a finding about one (finding.OfBadRecord) named by an id, by its
// place too, "bad-3 (train.jsonl:204)": the place is where a user fixes
// the record (badPlace). Other rows are named by id alone; the JSON and
// the --findings export give every row's file and line or row. An id is
// data of any length, cut in the Markdown and HTML tables; a place is
// shown whole, since a path cut short loses its line (rowName), and so
// is an input's path. compare's overlap rows, named by id or by place
// without saying which, are cut in the middle (shownName).
package report

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/backdoor"
	"github.com/dataaudit/dataaudit/internal/chat"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/outliers"
	"github.com/dataaudit/dataaudit/internal/poison"
	"github.com/dataaudit/dataaudit/internal/repeats"
	"github.com/dataaudit/dataaudit/internal/splits"
	"github.com/dataaudit/dataaudit/internal/stats"
	"github.com/dataaudit/dataaudit/internal/verdict"
)

// SchemaVersion is the version of the report's JSON schema.
const SchemaVersion = 1

// Document is the report of one run.
type Document struct {
	Schema        string            `json:"schema"`
	SchemaVersion int               `json:"schema_version"`
	Tool          Tool              `json:"tool"`
	Command       string            `json:"command"`
	Settings      Settings          `json:"settings"`
	Inputs        []Input           `json:"inputs"`
	Summary       Summary           `json:"summary"`
	Tokens        stats.TokenStats  `json:"tokens"`
	Lengths       stats.Lengths     `json:"lengths"`
	Labels        *stats.LabelStats `json:"labels,omitempty"`
	Duplicates    *Duplicates       `json:"duplicates,omitempty"`
	// Evasions counts the rows flagged per cleaning-evasion category (with
	// --evasions); a row may fall in several.
	Evasions map[string]int64 `json:"cleaning_evasions,omitempty"`
	// Outliers describes the outlier scoring (with --outliers).
	Outliers *outliers.Result `json:"outliers,omitempty"`
	// LabelChecks describes the label-error and trigger scan (with --label).
	LabelChecks *labels.Result `json:"label_checks,omitempty"`
	// Backdoors describes the backdoor scan of instruction and chat data
	// (with --backdoors).
	Backdoors *backdoor.Result `json:"backdoors,omitempty"`
	// Chat describes chat and instruction data: the shape detected,
	// prompts, responses and turns per role.
	Chat     *chat.Result      `json:"chat,omitempty"`
	Findings []finding.Finding `json:"findings"`
	// Unlisted counts, per finding kind, the findings not listed because
	// of --max-examples.
	Unlisted map[string]int64 `json:"findings_unlisted,omitempty"`
	// Splits holds the counts per dataset split and the evaluation rows
	// copied from training rows, when the inputs are laid out as splits.
	Splits *splits.Result `json:"splits,omitempty"`
	// Poison describes the poisoned-text check (with --poison).
	Poison *poison.Result `json:"poison,omitempty"`
	// Gates are the --fail-on thresholds and whether each was reached.
	Gates []GateResult `json:"gates,omitempty"`
	// Metrics are the gate metrics the analyses offered
	// (analysis.Result.Metrics), exact where the report rounds; gates
	// read them, the report does not show them.
	Metrics map[string]float64 `json:"-"`

	// RepeatedSpans describes the spans repeated across rows (with --spans).
	RepeatedSpans *repeats.Result `json:"repeated_spans,omitempty"`

	// Run holds what varies from run to run on the same input: timing and
	// the number of workers. Everything else is deterministic.
	Run Run `json:"run"`
	// SkippedInputs lists the files found in the directories given and not
	// read (an unknown extension, a hidden file, a .json taken for
	// metadata), with why, sorted by path.
	SkippedInputs []SkippedInput `json:"skipped_inputs,omitempty"`
}

// SkippedInput is a file a directory scan found and did not read.
type SkippedInput struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Duplicates holds the duplicate analyses (with --dedup, --near-dups).
type Duplicates struct {
	Exact *dups.ExactResult `json:"exact,omitempty"`
	// Near is the near-duplicate analysis (with --near-dups).
	Near *dups.NearResult `json:"near,omitempty"`
	// Export says what --export-dedup wrote.
	Export *Export `json:"export,omitempty"`
}

// Export describes a corpus written without its redundant rows. Kept
// counts every other line or row, bad records included.
type Export struct {
	Path        string `json:"path"`
	RowsKept    int64  `json:"rows_kept"`
	RowsDropped int64  `json:"rows_dropped"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Settings are the options that shape the results.
type Settings struct {
	Text        []string `json:"text"`
	Label       string   `json:"label,omitempty"`
	ID          string   `json:"id,omitempty"`
	Tokenizer   string   `json:"tokenizer"`
	TopN        int      `json:"top_n"`
	TopPerLabel int      `json:"top_per_label"`
	MaxExamples int      `json:"max_examples"`
	// LenientJSON is --lenient-json: JSONL was read as fastjson reads it,
	// not as strict RFC 8259 JSON.
	LenientJSON bool `json:"lenient_json,omitempty"`
	// Roles, Prompt and Response are --role, --prompt and --response.
	Roles    []string `json:"roles,omitempty"`
	Prompt   string   `json:"prompt,omitempty"`
	Response string   `json:"response,omitempty"`
}

// Input is one input file.
type Input struct {
	Path        string `json:"path"`
	Format      string `json:"format"`
	Compression string `json:"compression,omitempty"`
	Bytes       int64  `json:"bytes"`
	// Split is the dataset split the file belongs to, when the inputs
	// are laid out as splits (see Document.Splits).
	Split string `json:"split,omitempty"`
}

// Summary holds the headline counts and rates.
type Summary struct {
	stats.Counts
	BadRecordRate  float64          `json:"bad_record_rate"`
	Tokens         uint64           `json:"tokens"`
	DistinctTokens int              `json:"distinct_tokens"`
	FindingsByKind map[string]int64 `json:"findings_by_kind"`
	// Verdict is JudgeScan's judgement of the report (see docs/report.md,
	// "Verdict"); the gates, not it, decide the exit code.
	Verdict *verdict.Verdict `json:"verdict,omitempty"`
}

// Run describes how the run went.
type Run struct {
	Workers   int     `json:"workers"`
	Seconds   float64 `json:"seconds"`
	InputMBps float64 `json:"input_mb_per_s"`
	TextMBps  float64 `json:"text_mb_per_s"`
}

// GateResult is one --fail-on threshold checked against the report.
type GateResult struct {
	Gate    string  `json:"gate"`
	Value   float64 `json:"value"`
	Reached bool    `json:"reached"`
}

// FindingsByKind counts findings per kind, listed or not. It adds a run
// of one kind at a time (the findings come sorted by kind): a map
// assignment a finding was 0.1 ms of the benchmark Parquet's default
// audit, on one core after every finish.
func FindingsByKind(fs []finding.Finding, unlisted map[string]int64) map[string]int64 {
	m := map[string]int64{}
	for i := 0; i < len(fs); {
		j := kindRun(fs, i)
		m[fs[i].Kind] += int64(j - i)
		i = j
	}
	for k, n := range unlisted {
		m[k] += n
	}
	return m
}

// groupByKind groups findings by kind, keeping their order, at most n of
// each: the reports show the first few of each kind (the text and
// Markdown ExamplesPerKind, the HTML 25). Copying every finding into its
// group, a map assignment each, was 0.8 ms a run of the benchmark
// Parquet's default audit's text report (6,948 findings; perf record -a
// -g at 8 kHz, 5 runs), on one core after every analysis had finished
// (BenchmarkWriteTextFindings: 3.52 ms to 0.28). The findings come
// sorted by kind (SortFindings), so a kind is looked up once a run.
func groupByKind(fs []finding.Finding, n int) map[string][]finding.Finding {
	m := map[string][]finding.Finding{}
	for i := 0; i < len(fs); {
		j := kindRun(fs, i)
		g := m[fs[i].Kind]
		m[fs[i].Kind] = append(g, fs[i:i+min(j-i, max(n-len(g), 0))]...)
		i = j
	}
	return m
}

// kindRun returns the end of the run of findings of fs[i]'s kind that
// starts at i.
func kindRun(fs []finding.Finding, i int) int {
	k := fs[i].Kind
	j := i + 1
	for j < len(fs) && fs[j].Kind == k {
		j++
	}
	return j
}

// SortFindings orders findings by kind, keeping the order each analyser
// gave within a kind (stats lists them by position), so the report does
// not depend on the order the analysers ran in.
//
// It is a stable counting sort: the kinds are few (the benchmark
// Parquet's default audit lists 6,948 findings of 6 kinds), so each
// finding is moved once into its kind's place. sort.SliceStable, which
// it replaces, made O(n log n) comparisons of two copied 144-byte
// findings and O(n log² n) swaps through reflection: 0.65 ms a run of
// that audit (perf record -a -g at 8 kHz, 5 runs), on one core after
// every analysis has finished (BenchmarkSortFindings: 4.03 ms to 0.18).
func SortFindings(fs []finding.Finding) {
	if len(fs) < 2 {
		return
	}
	// dest[i] is first the index in kinds of fs[i]'s kind. An analysis
	// lists its findings of one kind together, mostly, so the last kind
	// found is tried first.
	var kinds []string
	dest := make([]int32, len(fs))
	last := -1
	sorted := true
	for i := range fs {
		k := fs[i].Kind
		if last < 0 || kinds[last] != k {
			last = slices.Index(kinds, k)
			if last < 0 {
				last = len(kinds)
				kinds = append(kinds, k)
			}
		}
		dest[i] = int32(last)
		if i > 0 && k < fs[i-1].Kind {
			sorted = false
		}
	}
	if sorted {
		return
	}
	// at[j] is where the next finding of kinds[j] goes: the findings of
	// the kinds that sort before it come first. The findings are then
	// moved into place (no second array of findings: 1 MB here).
	order := make([]int32, len(kinds))
	for j := range order {
		order[j] = int32(j)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(kinds[a], kinds[b]) })
	at := make([]int32, len(kinds))
	for _, j := range dest {
		at[j]++
	}
	n := int32(0)
	for _, j := range order {
		n, at[j] = n+at[j], n
	}
	// src[k] is the finding that goes to k; each cycle of the
	// permutation is rotated through one on the stack, so that each
	// finding moved is written once: a finding holds pointers, and
	// during a collection's mark phase (one often runs while the report
	// is made) every write of one to the heap goes through the write
	// barrier (wbMove, bulkBarrierPreWrite), twice a finding placed when
	// they were swapped.
	src := make([]int32, len(fs))
	for i, j := range dest {
		src[at[j]] = int32(i)
		at[j]++
	}
	for k := range src {
		if src[k] == int32(k) {
			continue
		}
		f := fs[k]
		j := int32(k)
		for {
			s := src[j]
			src[j] = j
			if s == int32(k) {
				fs[j] = f
				break
			}
			fs[j] = fs[s]
			j = s
		}
	}
}

// WriteJSON writes the document as indented JSON, as an Encoder with
// SetIndent("", "  ") and SetEscapeHTML(false) writes it: marshalled
// compact, then indented by writeIndented (see there why).
func WriteJSON(w io.Writer, d *Document) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return err
	}
	return writeIndented(w, buf.Bytes())
}
