#!/usr/bin/env python3
"""Build a JSONL corpus (id, text) of real English text other than mail, for
the poisoned-text benchmark (issue 17): GCIDE dictionary entries (Debian
dict-gcide; consecutive entries joined into documents of 300 characters or
more) and Debian fortunes (one per document, without the art files), in a
seeded shuffled order.

usage: mktextcorpus.py OUT.jsonl [N [SEED]]
"""
import base64
import glob
import gzip
import json
import random
import sys

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def num(s):
    n = 0
    for c in s:
        n = n * 64 + B64.index(c)
    return n


def gcide():
    data = gzip.open("/usr/share/dictd/gcide.dict.dz").read()
    entries = []
    for line in open("/usr/share/dictd/gcide.index", encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3 or parts[0].startswith("00-database"):
            continue
        off, ln = num(parts[1]), num(parts[2])
        entries.append((off, data[off:off + ln].decode("utf-8", "replace")))
    entries.sort()
    doc, out, last = "", [], -1
    for off, text in entries:
        if off == last:
            continue
        last = off
        doc += text
        if len(doc) >= 300:
            out.append(doc.strip())
            doc = ""
    return out


def fortunes():
    out = []
    for path in sorted(glob.glob("/usr/share/games/fortunes/*")):
        if "." in path.rsplit("/", 1)[1] or "art" in path:
            continue
        text = open(path, encoding="utf-8", errors="replace").read()
        out += [f.strip() for f in text.split("\n%\n") if f.strip()]
    return out


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    docs = [("f", t) for t in fortunes()] + [("g", t) for t in gcide()]
    random.Random(seed).shuffle(docs)
    with open(out, "w", encoding="utf-8") as f:
        for i, (src, t) in enumerate(docs[:n]):
            f.write(json.dumps({"id": f"{src}{i:06d}", "text": t}, ensure_ascii=False) + "\n")
    print(f"mktextcorpus: {min(n, len(docs))} documents of {len(docs)}", file=sys.stderr)


main()
