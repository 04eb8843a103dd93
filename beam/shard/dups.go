package shard

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/dataaudit/dataaudit/internal/audit"
)

// DupPart is one shard's share of the duplicates cut into partitions
// (audit.ScanJob.SplitDups): the exact duplicates' rows of a partition,
// or (Near) the band keys of a partition; or, out of SplitDups, the
// shard's whole near-duplicate state; or, out of DupsOfPartition, the
// band keys partition Shard shares (Near).
type DupPart struct {
	Shard int
	Near  bool
	Data  []byte
}

// SplitDups cuts the duplicates' rows out of a shard's state (part, of
// ReadScan, whose State it replaces by the rest) into p partitions: it
// returns the parts for each partition, and the shard's near-duplicate
// state (nil Data without near duplicates) for NearCandidates.
func SplitDups(job *audit.ScanJob, part *ScanPart, p int) ([][]DupPart, DupPart, error) {
	rest, exact, keys, near, err := job.SplitDups(part.State, p)
	if err != nil {
		return nil, DupPart{}, fmt.Errorf("shard %d: %w", part.Index, err)
	}
	part.State = rest
	out := make([][]DupPart, p)
	for q := range out {
		if exact != nil {
			out[q] = append(out[q], DupPart{Shard: part.Index, Data: exact[q]})
		}
		if keys != nil {
			out[q] = append(out[q], DupPart{Shard: part.Index, Near: true, Data: keys[q]})
		}
	}
	return out, DupPart{Shard: part.Index, Near: true, Data: near}, nil
}

// DupsOfPartition merges the shards' parts of duplicates' partition q of
// p: it returns, for the final merge, the exact duplicates' result of
// the partition (audit.ScanJob.ExactOfPartition) with the shards it
// merged, and, for every shard's NearCandidates, the band keys the
// partition's rows share (ok false without near duplicates).
func DupsOfPartition(job *audit.ScanJob, q, p int, parts []DupPart) (res ScanPart, shared DupPart, ok bool, err error) {
	parts = slices.Clone(parts)
	slices.SortFunc(parts, func(a, b DupPart) int {
		if a.Near != b.Near {
			if b.Near {
				return -1 // the exact duplicates' parts first
			}
			return 1
		}
		return cmp.Compare(a.Shard, b.Shard)
	})
	res = ScanPart{Index: -1, DupPartition: q + 1}
	var exact, near [][]byte
	for i, dp := range parts {
		if i > 0 && parts[i-1].Shard == dp.Shard && parts[i-1].Near == dp.Near {
			return ScanPart{}, DupPart{}, false, fmt.Errorf("duplicates' partition %d: shard %d given twice", q, dp.Shard)
		}
		if dp.Near {
			near = append(near, dp.Data)
			res.NearShards = append(res.NearShards, dp.Shard)
		} else {
			exact = append(exact, dp.Data)
			res.Shards = append(res.Shards, dp.Shard)
		}
	}
	if exact != nil {
		if res.State, err = job.ExactOfPartition(q, p, exact); err != nil {
			return ScanPart{}, DupPart{}, false, fmt.Errorf("duplicates' partition %d: %w", q, err)
		}
	}
	if near != nil {
		data, err := job.SharedOfPartition(q, p, near)
		if err != nil {
			return ScanPart{}, DupPart{}, false, fmt.Errorf("duplicates' partition %d: %w", q, err)
		}
		shared, ok = DupPart{Shard: q, Near: true, Data: data}, true
	}
	return res, shared, ok, nil
}

// NearCandidates keeps the rows of a shard's near-duplicate state (near,
// of SplitDups) that share a band key with another row, given the
// shared keys of every one of the p partitions (DupsOfPartition's), for
// the final merge.
func NearCandidates(job *audit.ScanJob, near DupPart, p int, shared []DupPart) (ScanPart, error) {
	data := make([][]byte, len(shared))
	for i, s := range shared {
		data[i] = s.Data
	}
	cand, rows, err := job.NearCandidates(near.Data, p, data)
	if err != nil {
		return ScanPart{}, fmt.Errorf("shard %d: %w", near.Shard, err)
	}
	return ScanPart{Index: near.Shard, Candidates: true, State: cand, NearRows: rows}, nil
}

// mergeDups checks that parts hold, with p partitions, the result of
// every duplicates' partition, each merged from the shards of order
// (the plan's), and the near-duplicate candidates of every shard of
// order, once, and merges them into merged (audit.ScanJob.MergeDups).
func mergeDups(job *audit.ScanJob, merged []byte, order []int, p int, results []*ScanPart, cands map[int]*ScanPart) ([]byte, audit.DupTotals, error) {
	hasExact, hasNear := job.HasDups()
	if p == 0 {
		return merged, audit.DupTotals{}, nil // MergeScan refused any part of duplicates
	}
	var exact, near [][]byte
	var rows int64
	for q, r := range results {
		if r == nil {
			if hasExact || hasNear {
				return nil, audit.DupTotals{}, fmt.Errorf("duplicates' partition %d: its result never came", q)
			}
			continue
		}
		if hasExact {
			if !slices.Equal(r.Shards, order) {
				return nil, audit.DupTotals{}, fmt.Errorf("duplicates' partition %d: merged the exact duplicates of shards %v, the plan holds %v", q, r.Shards, order)
			}
			exact = append(exact, r.State)
		}
		if hasNear && !slices.Equal(r.NearShards, order) {
			return nil, audit.DupTotals{}, fmt.Errorf("duplicates' partition %d: merged the band keys of shards %v, the plan holds %v", q, r.NearShards, order)
		}
	}
	if hasNear {
		for _, i := range order {
			c := cands[i]
			if c == nil {
				return nil, audit.DupTotals{}, fmt.Errorf("shard %d: its near-duplicate candidates never came", i)
			}
			near = append(near, c.State)
			rows += c.NearRows
		}
	}
	if len(cands) > len(near) {
		return nil, audit.DupTotals{}, fmt.Errorf("near-duplicate candidates of %d shards, the plan holds %d", len(cands), len(near))
	}
	if !hasExact && !hasNear {
		return merged, audit.DupTotals{}, nil
	}
	return job.MergeDups(merged, exact, near, rows)
}
