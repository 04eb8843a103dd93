// Package dups finds duplicate rows: exact duplicates after a
// normalisation (Exact), near duplicates by MinHash LSH verified on words
// and word pairs (Near), the clusters of either whose rows carry different
// labels (label_conflict findings), and the rows of one corpus found in
// another (CrossExact, CrossNear).
//
// # Accumulators
//
// Exact and Near are mergeable accumulators: one per worker, Add batches,
// Merge the others into the first in a fixed order, then Result. They
// keep a small fixed record per row (a 128-bit hash, or two 64-byte b-bit
// signatures and 16 band keys) in rowstore blocks, with ids in one arena,
// and decide everything after the merge, by input position. So for any
// split of the input into batches and workers,
//
//	a.Add(b1); a.Add(b2)  ≡  a.Add(b1); o.Add(b2); a.Merge(o)
//
// gives the same Result: the same clusters, each listed with its members
// in input order, the first member the one to keep, clusters ordered by
// their first row. Merge takes o's rows: o must not be used afterwards.
//
// # Portable state
//
// Exact hashes texts with HighwayHash-128 under a secret key (a PRF: a
// supplier who does not know the key cannot craft a text that collides
// with another, to hide it as a duplicate): the key is the
// configuration's (analysis.Config.DedupKey) or, by default, ProcessKey,
// random, drawn once per process. The report does not depend on the key
// (clusters are ordered by position), save for a chance of a false
// duplicate of at most n²/2¹²⁹ for n distinct texts; a state carries the
// key's id (KeyID), and states of different keys refuse to merge, so
// processes that merge states must be given the same key. Near builds its
// signatures from stats.StableHash and stats.Mix64, seed-free: a row's
// signature is the same in every process. So their states can leave the
// process (AppendState, and their Spec's Decode): rows are written with
// their positions (file index in the run's file table, row or line),
// their ids spelled out and their labels as indexes into the state's own
// list of labels, never as a worker's arena offsets or numbers.
//
// # Cost
//
// The default normalisation of exact duplicates is the identity on ASCII
// text but for upper case letters and white space: runs of ASCII bytes are
// lowercased and their white space collapsed in one pass, 64 bytes at a
// time with AVX-512 (collapse512: asciiLower looked up with VPERMI2B, and
// VPCOMPRESSB to drop white space after white space; collapseGo, eight
// bytes at a time, elsewhere), which stops at the first byte that is not
// ASCII: the text is not checked first. No text skips the copy: of the
// 200 MB mail's 137,265 texts, 131,785 are ASCII but only 36 are
// already in the normalisation (no capital, no white space but single
// spaces between words; benchmarks/normalized_texts.py, session 30), so
// a test for that would cost every text and spare none. NFKC and case
// folding (cases.Fold's mapping as a table of runes, foldString, in the
// same loop as the collapsing: foldCollapse) run only on the stretches of text around bytes
// of 0x80 or more, and a character NFKC leaves alone that stands alone
// between ASCII bytes (U+FFFD, most letters and symbols: simpleRune, its
// bits computed from x/text's tables a page of 256 characters at a time
// on first use) is folded where it stands, without a stretch
// (BenchmarkNormalizeCorpus/other 2.0-2.2 to 1.2-1.5 CPU ms on the 30
// MB corpus's texts that are not ASCII). Near asks isNFKC, not
// norm.NFKC.IsNormal, whether such a text needs NFKC: ASCII eight bytes
// at a time and characters from the same bits (BenchmarkIsNFKC 1.70 to
// 0.72 CPU ms; x/text's quickSpan, in both, 1.47% to 0.75% of the
// default audit's samples on the 200 MB JSONL). Texts over 64 KB are
// hashed in pieces as they are normalised (longHash). On the 30 MB mail corpus the normalisation takes
// 7.7 CPU ms (33.5 before: BenchmarkNormalizeCorpus); the keyed hash
// cost more than it until session 27, when Add came to hash four texts
// side by side (hashLanes: HighwayHash is latency-bound; the same hash,
// bit for bit), 2.2 times as fast as one at a time.
// Near duplicates hash the words of a text NFKC
// leaves as it is (ASCII, and most other text) from the hashes the token
// summary left on the batch (ingest.Batch.Words; asked for before a
// worker's first batch: analysis.WordReader), and tokenise the text
// themselves (after NFKC) otherwise; either way the hashes are
// stats.StableHash of the Tokenizer's tokens, so the signatures do not
// depend on which.
//
// State per row: an exact-duplicate row keeps 32 bytes, a near-duplicate
// row 208 (both plus the id's bytes; each holds its id's reference, one
// word: rowstore.IDRef, and its position, JSON array element and label,
// another: rowstore.Place; 48 and 224 bytes before session 22). The
// exact finish sorts 16 bytes a row (each row's first hash word and a
// reference) and copies out only the rows that share a first word. The
// near finish radix-sorts each band's keys on its own goroutine (up to
// GOMAXPROCS, at most 4) and guesses the verification of the band's
// buckets there, while one goroutine replays the buckets into the
// union-find in a fixed order, taking the outcome of each pair from the
// guesses when they have it (nearfinish.go); the guesses drop from the
// lists the members the replay is sure to skip, already clustered (by the
// replay's last published roots) with one of their bucket's first rows:
// 19% of them on 200 MB of mail (guessBuckets). The word and pair
// signatures are kept apart from the rest of a row (80 bytes), 64 bytes
// a row each, one cache line, in blocks of their own; the finish puts
// them into input order in place, within those blocks (inputOrder),
// where the verifier reads them by input index and, on amd64, prefetches
// those of the members ahead into the first-level cache (prefetchSigs;
// the second level left them missing in the audit: prefetchFlat). It adds about 40 bytes a
// row while it runs: 16 of references and union-find, 8 of published
// clusters, 16 per band-sorting goroutine, and a few band lists (4 bytes
// and 1 of guess per row in a bucket), the band keys of a group of bands
// taken out of the rows in one walk (bandKeys: at most 8 MiB, 32 bytes a
// row on 134,000 rows; none above 2^20 rows, where each band is walked
// on its own), and 8 bytes a row of the word signatures' low bits
// (nearVerifier.match).
//
// # Partitions
//
// A distributed run cuts the rows of Exact by their hash and the band
// keys of Near by key into partitions merged apart (SplitExact,
// ExactOfPartition, CombineExact; SplitNear, SharedOfPartition,
// NearCandidates), so that its final merge holds only the clusters the
// report lists and the rows that share a band key; ExactTotalled and
// NearTotalled finish them into the one-process Result (partition.go).
//
// # Cross-set matches
//
// CrossExact and CrossNear index corpus A and probe it with every row of
// B, so a B row that only resembles another B row is never counted; they
// return B's matched rows in B's input order.
package dups
