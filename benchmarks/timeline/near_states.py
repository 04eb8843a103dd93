#!/usr/bin/env python3
"""near_states.py: where the near duplicates' finish goroutine spends its time.

Usage: go tool trace -d=parsed TRACE | python3 near_states.py

TRACE is timeline.sh trace's (a -tags tracedev build). Finds the goroutine
that runs dups.(*Near).result (the finish: the row sort, the input-order
copy, the replay of the band lists, the clusters and findings) and sums
its time Running, Runnable (ready, waiting for a P) and Waiting, with the
stack where each wait began: "chan receive ... bandLists.func2" is the
replay waiting for a band's list and guesses.
"""
import collections
import re
import sys

ev = re.compile(r'^M=(-?\d+) P=(-?\d+) G=(-?\d+) (\w+) Time=(\d+)(.*)$')
tr = re.compile(r'GoID=(\d+) (\w+)->(\w+) Reason="([^"]*)"')
events = []
cur = None
for line in sys.stdin:
    line = line.rstrip('\n')
    m = ev.match(line)
    if m:
        cur = {'G': int(m.group(3)), 'kind': m.group(4), 't': int(m.group(5)), 'rest': m.group(6), 'stack': []}
        events.append(cur)
        continue
    if cur is not None and line.startswith('\t') and not line.startswith('\t\t'):
        cur['stack'].append(line.strip().split(' @ ')[0])
near = next((e['G'] for e in events if e['G'] > 0 and any('Near).result' in f for f in e['stack'])), None)
if near is None or not events:
    sys.exit('no goroutine runs dups.(*Near).result in this trace')
t0 = events[0]['t']
trans = []
for e in events:
    if e['kind'] != 'StateTransition':
        continue
    m = tr.search(e['rest'])
    if m and int(m.group(1)) == near:
        trans.append((e['t'], m.group(3), m.group(4), e['stack'][:2]))
total = collections.Counter()
why = collections.Counter()
for (t, state, reason, stack), (t2, *_) in zip(trans, trans[1:]):
    d = (t2 - t) / 1e6
    total[state] += d
    if state != 'Running':
        why[f"{state} {reason} {' < '.join(stack)}"] += d
start, end = trans[0][0], trans[-1][0]
print(f"near finish goroutine G{near}: {(start - t0) / 1e6:.1f}-{(end - t0) / 1e6:.1f} ms ({(end - start) / 1e6:.1f} ms)")
for k, v in total.most_common():
    print(f"  {k:10s} {v:7.2f} ms")
for k, v in why.most_common(8):
    print(f"    {v:6.2f} {k}")
