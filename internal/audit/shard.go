package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/shards"
)

// This file runs scan and profile as shards of a job array (package
// shards) and merges their state files:
//
//	scan --shard K/N ─► KindScan ─┐
//	                              ├─ MergeStates ─► report (no analysis reads twice)
//	                              └─ MergeStates ─► KindScanFirst ─┐
//	scan --shard K/N --pass1 FIRST ─► KindScanSecond ──────────────┴─ MergeStates ─► report
//	profile --shard K/N ─► KindProfile ─ MergeStates ─► profile
//
// A merge decodes the shards' states (analysis.Decode) and merges them
// with the analyses' own Merge, in shard order, then finishes them with
// the code of a one-process run: the report or profile is the same,
// byte for byte, but for the run's timings.

// scanSettings are the settings of a scan that shape its states and its
// report: every shard of a job has the same, and a merge rebuilds the
// scan's configuration from them. Workers and batch sizes are left out:
// the report does not depend on them.
type scanSettings struct {
	Text                          []string
	Label, ID                     string
	DetectShape                   bool
	Roles                         []ingest.Role
	Prompt, Response              string
	MaxLineBytes                  int
	LenientJSON                   bool
	MaxPageBytes                  int64
	Top, TopPerLabel, MaxExamples int
	Tokenizer, TokenizerName      string
	Dedup, NearDups, Evasions     bool
	Outliers, LabelChecks         bool
	ExactNormalize                string
	NearWordJ, NearPairJ          float64
	Folds                         int
	Seed                          uint64
	LabelMinP                     float64
	Backdoors, Poison, Spans      bool
	SpanTokens                    int
	NoSplits                      bool
	ToolVersion                   string
}

func (o *ScanConfig) settings() scanSettings {
	s := scanSettings{
		Text: o.Text, Label: o.Label, ID: o.ID, DetectShape: o.DetectShape, Roles: o.Roles, Prompt: o.Prompt, Response: o.Response,
		MaxLineBytes: o.MaxLineBytes, LenientJSON: o.LenientJSON, MaxPageBytes: o.MaxPageBytes,
		Top: o.Top, TopPerLabel: o.TopPerLabel, MaxExamples: o.MaxExamples, Tokenizer: o.Tokenizer,
		Dedup: o.Dedup, NearDups: o.NearDups, Evasions: o.Evasions, Outliers: o.Outliers, LabelChecks: o.LabelChecks,
		ExactNormalize: o.ExactNormalize, NearWordJ: o.NearWordJ, NearPairJ: o.NearPairJ,
		Folds: o.Folds, Seed: o.Seed, LabelMinP: o.LabelMinP,
		Backdoors: o.Backdoors, Poison: o.Poison, Spans: o.Spans, SpanTokens: o.SpanTokens, NoSplits: o.NoSplits,
		ToolVersion: o.ToolVersion,
	}
	if o.LLM != nil {
		s.TokenizerName = o.LLM.Name()
	}
	return s
}

// config is the ScanConfig the settings were taken from, its tokenizer
// loaded again.
func (s scanSettings) config() (*ScanConfig, error) {
	o := &ScanConfig{
		Text: s.Text, Label: s.Label, ID: s.ID, DetectShape: s.DetectShape, Roles: s.Roles, Prompt: s.Prompt, Response: s.Response,
		MaxLineBytes: s.MaxLineBytes, LenientJSON: s.LenientJSON, MaxPageBytes: s.MaxPageBytes,
		Top: s.Top, TopPerLabel: s.TopPerLabel, MaxExamples: s.MaxExamples, Tokenizer: s.Tokenizer,
		Dedup: s.Dedup, NearDups: s.NearDups, Evasions: s.Evasions, Outliers: s.Outliers, LabelChecks: s.LabelChecks,
		ExactNormalize: s.ExactNormalize, NearWordJ: s.NearWordJ, NearPairJ: s.NearPairJ,
		Folds: s.Folds, Seed: s.Seed, LabelMinP: s.LabelMinP,
		Backdoors: s.Backdoors, Poison: s.Poison, Spans: s.Spans, SpanTokens: s.SpanTokens, NoSplits: s.NoSplits,
		ToolVersion: s.ToolVersion,
	}
	if s.TokenizerName != "" {
		llm, err := llmtok.Load(s.Tokenizer)
		if err != nil {
			return nil, fmt.Errorf("the shards' tokenizer %s: %w", s.Tokenizer, err)
		}
		if llm.Name() != s.TokenizerName {
			return nil, fmt.Errorf("the shards' tokenizer %s is %s here, %s in the shards", s.Tokenizer, llm.Name(), s.TokenizerName)
		}
		o.LLM = llm
	}
	return o, nil
}

// ShardKeyEnv names the environment variable holding a secret that the
// shards and the merge of a job share (see shards.Key).
const ShardKeyEnv = shards.KeyEnv

// ScanShard runs shard sh of a scan: the first pass of its analyses over
// the shard's part of the inputs, or, given the merged first pass of all
// shards (pass1, a KindScanFirst state file; pass1Name names it), the
// analyses' second passes. It returns the state file to write.
func ScanShard(ctx context.Context, o *ScanConfig, sh shards.Shard, pass1 []byte, pass1Name string, hooks Hooks) ([]byte, error) {
	if o.ExportDedup.Path != "" {
		return nil, UsageError{Err: errors.New("a shard cannot export: scan the whole to export a deduplicated copy")}
	}
	settings, err := json.Marshal(o.settings())
	if err != nil {
		return nil, err
	}
	inputs, skipped, err := ingest.ExpandSkipped(ctx, o.inputArgs())
	if err != nil {
		return nil, NoReportError{err}
	}
	defer ingest.Close(inputs)
	pieces, err := shards.Plan(inputs, sh)
	if err != nil {
		return nil, UsageError{Err: err}
	}
	file := &shards.File{Kind: shards.KindScan, Shard: sh, Settings: settings, Inputs: shards.InputsOf(inputs), Skipped: skipped}
	o.dedupKey = shards.Key(settings, file.Inputs)
	r, err := o.prepareInputs(ctx, inputs, skipped, false)
	if err != nil {
		return nil, NoReportError{err}
	}
	file.Splits = r.table
	aopts := r.options(hooks)
	aopts.Ingest.Spool = false // files only: read again from disk
	if pass1 == nil {
		factories := make([]analysis.Factory, len(r.specs))
		for i, s := range r.specs {
			factories[i] = func() (analysis.Analyser, error) { return s.New(r.cfg) }
		}
		all, err := runPieces(ctx, inputs, aopts, pieces, factories, hooks)
		if err != nil {
			return nil, NoReportError{err}
		}
		if err := file.AddStates(r.specs, all); err != nil {
			return nil, NoReportError{err}
		}
		return file.Encode(), nil
	}
	first, err := shards.Decode(pass1)
	if err != nil {
		return nil, DataError{fmt.Errorf("%s: %w", pass1Name, err)}
	}
	if first.Kind != shards.KindScanFirst {
		return nil, UsageError{Err: fmt.Errorf("%s is %s, not %s (dataaudit merge of the first pass' shards writes it)", pass1Name, first.Kind, shards.KindScanFirst)}
	}
	if err := shards.Same(shards.Named{Name: pass1Name, File: first}, shards.Named{Name: "this shard", File: file}); err != nil {
		return nil, DataError{err}
	}
	firsts, err := r.decode(first, pass1Name)
	if err != nil {
		return nil, DataError{err}
	}
	file.Kind, file.First = shards.KindScanSecond, shards.Sum(pass1)
	var factories []analysis.Factory
	var at []int
	for i, s := range r.specs {
		if s.Second == nil {
			continue
		}
		f, err := s.Second(firsts[i], r.cfg)
		if err != nil {
			return nil, NoReportError{fmt.Errorf("%s: %w", s.Name, err)}
		}
		if f != nil {
			factories, at = append(factories, f), append(at, i)
		}
	}
	all, err := runPieces(ctx, inputs, aopts, pieces, factories, hooks)
	if err != nil {
		return nil, NoReportError{err}
	}
	for j, i := range at {
		data, err := analysis.EncodeSecond(r.specs[i], all[j])
		if err != nil {
			return nil, NoReportError{err}
		}
		file.States = append(file.States, shards.State{Name: r.specs[i].Name, Data: data})
	}
	return file.Encode(), nil
}

// runPieces runs the pieces of a shard (shards.Run), its progress
// shown as reading.
func runPieces(ctx context.Context, inputs []ingest.Input, aopts analysis.Options, pieces []shards.Piece, factories []analysis.Factory, hooks Hooks) ([]analysis.Analyser, error) {
	add, done := hooks.progress("reading", shards.Total(inputs, pieces))
	defer done()
	aopts.Ingest.Progress = add
	return shards.Run(ctx, inputs, aopts, pieces, factories)
}

// decode returns the analysers of the run's specs whose first-pass
// states file holds, in spec order.
func (r *scanRun) decode(file *shards.File, name string) ([]analysis.Analyser, error) {
	return shards.DecodeStates(r.specs, r.cfg, file, name)
}

// MergeResult is what a merge of state files gives: a profile, a scan
// report, or, for a scan some of whose analyses read the input twice,
// the merged first pass that the shards' second passes run on (a
// KindScanFirst state file).
type MergeResult struct {
	Profile *profile.Profile
	Report  *report.Document
	First   []byte
	// Shards is the number of shards merged.
	Shards int
}

// IsStateFile reports whether the file at path is a state file
// (shards.IsStateFile).
func IsStateFile(path string) (bool, error) { return shards.IsStateFile(path) }

// MergeStates reads the state files of cfg.Profiles (the shards of one
// profile or scan; for a scan's second pass, its merged first pass and
// the shards' second passes, in any order) and merges them.
func MergeStates(ctx context.Context, cfg *MergeConfig, hooks Hooks) (*MergeResult, error) {
	ins := make([]outfile.Path, len(cfg.Profiles))
	for i, p := range cfg.Profiles {
		ins[i] = outfile.Path{Flag: "state file", Path: p}
	}
	if err := outfile.CheckOutputs(cfg.Outputs, ins); err != nil {
		return nil, UsageError{Err: err}
	}
	var files []shards.Named
	var firsts []shards.Named
	var firstBytes []byte
	for _, path := range cfg.Profiles {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, NoReportError{err}
		}
		f, err := shards.Decode(data)
		if err != nil {
			return nil, DataError{fmt.Errorf("%s: %w", path, err)}
		}
		n := shards.Named{Name: path, File: f}
		if f.Kind == shards.KindScanFirst {
			firsts, firstBytes = append(firsts, n), data
			continue
		}
		files = append(files, n)
	}
	if len(firsts) > 1 {
		return nil, UsageError{Err: fmt.Errorf("%s and %s are both %s: give one", firsts[0].Name, firsts[1].Name, shards.KindScanFirst)}
	}
	if len(files) == 0 {
		return nil, UsageError{Err: errors.New("no shard's state given")}
	}
	kind := files[0].Kind
	if len(firsts) == 1 && kind != shards.KindScanSecond || kind == shards.KindScanSecond && len(firsts) == 0 {
		return nil, UsageError{Err: errors.New("a scan's second pass merges its merged first pass (from dataaudit merge) with the N shards of scan --shard K/N --pass1 FIRST")}
	}
	files, err := shards.Complete(files, kind)
	if err != nil {
		return nil, DataError{err}
	}
	// A scan's merge reads its inputs again for excerpts: no output
	// may be one of them either.
	ins = ins[:0]
	for _, in := range files[0].Inputs {
		if in.URL == "" {
			ins = append(ins, outfile.Path{Flag: "input", Path: in.Path})
		}
	}
	if err := outfile.CheckOutputs(cfg.Outputs, ins); err != nil {
		return nil, UsageError{Err: err}
	}
	start := time.Now()
	res := &MergeResult{Shards: len(files)}
	switch kind {
	case shards.KindProfile:
		res.Profile, err = mergeProfile(files, cfg.ToolVersion)
	case shards.KindScan:
		res.Report, res.First, err = mergeScan(ctx, files, nil, nil, hooks, start)
	case shards.KindScanSecond:
		res.Report, _, err = mergeScan(ctx, files, &firsts[0], firstBytes, hooks, start)
	default:
		err = UsageError{Err: fmt.Errorf("%s is %s: merge the shards it was merged from", files[0].Name, kind)}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// mergeScan merges the KindScan shards of a scan (first nil) into its
// report, or into its merged first pass when an analysis reads twice;
// or the KindScanSecond shards run on first into the report.
func mergeScan(ctx context.Context, files []shards.Named, first *shards.Named, firstBytes []byte, hooks Hooks, start time.Time) (*report.Document, []byte, error) {
	var set scanSettings
	if err := json.Unmarshal(files[0].Settings, &set); err != nil {
		return nil, nil, DataError{fmt.Errorf("%s: settings: %w", files[0].Name, err)}
	}
	o, err := set.config()
	if err != nil {
		return nil, nil, NoReportError{err}
	}
	inputs, err := files[0].Ingest()
	if err != nil {
		return nil, nil, DataError{fmt.Errorf("%s: %w", files[0].Name, err)}
	}
	o.dedupKey = shards.Key(files[0].Settings, files[0].Inputs)
	r := o.newRun(inputs, files[0].Skipped, files[0].Splits, false)
	elapsed := func() float64 { return time.Since(start).Seconds() }
	if first == nil {
		merged, err := shards.MergeStates(r.specs, r.cfg, files)
		if err != nil {
			return nil, nil, DataError{err}
		}
		if slices.ContainsFunc(r.specs, func(s *analysis.Spec) bool { return s.Second != nil }) {
			// The shards read again: the merged first passes go to them.
			out := &shards.File{Kind: shards.KindScanFirst, Shard: shards.Shard{K: 0, N: len(files)}, Settings: files[0].Settings,
				Inputs: files[0].Inputs, Skipped: files[0].Skipped, Splits: files[0].Splits}
			if err := out.AddStates(r.specs, merged); err != nil {
				return nil, nil, NoReportError{err}
			}
			return nil, out.Encode(), nil
		}
		doc, err := r.document(ctx, merged, hooks, elapsed)
		if err != nil {
			return nil, nil, NoReportError{err}
		}
		return judged(doc), nil, nil
	}
	if err := shards.Same(*first, files[0]); err != nil {
		return nil, nil, DataError{err}
	}
	sum := shards.Sum(firstBytes)
	for _, f := range files {
		if f.First != sum {
			return nil, nil, DataError{fmt.Errorf("%s ran its second pass on another first pass than %s", f.Name, first.Name)}
		}
	}
	merged, err := r.decode(first.File, first.Name)
	if err != nil {
		return nil, nil, DataError{err}
	}
	next := make([]int, len(files)) // each shard's next state
	for i, s := range r.specs {
		if s.Second == nil {
			continue
		}
		f, err := s.Second(merged[i], r.cfg)
		if err != nil {
			return nil, nil, NoReportError{fmt.Errorf("%s: %w", s.Name, err)}
		}
		if f == nil {
			continue
		}
		var acc analysis.Analyser
		for k, sh := range files {
			if next[k] >= len(sh.States) || sh.States[next[k]].Name != s.Name {
				return nil, nil, DataError{fmt.Errorf("%s holds no second pass of %s", sh.Name, s.Name)}
			}
			a, err := analysis.DecodeSecond(s, r.cfg, merged[i], sh.States[next[k]].Data)
			next[k]++
			if err != nil {
				return nil, nil, DataError{fmt.Errorf("%s: %w", sh.Name, err)}
			}
			if acc == nil {
				acc = a
			} else if err := acc.Merge(a); err != nil {
				return nil, nil, NoReportError{err}
			}
		}
		merged[i] = acc
	}
	for k, sh := range files {
		if next[k] != len(sh.States) {
			return nil, nil, DataError{fmt.Errorf("%s holds %d second passes, the scan runs %d", sh.Name, len(sh.States), next[k])}
		}
	}
	doc, err := r.document(ctx, merged, hooks, elapsed)
	if err != nil {
		return nil, nil, NoReportError{err}
	}
	return judged(doc), nil, nil
}

// judged gives a merged report its verdict, as Scan gives its own.
func judged(doc *report.Document) *report.Document {
	v := report.JudgeScan(doc)
	doc.Summary.Verdict = &v
	return doc
}

// profileSettings are the settings of a profile that shape its states,
// shared by the shards of a job (see scanSettings).
type profileSettings struct {
	Text         []string
	Label        string
	DetectShape  bool
	MaxLineBytes int
	LenientJSON  bool
	MaxPageBytes int64
	Top          int
	Tokenizer    profile.Tokenizer
	NoHash       bool
}

func (cfg *ProfileConfig) settings() profileSettings {
	in := cfg.Ingest
	return profileSettings{
		Text: in.Text, Label: in.Label, DetectShape: in.DetectShape, MaxLineBytes: in.MaxLineBytes, LenientJSON: in.LenientJSON,
		MaxPageBytes: in.MaxPageBytes, Top: cfg.Top, Tokenizer: cfg.Tokenizer, NoHash: cfg.NoHash,
	}
}

// options are the profile.Options of a merge of shards with these
// settings, the tokenizer loaded again.
func (s profileSettings) options(toolVersion string) (profile.Options, error) {
	o := profile.Options{
		Ingest: ingest.Options{Text: s.Text, Label: s.Label, DetectShape: s.DetectShape, MaxLineBytes: s.MaxLineBytes, LenientJSON: s.LenientJSON, MaxPageBytes: s.MaxPageBytes},
		TopN:   s.Top, Tokenizer: s.Tokenizer, ToolVersion: toolVersion, NoHash: s.NoHash,
	}
	if s.Tokenizer.TokenEncoding == profile.EncodingID {
		tok, err := LoadTokenizer(s.Tokenizer.Spec)
		if err != nil {
			return o, fmt.Errorf("the shards' tokenizer %s: %w", s.Tokenizer.Spec, err)
		}
		if !tok.Desc.Same(s.Tokenizer) {
			return o, fmt.Errorf("the shards' tokenizer %s is %s here, %s in the shards", s.Tokenizer.Spec, tok.Desc.Name, s.Tokenizer.Name)
		}
		o.LLM = tok.LLM
	}
	return o, nil
}

// profileConfig is the analysis configuration of a profile's token
// summary (as profile.NewAnalysers makes it) over files inputs.
func profileConfig(files int, o profile.Options) *analysis.Config {
	return &analysis.Config{Files: files, TopN: 1, TopPerLabel: 1, MaxExamples: -1, LLM: o.LLM}
}

// ProfileShard runs shard sh of a profile: the token summary and the rows
// per file over the shard's part of the inputs, and the SHA-256 of the
// files whose first byte it owns. It returns the state file to write.
func ProfileShard(ctx context.Context, cfg *ProfileConfig, sh shards.Shard, hooks Hooks) ([]byte, error) {
	settings, err := json.Marshal(cfg.settings())
	if err != nil {
		return nil, err
	}
	inputs, err := ingest.ExpandContext(ctx, cfg.Inputs)
	if err != nil {
		return nil, err
	}
	defer ingest.Close(inputs)
	if err := checkOutputs(cfg.Outputs, inputs, cfg.Reads...); err != nil {
		return nil, err
	}
	pieces, err := shards.Plan(inputs, sh)
	if err != nil {
		return nil, UsageError{Err: err}
	}
	o := profile.Options{Ingest: cfg.Ingest, TopN: cfg.Top, Tokenizer: cfg.Tokenizer, LLM: cfg.LLM, NoHash: cfg.NoHash}
	o.Ingest.Notify = hooks.notify
	factories := []analysis.Factory{
		func() (analysis.Analyser, error) { s, _ := profile.NewAnalysers(inputs, o); return s, nil },
		func() (analysis.Analyser, error) { _, r := profile.NewAnalysers(inputs, o); return r, nil },
	}
	all, err := runPieces(ctx, inputs, analysis.Options{Ingest: o.Ingest}, pieces, factories, hooks)
	if err != nil {
		return nil, err
	}
	file := &shards.File{Kind: shards.KindProfile, Shard: sh, Settings: settings, Inputs: shards.InputsOf(inputs)}
	if err := file.AddStates(shards.ProfileSpecs, all); err != nil {
		return nil, err
	}
	if !cfg.NoHash {
		file.Hashes = make([]string, len(inputs))
		for _, p := range pieces {
			if p.Start == 0 && inputs[p.File].Err() == nil {
				if file.Hashes[p.File], _, err = profile.HashInput(ctx, inputs[p.File]); err != nil {
					return nil, err
				}
			}
		}
	}
	return file.Encode(), nil
}

// mergeProfile merges the KindProfile shards of a profile into the
// profile one process makes: the token summaries decoded and merged with
// stats.Summary.Merge (shards.MergeProfile), then assembled by
// profile.Assemble, as profile.Build assembles its own.
func mergeProfile(files []shards.Named, toolVersion string) (*profile.Profile, error) {
	var set profileSettings
	if err := json.Unmarshal(files[0].Settings, &set); err != nil {
		return nil, DataError{fmt.Errorf("%s: settings: %w", files[0].Name, err)}
	}
	o, err := set.options(toolVersion)
	if err != nil {
		return nil, NoReportError{err}
	}
	inputs, err := files[0].Ingest()
	if err != nil {
		return nil, DataError{fmt.Errorf("%s: %w", files[0].Name, err)}
	}
	c := profileConfig(len(inputs), o)
	sum, rows, hashes, err := shards.MergeProfile(files, c, len(inputs))
	if err != nil {
		return nil, DataError{err}
	}
	p, err := profile.Assemble(inputs, sum, rows, hashes, o)
	if err != nil {
		return nil, NoReportError{err}
	}
	return p, nil
}
