#!/usr/bin/env python3
# b64chain_sim.py JSONL [BYTES]: session 29 (internal/evasions/recall20.go).
# Simulates the kernel's base64 chain (8-byte blocks from each text's start, chainB64 = 10) on
# clean mail: as it is (base), with a space between 4-character groups stepped over (A: a space
# with another 5 bytes before or after it), and with "\n> " stepped over too (B).
import json, sys
B64 = set(b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
CNT = set(b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')
def okbytes(t, mode):
    n = len(t); ok = bytearray(n)
    for p, c in enumerate(t):
        if c in B64 or c == 10:
            ok[p] = 1
        elif mode >= 1 and c == 32 and ((p + 5 < n and t[p+5] == 32) or (p >= 5 and t[p-5] == 32)):
            ok[p] = 1
        elif mode >= 2 and c == 62 and p >= 1 and t[p-1] == 10:
            ok[p] = 1
        elif mode >= 2 and c == 32 and p >= 2 and t[p-1] == 62 and t[p-2] == 10:
            ok[p] = 1
    return ok
def stops(t, mode):
    ok = okbytes(t, mode); chain = 0; ev = 0; okblocks = 0
    for i in range(0, len(t) - 7, 8):
        blk = t[i:i+8]
        if all(ok[i:i+8]):
            okblocks += 1
            if any(c in CNT for c in blk):
                chain += 1
                if chain >= 10:
                    ev += 1; chain = 0
        else:
            chain = 0
    return ev, okblocks
lim = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 60
tot = [[0, 0] for _ in range(3)]; rows = [0, 0, 0]; nbytes = 0; ex = []
with open(sys.argv[1]) as f:
    for l in f:
        t = json.loads(l).get('text') or ''
        b = t.encode()
        nbytes += len(b)
        for m in range(3):
            e, o = stops(b, m)
            tot[m][0] += e; tot[m][1] += o
            if e: rows[m] += 1
            if m == 2 and e and len(ex) < 8:
                e0, _ = stops(b, 0)
                if e > e0: ex.append(b)
        if nbytes >= lim: break
print("bytes", nbytes)
for m, name in enumerate(["base", "A spaces", "B spaces and quotes"]):
    print(name, "chain reaches 10:", tot[m][0], "rows", rows[m], "ok blocks", tot[m][1])
for b in ex[:8]:
    print(repr(b[:200]))
