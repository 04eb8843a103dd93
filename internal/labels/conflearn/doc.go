// Package conflearn is confident learning (Northcutt et al., 2021) as
// cleanlab 2.9's find_label_issues does it with its defaults: the
// confident joint with per-class mean self-confidence thresholds,
// calibrated to the label counts and rounded as cleanlab rounds, at least
// one row kept per class, pruned by noise rate (for each given class i and
// other class j, the C[i][j] rows of class i with the largest margin
// p_j - p_i), rows whose given label is within 1e-6 of the most probable
// dropped, ranked by self-confidence.
//
// FindIssues takes out-of-fold probabilities (internal/labels computes
// them) and returns the rows with issues and the calibrated confident
// joint. The same probabilities give cleanlab's issues in cleanlab's order
// (TestCleanlabFixture, from benchmarks/cleanlab_issues.py, which writes
// testdata/cleanlab_issues.json), except where cleanlab leaves ties to
// numpy's unstable sort: here they go by position. It holds the n×C
// probabilities it is given and O(n) indices besides.
package conflearn
