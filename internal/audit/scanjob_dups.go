package audit

import (
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/shards"
)

// This file shuffles a scan job's exact and near duplicates by partition
// (dups.SplitExact, dups.SplitNear), so that the final merge holds only
// what the report lists:
//
//	piece k: Read ─ SplitDups ─┬─ rest (duplicates without rows) ─────────────────────────┐
//	                           ├─ exact part q, band keys q ─► partition q                │
//	                           └─ near state ─┐                                           │
//	partition q: ExactOfPartition ────────────┼──────────────── exact totals and listed ──┤
//	             SharedOfPartition ─► shared q┤ (to every piece)                          │
//	piece k: NearCandidates(near state, shared of every q) ─── candidates, rows ──────────┤
//	final: Merge(rests) ─ MergeDups(partitions' results, candidates in plan order) ───────┘
//
// and Report finishes them with the totals (DupTotals), into the report
// a one-process scan gives.

// DupTotals are the counts of the duplicates cut into partitions: those
// of the exact duplicates' partitions, and the rows the near duplicates
// compared; nil when not cut.
type DupTotals struct {
	Exact *dups.ExactTotals `json:",omitempty"`
	Near  *dups.NearTotals  `json:",omitempty"`
}

// stateOf returns the index of the state of spec s in f, or -1.
func stateOf(f *shards.File, s *analysis.Spec) int {
	for i, st := range f.States {
		if st.Name == s.Name {
			return i
		}
	}
	return -1
}

// SplitDups cuts the rows of the exact and near duplicates out of state
// (a KindScan state file of Read or ReadTokens) into p partitions: it
// returns the state file without them, the exact duplicates' part of each
// partition (dups.SplitExact), the near duplicates' band keys of each
// (dups.SplitNear) and their state, which NearCandidates filters. A
// duplicate check the job does not run gives nil parts.
func (j *ScanJob) SplitDups(state []byte, p int) (rest []byte, exact, keys [][]byte, near []byte, err error) {
	f, err := shards.Decode(state)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if i := stateOf(f, dups.ExactSpec); i >= 0 {
		if f.States[i].Data, exact, err = dups.SplitExact(j.run.cfg, f.States[i].Data, p); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	if i := stateOf(f, dups.NearSpec); i >= 0 {
		near = f.States[i].Data
		if f.States[i].Data, keys, err = dups.SplitNear(j.run.cfg, near, p, j.run.o.dedupKey); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	return f.Encode(), exact, keys, near, nil
}

// ExactOfPartition merges the exact duplicates' parts of partition q of
// p, those of every piece in plan order, into the partition's totals and
// the rows of the clusters the report can list (dups.ExactOfPartition).
func (j *ScanJob) ExactOfPartition(q, p int, parts [][]byte) ([]byte, error) {
	return dups.ExactOfPartition(j.run.cfg, q, p, parts, j.run.listMax)
}

// SharedOfPartition merges the band keys of partition q of p, those of
// every piece, into the keys two rows or more share
// (dups.SharedOfPartition).
func (j *ScanJob) SharedOfPartition(q, p int, parts [][]byte) ([]byte, error) {
	return dups.SharedOfPartition(q, p, parts)
}

// NearCandidates keeps the rows of a piece's near-duplicate state
// (SplitDups') that share a band key with another row, given the shared
// keys of every partition of p (dups.NearCandidates), and returns them
// and the piece's rows.
func (j *ScanJob) NearCandidates(near []byte, p int, shared [][]byte) ([]byte, int64, error) {
	cand, t, err := dups.NearCandidates(j.run.cfg, near, p, j.run.o.dedupKey, shared)
	return cand, t.Rows, err
}

// MergeDups merges into merged (Merge's state file, of the pieces'
// rests) the exact duplicates' results of every partition (nil: not
// cut) and the near-duplicate candidates of every piece, in plan order
// (nil: not cut), and returns it with their totals, which Report takes.
func (j *ScanJob) MergeDups(merged []byte, exact [][]byte, near [][]byte, nearRows int64) ([]byte, DupTotals, error) {
	var t DupTotals
	f, err := shards.Decode(merged)
	if err != nil {
		return nil, t, err
	}
	if exact != nil {
		i := stateOf(f, dups.ExactSpec)
		if i < 0 {
			return nil, t, fmt.Errorf("exact duplicates' partitions for a job without them")
		}
		listed, totals, err := dups.CombineExact(j.run.cfg, exact)
		if err != nil {
			return nil, t, err
		}
		into, err := analysis.Decode(dups.ExactSpec, j.run.cfg, f.States[i].Data)
		if err != nil {
			return nil, t, err
		}
		if err := into.Merge(listed); err != nil {
			return nil, t, err
		}
		if f.States[i].Data, err = analysis.Encode(dups.ExactSpec, into); err != nil {
			return nil, t, err
		}
		t.Exact = &totals
	}
	if near != nil {
		i := stateOf(f, dups.NearSpec)
		if i < 0 {
			return nil, t, fmt.Errorf("near duplicates' candidates for a job without them")
		}
		into, err := analysis.Decode(dups.NearSpec, j.run.cfg, f.States[i].Data)
		if err != nil {
			return nil, t, err
		}
		for k, cand := range near {
			a, err := analysis.Decode(dups.NearSpec, j.run.cfg, cand)
			if err != nil {
				return nil, t, fmt.Errorf("near-duplicate candidates %d: %w", k, err)
			}
			if err := into.Merge(a); err != nil {
				return nil, t, fmt.Errorf("near-duplicate candidates %d: %w", k, err)
			}
		}
		if f.States[i].Data, err = analysis.Encode(dups.NearSpec, into); err != nil {
			return nil, t, err
		}
		t.Near = &dups.NearTotals{Rows: nearRows}
	}
	return f.Encode(), t, nil
}

// totalledDups wraps the duplicates of all (the job's analysers, decoded
// from the merged states) with the partitions' totals t.
func (j *ScanJob) totalledDups(all []analysis.Analyser, t DupTotals) error {
	for i, s := range j.run.specs {
		var err error
		switch {
		case s == dups.ExactSpec && t.Exact != nil:
			all[i], err = dups.ExactTotalled(all[i], *t.Exact)
		case s == dups.NearSpec && t.Near != nil:
			all[i], err = dups.NearTotalled(all[i], *t.Near)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// HasDups reports whether the job runs the exact and the near
// duplicates, whose parts SplitDups cuts.
func (j *ScanJob) HasDups() (exact, near bool) {
	for _, s := range j.run.specs {
		exact = exact || s == dups.ExactSpec
		near = near || s == dups.NearSpec
	}
	return exact, near
}
