#!/usr/bin/env python3
"""The GPT-3 / lm-evaluation-harness style baseline for contam_bench.sh:
lowercase, punctuation dropped, 13-grams of each eval item (question and
rest joined); a training row and an item are a pair when they share any
13-gram. Writes pairs as --findings-like JSONL for contam_score.py.

  contam_ngram13.py TRAIN.jsonl OUT.jsonl EVAL.jsonl...
"""
import json, re, sys, collections

def toks(s):
    return re.sub(r"[^\w\s]", "", s.lower()).split()

index = collections.defaultdict(set)
for path in sys.argv[3:]:
    for line in open(path):
        r = json.loads(line)
        t = toks(r["question"] + "\n" + r["rest"])
        for i in range(max(0, len(t) - 12)):
            index[" ".join(t[i:i + 13])].add(r["id"])
n = 0
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        t = toks(r["text"])
        items = set()
        for i in range(max(0, len(t) - 12)):
            items |= index.get(" ".join(t[i:i + 13]), set())
        for it in sorted(items):
            for rid in (r["id"], it):
                out.write(json.dumps({"finding": n, "kind": "contaminated_row", "id": rid}) + "\n")
            n += 1
