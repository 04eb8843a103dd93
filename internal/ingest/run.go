package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/dataaudit/dataaudit/internal/ingest/batch"
	"github.com/dataaudit/dataaudit/internal/ingest/columnar"
	"github.com/dataaudit/dataaudit/internal/ingest/textread"
	"github.com/dataaudit/dataaudit/internal/source"
)

// unit is one piece of work: a JSONL chunk, a byte range of a JSONL
// input or a Parquet row group.
type unit struct {
	ch  *textread.Chunk
	pq  *columnar.Source
	rg  int
	b   *Batch // an Arrow input's, made by the producer
	rng *lineRange
}

// lineRange is a byte range of a plain JSONL input that a decoder reads
// itself (see readRange).
type lineRange struct {
	idx int
	in  Input
	batch.Range
}

// Run reads the inputs with opts.NumWorkers() decoding goroutines and calls
// fn with every batch from one of opts.NumWorkers() analysing goroutines;
// worker is that goroutine's index, so fn can keep per-worker state without
// locks. Batches
// reach fn in no particular order. fn owns the batch and must Release its
// Record. The first error from fn, the inputs or ctx stops the run.
//
// Before fn gets a batch, Run checks every input: Parquet footers and
// columns, and, for JSONL, that the first records have the named fields
// (a misspelt --text is an error, not a million bad records). The fields
// of text files are checked while their first chunks are read and decoded
// (fieldChecks), and not at all in a read of rows an earlier read found
// good (Options.Only).
func Run(ctx context.Context, inputs []Input, opts Options, fn func(worker int, b *Batch) error) error {
	if len(opts.Text) == 0 {
		return errors.New("no text field given")
	}
	opts.Allocator() // one allocator for every worker, set before they start
	pqs := make([]*columnar.Source, len(inputs))
	ranged := make([]bool, len(inputs)) // JSONL inputs read in byte ranges
	arrows := make([]*columnar.ArrowSource, len(inputs))
	skip := make([]error, len(inputs)) // inputs that cannot be read at all
	var ue *unreadableError
	// The checks of text files' first records run while the files are
	// read (see fieldChecks); an error before the read starts comes after
	// those of the inputs before it, as when each input was checked in turn.
	var checks fieldChecks
	fail := func(err error) error {
		if cerr := checks.run(); cerr != nil {
			return cerr
		}
		return err
	}
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		if opts.Span.Skips(i) {
			continue
		}
		if err := in.Err(); err != nil {
			skip[i] = unreadable(err)
			continue
		}
		if s := in.Stream(); s != nil && !s.Kept() {
			if s.Consumed() {
				return fail(in.ErrStreamGone())
			}
			if opts.Spool || in.Format == Parquet || in.Format == Arrow {
				if opts.Notify != nil {
					opts.Notify(source.SpoolNote(in))
				}
				if err := s.SpoolTo(); err != nil {
					return fail(err)
				}
			}
			if in.Format.Text() {
				err := textread.ProbeStream(ctx, in, &opts)
				if errors.As(err, &ue) {
					skip[i] = err
				} else if err != nil {
					return fail(err)
				}
				continue
			}
			if err := s.SpoolAll(ctx); err != nil {
				if ctx.Err() != nil {
					return fail(ctx.Err())
				}
				if err := s.SpoolErr(); err != nil {
					return fail(err)
				}
				skip[i] = unreadable(fmt.Errorf("%s: %w", in.Path, err))
				continue
			}
		}
		var err error
		if s := in.Stream(); s != nil && (in.Format == Parquet || in.Format == Arrow) {
			in.Size = s.Live() // the copy's size
		}
		switch in.Format {
		case Parquet:
			pqs[i], err = columnar.PrepareParquet(i, in, &opts)
		case Arrow:
			arrows[i], err = columnar.PrepareArrow(i, in, &opts)
		default:
			if _, again := opts.Wanted(i); again {
				break // rows an earlier read found good: it checked the fields
			}
			var p *textread.Probe
			if p, err = textread.OpenProbe(in, &opts); err == nil {
				checks = append(checks, p)
			}
		}
		if errors.As(err, &ue) {
			skip[i] = err
		} else if err != nil {
			return fail(err)
		}
	}

	nw := opts.NumWorkers()
	g, ctx := errgroup.WithContext(ctx)
	// checked is closed once the checks pass: the analysers hand no
	// batch to fn before, while the producer and decoders start.
	checked := make(chan struct{})
	var checkErr error // the first failed check, which stops the read
	if len(checks) > 0 {
		g.Go(func() error {
			if testBeforeChecks != nil {
				testBeforeChecks()
			}
			if checkErr = checks.run(); checkErr != nil {
				return checkErr
			}
			close(checked)
			return nil
		})
	} else {
		close(checked)
	}
	units := make(chan unit, nw)
	// Two buffers per worker: one being decoded, one being filled.
	pool := textread.NewPool(2*nw+1, opts.ChunkSize())

	g.Go(func() error {
		defer close(units)
		send := func(u unit) error {
			select {
			case units <- u:
				return nil
			case <-ctx.Done():
				pool.Release(u.ch)
				if u.b != nil {
					u.b.Record.Release()
				}
				return ctx.Err()
			}
		}
		for i, in := range inputs {
			if opts.Span.Skips(i) {
				continue
			}
			if skip[i] != nil {
				if err := send(unreadableUnit(i, in, 0, skip[i])); err != nil {
					return err
				}
				continue
			}
			if src := arrows[i]; src != nil {
				emit := func(b *Batch) error { return send(unit{b: b}) }
				lost := func(r BadRecord) error { return send(unit{ch: textread.BadChunk(i, []BadRecord{r})}) }
				if err := columnar.ReadArrow(ctx, src, &opts, emit, lost); err != nil {
					return err
				}
				continue
			}
			if src := pqs[i]; src != nil {
				lo, hi := src.Groups(opts.Span)
				for rg := lo; rg < hi; rg++ {
					if src.Skips(&opts, rg) {
						continue // no row wanted (Options.Only)
					}
					if err := send(unit{pq: src, rg: rg}); err != nil {
						return err
					}
				}
				continue
			}
			if rs := ranges(i, in, &opts); rs != nil {
				ranged[i] = true
				for _, r := range rs {
					if err := send(unit{rng: &lineRange{idx: i, in: in, Range: r}}); err != nil {
						return err
					}
				}
				continue
			}
			chunk := chunkFile
			if s := in.Stream(); s != nil && !s.Kept() {
				chunk = chunkStream
			} else if opts.Span.Ranged() {
				chunk = chunkSpan
			}
			if err := chunk(ctx, i, in, &opts, pool, send); err != nil {
				if !errors.As(err, &ue) {
					return err
				}
			}
		}
		return nil
	})

	// Decoding and analysis are separate stages, so that the batches of one
	// large Parquet row group (DuckDB writes 122,880 rows per group) are
	// analysed by every worker, not only by the one that decodes it.
	//
	// Tried and rejected (session 14): analysing a JSONL chunk's batch on
	// the goroutine that decoded it (as worker d, under a lock per worker
	// shared with the analysing goroutines), so that its text is still in
	// that CPU's cache (2 MiB of L2 here; a batch is about 450 KB). In a
	// perf profile lowerBitsAVX512, the first pass over the text, fell from
	// 2.1% to 1.25% of samples, but the total did not move: the default
	// audit of the 200 MB JSONL took 1.60-1.94 CPU s (mean 1.76) before and
	// 1.63-1.86 (mean 1.77) after, six alternated rounds 3 s apart at load
	// 9-13, peak RSS 188-208 MB before, 193-207 after. Nor did the chunk
	// size (--chunk-bytes 64 KiB to 2 MiB, three rounds each, all within
	// 1.64-2.00 s, the default's spread). Session 17 built it again for
	// JSONL chunks only (decoder w hands its batches to worker w's
	// analysers under the same lock), for the goroutine handoffs rather
	// than the cache: 1.255 CPU s against 1.242 (6 alternated rounds, load
	// 4-7; wall at that load 1.1-2.8 s either way, so not told apart), and
	// not kept.
	batches := make(chan *Batch, nw)
	emit := func(b *Batch) error {
		if testEmitted != nil {
			testEmitted()
		}
		select {
		case batches <- b:
			return nil
		case <-ctx.Done():
			b.Record.Release()
			return ctx.Err()
		}
	}
	pqDecoders := make(chan struct{}, ParquetDecoders(nw))
	var decoding sync.WaitGroup
	for range nw {
		decoding.Add(1)
		g.Go(func() error {
			defer decoding.Done()
			dec := textread.NewDecoder(&opts)
			pr := columnar.NewReader(&opts)
			defer pr.Close()
			for u := range units {
				if err := ctx.Err(); err != nil {
					pool.Release(u.ch)
					if u.b != nil {
						u.b.Record.Release()
					}
					continue // drain, so the producer never blocks
				}
				if u.b != nil {
					if err := emit(u.b); err != nil {
						return err
					}
					continue
				}
				if u.rng != nil {
					if err := readRange(ctx, u.rng, &opts, pool, dec, emit); err != nil {
						return err
					}
					continue
				}
				if u.ch != nil {
					b := dec.Decode(u.ch)
					pool.Release(u.ch)
					if err := emit(b); err != nil {
						return err
					}
					continue
				}
				if err := readRowGroup(ctx, pr, u, pqDecoders, &opts, emit); err != nil {
					return err
				}
			}
			return ctx.Err()
		})
	}
	g.Go(func() error {
		decoding.Wait()
		defer close(batches)
		// A Parquet file's row groups are read by several decoders: it has
		// been read once they are all done.
		var dec *textread.Decoder
		for i, src := range pqs {
			if (src == nil && arrows[i] == nil && !ranged[i]) || inputs[i].IsStream() || ctx.Err() != nil {
				continue
			}
			st, err := inputs[i].Stat()
			if err != nil {
				continue // gone: what was read was read from the file opened
			}
			if u, ok := changedUnit(i, inputs[i], 0, st); ok {
				if dec == nil {
					dec = textread.NewDecoder(&opts)
				}
				b := dec.Decode(u.ch) // rows, not lines: no Lines
				if err := emit(b); err != nil {
					return err
				}
			}
		}
		return nil
	})
	for w := range nw {
		g.Go(func() error {
			select {
			case <-checked:
			case <-ctx.Done():
			}
			for b := range batches {
				if ctx.Err() != nil {
					b.Record.Release()
					continue // drain, so no decoder blocks
				}
				if len(batches) == 0 {
					// The last batch queued: let a decoder waiting
					// to run take this P now (see yieldToDecoders).
					yieldToDecoders()
				}
				bytes := b.Bytes
				b.Kept = opts.Kept
				// The excerpt row starts are kept after the analyses
				// (see Kept.Rows), which release the batch: a reference
				// of Run's own keeps its text until then.
				keep := opts.Kept.Wants(b)
				if keep {
					b.Record.Retain()
				}
				err := fn(w, b)
				if keep {
					opts.Kept.Rows(b)
					b.Record.Release()
				}
				if err != nil {
					return err
				}
				if opts.Progress != nil && bytes > 0 {
					opts.Progress(bytes)
				}
			}
			return ctx.Err()
		})
	}
	err := g.Wait()
	// After an error from fn, batches may still be queued with no worker
	// left to take them (with one worker, always); by now the channel is
	// closed, so this ends.
	for b := range batches {
		b.Record.Release()
	}
	if checkErr != nil {
		return checkErr // not the cancellation of the read it stopped
	}
	return err
}

// yieldToDecoders is what an analysing worker of Run calls when it has
// taken the last batch queued: runtime.Gosched, so that a decoder that
// is ready to run (woken by an earlier receive, it waits in this P's run
// queue) runs now, while the other worker still has a batch, rather than
// when both workers find the queue empty. Tests count the calls.
//
// # Why
//
// With two workers, a direct-read Parquet input has three goroutines
// that want a core: one decoder (ParquetDecoders) and two analysing
// workers. A worker's receive wakes the decoder into its own P's run
// queue, and an analysing worker never blocks while batches are queued,
// so the decoder ran only once a worker found the queue empty; if it then
// took longer for its next batch than the other worker's batch lasted
// (the first batch of a row group: 3-6 ms), both workers waited and a
// core was idle. Go execution traces of the default audit of the
// benchmark Parquet (session 21, load under 2): workers waiting with a
// core idle 8.3-19.6 ms a run (mean 13.7, 6 runs), 1.5-8.0 (mean 4.9, 5
// runs) with the yield. A Gosched with nothing else to run costs well
// under a microsecond, once a batch at most. 9 alternated rounds of
// that audit: wall 586.9 ms mean (median 582.9) before, 577.1 (579.5)
// after, CPU 1.093 and 1.084 s; the 200 MB JSONL (8 rounds): 519.3
// and 511.0 ms, CPU 0.956 and 0.943 s.
//
// Tried and rejected with it (session 21): a batches channel of one
// instead of nw when every input is read directly (one batch buffer
// less): in the same rounds, wall 595.6 ms mean (median 579.9), CPU
// 1.107 s, page faults 42,396 against 42,011: no fewer faults, no gain.
var yieldToDecoders = runtime.Gosched

// fieldChecks are the checks of the first records of text files
// (textread.OpenProbe), in input order, each opened before Run starts.
// Run runs them on a goroutine of its own while the producer and the
// decoders start on the inputs, rather than one after the other before
// the first chunk is read. On the 200 MB JSONL (session 16, Go execution
// traces of the default audit, so times under load): the check (1,000
// records, 1.5 MB, parsed) took 6-44 ms at load 13 with nothing else
// running, 28 ms of idle core time in a traced run at load 8; the first
// batch came 119 ms after the analysers were made before, 62-94 ms with
// the check beside the read (one traced run each, load 24). The excerpts'
// read at the end of a scan (Options.Only) checked the fields again, on
// the critical path after every finish: 2.3-16.6 ms at load 13. fn
// still gets no batch before the checks pass; one that fails stops the
// read, and Run returns its error, as before anything was read. A check
// that passes now stops at the first records that have every field
// (session 17, textread's prober.complete): on the 200 MB JSONL, the
// first one, 70 µs and 68 KB instead of 1,000 records parsed, 2.3-3.9
// ms and 1.8 MB (BenchmarkProbeFile, load 4-7). From the read's start to
// the first batch an analyser took (execution traces, 13 runs each,
// alternated, load 4-17): 200 MB JSONL min 7.5 to 3.1 ms, median 32.3
// to 16.7; 30 MB JSONL min 6.6 to 2.8, median 20.3 to 8.0.
type fieldChecks []*textread.Probe

// testBeforeChecks and testEmitted, when set by a test, are called
// before Run's field checks and with every batch a decoder emits.
var testBeforeChecks, testEmitted func()

// run runs the checks not run yet, in order, up to the first that fails,
// and returns its error; it closes the inputs of those it does not run.
func (c *fieldChecks) run() error {
	var first error
	for _, p := range *c {
		if first != nil {
			p.Close()
		} else {
			first = p.Check()
		}
	}
	*c = nil
	return first
}

// ParquetDecoders returns how many of nw decoders read row groups of
// direct-read Parquet text (columnar.Source.Direct) at once: half of
// them, at least one. Decoding such a row group (zstd, mostly) is about
// a fifth of the default audit's CPU and a third of a plain scan's, so
// one decoder keeps two analysing workers fed; two at once kept two zstd
// decoders' windows (a 2 MiB ring each on DuckDB's files) and stream
// buffers live, each decoder running in short bursts between the
// workers' time slices, its window evicted by them in between.
// Measured (session 15, 200 MB corpus Parquet, default audit, perf
// record -g, 5 rounds alternated, load 8-11): zstd and huff0 samples
// 685-817 (mean 727) with two at once, 593-701 (mean 642) with one;
// all samples (CPU ms) 1960-2358 (mean 2135) and 1968-2204 (mean 2059);
// 5 more rounds (load 13-17): zstd 728-807 (mean 776) and 692-751 (mean
// 717), CPU ms 2259-2540 (mean 2382) and 2176-2419 (mean 2260). With
// /usr/bin/time, 5 rounds alternated at load 13-18: default audit
// 1.89-2.15 CPU s (mean 2.01) and 1.94-2.22 (mean 2.03), no difference
// seen at that load; --checks none 1.04-1.21 (mean 1.11) and 0.96-1.16
// (mean 1.05); peak RSS 234-243 MB and 211-235 (default), 160-167 and
// 145-151 (--checks none).
//
// Tried and rejected (session 15): a deeper batches channel (4*nw, and
// columnar's directKeep 10), so that a decoder runs longer before the
// channel is full: 5 rounds alternated (perf, load 10-13) zstd samples
// 646-714 against 647-814, CPU ms 2020-2463 against 1984-2361.
//
// Measured again (session 19, for wall time this time: the benchmark
// Parquet's default audit, one binary with both settings, 6 rounds
// alternated 3 s apart): the machine ran at load 4-8, every wall time
// 0.56-5.5 s, so no wall could be compared; CPU (user+sys) means 1.237
// s (one decoder, batches channel nw), 1.517 (two decoders), 1.282
// (batches channel 4), 1.307 (both). No sign of a gain. A Go execution
// trace of that audit (at that load, so only its shape counts): from
// Run's start the first batch reached an analyser in 5.6 ms (the
// decoder doing mark assists of the start's collections), the next ones
// every 4-5 ms; in one of three traces both Ps were busy in nearly every
// 10 ms bin of the read, in another the decoder ran alone for about 190
// ms of a 320 ms stretch while the analysers waited, which a decoder
// thread the OS did not run would also show.
func ParquetDecoders(nw int) int { return max(1, nw/2) }

// readRowGroup reads Parquet row group u.rg on a decoder's goroutine,
// holding a place in sem while it does if the source is read by the
// direct text reader (see ParquetDecoders).
//
// A read of a few rows again (opts.Only, the excerpts' read at the end
// of a scan) holds none: there are no analysing workers to keep fed,
// and its row groups (zstd decompressed up to the last row wanted) are
// read on every decoder at once rather than one after the other on one
// core while the other idles. Measured (session 23, the benchmark
// Parquet's default audit, whose excerpts read row group 0 to its row
// 4,876 and row group 7 to its row 3,667): see internal/excerpt's doc.
func readRowGroup(ctx context.Context, pr *columnar.Reader, u unit, sem chan struct{}, opts *Options, emit func(*Batch) error) error {
	if u.pq.Direct() && opts.Only == nil {
		select {
		case sem <- struct{}{}:
			defer func() { <-sem }()
		case <-ctx.Done():
			return ctx.Err()
		}
		peakAt(directReading.Add(1))
		defer directReading.Add(-1)
	}
	if testRowGroupRead != nil {
		testRowGroupRead()
	}
	return pr.ReadRowGroup(ctx, u.pq, u.rg, emit)
}

// testRowGroupRead, when set by a test, is called as a decoder starts
// reading a Parquet row group (in sem's place, if it takes one).
var testRowGroupRead func()

// directReading counts the direct-read row groups being read, and
// directPeak holds the most read at once in this process (tests).
var directReading, directPeak atomic.Int64

func peakAt(n int64) {
	for {
		p := directPeak.Load()
		if n <= p || directPeak.CompareAndSwap(p, n) {
			return
		}
	}
}

// ranges returns the byte ranges in which Run reads input i, or nil to
// read it whole: with Options.Only and Options.Marks recorded by an
// earlier read of a plain JSONL file, the ranges holding its wanted lines,
// about four per worker, so that every worker reads and counts lines
// rather than one goroutine.
func ranges(i int, in Input, opts *Options) []batch.Range {
	wanted, ok := opts.Wanted(i)
	if opts.Marks == nil || !ok || in.Format != JSONL || in.Compression != source.None || in.IsStream() || opts.Span != nil {
		return nil
	}
	return opts.Marks.Ranges(in.Path, in.Size, in.ModTime(), wanted, 4*opts.NumWorkers())
}

// readRange reads and decodes, on a decoder's goroutine, the byte range
// r of a JSONL input, emitting a batch a chunk. A read error ends the
// range with an unreadable_input record at the line where reading
// stopped.
func readRange(ctx context.Context, r *lineRange, opts *Options, pool *textread.Pool, dec *textread.Decoder, emit func(*Batch) error) error {
	f, err := r.in.Open()
	if err != nil {
		return emit(dec.Decode(unreadableUnit(r.idx, r.in, r.FirstLine, err).ch))
	}
	defer f.Close()
	counter := &source.CountingReader{R: source.Section(f, r.Start, r.End-r.Start)}
	o := *opts
	o.Span = &batch.Span{File: r.idx, Start: r.Start, End: r.End, FirstLine: r.FirstLine}
	c := textread.NewChunker(counter, counter, r.idx, r.in, &o, pool)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		ch, err := c.Next()
		if err != nil {
			return emit(dec.Decode(unreadableUnit(r.idx, r.in, c.Line(), err).ch))
		}
		if ch == nil {
			return nil
		}
		b := dec.Decode(ch)
		pool.Release(ch)
		if err := emit(b); err != nil {
			return err
		}
	}
}

// unreadableUnit is a unit without data that reports an input, or the rest
// of one from line (JSONL, 1-based; a JSON array's element; 0 for the
// whole file), as unreadable.
func unreadableUnit(idx int, in Input, line int64, err error) unit {
	return unit{ch: textread.BadChunk(idx, []BadRecord{{
		Pos:    Pos{File: idx, N: line, Line: in.Format.Lined()},
		Kind:   BadUnreadableInput,
		Reason: err.Error(),
	}})}
}

// chunkFile cuts one JSONL file into chunks and sends them. A read error
// (a .gz cut short, say) ends the file with an unreadable_input record at
// the line where reading stopped; the run goes on with the next input. A
// file whose size or modification time is not at the end what it was when
// Expand found it is an input_changed record at the line where reading
// ended: what was read may be a mix of two versions, or a part of one.
func chunkFile(ctx context.Context, idx int, in Input, opts *Options, pool *textread.Pool, send func(unit) error) error {
	f, err := in.Open()
	if err != nil {
		return send(unreadableUnit(idx, in, 0, err))
	}
	defer f.Close()
	counter := &source.CountingReader{R: f}
	r, closer, err := source.Decompress(in, counter)
	if err != nil {
		return send(unreadableUnit(idx, in, 0, err))
	}
	if closer != nil {
		defer closer.Close()
	}
	var mark func(*textread.Chunk)
	if m := opts.Marks; m != nil && opts.Only == nil && in.Format == JSONL && in.Compression == source.None && !in.IsStream() {
		mark = func(ch *textread.Chunk) {
			m.Record(in.Path, in.Size, in.ModTime(), ch.Start())
			for _, at := range ch.Marks() {
				m.Record(in.Path, in.Size, in.ModTime(), at)
			}
		}
	}
	line, err := chunkReader(ctx, idx, in, opts, pool, send, r, counter, mark)
	if err != nil || in.IsStream() {
		return err // a stream's copy is this run's own
	}
	if st, err := f.Stat(); err == nil {
		if u, ok := changedUnit(idx, in, line, st); ok {
			return send(u)
		}
	}
	return nil
}

// chunkStream is chunkFile for a stream, read once, here.
func chunkStream(ctx context.Context, idx int, in Input, opts *Options, pool *textread.Pool, send func(unit) error) error {
	s := in.Stream()
	s.MarkConsumed()
	counter := &source.CountingReader{R: s.Reader(ctx)}
	r, closer, err := source.Decompress(in, counter)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return send(unreadableUnit(idx, in, 0, err))
	}
	if closer != nil {
		defer closer.Close()
	}
	if _, err := chunkReader(ctx, idx, in, opts, pool, send, r, counter, nil); err != nil {
		return err
	}
	if err := s.SpoolErr(); err != nil {
		return err // the copy a later pass needs is not whole
	}
	return ctx.Err()
}

// chunkReader cuts the decompressed stream r of an input into chunks and
// sends them, calling mark (if not nil) with each before; it returns the
// number of the line after the last one read.
func chunkReader(ctx context.Context, idx int, in Input, opts *Options, pool *textread.Pool, send func(unit) error, r io.Reader, counter *source.CountingReader, mark func(*textread.Chunk)) (int64, error) {
	c := textread.NewChunker(r, counter, idx, in, opts, pool)
	if mark != nil {
		c.MarkLines()
	}
	lineOf := c.Line
	for {
		if err := ctx.Err(); err != nil {
			return lineOf(), err
		}
		ch, err := c.Next()
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return lineOf(), cerr
			}
			return lineOf(), send(unreadableUnit(idx, in, lineOf(), err))
		}
		if ch == nil {
			return lineOf(), nil
		}
		if mark != nil {
			mark(ch)
		}
		if err := send(unit{ch: ch}); err != nil {
			return lineOf(), err
		}
	}
}

// changedUnit reports, as an input_changed record at position n, a file
// whose size or modification time st is not what Expand found.
func changedUnit(idx int, in Input, n int64, st os.FileInfo) (unit, bool) {
	if st.Size() == in.Size && st.ModTime().Equal(in.ModTime()) {
		return unit{}, false
	}
	// The position names the file.
	reason := fmt.Sprintf("modified while it was read (size %d bytes); its records may be a mix of two versions", in.Size)
	if st.Size() != in.Size {
		reason = fmt.Sprintf("changed while it was read: %d bytes at the start, %d at the end; its counts are of neither version", in.Size, st.Size())
	}
	return unit{ch: textread.BadChunk(idx, []BadRecord{{
		Pos:    Pos{File: idx, N: n, Line: in.Format.Lined()},
		Kind:   BadInputChanged,
		Reason: reason,
	}})}, true
}

// Probe runs Run's checks on inputs without reading them in full: the
// fields opts names are in the first records of every text input (JSONL, a
// JSON array, CSV, TSV), in the footer or schema of every Parquet or Arrow
// file. A stream's probed bytes stay to be read. It returns the first
// usage error (a missing or mistyped field); an input that cannot be read
// is left for Run to report. A Parquet or Arrow stream is not checked: it
// must be copied first.
func Probe(ctx context.Context, inputs []Input, opts Options) error {
	if len(opts.Text) == 0 {
		return errors.New("no text field given")
	}
	var ue *unreadableError
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if in.Err() != nil {
			continue
		}
		var err error
		switch s := in.Stream(); {
		case s != nil && !s.Kept():
			if !in.Format.Text() || s.Consumed() {
				continue
			}
			err = textread.ProbeStream(ctx, in, &opts)
		case in.Format == Parquet:
			_, err = columnar.PrepareParquet(i, in, &opts)
		case in.Format == Arrow:
			_, err = columnar.PrepareArrow(i, in, &opts)
		default:
			err = textread.ProbeFile(in, &opts)
		}
		if err != nil && !errors.As(err, &ue) {
			return err
		}
	}
	return nil
}
