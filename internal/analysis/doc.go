// Package analysis is the contract every check of dataaudit implements and
// the one local runner that drives them.
//
// How to add an analysis now:
//
//  1. A package with an Analyser and its Spec{Name, Version, Report: "key",
//     Kinds, Metrics, New}; Finish returns a Result: Section, Findings,
//     Unlisted, Metrics (a value per Spec.Metrics) and, for rows an export
//     leaves out, Drop.
//  2. A field of report.Document tagged `json:"key,omitempty"`, where its
//     JSON goes, and its renderers in internal/report (report.Document.Place
//     fills it; neither audit nor the command names its type).
//  3. The spec in audit.Analyses, with its ScanConfig switch in
//     ScanConfig.On; its flag, its checkFlags entry and --all in
//     cmd/dataaudit/scan.go; its kinds in internal/finding and docs/report.md.
//
// A check written as before converts by setting Spec.Report instead of a
// case in audit's place, filling Result.Metrics in Finish instead of
// reading its section in gate.Values (a rate over rows counts the rows it
// sees), and dropping its term of audit's Spool condition: a Spec with a
// Second pass has streams spooled for it.
//
// # The contract
//
// A check is an Analyser: a mergeable accumulator fed Arrow batches
// (ingest.Batch), merged with the accumulators of other workers, and
// finished into a Result once:
//
//	worker 0:  New ── Add(b0) ── Add(b3) ── … ─┐
//	worker 1:  New ── Add(b1) ── Add(b4) ── … ─┼─ Merge, left to right ── Finish(env) ── Result
//	worker 2:  New ── Add(b2) ── …           ──┘
//
// Its law: for any split of the input into batches b1, b2 (so into
// workers, or shards) and fresh analysers a, o of the same Spec and Config,
//
//	a.Add(b1); a.Add(b2)  ≡  a.Add(b1); o.Add(b2); a.Merge(o)
//
// where ≡ means that Finish gives the same Result, byte for byte once
// rendered. It holds exactly for every analysis here (counts, tables,
// row lists sorted by position at Finish); an analysis that keeps a sketch
// must state its bound in its Spec and hold it for every split. Merge(o)
// takes o, which its caller does not use afterwards; Add keeps nothing of
// the batch, whose memory its caller releases. The law is what lets a run
// use any number of workers (--workers 1 and 8 give the same report) and,
// later, shards on several machines. TestLaw checks it for every analysis
// by running them with one worker and with several.
//
// # Specs and the registry
//
// A Spec describes an analysis: its stable Name and Version, where its
// section goes in the report (Report), what it Needs from the input (a
// label, an id), whether it keeps state PerRow, the finding Kinds and gate
// Metrics it offers, how to build one from the Config, and, for a check
// that reads the input twice (the label checks), the Second pass built
// from the merged first. A command holds a Registry (a list of specs in
// the order they see each batch) instead of code that names every type;
// it decides which specs run, and how each is asked for on its command
// line: no spec knows a flag's spelling.
//
// # One Result
//
// Every analysis finishes into the same Result: its Section (its own
// type, which only it and its renderers know), the Findings it lists and
// the Unlisted counts per kind, the values of the gate Metrics its Spec
// offers (exact: a rate from counts, not the rounded rate the section
// shows), and Drop, the sorted positions of the rows a deduplicated copy
// leaves out. The use case places the Section at the Spec's Report key,
// appends the findings, hands the metrics to the gates and the drop lists
// to the export, whatever the analysis:
//
//	Result ─┬─ Section  ─► report.Document field tagged json:"<Spec.Report>"
//	        ├─ Findings, Unlisted ─► the report's findings
//	        ├─ Metrics  ─► report.Document.Metrics ─► gates
//	        └─ Drop     ─► merged, sorted ─► the export
//
// # Running
//
// Run reads the inputs once with ingest's workers, gives every worker its
// own analyser of each factory (no locks in the inner loop), hands each
// batch to them in order with one interface call per analyser and batch,
// releases it, and merges the workers' analysers left to right in worker
// order. RunSpecs does that for specs and then runs their second passes,
// all in one more read. Workers and Merge are the two halves, for callers
// that want the workers' analysers before they are merged.
//
// RunFinished is RunSpecs and Finish with the ends of the reads
// overlapped, which is how a scan runs: when the first read ends, every
// analysis is merged on a goroutine of its own, and one that reads only
// once is finished there at once, in parallel with the others' finishes
// and with the second read, its state released when it is done rather
// than held through the second read. A Finish reads its own state only,
// so the results are those of finishing one after the other (TestRunFinished);
// FinishAll finishes analysers already merged (states merged from shards)
// the same way.
//
// Tried and not kept (session 20): Workers made the analysers on a
// goroutine of their own while the read started, each worker waiting
// for them before its first batch (a factory's error still Workers'
// error). Making them took 1.5 ms (Parquet) and 2.7 ms (JSONL) of the
// default audit of the 200 MB corpus before the read, with a core idle,
// and the first batch comes 4-7 ms after the read starts. Six
// alternated rounds of the benchmark Parquet, 3 s apart (with the chunk
// pool made lazily in both): wall 0.625 s (0.61-0.65) without and
// 0.625 (0.60-0.65) with, CPU 1.190 and 1.175 s: not measurable, and it
// started the read (spooling a stream, its notes) before a factory could
// fail.
//
// Tried and not kept (session 32): each batch handed to the word readers
// (near duplicates) right after the word writers (the token summary),
// ahead of exact duplicates, so that minhash512 reads the word hashes
// the summary had just mixed, not after exact duplicates had read the
// batch's text (12% of minhash512's samples sat on those loads: session
// 31, internal/dups nearfinish.go). The default audit, the two orders
// alternated, each run at autogroup nice -15 beside other builds (load
// 9-14), medians of CPU (user + sys) and peak RSS: the benchmark Parquet,
// 14 rounds, 1.455 s and 153.6 MB registry order against 1.460 s and
// 163.2 MB; 10 rounds, 1.475 / 156.5 against 1.420 / 164.7; the 200 MB
// JSONL, 14 rounds, 1.380 / 151.0 against 1.335 / 159.0, 8 rounds 1.305
// / 155.0 against 1.230 / 155.1. minhash512's share of the Parquet
// audit's perf samples (4 kHz, 5 runs each): 4.7-6.4% against 5.6-6.8%.
// No CPU gain told from the noise, and 8-10 MB more peak RSS in three
// sets of four.
//
// An analyser that keeps scratch between batches sized for the longest
// text it read implements Trimmer: Workers trims every worker's
// analysers when a read ends, so that the finishes reuse that memory
// (TestTrim: trimming changes no result).
//
// # Portable state
//
// An analyser that is an Encoder can write its state for another process
// to merge: Encode heads it with its spec's Header (a magic, the stable
// name and the version), Decode refuses a state of another analysis or
// version, as pebble refuses a store written with another merger. A state
// holds no per-process seed, pointer or worker-local id; file positions
// are indexes in the run's file table, which the processes must share.
// The fields of a state are written with AppendString, AppendPos and
// AppendExamples (and encoding/binary) and read back with a Reader, which
// checks every length against the bytes left: a state is untrusted input,
// decoded to an error, never a panic. A state's bytes depend on the
// input and the Config alone, not on how the batches were split among
// workers: what an accumulator keeps in the order it met it (tokens,
// rows, labels) is written sorted, at encode time only, so that a scan
// without states pays nothing (TestEncodingCanonical; decoding depends on
// no order). Every analysis has an encoding:
// stats.FileRows, stats.Summary, chat.Summary, evasions.Checker,
// outliers.Scorer, dups.Exact, dups.Near, splits.Checker and both passes
// of the label checks (labels.Counts, labels.Scorer), of the backdoor
// scan (backdoor.Counts, backdoor.Scanner) and of the poisoned-text
// check (poison.Counts, poison.Scorer) and of the repeated spans
// (repeats.First, repeats.Second); each package
// documents its layout at its AppendState. TestEveryAnalysisEncodes
// keeps it so.
//
// A second pass is built from the merged first (Spec.Second), so its
// state means something only with that first pass: EncodeSecond heads it
// with the spec's SecondHeader (the name with "/pass2"), and DecodeSecond
// reads it against the merged first pass, which a second-pass state
// names by a fingerprint (the label checks' Model.Fingerprint) so that a
// state scored with another model is refused. Shards thus run the first
// pass, ship their states to be merged, receive the merged first pass
// (or its state, which they decode and merge alike), run the second pass
// and ship its states.
//
// analysistest.EncodedShards checks an encoding: a real corpus cut into
// seeded random shards, each encoded, decoded and merged, must finish
// into the one-process result byte for byte (a first pass through the
// second built from it); analysistest.EncodedSecondShards does the same
// for a second pass. Each decoder also has a fuzz target seeded with such
// states.
package analysis
