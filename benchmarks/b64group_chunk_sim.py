#!/usr/bin/env python3
# b64group_chunk_sim.py JSONL [TRUTH VARIANT...]: session 29 (b64ch; internal/evasions/recall20.go).
# Simulates a kernel stop of its own (like chunkURL) for grouped and quoted base64, instead of
# stepping the base64 chain over spaces and "\n> " in five places: a 64-byte chunk (from the text's
# start) whose bytes are all letters, digits, + / space, line feed and >, and
#   grouped: no >, and the spaces and line feeds W fall every 5 bytes exactly (W == P5 << tz(W),
#            tz(W) < 5, P5 = bits 0, 5, ..., 60: groups of four characters), or
#   quoted:  at most two line feeds N, the > exactly after them and the spaces exactly after those,
#            past the chunk's first two bytes (G &^ 1 == N << 1, S &^ 3 == N << 2): so also a chunk of
#            base64 alone (the kernel stops at one of letters and digits alone as chunkURL first).
# Session 30 (b64g): of those, only a chunk holding a digit, + or / is tested further (the kernel's
# out-of-line test asks it first). Prints the chunks that pass the class test (the kernel's out-of-line
# branch), those with a digit, + or / (its further work), the stops, and the rows
# with a stop; with TRUTH (an evplant truth.json) and variants, the planted rows of those variants
# with a stop.
import json, sys
M = (1 << 64) - 1
P5 = sum(1 << k for k in range(0, 64, 5))
P9 = sum(1 << k for k in range(0, 64, 9))
URLB = set(b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')
ALLOWED = b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ \n>'
DIGITS = b'0123456789+/' # session 30: the kernel looks further only at a chunk holding one
def mask(ch, c):
    m = 0
    i = ch.find(c)
    while i >= 0:
        m |= 1 << i
        i = ch.find(c, i + 1)
    return m
def stop(ch):
    # as the kernel's grpchunk (chunks_amd64.s): quoted first, then grouped
    s, n, g = mask(ch, 32), mask(ch, 10), mask(ch, 62)
    if g & ~1 == (n << 1) & M and s & ~3 == (n << 2) & M and bin(n).count('1') <= 2:
        return True
    if g != 0:
        return False
    w = s | n
    if w == 0:
        return False
    ph = (w & -w).bit_length() - 1
    return ph < 5 and w == (P5 << ph) & M or ph < 9 and w == (P9 << ph) & M # groups of four or eight (session 30)
def text_stops(b):
    cls = dig = st = 0
    for i in range(0, len(b) - 63, 64):
        ch = b[i:i+64]
        if ch.translate(None, ALLOWED) or all(c in URLB for c in ch):
            continue
        cls += 1
        if len(ch.translate(None, DIGITS)) == 64:
            continue
        dig += 1
        if stop(ch):
            st += 1
    return cls, dig, st
want = {}
if len(sys.argv) > 2:
    tr = json.load(open(sys.argv[2]))['planted']
    want = {i: v['variant'] for i, v in tr.items() if v['variant'] in sys.argv[3:]}
chunks = cls = digs = stops = rows = 0; hit = {}; ex = []
with open(sys.argv[1], 'rb') as f:
    for l in f:
        r = json.loads(l.decode('utf-8', 'surrogateescape'))
        t = r.get('text') or ''
        try:
            b = t.encode('utf-8', 'surrogateescape')
        except UnicodeEncodeError:
            b = t.encode('utf-8', 'surrogatepass')
        chunks += len(b) // 64
        c, d, s = text_stops(b)
        cls += c; digs += d; stops += s
        if s:
            rows += 1
            if r.get('id') not in want and len(ex) < 10:
                ex.append(b)
        if r.get('id') in want:
            v = hit.setdefault(want[r['id']], [0, 0]); v[1] += 1
            if s:
                v[0] += 1
print("chunks", chunks, "class test passes", cls, "with a digit, + or /", digs, "stops", stops, "rows with a stop", rows)
for k, v in sorted(hit.items()):
    print(k, "%d/%d" % tuple(v))
for b in ex:
    i = 0
    for j in range(0, len(b) - 63, 64):
        if not b[j:j+64].translate(None, ALLOWED) and stop(b[j:j+64]):
            i = j; break
    print(repr(b[max(0, i-40):i+104]))
