#!/usr/bin/env python3
"""Score label-check findings against mklabelfaults' ground truth.

usage: labelfaults_score.py TRUTH.json FINDINGS.jsonl

FINDINGS is dataaudit's --findings export (one JSON object per named row).
Standard library only; cl_peer.py imports score_label_issues from here.

How rows count for label issues: the flipped rows are the positives. The
trigger rows and the conflicting copies carry a wrong label too, but they
are found by their own checks (trigger_candidate/triggered_row and
label_conflict), so a label_error on one of them is neither a true nor a
false positive: they are left out of precision and recall, and counted
apart ("also flagged").
"""
import json
import re
import sys


def load_truth(path):
    with open(path) as f:
        return json.load(f)


def score_label_issues(truth, flagged_ids):
    """Precision and recall of a set of flagged row ids against the flips."""
    flips = {x["id"] for x in (truth["faults"] or []) if x["fault"] == "flip"}
    neutral = {x["id"] for x in (truth["faults"] or []) if x["fault"] != "flip"}
    flagged = set(flagged_ids)
    tp = len(flagged & flips)
    counted = len(flagged - neutral)
    p = tp / counted if counted else 0.0
    r = tp / len(flips) if flips else 0.0
    return {"flagged": len(flagged), "true_positives": tp, "false_positives": counted - tp,
            "also_flagged_trigger_or_copy": len(flagged & neutral), "flips": len(flips),
            "precision": round(p, 4), "recall": round(r, 4)}


def main():
    truth = load_truth(sys.argv[1])
    by_kind = {}
    findings = {}  # finding index -> (kind, evidence, [ids])
    with open(sys.argv[2]) as f:
        for line in f:
            r = json.loads(line)
            by_kind.setdefault(r["kind"], set()).add(r["id"])
            fi = findings.setdefault(r["finding"], [r["kind"], r["evidence"], []])
            fi[2].append(r["id"])
    out = {"label_error": score_label_issues(truth, by_kind.get("label_error", set()))}
    copies = [x["id"] for x in (truth["faults"] or []) if x["fault"] == "conflict_copy"]
    conflict = by_kind.get("label_conflict", set())
    out["conflict_copies_found"] = f"{sum(c in conflict for c in copies)}/{len(copies)}"
    cands = [fi for _, fi in sorted(findings.items()) if fi[0] == "trigger_candidate"]
    grams = [re.match(r'"(.*?)" is in', e).group(1) for _, e, _ in cands]
    phrase = truth["trigger"]
    out["trigger_candidates"] = len(grams)
    out["trigger_candidates_top5"] = grams[:5]
    out["trigger_rank"] = grams.index(phrase) + 1 if phrase in grams else None
    poisoned = [x["id"] for x in (truth["faults"] or []) if x["fault"] == "trigger"]
    listed = by_kind.get("triggered_row", set())
    out["poisoned_rows_listed"] = f"{sum(p in listed for p in poisoned)}/{len(poisoned)}"
    out["poisoned_share_listed"] = round(sum(p in listed for p in poisoned) / max(len(poisoned), 1), 4)
    # The triggered rows as a detector of the poisoned rows: recall is the
    # share above; precision the share of listed rows that are poisoned.
    out["triggered_rows_listed"] = len(listed)
    out["poisoned_row_precision"] = round(sum(r in set(poisoned) for r in listed) / len(listed), 4) if listed else None
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
