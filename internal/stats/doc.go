// Package stats computes the token and length statistics of a corpus: the
// exact token frequency distribution and its top N, lengths in bytes,
// characters and tokens, empty and invalid-UTF-8 texts, and counts and top
// tokens per label.
//
// # Accumulators
//
// A Summary is a mergeable accumulator: one per worker, Add batches, Merge
// the others into the first in a fixed order, then Result. Every statistic
// is exact and merges exactly (counts, exact length distributions, the
// first findings by position), so the result does not depend on how rows
// were spread over workers; label limits are decided on the global number
// of distinct labels for the same reason.
//
// # Tokens
//
// The Tokenizer implements DuckDB's regexp_split_to_array(lower(text),
// '[^\p{L}\p{N}]+') with empty strings dropped. The hot path (countTokens)
// lowercases ASCII eight bytes at a time, then finds tokens 64 bytes at a
// time in a bitmap of the bytes that can belong to one, and counts ASCII
// tokens inline; a run with any byte of 0x80 or more goes to the Tokenizer.
// FuzzCountTokens and TestCountTokensBlocks keep the two in step. Tokens
// are counted in a countTable: exact, with keys identified by a bijective
// hash up to 8 bytes, compared as two words up to 16, and byte for byte
// beyond.
package stats
