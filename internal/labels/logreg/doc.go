// Package logreg is the classifier of the label checks (internal/labels):
// an L2-regularised logistic regression (multinomial for three classes or
// more, one logistic model for two) over TF-IDF weighted, L2-normalised
// hashed features, one model per fold, fitted by L-BFGS (gonum/optimize)
// until the largest gradient entry is below 1e-4 or for 100 iterations
// (scikit-learn's tol and max_iter), the same objective as scikit-learn's
// LogisticRegression (mean log loss + λ/2·‖w‖², λ = 1/(C·n)).
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
// folds are fitted at the chosen C from zero, one after another.
//
// An evaluation of the objective runs over fixed chunks of rows (scores)
// and of features (gradient, from the design's transpose), on every core,
// its sums added in a fixed order: the same bits on every run, for any
// GOMAXPROCS. The fit holds the design twice (by row and by column: 16
// bytes per entry, 64 MiB at most) and, for the one fold being fitted,
// about 2·10+6 float64 vectors of (fitted features + 1)·C' entries
// (C' = 1 for two classes, else C) for L-BFGS's memory.
package logreg
