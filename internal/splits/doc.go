// Package splits reads inputs laid out as dataset splits (train, test,
// validation, dev; see Detect) and checks them as splits: rows, tokens
// and labels per split, and the rows of an evaluation split that are
// exact or near copies of training rows (split_overlap findings), found
// with internal/dups' cross-set matching (CrossExact, CrossNear).
//
// # The split table
//
// A split is a property of an input file: the run's file table holds, next
// to each path, its split name (analysis.Config.Splits, report.Input's
// split), so a state that names rows by file index needs nothing more to
// be merged by another process that shares the table: Checker's state
// (AppendState) holds the counts per split and its duplicate records,
// never the table, and a run whose table has other splits refuses it.
//
// # Memory
//
// A Checker keeps, for every row of a training or evaluation split, the
// record of an exact-duplicate row (40 bytes plus its id) and of a
// near-duplicate row (232 bytes plus its id): about 272 bytes a row. Rows
// of Other splits cost nothing beyond their counts.
package splits
