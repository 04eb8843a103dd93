// Package pipeline runs dataaudit's profile as an Apache Beam pipeline
// whose elements are shards (package shard), not rows: about a microsecond
// of runner overhead per element is nothing per shard of megabytes, and
// everything per row.
//
//	plan (launcher) ─ Create ─ Count ─ GroupByKey(0) ─ Lines ─ Reshuffle ─ Read ─┐
//	                                                     └──── Planned ─────────┼─ Flatten ─ GroupByKey(0) ─ Finish: merge, write
//	files (launcher) ─ Create ─ Hash ────────────────────────────────────────────┘
//
// Count reads each planned byte range once for its newlines and first
// line start; Lines (one element per shard, on one worker) makes the
// ranges exact and numbers their lines; Read reads a shard with the
// parent module's ingest and analysis code and emits the analyses'
// portable states; Finish merges them in plan order and writes the
// profile. The final merge is on one worker and holds the states of all
// shards' summaries (each about the size of its vocabulary) one at a
// time plus the merged one.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/dataaudit/dataaudit/beam/shard"
	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/source"
)

// Config is what every worker needs to read the inputs as the launcher
// planned them; it travels inside the pipeline (JSON), so it holds no
// functions or handles.
type Config struct {
	Paths []string // the expanded inputs (Input.URL), the run's file table
	Sizes []int64  // their sizes when planned

	Text         []string
	Label        string
	Workers      int
	BatchRows    int
	ChunkBytes   int
	MaxLineBytes int
	LenientJSON  bool
	MaxPageBytes int64
	DetectShape  bool

	Top         int
	NoHash      bool
	ToolVersion string
	// TokenPartitions > 0 cuts the word counts into that many partitions
	// by token, each merged on its own worker (shard.SplitProfile), by a
	// hash keyed with Key, which the launcher draws for each run.
	TokenPartitions int
	Key             []byte
	Out             string // the profile's path or object URL, written by Finish (WriteOut)
}

// Options returns the profile options the config stands for.
func (c *Config) Options() profile.Options {
	return profile.Options{
		Ingest: ingest.Options{
			Text: c.Text, Label: c.Label, Workers: c.Workers, BatchRows: c.BatchRows, ChunkBytes: c.ChunkBytes,
			MaxLineBytes: c.MaxLineBytes, LenientJSON: c.LenientJSON, MaxPageBytes: c.MaxPageBytes, DetectShape: c.DetectShape,
		},
		TopN: c.Top, Tokenizer: audit.WordTokenizer(), ToolVersion: c.ToolVersion, NoHash: c.NoHash,
	}
}

// inputs expands the config's paths on a worker and checks that they are
// the files the launcher planned.
func (c *Config) inputs(ctx context.Context) ([]ingest.Input, error) {
	in, err := ingest.ExpandContext(ctx, c.Paths)
	if err != nil {
		return nil, err
	}
	if len(in) != len(c.Paths) {
		return nil, fmt.Errorf("the %d inputs planned expand to %d on this worker", len(c.Paths), len(in))
	}
	for i := range in {
		if in[i].URL() != c.Paths[i] || in[i].Size != c.Sizes[i] {
			return nil, fmt.Errorf("%s: %d bytes when planned, %d on this worker: it changed or is another file", c.Paths[i], c.Sizes[i], in[i].Size)
		}
	}
	return in, nil
}

// Build adds the profile pipeline over plan to s. With token partitions,
// Read also emits each shard's words of each partition, which a worker
// per partition merges (shard.ProfileTopOfPartition) for Finish:
//
//	Read ─┬─ Parts (no words) ─────────────────────────────────────┬─ Finish
//	      └─ words by partition ─ GroupByKey ─ top of partition ───┘
func Build(s beam.Scope, cfg Config, plan []shard.Shard) {
	shards := beam.CreateList(s.Scope("plan"), plan)
	counted := beam.ParDo(s.Scope("count"), &countFn{Cfg: cfg}, shards)
	lined := beam.ParDo(s.Scope("lines"), &linesFn{Cfg: cfg}, beam.GroupByKey(s, beam.AddFixedKey(s, counted)))
	read, words := beam.ParDo2(s.Scope("read"), &readFn{Cfg: cfg}, beam.Reshuffle(s, lined))
	cols := []beam.PCollection{beam.ParDo(s.Scope("planned"), plannedFn, lined), read}
	if cfg.TokenPartitions > 0 {
		cols = append(cols, beam.ParDo(s.Scope("tokens"), &topFn{Cfg: cfg}, beam.GroupByKey(s.Scope("by token"), words)))
	}
	if !cfg.NoHash {
		files := make([]int, len(cfg.Paths))
		for i := range files {
			files[i] = i
		}
		cols = append(cols, beam.ParDo(s.Scope("hash"), &hashFn{Cfg: cfg}, beam.CreateList(s.Scope("files"), files)))
	}
	all := beam.Flatten(s, cols...)
	beam.ParDo0(s.Scope("finish"), &finishFn{Cfg: cfg}, beam.GroupByKey(s, beam.AddFixedKey(s, all)))
}

// finishIn is an element of the final step: a shard's or a file's Part,
// or (Top.Partition > 0 and Part.Index -2) a token partition's.
type finishIn struct {
	Part shard.Part
	Top  shard.ProfileTop
}

const topIndex = -2

type countFn struct {
	Cfg    Config
	inputs []ingest.Input
}

func (f *countFn) Setup(ctx context.Context) (err error) {
	f.inputs, err = f.Cfg.inputs(ctx)
	return err
}

func (f *countFn) ProcessElement(ctx context.Context, sh shard.Shard, emit func(shard.Shard)) error {
	c, err := shard.Count(ctx, f.inputs[sh.File], sh)
	if err != nil {
		return err
	}
	emit(c)
	return nil
}

type linesFn struct {
	Cfg    Config
	inputs []ingest.Input
}

func (f *linesFn) Setup(ctx context.Context) (err error) {
	f.inputs, err = f.Cfg.inputs(ctx)
	return err
}

func (f *linesFn) ProcessElement(_ int, counted func(*shard.Shard) bool, emit func(shard.Shard)) error {
	var all []shard.Shard
	var sh shard.Shard
	for counted(&sh) {
		all = append(all, sh)
	}
	lined, err := shard.Lines(all, f.inputs)
	if err != nil {
		return err
	}
	for _, s := range lined {
		emit(s)
	}
	return nil
}

func plannedFn(sh shard.Shard) finishIn {
	return finishIn{Part: shard.Part{Index: sh.Index, File: sh.File, Planned: true}}
}

type readFn struct {
	Cfg    Config
	inputs []ingest.Input
}

func (f *readFn) Setup(ctx context.Context) (err error) {
	f.inputs, err = f.Cfg.inputs(ctx)
	return err
}

func (f *readFn) ProcessElement(ctx context.Context, sh shard.Shard, emit func(finishIn), emitWords func(int, shard.TokenPart)) error {
	p, err := shard.ReadProfile(ctx, f.inputs, sh, f.Cfg.Options())
	if err != nil {
		return err
	}
	if f.Cfg.TokenPartitions == 0 {
		emit(finishIn{Part: p})
		return nil
	}
	p, words, err := shard.SplitProfile(f.inputs, p, f.Cfg.TokenPartitions, f.Cfg.Key)
	if err != nil {
		return err
	}
	emit(finishIn{Part: p})
	for i, w := range words {
		emitWords(i, w)
	}
	return nil
}

type topFn struct {
	Cfg    Config
	inputs []ingest.Input
}

func (f *topFn) Setup(ctx context.Context) (err error) {
	f.inputs, err = f.Cfg.inputs(ctx)
	return err
}

func (f *topFn) ProcessElement(p int, words func(*shard.TokenPart) bool, emit func(finishIn)) error {
	var all []shard.TokenPart
	var w shard.TokenPart
	for words(&w) {
		all = append(all, w)
		w = shard.TokenPart{}
	}
	top, err := shard.ProfileTopOfPartition(f.inputs, p, all, f.Cfg.Options())
	if err != nil {
		return err
	}
	emit(finishIn{Part: shard.Part{Index: topIndex}, Top: top})
	return nil
}

type hashFn struct {
	Cfg    Config
	inputs []ingest.Input
}

func (f *hashFn) Setup(ctx context.Context) (err error) {
	f.inputs, err = f.Cfg.inputs(ctx)
	return err
}

func (f *hashFn) ProcessElement(ctx context.Context, file int, emit func(finishIn)) error {
	p, err := shard.HashPart(ctx, f.inputs, file)
	if err != nil {
		return err
	}
	emit(finishIn{Part: p})
	return nil
}

type finishFn struct {
	Cfg    Config
	inputs []ingest.Input
}

func (f *finishFn) Setup(ctx context.Context) (err error) {
	f.inputs, err = f.Cfg.inputs(ctx)
	return err
}

func (f *finishFn) ProcessElement(ctx context.Context, _ int, parts func(*finishIn) bool) error {
	var all []shard.Part
	var tops []shard.ProfileTop
	var p finishIn
	for parts(&p) {
		if p.Part.Index == topIndex {
			tops = append(tops, p.Top)
		} else {
			all = append(all, p.Part)
		}
		p = finishIn{}
	}
	var prof *profile.Profile
	var err error
	if f.Cfg.TokenPartitions > 0 {
		prof, err = shard.MergeProfileTokens(f.inputs, all, tops, f.Cfg.TokenPartitions, f.Cfg.Options())
	} else if len(tops) > 0 {
		err = fmt.Errorf("%d token partitions' tokens, and the run has no token partitions", len(tops))
	} else {
		prof, err = shard.MergeProfile(f.inputs, all, f.Cfg.Options())
	}
	if err != nil {
		return err
	}
	return WriteOut(ctx, f.Cfg.Out, func(w io.Writer) error { return profile.Write(w, prof) })
}

// WriteOut writes an output of the pipeline's last step, on a worker:
// at an object URL (s3://, gs://, azblob://) through gocloud.dev/blob,
// so that a launcher on another machine reads it back (ReadOut); else
// (a path, or a file:// URL) as a local file of the worker, which only
// a launcher on the same machine or mount reads. Either is written whole
// or not at all.
func WriteOut(ctx context.Context, out string, write func(w io.Writer) error) error {
	if source.IsURL(out) {
		name, local, err := source.ObjectName(out)
		if err != nil {
			return err
		}
		if !local {
			return source.WriteObject(ctx, out, write)
		}
		out = name
	}
	return outfile.WriteFileContext(ctx, out, func(f *outfile.File) error { return write(f) })
}

// ReadOut reads back in the launcher what WriteOut wrote at out.
func ReadOut(ctx context.Context, out string) ([]byte, error) {
	if source.IsURL(out) {
		name, local, err := source.ObjectName(out)
		if err != nil {
			return nil, err
		}
		if !local {
			return source.ReadObject(ctx, out)
		}
		out = name
	}
	return os.ReadFile(out)
}

func init() {
	beam.RegisterType(reflect.TypeOf((*shard.Shard)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*shard.Part)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*finishIn)(nil)).Elem())
	register.DoFn3x1[context.Context, shard.Shard, func(shard.Shard), error](&countFn{})
	register.DoFn3x1[int, func(*shard.Shard) bool, func(shard.Shard), error](&linesFn{})
	register.Function1x1(plannedFn)
	register.DoFn4x1[context.Context, shard.Shard, func(finishIn), func(int, shard.TokenPart), error](&readFn{})
	register.DoFn3x1[int, func(*shard.TokenPart) bool, func(finishIn), error](&topFn{})
	register.DoFn3x1[context.Context, int, func(finishIn), error](&hashFn{})
	register.DoFn3x1[context.Context, int, func(*finishIn) bool, error](&finishFn{})
	register.Emitter1[shard.Shard]()
	register.Emitter1[finishIn]()
	register.Iter1[shard.Shard]()
	register.Iter1[finishIn]()
}
