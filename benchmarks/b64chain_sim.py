#!/usr/bin/env python3
# b64chain_sim.py JSONL [BYTES]: session 29 (internal/evasions/recall20.go), session 30 (recall29.go).
# Simulates the kernel's base64 chain (8-byte blocks from each text's start, chainB64 = 10) on
# clean mail: as it is (base), with a space between 4-character groups stepped over (A: a space
# with another 5 bytes before or after it), with "\n> " stepped over too (B), with a tab or a space
# after a line feed stepped over (C: folded header lines, evplant13's b64_folded_x_header), and
# with B and C both (D). Session 30: the bytes a mode takes are marked with bytes.translate and
# regular expressions, and blocks are counted only inside runs of such bytes (the same counts as
# session 29's byte loop, 10x faster).
import json, re, sys
B64 = b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
CNT = re.compile(rb'[A-Za-z0-9]')
OKTAB = bytes(1 if (c in B64 or c == 10) else 0 for c in range(256))
MODES = ["base", "A spaces", "B spaces and quotes", "C tab or space after LF", "D B and C"]
def okbytes(t, mode):
    ok = bytearray(t.translate(OKTAB))
    n = len(t)
    if mode in (1, 2, 4):
        p = t.find(b' ')
        while p >= 0:
            if (p + 5 < n and t[p+5] == 32) or (p >= 5 and t[p-5] == 32):
                ok[p] = 1
            p = t.find(b' ', p + 1)
    if mode in (2, 4):
        for m in re.finditer(rb'\n>', t):
            ok[m.start() + 1] = 1
            if m.end() < n and t[m.end()] == 32:
                ok[m.end()] = 1
    if mode in (3, 4):
        for m in re.finditer(rb'\n[\t ]', t):
            ok[m.start() + 1] = 1
    return bytes(ok)
RUN = re.compile(rb'\x01{8,}')
def stops(t, mode):
    ok = okbytes(t, mode); ev = 0; okblocks = 0
    for m in RUN.finditer(ok):
        a = (m.start() + 7) // 8 * 8; b = m.end() // 8 * 8
        okblocks += max(0, (b - a) // 8)
        if b - a < 80:
            continue
        chain = 0
        for i in range(a, b, 8):
            if CNT.search(t, i, i + 8):
                chain += 1
                if chain >= 10:
                    ev += 1; chain = 0
    return ev, okblocks
lim = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 60
tot = [[0, 0] for _ in MODES]; rows = [0] * len(MODES); nbytes = 0; ex = [[] for _ in MODES]
with open(sys.argv[1], 'rb') as f:
    for l in f:
        t = json.loads(l).get('text') or ''
        b = t.encode('utf-8', 'surrogatepass')
        nbytes += len(b)
        e0 = None
        for m in range(len(MODES)):
            e, o = stops(b, m)
            tot[m][0] += e; tot[m][1] += o
            if e: rows[m] += 1
            if m == 0:
                e0 = e
            elif e > e0 and len(ex[m]) < 4:
                ex[m].append(b)
        if nbytes >= lim: break
print("bytes", nbytes)
for m, name in enumerate(MODES):
    print(name, "chain reaches 10:", tot[m][0], "rows", rows[m], "ok blocks", tot[m][1])
for m in (3, 4):
    for b in ex[m]:
        print(MODES[m][0], repr(b[:200]))
