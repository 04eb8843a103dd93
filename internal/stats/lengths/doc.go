// Package lengths holds the exact length distribution of the token summary
// and of chat's parts (Dist: a count per distinct length, 32 KB for the
// lengths under 4096 and a map entry per larger distinct length), its
// report form (LengthStats: exact nearest-rank quantiles and power-of-two
// buckets; Lengths for bytes, characters and tokens) and its profile form
// (LengthHist, whose HistBucket buckets are the same in every profile).
// A Dist merges exactly, so any split of the input gives the same result.
package lengths
