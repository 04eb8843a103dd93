package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/dataaudit/dataaudit/beam/shard"
	"github.com/dataaudit/dataaudit/internal/audit"
)

// ScanConfig is what every worker of a scan needs: the inputs as
// planned, the job (audit.ScanJob.Encode: settings, file table, splits)
// and how to read. It travels inside the pipeline (JSON).
//
// The scan's pipeline plans and counts shards as the profile's does,
// then:
//
//	Lines ─ Reshuffle ─ ReadScan: a KindScan state per shard ─┐
//	  └──── Planned ───────────────────────────────────────────┴─ GroupByKey(0) ─ MergeScan: merged state ─► Out
//
// and the launcher finishes the merged state into the report
// (audit.ScanJob.Report), where the excerpts are read and the gates
// checked. The merge is on one worker and holds, one shard at a time,
// every analysis' state: the token summary (about the size of the
// vocabulary) and the per-row tables of duplicates and outliers (40,
// 232 and 48 bytes a row).
//
// With TokenPartitions = P > 0, the words and the duplicates are cut
// into P partitions each, so that the merge holds neither the
// vocabulary nor the duplicates' tables:
//
//	ReadScan ─┬─ state without words or duplicates' rows ─────────────────────────────────────┐
//	          ├─ words of partition q ─ GroupByKey(q) ─ topScanFn: top tokens ──────────────────┤
//	          ├─ exact rows, band keys of q ─ GroupByKey(q) ─ dupsScanFn ─┬─ exact result of q ──┤
//	          │                                                          └─ shared keys of q ─┐ │
//	          └─ near-duplicate state ─ candidatesFn (side input: shared keys of every q) ────┴─┤
//	                                                                          GroupByKey(0) ─ merge
//
// The merge then holds, of the duplicates, the partitions' totals and
// the rows of the exact-duplicate clusters the report lists (at most
// 2×--max-examples clusters a partition), and the near duplicates'
// candidates: the rows that share an LSH band key with another row
// (232 bytes and the id each), which it verifies and clusters in input
// order, as one process does (dups.NearCandidates says why there).
type ScanConfig struct {
	Paths []string
	Sizes []int64
	Job   []byte
	Read  audit.JobOptions
	// TokenPartitions > 0 cuts the words of the token summary into
	// that many partitions by token, each merged on its own worker, and
	// the exact duplicates (by text hash) and near duplicates (by LSH
	// band key) into as many.
	TokenPartitions int
	Out             string // the merged states (shard.Merged, JSON), written by the merge
}

func (c *ScanConfig) files() Config { return Config{Paths: c.Paths, Sizes: c.Sizes} }

// open opens the job on a worker, over its inputs reopened there.
func (c *ScanConfig) open(ctx context.Context) (*audit.ScanJob, error) {
	files := c.files()
	in, err := files.inputs(ctx)
	if err != nil {
		return nil, err
	}
	return audit.OpenScanJob(c.Job, in, c.Read)
}

// BuildScan adds the scan pipeline over plan to s.
func BuildScan(s beam.Scope, cfg ScanConfig, plan []shard.Shard) {
	files := cfg.files()
	shards := beam.CreateList(s.Scope("plan"), plan)
	counted := beam.ParDo(s.Scope("count"), &countFn{Cfg: files}, shards)
	lined := beam.ParDo(s.Scope("lines"), &linesFn{Cfg: files}, beam.GroupByKey(s, beam.AddFixedKey(s, counted)))
	states, tokens, dups, near := beam.ParDo4(s.Scope("read"), &readScanFn{Cfg: cfg}, beam.Reshuffle(s, lined))
	cols := []beam.PCollection{beam.ParDo(s.Scope("planned"), plannedScanFn, lined), states}
	if cfg.TokenPartitions > 0 {
		cols = append(cols, beam.ParDo(s.Scope("tokens"), &topScanFn{Cfg: cfg}, beam.GroupByKey(s.Scope("by token"), tokens)))
		exact, shared := beam.ParDo2(s.Scope("dups"), &dupsScanFn{Cfg: cfg}, beam.GroupByKey(s.Scope("by dup key"), dups))
		cands := beam.ParDo(s.Scope("candidates"), &candidatesFn{Cfg: cfg}, near, beam.SideInput{Input: shared})
		cols = append(cols, exact, cands)
	}
	beam.ParDo0(s.Scope("merge"), &mergeScanFn{Cfg: cfg}, beam.GroupByKey(s, beam.AddFixedKey(s, beam.Flatten(s, cols...))))
}

func plannedScanFn(sh shard.Shard) shard.ScanPart {
	return shard.ScanPart{Index: sh.Index, Planned: true}
}

type readScanFn struct {
	Cfg ScanConfig
	job *audit.ScanJob
}

func (f *readScanFn) Setup(ctx context.Context) (err error) {
	f.job, err = f.Cfg.open(ctx)
	return err
}

func (f *readScanFn) ProcessElement(ctx context.Context, sh shard.Shard, emit func(shard.ScanPart), emitTokens func(int, shard.TokenPart), emitDups func(int, shard.DupPart), emitNear func(shard.DupPart)) error {
	p, parts, err := shard.ReadScan(ctx, f.job, sh, f.Cfg.TokenPartitions)
	if err != nil {
		return err
	}
	if n := f.Cfg.TokenPartitions; n > 0 {
		dups, near, err := shard.SplitDups(f.job, &p, n)
		if err != nil {
			return err
		}
		for q, dps := range dups {
			for _, dp := range dps {
				emitDups(q, dp)
			}
		}
		if near.Data != nil {
			emitNear(near)
		}
	}
	emit(p)
	for i, tp := range parts {
		emitTokens(i, tp)
	}
	return nil
}

type dupsScanFn struct {
	Cfg ScanConfig
	job *audit.ScanJob
}

func (f *dupsScanFn) Setup(ctx context.Context) (err error) {
	f.job, err = f.Cfg.open(ctx)
	return err
}

func (f *dupsScanFn) ProcessElement(q int, parts func(*shard.DupPart) bool, emit func(shard.ScanPart), emitShared func(shard.DupPart)) error {
	var all []shard.DupPart
	var dp shard.DupPart
	for parts(&dp) {
		all = append(all, dp)
		dp = shard.DupPart{}
	}
	res, shared, ok, err := shard.DupsOfPartition(f.job, q, f.Cfg.TokenPartitions, all)
	if err != nil {
		return err
	}
	emit(res)
	if ok {
		emitShared(shared)
	}
	return nil
}

type candidatesFn struct {
	Cfg ScanConfig
	job *audit.ScanJob
}

func (f *candidatesFn) Setup(ctx context.Context) (err error) {
	f.job, err = f.Cfg.open(ctx)
	return err
}

func (f *candidatesFn) ProcessElement(near shard.DupPart, shared func(*shard.DupPart) bool, emit func(shard.ScanPart)) error {
	var all []shard.DupPart
	var dp shard.DupPart
	for shared(&dp) {
		all = append(all, dp)
		dp = shard.DupPart{}
	}
	c, err := shard.NearCandidates(f.job, near, f.Cfg.TokenPartitions, all)
	if err != nil {
		return err
	}
	emit(c)
	return nil
}

type topScanFn struct {
	Cfg ScanConfig
	job *audit.ScanJob
}

func (f *topScanFn) Setup(ctx context.Context) (err error) {
	f.job, err = f.Cfg.open(ctx)
	return err
}

func (f *topScanFn) ProcessElement(p int, parts func(*shard.TokenPart) bool, emit func(shard.ScanPart)) error {
	var all []shard.TokenPart
	var tp shard.TokenPart
	for parts(&tp) {
		all = append(all, tp)
		tp = shard.TokenPart{}
	}
	top, err := shard.TopOfPartition(f.job, p, all)
	if err != nil {
		return err
	}
	emit(top)
	return nil
}

type mergeScanFn struct {
	Cfg ScanConfig
	job *audit.ScanJob
}

func (f *mergeScanFn) Setup(ctx context.Context) (err error) {
	f.job, err = f.Cfg.open(ctx)
	return err
}

func (f *mergeScanFn) ProcessElement(ctx context.Context, _ int, parts func(*shard.ScanPart) bool) error {
	var all []shard.ScanPart
	var p shard.ScanPart
	for parts(&p) {
		all = append(all, p)
		p = shard.ScanPart{}
	}
	merged, err := shard.MergeScan(f.job, all, f.Cfg.TokenPartitions)
	if err != nil {
		return err
	}
	return WriteOut(ctx, f.Cfg.Out, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(merged)
	})
}

func init() {
	beam.RegisterType(reflect.TypeOf((*shard.ScanPart)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*shard.TokenPart)(nil)).Elem())
	register.Function1x1(plannedScanFn)
	beam.RegisterType(reflect.TypeOf((*shard.DupPart)(nil)).Elem())
	register.DoFn6x1[context.Context, shard.Shard, func(shard.ScanPart), func(int, shard.TokenPart), func(int, shard.DupPart), func(shard.DupPart), error](&readScanFn{})
	register.DoFn4x1[int, func(*shard.DupPart) bool, func(shard.ScanPart), func(shard.DupPart), error](&dupsScanFn{})
	register.DoFn3x1[shard.DupPart, func(*shard.DupPart) bool, func(shard.ScanPart), error](&candidatesFn{})
	register.Emitter2[int, shard.DupPart]()
	register.Emitter1[shard.DupPart]()
	register.Iter1[shard.DupPart]()
	register.DoFn3x1[int, func(*shard.TokenPart) bool, func(shard.ScanPart), error](&topScanFn{})
	register.Emitter2[int, shard.TokenPart]()
	register.Iter1[shard.TokenPart]()
	register.DoFn3x1[context.Context, int, func(*shard.ScanPart) bool, error](&mergeScanFn{})
	register.Emitter1[shard.ScanPart]()
	register.Iter1[shard.ScanPart]()
}

// ReadMerged reads what the scan pipeline's merge wrote at path (a file
// or an object URL: ReadOut), and returns the merged state file and,
// with token partitions, their totals (nil without).
func ReadMerged(path string) ([]byte, *audit.TokenTotals, error) {
	data, err := ReadOut(context.Background(), path)
	if err != nil {
		return nil, nil, err
	}
	var m shard.Merged
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.Partitions == 0 {
		return m.State, nil, nil
	}
	return m.State, &m.Tokens, nil
}
