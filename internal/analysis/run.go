package analysis

import (
	"context"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Options configures Run and RunSpecs.
type Options struct {
	Ingest ingest.Options
	// OnPass, if set, is called before each read of the inputs (pass 1,
	// then 2 when a spec has a second pass). It returns the progress
	// hook of that read (for ingest.Options.Progress) and a function
	// called when the read ends; either may be nil.
	OnPass func(pass int) (progress func(bytes int64), end func())
}

// Workers reads the inputs once with ingest's workers and returns each
// worker's analysers, unmerged: out[w][i] is worker w's analyser made by
// factories[i]. Every batch is handed to a worker's analysers in the order
// of factories and released afterwards.
func Workers(ctx context.Context, inputs []ingest.Input, opts Options, pass int, factories []Factory) ([][]Analyser, error) {
	nw := opts.Ingest.NumWorkers()
	out := make([][]Analyser, nw)
	for w := range out {
		out[w] = make([]Analyser, len(factories))
		for i, f := range factories {
			a, err := f()
			if err != nil {
				return nil, err
			}
			out[w][i] = a
		}
	}
	iopts := opts.Ingest
	var end func()
	if opts.OnPass != nil {
		iopts.Progress, end = opts.OnPass(pass)
	}
	err := ingest.Run(ctx, inputs, iopts, func(w int, b *ingest.Batch) error {
		defer b.Record.Release()
		for _, a := range out[w] {
			if err := a.Add(b); err != nil {
				return err
			}
		}
		return nil
	})
	if end != nil {
		end()
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Merge merges each worker's analysers into worker 0's, left to right in
// worker order, and returns those.
func Merge(workers [][]Analyser) ([]Analyser, error) {
	if len(workers) == 0 {
		return nil, fmt.Errorf("analysis: no worker to merge")
	}
	all := workers[0]
	for _, w := range workers[1:] {
		for i, a := range w {
			if err := all[i].Merge(a); err != nil {
				return nil, err
			}
		}
	}
	return all, nil
}

// Run reads the inputs once and returns the merged analysers, one per
// factory in the order of factories.
func Run(ctx context.Context, inputs []ingest.Input, opts Options, factories []Factory) ([]Analyser, error) {
	ws, err := Workers(ctx, inputs, opts, 1, factories)
	if err != nil {
		return nil, err
	}
	return Merge(ws)
}

// RunSpecs runs the analyses of specs, built from c, over the inputs and
// returns their merged analysers in the order of specs, ready for Finish:
// one read for all of them, then one more for those whose Spec has a
// Second pass (all of those share it). A spec with a second pass needs
// the inputs readable twice (ingest.Options.Spool for streams).
func RunSpecs(ctx context.Context, inputs []ingest.Input, opts Options, specs []*Spec, c *Config) ([]Analyser, error) {
	factories := make([]Factory, len(specs))
	for i, s := range specs {
		factories[i] = func() (Analyser, error) { return s.New(c) }
	}
	first, err := Run(ctx, inputs, opts, factories)
	if err != nil {
		return nil, err
	}
	var second []Factory
	var at []int // second[j] is the second pass of specs[at[j]]
	for i, s := range specs {
		if s.Second == nil {
			continue
		}
		f, err := s.Second(first[i], c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		if f != nil {
			second, at = append(second, f), append(at, i)
		}
	}
	if len(second) == 0 {
		return first, nil
	}
	ws, err := Workers(ctx, inputs, opts, 2, second)
	if err != nil {
		return nil, err
	}
	merged, err := Merge(ws)
	if err != nil {
		return nil, err
	}
	for j, i := range at {
		first[i] = merged[j]
	}
	return first, nil
}
