#!/usr/bin/env python3
"""Scores `dataaudit contamination --findings F.jsonl` against mkcontam.py's truth.json.

  contam_score.py TRUTH.json FINDINGS.jsonl

Pair recall per planting form, pair precision, and the share of hard-negative
rows flagged (per kind). A finding names the training row (its id) then the
eval item (its id); the set is the item id's prefix.
"""
import collections, json, sys

truth = json.load(open(sys.argv[1]))
rows = collections.defaultdict(list)  # (kind, finding index) -> rows
found = set()
by_finding = collections.defaultdict(list)
for line in open(sys.argv[2]):
    r = json.loads(line)
    if r["kind"] != "contaminated_row":
        continue
    by_finding[r["finding"]].append(r["id"])
for ids in by_finding.values():
    found.add((ids[0], ids[1]))
planted = {(p["row"], p["item"]): p["form"] for p in truth["planted"]}
per_form = collections.Counter(planted.values())
hit_form = collections.Counter(f for k, f in planted.items() if k in found)
ok = True
print("%-14s %6s %6s %7s" % ("form", "pairs", "found", "recall"))
for form in ["verbatim", "embedded", "normalised", "wrapped", "question_only", "short"]:
    n, h = per_form[form], hit_form[form]
    print("%-14s %6d %6d %7.4f" % (form, n, h, h / n if n else 0))
tp = sum(1 for k in found if k in planted)
prec = tp / len(found) if found else 0
print("pairs flagged %d, planted among them %d: pair precision %.4f" % (len(found), tp, prec))
flagged_rows = {r for r, _ in found}
neg = collections.defaultdict(list)
for n in truth["negatives"]:
    neg[n["kind"]].append(n["row"] in flagged_rows)
allneg = [x for v in neg.values() for x in v]
print("hard negatives flagged: %d of %d (%.4f)" % (sum(allneg), len(allneg), sum(allneg) / len(allneg)))
for k, v in sorted(neg.items()):
    print("  %-12s %d of %d" % (k, sum(v), len(v)))
