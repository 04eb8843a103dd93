// Package recycle provides Arrow memory allocators (memory.Allocator)
// that hand freed buffers out again, so that a scan touches the same few
// buffers instead of paying page faults and zeroing for fresh ones.
//
//   - Recycler: a few buffers of one use (the JSONL text bytes of a
//     decoder's batches), back through Free when the last reference to a
//     record is released, so a batch owns its memory as long as anyone
//     holds it.
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
package recycle
