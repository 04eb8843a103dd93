// Package recycle provides Arrow memory allocators (memory.Allocator)
// that hand freed buffers out again, so that a scan touches the same few
// buffers instead of paying page faults and zeroing for fresh ones.
//
//   - Recycler: a few buffers of one use (the JSONL text bytes of a
//     decoder's batches, the Parquet direct reader's), back through Free
//     when the last reference to a record is released, so a batch owns
//     its memory as long as anyone holds it. Grow gives an outgrown
//     buffer back (session 20; internal/ingest/columnar's readDirect).
//   - NewPool: buffers of 4 KiB and more by power-of-two size class, for
//     pqarrow's page, decompression and builder buffers.
//
// # Invariants
//
//   - A buffer is handed out to one owner at a time. The pool's Allocate
//     returns zeroed bytes, as the Go allocator does; a Recycler's do not
//     (its one user writes every byte before reading it).
//   - Both are safe for concurrent use: Free may come from any goroutine.
//   - What they keep is bounded (n buffers of at most maxKeep bytes;
//     keepPerClass per size class); anything more is left to the GC.
//
// # Measured, not built (session 15)
//
// A default audit of the 200 MB JSONL makes 26 Recycler buffers of
// about 650 KB (counted with a temporary counter): 13 for the scan's two
// decoders and 13 for the excerpt pass's, 8 of them replacing a kept
// buffer too small for a chunk holding a long line. They are about 11% of
// the audit's page faults (perf record -e page-faults, with the chunk
// buffers and the probe's lines). One Recycler shared by a run's decoders
// would hold about 8 buffers instead of 13, some 3 MB of first touches
// (about 800 faults, 0.2% of the CPU time): not built, as no measurement
// on this machine can tell 0.2% from the noise.
package recycle
