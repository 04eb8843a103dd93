// Package labels finds likely label errors and backdoor trigger candidates
// in a labelled text corpus, from the data alone (no model download).
//
// # Features
//
// Every word (the stats tokenizer's rule: lowercase, split on runs of
// characters that are not letters or digits) and every pair of adjacent
// words is hashed (FNV-1a, fixed: the same in every process) into one of
// NumBuckets buckets; a row counts each bucket once.
//
// # Two passes
//
// Pass 1 (Counts: Add, Merge, Model) counts, per class and bucket, the rows
// holding it (2 MiB per class per worker), and keeps a training sample: the
// SampleRows rows with the smallest seeded hash of their position, which is
// the same set for any number of workers (each worker keeps its own
// smallest, the merge keeps the smallest of those). Model then trains one
// classifier per fold (K folds, default 5) on the sampled rows outside
// that fold: an L2-regularised logistic regression (multinomial for three
// classes or more, one logistic model for two) over TF-IDF weighted,
// L2-normalised features, fitted by L-BFGS (gonum/optimize) until the
// largest gradient entry is below 1e-4 or for 100 iterations
// (scikit-learn's tol and max_iter), the same objective as
// scikit-learn's LogisticRegression (mean log loss + λ/2·‖w‖², λ =
// 1/(C·n)), on the first sampled rows (in hash order: a uniform sample)
// up to 4 Mi feature entries (mail: about 9,000 rows; short texts: all
// 20,000), so that the cost of an evaluation is bounded. Features seen in
// one of those rows only are not fitted. C is chosen by an inner
// validation among 4, 16, 64: fold 0's model is fitted at 16 from zero,
// then at the weaker (else the stronger) neighbours warm-started, while
// its log loss on fold 0's rows improves; the other folds are fitted at
// the chosen C from zero, one after another. An evaluation of the
// objective runs over fixed chunks of rows (scores) and of features
// (gradient, from the design's transpose), on every core, its sums added
// in a fixed order: the same bits on every run, for any GOMAXPROCS and
// any number of workers. The fit holds the design twice (by row and by
// column: 16 bytes per entry, 64 MiB at most) and, for the one fold being
// fitted, about 2·10+6 float64 vectors of (fitted features + 1)·C'
// entries (C' = 1 for two classes, else C) for L-BFGS's memory.
//
// A row's fold is a seeded hash of its text normalised as the
// exact-duplicate check normalises it (dups.Normalizer: NFKC, case folding,
// white space collapsed), so exact copies share a fold: a corpus of one
// sample repeated many times is scored as the sample is, not by models
// that saw every row. Near duplicates may still fall in different folds:
// their clusters are known only after pass 1, when the models' training
// folds are already fixed.
//
// Pass 2 (Scorer: Add, Merge) reads the input again and scores every
// labelled row with the model of its fold, which never saw it: out-of-fold
// scores for every row, whether sampled or not. It keeps 32 bytes, the id
// and 2×K float32 scores per row. Rows are sorted by position before
// anything is computed from them, so the result does not depend on the
// number of workers or the order batches arrive in.
//
// # Confident learning
//
// Result turns the out-of-fold scores into probabilities with a softmax at
// one temperature fitted on them (maximum likelihood of the given labels),
// then applies confident learning (Northcutt et al., 2021) exactly as
// cleanlab 2.9's find_label_issues does with its defaults: the confident
// joint with per-class mean self-confidence thresholds, calibrated to the
// label counts and rounded as cleanlab rounds, at least one row kept per
// class, pruned by noise rate (for each given class i and other class j,
// the C[i][j] rows of class i with the largest margin p_j - p_i), rows
// whose given label is within 1e-6 of the most probable dropped, ranked by
// self-confidence. The same probabilities give cleanlab's issues in
// cleanlab's order (TestCleanlabFixture, from
// benchmarks/cleanlab_issues.py), except where cleanlab leaves ties to
// numpy's unstable sort: here they go by position. Only then is the
// --label-error-min-p floor applied (Options.MinP): an issue is reported
// when the suggested label has at least that probability; the others are
// counted (label_issues_below_min_p).
//
// # Triggers
//
// A backdoor trigger is a word or word pair that is rare overall, appears
// almost only in one label, and whose rows read like another label without
// it. Model screens the buckets: those seen in MinTriggerRows rows or more
// and at most MaxTriggerShare of them, whose rows fall in one class far
// beyond its base rate (the binomial tail, bounded by Chernoff,
// P <= exp(-n·KL(k/n ‖ p)), times the number of tests: the distinct words
// and pairs, estimated by linear counting, times the classes), the best
// 2048 by that score. Pass 2 records the exact words behind those buckets
// as it hashes, counts them exactly per class, and scores each row a
// second time without the candidate features concentrated in its own
// class. A word or pair is a trigger candidate when its Bonferroni-adjusted
// bound is at most 0.01 and at least half its rows of that class read like
// another class without the candidates; the rows carrying one are listed,
// those that read like another class first.
//
// # Portable state
//
// Both passes can leave the process (analysis.Encode, EncodeSecond). The
// first pass' state (Counts.AppendState) holds its folds and seed, which
// a run with others refuses, the classes with their non-zero bucket
// counts, the fold table and the training sample; the second pass' state
// (Scorer.AppendState) holds the Model's Fingerprint, every row's
// position, id, class and scores, and the candidate grams' counts. It is
// decoded against the merged first pass (analysis.DecodeSecond), which
// builds the same Model in every process, and refused when the
// fingerprints differ. A decoded state costs memory in proportion to its
// bytes until it has been read whole.
package labels
