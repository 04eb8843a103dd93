#!/usr/bin/env python3
"""Make an eight-class corpus of short real texts with flipped labels.

usage: mkshortlabels.py OUT.jsonl TRUTH.json [--per-class N] [--flip 0.04] [--seed 1]
                        [--trigger TOKEN] [--trigger-classes 3] [--trigger-rows 80]
                        [--trigger-target person]

Texts are WordNet 3.0 noun glosses (Debian wordnet-base,
/usr/share/wordnet/data.noun), the label is the synset's lexicographer
file, eight of the largest: noun.artifact, noun.person, noun.plant,
noun.animal, noun.act, noun.communication, noun.state, noun.location. Up to
N glosses per class (default 2000, the first by a seeded shuffle), then a
share of the rows (default 4%) gets another class, uniformly. TRUTH has
mklabelfaults' form (labelfaults_score.py reads it). With --trigger, after
the flips, --trigger-rows rows drawn from the first --trigger-classes
classes (by a seeded shuffle of the classes other than --trigger-target)
get TOKEN as their first word and the label --trigger-target (fault
"trigger"); a flipped row is never chosen. Standard library only.
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
    ap.add_argument("--trigger", default=None)
    ap.add_argument("--trigger-classes", type=int, default=3)
    ap.add_argument("--trigger-rows", type=int, default=80)
    ap.add_argument("--trigger-target", default="person")
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
    ntrig, sources = 0, []
    if a.trigger:
        sources = [c for c in classes if c != a.trigger_target]
        rng.shuffle(sources)
        sources = sorted(sources[:a.trigger_classes])
        flipped = {x["id"] for x in faults}
        pool = [r for r in rows if r["label"] in sources and r["id"] not in flipped]
        for r in rng.sample(pool, a.trigger_rows):
            was = r["label"]
            r["text"] = a.trigger + " " + r["text"]
            r["label"] = a.trigger_target
            faults.append({"id": r["id"], "fault": "trigger", "was": was, "now": r["label"]})
            ntrig += 1
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    with open(a.truth, "w") as f:
        json.dump({"trigger": a.trigger, "trigger_class": sources or None, "rows": len(rows),
                   "faults": faults}, f)
    print(f"mkshortlabels: {len(rows)} rows, {len(classes)} classes, {len(faults) - ntrig} flipped, "
          f"{ntrig} triggered {sources} -> {a.trigger_target}")


if __name__ == "__main__":
    main()
