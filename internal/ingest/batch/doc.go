// Package batch holds what internal/ingest hands out and what its readers
// share: the Batch (an Arrow record of good rows with their positions, bad
// records, label kinds, shapes and chat turns), Pos, BadRecord and the Bad*
// kinds, ForEachText, the chat Shape, Role and Turn, the reading Options,
// StrCol (a String column built from raw buffers with no per-row
// allocation) and UnreadableError. It reads nothing itself.
//
// internal/ingest re-exports every name here (ingest.Batch is
// batch.Batch), so callers import ingest only; the readers
// (internal/ingest/textread, internal/ingest/columnar) import batch, which
// is what keeps ingest.Run, which dispatches to them, free of cycles.
package batch
