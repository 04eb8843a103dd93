package analysis

import (
	"fmt"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
)

// Analyser is a mergeable accumulator: one check's state over the rows it
// has seen. A run gives each worker its own Analyser of every check, feeds
// it batches, merges the workers' in a fixed order and finishes the one
// that remains.
//
// The law. Add and Merge must satisfy, for any split of the input into
// batches b1, b2 (and so into workers or shards) and fresh analysers a, o
// of the same Spec and Config:
//
//	a.Add(b1); a.Add(b2)  ≡  a.Add(b1); o.Add(b2); a.Merge(o)
//
// where ≡ means that Finish gives the same Result, byte for byte once
// rendered. It holds exactly for counts, tables and row lists (every
// analysis of this project today); an analysis that keeps a sketch must
// state its bound in its Spec and hold it for every split. Merge is also
// associative, so that the workers' states may be merged in any tree;
// Run merges them left to right in worker order, which keeps runs easy
// to compare.
//
// Ownership. Add does not keep the batch or any slice of it: Arrow
// strings alias the batch's memory, which its caller releases after Add
// returns. Merge(o) takes o: o must be an analyser of the same Spec and
// Config (Merge returns an error for any other type), it is not used
// afterwards, and the receiver may keep or reuse its memory. The receiver
// stays owned by its caller.
//
// Add is called for every batch, never for every row: one interface call
// per batch is the cost of the contract.
type Analyser interface {
	// Add accumulates one batch.
	Add(b *ingest.Batch) error
	// Merge adds other's state to the receiver's; other is the
	// receiver's afterwards (see the law above).
	Merge(other Analyser) error
	// Finish turns the merged state into a Result. It is called once,
	// after the last Add or Merge.
	Finish(env *Env) (*Result, error)
}

// Trimmer is an Analyser that keeps scratch memory between batches,
// sized for the longest text it has read (a lowercased copy, its
// bitmaps, its word hashes): Trim drops it. Workers calls Trim on every
// worker's analysers when a read ends, before they are merged, so that
// the collection there (rowstore.CollectAfterRead) frees the scratch for
// the finishes. Trim changes no state: Add, Merge, Finish and Encode give
// after it what they gave before (Add makes new scratch).
//
// Tried and not kept (session 16): trimming a worker's analysers also
// after each batch holding a text of 64 KiB or more (256 KiB: five rows
// of the 200 MB mail JSONL, the longest 1.8 MB at 94% of the file), so
// that scratch sized for one long mail is not live for the rest of the
// read. Peak RSS did not move (175 MB before, 178 and 179 after; faults
// 36,300 against 37,100 and 38,100) nor did CPU (1.95 s before, 1.91 and
// 2.01), six alternated rounds at load 12-15: the dropped scratch is
// garbage until the next collection, and the peak is the late read's
// live heap (both workers' count tables and per-row blocks) plus the
// garbage made since the last collection.
type Trimmer interface {
	Trim()
}

// A WordReader reads the word hashes the token summary leaves on each
// batch (ingest.Batch.Words), and a WordWriter leaves them. Workers asks a
// worker's WordWriters for them before its first batch when one of its
// analysers is a WordReader, so that no batch is tokenised twice: asked
// at a reader's first Add (WordHashes.Want), the summary filled them only
// from each worker's second batch on, and the reader tokenised the first
// batch itself (near duplicates: 676 texts, 0.97 MB of the 200 MB JSONL,
// 1,556 texts and 2.1 MB of its Parquet).
type WordReader interface {
	ReadsWords()
}

// A WordWriter leaves its word hashes on each batch once WriteWords is
// called (see WordReader).
type WordWriter interface {
	WriteWords()
}

// askWords calls WriteWords on the WordWriters of as when as holds a
// WordReader.
func askWords(as []Analyser) {
	reads := false
	for _, a := range as {
		if _, ok := a.(WordReader); ok {
			reads = true
		}
	}
	if !reads {
		return
	}
	for _, a := range as {
		if w, ok := a.(WordWriter); ok {
			w.WriteWords()
		}
	}
}

// Env is what a finished analysis needs from the run that is not its
// state.
type Env struct {
	// Files is the run's file table: an ingest.Pos's File indexes it.
	Files []string
	// MaxExamples is how many findings of each kind a Result lists (0 or
	// less: none); the rest are counted in Unlisted. Unlike
	// Config.MaxExamples, 0 is not a default: the command has settled it.
	MaxExamples int
}

// Result is what a finished analysis gives the report, the same shape for
// every analysis: the report places Section under its Spec's Report key
// without knowing its type, gates read Metrics, and an export reads Drop.
type Result struct {
	// Section is the analysis' own part of the report (a
	// *dups.ExactResult, say), placed at its Spec's Report key.
	Section any
	// Findings are the findings listed, in the analysis' order.
	Findings []finding.Finding
	// Unlisted counts the findings of each kind not listed.
	Unlisted map[string]int64
	// Metrics are the values of the gate metrics the Spec offers
	// (Spec.Metrics), exact (a rate from its counts, not the rounded rate
	// of the section). A metric left out is 0.
	Metrics map[string]float64
	// Drop lists the rows a deduplicated copy of the input leaves out,
	// sorted by position, when Config.CollectDrops asks for them; nil
	// for an analysis that drops nothing.
	Drop []ingest.Pos
}

// Need is what an analysis needs from the input besides its text.
type Need uint8

// The needs of an analysis or of one of its metrics.
const (
	NeedLabel Need = 1 << iota // a label field
	NeedID                     // an id field
)

// Metric is a number an analysis offers to gates.
type Metric struct {
	Name string
	// Doc says what it is, in a phrase, without saying how it is asked
	// for: the command adds that.
	Doc string
	// Needs is what the metric needs beyond its analysis running.
	Needs Need
}

// Kind is a kind of finding an analysis makes.
type Kind struct {
	Name  string
	Needs Need // beyond its analysis running
}

// Config is the configuration every analysis is built from: the fields
// the run reads and each analysis' settings. An analysis reads the fields
// that concern it.
type Config struct {
	Label, ID string // the fields asked for, "" for none
	Files     int    // the inputs in the run's file table
	// WorkerBytes is the inputs' stored size over the first read's
	// workers (0: unknown, as for a stream): a hint for sizing each
	// worker's state up front (stats.Options.WorkerBytes).
	WorkerBytes int64

	TopN, TopPerLabel int // token summary: tokens listed
	// MaxExamples lists at most this many findings of each kind while
	// accumulating (0: the analysis' default, negative: none).
	MaxExamples int
	LLM         *llmtok.Tokenizer // token summary: a model tokenizer, or nil for words

	ExactNormalize string // exact duplicates: how texts are compared
	// DedupKey keys the exact duplicates' hash (dups.KeySize bytes; nil:
	// dups.ProcessKey, random, drawn once per process). Processes whose
	// states are merged must share one; the report does not depend on it.
	DedupKey             []byte
	NearWordJ, NearPairJ float64 // near duplicates: thresholds
	// CollectDrops asks the duplicate analyses for the positions of the
	// rows a deduplicated copy leaves out.
	CollectDrops bool

	// Splits names the dataset split of each input of the run's file
	// table, by file index (internal/splits), nil when the inputs are not
	// laid out as splits; EvalFiles marks the files of evaluation splits,
	// whose rows a duplicate cluster keeps rather than a training twin.
	Splits    []string
	EvalFiles []bool

	Folds     int     // label checks
	Seed      uint64  // label checks: fold assignment
	LabelMinP float64 // label checks: least probability of a suggestion
	// LabelConflicts asks the label checks for the label conflicts of
	// copies, when no duplicate check runs to report them.
	LabelConflicts bool

	SpanTokens int // repeated spans: least span length in tokens (0: the default)
}

// Spec describes one analysis: what it is called, what it needs, what it
// finds and offers to gates, and how to build it.
type Spec struct {
	// Name is the analysis' stable name ("dups.exact"); Version changes
	// when its state or result changes meaning.
	Name    string
	Version int
	// Report is where the Section goes in the report: the JSON key of its
	// field in report.Document, dotted for a nested one
	// ("duplicates.exact"); "" for the token summary, which makes the
	// report's frame.
	Report string
	// Needs is what the analysis needs to run at all.
	Needs Need
	// PerRow says that the analysis keeps state for every row, so that
	// its memory grows with the corpus (the run then collects garbage
	// more often: see audit.Scan).
	PerRow  bool
	Kinds   []Kind
	Metrics []Metric
	// New builds one worker's analyser.
	New func(c *Config) (Analyser, error)
	// Second, when set, makes the analysis read the input twice: it
	// builds the second pass from the merged first and returns the
	// factory of its per-worker analysers, whose merged Finish is the
	// analysis' result. It returns a nil factory when the first pass
	// decides alone; the first's Finish is then the result.
	Second func(first Analyser, c *Config) (Factory, error)
	// Decode, when set, reads a state that an Encoder of this spec
	// wrote (without its header: see Decode).
	Decode func(c *Config, state []byte) (Analyser, error)
	// DecodeSecond, when set, reads a state of an analyser of the second
	// pass built from first, the merged first pass (see DecodeSecond).
	DecodeSecond func(first Analyser, c *Config, state []byte) (Analyser, error)
}

// Factory makes one worker's analyser.
type Factory func() (Analyser, error)

// Registry is the list of analyses a command knows, in the order they see
// each batch and appear in reports.
type Registry []*Spec

// Lookup returns the spec named name, or nil.
func (r Registry) Lookup(name string) *Spec {
	for _, s := range r {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Offer is an analysis that offers a gate metric, and what the metric
// needs: the spec's Needs and the metric's own.
type Offer struct {
	Spec  *Spec
	Needs Need
}

// Offering returns the analyses that offer a gate metric (a Metric's
// name, or "findings.KIND" for each of its Kinds) in registry order: none
// for a metric of the run itself ("findings"), several for a finding kind
// that several analyses make (label_conflict).
func (r Registry) Offering(metric string) []Offer {
	var out []Offer
	for _, s := range r {
		for _, m := range s.Metrics {
			if m.Name == metric {
				out = append(out, Offer{s, s.Needs | m.Needs})
			}
		}
		for _, k := range s.Kinds {
			if "findings."+k.Name == metric {
				out = append(out, Offer{s, s.Needs | k.Needs})
			}
		}
	}
	return out
}

// Mismatch is Merge's error for an other of another type than into, for
// implementations: return analysis.Mismatch(d, other).
func Mismatch(into, other Analyser) error {
	return fmt.Errorf("analysis: cannot merge a %T into a %T", other, into)
}
