#!/usr/bin/env python3
"""Score dataaudit's poisoned-text check (scan --poison) against mkpoison's
ground truth (issue 17).

usage: poison_score.py TRUTH.jsonl FINDINGS.jsonl

FINDINGS is scan's --findings output (run with --id id). Prints the rank of
the planted trigger among the trigger candidates (by score), the document
recall and the false-positive documents (triggered_row findings of subkind
pretraining), and the pass/fail of issue 17's floors for the variant given
with --variant (tokvocab, dict: rank 1, recall >= 0.95, FP <= 10; salad:
recall >= 0.8, FP <= 0.5% of the documents; none: <= 10 flagged).
"""
import json
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--"))
    truth_path, findings_path = args
    truth = [json.loads(l) for l in open(truth_path)]
    poison = {t["id"] for t in truth if t.get("id")}
    trigger = truth[0]["trigger"] if truth else ""
    cands, flagged = {}, set()
    docs = int(opts.get("docs", "100000"))
    for line in open(findings_path):
        f = json.loads(line)
        if f.get("subkind") != "pretraining":
            continue
        if f["kind"] == "trigger_candidate":
            ev = f["evidence"]
            q = json.loads(ev[: ev.index('" in ') + 1])  # evidence begins with the quoted trigger
            cands[q] = f.get("score", 0)
        elif f["kind"] == "triggered_row":
            flagged.add(f["id"])
    ranked = sorted(cands, key=lambda k: (-cands[k], k))
    rank = ranked.index(trigger) + 1 if trigger in ranked else None
    tp = len(flagged & poison)
    fp = len(flagged - poison)
    recall = tp / len(poison) if poison else None
    v = opts.get("variant", "")
    print(f"variant={v} trigger={trigger!r} candidates={len(ranked)} top={ranked[:3]} rank={rank}"
          f" recall={recall if recall is None else round(recall, 4)} flagged={len(flagged)} fp={fp}")
    if v in ("tokvocab", "dict"):
        ok = rank == 1 and recall >= 0.95 and fp <= 10
    elif v == "salad":
        ok = recall >= 0.8 and fp <= 0.005 * docs
    elif v == "none":
        ok = len(flagged) <= 10
    else:
        return
    print("PASS" if ok else "FAIL")


main()
