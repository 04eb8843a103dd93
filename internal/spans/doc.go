// Package spans is the fingerprinting core that benchmark contamination
// (internal/contam) and repeated-span detection (scan --spans) share:
// one normalisation, one word tokenizer, hashed token k-grams and
// winnowing.
//
// # Normalisation and tokens
//
// A token is a maximal run of letters and digits after normalisation:
//
//   - case: Unicode simple lowercase;
//   - accents: a non-ASCII letter is decomposed (NFKD) and its combining
//     marks dropped, so "café" and "cafe", fullwidth and plain letters make
//     the same token;
//   - punctuation: a token is a run of characters between white space
//     with everything but letters and digits dropped, as copies normalised
//     by deleting punctuation have it: "don't", "don’t" and "dont" are one
//     token, so are "1,000" and "1000", "well-known" and "wellknown",
//     "<<16-3-4=9>>9" and "163499"; a run of punctuation alone is no
//     token; a hyphen at the end of a line followed by a lowercase letter
//     joins the two lines' words (a word broken by line wrapping);
//   - white space and line wrapping: any run of white space separates
//     tokens, so a copy wrapped at another width has the same tokens;
//   - digits: kept by value (so "16 eggs" and "18 eggs" differ: a problem
//     with other numbers is another problem), Unicode digits that NFKD
//     maps to ASCII ones become those.
//
// With Tokenizer.Words set, every character but a letter or a digit
// separates tokens instead, as scan's words tokenizer does: repeated spans
// (scan --spans) count their length in scan's words. That mode has its
// own loop: one table read per ASCII byte, the Unicode tables only for
// the bytes of other characters, the same tokens as the general loop.
//
// Each token is hashed (64-bit, seed-free, so hashes mean the same in
// every process) and a k-gram of tokens is hashed from a polynomial prefix
// sum of its tokens' hashes, so that any k costs one multiply and one
// subtraction per position once the prefix is built (Grams).
//
// # Winnowing
//
// Winnow keeps, in every window of w consecutive k-gram hashes, the
// rightmost smallest one (Schleimer, Wilkerson and Aiken 2003, robust
// winnowing). Two texts that share a span of at least w+k-1 tokens share
// a window of w k-grams, hence its selected fingerprint at the same offset
// in the span: every such span is seen, while about 2/(w+1) of the
// positions are kept. Sorted holds a sorted list of fingerprints (the
// shared ones of scan --spans) with a bucket index over their top bits,
// for look-ups in about one read instead of a binary search's log2(n).
//
// # Memory
//
// A Tokenizer keeps, per token of the row being read, its hash (8 bytes),
// its byte start and end (8 bytes) and one prefix sum (8 bytes): 24 bytes
// a token of the longest row, reused from row to row. Nothing is kept
// across rows; what the callers keep is stated in their packages. A
// Sorted adds 4 to 8 bytes per hash of its list (one bucket per hash, up
// to the next power of two).
package spans
