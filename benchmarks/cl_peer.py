#!/usr/bin/python3
"""Run dataaudit's label checks and the reference cleanlab pipeline on the
same file, in the same run, and print precision/recall of each and the
time ratio.

usage: /usr/bin/python3 benchmarks/cl_peer.py DATA.jsonl TRUTH.json [DATAAUDIT_BINARY]

DATA and TRUTH come from benchmarks/mklabelfaults. The peer is the
reference pipeline: scikit-learn TfidfVectorizer + LogisticRegression,
cross_val_predict(cv=5, method="predict_proba"), then
cleanlab.filter.find_label_issues (filter_by="prune_by_noise_rate", ranked
by self_confidence) when cleanlab is importable, else the same algorithm
written below in numpy (the output says which ran). Needs Debian's
python3-sklearn (apt-get install -y python3-sklearn); use /usr/bin/python3.

Timing: wall clock and CPU (user+sys) of each side; dataaudit runs before
and after the peer, and the ratio uses the faster of its two runs.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labelfaults_score import load_truth, score_label_issues  # noqa: E402


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cpu_self():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_dataaudit(binary, data, out):
    c0, t0 = cpu_children(), time.time()
    subprocess.run([binary, "scan", "--quiet", data, "--label", "label", "--id", "id",
                    "--findings", out, "--json", out + ".report.json"],
                   check=True, stdout=subprocess.DEVNULL)
    wall, cpu = time.time() - t0, cpu_children() - c0
    ids = set()
    with open(out) as f:
        for line in f:
            r = json.loads(line)
            if r["kind"] == "label_error":
                ids.add(r["id"])
    return ids, wall, cpu


def round_preserving_row_totals(m):
    import numpy as np
    floors = np.floor(m)
    out = floors.astype(int)
    for i in range(m.shape[0]):
        need = int(round(m[i].sum())) - int(floors[i].sum())
        order = np.argsort(-(m[i] - floors[i]), kind="stable")
        for j in order[:max(need, 0)]:
            out[i, j] += 1
    return out


def find_label_issues_numpy(labels, pred_probs):
    """cleanlab 2.x find_label_issues defaults, for when cleanlab is absent:
    confident joint (per-class mean self-confidence thresholds, calibrated),
    prune_by_noise_rate by margin, rows predicted as labelled dropped,
    ranked by self-confidence."""
    import numpy as np
    n, K = pred_probs.shape
    counts = np.bincount(labels, minlength=K)
    thr = np.array([pred_probs[labels == k, k].mean() for k in range(K)])
    above = pred_probs >= thr - 1e-6
    masked = np.where(above, pred_probs, -1.0)
    guess = masked.argmax(axis=1)
    ok = above.any(axis=1)
    cj = np.zeros((K, K))
    np.add.at(cj, (labels[ok], guess[ok]), 1)
    np.fill_diagonal(cj, np.maximum(cj.diagonal(), 1))
    cj = (cj.T / np.clip(cj.sum(axis=1), 1, None) * counts).T
    cj = cj / cj.sum() * counts.sum()
    cj = round_preserving_row_totals(cj)
    mask = np.zeros(n, dtype=bool)
    for k in range(K):
        idx = np.where(labels == k)[0]
        if len(idx) <= 1:
            continue
        for j in range(K):
            num = cj[k, j]
            if j != k and num > 0:
                margin = pred_probs[idx, j] - pred_probs[idx, k]
                mask[idx[np.argsort(-margin, kind="stable")[:num]]] = True
    mask[pred_probs.argmax(axis=1) == labels] = False
    issues = np.where(mask)[0]
    return issues[np.argsort(pred_probs[issues, labels[issues]], kind="stable")]


def run_peer(data):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict
    c0, t0 = cpu_self(), time.time()
    ids, texts, labels = [], [], []
    with open(data) as f:
        for line in f:
            r = json.loads(line)
            ids.append(r["id"])
            texts.append(r["text"])
            labels.append(r["label"])
    classes = sorted(set(labels))
    y = np.array([classes.index(v) for v in labels])
    X = TfidfVectorizer().fit_transform(texts)
    probs = cross_val_predict(LogisticRegression(max_iter=1000), X, y, cv=5, method="predict_proba")
    try:
        from cleanlab.filter import find_label_issues
        issues = find_label_issues(y, probs, return_indices_ranked_by="self_confidence")
        which = "cleanlab.filter.find_label_issues"
    except ImportError:
        issues = find_label_issues_numpy(y, probs)
        which = "numpy re-implementation of cleanlab's find_label_issues defaults (cleanlab not installed)"
    wall, cpu = time.time() - t0, cpu_self() - c0
    return {ids[i] for i in issues}, wall, cpu, which


def main():
    data, truth_path = sys.argv[1], sys.argv[2]
    binary = sys.argv[3] if len(sys.argv) > 3 else "dataaudit"
    truth = load_truth(truth_path)
    tmp = tempfile.mkdtemp()
    out = os.path.join(tmp, "findings.jsonl")
    da1 = run_dataaudit(binary, data, out)
    peer_ids, pwall, pcpu, which = run_peer(data)
    da2 = run_dataaudit(binary, data, out)
    da = min(da1, da2, key=lambda r: r[1])
    print(f"file: {data} ({truth['rows']} rows)")
    print(f"dataaudit label_error: {json.dumps(score_label_issues(truth, da[0]))}")
    print(f"  wall {da1[1]:.2f}s / {da2[1]:.2f}s, cpu {da1[2]:.2f}s / {da2[2]:.2f}s (runs before / after the peer; whole scan)")
    print(f"peer ({which}): {json.dumps(score_label_issues(truth, peer_ids))}")
    print(f"  TF-IDF + LogisticRegression, cross_val_predict(cv=5): wall {pwall:.2f}s, cpu {pcpu:.2f}s")
    print(f"ratio peer/dataaudit: wall {pwall / da[1]:.1f}x, cpu {pcpu / da[2]:.1f}x")


if __name__ == "__main__":
    main()
