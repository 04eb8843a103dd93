// Package labels finds likely label errors and backdoor triggers in a
// labelled text corpus, from the data alone.
//
// # Classifier
//
// A multinomial naive Bayes classifier over hashed features: every word (the
// stats tokenizer's rule: lowercase, split on runs of characters that are
// not letters or digits) and every pair of adjacent words is hashed into one
// of NumBuckets buckets, and a row counts each bucket once (binarised
// counts, which classify text better than raw counts). Naive Bayes is
// mergeable: its state is a table of counts per fold, class and bucket, so
// the out-of-fold model of fold k is the total minus fold k, computed once
// after the merge.
//
// # Two passes
//
// Pass 1 (Counts: Add, Merge, Model) counts features per fold and class in
// each worker. Pass 2 (Scorer: Add, Merge) reads the input again and scores
// each row with the model that never saw it, keeping only a few numbers per
// row: its position, label, id and 2×K scores. Folds are chosen by a seeded
// hash of the row's position (file, line or row), so they do not depend on
// the number of workers or the order batches arrive in; the per-worker
// states hold only exact integer counts and per-row values, and rows are
// sorted by position before anything is computed from them, so the result
// is the same for any number of workers.
//
// # Confident learning
//
// Out-of-fold scores are turned into probabilities by a softmax with one
// temperature fitted on them (naive Bayes scores are far too confident),
// then Result applies confident learning (Northcutt et al., 2021) the way
// cleanlab's find_label_issues does by default: the confident joint with
// per-class mean-probability thresholds, calibrated to the label counts,
// pruned by noise rate (for each given class i and other class j, the
// C[i][j] rows of class i with the largest margin p_j - p_i), rows whose
// prediction equals their label dropped, ranked by self-confidence.
//
// # Triggers
//
// A backdoor trigger is a word or word pair that is rare overall, appears
// almost only in one label, and whose rows would read like another label
// without it. Pass 1's counts give each bucket's document frequency per
// class; buckets concentrated in a class far beyond its base rate
// (binomial tail, bounded by Chernoff, Bonferroni-corrected for the number
// of distinct words and pairs) become candidates. Pass 2 recovers the exact
// words behind candidate buckets, counts them exactly, and scores every row
// a second time without the candidate features concentrated in its own
// label. A word or pair is reported when it is significant, rare and most
// of its rows read like another label without it.
package labels
