#!/usr/bin/env python3
"""Near-duplicate pairs of a JSONL corpus with datasketch's MinHashLSH: the
peer of `dataaudit scan --near-dups` (issue 3).

datasketch is imported from PYTHONPATH; this repository does not ship it.
Settings are the issue's: 128 permutations, threshold 0.8, 5-word shingles.

Words: lowercased text split at anything that is not a letter or digit
(Python's [^\\W_]+, close to dataaudit's tokenizer), so re-cased and
re-punctuated words match as they do in dataaudit. A row of fewer than 5
words has no shingle and is skipped (dataaudit skips rows under 8 words).

MinHashes are built with MinHash.generator (a template MinHash copied per
row, then update_batch with all of the row's shingles: datasketch's fastest
documented CPU idiom). Each row is queried against the index of the rows
before it and then inserted (the usual one-pass dedup idiom), so every
candidate pair is found once. The estimated Jaccard similarity of each
candidate pair is written too, so the scorer can take the raw LSH
candidates or only those whose estimate reaches the threshold.

Output: JSONL {"a": earlier id, "b": later id, "j": estimated Jaccard}.
Stderr: rows read, rows indexed, pairs, and the time of each phase.
"""

import argparse
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"[^\W_]+")


class Rows:
    """Streams (id, shingle set) for every row of 5+ words; counts rows read."""

    def __init__(self, path, text_field, id_field, limit):
        self.path, self.text_field, self.id_field, self.limit = path, text_field, id_field, limit
        self.read = self.indexed = 0
        self.ids = []  # the id of each shingle set yielded, in order

    def __iter__(self):
        with open(self.path, "rb") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                if self.limit and self.indexed >= self.limit:
                    return
                self.read += 1
                try:
                    rec = json.loads(line.decode("utf-8", errors="replace"))
                except ValueError as e:
                    print(f"{self.path}:{lineno}: skipped: {e}", file=sys.stderr)
                    continue
                text = rec.get(self.text_field)
                if not isinstance(text, str):
                    continue
                words = WORD.findall(text.lower())
                if len(words) < 5:
                    continue
                self.indexed += 1
                self.ids.append(str(rec.get(self.id_field, f"{self.path}:{lineno}")))
                yield {" ".join(words[i : i + 5]).encode("utf-8") for i in range(len(words) - 4)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--out", required=True, help="pairs JSONL")
    ap.add_argument("--text", default="text")
    ap.add_argument("--id", default="id")
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--limit", type=int, default=0, help="stop after N rows of 5+ words (0: all)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm)
    t1 = time.perf_counter()
    rows = Rows(args.file, args.text, args.id, args.limit)
    pairs = 0
    minhashes = {}
    with open(args.out, "w") as out:
        # Rows are read, shingled and hashed one at a time (the generator),
        # so memory holds the index and the MinHashes, not the text.
        for i, m in enumerate(MinHash.generator(rows, num_perm=args.num_perm)):
            key = rows.ids[i]
            for other in lsh.query(m):
                out.write(json.dumps({"a": other, "b": key, "j": m.jaccard(minhashes[other])}) + "\n")
                pairs += 1
            lsh.insert(key, m)
            minhashes[key] = m
    t2 = time.perf_counter()
    print(
        f"datasketch: {rows.read} rows read, {rows.indexed} indexed (5+ words), LSH b={lsh.b} r={lsh.r}, "
        f"{pairs} candidate pairs; LSH init {t1 - t0:.2f}s, read+shingle+minhash+query+insert {t2 - t1:.2f}s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
