// Package labels finds likely label errors and backdoor trigger candidates
// in a labelled text corpus, from the data alone (no model download).
//
// # Features
//
// Every word (the stats tokenizer's rule: lowercase, split on runs of
// characters that are not letters or digits) and every pair of adjacent
// words is hashed (stats.StableHash, fixed: the same in every process)
// into one of NumBuckets buckets; a row counts each bucket once. Pass 1
// takes the words' hashes from the token summary, which leaves them on the
// batch (ingest.Batch.Words), and tokenises a row itself only without them
// (a worker's first batch); both tokenise 64 bytes at a time (words.go).
//
// # Two passes
//
// Pass 1 (Counts: Add, Merge, Model) counts, per class and bucket, the rows
// holding it (2 MiB per class per worker), and keeps a training sample: the
// SampleRows rows with the smallest seeded hash of their position, which is
// the same set for any number of workers (each worker keeps its own
// smallest, the merge keeps the smallest of those), less the rows past
// logreg.MaxEntries feature entries in hash order, which the fit would not
// read (at most 16 MiB of features a worker, in 20 MiB of buffers). Model then trains one
// classifier per fold (K folds, default 5) on the sampled rows outside
// that fold (logreg.Train): an L2-regularised logistic regression over
// TF-IDF weighted, L2-normalised features, fitted by L-BFGS (two classes:
// dual coordinate descent), the same objective as scikit-learn's
// LogisticRegression, its C chosen by an inner
// validation on fold 0, on the first sampled rows in hash order up to 4 Mi
// feature entries; the same bits for any GOMAXPROCS and any number of
// workers. Package logreg documents the fit and its memory (64 MiB of
// design at most, plus the solver's vectors).
//
// A row's fold is a seeded hash of the words of its text normalised as
// the exact-duplicate check normalises it (dups.Normalizer: NFKC, case
// folding, white space collapsed), so exact copies share a fold (and so do
// texts that differ only in punctuation); an ASCII row's words are those
// of its normalised text, so only rows with other bytes are normalised,
// and only around those bytes (normWords). A corpus of one
// sample repeated many times is scored as the sample is, not by models
// that saw every row. Near duplicates may still fall in different folds:
// their clusters are known only after pass 1, when the models' training
// folds are already fixed.
//
// The same key finds label conflicts when no duplicate check runs to
// report them (Options.Conflicts, conflicts.go): pass 1 then keeps 24
// bytes a labelled row (key, position, class), the Model 16 bytes a row
// of a conflict.
//
// Pass 2 (Scorer: Add, Merge) reads the input again and scores every
// labelled row with the model of its fold, which never saw it: out-of-fold
// scores for every row, whether sampled or not. It keeps 32 bytes, the id
// and K float32 scores per row, plus 16 bytes per candidate gram the row
// carries (about 23 a row on mail: 370 bytes). Each pass tokenises a row
// once, hashing ASCII tokens as it scans them (featurizer.next, the stats
// tokenizer's split); pass 2's featurizer also keeps the row's tokens, its
// bucket counts and its candidate occurrences, which the trigger
// counterfactual reuses (12 bytes a token of scratch per worker; per
// distinct candidate gram, up to about 100 bytes and its text in a
// worker's gram cache and row grouping). Rows are sorted by position before
// anything is computed from them, so the result does not depend on the
// number of workers or the order batches arrive in.
//
// # Confident learning
//
// Result turns the out-of-fold scores into probabilities with a softmax at
// one temperature fitted on them (maximum likelihood of the given labels),
// then applies confident learning (Northcutt et al., 2021) exactly as
// cleanlab 2.9's find_label_issues does with its defaults
// (conflearn.FindIssues): ranked by self-confidence, cleanlab's issues in
// cleanlab's order, except where cleanlab leaves ties to
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
// as it hashes, with the row's tokens (triggers.go); a row carrying one is
// scored once more for each candidate word or pair it carries, without
// that gram's buckets (its words, and the pairs they are part of): by the
// model of its fold on the renormalised features, and by naive Bayes on
// the first pass' per-class document frequencies (the row left out; the
// terms from per-class tables, 16 bytes per document frequency, only for
// rows where the model reads the row otherwise). It
// reads like another class without the gram when both name the same
// other class. Per gram
// and class it counts the rows, and those reading otherwise; per row and
// gram (16 bytes) the best other class and the model's margin for it.
//
// On many classes the concentration test alone admits each class's
// topical vocabulary ("someone who" for people, "genus" for plants), so
// Result holds each concentrated gram against the other concentrated
// grams of its class, the class's own word distribution: it must be
// at least as pure as they are together, and
// significantly more of its rows must read otherwise without it than
// theirs do without them (Bonferroni over the concentrated grams, at
// least TriggerMinOther of its rows). A topical word's rows still read
// like their class through their other words; a planted trigger's rows
// read like the classes they were taken from. Candidates rank by that
// test; a candidate sharing a word with a better one and TriggerOverlap
// of its rows is the same trigger; at most TriggerMaxCandidates are
// reported, and the concentrated grams left out are counted. The rows of
// a candidate's class carrying it are listed, those that read otherwise
// first.
//
// # Portable state
//
// Both passes can leave the process (analysis.Encode, EncodeSecond). The
// first pass' state (Counts.AppendState) holds its folds and seed, which
// a run with others refuses, the classes with their non-zero bucket
// counts, the fold table and the training sample; the second pass' state
// (Scorer.AppendState) holds the Model's Fingerprint, every row's
// position, id, class and scores, the candidate grams' counts and which
// rows carry them, each with how the row reads without it. It is
// decoded against the merged first pass (analysis.DecodeSecond), which
// builds the same Model in every process, and refused when the
// fingerprints differ. A decoded state costs memory in proportion to its
// bytes until it has been read whole.
package labels
