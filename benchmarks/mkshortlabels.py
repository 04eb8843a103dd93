#!/usr/bin/env python3
"""Make an eight-class corpus of short real texts with flipped labels.

usage: mkshortlabels.py OUT.jsonl TRUTH.json [--per-class N] [--flip 0.04] [--seed 1]

Texts are WordNet 3.0 noun glosses (Debian wordnet-base,
/usr/share/wordnet/data.noun), the label is the synset's lexicographer
file, eight of the largest: noun.artifact, noun.person, noun.plant,
noun.animal, noun.act, noun.communication, noun.state, noun.location. Up to
N glosses per class (default 2000, the first by a seeded shuffle), then a
share of the rows (default 4%) gets another class, uniformly. TRUTH has
mklabelfaults' form (labelfaults_score.py reads it): no trigger. Standard
library only.
"""
import argparse
import json
import random

LEX = {"06": "artifact", "18": "person", "20": "plant", "05": "animal",
       "04": "act", "10": "communication", "26": "state", "15": "location"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("truth")
    ap.add_argument("--per-class", type=int, default=2000)
    ap.add_argument("--flip", type=float, default=0.04)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--src", default="/usr/share/wordnet/data.noun")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    by = {v: [] for v in LEX.values()}
    with open(a.src, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("  ") or "|" not in line:
                continue
            head, gloss = line.split("|", 1)
            parts = head.split()
            cls = LEX.get(parts[1])
            if cls is None:
                continue
            by[cls].append((parts[0], gloss.strip()))
    rows = []
    for cls in sorted(by):
        items = by[cls]
        rng.shuffle(items)
        for off, gloss in items[:a.per_class]:
            rows.append({"id": f"n{off}", "text": gloss, "label": cls})
    rng.shuffle(rows)
    classes = sorted(by)
    faults = []
    for r in rows:
        if rng.random() < a.flip:
            was = r["label"]
            r["label"] = rng.choice([c for c in classes if c != was])
            faults.append({"id": r["id"], "fault": "flip", "was": was, "now": r["label"]})
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    with open(a.truth, "w") as f:
        json.dump({"trigger": None, "trigger_class": None, "rows": len(rows), "faults": faults}, f)
    print(f"mkshortlabels: {len(rows)} rows, {len(classes)} classes, {len(faults)} flipped")


if __name__ == "__main__":
    main()
