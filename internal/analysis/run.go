package analysis

import (
	"context"
	"fmt"

	"sync"

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
	// Finished, if set, is called by RunFinished with each analysis'
	// result as soon as it is finished: the index of its spec and the
	// result, on the goroutine that finished it, alongside the other
	// finishes and before RunFinished returns. It may change the
	// result's findings in place (fill their excerpts).
	Finished func(i int, r *Result)
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
		askWords(out[w])
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
	// The read's scratch is garbage now (see Trimmer); end may collect it.
	for _, as := range out {
		for _, a := range as {
			if t, ok := a.(Trimmer); ok {
				t.Trim()
			}
		}
	}
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

// mergeColumn merges the workers' analysers of factory i into worker 0's,
// left to right in worker order, as Merge does, and drops the workers'
// references to them, so that the merged one is held only by the caller.
func mergeColumn(workers [][]Analyser, i int) (Analyser, error) {
	a := workers[0][i]
	for _, w := range workers[1:] {
		if err := a.Merge(w[i]); err != nil {
			return nil, err
		}
	}
	for _, w := range workers {
		w[i] = nil
	}
	return a, nil
}

// FinishAll finishes the analysers, each on a goroutine of its own, and
// returns their results in the order of as. An analysis' Finish depends
// on its state alone, so the results are those of finishing them one
// after the other; the finishes overlap, which matters when one of them
// (the near duplicates' verification) runs long on one core.
func FinishAll(as []Analyser, env *Env) ([]*Result, error) {
	out := make([]*Result, len(as))
	errs := make([]error, len(as))
	var wg sync.WaitGroup
	for i, a := range as {
		wg.Go(func() { out[i], errs[i] = a.Finish(env) })
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		return nil, err
	}
	return out, nil
}

// firstError returns the first error of errs that is not nil, so that
// analyses failing at once fail a run in the order of their specs.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// RunFinished is RunSpecs followed by Finish(env) of every analysis, with
// the end of each pass overlapped: once the first read ends, each
// analysis is merged on a goroutine of its own, and one that does not
// read the inputs again is finished there at once, while the others build
// their second pass and the second read runs, and its state is released
// as soon as it is finished rather than held through the second read.
// The results, in the order of specs, are those of RunSpecs then Finish.
//
// Tried and not kept (session 26): the finishes of analyses without a
// Second run one after another on one goroutine beside the near
// duplicates' (started first), so as to leave its band lists a core;
// the default audit's wall rose (internal/audit's doc, "The start and
// the end").
func RunFinished(ctx context.Context, inputs []ingest.Input, opts Options, specs []*Spec, c *Config, env *Env) ([]*Result, error) {
	factories := make([]Factory, len(specs))
	for i, s := range specs {
		factories[i] = func() (Analyser, error) { return s.New(c) }
	}
	ws, err := Workers(ctx, inputs, opts, 1, factories)
	if err != nil {
		return nil, err
	}
	results := make([]*Result, len(specs))
	errs := make([]error, len(specs)) // each spec's, merging or finishing
	var finishing sync.WaitGroup
	done := func(i int) {
		if errs[i] == nil && opts.Finished != nil {
			opts.Finished(i, results[i])
		}
	}
	finish := func(i int, a Analyser) {
		finishing.Go(func() {
			results[i], errs[i] = a.Finish(env)
			done(i)
		})
	}
	var merging sync.WaitGroup
	first := make([]Analyser, len(specs)) // only the merged first passes that read again
	for i, s := range specs {
		if s.Second == nil {
			finishing.Go(func() {
				var a Analyser
				if a, errs[i] = mergeColumn(ws, i); errs[i] == nil {
					results[i], errs[i] = a.Finish(env)
					done(i)
				}
			})
			continue
		}
		merging.Go(func() { first[i], errs[i] = mergeColumn(ws, i) })
	}
	merging.Wait()
	for i, s := range specs { // errs of the others may still be written
		if s.Second != nil && errs[i] != nil && err == nil {
			err = errs[i]
		}
	}
	if err == nil {
		err = runSecond(ctx, inputs, opts, specs, c, first, finish)
	}
	finishing.Wait()
	if ferr := firstError(errs); ferr != nil {
		return nil, ferr
	}
	if err != nil {
		return nil, err
	}
	return results, nil
}

// runSecond builds the second passes of the specs whose merged first
// passes first holds (nil for the others), runs them in one read, and
// hands each finished analysis to finish: the merged second pass, or the
// first when its Second decides it alone.
func runSecond(ctx context.Context, inputs []ingest.Input, opts Options, specs []*Spec, c *Config, first []Analyser, finish func(int, Analyser)) error {
	var second []Factory
	var at []int // second[j] is the second pass of specs[at[j]]
	for i, s := range specs {
		if first[i] == nil {
			continue
		}
		f, err := s.Second(first[i], c)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		if f == nil {
			finish(i, first[i])
			continue
		}
		second, at = append(second, f), append(at, i)
	}
	if len(second) == 0 {
		return nil
	}
	ws, err := Workers(ctx, inputs, opts, 2, second)
	if err != nil {
		return err
	}
	for j, i := range at {
		a, err := mergeColumn(ws, j)
		if err != nil {
			return err
		}
		finish(i, a)
	}
	return nil
}
