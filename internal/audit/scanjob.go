package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/shards"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// This file runs a scan whose reading another program shares out among
// processes as it likes (dataaudit-beam: a pipeline whose elements are
// byte ranges and whole files), with the state files of package shards:
//
//	NewScanJob (launcher) ── Encode ──► every worker: OpenScanJob ── Read(spans) ──► KindScan state
//	                                    one worker:   OpenScanJob ── Merge(states, in plan order) ──► merged
//	launcher: Report(merged) ──► report, gates
//
// The merged state is a KindScan state file of one shard (0/1), so that
// dataaudit merge turns it into the report as well when the words were
// not cut into partitions (with them, its token summary holds only the
// partitions' top tokens, its duplicates only the clusters listed and the
// near-duplicate candidates, and Report takes their totals: SplitDups). Analyses that read
// the input twice are refused for now: their second pass needs the
// merged first pass on every worker.

// JobOptions are how a worker of a scan job reads: they do not shape
// its states, except ListAll, which must be the same for every worker and
// the report.
type JobOptions struct {
	Workers, BatchRows, ChunkBytes int
	// ListAll lists every finding (the Findings hook of Report).
	ListAll bool
	// TokenKey, when set, keys the hash that cuts the words into token
	// partitions (ReadTokens) instead of the job's key (shards.Key), which
	// whoever knows the inputs can compute, and so force the vocabulary
	// into one hot partition. The launcher draws it for each run and the
	// workers get it with these options; the report does not depend on it.
	TokenKey []byte
}

// ScanJob is a scan whose pieces other processes read: its settings,
// file table, skipped inputs and splits, fixed by the launcher.
type ScanJob struct {
	file     *shards.File
	run      *scanRun
	start    time.Time
	tokenKey []byte // JobOptions.TokenKey
}

// NewScanJob fixes the job of scan o over inputs, expanded by the caller
// from o's inputs (ExpandScanInputs), who closes them. Analyses that read
// the input twice and --export-dedup are refused.
func NewScanJob(ctx context.Context, o *ScanConfig, inputs []ingest.Input, skipped []ingest.Skipped, jo JobOptions) (*ScanJob, error) {
	if o.ExportDedup.Path != "" {
		return nil, UsageError{Err: errors.New("--export-dedup: a job of pieces cannot export yet; scan with dataaudit to export a deduplicated copy")}
	}
	settings, err := json.Marshal(o.settings())
	if err != nil {
		return nil, err
	}
	file := &shards.File{Kind: shards.KindScan, Shard: shards.Shard{K: 0, N: 1}, Settings: settings, Inputs: shards.InputsOf(inputs), Skipped: skipped}
	o.dedupKey = shards.Key(settings, file.Inputs)
	o.Workers, o.BatchRows, o.ChunkBytes = jo.Workers, jo.BatchRows, jo.ChunkBytes
	if err := checkOutputs(o.Outputs, inputs, o.Reads...); err != nil {
		return nil, UsageError{Err: err}
	}
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = in.Path
	}
	if file.Splits, err = o.splitTable(ctx, files); err != nil {
		return nil, NoReportError{err}
	}
	j := &ScanJob{file: file, run: o.newRun(inputs, skipped, file.Splits, jo.ListAll), start: time.Now(), tokenKey: jo.TokenKey}
	if err := j.readsOnce(); err != nil {
		return nil, err
	}
	return j, nil
}

// ExpandScanInputs expands the inputs of o (files, directories, globs,
// objects, and the paths of its SplitInputs) as a scan does.
func ExpandScanInputs(ctx context.Context, o *ScanConfig) ([]ingest.Input, []ingest.Skipped, error) {
	return ingest.ExpandSkipped(ctx, o.inputArgs())
}

// readsOnce refuses a job with an analysis that reads the input twice.
func (j *ScanJob) readsOnce() error {
	var twice []string
	for _, s := range j.run.specs {
		if s.Second != nil {
			twice = append(twice, s.Name)
		}
	}
	if len(twice) > 0 {
		return UsageError{Err: fmt.Errorf("%s read the input twice, which a job of pieces does not run yet: scan with dataaudit, or leave them out (--label-checks=false with --label)", strings.Join(twice, ", "))}
	}
	return nil
}

// Encode returns the job for its workers: a KindScan state file without
// states.
func (j *ScanJob) Encode() []byte { return j.file.Encode() }

// OpenScanJob reads a job (Encode's bytes) on a worker, whose inputs
// are the job's file table opened there: the same paths and sizes.
func OpenScanJob(data []byte, inputs []ingest.Input, jo JobOptions) (*ScanJob, error) {
	file, err := shards.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("scan job: %w", err)
	}
	if file.Kind != shards.KindScan || len(file.States) > 0 {
		return nil, fmt.Errorf("scan job: %s with %d states, want a scan shard without", file.Kind, len(file.States))
	}
	if got := shards.InputsOf(inputs); !slices.Equal(got, file.Inputs) {
		return nil, errors.New("scan job: the inputs opened here are not the job's (other paths or sizes: did a file change?)")
	}
	var set scanSettings
	if err := json.Unmarshal(file.Settings, &set); err != nil {
		return nil, fmt.Errorf("scan job: settings: %w", err)
	}
	o, err := set.config()
	if err != nil {
		return nil, err
	}
	o.Workers, o.BatchRows, o.ChunkBytes = jo.Workers, jo.BatchRows, jo.ChunkBytes
	o.dedupKey = shards.Key(file.Settings, file.Inputs)
	j := &ScanJob{file: file, run: o.newRun(inputs, file.Skipped, file.Splits, jo.ListAll), start: time.Now(), tokenKey: jo.TokenKey}
	if err := j.readsOnce(); err != nil {
		return nil, err
	}
	return j, nil
}

// Read runs the first pass of the job's analyses over spans of its
// inputs, one after the other, and returns their states as a KindScan
// state file.
func (j *ScanJob) Read(ctx context.Context, spans []*ingest.Span) ([]byte, error) {
	r := j.run
	factories := make([]analysis.Factory, len(r.specs))
	for i, s := range r.specs {
		factories[i] = func() (analysis.Analyser, error) { return s.New(r.cfg) }
	}
	aopts := r.options(Hooks{})
	aopts.Ingest.Spool = false // files only: read again where they are
	all, err := shards.RunSpans(ctx, r.inputs, aopts, spans, factories)
	if err != nil {
		return nil, err
	}
	out := *j.file
	if err := out.AddStates(r.specs, all); err != nil {
		return nil, err
	}
	return out.Encode(), nil
}

// Merge decodes the states of Read (those of every piece of the job, in
// plan order) and merges them into one KindScan state file of shard 0/1,
// which Report (or dataaudit merge, without tops) turns into the report.
// With token partitions (ReadTokens), tops are the partitions' top
// tokens (TopOfPartition), merged into the token summary in partition
// order.
func (j *ScanJob) Merge(states, tops [][]byte) ([]byte, error) {
	files := make([]shards.Named, len(states))
	for i, data := range states {
		f, err := shards.Decode(data)
		if err != nil {
			return nil, fmt.Errorf("piece %d: %w", i, err)
		}
		files[i] = shards.Named{Name: fmt.Sprintf("piece %d", i), File: f}
		if err := shards.Same(shards.Named{Name: "the job", File: j.file}, files[i]); err != nil {
			return nil, err
		}
	}
	if len(files) == 0 {
		empty, err := j.Read(context.Background(), nil) // no piece: the fresh states
		if err != nil {
			return nil, err
		}
		f, err := shards.Decode(empty)
		if err != nil {
			return nil, err
		}
		files = append(files, shards.Named{Name: "no piece", File: f})
	}
	merged, err := shards.MergeStates(j.run.specs, j.run.cfg, files)
	if err != nil {
		return nil, err
	}
	for p, top := range tops {
		a, err := analysis.Decode(stats.Spec, j.run.cfg, top)
		if err != nil {
			return nil, fmt.Errorf("token partition %d: %w", p, err)
		}
		if err := merged[0].Merge(a); err != nil { // specs[0] is stats.Spec
			return nil, fmt.Errorf("token partition %d: %w", p, err)
		}
	}
	out := *j.file
	if err := out.AddStates(j.run.specs, merged); err != nil {
		return nil, err
	}
	return out.Encode(), nil
}

// TokenTotals are the word counts of every token partition: the total
// and the distinct tokens; and the counts of the duplicates cut into
// partitions (SplitDups) with them.
type TokenTotals struct {
	Total    uint64
	Distinct int
	Dups     DupTotals
}

// ReadTokens is Read with the token summary's words cut into p
// partitions by token (stats.SplitTokens): it returns the state file,
// whose token summary holds no token, and each partition's state.
func (j *ScanJob) ReadTokens(ctx context.Context, spans []*ingest.Span, p int) ([]byte, [][]byte, error) {
	if j.run.o.LLM != nil {
		return nil, nil, errors.New("token partitions: the counts of an LLM tokenizer are by id; run without partitions")
	}
	data, err := j.Read(ctx, spans)
	if err != nil {
		return nil, nil, err
	}
	f, err := shards.Decode(data)
	if err != nil {
		return nil, nil, err
	}
	key := j.run.o.dedupKey
	if len(j.tokenKey) > 0 {
		key = j.tokenKey
	}
	rest, parts, err := stats.SplitTokens(j.run.cfg, f.States[0].Data, p, key)
	if err != nil {
		return nil, nil, err
	}
	f.States[0].Data = rest
	return f.Encode(), parts, nil
}

// TopOfPartition merges the states of one token partition, those of
// every piece in plan order, into the tokens that can reach the report's
// top lists (stats.TopOfPartition), and the partition's totals.
func (j *ScanJob) TopOfPartition(parts [][]byte) ([]byte, TokenTotals, error) {
	top, distinct, total, err := stats.TopOfPartition(j.run.cfg, parts)
	return top, TokenTotals{Total: total, Distinct: distinct}, err
}

// totalled is a token summary of the partitions' top tokens, finished
// with the totals of all partitions.
type totalled struct {
	analysis.Analyser
	totals TokenTotals
}

func (t totalled) Finish(env *analysis.Env) (*analysis.Result, error) {
	res, err := t.Analyser.Finish(env)
	if err != nil {
		return nil, err
	}
	r := res.Section.(*stats.Result)
	r.SetTokenTotals(t.totals.Total, t.totals.Distinct)
	res.Metrics = r.Metrics()
	return res, nil
}

// Report finishes the merged states of the job (Merge's) into its
// report, as Scan does: excerpts of the listed findings read again from
// the inputs, gates checked, the verdict given. The run's time is
// counted from NewScanJob.
// With token partitions, totals are the sums of the partitions'.
func (j *ScanJob) Report(ctx context.Context, merged []byte, totals *TokenTotals, hooks Hooks) (*report.Document, error) {
	file, err := shards.Decode(merged)
	if err != nil {
		return nil, DataError{fmt.Errorf("merged states: %w", err)}
	}
	if err := shards.Same(shards.Named{Name: "the job", File: j.file}, shards.Named{Name: "the merged states", File: file}); err != nil {
		return nil, DataError{err}
	}
	all, err := j.run.decode(file, "the merged states")
	if err != nil {
		return nil, DataError{err}
	}
	if totals != nil {
		all[0] = totalled{all[0], *totals}
		if err := j.totalledDups(all, totals.Dups); err != nil {
			return nil, DataError{err}
		}
	}
	doc, err := j.run.document(ctx, all, hooks, func() float64 { return time.Since(j.start).Seconds() })
	if err != nil {
		return nil, NoReportError{err}
	}
	if o := j.run.o; o.GateSet != nil {
		doc.Gates = o.GateSet.Check(o.Gates, doc)
	}
	return judged(doc), nil
}
