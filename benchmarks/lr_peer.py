#!/usr/bin/python3
"""Compare the label checks' classifier with scikit-learn's
LogisticRegression on the same folds and features.

usage:
  go test ./internal/labels -run TestPeerDesign -peer-in DATA.jsonl -peer-out DIR
  /usr/bin/python3 benchmarks/lr_peer.py DIR

DIR/design.svm is the training sample's TF-IDF rows (L2-normalised, over
the hashed buckets the classifier fits; svmlight, qid = fold + 1) and
DIR/ours.json dataaudit's out-of-fold probabilities on those rows and the C
its inner validation chose. The peer fits LogisticRegression (lbfgs,
multinomial for more than two classes, max_iter=1000) on each fold's other
rows at that C and at scikit-learn's default C=1, and predicts the fold.
Prints out-of-fold accuracy and mean log loss of each, and the peer's fit
time. Needs Debian's python3-sklearn.
"""
import json
import sys
import time

import numpy as np
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import LogisticRegression


def scores(y, p):
    p = np.clip(p, 1e-15, 1)
    return float((p.argmax(axis=1) == y).mean()), float(-np.log(p[np.arange(len(y)), y]).mean())


def main():
    d = sys.argv[1]
    ours = json.load(open(f"{d}/ours.json"))
    X, y, qid = load_svmlight_file(f"{d}/design.svm", n_features=ours["features"], query_id=True,
                                   zero_based=False)
    y = y.astype(int)
    mine = np.array(ours["probs"])
    acc, ll = scores(y, mine)
    print(f"rows {len(y)}, classes {ours['classes']}, features {ours['features']}, folds {len(set(qid))}")
    print(f"dataaudit (C={ours['C']:g} by inner validation): accuracy {acc:.4f}, log loss {ll:.4f}")
    for c in sorted({ours["C"], 1.0}):
        t0 = time.process_time()
        p = np.zeros_like(mine)
        for f in sorted(set(qid)):
            tr, te = qid != f, qid == f
            m = LogisticRegression(C=c, max_iter=1000).fit(X[tr], y[tr])
            p[np.ix_(te, m.classes_)] = m.predict_proba(X[te])
        cpu = time.process_time() - t0
        acc, ll = scores(y, p)
        agree = float((p.argmax(axis=1) == mine.argmax(axis=1)).mean())
        print(f"scikit-learn LogisticRegression C={c:g}: accuracy {acc:.4f}, log loss {ll:.4f}; "
              f"same prediction as dataaudit on {agree:.4f} of rows; fit CPU {cpu:.1f}s")


if __name__ == "__main__":
    main()
