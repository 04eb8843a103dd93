// Package textread reads the text inputs of internal/ingest: JSONL, one
// JSON array of objects, CSV and TSV. A Chunker (NewChunker) cuts an input
// into chunks of whole lines, elements or records in one goroutine (JSONL:
// chunker.go; arrays: jsonarray.go; CSV and TSV: csv.go, whose record
// scanner the chunker and the decoder share), and a Decoder (one per
// worker) turns each chunk into a batch.Batch (jsonl.go, and jsonl_chat.go
// for chat turns and instruction triples, walked by
// internal/ingest/chatjson). ProbeFile and ProbeStream check the first
// records of an input for the fields Options names before a run.
//
// The decoder keeps its columns and parser from chunk to chunk and builds
// the Arrow buffers directly (batch.StrCol): nothing is allocated per row,
// and the text bytes come from a recycling allocator. Chunk buffers come
// from a bounded Pool, so memory is bounded by the number of workers.
//
// # The read, and why not mmap (session 14)
//
// A perf profile of the default audit of the 200 MB JSONL (main 668c3dd,
// 3,774 samples) puts read(2) at 2.7% of samples: the kernel's copy
// (_copy_to_iter) 1.9%, its page-cache lookups (filemap_get_read_batch,
// filemap_read) 0.85%. Reading the file through a mapping instead was not
// built, for three reasons. Most of the copy is the first touch of 200 MB
// that is not in any cache, which the decoder would pay instead when it
// reads the mapping (it now reads the chunk from L2), so at most the
// copy's writes and the lookups (about 1%) could be saved. A mapped page
// that has been read is resident and counts in the peak RSS (ru_maxrss)
// until it is unmapped, so chunks decoded out of order would have to be
// unmapped behind the decoders to keep the peak. And a file cut short by
// another process while it is mapped raises SIGBUS on the next access
// (today an input_changed record), which every goroutine reading a chunk
// would have to turn back into a record (debug.SetPanicOnFault and a
// recover around decoding). The chunker's line count for its marks
// (bytes.Count, 0.4%) was left as it is for the same size reason.
//
// Session 19 built it (a lead's profile had put the copy at 7.35% of
// the default audit's samples; in three profiles of mine, main 6bd3a7e,
// 200 MB JSONL, it was 2.9-3.3%: that one was the spread of a loaded
// machine): a plain JSONL file mapped whole (MAP_SHARED, PROT_READ), a
// chunk a slice of the mapping cut after its last newline as a filled
// buffer is, a line too long for a chunk read on from its start by the
// read path (so that its record is the read path's own), each chunk's
// pages populated at once (MADV_POPULATE_READ) and dropped
// (MADV_DONTNEED) when it is released, so that the peak RSS holds only
// the chunks in flight, the mapping unmapped when the chunker and the
// last chunk are done, and every read of the mapping run with
// debug.SetPanicOnFault, a SIGBUS on a file cut short becoming an
// input_changed record. Verify set identical, ingest tests passing. Not
// kept: the copy's cost moves into mapping the page cache's pages and
// dropping them. perf record -g -F 2000, two runs each, alternated:
// read(2)'s producer 5.42-5.86% of samples (_copy_to_iter 3.1-3.3%, the
// page-cache lookups about 1%); mapped, the producer 4.22-4.37% (of it
// the populate 1.64%, filemap_map_pages and next_uptodate_folio a folio
// at a time, and bytes.Count now reading the page cache, not a buffer
// the copy left in L2), the decoders' MADV_DONTNEED 1.0-1.5%
// (flush_tlb_mm_range's IPIs 1.1%, the zap 0.6%), Decode 4.19-4.51%
// against 4.45-5.06%. Without the populate the mapping takes a fault
// every 16 pages (fault-around): faults +2,300 a run. Default audit,
// /usr/bin/time, 3 s apart, load 4-10, 14 rounds alternated: CPU mean
// 1.123 s read against 1.117 mapped (the two sets +4.1% and -3.7%),
// faults (the sets' means) 32,500 and 33,500 against 34,300 and 35,900,
// peak RSS 161-178 MB against 166-179. Dropping pages 4 MiB at a time
// instead of a chunk's would save most of the IPIs: about 1% in all,
// under what rounds on this machine tell, for a SIGBUS path in every
// decoder.
//
// The chunk size does not move the default audit's fresh memory either
// (session 18, the 200 MB JSONL, --chunk-bytes, runs 2-3 s apart, load
// 5-7): page faults 29,300-35,300 (seven runs) at the default 512 KiB,
// 30,400-32,500 (five) at 128 KiB, 29,600-32,300 (four) at 64 KiB,
// peak RSS 162-177, 156-173 and 169-172 MB, though the chunk and text
// buffers (about 16 MB live at 512 KiB, 25 MB allocated) shrink eightfold.
// They die with the read, and its collection (rowstore.CollectAfterRead)
// hands their memory to the finishes, which allocate 54 MB on 88 MB of
// live per-row state and set the peak as often as the read does: the
// heap at the read's end varied 119-146 MB from run to run, the peak RSS
// 168-170. So shrinking or sharing the read's buffers (one Recycler for
// a run's decoders, chunk buffers grown to their target instead of
// twice it) was not built.
//
// # Lines cut by their parse (session 15)
//
// A decoder with one text field, reading strictly, no longer finds each
// line's newline (bytes.IndexByte, 1.0-1.4% of the default audit's
// samples) before parsing it: strictjson.ParseLine parses the line at the
// start of the rest of the chunk and says where it ends, and the text
// kernel reads a line's last bytes in blocks too (the rest of the chunk
// is long enough). A line ParseLine rejects is cut and parsed again the
// usual way, so bad records, their reasons and positions are unchanged;
// so are the file's first line (a byte-order mark) and --only reads.
// BenchmarkDecodeLines (the sample in one chunk, 10 runs, load 11-12):
// median 253 to 143 µs, fastest 118 to 97. In perf profiles of the default
// audit of the 200 MB JSONL (two each, alternated with main, which also
// lacks strictjson's session-15 kernel change) Decoder.Decode's share
// fell from 6.60% and 6.59% of samples to 5.71% and 5.46%. TestLineFast,
// TestLineFastSample and FuzzLineFast compare both ways of cutting.
package textread
