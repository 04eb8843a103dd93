// Package logreg is the classifier of the label checks (internal/labels):
// an L2-regularised logistic regression (multinomial for three classes or
// more, one logistic model for two) over TF-IDF weighted, L2-normalised
// hashed features, one model per fold, the same objective as
// scikit-learn's LogisticRegression (mean log loss + λ/2·‖w‖²,
// λ = 1/(C·n)). More than two classes are fitted by L-BFGS
// (gonum/optimize) until the largest gradient entry is below 1e-4 or for
// 100 iterations (scikit-learn's tol and max_iter); two classes by dual
// coordinate descent (liblinear's solver for the dual of L2 logistic
// regression, dual.go; the bias penalised as a feature of value 1) until
// its own tolerance and the same 1e-4 on the primal's gradient, rows idle
// at their last visit, or whose gradient was under a tenth of the last
// pass's largest, skipping a pass or two (shrinking; only a pass over
// every row stops the fit).
//
// Train takes the sample rows (Row: hash, features, class, fold) and the
// per-bucket idf, and returns a Model: per fold, C weight vectors over the
// buckets and C biases, read by the caller's scorer with
// Model.RowVector. It uses the first rows in hash order (a uniform
// sample) up to 4 Mi feature entries, so that the cost of an evaluation is
// bounded; features seen in one of those rows only are not fitted. C is
// chosen by an inner validation among 4, 16, 64: fold 0's model is fitted
// at 16 from zero, then at the weaker (else the stronger) neighbours
// warm-started, while its log loss on fold 0's rows improves; the other
// folds are fitted at the chosen C: with L-BFGS from zero, one after
// another; in the dual side by side, from fold 0's dual point on the rows
// they share (a fold's held-out rows have no variable in its fit: the
// start only shortens it).
//
// An evaluation of the objective runs over fixed chunks of rows (scores)
// and of features (gradient, from the design's transpose), on every core,
// its sums added in a fixed order: the same bits on every run, for any
// GOMAXPROCS (the dual fits are one goroutine each, their visiting order
// drawn from a fixed seed). The fit holds the design by row (8 bytes per
// entry, 32 MiB at most), for more than two classes by column as well,
// and, for the one fold being fitted,
// about 2·10+6 float64 vectors of (fitted features + 1)·C' entries
// (C' = 1 for two classes, else C) for L-BFGS's memory; a dual fit holds
// 2 vectors of the fitted features, 5 of the training rows (float64) and
// 2 bytes a training row, four at once.
package logreg
