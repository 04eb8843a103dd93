#!/usr/bin/env python3
"""Expected label issues from cleanlab's find_label_issues, for internal/labels.

Writes internal/labels/conflearn/testdata/cleanlab_issues.json: probability matrices
(hand-made cases and seeded random ones with planted flips), the labels,
and what cleanlab 2.9's find_label_issues returns for them with its
defaults (filter_by='prune_by_noise_rate', frac_noise 1,
num_to_remove_per_class None, min_examples_per_class 1, multi_label False)
ranked by self_confidence; also its calibrated confident joint
(compute_confident_joint) and a few round_preserving_sum cases.
TestCleanlabFixture feeds the same matrices to confidentLearning and wants
the same issues in the same order.

Probabilities are stored as integers over DEN = 2**20 so that Go and Python
read the same float64 values (k / 2**20 is exact) and every row sums to
exactly 1. The random cases are redrawn until no two rows of a class tie on
a margin or a self-confidence: numpy's argsort is not stable, so a tie at a
cut would make cleanlab's choice arbitrary.

Needs numpy and scikit-learn (Debian: python3-numpy python3-sklearn
python3-scipy python3-pandas python3-termcolor python3-tqdm) and cleanlab's
pure-Python source on PYTHONPATH, not installed from PyPI:

    git -C CLEANLAB_CLONE archive v2.9.0 cleanlab | tar -x -C /tmp/cl
    PYTHONPATH=/tmp/cl /usr/bin/python3 benchmarks/cleanlab_issues.py \
        > internal/labels/conflearn/testdata/cleanlab_issues.json

(cleanlab v2.9.0 is commit 750625747de1b26d8530954f51f0530bd0b51d3c.)
"""

import json
import sys

import numpy as np

import cleanlab
from cleanlab.count import compute_confident_joint
from cleanlab.filter import find_label_issues
from cleanlab.internal.util import round_preserving_sum

DEN = 2**20


def quantise(p):
    """Rows of p as integers over DEN summing to exactly DEN."""
    q = np.floor(np.asarray(p, dtype=float) * DEN).astype(np.int64)
    q = np.maximum(q, 0)
    for i in range(len(q)):
        q[i, np.argmax(q[i])] += DEN - q[i].sum()
    return q


def ties(q, labels):
    """Whether two rows of a class tie on a margin or a self-confidence."""
    p = q / DEN
    K = p.shape[1]
    for k in range(K):
        pk = p[labels == k]
        if len(np.unique(pk[:, k])) != len(pk):
            return True
        for j in range(K):
            if j != k and len(np.unique(pk[:, j] - pk[:, k])) != len(pk):
                return True
    return False


def random_case(name, n, K, flip, seed, weights=None):
    rng = np.random.default_rng(seed)
    while True:
        true = rng.choice(K, size=n, p=weights)
        logits = rng.normal(0, 1.0, size=(n, K))
        logits[np.arange(n), true] += 2.5
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        labels = true.copy()
        flipped = rng.random(n) < flip
        labels[flipped] = (true[flipped] + rng.integers(1, K, size=flipped.sum())) % K
        q = quantise(p)
        if not ties(q, labels):
            return {"name": name, "classes": K, "labels": labels.tolist(), "probs": q.tolist()}


def hand_cases():
    cases = []

    def add(name, K, rows):
        labels = np.array([r[0] for r in rows])
        q = quantise(np.array([r[1] for r in rows]))
        cases.append({"name": name, "classes": K, "labels": labels.tolist(), "probs": q.tolist()})

    # Two classes, one clear flip each way.
    add("two-class flips", 2, [
        (0, [0.9, 0.1]), (0, [0.8, 0.2]), (0, [0.7, 0.3]), (0, [0.15, 0.85]),
        (1, [0.2, 0.8]), (1, [0.1, 0.9]), (1, [0.35, 0.65]), (1, [0.95, 0.05]),
        (0, [0.6, 0.4]), (1, [0.45, 0.55]),
    ])
    # Three classes; class 2 is never given: its threshold is cleanlab's
    # BIG_VALUE, so no row counts for it in the confident joint.
    add("missing class", 3, [
        (0, [0.7, 0.1, 0.2]), (0, [0.6, 0.1, 0.3]), (0, [0.1, 0.2, 0.7]),
        (1, [0.1, 0.8, 0.1]), (1, [0.2, 0.5, 0.3]), (1, [0.1, 0.2, 0.7]),
        (0, [0.2, 0.7, 0.1]), (1, [0.75, 0.2, 0.05]),
    ])
    # A class with one row (min_examples_per_class) that reads as another.
    add("singleton class", 3, [
        (0, [0.8, 0.1, 0.1]), (0, [0.7, 0.2, 0.1]), (0, [0.3, 0.6, 0.1]),
        (1, [0.1, 0.8, 0.1]), (1, [0.2, 0.7, 0.1]), (1, [0.6, 0.3, 0.1]),
        (2, [0.1, 0.85, 0.05]),
    ])
    # Rows above two classes' thresholds whose most probable class is below
    # its own: cleanlab counts them for the overall argmax.
    add("several confident", 3, [
        (0, [0.33, 0.30, 0.37]), (0, [0.25, 0.15, 0.60]), (0, [0.45, 0.30, 0.25]), (0, [0.20, 0.10, 0.70]),
        (1, [0.10, 0.20, 0.70]), (1, [0.20, 0.45, 0.35]), (1, [0.50, 0.22, 0.28]),
        (2, [0.05, 0.05, 0.90]), (2, [0.10, 0.05, 0.85]), (2, [0.02, 0.03, 0.95]),
    ])
    # A flagged row whose given label is within 1e-6 of the most probable:
    # cleanlab's _reduce_issues keeps it out.
    add("near tie", 2, [
        (0, [0.9, 0.1]), (0, [0.8, 0.2]), (0, [0.4999996, 0.5000004]), (0, [0.3, 0.7]),
        (1, [0.1, 0.9]), (1, [0.2, 0.8]), (1, [0.3, 0.7]),
    ])
    return cases


def main():
    cases = hand_cases() + [
        random_case("random 500x2", 500, 2, 0.10, 1),
        random_case("random 500x8", 500, 8, 0.10, 2),
        random_case("random 400x4 imbalanced", 400, 4, 0.08, 3, weights=[0.55, 0.25, 0.15, 0.05]),
    ]
    for c in cases:
        labels = np.array(c["labels"])
        p = np.array(c["probs"], dtype=np.int64) / DEN
        issues = find_label_issues(labels, p, return_indices_ranked_by="self_confidence", n_jobs=1)
        c["issues"] = [int(i) for i in issues]
        c["confident_joint"] = compute_confident_joint(labels, p).tolist()
    rounding = []
    for v in ([0.6, 0.6, 0.8], [2.5, 0.5, 1.0], [1.4, 1.4, 1.2], [0.5, 0.5], [3.49, 0.26, 0.25], [2.6, 1.4, 1.0], [0.5, 0.5, 3.0]):
        rounding.append({"in": v, "out": [int(x) for x in round_preserving_sum(v)]})
    json.dump({"cleanlab": cleanlab.__version__, "den": DEN, "cases": cases, "round_preserving_sum": rounding},
              sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
