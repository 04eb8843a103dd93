// Package ingest streams JSONL and Parquet corpora into Arrow record
// batches, with every record that cannot be read reported by position.
// It also reads one JSON array of objects (cut into chunks of whole
// elements, each decoded as a JSONL line), CSV and TSV with a header row
// and Arrow IPC streams and files (made into batches as Parquet records
// are).
//
// # Packages
//
// ingest itself holds Run (the producer, decoders and analysers below),
// Probe and the inputs (re-exported from internal/source). The readers
// live in packages under it: internal/ingest/textread (JSONL, JSON arrays,
// CSV and TSV: chunkers, the decoder, the probes of the first records),
// internal/ingest/chatjson (chat turns in JSON, for the decoder) and
// internal/ingest/columnar (Parquet and Arrow IPC). What they share is in
// internal/ingest/batch (Batch, Pos, BadRecord, Options, the chat Shape,
// Role and Turn, StrCol), and ingest re-exports it (types.go), so callers
// import ingest only.
//
// # Flow
//
//	inputs ─► producer ─► units ─► decoders (N) ─► batches ─► analysers (N) ─► fn(worker, batch)
//	          (one)      JSONL chunks of whole lines,         (fn's state is per worker)
//	                     Parquet row groups
//
// One producer reads JSONL files in order and cuts them into chunks of
// whole lines (512 KiB; a longer line is kept whole up to --max-line-bytes),
// and hands out Parquet row groups. N decoders turn units into Batches; N
// analysers call fn. Decoding and analysis are separate stages so that the
// batches of one large row group are analysed by every worker.
//
// A read of a few rows again (Options.Only: the excerpts of findings) is
// mostly skipping, and one producer reading and counting the lines of a
// whole JSONL file was the only goroutine at work. With Options.Marks,
// where a first read of a plain JSONL file recorded its chunk starts,
// such a read hands the decoders byte ranges of the file instead, each
// starting at a chunk and its line number; each decoder reads its ranges
// itself, and the chunks holding no row wanted are not read at all.
//
// # Ownership
//
// fn owns the Batch it gets and must Release its Record. JSONL text bytes
// come from a recycling allocator that gets them back on the last Release,
// so a Record may be Retained and kept, like any Arrow record; Parquet
// buffers come from Options.Mem. Batches reach fn in no particular order:
// anything that depends on order (listing the first findings, say) must
// sort by Pos.
//
// # Inputs
//
// Inputs come from internal/source (Expand, re-exported here): each file
// once, streams read exactly once, with a copy in $TMPDIR for later passes
// when Options.Spool is set (a Parquet stream is always copied whole).
//
// # Bad input
//
// A bad record (invalid JSON, no text, a label that is not a scalar, ...)
// is a BadRecord with its position, a stable kind and a reason, carried in
// the Batch of the same stretch of input; reading goes on. JSONL lines
// must be strict RFC 8259 JSON, checked in the same pass that finds the
// fields (internal/strictjson), and an object with a key twice is a BadDuplicateKey
// record; Options.LenientJSON reads with fastjson as before. An input that
// cannot be read, or not to its end, is a BadUnreadableInput record at the
// position where reading stopped; the other inputs are still read. So is a
// file that cannot be opened (no permission, a link loop). A file whose
// size or modification time at the end of its read is not what Expand saw
// is a BadInputChanged record. A JSONL file that starts in UTF-16 or
// UTF-32 (a byte-order mark, or ASCII with NUL bytes between) is a
// BadFileEncoding record of no rows at its line 1, saying so once with
// the iconv command that converts it; each of its lines is still a bad
// record of its own, without that hint. Only a
// usage error (a field no record has, a column of the wrong type) stops
// Run, before any batch.
//
// Parquet rows are accounted for: for every row group, the rows of its
// batches plus the Rows of its BadUnreadable and BadMissingRows records
// equal the footer's count (and a footer total above the row groups' sum
// is a BadMissingRows record of its own). arrow-go panics on some
// malformed files; opening a file and reading each row group run behind a
// recover, so that such a panic becomes a BadUnreadableInput record (the
// footer) or a BadUnreadable one (the rest of a row group), like an error.
// pqarrow's Parallel option stays off, since a panic in one of its own
// goroutines could not be recovered.
//
// # Chat and instruction data
//
// A text field holding a list of turns (OpenAI {role, content}, ShareGPT
// {from, value}; a JSONL array or a Parquet list<struct>) is read as the
// contents of the turns kept by Options.Roles joined with a newline; with
// Options.DetectShape a record without the text field is read by its
// messages, conversations or instruction/input/output fields. A
// Batch then has Shapes and Turns (spans of the text per turn), and the
// ColPrompt and ColResponse columns, which are absent from batches none of
// whose rows has a prompt or response. The turns are walked in the bytes the
// strict parser already checked, with no allocation per row: the decoder
// keeps its turn list, and the prompt and response bytes come from the
// recycling allocator like the text's. docs/report.md says which turns are
// bad records and why.
package ingest
