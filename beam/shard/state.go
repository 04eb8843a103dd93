package shard

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// Part is what a shard gives the final merge: the portable states of the
// profile's analyses over the shard's records, or (Hash set) the SHA-256
// of a whole file.
type Part struct {
	Index   int // the shard's; -1 for a hash
	File    int
	Summary []byte // stats.Spec state
	Rows    []byte // stats.FileRowsSpec state
	Hash    string
	// Planned marks a shard the plan holds (no state): the merge refuses
	// to finish without the state of every planned shard, so that a
	// runner that loses one is an error, never a smaller profile.
	Planned bool
}

// config is the analysis configuration the profile's states are decoded
// with: that of profile.NewAnalysers.
func config(inputs []ingest.Input) *analysis.Config {
	return &analysis.Config{Files: len(inputs), TopN: 1, TopPerLabel: 1, MaxExamples: -1}
}

// ReadProfile reads one shard with the profile's analyses and returns
// their states.
func ReadProfile(ctx context.Context, inputs []ingest.Input, sh Shard, o profile.Options) (Part, error) {
	iopts := o.Ingest
	iopts.Span = sh.Span()
	all, err := analysis.Run(ctx, inputs, analysis.Options{Ingest: iopts}, []analysis.Factory{
		func() (analysis.Analyser, error) { s, _ := profile.NewAnalysers(inputs, o); return s, nil },
		func() (analysis.Analyser, error) { _, r := profile.NewAnalysers(inputs, o); return r, nil },
	})
	if err != nil {
		return Part{}, fmt.Errorf("shard %d: %w", sh.Index, err)
	}
	p := Part{Index: sh.Index, File: sh.File}
	if p.Summary, err = analysis.Encode(stats.Spec, all[0]); err != nil {
		return Part{}, err
	}
	if p.Rows, err = analysis.Encode(stats.FileRowsSpec, all[1]); err != nil {
		return Part{}, err
	}
	return p, nil
}

// HashPart returns the SHA-256 of input file as a Part.
func HashPart(ctx context.Context, inputs []ingest.Input, file int) (Part, error) {
	in := inputs[file]
	if in.Err() != nil {
		return Part{Index: -1, File: file}, nil // unreadable: a finding, no hash
	}
	h, _, err := profile.HashInput(ctx, in)
	if err != nil {
		return Part{}, err
	}
	return Part{Index: -1, File: file, Hash: h}, nil
}

// MergeProfile merges the parts of every shard in plan order and makes
// the profile, as profile.Build makes it in one process.
func MergeProfile(inputs []ingest.Input, parts []Part, o profile.Options) (*profile.Profile, error) {
	sum, rows, hashes, err := merge(inputs, parts, o)
	if err != nil {
		return nil, err
	}
	return profile.Assemble(inputs, sum, rows, hashes, o)
}

// merge decodes and merges the parts in plan order.
func merge(inputs []ingest.Input, parts []Part, o profile.Options) (*stats.Summary, *stats.FileRows, []string, error) {
	parts = slices.Clone(parts)
	slices.SortFunc(parts, func(a, b Part) int { return cmp.Compare(a.Index, b.Index) })
	c := config(inputs)
	var sum, rows analysis.Analyser // the first shard's, into which the others merge
	hashes := make([]string, len(inputs))
	seen, planned := map[int]bool{}, map[int]bool{}
	for _, p := range parts {
		if p.File < 0 || p.File >= len(inputs) {
			return nil, nil, nil, fmt.Errorf("shard %d: file %d is not among the %d inputs", p.Index, p.File, len(inputs))
		}
		if p.Index < 0 {
			hashes[p.File] = p.Hash
			continue
		}
		if p.Planned {
			planned[p.Index] = true
			continue
		}
		if seen[p.Index] {
			return nil, nil, nil, fmt.Errorf("shard %d: given twice", p.Index)
		}
		seen[p.Index] = true
		s, err := analysis.Decode(stats.Spec, c, p.Summary)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("shard %d: %w", p.Index, err)
		}
		r, err := analysis.Decode(stats.FileRowsSpec, c, p.Rows)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("shard %d: %w", p.Index, err)
		}
		if sum == nil {
			sum, rows = s, r
			continue
		}
		if err := sum.Merge(s); err != nil {
			return nil, nil, nil, fmt.Errorf("shard %d: %w", p.Index, err)
		}
		if err := rows.Merge(r); err != nil {
			return nil, nil, nil, fmt.Errorf("shard %d: %w", p.Index, err)
		}
	}
	if sum == nil { // no shard: the inputs are empty
		s, r := profile.NewAnalysers(inputs, o)
		sum, rows = s, r
	}
	for i := range planned {
		if !seen[i] {
			return nil, nil, nil, fmt.Errorf("shard %d: planned but its state never came", i)
		}
	}
	for i := range seen {
		if !planned[i] {
			return nil, nil, nil, fmt.Errorf("shard %d: a state of a shard the plan does not hold", i)
		}
	}
	return sum.(*stats.Summary), rows.(*stats.FileRows), hashes, nil
}

// ScanPart is what a shard of a scan gives the final merge: the KindScan
// state file of its analyses (audit.ScanJob.Read), or (Planned set, no
// state) the mark of a shard the plan holds, so that a runner that
// loses a shard's state fails the merge instead of shrinking the report;
// or, Partition > 0, the top tokens of token partition Partition-1
// (audit.ScanJob.TopOfPartition) with its totals and the shards it
// merged; or, DupPartition > 0, the exact duplicates' result of
// duplicates' partition DupPartition-1 (DupsOfPartition), with the
// shards whose rows (Shards) and band keys (NearShards) it merged; or
// (Candidates) shard Index's near-duplicate candidates and its rows
// (NearCandidates).
type ScanPart struct {
	Index   int
	State   []byte
	Planned bool

	Partition int
	Total     uint64
	Distinct  int
	Shards    []int

	DupPartition int
	NearShards   []int
	Candidates   bool
	NearRows     int64
}

// TokenPart is one shard's words of one token partition
// (audit.ScanJob.ReadTokens).
type TokenPart struct {
	Shard int
	Data  []byte
}

// ReadScan reads one shard with the scan job's analyses; with p > 0
// token partitions it also returns the shard's words of each.
func ReadScan(ctx context.Context, job *audit.ScanJob, sh Shard, p int) (ScanPart, []TokenPart, error) {
	spans := []*ingest.Span{sh.Span()}
	if p == 0 {
		state, err := job.Read(ctx, spans)
		if err != nil {
			return ScanPart{}, nil, fmt.Errorf("shard %d: %w", sh.Index, err)
		}
		return ScanPart{Index: sh.Index, State: state}, nil, nil
	}
	state, parts, err := job.ReadTokens(ctx, spans, p)
	if err != nil {
		return ScanPart{}, nil, fmt.Errorf("shard %d: %w", sh.Index, err)
	}
	tp := make([]TokenPart, len(parts))
	for i, d := range parts {
		tp[i] = TokenPart{Shard: sh.Index, Data: d}
	}
	return ScanPart{Index: sh.Index, State: state}, tp, nil
}

// TopOfPartition merges the shards' words of token partition p, in plan
// order, into the partition's top tokens and totals.
func TopOfPartition(job *audit.ScanJob, p int, parts []TokenPart) (ScanPart, error) {
	parts = slices.Clone(parts)
	slices.SortFunc(parts, func(a, b TokenPart) int { return cmp.Compare(a.Shard, b.Shard) })
	out := ScanPart{Index: -1, Partition: p + 1}
	data := make([][]byte, len(parts))
	for i, tp := range parts {
		if i > 0 && parts[i-1].Shard == tp.Shard {
			return ScanPart{}, fmt.Errorf("token partition %d: shard %d given twice", p, tp.Shard)
		}
		data[i] = tp.Data
		out.Shards = append(out.Shards, tp.Shard)
	}
	top, totals, err := job.TopOfPartition(data)
	if err != nil {
		return ScanPart{}, fmt.Errorf("token partition %d: %w", p, err)
	}
	out.State, out.Total, out.Distinct = top, totals.Total, totals.Distinct
	return out, nil
}

// Merged is what the final merge of a scan writes for the launcher: the
// merged state file, and with token partitions their totals (and the
// duplicates', cut into as many partitions).
type Merged struct {
	State      []byte
	Partitions int
	Tokens     audit.TokenTotals
}

// MergeScan checks that parts hold the state of every planned shard,
// once, and of no other, and with p token partitions the top tokens of
// each, merged from every shard, and merges the states in plan order
// (audit.ScanJob.Merge); with p partitions of the duplicates too, it
// checks and merges theirs (mergeDups).
func MergeScan(job *audit.ScanJob, parts []ScanPart, p int) (Merged, error) {
	planned, states := map[int]bool{}, map[int][]byte{}
	tops, dups, cands := make([]*ScanPart, p), make([]*ScanPart, p), map[int]*ScanPart{}
	for i := range parts {
		switch q := &parts[i]; {
		case q.Partition > 0:
			if q.Partition > p || tops[q.Partition-1] != nil {
				return Merged{}, fmt.Errorf("token partition %d: unexpected or given twice", q.Partition-1)
			}
			tops[q.Partition-1] = q
		case q.DupPartition > 0:
			if q.DupPartition > p || dups[q.DupPartition-1] != nil {
				return Merged{}, fmt.Errorf("duplicates' partition %d: unexpected or given twice", q.DupPartition-1)
			}
			dups[q.DupPartition-1] = q
		case q.Candidates:
			if p == 0 || cands[q.Index] != nil {
				return Merged{}, fmt.Errorf("shard %d: near-duplicate candidates unexpected or given twice", q.Index)
			}
			cands[q.Index] = q
		case q.Planned:
			planned[q.Index] = true
		case states[q.Index] != nil:
			return Merged{}, fmt.Errorf("shard %d: given twice", q.Index)
		default:
			states[q.Index] = q.State
		}
	}
	var order []int
	for i := range planned {
		if states[i] == nil {
			return Merged{}, fmt.Errorf("shard %d: planned but its state never came", i)
		}
		order = append(order, i)
	}
	for i := range states {
		if !planned[i] {
			return Merged{}, fmt.Errorf("shard %d: a state of a shard the plan does not hold", i)
		}
	}
	slices.Sort(order)
	all := make([][]byte, len(order))
	for k, i := range order {
		all[k] = states[i]
	}
	out := Merged{Partitions: p}
	topStates := make([][]byte, p)
	for i, t := range tops {
		if t == nil {
			return Merged{}, fmt.Errorf("token partition %d: its top tokens never came", i)
		}
		if !slices.Equal(t.Shards, order) {
			return Merged{}, fmt.Errorf("token partition %d: merged shards %v, the plan holds %v", i, t.Shards, order)
		}
		topStates[i] = t.State
		out.Tokens.Total += t.Total
		out.Tokens.Distinct += t.Distinct
	}
	merged, err := job.Merge(all, topStates)
	if err != nil {
		return Merged{}, err
	}
	out.State, out.Tokens.Dups, err = mergeDups(job, merged, order, p, dups, cands)
	return out, err
}
