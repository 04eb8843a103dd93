#!/usr/bin/env python3
"""Write every SpamAssassin message (/work/bench-data/spam-assassin/package/data/<group>/*.txt,
whole, headers and all) as one JSONL row {"id": path, "text": ...}, its bytes read as Latin-1 so
that every byte is kept: the clean-and-spam mail the evasion rules are compared on (session 31,
internal/evasions/mimeparts.go: `dataaudit scan OUT --checks evasions --json -`, base against new).

usage: benchmarks/sa_messages.py OUT.jsonl
"""
import glob
import json
import os
import sys

SA = "/work/bench-data/spam-assassin/package/data"


def main():
    n = 0
    with open(sys.argv[1], "w") as o:
        for g in sorted(glob.glob(os.path.join(SA, "*/"))):
            for f in sorted(glob.glob(os.path.join(g, "*.txt"))):
                with open(f, "rb") as fh:
                    o.write(json.dumps({"id": os.path.relpath(f, SA), "text": fh.read().decode("latin-1")}) + "\n")
                n += 1
    print(n, "messages", file=sys.stderr)


if __name__ == "__main__":
    main()
