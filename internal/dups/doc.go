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
// Exact hashes texts with XXH3-128, which has no seed, and Near builds its
// signatures from stats.StableHash and stats.Mix64, also seed-free: a
// row's hash is the same in every process. So their states can leave the
// process (AppendState, and their Spec's Decode): rows are written with
// their positions (file index in the run's file table, row or line),
// their ids spelled out and their labels as indexes into the state's own
// list of labels, never as a worker's arena offsets or numbers.
//
// # Cross-set matches
//
// CrossExact and CrossNear index corpus A and probe it with every row of
// B, so a B row that only resembles another B row is never counted; they
// return B's matched rows in B's input order.
package dups
