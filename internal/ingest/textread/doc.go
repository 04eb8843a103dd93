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
package textread
